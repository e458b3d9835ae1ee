//! The audit trail of a scripted day: a cashier sells two bills (one with a
//! big discount a manager approves), cancels one (approved) and pays cash
//! out (approved); then the manager opens the Audit pane (Alt+8) and sees
//! each entry in words, filters it by person and type, and opens a row's
//! details; `galla audit --json` lists the same day. Snapshots of the pane
//! and its filter form at 80x24 and 120x40 (the times of the day's entries
//! are blanked: they are when the test ran).

mod common;

use common::cli::{ok, refused};
use common::till::{Till, alt, key};
use common::users::{CASHIER_PIN, MANAGER_PIN, approve, signed_in_till};
use galla::ui::popup::Popup;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// `screen` with every `dd-mm hh:mm` and `dd-mm-yyyy hh:mm` blanked, and
/// a `dd-mm` cut short at the start of a row (under the filter form).
fn timeless(screen: &str) -> String {
    let mut chars: Vec<char> = screen.chars().collect();
    for pattern in ["##-##-#### ##:##", "##-## ##:##", "\"##-##"] {
        let pat: Vec<char> = pattern.chars().collect();
        let mut i = 0;
        while i + pat.len() <= chars.len() {
            let fits = pat.iter().zip(&chars[i..]).all(|(p, c)| match p {
                '#' => c.is_ascii_digit(),
                p => p == c,
            });
            if fits {
                for (p, c) in pat.iter().zip(chars[i..].iter_mut()) {
                    if *p == '#' {
                        *c = '·';
                    }
                }
                i += pat.len();
            } else {
                i += 1;
            }
        }
    }
    chars.into_iter().collect()
}

fn answer(t: &mut Till, k: KeyEvent, text: &str) {
    t.press(k);
    t.type_text(text);
    t.press(key(KeyCode::Enter));
}

/// The cashier's day; returns the number of the bill cancelled.
fn scripted_day(t: &mut Till) -> String {
    let codes = t.codes.clone();
    t.sell(&[&codes[0]]);
    let cancelled = t.app.panes.billing.last_bill.clone().expect("a bill").0;
    t.scan(&codes[1]);
    answer(t, alt('d'), "50%");
    t.press(key(KeyCode::F(10)));
    t.press(key(KeyCode::Enter));
    approve(t, "discount");
    t.press(key(KeyCode::F(6)));
    // Newest first: the first bill is the second row.
    t.press(key(KeyCode::Down));
    answer(t, alt('x'), "wrong item");
    approve(t, "cancel");
    t.press(key(KeyCode::Esc));
    t.press(alt('4'));
    answer(t, alt('o'), "50");
    approve(t, "pay cash out");
    cancelled
}

fn switch_to(t: &mut Till, pin: &str) {
    t.press(KeyEvent::new(KeyCode::Char('u'), KeyModifiers::CONTROL));
    assert!(matches!(t.app.popups.last(), Some(Popup::SignIn(_))));
    t.type_text(pin);
    t.press(key(KeyCode::Enter));
}

#[test]
fn the_audit_pane_and_json_list_a_scripted_day_in_words() {
    let (mut t, _people) = signed_in_till(CASHIER_PIN, |_, _| {});
    let cancelled = scripted_day(&mut t);
    switch_to(&mut t, MANAGER_PIN);
    assert_eq!(t.app.status.user, "Priya");
    t.press(alt('8'));
    assert_eq!(t.app.active, galla::app::PaneId::Audit, "a manager may");
    let screen = t.screen(80, 24);
    assert!(
        screen.contains(&format!("cancelled bill {cancelled} — reason: wrong item")),
        "{screen}"
    );
    insta::assert_snapshot!("audit_80x24", timeless(&screen));
    insta::assert_snapshot!("audit_120x40", timeless(&t.screen(120, 40)));

    // Only what Ravi cancelled.
    t.press(alt('f'));
    for _ in 0..2 {
        t.press(key(KeyCode::Tab));
    }
    t.type_text("Ravi");
    t.press(key(KeyCode::Tab));
    t.type_text("cancel");
    insta::assert_snapshot!("audit_filter_80x24", timeless(&t.screen(80, 24)));
    insta::assert_snapshot!("audit_filter_120x40", timeless(&t.screen(120, 40)));
    t.press(key(KeyCode::Enter));
    let pane = &t.app.panes.audit;
    assert_eq!(pane.rows.len(), 1, "one cancellation by Ravi");
    assert_eq!(pane.filters_words(), "by Ravi · type cancel");
    // Its details, one key away.
    t.press(key(KeyCode::Enter));
    let Some(Popup::Reader(r)) = t.app.popups.last() else {
        panic!("the details open");
    };
    let text = r.lines.join("\n");
    assert!(text.contains("Approved:  Priya"), "{text}");
    assert!(text.contains("\"reason\": \"wrong item\""), "{text}");
    t.press(key(KeyCode::Esc));
    // Esc shows every entry again; a bad filter says why.
    t.press(key(KeyCode::Esc));
    assert!(t.app.panes.audit.rows.len() > 10);
    // A person's details never show their PIN's hash.
    let added = t
        .app
        .panes
        .audit
        .rows
        .iter()
        .position(|r| r.summary == "added Ravi to the staff as cashier")
        .expect("Ravi was added");
    for _ in 0..added {
        t.press(key(KeyCode::Down));
    }
    t.press(key(KeyCode::Enter));
    let Some(Popup::Reader(r)) = t.app.popups.last() else {
        panic!("the details open");
    };
    let text = r.lines.join("\n");
    assert!(
        text.contains("\"pin_hash\": \"(set, not shown)\""),
        "{text}"
    );
    assert!(!text.contains("argon2"), "{text}");
    t.press(key(KeyCode::Esc));
    t.press(alt('f'));
    t.type_text("20-11-2026");
    t.press(key(KeyCode::Enter));
    let form = t.app.panes.audit.form.as_ref().expect("still open");
    assert!(
        form.error
            .as_deref()
            .is_some_and(|e| e.contains("2026-11-20"))
    );
    t.press(key(KeyCode::Esc));

    // The same day on the command line, oldest first.
    let (cwd, db) = (t.dir.path().to_path_buf(), t.db.clone());
    let d = db.to_str().expect("utf-8");
    let out = ok(
        &[
            "--sign-in",
            MANAGER_PIN,
            "audit",
            "--db",
            d,
            "--json",
            "--actor",
            "ravi",
        ],
        &cwd,
    );
    let rows: Vec<serde_json::Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).expect("json"))
        .collect();
    let said: Vec<&str> = rows.iter().filter_map(|r| r["summary"].as_str()).collect();
    assert_eq!(said.len(), 4, "{said:#?}");
    assert!(
        said[0].starts_with(&format!("bill {cancelled}: 1 line, ₹")),
        "{}",
        said[0]
    );
    assert!(said[0].contains("(cash ₹"), "{}", said[0]);
    assert!(
        said[1].contains(", discount ₹") && said[1].ends_with("(approved by Priya)"),
        "{}",
        said[1]
    );
    assert_eq!(
        said[2],
        format!("cancelled bill {cancelled} — reason: wrong item (approved by Priya)")
    );
    assert_eq!(said[3], "cash out ₹50.00 (rent) (approved by Priya)");
    for r in &rows {
        assert_eq!(r["actor"], "Ravi");
        assert_eq!(r["counter"], "C1");
    }
    assert_eq!(rows[2]["type"], "BILL_CANCELLED");
    assert_eq!(rows[2]["approved_by"], "Priya");
    let only = ok(
        &[
            "--sign-in",
            MANAGER_PIN,
            "audit",
            "--db",
            d,
            "--json",
            "--type",
            "cancelled",
            "--counter",
            "C1",
        ],
        &cwd,
    );
    assert_eq!(only.lines().count(), 1, "{only}");
    let tomorrow = (chrono::Utc::now().date_naive() + chrono::Days::new(2)).to_string();
    let none = ok(
        &[
            "--sign-in",
            MANAGER_PIN,
            "audit",
            "--db",
            d,
            "--from",
            &tomorrow,
        ],
        &cwd,
    );
    assert!(none.is_empty(), "{none}");
    let why = refused(
        &[
            "--sign-in",
            MANAGER_PIN,
            "audit",
            "--db",
            d,
            "--actor",
            "Mohan",
        ],
        &cwd,
    );
    assert!(
        why.contains("nobody on the staff list is called \"Mohan\""),
        "{why}"
    );
    let why = refused(
        &[
            "--sign-in",
            MANAGER_PIN,
            "audit",
            "--db",
            d,
            "--counter",
            "C9",
        ],
        &cwd,
    );
    assert!(why.contains("no counter is called \"C9\""), "{why}");
}
