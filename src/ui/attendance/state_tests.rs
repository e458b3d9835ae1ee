//! Pure tests of the Staff pane: the forms open on the right person, what
//! they send is what was typed, and a refusal stays in the form.

use chrono::NaiveDate;
use galla_domain::attendance::Month;
use galla_domain::{Staff, StaffId};

use super::*;
use crate::store::StaffRow;

fn person(name: &str, active: bool) -> PersonMonth {
    let mut staff = Staff::new(StaffId::new(), name, "cashier");
    staff.salary = Some(galla_domain::Money::from_rupees(12_000));
    PersonMonth {
        row: StaffRow {
            staff,
            active,
            on_leave: false,
        },
        month: Month::default(),
    }
}

fn pane() -> AttendancePane {
    let mut p = AttendancePane::default();
    p.loaded(AttendanceView {
        year: 2026,
        month: 11,
        today: NaiveDate::from_ymd_opt(2026, 11, 20).expect("day"),
        people: vec![
            person("Asha", true),
            person("Old Hand", false),
            person("Ravi", true),
        ],
    });
    p
}

fn typed(p: &mut AttendancePane, text: &str) {
    for c in text.chars() {
        assert!(p.takes(c));
        p.type_char(c, None);
    }
}

#[test]
fn today_and_the_month_leave_out_the_inactive_and_the_list_shows_everyone() {
    let mut p = pane();
    let names = |p: &AttendancePane| -> Vec<String> {
        p.shown().iter().map(|x| x.row.staff.name.clone()).collect()
    };
    assert_eq!(names(&p), ["Asha", "Ravi"]);
    p.command(Command::ToggleCounters);
    assert_eq!(p.view, View::Month);
    assert_eq!(names(&p), ["Asha", "Ravi"]);
    p.command(Command::ToggleCounters);
    assert_eq!(p.view, View::People);
    assert_eq!(names(&p), ["Asha", "Old Hand", "Ravi"]);
    p.command(Command::ToggleCounters);
    assert_eq!(p.view, View::Today);
}

#[test]
fn a_new_person_is_sent_as_typed_and_a_refusal_stays_in_the_form() {
    let mut p = pane();
    p.command(Command::AddParty);
    assert!(p.takes('x'), "an open form takes letters, not the PIN box");
    typed(&mut p, "Meena");
    p.command(Command::NextMode); // role: cashier
    for _ in 0..3 {
        p.command(Command::NextField);
    }
    typed(&mut p, "2468");
    let effects = p.command(Command::Submit).expect("handled");
    let [Effect::WriteStaff(StaffWrite::Add(f))] = effects.as_slice() else {
        panic!("{effects:?}");
    };
    assert_eq!(
        (f.name.as_str(), f.role.as_str(), f.pin.as_str()),
        ("Meena", "cashier", "2468")
    );
    p.written(Err("that PIN is already someone's — choose another".into()));
    let (_, form) = p.form.as_ref().expect("still open");
    assert!(form.error.as_deref().is_some_and(|e| e.contains("PIN")));
    let effects = p.written(Ok("added Meena".into()));
    assert!(p.form.is_none());
    assert_eq!(effects, vec![p.reload()]);
}

#[test]
fn edit_status_and_mark_open_on_the_selected_person() {
    let mut p = pane();
    p.command(Command::Down);
    p.command(Command::EditParty);
    let (what, form) = p.form.as_ref().expect("edit");
    let ravi = p.shown()[1].row.staff.staff_id;
    assert_eq!(*what, FormFor::Edit(ravi));
    assert_eq!(form.value(0), "Ravi");
    assert_eq!(form.value(4), "12000.00", "the salary as typed, no commas");
    assert_eq!(form.value(3), "", "the PIN is never shown");
    p.command(Command::Close);

    p.command(Command::StaffStatus);
    p.command(Command::NextMode);
    typed(&mut p, "gone home for a month");
    let effects = p.command(Command::Submit).expect("handled");
    assert_eq!(
        effects,
        vec![Effect::WriteStaff(StaffWrite::Status {
            staff: ravi,
            status: "on_leave".into(),
            note: Some("gone home for a month".into()),
        })]
    );
    p.form = None;

    p.command(Command::MarkDay);
    let (_, form) = p.form.as_ref().expect("mark");
    assert_eq!(form.value(0), "2026-11-20", "today by default");
    p.command(Command::MarkEveryone);
    let effects = p.command(Command::Submit).expect("handled");
    let [Effect::WriteStaff(StaffWrite::Mark { staff, status, .. })] = effects.as_slice() else {
        panic!("{effects:?}");
    };
    assert_eq!(
        (*staff, status.as_str()),
        (Some(ravi), "present"),
        "Alt+H inside a form does nothing"
    );
}

#[test]
fn everyone_is_marked_a_holiday_by_default() {
    let mut p = pane();
    p.command(Command::MarkEveryone);
    let effects = p.command(Command::Submit).expect("handled");
    let [
        Effect::WriteStaff(StaffWrite::Mark {
            staff,
            status,
            date,
            ..
        }),
    ] = effects.as_slice()
    else {
        panic!("{effects:?}");
    };
    assert_eq!(
        (staff, status.as_str(), date.as_str()),
        (&None, "holiday", "2026-11-20")
    );
}
