//! The client's answers to the server's whole-request errors, end to end
//! against a real galla-server and PostgreSQL: a revoked counter (403) stops
//! with "sign-in needed" and keeps its queue until enrolled again; a server
//! restored from a backup and given a new epoch (410) gets every event again
//! and every counter re-reads the ledger; a batch over 1 MiB (413) is halved
//! until it fits; a rate limit's 429 is waited out for its Retry-After; a
//! server that no longer speaks this galla's protocol (426) gets "upgrade
//! needed" and the queue waits.

mod sync_common;

use std::path::Path;
use std::time::{Duration, Instant};

use galla::store::{Access, Store};
use galla::sync::{SyncConfig, SyncState, spawn};
use galla_server::ServeConfig;
use sync_common::*;

fn fast(db: &Path, url: &str) -> SyncConfig {
    let mut c = SyncConfig::new(db, url);
    c.connect_timeout = Duration::from_secs(1);
    c.request_timeout = Duration::from_secs(5);
    c.backoff_min = Duration::from_millis(20);
    c.backoff_max = Duration::from_millis(40);
    c.long_poll = 1;
    c.local_check = Duration::from_millis(50);
    c
}

fn status(db: &Path) -> serde_json::Value {
    let (ok, v) = sync_status(db);
    assert!(ok, "{v}");
    v
}

#[test]
fn a_revoked_counter_keeps_its_queue_and_resumes_when_enrolled_again() {
    let server = TestServer::start();
    let dir = tempfile::tempdir().expect("dir");
    let shop = new_shop(dir.path(), "c0");
    enroll(&shop, &server.url(), &server.code());
    assert!(sync_once(&shop).0);
    server.revoke(&shop);
    add_stock(&shop, 5, 0);

    let (ok, v) = sync_once(&shop);
    assert!(!ok, "a revoked counter cannot sync: {v}");
    let error = v["error"].as_str().expect("error");
    assert!(error.contains("sign-in needed"), "{error}");
    assert!(error.contains("galla enroll"), "says what to do: {error}");
    assert_eq!(status(&shop)["pending"], 5, "the queue is kept");

    let handle = spawn(fast(&shop, &server.url()));
    wait_for(&handle, "sign-in needed", |s| {
        s.state == SyncState::SignInNeeded && s.pending == 5
    });
    handle.stop();

    enroll(&shop, &server.url(), &server.code());
    let (ok, v) = sync_once(&shop);
    assert!(ok, "{v}");
    assert_eq!(v["pending"], 0);
    assert_eq!(server.ledger().len(), event_ids(&shop).len());
}

#[test]
fn after_a_restore_and_a_new_epoch_every_event_is_on_the_server_once_again() {
    let server = TestServer::start();
    let dir = tempfile::tempdir().expect("dir");
    let a = new_shop(dir.path(), "a");
    let b = dir.path().join("b.db");
    enroll(&a, &server.url(), &server.code());
    enroll(&b, &server.url(), &server.code());
    add_stock(&a, 20, 1);
    assert!(sync_once(&a).0);
    assert!(sync_once(&b).0);
    server.backup();
    // After the backup: both counters sell and sync; the server loses it all.
    add_stock(&a, 30, 2);
    add_stock(&b, 25, 3);
    for shop in [&a, &b, &a] {
        assert!(sync_once(shop).0);
    }
    let before = server.ledger().len();
    server.restore();
    assert!(server.ledger().len() < before, "the restore lost events");
    server.new_epoch();
    add_stock(&b, 5, 4);

    for shop in [&a, &b, &a] {
        let (ok, v) = sync_once(shop);
        assert!(ok, "{v}");
        assert_eq!(v["pending"], 0);
    }
    let ledger = server.ledger();
    assert_eq!(ledger.len(), before + 5, "every event once, none twice");
    let mut on_server: Vec<String> = ledger.values().cloned().collect();
    on_server.sort();
    on_server.dedup();
    assert_eq!(on_server.len(), ledger.len());
    assert_eq!(event_ids(&a), on_server);
    assert_eq!(event_ids(&b), on_server);
    assert_eq!(stock(&a), stock(&b));
    assert_eq!(
        stock_by_id(&a),
        server.stock(),
        "the server's stock is right again"
    );
    assert_check_clean(&a);
    assert_check_clean(&b);
}

/// `n` stock counts with a note of `note_bytes` bytes each, in one commit.
fn add_noted_stock(db: &Path, n: usize, note_bytes: usize) {
    let mut store = Store::open(db, Access::ReadWrite).expect("open");
    let loc = store.locations().expect("locations")[0].location_id;
    let variant = store.search_entries().expect("entries")[0].variant_id;
    let note = "godown recount, shelf by shelf; ".repeat(note_bytes / 32 + 1);
    let events = (0..n)
        .map(|i| {
            adjustment(
                loc,
                variant,
                1 + (i % 2) as i64,
                Some(note[..note_bytes].into()),
            )
        })
        .collect();
    store.append_batch(events).expect("append");
}

#[test]
fn a_batch_over_one_mebibyte_is_halved_until_it_fits() {
    let server = TestServer::start();
    let dir = tempfile::tempdir().expect("dir");
    let shop = new_shop(dir.path(), "c0");
    enroll(&shop, &server.url(), &server.code());
    // Events of 3 KiB: a full batch of 500 is ~1.6 MiB, over the limit.
    add_noted_stock(&shop, 1_200, 3 * 1024);
    let (ok, v) = sync_once(&shop);
    assert!(ok, "{v}");
    assert_eq!(v["pending"], 0);
    assert_eq!(server.ledger().len(), event_ids(&shop).len());
}

#[test]
fn a_rate_limited_counter_waits_as_long_as_the_server_asks() {
    // One request a second, a burst of two: the task's own back-off (at most
    // 40 ms here) is far shorter than the Retry-After it will be given.
    let server = TestServer::start_with(ServeConfig {
        rate_limit: 1,
        ..ServeConfig::default()
    });
    let dir = tempfile::tempdir().expect("dir");
    let shop = new_shop(dir.path(), "c0");
    enroll(&shop, &server.url(), &server.code());
    let mut config = fast(&shop, &server.url());
    config.push_batch = 50;
    let handle = spawn(config);
    let mut longest_wait = chrono::Duration::zero();
    let start = Instant::now();
    loop {
        let s = handle.snapshot.borrow().clone();
        if let (Some(retry), Some(error)) = (s.next_retry, &s.last_error)
            && error.contains("429")
        {
            longest_wait = longest_wait.max(retry - chrono::Utc::now());
        }
        if s.state == SyncState::UpToDate && s.pending == 0 {
            break;
        }
        assert!(
            start.elapsed() < Duration::from_secs(30),
            "never drained: {s:?}"
        );
        std::thread::sleep(Duration::from_millis(5));
    }
    handle.stop();
    assert!(
        longest_wait > chrono::Duration::milliseconds(500),
        "a 429 should hold the task for its Retry-After (1 s), not its 40 ms back-off; \
         longest wait seen {longest_wait:?}"
    );
    assert_eq!(server.ledger().len(), event_ids(&shop).len());
}

#[test]
fn a_server_too_new_for_this_galla_says_upgrade_needed_and_the_queue_waits() {
    let server = TestServer::start();
    let newer = server.another_instance(ServeConfig {
        min_protocol: galla_proto::PROTOCOL_VERSION + 1,
        max_protocol: galla_proto::PROTOCOL_VERSION + 1,
        rate_limit: 0,
        attempt_limit: 0,
    });
    let dir = tempfile::tempdir().expect("dir");
    let shop = new_shop(dir.path(), "c0");
    enroll(&shop, &server.url(), &server.code());
    assert!(sync_once(&shop).0);
    add_stock(&shop, 3, 0);

    let db = shop.to_str().expect("path");
    let (ok, v) = galla_json(&["sync", "--db", db, "--once", "--server", &newer, "--json"]);
    assert!(!ok, "{v}");
    let error = v["error"].as_str().expect("error");
    assert!(error.contains("upgrade needed"), "{error}");
    let handle = spawn(fast(&shop, &newer));
    wait_for(&handle, "upgrade needed", |s| {
        s.state == SyncState::UpgradeNeeded && s.pending == 3
    });
    handle.stop();
    assert_eq!(status(&shop)["pending"], 3, "the queue is kept");
    // The old instance still serves this galla.
    assert!(sync_once(&shop).0);
    assert_eq!(server.ledger().len(), event_ids(&shop).len());
}
