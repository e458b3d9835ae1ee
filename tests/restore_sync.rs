//! A restored counter re-syncs safely, on a real server over a real
//! PostgreSQL. Restored from a backup that holds everything the server has
//! of it, it keeps its id and numbering. Restored from an older backup (the
//! server holds its own events the backup lacks), its next sync stops and
//! asks for enrollment; enrolled again it becomes a new counter, pulls its
//! lost events back as another counter's, and goes on with nothing twice.

mod sync_common;

use galla::store::{Access, Store};
use sync_common::*;

fn device(db: &std::path::Path) -> String {
    Store::open(db, Access::ReadOnly)
        .expect("open")
        .device_id()
        .to_string()
}

#[test]
fn a_restored_counter_keeps_its_place_or_becomes_a_new_one_and_pulls_back() {
    let server = TestServer::start();
    let dir = tempfile::tempdir().expect("dir");
    let a = new_shop(dir.path(), "a");
    let sa = a.to_str().expect("utf-8");
    enroll(&a, &server.url(), &server.code());
    assert!(sync_once(&a).0);
    let copy = dir.path().join("a-backup.db");
    let sc = copy.to_str().expect("utf-8");
    run(&["backup", "--db", sa, "--to", sc]);
    let id = device(&a);

    // In step with the server: the counter keeps its id.
    let said = run(&["restore", "--from", sc, "--db", sa]);
    assert!(said.contains("checks it against the server"), "{said}");
    let (ok, v) = sync_once(&a);
    assert!(ok, "{v}");
    assert_eq!(device(&a), id);

    // Five more events reach the server; then the disk dies.
    add_stock(&a, 5, 1);
    assert!(sync_once(&a).0);
    let all = event_ids(&a);
    run(&["restore", "--from", sc, "--db", sa, "--force"]);
    assert_eq!(event_ids(&a).len(), all.len() - 5);
    let (ok, v) = sync_once(&a);
    assert!(!ok, "{v}");
    let why = v["error"].as_str().unwrap_or_default();
    assert!(
        why.contains("lacks 5 of its own events") && why.contains("galla enroll"),
        "{why}"
    );
    assert!(
        !galla::sync::token_path(&a).exists(),
        "the old token is put aside"
    );

    enroll(&a, &server.url(), &server.code());
    assert_ne!(device(&a), id, "a new counter");
    let (ok, v) = sync_once(&a);
    assert!(ok, "{v}");
    assert_eq!(event_ids(&a), all, "the lost events came back");
    assert_check_clean(&a);
    // It goes on: its own events are the new counter's, from 1.
    add_stock(&a, 2, 7);
    let (ok, v) = sync_once(&a);
    assert!(ok, "{v}");
    assert_eq!(v["pending"], 0, "{v}");
    let ledger = server.ledger();
    assert_eq!(
        ledger.len(),
        all.len() + 2,
        "every event once on the server"
    );
}
