//! kill -9 of `galla sync --once` in the middle of pushing (the proxy slows
//! the link so the kill lands mid-request), over and over, then a clean
//! sync: nothing lost, nothing doubled on the server, the shop consistent.

mod sync_common;

use std::process::{Command, Stdio};
use std::time::Duration;

use galla_testpg::{Fault, FaultProxy, Mode};
use sync_common::*;

#[test]
fn kill_9_while_pushing_loses_nothing_and_doubles_nothing() {
    let server = TestServer::start();
    let proxy = FaultProxy::start(server.addr, 3).expect("proxy");
    let dir = tempfile::tempdir().expect("dir");
    let a = new_shop(dir.path(), "a");
    add_stock(&a, 1_500, 0);
    enroll(&a, &proxy.url(), &server.code());
    proxy.set(Mode::Always(Fault::Latency(Duration::from_millis(15))));
    let db = a.to_str().expect("path");
    let mut rng = 0x2545_F491_4F6C_DD1Du64;
    for round in 0..6 {
        let mut child = Command::new(env!("CARGO_BIN_EXE_galla"))
            .args(["sync", "--db", db, "--once"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("spawn");
        rng ^= rng << 13;
        rng ^= rng >> 7;
        rng ^= rng << 17;
        let wait = 100 + rng % 500;
        std::thread::sleep(Duration::from_millis(wait));
        child.kill().expect("SIGKILL");
        let _ = child.wait();
        eprintln!(
            "round {round}: killed after {wait} ms; server has {}",
            server.ledger().len()
        );
        assert_check_clean(&a);
    }
    proxy.set(Mode::Always(Fault::Pass));
    let (ok, v) = galla_json(&["sync", "--db", db, "--once", "--json"]);
    assert!(ok, "{v}");
    assert_eq!(v["pending"], 0, "{v}");
    let ledger = server.ledger();
    let mut on_server: Vec<String> = ledger.values().cloned().collect();
    on_server.sort();
    let before = on_server.len();
    on_server.dedup();
    assert_eq!(before, on_server.len(), "no event twice");
    assert_eq!(on_server, event_ids(&a), "nothing lost");
    // Sequences on the server are gapless from 1.
    let seqs: Vec<i64> = ledger.keys().map(|k| k.1).collect();
    assert_eq!(seqs, (1..=seqs.len() as i64).collect::<Vec<_>>());
    assert_check_clean(&a);
}
