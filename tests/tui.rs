//! The Stock pane drawn by the real UI code on ratatui's TestBackend, from a
//! demo shop made with a fixed seed and a fixed clock: insta snapshots at
//! 80x24 and 120x40, and the real event loop fed scripted keys.

mod common;

use chrono::{TimeZone, Utc};
use common::status;
use futures::StreamExt;
use galla::app::App;
use galla::app::action::Action;
use galla::app::runner::Runner;
use galla::store::{Access, Store};
use galla::ui::{self, keymap::Keymap, theme::Theme};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};

fn now() -> chrono::DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 20, 12, 30, 0)
        .single()
        .expect("time")
}

/// A loaded app and runner on a fixed demo shop, sized `w` × `h`.
fn setup(w: u16, h: u16) -> (tempfile::TempDir, Runner, App) {
    let (dir, path) = common::demo_shop(300, 20);
    let store = Store::open(&path, Access::ReadOnly).expect("open");
    let mut runner = Runner::new(store);
    let mut app = App::new(Keymap::defaults(), status(), now(), (w, h));
    for action in runner.start(false) {
        runner.settle(&mut app, action, false);
    }
    (dir, runner, app)
}

fn screen(app: &App, w: u16, h: u16) -> String {
    let mut terminal = Terminal::new(TestBackend::new(w, h)).expect("terminal");
    terminal
        .draw(|f| ui::draw(f, app, &Theme::mono()))
        .expect("draw");
    terminal.backend().to_string()
}

fn key(code: KeyCode) -> Action {
    Action::Key(KeyEvent::new(code, KeyModifiers::NONE))
}

fn typed(runner: &mut Runner, app: &mut App, text: &str) {
    for c in text.chars() {
        runner.settle(app, key(KeyCode::Char(c)), false);
    }
}

#[test]
fn stock_pane_80x24() {
    let (_dir, _runner, app) = setup(80, 24);
    insta::assert_snapshot!(screen(&app, 80, 24));
}

#[test]
fn stock_pane_120x40() {
    let (_dir, _runner, app) = setup(120, 40);
    insta::assert_snapshot!(screen(&app, 120, 40));
}

#[test]
fn stock_pane_filtered_by_devanagari_name_at_one_location() {
    let (_dir, mut runner, mut app) = setup(80, 24);
    typed(&mut runner, &mut app, "कुर्ता");
    runner.settle(&mut app, key(KeyCode::Tab), false);
    let text = screen(&app, 80, 24);
    assert!(text.contains("सूती कुर्ता"), "{text}");
    insta::assert_snapshot!(text);
}

#[test]
fn history_popup_80x24() {
    let (_dir, mut runner, mut app) = setup(80, 24);
    typed(&mut runner, &mut app, "KUR00000-01");
    runner.settle(&mut app, key(KeyCode::Enter), false);
    let text = screen(&app, 80, 24);
    assert!(text.contains("History: KUR00000-01"), "{text}");
    assert!(text.contains("purchase"), "{text}");
    insta::assert_snapshot!(text);
}

#[test]
fn help_popup_is_generated_from_the_keymap() {
    let (_dir, mut runner, mut app) = setup(80, 24);
    runner.settle(&mut app, key(KeyCode::Char('?')), false);
    let text = screen(&app, 80, 24);
    assert!(text.contains("Ctrl+Q"), "{text}");
    insta::assert_snapshot!(text);
}

#[test]
fn scripted_keys_through_the_real_loop() {
    let (_dir, mut runner, mut app) = setup(80, 24);
    runner.background_index = false;
    let keys: Vec<std::io::Result<Event>> = "saree"
        .chars()
        .map(KeyCode::Char)
        .chain([
            KeyCode::Down,
            KeyCode::Enter,
            KeyCode::Esc,
            KeyCode::Tab,
            KeyCode::Char('q'),
        ])
        .map(|c| Ok(Event::Key(KeyEvent::new(c, KeyModifiers::NONE))))
        .chain([Ok(Event::Key(KeyEvent::new(
            KeyCode::Char('q'),
            KeyModifiers::CONTROL,
        )))])
        .collect();
    let mut terminal = Terminal::new(TestBackend::new(80, 24)).expect("terminal");
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let input = futures::stream::iter(keys).chain(futures::stream::pending());
    runtime
        .block_on(runner.run(
            &mut terminal,
            &mut app,
            &Theme::color(),
            Box::pin(input),
            now,
        ))
        .expect("loop");
    assert!(app.quit, "Ctrl+Q ends the loop");
    assert_eq!(
        app.panes.stock.search.value(),
        "sareeq",
        "q typed into the search, did not quit"
    );
    assert!(app.popups.is_empty());
    assert_eq!(app.panes.stock.location, Some(0));
    // Every key arrived in one batch, so the loop drew once before them and
    // quit without drawing again.
    let screen = terminal.backend().to_string();
    assert!(
        // At 80 columns the tab bar has no room for the keys of every pane.
        screen.contains("Search:") && screen.contains(" Stock "),
        "{screen}"
    );
}
