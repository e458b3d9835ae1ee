//! Benchmarks on the benchmark shop (`--variants 100000 --days 365`, about a
//! million events; `GALLA_BENCH_VARIANTS`/`GALLA_BENCH_DAYS` make it smaller
//! for a quick run). Prints: time to generate, the file's size, resident memory after start,
//! start to first frame and keystroke→frame p50/p99 for a Stock search. The
//! durable-save ratios are in the billing benchmark (`common::durable`).

use chrono::{TimeZone, Utc};
use criterion::{Criterion, criterion_group, criterion_main};

mod common;
use common::{percentile, settle_until, shop, status};
use galla::app::App;
use galla::app::action::Action;
use galla::app::runner::Runner;
use galla::store::{Access, Store};
use galla::ui::{self, keymap::Keymap, theme::Theme};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use std::time::{Duration, Instant};

fn rss_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmRSS:"))
                .and_then(|l| l.split_whitespace().nth(1)?.parse().ok())
        })
        .unwrap_or(0)
}

/// Start: open, first page, first frame; the index loads afterwards.
fn start(path: &std::path::Path, background: bool) -> (Runner, App, Terminal<TestBackend>) {
    let store = Store::open(path, Access::ReadOnly).expect("open");
    let mut runner = Runner::new(store);
    let now = Utc
        .with_ymd_and_hms(2026, 11, 20, 12, 0, 0)
        .single()
        .expect("time");
    let mut app = App::new(Keymap::defaults(), status(), now, (80, 24));
    for action in runner.start(background) {
        runner.settle(&mut app, action, background);
    }
    let mut terminal = Terminal::new(TestBackend::new(80, 24)).expect("terminal");
    terminal
        .draw(|f| ui::draw(f, &app, &Theme::color()))
        .expect("draw");
    (runner, app, terminal)
}

fn bench(c: &mut Criterion) {
    let path = shop();
    let size = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
    println!(
        "file: {} MB (target ≤ 600 MB); a file upgraded in place was VACUUMed, a generated one was not",
        size / 1_000_000
    );
    let rss_before = rss_kib();
    let (_runner, _app, _terminal) = start(&path, false);
    println!(
        "resident memory after start with the search index loaded: {} MiB (process total; {} MiB before start)",
        rss_kib() / 1024,
        rss_before / 1024
    );

    // Start to first frame, as the app starts: the search index loads on a
    // worker afterwards. Each start's worker is waited for outside the timed
    // part, so loaders from earlier iterations do not pile up.
    c.bench_function("start to first frame", |b| {
        b.iter_custom(|iters| {
            let mut total = Duration::ZERO;
            for _ in 0..iters {
                let t = Instant::now();
                let (mut runner, _app, _terminal) = start(&path, true);
                total += t.elapsed();
                while let Some(action) = runner.next_background_result() {
                    if matches!(action, Action::IndexLoaded(_) | Action::EffectFailed(_)) {
                        break;
                    }
                }
            }
            total
        })
    });

    // Keystroke→frame in the app's own mode: the filter runs on the search
    // worker. "echo" is the frame that shows the typed key; "results" the
    // frame that shows the matches for it.
    let (mut runner, mut app, mut terminal) = start(&path, true);
    settle_until(&mut runner, &mut app, |a| {
        matches!(a, Action::IndexLoaded(_))
    });
    let barcode = galla_domain::ean::ean13_from_number(890_100_012_345);
    let (mut echo, mut results) = (Vec::new(), Vec::new());
    let key = |c: char| Action::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE));
    for round in 0..20 {
        let query = if round % 2 == 0 {
            "cotton kurta red".to_string()
        } else {
            barcode.clone()
        };
        for ch in query.chars() {
            let t = Instant::now();
            runner.settle(&mut app, key(ch), true);
            terminal
                .draw(|f| ui::draw(f, &app, &Theme::color()))
                .expect("draw");
            echo.push(t.elapsed());
            settle_until(&mut runner, &mut app, |a| {
                matches!(a, Action::Filtered { .. })
            });
            terminal
                .draw(|f| ui::draw(f, &app, &Theme::color()))
                .expect("draw");
            results.push(t.elapsed());
        }
        runner.settle(
            &mut app,
            Action::Key(KeyEvent::new(KeyCode::Esc, KeyModifiers::NONE)),
            true,
        );
    }
    for (what, samples) in [("echo", &mut echo), ("results", &mut results)] {
        samples.sort();
        println!(
            "stock search keystroke→{what} frame over {} keys: p50 {:.3} ms, p99 {:.3} ms, max {:.3} ms",
            samples.len(),
            percentile(samples, 0.5).as_secs_f64() * 1e3,
            percentile(samples, 0.99).as_secs_f64() * 1e3,
            samples[samples.len() - 1].as_secs_f64() * 1e3
        );
    }
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20).measurement_time(Duration::from_secs(5));
    targets = bench
}
criterion_main!(benches);
