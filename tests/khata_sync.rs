//! Two counters of one shop keep one khata and two cash books: a payment
//! received at counter B moves the customer's balance on both counters
//! after a sync, and goes into B's drawer alone; a day closed at A does not
//! close B's. Real files, a real server on a real PostgreSQL.

mod sync_common;

use sync_common::*;

fn balance(db: &str, phone: &str) -> i64 {
    run(&["parties", "--db", db, "--json"])
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).expect("json"))
        .find(|v| v["phone"] == phone)
        .and_then(|v| v["balance_paise"].as_i64())
        .unwrap_or_else(|| panic!("{phone} is listed at {db}"))
}

fn book(db: &str) -> serde_json::Value {
    serde_json::from_str(&run(&["cashbook", "--db", db, "--json"])).expect("json")
}

#[test]
fn a_payment_at_one_counter_moves_the_khata_on_both_and_one_drawer() {
    let server = TestServer::start();
    let dir = tempfile::tempdir().expect("dir");
    let (a, b) = two_counters(&server, dir.path());
    let (sa, sb) = (a.to_str().expect("utf-8"), b.to_str().expect("utf-8"));

    run(&[
        "party",
        "add",
        "--db",
        sa,
        "--kind",
        "customer",
        "--name",
        "Asha Verma",
        "--phone",
        "9876500011",
        "--opening",
        "2000",
    ]);
    synced(&a);
    synced(&b);
    assert_eq!(balance(sb, "9876500011"), 200_000);
    let drawer_a = book(sa)["closing_paise"].as_i64().expect("a");

    run(&[
        "khata",
        "got",
        "--db",
        sb,
        "--party",
        "9876500011",
        "--amount",
        "750",
        "--mode",
        "cash",
    ]);
    synced(&b);
    synced(&a);
    assert_eq!(balance(sa, "9876500011"), 125_000);
    assert_eq!(balance(sb, "9876500011"), 125_000);
    assert_eq!(
        book(sa)["closing_paise"].as_i64(),
        Some(drawer_a),
        "A's drawer holds only A's cash"
    );
    assert_eq!(book(sb)["closing_paise"].as_i64(), Some(75_000));

    // A closes its day; B's day stays open and closes on its own.
    let counted = format!("--counted={}", drawer_a / 100 + 1);
    run(&[
        "cashbook",
        "close",
        "--db",
        sa,
        &counted,
        "--note",
        "one rupee over",
    ]);
    synced(&a);
    synced(&b);
    assert!(book(sa)["closed"].is_object());
    assert!(book(sb)["closed"].is_null(), "B's day is not closed by A");
    run(&["cashbook", "close", "--db", sb, "--counted", "750"]);
    synced(&b);
    synced(&a);

    // The owner sees every drawer from any counter, and the shop's total.
    let shop: serde_json::Value =
        serde_json::from_str(&run(&["cashbook", "--db", sa, "--all-counters", "--json"]))
            .expect("json");
    let counters = shop["counters"].as_array().expect("counters");
    assert_eq!(counters.len(), 2, "{shop}");
    assert_eq!(counters[0]["counter"], "this counter");
    let a_cash = book(sa)["closing_paise"].as_i64().expect("a");
    assert_eq!(shop["cash_paise"].as_i64(), Some(a_cash + 75_000), "{shop}");
    assert!(counters.iter().all(|c| c["closed"] == true), "{shop}");
    for db in [sa, sb] {
        let out = run(&["check", "--db", db]);
        assert!(out.contains("every projection equals its rebuild"), "{out}");
    }
}

#[test]
fn a_khata_bill_a_partial_return_a_payment_and_a_manual_entry_agree_on_two_counters() {
    use galla::store::{Access, Store};
    use galla_domain::payload::PayMode;
    let server = TestServer::start();
    let dir = tempfile::tempdir().expect("dir");
    let (a, b) = two_counters(&server, dir.path());
    let (sa, sb) = (a.to_str().expect("utf-8"), b.to_str().expect("utf-8"));

    // A bill on khata made at counter A (the demo's), with two or more units.
    let bill = Store::open(&a, Access::ReadOnly)
        .expect("a")
        .bills_between(None, None)
        .expect("bills")
        .into_iter()
        .find(|b| {
            b.sale.payments.iter().any(|p| p.mode == PayMode::Khata)
                && b.sale.customer_id.is_some()
                && b.cancelled.is_none()
        })
        .expect("the demo shop sold on khata");
    let customer = bill.sale.customer_id.expect("customer");
    let phone = Store::open(&a, Access::ReadOnly)
        .expect("a")
        .party(customer)
        .expect("read")
        .and_then(|p| p.phone)
        .expect("a phone");
    let before = balance(sa, &phone);
    assert_eq!(
        balance(sb, &phone),
        before,
        "B holds A's khata after the first sync"
    );

    // B takes one unit of the first line back; A records a payment; B a
    // manual "gave" with a note (the shop gave: she owes ₹25 more). Each
    // offline, then both sync.
    let back = {
        let mut store = Store::open(&b, Access::ReadWrite).expect("b");
        let mut setup = galla::app::till::TillSetup::for_db(&b);
        setup.counter = "C2".into();
        let done = galla::app::till_bills::return_lines(
            &mut store,
            &setup,
            &bill.sale.bill_no,
            &[(0, galla_domain::Qty::units(1))],
            galla_domain::payload::PayMode::Khata,
        );
        assert!(
            done.as_ref()
                .is_ok_and(|(words, _, _)| words.starts_with("credit note C2-CN1")),
            "{done:?}"
        );
        before - balance(sb, &phone)
    };
    assert!(back > 0, "the return credits the khata");
    run(&[
        "khata",
        "got",
        "--db",
        sa,
        "--party",
        &phone,
        "--amount",
        "100",
        "--mode",
        "upi",
        "--reference",
        "UTR77",
    ]);
    run(&[
        "khata",
        "gave",
        "--db",
        sb,
        "--party",
        &phone,
        "--amount",
        "25",
        "--mode",
        "none",
        "--note",
        "alteration charge",
    ]);
    for db in [&a, &b, &a] {
        synced(db);
    }
    let expected = before - back - 10_000 + 2_500;
    assert_eq!(balance(sa, &phone), expected);
    assert_eq!(balance(sb, &phone), expected);
    for db in [sa, sb] {
        let lines = run(&["khata", "--db", db, "--party", &phone, "--json"]);
        let last: Vec<serde_json::Value> = lines
            .lines()
            .map(|l| serde_json::from_str(l).expect("json"))
            .collect();
        assert_eq!(
            last.last().and_then(|l| l["balance_paise"].as_i64()),
            Some(expected),
            "the running balance ends at the balance on {db}"
        );
        let out = run(&["check", "--db", db]);
        assert!(out.contains("every projection equals its rebuild"), "{out}");
    }
}
