//! The runner's work for the Staff pane: read everyone's month (worked out
//! by the domain), clock a person in or out by PIN, add or change a person,
//! set a status, mark a day, and print the month sheet. A wrong PIN records
//! nothing and answers after a pause, so guessing one is slow. Every check
//! is `crate::staff`'s, the same as the CLI's.

use anyhow::{Result, bail};
use chrono::{Datelike, NaiveDate, Utc};
use chrono_tz::Tz;

use super::action::{Action, AttendanceView, PersonMonth, StaffWrite};
use super::till::TillSetup;
use crate::store::{StaffRow, Store};

/// How long a wrong PIN waits before it is answered.
const WRONG_PIN_PAUSE: std::time::Duration = std::time::Duration::from_millis(700);

const READ_ONLY: &str = "galla was started read-only (--read-only): do this at a counter";

/// Reads everyone's month (`None`: this month); the inactive too, for the
/// staff list.
pub fn load(store: &Store, tz: Tz, month: Option<(i32, u32)>) -> Action {
    let today = Utc::now().with_timezone(&tz).date_naive();
    let (year, month) = month.unwrap_or((today.year(), today.month()));
    let read = || -> Result<AttendanceView> {
        let mut people = Vec::new();
        for row in store.staff_rows()? {
            let m = crate::staff::month_of(store, &row, year, month, tz)?;
            people.push(PersonMonth { row, month: m });
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
    let result = (|| -> Result<String> {
        let Some(row) = crate::staff::by_pin(store, pin)? else {
            std::thread::sleep(WRONG_PIN_PAUSE);
            bail!("no one has that PIN — nothing was recorded");
        };
        crate::staff::clock(store, &row, None, Utc::now(), tz)
    })();
    Action::Clocked(result.map_err(|e| e.to_string()))
}

fn person(store: &Store, id: galla_domain::StaffId) -> Result<StaffRow> {
    store
        .staff_rows()?
        .into_iter()
        .find(|r| r.staff.staff_id == id)
        .ok_or_else(|| anyhow::anyhow!("that person is not on the staff list any more"))
}

/// A day as typed: `2026-11-14`, `14/11/2026`, or a day of this month (`14`).
pub fn parse_day(raw: &str, today: NaiveDate) -> Result<NaiveDate> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Ok(today);
    }
    if let Ok(d) = raw.parse::<u32>() {
        return today
            .with_day(d)
            .ok_or_else(|| anyhow::anyhow!("this month has no day {d}"));
    }
    NaiveDate::parse_from_str(raw, "%Y-%m-%d")
        .or_else(|_| NaiveDate::parse_from_str(raw, "%d/%m/%Y"))
        .map_err(|_| anyhow::anyhow!("\"{raw}\": write the day as 2026-11-14, 14/11/2026 or 14"))
}

/// Adds or changes a person, a status or a day's mark.
pub fn write(store: &mut Store, tz: Tz, write: StaffWrite, read_only: bool) -> Action {
    if read_only {
        return Action::StaffWritten(Err(READ_ONLY.into()));
    }
    let result = (|| -> Result<String> {
        Ok(match write {
            StaffWrite::Add(form) => {
                let s = crate::staff::add(store, &form)?;
                let pin = if s.pin_hash.is_some() {
                    " — they clock in with their PIN"
                } else {
                    " (no PIN yet: change them to give one)"
                };
                format!("added {}{pin}", s.name)
            }
            StaffWrite::Edit { staff, form } => {
                let row = person(store, staff)?;
                let s = crate::staff::edit(store, &row, &form)?;
                format!("changed {}", s.name)
            }
            StaffWrite::Status {
                staff,
                status,
                note,
            } => {
                let row = person(store, staff)?;
                crate::staff::set_status(store, &row, &status, note.as_deref())?;
                format!("{} is now {}", row.staff.name, status.replace('_', " "))
            }
            StaffWrite::Mark {
                staff,
                date,
                status,
                note,
            } => {
                let today = Utc::now().with_timezone(&tz).date_naive();
                let day = parse_day(&date, today)?;
                let words = status.replace('_', " ");
                match staff {
                    Some(id) => {
                        let row = person(store, id)?;
                        crate::staff::mark(store, &row, day, &status, note.as_deref(), tz)?;
                        format!(
                            "marked {} {words} on {}",
                            row.staff.name,
                            day.format("%d %b")
                        )
                    }
                    None => {
                        let n =
                            crate::staff::mark_everyone(store, day, &status, note.as_deref(), tz)?;
                        format!("marked everyone ({n}) {words} on {}", day.format("%d %b"))
                    }
                }
            }
        })
    })();
    Action::StaffWritten(result.map_err(|e| e.to_string()))
}

/// Prints the month sheet of everyone still working here.
pub fn print_sheet(store: &Store, till: &TillSetup, month: Option<(i32, u32)>) -> Action {
    let result = (|| -> Result<String> {
        let today = Utc::now().with_timezone(&till.tz).date_naive();
        let (year, month) = month.unwrap_or((today.year(), today.month()));
        let rows = crate::staff::register(store)?;
        if rows.is_empty() {
            bail!("nobody is on the staff list yet");
        }
        let sheet = crate::staff::sheet_of(store, &till.shop.name, &rows, year, month, till.tz)?;
        sheet.print(till)?;
        Ok(format!(
            "printed the month sheet ({} people, pay due {})",
            sheet.people.len(),
            sheet.total_due()
        ))
    })();
    Action::StaffWritten(result.map_err(|e| e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_day_is_read_in_three_ways_and_a_bad_one_is_refused() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 20).expect("day");
        let d14 = NaiveDate::from_ymd_opt(2026, 11, 14).expect("day");
        assert_eq!(parse_day("", today).ok(), Some(today));
        assert_eq!(parse_day("14", today).ok(), Some(d14));
        assert_eq!(parse_day("2026-11-14", today).ok(), Some(d14));
        assert_eq!(parse_day(" 14/11/2026 ", today).ok(), Some(d14));
        assert!(parse_day("31", today).is_err(), "November has 30 days");
        let e = parse_day("yesterday", today).expect_err("words");
        assert!(e.to_string().contains("2026-11-14"), "{e}");
    }
}
