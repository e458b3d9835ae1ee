//! `galla bills --json` end to end: bills saved through the real runner fed
//! keys (as a cashier would), then cancelled or partly returned, read back by
//! the real binary as one JSON object per bill — numbers, lines, taxes,
//! payments, status and returns — with the date filter in shop-local days.

mod common;

use chrono::Utc;
use common::till::till;
use galla::store::{Access, Store};
use galla_domain::payload::{BillCancelled, QtyLine};
use galla_domain::{EventPayload, NewEvent, Qty, StaffId};
use serde_json::Value;
use std::path::Path;
use std::process::Command;

fn bills(db: &Path, extra: &[&str]) -> Vec<Value> {
    let dir = db.parent().expect("dir");
    let out = Command::new(env!("CARGO_BIN_EXE_galla"))
        .args(["bills", "--db", db.to_str().expect("utf-8"), "--json"])
        .args(extra)
        .env("HOME", dir)
        .env("XDG_CONFIG_HOME", dir.join("xdg-config"))
        .env("TZ", "Asia/Kolkata")
        .output()
        .expect("run galla");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout)
        .expect("utf-8")
        .lines()
        .map(|l| serde_json::from_str(l).expect("one JSON object per line"))
        .collect()
}

#[test]
fn bills_json_lists_saved_cancelled_and_returned_bills() {
    let mut t = till();
    let codes = t.codes.clone();
    t.sell(&[&codes[0], &codes[1], &codes[1]]);
    t.sell(&[&codes[0]]);
    let db = t.db.clone();
    let (c1, c2) = (t.no(1), t.no(2));
    drop(t.runner);

    // Cancel the second bill and return one of the first bill's second item.
    let mut store = Store::open(&db, Access::ReadWrite).expect("open");
    let second = store
        .bill_by_no(&c2)
        .expect("read")
        .expect("the second bill");
    let location = second.sale.location_id;
    let cancel = BillCancelled {
        bill_id: second.sale.bill_id,
        reason: "wrong size".into(),
        location_id: location,
        lines: vec![QtyLine {
            variant_id: second.sale.lines[0].variant_id,
            qty: second.sale.lines[0].qty,
        }],
        customer_id: None,
        khata_reversed: galla_domain::Money::ZERO,
        cash_reversed: second.sale.total,
        upi_reversed: galla_domain::Money::ZERO,
        card_reversed: galla_domain::Money::ZERO,
    };
    store
        .append(NewEvent::now(
            StaffId::OWNER,
            Some(location),
            EventPayload::BillCancelled(cancel),
        ))
        .expect("append");
    // One of the first bill's second item comes back: a credit note.
    let setup = galla::app::till::TillSetup::for_db(&db);
    let back = [(1, Qty::units(1))];
    let cash = galla_domain::payload::PayMode::Cash;
    galla::app::till_bills::return_lines(&mut store, &setup, &c1, &back, cash).expect("return");
    drop(store);

    let today = Utc::now()
        .with_timezone(&chrono_tz::Asia::Kolkata)
        .date_naive()
        .to_string();
    let ours = bills(&db, &["--from", &today]);
    let numbers: Vec<&str> = ours.iter().filter_map(|b| b["number"].as_str()).collect();
    assert_eq!(numbers, [c1.as_str(), c2.as_str()]);
    let b1 = &ours[0];
    // The same words as the counter's bills list (the domain's status).
    assert_eq!(b1["status"], "partly_returned");
    assert_eq!(b1["document"], "tax_invoice");
    assert_eq!(b1["place_of_supply"], "08");
    assert_eq!(b1["place_of_supply_name"], "Rajasthan");
    assert_eq!(b1["lines"].as_array().expect("lines").len(), 2);
    assert_eq!(b1["lines"][1]["qty"], 2);
    assert!(
        b1["lines"][0]["sku"]
            .as_str()
            .is_some_and(|s| !s.is_empty())
    );
    assert!(b1["lines"][0]["name"].as_str().is_some());
    assert_eq!(b1["payments"][0]["mode"], "cash");
    assert_eq!(b1["payments"][0]["amount_paise"], b1["total_paise"]);
    let taxes = b1["taxes"].as_array().expect("taxes");
    assert!(!taxes.is_empty());
    let line_sum: i64 = b1["lines"]
        .as_array()
        .expect("lines")
        .iter()
        .map(|l| {
            ["taxable_paise", "cgst_paise", "sgst_paise", "igst_paise"]
                .iter()
                .map(|k| l[k].as_i64().expect("paise"))
                .sum::<i64>()
        })
        .sum();
    assert_eq!(
        line_sum + b1["round_off_paise"].as_i64().expect("round off"),
        b1["total_paise"].as_i64().expect("total")
    );
    assert!(
        b1["time_local"]
            .as_str()
            .is_some_and(|t| t.ends_with("+05:30"))
    );
    assert_eq!(b1["returns"][0]["lines"][0]["qty"], 1);
    assert_eq!(b1["returns"][0]["refund_mode"], "cash");
    assert_eq!(b1["returns"][0]["credit_note"], "C1-CN1");
    assert!(
        b1["returns"][0]["time_local"]
            .as_str()
            .is_some_and(|t| t.ends_with("+05:30")),
        "{}",
        b1["returns"][0]
    );
    let credited: i64 = b1["returns"][0]["taxes"]
        .as_array()
        .expect("taxes by rate")
        .iter()
        .map(|t| t["taxable_paise"].as_i64().expect("taxable"))
        .sum();
    assert!(credited > 0, "{}", b1["returns"][0]);
    assert_eq!(ours[1]["status"], "cancelled");
    assert_eq!(ours[1]["cancelled"]["reason"], "wrong size");

    // The demo's bills are on their own days; a range that ends before today
    // holds none of ours.
    let demo_day = bills(&db, &["--from", "2026-11-20", "--to", "2026-11-20"]);
    assert!(!demo_day.is_empty());
    assert!(demo_day.iter().all(|b| {
        b["time_local"]
            .as_str()
            .is_some_and(|t| t.starts_with("2026-11-20"))
    }));
    assert!(demo_day.iter().all(|b| b["number"] != c1.as_str()));
}

#[test]
fn bills_refuses_a_backwards_range() {
    let t = till();
    let db = t.db.clone();
    let out = Command::new(env!("CARGO_BIN_EXE_galla"))
        .args(["bills", "--db", db.to_str().expect("utf-8"), "--json"])
        .args(["--from", "2026-11-20", "--to", "2026-11-01"])
        .env("HOME", db.parent().expect("dir"))
        .output()
        .expect("run galla");
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("after --to"));
}
