//! `galla bills --json` end to end: bills saved through the real runner fed
//! keys (as a cashier would), then cancelled or partly returned, read back by
//! the real binary as one JSON object per bill — numbers, lines, taxes,
//! payments, status and returns — with the date filter in shop-local days.

mod common;

use chrono::Utc;
use common::till::till;
use galla::store::{Access, Store};
use galla_domain::payload::{BillCancelled, PayMode, QtyLine, SaleReturn};
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
    let first = t
        .store()
        .bill_by_no("C1-1")
        .expect("read")
        .expect("bill C1-1");
    let db = t.db.clone();
    drop(t.runner);

    // Cancel the second bill and return one of the first bill's second item.
    let mut store = Store::open(&db, Access::ReadWrite).expect("open");
    let second = store.bill_by_no("C1-2").expect("read").expect("bill C1-2");
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
    };
    let back = SaleReturn {
        bill_id: first.sale.bill_id,
        location_id: location,
        customer_id: None,
        lines: vec![QtyLine {
            variant_id: first.sale.lines[1].variant_id,
            qty: Qty::units(1),
        }],
        refund: first.sale.lines[1].taxable + first.sale.lines[1].cgst + first.sale.lines[1].sgst,
        refund_mode: PayMode::Cash,
    };
    for p in [
        EventPayload::BillCancelled(cancel),
        EventPayload::SaleReturn(back),
    ] {
        store
            .append(NewEvent::now(StaffId::OWNER, Some(location), p))
            .expect("append");
    }
    drop(store);

    let today = Utc::now()
        .with_timezone(&chrono_tz::Asia::Kolkata)
        .date_naive()
        .to_string();
    let ours = bills(&db, &["--from", &today]);
    let numbers: Vec<&str> = ours.iter().filter_map(|b| b["number"].as_str()).collect();
    assert_eq!(numbers, ["C1-1", "C1-2"]);
    let b1 = &ours[0];
    assert_eq!(b1["status"], "saved");
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
    assert!(demo_day.iter().all(|b| b["number"] != "C1-1"));
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
