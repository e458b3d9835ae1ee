//! Three counters sync through a fault-injecting proxy (refuse, blackhole,
//! dropped requests, resets after the server committed, latency, tiny
//! writes; seeded) while they keep appending; after healing, all converge
//! within 30 s: every event on the server exactly once, every counter's
//! events and stock equal to the others', to the server's and to a rebuild.
//! 2,000 events per counter by default; 20,000 with GALLA_SOAK=1; another
//! fault schedule with GALLA_SEED=N.

mod sync_common;

use std::time::{Duration, Instant};

use galla::sync::{SyncConfig, SyncHandle, SyncState, spawn};
use galla_testpg::{Fault, FaultProxy, Mode};
use sync_common::*;

fn test_config(db: &std::path::Path, url: &str) -> SyncConfig {
    let mut c = SyncConfig::new(db, url);
    c.connect_timeout = Duration::from_secs(1);
    c.request_timeout = Duration::from_secs(3);
    c.backoff_min = Duration::from_millis(100);
    c.backoff_max = Duration::from_secs(2);
    c.push_batch = 50;
    c.pull_limit = 100;
    c.long_poll = 1;
    c.local_check = Duration::from_millis(50);
    c
}

fn settled(handles: &[SyncHandle]) -> bool {
    handles.iter().all(|h| {
        let s = h.snapshot.borrow();
        s.state == SyncState::UpToDate && s.pending == 0
    })
}

#[test]
fn three_counters_converge_after_network_faults() {
    let seed: u64 = std::env::var("GALLA_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(42);
    let per_counter: usize = if std::env::var_os("GALLA_SOAK").is_some() {
        20_000
    } else {
        2_000
    };
    eprintln!("seed {seed}, {per_counter} events per counter");
    let server = TestServer::start();
    let proxy = FaultProxy::start(server.addr, seed).expect("proxy");
    let dir = tempfile::tempdir().expect("dir");
    let first = new_shop(dir.path(), "c0");
    let mut shops = vec![first.clone()];
    for i in 1..3 {
        shops.push(dir.path().join(format!("c{i}.db")));
    }
    for shop in &shops {
        enroll(shop, &proxy.url(), &server.code());
    }
    // Every counter needs the catalogue before it can sell from it.
    for shop in [&shops[0], &shops[1], &shops[2]] {
        let out = galla(&["sync", "--db", shop.to_str().expect("path"), "--once"]);
        assert!(out.status.success(), "{out:?}");
    }
    let base = event_ids(&shops[0]).len();
    let handles: Vec<SyncHandle> = shops
        .iter()
        .map(|s| spawn(test_config(s, &proxy.url())))
        .collect();

    let writers: Vec<_> = shops
        .iter()
        .enumerate()
        .map(|(i, shop)| {
            let shop = shop.clone();
            std::thread::spawn(move || {
                for round in 0..10 {
                    add_stock(&shop, per_counter / 10, i * 7 + round);
                    std::thread::sleep(Duration::from_millis(40));
                }
            })
        })
        .collect();
    let modes = [
        Mode::Chaos,
        Mode::Always(Fault::Refuse),
        Mode::Chaos,
        Mode::Always(Fault::ResetAfterUpstream),
        Mode::Always(Fault::Pass),
        Mode::Always(Fault::Blackhole),
        Mode::Chaos,
        Mode::Always(Fault::DropRequest),
        Mode::Always(Fault::Slice(3)),
        Mode::Chaos,
    ];
    let mut i = 0;
    while writers.iter().any(|w| !w.is_finished()) || i < modes.len() {
        proxy.set(modes[i % modes.len()]);
        i += 1;
        std::thread::sleep(Duration::from_millis(300));
    }
    for w in writers {
        w.join().expect("writer");
    }

    proxy.set(Mode::Always(Fault::Pass));
    let healed = Instant::now();
    let expected = base + 3 * per_counter;
    loop {
        if settled(&handles)
            && server.ledger().len() == expected
            && shops.iter().all(|s| event_ids(s).len() == expected)
        {
            break;
        }
        assert!(
            healed.elapsed() < Duration::from_secs(30),
            "no convergence 30 s after healing: {:?}",
            handles
                .iter()
                .map(|h| h.snapshot.borrow().clone())
                .collect::<Vec<_>>()
        );
        std::thread::sleep(Duration::from_millis(200));
    }
    eprintln!("converged {:?} after healing", healed.elapsed());
    for h in handles {
        h.stop();
    }
    let ledger = server.ledger();
    let mut on_server: Vec<String> = ledger.values().cloned().collect();
    on_server.sort();
    on_server.dedup();
    assert_eq!(on_server.len(), expected, "every event exactly once");
    for shop in &shops {
        assert_eq!(event_ids(shop), on_server);
        assert_eq!(stock(shop), stock(&shops[0]));
        assert_eq!(stock_by_id(shop), server.stock(), "the server's stock too");
        assert_check_clean(shop);
    }
}
