//! Shared helpers for the integration tests: temporary shops made by the real
//! demo generator, and a fixed date so generated shops are the same every run.

#![allow(dead_code)]

use chrono::NaiveDate;
use galla::demo::{DemoSpec, generate};
use galla::store::{Access, Store};
use std::path::PathBuf;

pub mod cli;
pub mod pty;
pub mod rows;
pub mod till;
pub mod users;

/// The last trading day of every test shop.
pub fn fixed_end() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 20).expect("valid date")
}

/// A temporary directory and a demo shop of `variants` variants and `days` days in it.
pub fn demo_shop(variants: usize, days: u32) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("shop.db");
    let mut store = Store::open(&path, Access::ReadWrite).expect("open");
    let spec = DemoSpec {
        variants,
        days,
        seed: 7,
        end: fixed_end(),
        counter: "C1".into(),
    };
    generate(&mut store, &spec).expect("demo");
    (dir, path)
}

/// The number of the `k`th bill a test makes on counter C1 of the shop at
/// `db`: the till carries on the demo history's series (`C1-76` after 75).
pub fn bill_no(db: &std::path::Path, k: u64) -> String {
    let store = Store::open(db, Access::ReadOnly).expect("open");
    let last = store.last_bill_seq("", "C1").expect("series");
    format!("C1-{}", last + k)
}

/// The status bar every screen test draws: the demo shop, counter C1, no server.
pub fn status() -> galla::app::Status {
    galla::app::Status {
        shop: "Sharma Garments".into(),
        counter: "C1".into(),
        user: "Owner".into(),
        tz: chrono_tz::Asia::Kolkata,
        read_only: false,
        sync: "offline — no server set".into(),
    }
}
