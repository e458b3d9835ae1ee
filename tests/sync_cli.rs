//! `galla enroll` and `galla sync` against a real galla-server over a real
//! PostgreSQL: the round trip, a second counter that pulls the whole shop,
//! billing that never waits while the server is unreachable, and one
//! syncer per database.

mod sync_common;

use galla::sync::SyncState;
use galla_testpg::{Fault, FaultProxy, Mode};
use sync_common::*;

#[test]
fn enroll_sync_once_round_trip_and_a_second_counter_pulls_the_shop() {
    let server = TestServer::start();
    let dir = tempfile::tempdir().expect("dir");
    let a = new_shop(dir.path(), "a");
    enroll(&a, &server.url(), &server.code());
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(galla::sync::token_path(&a))
            .expect("token file")
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600, "token readable only by its owner");
    }
    let a_events = event_ids(&a).len();
    let (ok, v) = sync_once(&a);
    assert!(ok, "{v}");
    assert_eq!(v["pushed"], a_events as u64, "{v}");
    assert_eq!(v["pending"], 0, "{v}");
    assert_eq!(v["state"], "up_to_date", "{v}");
    assert_eq!(server.ledger().len(), a_events);

    let (ok, v) = sync_status(&a);
    assert!(ok, "{v}");
    assert_eq!(v["enrolled"], true);
    assert_eq!(v["pending"], 0);

    // A second counter on an empty database pulls the whole shop.
    let b = dir.path().join("b.db");
    enroll(&b, &server.url(), &server.code());
    let (ok, v) = sync_once(&b);
    assert!(ok, "{v}");
    assert_eq!(v["pulled"], a_events as u64, "{v}");
    assert_check_clean(&b);
    assert_eq!(stock(&b), stock(&a));

    // Both ways: B sells / adjusts, A sees it.
    add_stock(&b, 25, 1);
    for db in [&b, &a, &b] {
        let (ok, v) = sync_once(db);
        assert!(ok, "{v}");
    }
    assert_eq!(event_ids(&a), event_ids(&b));
    assert_eq!(stock(&a), stock(&b));
    assert_check_clean(&a);
    assert_eq!(server.ledger().len(), a_events + 25);
}

#[test]
fn billing_never_waits_and_the_queue_drains_when_the_server_is_back() {
    let server = TestServer::start();
    let proxy = FaultProxy::start(server.addr, 7).expect("proxy");
    let dir = tempfile::tempdir().expect("dir");
    let a = new_shop(dir.path(), "a");
    enroll(&a, &proxy.url(), &server.code());
    proxy.set(Mode::Always(Fault::Refuse));

    let started = std::time::Instant::now();
    add_stock(&a, 300, 0);
    assert!(
        started.elapsed() < std::time::Duration::from_secs(20),
        "appends must not wait for the network"
    );
    let (ok, v) = sync_once(&a);
    assert!(!ok, "sync must fail while the server is unreachable: {v}");
    assert!(v["error"].as_str().is_some_and(|e| !e.is_empty()), "{v}");
    let (_, v) = sync_status(&a);
    let queued = v["pending"].as_u64().expect("pending");
    assert_eq!(queued as usize, event_ids(&a).len());

    proxy.set(Mode::Always(Fault::Pass));
    let (ok, v) = sync_once(&a);
    assert!(ok, "{v}");
    assert_eq!(v["pending"], 0, "{v}");
    assert_eq!(server.ledger().len(), event_ids(&a).len());
}

#[test]
fn sync_without_enrollment_says_what_to_do() {
    let dir = tempfile::tempdir().expect("dir");
    let a = new_shop(dir.path(), "a");
    let (ok, v) = sync_once(&a);
    assert!(!ok);
    let error = v["error"].as_str().expect("error");
    assert!(error.contains("galla enroll"), "{error}");
}

#[test]
fn only_one_galla_syncs_a_database_at_a_time() {
    let server = TestServer::start();
    let dir = tempfile::tempdir().expect("dir");
    let a = new_shop(dir.path(), "a");
    enroll(&a, &server.url(), &server.code());
    let first = galla::sync::spawn(galla::sync::SyncConfig::new(&a, &server.url()));
    wait_for(&first, "up to date", |s| s.state == SyncState::UpToDate);
    let (ok, v) = sync_once(&a);
    assert!(!ok, "a second syncer must refuse: {v}");
    assert!(
        v["error"]
            .as_str()
            .is_some_and(|e| e.contains("already syncing")),
        "{v}"
    );
    let second = galla::sync::spawn(galla::sync::SyncConfig::new(&a, &server.url()));
    wait_for(&second, "told another galla syncs", |s| {
        s.state == SyncState::Elsewhere
    });
    second.stop();
    first.stop();
    let (ok, v) = sync_once(&a);
    assert!(ok, "the lock goes with the task: {v}");
}
