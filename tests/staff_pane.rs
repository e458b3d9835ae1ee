//! The Staff pane's staff list driven by keys on a real shop file, as an
//! owner would: add a person with a PIN (a name already there refused in
//! the form, nothing written), change their job, put them on leave with a
//! note, mark a day absent with a note, a holiday for everyone, and print
//! the month sheet to the till's (file) printer. `galla check` is clean.

mod common;

use chrono::Utc;
use common::till::{Till, alt, key, open};
use galla::app::PaneId;
use galla::ui::attendance::View;
use galla_domain::payload::AttendanceMark;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

fn staff_list() -> Till {
    let (dir, db) = common::demo_shop(40, 2);
    let mut t = open(dir, db, Vec::new());
    t.press(alt('5'));
    assert_eq!(t.app.active, PaneId::Attendance);
    t.press(key(KeyCode::Tab));
    t.press(key(KeyCode::Tab));
    assert_eq!(t.app.panes.attendance.view, View::People);
    t
}

fn said(t: &Till) -> Result<String, String> {
    t.app.panes.attendance.message.clone().expect("an answer")
}

fn select(t: &mut Till, name: &str) {
    let at = t
        .app
        .panes
        .attendance
        .shown()
        .iter()
        .position(|p| p.row.staff.name == name)
        .expect("listed");
    t.app.panes.attendance.selected = at;
}

fn tab(t: &mut Till, n: usize) {
    for _ in 0..n {
        t.press(key(KeyCode::Tab));
    }
}

fn clear(t: &mut Till) {
    t.press(KeyEvent::new(KeyCode::Char('u'), KeyModifiers::CONTROL));
}

#[test]
fn an_owner_adds_changes_marks_and_prints_from_the_staff_list() {
    let mut t = staff_list();
    let before = t.store().event_count().expect("count");

    // Add: name, role (→ cashier), phone, job, PIN, salary, shift.
    t.press(alt('n'));
    t.type_text("Meena Kumari");
    t.press(key(KeyCode::Right));
    tab(&mut t, 1);
    t.type_text("098765 43210");
    tab(&mut t, 1);
    t.type_text("tailor");
    tab(&mut t, 1);
    t.type_text("2468");
    assert!(
        t.screen(80, 24).contains("PIN            ••••"),
        "{}",
        t.screen(80, 24)
    );
    assert!(!t.screen(80, 24).contains("2468"), "the PIN is never shown");
    tab(&mut t, 1);
    t.type_text("9000");
    tab(&mut t, 2);
    t.type_text("09:30-19:30");
    t.press(key(KeyCode::Enter));
    assert!(
        said(&t).is_ok_and(|m| m.starts_with("added Meena Kumari")),
        "{:?}",
        said(&t)
    );
    let meena = t
        .store()
        .staff_rows()
        .expect("rows")
        .into_iter()
        .find(|r| r.staff.name == "Meena Kumari")
        .expect("added");
    assert_eq!(meena.staff.role, "cashier");
    assert_eq!(meena.staff.phone.as_deref(), Some("9876543210"));
    assert_eq!(
        meena.staff.salary,
        Some(galla_domain::Money::from_rupees(9_000))
    );
    assert_eq!(meena.staff.shift.as_deref(), Some("09:30-19:30"));
    let hash = meena.staff.pin_hash.clone().expect("a PIN");
    assert!(hash.starts_with("$argon2") && !hash.contains("2468"));
    assert_eq!(t.store().event_count().expect("count"), before + 1);

    // The same name again is refused in the form; nothing is written.
    t.press(alt('n'));
    t.type_text("meena kumari");
    t.press(key(KeyCode::Enter));
    let error = t
        .app
        .panes
        .attendance
        .form
        .as_ref()
        .and_then(|(_, f)| f.error.clone())
        .expect("refused in the form");
    assert!(error.contains("already on the staff list"), "{error}");
    assert!(t.screen(80, 24).contains("already on the staff list"));
    t.press(key(KeyCode::Esc));
    assert_eq!(t.store().event_count().expect("count"), before + 1);

    // Change her job.
    select(&mut t, "Meena Kumari");
    t.press(alt('e'));
    tab(&mut t, 2);
    clear(&mut t);
    t.type_text("master tailor");
    t.press(key(KeyCode::Enter));
    assert_eq!(said(&t), Ok("changed Meena Kumari".to_string()));

    // On leave, with a note kept in her history.
    select(&mut t, "Meena Kumari");
    t.press(alt('s'));
    t.press(key(KeyCode::Right));
    t.type_text("wedding in the family");
    t.press(key(KeyCode::Enter));
    assert_eq!(said(&t), Ok("Meena Kumari is now on leave".to_string()));
    let row = t
        .store()
        .staff_rows()
        .expect("rows")
        .into_iter()
        .find(|r| r.staff.name == "Meena Kumari")
        .expect("there");
    assert_eq!(row.staff.job.as_deref(), Some("master tailor"));
    assert!(row.on_leave && row.active);
    let history = t
        .store()
        .status_history(row.staff.staff_id)
        .expect("history");
    assert_eq!(
        history.last().and_then(|h| h.note.clone()).as_deref(),
        Some("wedding in the family")
    );

    // Mark today absent with a note.
    select(&mut t, "Meena Kumari");
    t.press(alt('m'));
    t.press(key(KeyCode::Right));
    tab(&mut t, 1);
    t.type_text("called in sick");
    t.press(key(KeyCode::Enter));
    assert!(
        said(&t).is_ok_and(|m| m.starts_with("marked Meena Kumari absent")),
        "{:?}",
        said(&t)
    );
    let tz = chrono_tz::Asia::Kolkata;
    let today = Utc::now().with_timezone(&tz).date_naive();
    let marks = t
        .store()
        .marks_of(row.staff.staff_id, today, today)
        .expect("marks");
    assert!(
        marks.iter().any(
            |m| m.mark == AttendanceMark::Absent && m.note.as_deref() == Some("called in sick")
        ),
        "{marks:?}"
    );

    // A day that has not come is refused in the form.
    t.press(alt('m'));
    clear(&mut t);
    let tomorrow = today.succ_opt().expect("tomorrow");
    t.type_text(&tomorrow.to_string());
    t.press(key(KeyCode::Enter));
    assert!(
        t.app
            .panes
            .attendance
            .form
            .as_ref()
            .and_then(|(_, f)| f.error.clone())
            .is_some_and(|e| e.contains("has not come yet"))
    );
    t.press(key(KeyCode::Esc));

    // A holiday for everyone (the default mark of that form).
    let working = t
        .store()
        .staff_rows()
        .expect("rows")
        .iter()
        .filter(|r| r.on_register())
        .count();
    t.press(alt('h'));
    tab(&mut t, 1);
    t.type_text("Diwali");
    t.press(key(KeyCode::Enter));
    assert!(
        said(&t).is_ok_and(|m| m.starts_with(&format!("marked everyone ({working}) holiday"))),
        "{:?}",
        said(&t)
    );

    // The month sheet on the till's printer.
    t.press(alt('p'));
    assert!(
        said(&t).is_ok_and(|m| m.starts_with("printed the month sheet")),
        "{:?}",
        said(&t)
    );
    let printed = std::fs::read(t.dir.path().join("receipts.escpos")).expect("printed");
    let text = String::from_utf8_lossy(&printed);
    assert!(text.contains("ATTENDANCE"), "{text}");
    assert!(text.contains("Meena Kumari"));
    assert!(text.contains(&format!("{}", today.format("%B %Y"))));
    assert!(text.contains("Total pay due"));

    assert!(galla::store::check(t.store()).expect("check").is_clean());
}
