//! A shop made by the galla of schema 14 upgrades its report tables in
//! place (schema 16 fills them from the old ones instead of folding every
//! event again): `galla check` is clean afterwards and every report gives
//! what schema 14's galla gave.
//!
//! `tests/fixtures/shop-v14-reports.db` was made by that galla: the report test
//! shop (`report_shop`) at 60 variants and 7 days — two bills cancelled,
//! a return with and one without a credit note, a bill to a registered
//! buyer, an inter-state bill over ₹1,00,000 — written out with `galla
//! export events` and read back with `galla import events` with three
//! more events from a second counter: a bill whose cancel was stored
//! before it, and a cancel whose bill never came. `tests/golden/upgrade`
//! holds that galla's `galla report NAME --json` of the shop (from 14 to 20
//! November, dead stock for 2 days), with `timezone = "Asia/Kolkata"`.

mod common;

use galla::store::{Access, Store, check};
use rusqlite::Connection;

const REPORTS: [&str; 8] = [
    "daily",
    "products",
    "sizes",
    "outstanding",
    "dead-stock",
    "low-stock",
    "gst",
    "staff",
];

/// One number from `sql` on the database at `db`.
fn number(db: &std::path::Path, sql: &str) -> i64 {
    let conn = Connection::open(db).expect("open");
    conn.query_row(sql, [], |r| r.get(0)).expect("one value")
}

#[test]
fn a_schema_14_shop_upgrades_its_report_tables_in_place_and_reports_the_same() {
    let dir = tempfile::tempdir().expect("dir");
    let db = dir.path().join("shop.db");
    std::fs::copy("tests/fixtures/shop-v14-reports.db", &db).expect("copy the fixture");
    let config = dir.path().join("config.toml");
    std::fs::write(&config, "timezone = \"Asia/Kolkata\"\n").expect("config");
    assert_eq!(number(&db, "PRAGMA user_version"), 14);
    let lines_before = number(
        &db,
        "SELECT COUNT(*) FROM report_bills WHERE lines IS NOT NULL",
    );
    assert!(lines_before > 100, "the fixture keeps its bills' lines");

    let store = Store::open(&db, Access::ReadWrite).expect("upgrades");
    let found = check(&store).expect("check");
    assert!(found.is_clean(), "{:?}", found.differences);
    let mut sales = std::collections::BTreeSet::new();
    store
        .for_each_event(|seq, e| {
            if matches!(e.payload, galla_domain::EventPayload::Sale(_)) {
                sales.insert(seq);
            }
            Ok(())
        })
        .expect("events");
    drop(store);
    assert_eq!(
        number(&db, "PRAGMA user_version"),
        galla::store::LATEST_SCHEMA
    );
    // Each bill's row names its SALE event instead of holding the bill
    // again; the placeholder of the cancel whose bill never came stays.
    // The till's and the reports' rows of a bill are one (schema 18), keyed
    // by the id's 16 bytes.
    let named: std::collections::BTreeSet<i64> = Connection::open(&db)
        .expect("open")
        .prepare("SELECT seq FROM bills WHERE seq IS NOT NULL")
        .expect("query")
        .query_map([], |r| r.get(0))
        .expect("rows")
        .collect::<rusqlite::Result<_>>()
        .expect("seqs");
    assert_eq!(named, sales);
    assert_eq!(named.len() as i64, lines_before);
    assert_eq!(
        number(
            &db,
            "SELECT COUNT(*) FROM bills WHERE seq IS NULL AND cancelled_ms IS NOT NULL
                AND bill_no IS NULL AND length(bill_id) = 16"
        ),
        1
    );
    assert_eq!(
        number(
            &db,
            "SELECT COUNT(*) FROM bills WHERE length(bill_id) <> 16"
        ),
        0
    );
    assert_eq!(
        number(
            &db,
            "SELECT COUNT(*) FROM sqlite_schema WHERE name = 'report_bills'"
        ),
        0,
        "the reports' copy of the bills is gone"
    );
    assert_eq!(
        number(
            &db,
            "SELECT COUNT(*) FROM sqlite_schema WHERE name LIKE '%_v13'"
        ),
        0,
        "the old tables are gone"
    );

    let db = db.to_str().expect("path");
    let config = config.to_str().expect("path");
    for name in REPORTS {
        let mut args = vec!["report", name, "--db", db, "--config", config, "--json"];
        if name == "dead-stock" {
            args.extend(["--to", "2026-11-20", "--days", "2"]);
        } else {
            args.extend(["--from", "2026-11-14", "--to", "2026-11-20"]);
        }
        let got = common::cli::json(&args, dir.path());
        let file = format!("tests/golden/upgrade/{name}.json");
        let want: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(&file).expect("golden")).expect("json");
        assert_eq!(got, want, "galla report {name} differs from {file}");
    }
}
