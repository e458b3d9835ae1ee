//! Every permission refused for a cashier and approved on the spot by a
//! manager's PIN, with the approver recorded on the event: in the running
//! app (a discount, a sale below cost, a cancel, a return, cash paid out,
//! the audit trail), at the store's gate (a price change), and on the
//! command line (costs, reports, settings, users). The owner first lets the
//! manager do everything (`role.manager`), which is how an owner changes
//! what a role may do. Real shop files, the real runner and binary.

mod common;

use common::cli::{ok, refused};
use common::till::{Till, alt, key};
use common::users::{
    ALL, CASHIER_PIN, MANAGER_PIN, OWNER_PIN, People, add_users, approve, owner_sets,
    signed_in_till,
};
use galla::store::{Access, Store};
use galla_domain::{Event, EventKind, StaffId};
use ratatui::crossterm::event::KeyCode;
use std::path::Path;

fn cashier_till(ready: impl FnOnce(&Path, &People)) -> (Till, People) {
    let (t, people) = signed_in_till(CASHIER_PIN, ready);
    assert_eq!(t.app.status.user, "Ravi");
    (t, people)
}

fn last(store: &Store, kind: EventKind) -> Option<Event> {
    let mut found = None;
    store
        .for_each_event(|_, e| {
            if e.payload.kind() == kind {
                found = Some(e);
            }
            Ok(())
        })
        .expect("events");
    found
}

fn count(store: &Store, kind: EventKind) -> usize {
    let mut n = 0;
    store
        .for_each_event(|_, e| {
            n += usize::from(e.payload.kind() == kind);
            Ok(())
        })
        .expect("events");
    n
}

/// Presses `k`, types `text` and Enter (a form's one answer).
fn answer(t: &mut Till, k: ratatui::crossterm::event::KeyEvent, text: &str) {
    t.press(k);
    t.type_text(text);
    t.press(key(KeyCode::Enter));
}

/// Pays the bill on screen in cash.
fn pay(t: &mut Till) {
    t.press(key(KeyCode::F(10)));
    t.press(key(KeyCode::Enter));
}

fn approved(t: &Till, people: &People, kind: EventKind) {
    let e = last(t.store(), kind).unwrap_or_else(|| panic!("a {kind} was recorded"));
    assert_eq!(e.actor, people.cashier, "{kind} is the cashier's");
    assert_eq!(
        e.approved_by,
        Some(people.manager),
        "{kind} names its approver"
    );
}

#[test]
fn a_big_discount_waits_for_a_managers_pin() {
    let (mut t, people) = cashier_till(|_, _| {});
    let code = t.codes[0].clone();
    t.scan(&code);
    answer(&mut t, alt('d'), "50%");
    pay(&mut t);
    assert_eq!(count(t.store(), EventKind::Sale), count_demo_sales(&t));
    approve(&mut t, "may not give a discount above the shop's limit");
    assert!(t.app.panes.billing.draft.is_empty(), "{}", t.message());
    approved(&t, &people, EventKind::Sale);
    // A discount within the limit needs nobody.
    t.scan(&code);
    answer(&mut t, alt('d'), "5%");
    pay(&mut t);
    assert!(t.app.panes.billing.draft.is_empty(), "{}", t.message());
    let e = last(t.store(), EventKind::Sale).expect("sale");
    assert_eq!((e.actor, e.approved_by), (people.cashier, None));
}

fn count_demo_sales(t: &Till) -> usize {
    // Nothing new was saved: the count is what the demo made.
    let db = t.db.clone();
    let store = Store::open(&db, Access::ReadOnly).expect("open");
    count(&store, EventKind::Sale)
}

#[test]
fn selling_below_cost_waits_for_a_managers_pin() {
    let (mut t, people) = cashier_till(|db, p| owner_sets(db, p, "users.discount_percent", "100"));
    let code = t.codes[0].clone();
    t.scan(&code);
    answer(&mut t, alt('r'), "1");
    let said = t.message();
    assert!(
        said.ends_with("₹1.00 is below cost"),
        "a cashier is warned without being told the cost: {said}"
    );
    pay(&mut t);
    approve(&mut t, "may not sell below cost");
    approved(&t, &people, EventKind::Sale);
}

#[test]
fn cancelling_and_returning_bills_wait_for_a_managers_pin() {
    let (mut t, people) = cashier_till(|_, _| {});
    let codes = t.codes.clone();
    t.sell(&[&codes[0]]);
    t.sell(&[&codes[1], &codes[2]]);
    // Today's bills, newest first: take the second line back.
    t.press(key(KeyCode::F(6)));
    answer(&mut t, alt('t'), "all");
    approve(&mut t, "may not cancel or return a bill");
    approved(&t, &people, EventKind::SaleReturn);
    // And cancel the other one.
    t.press(key(KeyCode::Down));
    answer(&mut t, alt('x'), "wrong item");
    approve(&mut t, "may not cancel or return a bill");
    approved(&t, &people, EventKind::BillCancelled);
}

#[test]
fn paying_cash_out_and_opening_the_audit_trail_wait_for_a_managers_pin() {
    let (mut t, people) = cashier_till(|_, _| {});
    t.press(alt('4'));
    answer(&mut t, alt('o'), "50");
    approve(&mut t, "may not pay cash out");
    approved(&t, &people, EventKind::CashbookOut);
    assert!(
        t.app.panes.cashbook.form.is_none(),
        "the form closed once saved"
    );

    t.press(alt('8'));
    assert_ne!(t.app.active, galla::app::PaneId::Audit);
    approve(&mut t, "may not see the audit trail");
    assert_eq!(t.app.active, galla::app::PaneId::Audit);
    // Until the next sign-in: switching user forgets the approval.
    t.press(alt('1'));
    t.press(ratatui::crossterm::event::KeyEvent::new(
        KeyCode::Char('u'),
        ratatui::crossterm::event::KeyModifiers::CONTROL,
    ));
    t.type_text(CASHIER_PIN);
    t.press(key(KeyCode::Enter));
    t.press(alt('8'));
    assert!(matches!(
        t.app.popups.last(),
        Some(galla::ui::popup::Popup::Approve(_))
    ));
}

#[test]
fn a_price_change_is_refused_at_the_gate_until_a_manager_approves() {
    let (dir, db) = common::demo_shop(20, 1);
    let people = add_users(&db);
    owner_sets(&db, &people, "role.manager", ALL);
    let mut store = Store::open(&db, Access::ReadWrite).expect("open");
    let variant = store.search_entries().expect("entries")[0].variant_id;
    let change = || {
        galla_domain::NewEvent::now(
            StaffId::OWNER,
            None,
            galla_domain::EventPayload::PriceChanged(galla_domain::payload::PriceChanged {
                variant_id: variant,
                price: galla_domain::Money::from_rupees(10),
                mrp: galla_domain::Money::from_rupees(20),
            }),
        )
    };
    assert!(
        store.append(change()).is_err(),
        "nobody signed in: refused once users are set up"
    );
    galla::users::sign_in(&mut store, CASHIER_PIN).expect("signed in");
    let why = store
        .append(change())
        .expect_err("a cashier may not")
        .to_string();
    assert!(
        why.contains("Ravi (cashier) may not change a price"),
        "{why}"
    );
    let refusal = store.take_refusal().expect("noted for the app");
    assert_eq!(
        refusal.permission,
        Some(galla_domain::access::Permission::ChangePrice)
    );
    let manager = galla::users::approver(
        &store,
        MANAGER_PIN,
        Some(galla_domain::access::Permission::ChangePrice),
    )
    .expect("a manager may approve");
    store.set_approver(Some(manager.staff_id));
    let e = store.append(change()).expect("approved").event;
    store.set_approver(None);
    assert_eq!(
        (e.actor, e.approved_by),
        (people.cashier, Some(people.manager))
    );
    assert!(store.append(change()).is_err(), "one approval, one action");
    drop(dir);
}

fn as_cashier<'a>(args: &[&'a str]) -> Vec<&'a str> {
    let mut all = vec!["--sign-in", CASHIER_PIN];
    all.extend_from_slice(args);
    all
}

fn approved_by_manager<'a>(args: &[&'a str]) -> Vec<&'a str> {
    let mut all = as_cashier(args);
    all.extend(["--approve", MANAGER_PIN]);
    all
}

fn export_line(cwd: &Path, db: &str, kind: &str) -> serde_json::Value {
    ok(&["export", "events", "--db", db], cwd)
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).expect("json"))
        .rfind(|v| v["type"] == kind)
        .unwrap_or_else(|| panic!("a {kind} event"))
}

#[test]
fn costs_reports_settings_and_users_on_the_command_line() {
    let (dir, db) = common::demo_shop(20, 1);
    let people = add_users(&db);
    owner_sets(&db, &people, "role.manager", ALL);
    let (cwd, db) = (dir.path(), db.to_str().expect("utf-8"));
    let run_refused = |args: Vec<&str>| refused(&args, cwd);
    let run_ok = |args: Vec<&str>| ok(&args, cwd);

    // See costs and margins.
    let why = run_refused(as_cashier(&["stock", "--db", db, "--json", "--costs"]));
    assert!(
        why.contains("Ravi (cashier) may not see costs and margins"),
        "{why}"
    );
    let plain = ok(
        &["--sign-in", CASHIER_PIN, "stock", "--db", db, "--json"],
        cwd,
    );
    assert!(
        !plain.contains("cost_paise"),
        "no costs without the permission"
    );
    let costs = run_ok(approved_by_manager(&[
        "stock", "--db", db, "--json", "--costs",
    ]));
    assert!(costs.contains("\"cost_paise\"") && costs.contains("\"margin_paise\""));

    // See reports.
    let why = run_refused(as_cashier(&["bills", "--db", db, "--json"]));
    assert!(why.contains("may not see reports"), "{why}");
    assert!(!run_ok(approved_by_manager(&["bills", "--db", db, "--json"])).is_empty());

    // See the audit trail.
    let why = run_refused(as_cashier(&["audit", "--db", db, "--json"]));
    assert!(why.contains("may not see the audit trail"), "{why}");
    run_ok(approved_by_manager(&["audit", "--db", db, "--json"]));

    // Change settings: the event names the approver.
    let rename = ["settings", "set", "--db", db, "shop.name", "Sharma Sons"];
    let why = run_refused(as_cashier(&rename));
    assert!(why.contains("may not change settings"), "{why}");
    run_ok(approved_by_manager(&rename));
    let e = export_line(cwd, db, "SETTINGS_CHANGED");
    assert_eq!(e["actor_id"], people.cashier.to_string());
    assert_eq!(e["approved_by"], people.manager.to_string());

    // Manage users.
    let add = [
        "staff", "add", "--db", db, "--name", "Mohan", "--role", "cashier", "--pin", "5555",
    ];
    let why = run_refused(as_cashier(&add));
    assert!(why.contains("may not manage users"), "{why}");
    run_ok(approved_by_manager(&add));
    let e = export_line(cwd, db, "STAFF_CREATED");
    assert_eq!(e["payload"]["name"], "Mohan");
    assert_eq!(e["approved_by"], people.manager.to_string());

    // What a role may do is the owner's: a manager may not change it unless
    // granted, and the owner's own permissions cannot be taken away.
    ok(
        &[
            "--sign-in",
            OWNER_PIN,
            "settings",
            "set",
            "--db",
            db,
            "role.manager",
            "discount",
        ],
        cwd,
    );
    let why = refused(
        &[
            "--sign-in",
            MANAGER_PIN,
            "settings",
            "set",
            "--db",
            db,
            "role.cashier",
            "pay-out",
        ],
        cwd,
    );
    assert!(
        why.contains("Priya (manager) may not manage users"),
        "{why}"
    );
    let out = ok(&["users", "--db", db, "--json"], cwd);
    let v: serde_json::Value = serde_json::from_str(&out).expect("json");
    assert_eq!(v["roles"]["manager"], serde_json::json!(["discount"]));
    assert_eq!(v["roles"]["owner"].as_array().map(Vec::len), Some(10));
    assert_eq!(v["users_set_up"], true);
}
