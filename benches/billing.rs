//! Billing benchmarks on the benchmark shop: keystroke→frame p50/p99 while a
//! scanner types barcodes (each code and Enter, the item looked up and the
//! totals redrawn) and while a name is typed (echo, and the pick list), and
//! saving a bill (and a stock correction) against a bare one-row durable
//! SQLite commit, as ratios (`common::durable`).

mod common;

use chrono::{TimeZone, Utc};
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

fn report(what: &str, samples: &mut [Duration]) {
    samples.sort();
    println!(
        "{what} over {} keys: p50 {:.3} ms, p99 {:.3} ms, max {:.3} ms",
        samples.len(),
        percentile(samples, 0.5).as_secs_f64() * 1e3,
        percentile(samples, 0.99).as_secs_f64() * 1e3,
        samples[samples.len() - 1].as_secs_f64() * 1e3
    );
}

fn keystrokes() {
    let path = shop();
    // A copy, so the bills these keys save do not change the shared shop.
    let dir = tempfile::tempdir_in(env!("CARGO_TARGET_TMPDIR")).expect("tmp");
    let copy = dir.path().join("billing.db");
    {
        let src = Store::open(&path, Access::ReadWrite).expect("open");
        src.connection()
            .execute("VACUUM INTO ?1", [copy.to_string_lossy()])
            .expect("copy");
    }
    let store = Store::open(&copy, Access::ReadWrite).expect("open copy");
    let codes: Vec<String> = store
        .search_entries()
        .expect("entries")
        .into_iter()
        .step_by(997)
        .filter_map(|e| e.barcode)
        .take(60)
        .collect();
    let mut runner = Runner::new(store);
    let now = Utc
        .with_ymd_and_hms(2026, 11, 20, 12, 0, 0)
        .single()
        .expect("time");
    let mut app = App::new(Keymap::defaults(), status(), now, (80, 24));
    for action in runner.start(true) {
        runner.settle(&mut app, action, true);
    }
    settle_until(&mut runner, &mut app, |a| {
        matches!(a, Action::IndexLoaded(_))
    });
    let mut terminal = Terminal::new(TestBackend::new(80, 24)).expect("terminal");
    let press = |c: KeyCode| KeyEvent::new(c, KeyModifiers::NONE);
    runner.settle(&mut app, Action::Key(press(KeyCode::F(1))), true);
    let mut scan = Vec::new();
    let mut clock = 0u64;
    for code in &codes {
        for c in code.chars().map(KeyCode::Char).chain([KeyCode::Enter]) {
            clock += 3;
            let t = Instant::now();
            runner.settle(&mut app, Action::KeyAt(press(c), clock), true);
            terminal
                .draw(|f| ui::draw(f, &app, &Theme::color()))
                .expect("draw");
            scan.push(t.elapsed());
        }
        clock += 1_000;
    }
    report("billing keystroke→frame while scanning", &mut scan);
    let (mut echo, mut picks) = (Vec::new(), Vec::new());
    for _ in 0..10 {
        for c in "cotton kurta".chars() {
            let t = Instant::now();
            runner.settle(&mut app, Action::Key(press(KeyCode::Char(c))), true);
            terminal
                .draw(|f| ui::draw(f, &app, &Theme::color()))
                .expect("draw");
            echo.push(t.elapsed());
            // The pick list: the worker's matches, then their rows.
            if app.panes.billing.item.value().trim().chars().count() >= 2 {
                settle_until(&mut runner, &mut app, |a| {
                    matches!(a, Action::Filtered { .. })
                });
                terminal
                    .draw(|f| ui::draw(f, &app, &Theme::color()))
                    .expect("draw");
                picks.push(t.elapsed());
            }
        }
        runner.settle(&mut app, Action::Key(press(KeyCode::Esc)), true);
    }
    report("billing name search keystroke→echo frame", &mut echo);
    report("billing name search keystroke→pick list frame", &mut picks);
}

fn main() {
    // A bill saved at the till against a bare durable commit (common::durable).
    common::durable::measure(&shop());
    keystrokes();
}
