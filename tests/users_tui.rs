//! Users in the running app: the sign-in box (snapshots at 80x24 and
//! 120x40, the PIN as dots), the approval box over a refused action
//! (snapshots), signing out after the idle time, the stock role that only
//! looks, Ctrl+U in a shop without users; and on the command line the last
//! owner who can sign in kept, and the back-date lock. Real shop files.

mod common;

use chrono::Duration;
use common::cli::{ok, refused};
use common::till::{Till, alt, key, till_with};
use common::users::{CASHIER_PIN, OWNER_PIN, STOCK_PIN, add_users, signed_in_till};
use galla::app::PaneId;
use galla::app::action::Action;
use galla::ui::popup::Popup;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

fn ctrl_u() -> KeyEvent {
    KeyEvent::new(KeyCode::Char('u'), KeyModifiers::CONTROL)
}

fn tick(t: &mut Till, by: Duration) {
    let now = t.app.now + by;
    t.runner.settle(&mut t.app, Action::Tick(now), false);
}

#[test]
fn the_sign_in_box_hides_the_shop_and_takes_a_pin() {
    let mut t = till_with(|db| {
        add_users(db);
    });
    assert!(matches!(t.app.popups.last(), Some(Popup::SignIn(_))));
    assert_eq!(t.app.status.user, "signed out");
    t.type_text("12");
    let screen = t.screen(80, 24);
    assert!(!screen.contains("Item:"), "the pane is hidden:\n{screen}");
    insta::assert_snapshot!("sign_in_80x24", screen);
    insta::assert_snapshot!("sign_in_120x40", t.screen(120, 40));
    // Letters are not a PIN; a wrong PIN says so and is cleared.
    t.type_text("ab34");
    t.press(key(KeyCode::Enter));
    let Some(Popup::SignIn(s)) = t.app.popups.last() else {
        panic!("still signing in");
    };
    assert_eq!(s.pin.error.as_deref(), Some("no one has that PIN"));
    insta::assert_snapshot!("sign_in_wrong_80x24", t.screen(80, 24));
    // Backspace, then the owner's PIN.
    t.type_text("9");
    t.press(key(KeyCode::Backspace));
    t.type_text(OWNER_PIN);
    t.press(key(KeyCode::Enter));
    assert_eq!(t.app.status.user, "Ramesh Gupta");
    assert!(t.app.popups.is_empty());
    assert!(t.screen(80, 24).contains("Ramesh Gupta"));
}

#[test]
fn the_approval_box_over_a_refused_discount_and_payout() {
    let (mut t, _) = signed_in_till(CASHIER_PIN, |_, _| {});
    let code = t.codes[0].clone();
    t.scan(&code);
    t.press(alt('d'));
    t.type_text("50%");
    t.press(key(KeyCode::Enter));
    t.press(key(KeyCode::F(10)));
    t.press(key(KeyCode::Enter));
    assert!(matches!(t.app.popups.last(), Some(Popup::Approve(_))));
    insta::assert_snapshot!("approve_80x24", t.screen(80, 24));
    insta::assert_snapshot!("approve_120x40", t.screen(120, 40));
    // Esc: not approved; the bill stays on screen, unsaved.
    t.press(key(KeyCode::Esc));
    assert!(!t.app.panes.billing.draft.is_empty());
    assert!(t.message().contains("NOT saved"), "{}", t.message());

    t.press(alt('4'));
    t.press(alt('o'));
    t.type_text("50");
    t.press(key(KeyCode::Enter));
    assert!(matches!(t.app.popups.last(), Some(Popup::Approve(_))));
    // Esc: not approved; nothing was recorded and the form stays.
    t.press(key(KeyCode::Esc));
    assert!(t.app.popups.is_empty());
    let form = t.app.panes.cashbook.form.as_ref().expect("the form stays");
    assert!(
        form.1
            .error
            .as_deref()
            .is_some_and(|e| e.contains("may not pay cash out")),
        "{:?}",
        form.1.error
    );
}

#[test]
fn idle_time_signs_out_and_keys_keep_it_away() {
    let (mut t, _) = signed_in_till(CASHIER_PIN, |db, p| {
        common::users::owner_sets(db, p, "users.idle_minutes", "10");
    });
    assert_eq!(t.app.session.idle_minutes, 10);
    tick(&mut t, Duration::minutes(9));
    assert!(t.app.popups.is_empty());
    t.press(key(KeyCode::Down)); // a key: the clock starts again
    tick(&mut t, Duration::minutes(9));
    assert!(t.app.popups.is_empty(), "9 minutes since the last key");
    tick(&mut t, Duration::minutes(2));
    let Some(Popup::SignIn(s)) = t.app.popups.last() else {
        panic!("signed out after 10 quiet minutes");
    };
    assert!(s.why.as_deref().is_some_and(|w| w.contains("10 minutes")));
    assert_eq!(t.store().signed_in(), None, "the store signed out too");
    t.type_text(CASHIER_PIN);
    t.press(key(KeyCode::Enter));
    assert_eq!(t.app.status.user, "Ravi");
}

#[test]
fn the_stock_role_only_looks() {
    let (mut t, _) = signed_in_till(STOCK_PIN, |_, _| {});
    assert_eq!(t.app.status.user, "Sunil");
    assert_eq!(t.app.active, PaneId::Stock, "billing is not theirs");
    let Some(Popup::Error(e)) = t.app.popups.last() else {
        panic!("F1 says why");
    };
    assert!(e.contains("billing needs a cashier"), "{e}");
    t.press(key(KeyCode::Esc));
    t.press(alt('4'));
    t.press(alt('i'));
    t.type_text("100");
    t.press(key(KeyCode::Enter));
    assert!(
        !matches!(t.app.popups.last(), Some(Popup::Approve(_))),
        "no approval makes a looker write"
    );
    let form = t.app.panes.cashbook.form.as_ref().expect("refused");
    assert!(
        form.1
            .error
            .as_deref()
            .is_some_and(|e| e.contains("may only look")),
        "{:?}",
        form.1.error
    );
    // Switching user: the cashier takes over.
    t.press(ctrl_u());
    t.type_text(CASHIER_PIN);
    t.press(key(KeyCode::Enter));
    t.press(key(KeyCode::F(1)));
    assert_eq!(t.app.active, PaneId::Billing);
}

#[test]
fn ctrl_u_without_users_explains_how_to_set_them_up_and_users_set_up_elsewhere_count() {
    let mut t = common::till::till();
    assert_eq!(t.app.status.user, "Owner");
    t.press(ctrl_u());
    let Some(Popup::Notice { text, .. }) = t.app.popups.last() else {
        panic!("a notice");
    };
    assert!(text.contains("--role owner --pin"), "{text}");
    t.press(key(KeyCode::Esc));
    // Users set up elsewhere (another process, or a sync): this counter asks
    // for a PIN as soon as it sees the change.
    let db = t.db.clone();
    add_users(&db);
    for action in t.runner.poll_changes() {
        t.runner.settle(&mut t.app, action, false);
    }
    assert!(matches!(t.app.popups.last(), Some(Popup::SignIn(_))));
    t.type_text(CASHIER_PIN);
    t.press(key(KeyCode::Enter));
    assert_eq!(t.app.status.user, "Ravi");
    for action in t.runner.poll_changes() {
        t.runner.settle(&mut t.app, action, false);
    }
    assert!(t.app.popups.is_empty(), "nothing new: no sign-in again");
}

fn owner<'a>(args: &[&'a str]) -> Vec<&'a str> {
    let mut all = vec!["--sign-in", OWNER_PIN];
    all.extend_from_slice(args);
    all
}

#[test]
fn the_last_owner_stays_and_old_days_are_locked() {
    let (dir, db) = common::demo_shop(10, 1);
    let people = add_users(&db);
    let (cwd, d) = (dir.path(), db.to_str().expect("utf-8"));
    let why = refused(
        &owner(&[
            "staff",
            "status",
            "--db",
            d,
            "--staff",
            "Ramesh Gupta",
            "--status",
            "inactive",
        ]),
        cwd,
    );
    assert!(why.contains("the only owner who can sign in"), "{why}");
    let why = refused(
        &owner(&[
            "staff",
            "edit",
            "--db",
            d,
            "--staff",
            "Ramesh Gupta",
            "--role",
            "manager",
        ]),
        cwd,
    );
    assert!(why.contains("the only owner who can sign in"), "{why}");

    ok(
        &owner(&["settings", "set", "--db", d, "audit.backdate_days", "3"]),
        cwd,
    );
    let today = chrono::Utc::now().date_naive();
    let day = |back: u64| (today - chrono::Days::new(back)).to_string();
    let (old, recent) = (day(10), day(2));
    let mark = |date| {
        owner(&[
            "attendance",
            "mark",
            "--db",
            d,
            "--staff",
            "Ravi",
            "--date",
            date,
            "--status",
            "absent",
        ])
    };
    let why = refused(&mark(&old), cwd);
    assert!(why.contains("more than 3 days back"), "{why}");
    ok(&mark(&recent), cwd);
    let _ = people;
}
