//! Setting up a new counter from a copy of another counter's database (the
//! everyday way to do it) against a real server: the copy is told apart at
//! enrollment and becomes a counter of its own, the original is not signed
//! out and still sends the events it had not sent, and the two end with the
//! same shop.

mod sync_common;

use galla::store::{Access, Store};
use sync_common::*;

#[test]
fn enrolling_a_copy_of_a_counter_makes_a_new_counter_and_the_original_keeps_syncing() {
    let server = TestServer::start();
    let dir = tempfile::tempdir().expect("dir");
    let a = new_shop(dir.path(), "a");
    enroll(&a, &server.url(), &server.code());
    let (ok, v) = sync_once(&a);
    assert!(ok, "{v}");
    add_stock(&a, 3, 0); // made at A, not sent yet when the file is copied
    let a_id = Store::open(&a, Access::ReadOnly).expect("a").device_id();

    let c = dir.path().join("copy.db");
    std::fs::copy(&a, &c).expect("copy the database (not its token)");
    let (ok, v) = galla_json(&[
        "enroll",
        "--db",
        c.to_str().expect("utf-8"),
        "--server",
        &server.url(),
        "--code",
        &server.code(),
        "--json",
    ]);
    assert!(ok, "{v}");
    assert_eq!(v["copy_of"], a_id.to_string(), "{v}");
    assert_eq!(v["left_to_original"], 3, "{v}");
    let c_id = Store::open(&c, Access::ReadOnly).expect("c").device_id();
    assert_ne!(c_id, a_id);
    assert_eq!(v["device_id"], c_id.to_string());

    // The original is not signed out: it sends its three events.
    let (ok, v) = sync_once(&a);
    assert!(ok, "the original still syncs: {v}");
    assert_eq!(v["pushed"], 3, "{v}");

    // The copy's own events are its own, numbered from 1.
    add_stock(&c, 2, 5);
    for db in [&c, &a, &c] {
        let (ok, v) = sync_once(db);
        assert!(ok, "{v}");
        assert_eq!(v["pending"], 0, "{v}");
    }
    assert_eq!(event_ids(&a), event_ids(&c));
    assert_eq!(stock(&a), stock(&c));
    assert_check_clean(&a);
    assert_check_clean(&c);
    // The copy's two events are in the ledger as its own, from device_seq 1.
    let ledger = server.ledger();
    let c_text = c_id.to_string();
    let mine: Vec<i64> = ledger
        .keys()
        .filter(|(device, _)| *device == c_text)
        .map(|(_, seq)| *seq)
        .collect();
    assert_eq!(mine, vec![1, 2]);
}

#[test]
fn a_setting_changed_on_one_counter_reaches_the_other() {
    let server = TestServer::start();
    let dir = tempfile::tempdir().expect("dir");
    let (a, b) = two_counters(&server, dir.path());
    let out = galla(&[
        "settings",
        "set",
        "--db",
        a.to_str().expect("utf-8"),
        "shop.name",
        "Sharma Garments & Sons",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(sync_once(&a).0);
    assert!(sync_once(&b).0);
    let (ok, v) = galla_json(&["settings", "--db", b.to_str().expect("utf-8"), "--json"]);
    assert!(ok, "{v}");
    assert_eq!(v["shop.name"], "Sharma Garments & Sons");
}
