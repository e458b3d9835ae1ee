//! What the benchmarks share: the benchmark shop (generated once under
//! target/, 100,000 variants and 365 days unless GALLA_BENCH_VARIANTS /
//! GALLA_BENCH_DAYS say otherwise), a status bar, and percentiles.

#![allow(dead_code)]

pub mod durable;

use chrono::NaiveDate;
use galla::app::action::Action;
use galla::app::runner::Runner;
use galla::app::{App, Status};
use galla::demo::{DemoSpec, generate};
use galla::store::{Access, Store};
use std::path::PathBuf;
use std::time::{Duration, Instant};

pub fn env_num(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// The benchmark shop, generated once and kept under target/.
pub fn shop() -> PathBuf {
    let variants = env_num("GALLA_BENCH_VARIANTS", 100_000) as usize;
    let days = env_num("GALLA_BENCH_DAYS", 365) as u32;
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR"));
    let path = dir.join(format!("bench-shop-{variants}-{days}.db"));
    if !path.exists() {
        let tmp = path.with_extension("partial");
        let _ = std::fs::remove_file(&tmp);
        let mut store = Store::open(&tmp, Access::ReadWrite).expect("open");
        let spec = DemoSpec {
            variants,
            days,
            seed: 1,
            end: NaiveDate::from_ymd_opt(2026, 11, 20).expect("date"),
            counter: "C1".into(),
        };
        let started = Instant::now();
        let summary = generate(&mut store, &spec).expect("generate");
        println!(
            "generate: {} variants, {} events in {:.1} s",
            summary.variants,
            summary.events,
            started.elapsed().as_secs_f64()
        );
        drop(store);
        std::fs::rename(&tmp, &path).expect("rename");
        for ext in ["partial-wal", "partial-shm"] {
            let _ = std::fs::remove_file(path.with_extension(ext));
        }
    }
    // A shop kept from an older build is brought up to this build's schema.
    drop(Store::open(&path, Access::ReadWrite).expect("migrate the benchmark shop"));
    path
}

pub fn status() -> Status {
    Status {
        shop: "Bench".into(),
        counter: "C1".into(),
        user: "Owner".into(),
        tz: chrono_tz::Asia::Kolkata,
        read_only: false,
        sync: "offline — no server set".into(),
    }
}

/// The `p` quantile of sorted samples.
pub fn percentile(sorted: &[Duration], p: f64) -> Duration {
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}

/// Applies background results until one that `done` picks has been applied.
pub fn settle_until(runner: &mut Runner, app: &mut App, done: impl Fn(&Action) -> bool) {
    while let Some(action) = runner.next_background_result() {
        let last = done(&action);
        runner.settle(app, action, true);
        if last {
            break;
        }
    }
}
