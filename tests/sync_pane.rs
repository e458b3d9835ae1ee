//! The Sync pane (F7) drawn by the real UI code on ratatui's TestBackend:
//! insta snapshots at 80x24 and 120x40 with no server, up to date, and two
//! events that need attention (snapshots and rows built directly, fixed
//! clock); then the real runner reading the attention list from a store.

mod common;

use chrono::{DateTime, TimeZone, Utc};
use galla::app::action::{Action, Effect};
use galla::app::command::Command;
use galla::app::runner::Runner;
use galla::app::{App, PaneId, Status, update};
use galla::store::{Access, AttentionRow, Store};
use galla::sync::{SyncSnapshot, SyncState};
use galla::ui::{self, keymap::Keymap, theme::Theme};
use galla_proto::{ErrorCode, EventResult, Outcome};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 20, 12, 30, 0)
        .single()
        .expect("time")
}

fn ago(seconds: i64) -> Option<DateTime<Utc>> {
    Some(now() - chrono::Duration::seconds(seconds))
}

fn status() -> Status {
    Status {
        shop: "Sharma Garments".into(),
        counter: "C1".into(),
        user: "Owner".into(),
        tz: chrono_tz::Asia::Kolkata,
        read_only: false,
        sync: String::new(),
    }
}

/// An app on the Sync pane that has taken `snapshot` and `rows`.
fn app_with(snapshot: SyncSnapshot, rows: Vec<AttentionRow>, w: u16, h: u16) -> App {
    let mut app = App::new(Keymap::defaults(), status(), now(), (w, h));
    let effects = update(&mut app, Action::Command(Command::GoSync));
    assert_eq!(effects, vec![Effect::LoadAttention]);
    let _ = update(&mut app, Action::SyncProgressed(Box::new(snapshot)));
    let _ = update(&mut app, Action::AttentionLoaded(rows));
    assert_eq!(app.active, PaneId::Sync);
    app
}

fn screen(app: &App, w: u16, h: u16) -> String {
    let mut terminal = Terminal::new(TestBackend::new(w, h)).expect("terminal");
    terminal
        .draw(|f| ui::draw(f, app, &Theme::mono()))
        .expect("draw");
    terminal.backend().to_string()
}

fn up_to_date() -> SyncSnapshot {
    let mut s = SyncSnapshot::with_state(SyncState::UpToDate);
    (s.pushed, s.pulled) = (1_250, 340);
    (s.last_push_ok, s.last_pull_ok) = (ago(14), ago(12));
    s.clock_skew_ms = Some(850);
    s
}

fn needs_attention() -> (SyncSnapshot, Vec<AttentionRow>) {
    let mut s = SyncSnapshot::with_state(SyncState::Offline);
    (s.pending, s.oldest_pending) = (42, ago(300));
    (s.flagged, s.rejected) = (1, 1);
    (s.last_push_ok, s.last_pull_ok) = (ago(3_700), ago(3_650));
    s.next_retry = Some(now() + chrono::Duration::seconds(20));
    s.last_error =
        Some("cannot reach the server at http://10.0.0.5:8080: connection refused".into());
    s.clock_skew_ms = Some(-600_000);
    let rows = vec![
        AttentionRow {
            device_seq: 118,
            kind: "SALE".into(),
            occurred_at: ago(7_200),
            state: "flagged".into(),
            reason: "NEGATIVE_STOCK: KUR00012-02 would go to -1 at Shop floor".into(),
        },
        AttentionRow {
            device_seq: 131,
            kind: "TRANSFER".into(),
            occurred_at: ago(5_400),
            state: "rejected".into(),
            reason: "NEGATIVE_STOCK: SAR00003-01 would go to -2 at Godown".into(),
        },
    ];
    (s, rows)
}

#[test]
fn sync_pane_no_server() {
    for (w, h) in [(80, 24), (120, 40)] {
        let app = app_with(SyncSnapshot::with_state(SyncState::NoServer), vec![], w, h);
        insta::assert_snapshot!(format!("no_server_{w}x{h}"), screen(&app, w, h));
    }
}

#[test]
fn sync_pane_up_to_date() {
    for (w, h) in [(80, 24), (120, 40)] {
        let app = app_with(up_to_date(), vec![], w, h);
        insta::assert_snapshot!(format!("up_to_date_{w}x{h}"), screen(&app, w, h));
    }
}

#[test]
fn sync_pane_needs_attention() {
    for (w, h) in [(80, 24), (120, 40)] {
        let (s, rows) = needs_attention();
        let mut app = app_with(s, rows, w, h);
        let _ = update(&mut app, Action::Command(Command::Down));
        insta::assert_snapshot!(format!("needs_attention_{w}x{h}"), screen(&app, w, h));
    }
}

#[test]
fn sync_now_key_asks_the_runner_only_when_a_server_is_set() {
    let ctrl_s = Action::Key(KeyEvent::new(KeyCode::Char('s'), KeyModifiers::CONTROL));
    let f5 = Action::Key(KeyEvent::new(KeyCode::F(5), KeyModifiers::NONE));
    let mut app = app_with(
        SyncSnapshot::with_state(SyncState::NoServer),
        vec![],
        80,
        24,
    );
    assert_eq!(update(&mut app, ctrl_s), Vec::new());
    assert!(screen(&app, 80, 24).contains("No sync server is set — see below"));
    let mut app = app_with(up_to_date(), vec![], 80, 24);
    assert_eq!(update(&mut app, f5), vec![Effect::SyncNow]);
    assert!(screen(&app, 80, 24).contains("Syncing now…"));
}

#[test]
fn f7_reads_flagged_and_rejected_events_from_the_store() {
    let (_dir, path) = common::demo_shop(20, 2);
    let mut store = Store::open(&path, Access::ReadWrite).expect("open");
    let sent = store.pending_batch(0, 3).expect("pending");
    let results = vec![
        EventResult {
            event_id: sent[0].event_id,
            device_seq: sent[0].device_seq,
            outcome: Outcome::Accepted { server_seq: 1 },
        },
        EventResult {
            event_id: sent[1].event_id,
            device_seq: sent[1].device_seq,
            outcome: Outcome::AcceptedFlagged {
                server_seq: 2,
                code: ErrorCode::NegativeStock,
                message: "below zero".into(),
            },
        },
        EventResult {
            event_id: sent[2].event_id,
            device_seq: sent[2].device_seq,
            outcome: Outcome::Rejected {
                code: ErrorCode::SchemaInvalid,
                message: "bad payload".into(),
            },
        },
    ];
    store.apply_push_results(&results, now()).expect("results");
    drop(store);
    let store = Store::open(&path, Access::ReadWrite).expect("open");
    let mut runner = Runner::new(store);
    let mut app = App::new(Keymap::defaults(), status(), now(), (120, 40));
    for action in runner.start(false) {
        runner.settle(&mut app, action, false);
    }
    let f7 = Action::Key(KeyEvent::new(KeyCode::F(7), KeyModifiers::NONE));
    runner.settle(&mut app, f7, false);
    assert_eq!(app.active, PaneId::Sync);
    let rows = &app.panes.sync.rows;
    assert_eq!(rows.len(), 2, "{rows:?}");
    assert_eq!(rows[0].state, "flagged");
    assert_eq!(rows[0].kind, sent[1].kind);
    assert_eq!(rows[0].occurred_at, Some(sent[1].occurred_at));
    assert!(rows[1].reason.starts_with("SCHEMA_INVALID"), "{rows:?}");
    let drawn = screen(&app, 120, 40);
    assert!(drawn.contains("Needs attention (2)"), "{drawn}");
    assert!(drawn.contains("upgrade galla"), "{drawn}");
}
