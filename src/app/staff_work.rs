//! The runner's work for the Staff pane: read every active person's month
//! (worked out by the domain) and clock a person in or out by PIN. A wrong
//! PIN records nothing and answers after a pause, so guessing one is slow.

use chrono::{Datelike, Utc};
use chrono_tz::Tz;

use super::action::{Action, AttendanceView, PersonMonth};
use crate::store::Store;

/// How long a wrong PIN waits before it is answered.
const WRONG_PIN_PAUSE: std::time::Duration = std::time::Duration::from_millis(700);

/// Reads every active person's month (`None`: this month).
pub fn load(store: &Store, tz: Tz, month: Option<(i32, u32)>) -> Action {
    let today = Utc::now().with_timezone(&tz).date_naive();
    let (year, month) = month.unwrap_or((today.year(), today.month()));
    let read = || -> anyhow::Result<AttendanceView> {
        let mut people = Vec::new();
        for row in store.staff_rows()?.into_iter().filter(|r| r.active) {
            let m = crate::staff::month_of(store, &row, year, month, tz)?;
            people.push(PersonMonth {
                name: row.staff.name.clone(),
                role: row.staff.role.clone(),
                month: m,
            });
        }
        Ok(AttendanceView {
            year,
            month,
            today,
            people,
        })
    };
    match read() {
        Ok(v) => Action::AttendanceLoaded(Box::new(v)),
        Err(e) => Action::EffectFailed(format!("Attendance could not be read: {e}")),
    }
}

/// Clocks the person with `pin` in or out, now.
pub fn clock(store: &mut Store, tz: Tz, pin: &str, read_only: bool) -> Action {
    if read_only {
        return Action::Clocked(Err(
            "galla was started read-only (--read-only): clock in at a counter".into(),
        ));
    }
    let result = (|| -> anyhow::Result<String> {
        let Some(row) = crate::staff::by_pin(store, pin)? else {
            std::thread::sleep(WRONG_PIN_PAUSE);
            anyhow::bail!("no one has that PIN — nothing was recorded");
        };
        crate::staff::clock(store, &row, None, Utc::now(), tz)
    })();
    Action::Clocked(result.map_err(|e| e.to_string()))
}
