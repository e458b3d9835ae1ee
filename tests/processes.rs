//! Tests with real separate processes on one SQLite file: a writer killed
//! with SIGKILL over and over loses no event it reported committed and
//! leaves projections equal to a rebuild; two processes write at once.
//!
//! The child processes are this test binary re-run on `child_writer` with
//! `GALLA_CHILD_DB` set; without it, that test does nothing.

mod common;

use galla::store::{Access, Store, check};
use galla_domain::payload::Adjustment;
use galla_domain::{AdjustReason, EventPayload, NewEvent, Qty, StaffId};
use std::collections::HashSet;
use std::io::{BufRead, BufReader, Write};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Runs as a child: appends adjustments forever (or `GALLA_CHILD_COUNT`
/// times), printing each committed event id on its own line.
#[test]
fn child_writer() {
    let Ok(db) = std::env::var("GALLA_CHILD_DB") else {
        return;
    };
    let count: usize = std::env::var("GALLA_CHILD_COUNT")
        .ok()
        .and_then(|c| c.parse().ok())
        .unwrap_or(usize::MAX);
    let mut store = Store::open(db.as_ref(), Access::ReadWrite).expect("child open");
    let loc = store.locations().expect("locations")[0].location_id;
    let variants: Vec<_> = store
        .search_entries()
        .expect("entries")
        .into_iter()
        .map(|e| e.variant_id)
        .collect();
    let stdout = std::io::stdout();
    for i in 0..count {
        let e = NewEvent::now(
            StaffId::OWNER,
            Some(loc),
            EventPayload::Adjustment(Adjustment {
                location_id: loc,
                variant_id: variants[i % variants.len()],
                qty_delta: Qty::units(if i % 2 == 0 { 1 } else { -1 }),
                reason: AdjustReason::Count,
                note: None,
            }),
        );
        let id = e.event_id;
        store.append(e).expect("child append");
        let mut out = stdout.lock();
        writeln!(out, "committed {id}").expect("write");
        out.flush().expect("flush");
    }
}

fn child(db: &std::path::Path, count: Option<usize>) -> std::process::Child {
    let exe = std::env::current_exe().expect("test binary");
    let mut cmd = Command::new(exe);
    cmd.args(["child_writer", "--exact", "--nocapture", "--test-threads=1"])
        .env("GALLA_CHILD_DB", db)
        .stdout(Stdio::piped())
        .stderr(Stdio::null());
    if let Some(n) = count {
        cmd.env("GALLA_CHILD_COUNT", n.to_string());
    }
    cmd.spawn().expect("spawn child")
}

fn committed_ids(out: impl std::io::Read) -> Vec<String> {
    BufReader::new(out)
        .lines()
        .map_while(Result::ok)
        // The test harness may print its own text before ours on the first line.
        .filter_map(|l| {
            l.split_once("committed ")
                .map(|(_, id)| id.trim().to_string())
        })
        .collect()
}

#[test]
fn sigkill_during_writes_loses_nothing_reported_committed() {
    let rounds: u32 = std::env::var("GALLA_CRASH_ROUNDS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(50);
    let (_dir, path) = common::demo_shop(40, 2);
    let mut reported: Vec<String> = Vec::new();
    for round in 0..rounds {
        let mut c = child(&path, None);
        let stdout = c.stdout.take().expect("stdout");
        // Read what the child reports on a thread; kill it after a varying delay.
        let reader = std::thread::spawn(move || committed_ids(stdout));
        std::thread::sleep(Duration::from_millis(20 + u64::from(round % 7) * 9));
        c.kill().expect("SIGKILL");
        c.wait().expect("reap");
        reported.extend(reader.join().expect("reader"));
    }
    assert!(
        reported.len() > usize::try_from(rounds).unwrap_or(0),
        "the children committed too little: {}",
        reported.len()
    );
    let store = Store::open(&path, Access::ReadOnly).expect("open after crashes");
    let mut stored = HashSet::new();
    let mut seqs = Vec::new();
    store
        .for_each_event(|_, e| {
            stored.insert(e.event_id.to_string());
            seqs.push(e.device_seq);
            Ok(())
        })
        .expect("events");
    let lost: Vec<&String> = reported.iter().filter(|id| !stored.contains(*id)).collect();
    assert!(
        lost.is_empty(),
        "{} reported events lost, e.g. {:?}",
        lost.len(),
        lost.first()
    );
    assert!(
        seqs.iter().enumerate().all(|(i, s)| *s == i as u64 + 1),
        "device_seq has a gap"
    );
    let report = check(&store).expect("check");
    assert!(report.is_clean(), "{:?}", report.differences);
}

#[test]
fn two_processes_write_at_once() {
    let (_dir, path) = common::demo_shop(20, 1);
    let before = Store::open(&path, Access::ReadOnly)
        .expect("open")
        .event_count()
        .expect("count");
    let started = Instant::now();
    let mut a = child(&path, Some(150));
    let mut b = child(&path, Some(150));
    let ids_a = committed_ids(a.stdout.take().expect("stdout"));
    let ids_b = committed_ids(b.stdout.take().expect("stdout"));
    assert!(
        a.wait().expect("a").success() && b.wait().expect("b").success(),
        "a writer failed"
    );
    assert_eq!((ids_a.len(), ids_b.len()), (150, 150));
    let store = Store::open(&path, Access::ReadOnly).expect("open");
    assert_eq!(store.event_count().expect("count"), before + 300);
    let mut seqs = Vec::new();
    store
        .for_each_event(|_, e| {
            seqs.push(e.device_seq);
            Ok(())
        })
        .expect("events");
    assert!(
        seqs.iter().enumerate().all(|(i, s)| *s == i as u64 + 1),
        "device_seq has a gap or a duplicate"
    );
    assert!(check(&store).expect("check").is_clean());
    assert!(started.elapsed() < Duration::from_secs(120));
}
