//! The Staff pane driven by keys on a real shop file: Ctrl+T from Billing
//! opens the PIN box, a PIN and Enter clock the person in and then out, a
//! wrong PIN records nothing; Tab shows the month's grid. Snapshots of
//! today and of a fixed month at 80x24 and 120x40.

mod common;

use chrono::{NaiveDate, TimeZone, Utc};
use common::till::{Till, key, open};
use galla::app::action::{Action, AttendanceView, PersonMonth};
use galla::staff::{self, StaffForm};
use galla::store::{Access, Store};
use galla_domain::payload::AttendanceMark;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

fn screen(t: &Till, w: u16, h: u16) -> String {
    t.screen(w, h)
}

fn resize(t: &mut Till, width: u16, height: u16) {
    t.runner
        .settle(&mut t.app, Action::Resized { width, height }, false);
}

/// A demo shop with two people who clock in by PIN, and November's marks.
fn shop() -> Till {
    let (dir, db) = common::demo_shop(40, 2);
    let tz = chrono_tz::Asia::Kolkata;
    {
        let mut store = Store::open(&db, Access::ReadWrite).expect("open");
        for (name, pin, salary) in [("सुनीता देवी", "4821", "12000"), ("Ravi Kumar", "7391", "")]
        {
            let form = StaffForm {
                name: name.into(),
                pin: pin.into(),
                salary: salary.into(),
                wage: if salary.is_empty() {
                    "500".into()
                } else {
                    String::new()
                },
                shift: "10:00-20:00".into(),
                weekly_off: "sun".into(),
                role: "cashier".into(),
                joined: "2026-11-01".into(),
                ..StaffForm::default()
            };
            staff::add(&mut store, &form).expect("added");
        }
        let rows = store.staff_rows().expect("rows");
        let sunita = rows
            .iter()
            .find(|r| r.staff.name == "सुनीता देवी")
            .expect("sunita")
            .clone();
        for (d, h_in, h_out) in [(2, 9, 19), (3, 10, 20), (4, 11, 19)] {
            for (h, m) in [
                (h_in, AttendanceMark::CheckIn),
                (h_out, AttendanceMark::CheckOut),
            ] {
                let at = tz
                    .with_ymd_and_hms(2026, 11, d, h, 30, 0)
                    .single()
                    .expect("time")
                    .with_timezone(&Utc);
                staff::clock(&mut store, &sunita, Some(m), at, tz).expect("clocked");
            }
        }
    }
    open(dir, db, Vec::new())
}

#[test]
fn ctrl_t_then_a_pin_clocks_in_and_out_and_a_wrong_pin_records_nothing() {
    let mut t = shop();
    let before = t.store().event_count().expect("count");
    t.press(KeyEvent::new(KeyCode::Char('t'), KeyModifiers::CONTROL));
    assert_eq!(t.app.active, galla::app::PaneId::Attendance);
    t.type_text("0000");
    t.press(key(KeyCode::Enter));
    let said = t.app.panes.attendance.message.clone().expect("an answer");
    assert!(said.is_err_and(|e| e.contains("nothing was recorded")));
    assert_eq!(t.store().event_count().expect("count"), before);

    t.type_text("4821");
    assert!(
        screen(&t, 80, 24).contains("PIN: ••••"),
        "the PIN is not shown"
    );
    t.press(key(KeyCode::Enter));
    let said = t.app.panes.attendance.message.clone().expect("an answer");
    assert!(
        said.as_ref()
            .is_ok_and(|m| m.contains("सुनीता देवी — checked in")),
        "{said:?}"
    );
    assert!(screen(&t, 80, 24).contains("in since"));
    t.type_text("4821");
    t.press(key(KeyCode::Enter));
    let said = t.app.panes.attendance.message.clone().expect("an answer");
    assert!(
        said.as_ref().is_ok_and(|m| m.contains("checked out")),
        "{said:?}"
    );
    assert_eq!(t.store().event_count().expect("count"), before + 2);

    // Tab: the month's grid, and back.
    t.press(key(KeyCode::Tab));
    assert_eq!(
        t.app.panes.attendance.view,
        galla::ui::attendance::View::Month
    );
    t.press(key(KeyCode::Left));
    let data = t.app.panes.attendance.data.clone().expect("month");
    let now = Utc::now();
    let back = if chrono::Datelike::month(&now) == 1 {
        12
    } else {
        chrono::Datelike::month(&now) - 1
    };
    assert_eq!(data.month, back);
    assert!(galla::store::check(t.store()).expect("check").is_clean());
}

#[test]
fn staff_pane_snapshots() {
    let mut t = shop();
    t.press(KeyEvent::new(KeyCode::Char('5'), KeyModifiers::ALT));
    let tz = chrono_tz::Asia::Kolkata;
    let rows = t.store().staff_rows().expect("rows");
    let people: Vec<PersonMonth> = rows
        .iter()
        .map(|r| PersonMonth {
            row: r.clone(),
            month: staff::month_of(t.store(), r, 2026, 11, tz).expect("month"),
        })
        .collect();
    let view = AttendanceView {
        year: 2026,
        month: 11,
        today: NaiveDate::from_ymd_opt(2026, 11, 4).expect("day"),
        people,
    };
    t.runner.settle(
        &mut t.app,
        Action::AttendanceLoaded(Box::new(view.clone())),
        false,
    );
    resize(&mut t, 80, 24);
    insta::assert_snapshot!("staff_today_80x24", screen(&t, 80, 24));
    t.press(key(KeyCode::Tab));
    t.runner.settle(
        &mut t.app,
        Action::AttendanceLoaded(Box::new(view.clone())),
        false,
    );
    insta::assert_snapshot!("staff_month_80x24", screen(&t, 80, 24));
    resize(&mut t, 120, 40);
    insta::assert_snapshot!("staff_month_120x40", screen(&t, 120, 40));
    // Tab again: the staff list (everyone, with pay, shift and PIN or not).
    t.press(key(KeyCode::Tab));
    t.runner
        .settle(&mut t.app, Action::AttendanceLoaded(Box::new(view)), false);
    insta::assert_snapshot!("staff_list_120x40", screen(&t, 120, 40));
    resize(&mut t, 80, 24);
    insta::assert_snapshot!("staff_list_80x24", screen(&t, 80, 24));
    t.press(KeyEvent::new(KeyCode::Char('e'), KeyModifiers::ALT));
    insta::assert_snapshot!("staff_edit_form_80x24", screen(&t, 80, 24));
    resize(&mut t, 120, 40);
    insta::assert_snapshot!("staff_edit_form_120x40", screen(&t, 120, 40));
}
