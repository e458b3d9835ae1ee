//! The status bar's sync part for each state, drawn by the real UI code on
//! ratatui's TestBackend after the real `update` took the snapshot: insta
//! snapshots of the bottom line at 80 and 120 columns, fixed clock.

use chrono::{DateTime, TimeZone, Utc};
use galla::app::action::Action;
use galla::app::{App, Status, update};
use galla::sync::{SyncSnapshot, SyncState};
use galla::ui::{self, keymap::Keymap, theme::Theme};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 20, 12, 30, 0)
        .single()
        .expect("time")
}

fn ago(seconds: i64) -> Option<DateTime<Utc>> {
    Some(now() - chrono::Duration::seconds(seconds))
}

fn status_line(snapshot: SyncSnapshot, width: u16) -> String {
    let status = Status {
        shop: "Sharma Garments".into(),
        counter: "C1".into(),
        user: "Owner".into(),
        tz: chrono_tz::Asia::Kolkata,
        read_only: false,
        sync: String::new(),
    };
    let mut app = App::new(Keymap::defaults(), status, now(), (width, 6));
    let _ = update(&mut app, Action::SyncProgressed(Box::new(snapshot)));
    let mut terminal = Terminal::new(TestBackend::new(width, 6)).expect("terminal");
    terminal
        .draw(|f| ui::draw(f, &app, &Theme::mono()))
        .expect("draw");
    let buffer = terminal.backend().buffer();
    let y = buffer.area.height - 1;
    let mut line = String::new();
    for x in 0..buffer.area.width {
        line.push_str(buffer[(x, y)].symbol());
    }
    line
}

fn states() -> Vec<(&'static str, SyncSnapshot)> {
    let mut out = vec![
        ("no_server", SyncSnapshot::with_state(SyncState::NoServer)),
        (
            "not_enrolled",
            SyncSnapshot::with_state(SyncState::NotEnrolled),
        ),
        (
            "connecting",
            SyncSnapshot::with_state(SyncState::Connecting),
        ),
    ];
    let mut s = SyncSnapshot::with_state(SyncState::Syncing);
    (s.pushed, s.pulled, s.pending, s.oldest_pending) = (500, 120, 1_500, ago(3_600));
    out.push(("syncing", s));
    let mut s = SyncSnapshot::with_state(SyncState::UpToDate);
    s.last_pull_ok = ago(12);
    out.push(("up_to_date", s));
    let mut s = SyncSnapshot::with_state(SyncState::Offline);
    (s.pending, s.oldest_pending) = (42, ago(300));
    s.next_retry = Some(now() + chrono::Duration::seconds(20));
    s.last_error = Some("cannot reach the server: no connection".into());
    out.push(("offline", s));
    let mut s = SyncSnapshot::with_state(SyncState::SignInNeeded);
    (s.pending, s.oldest_pending, s.rejected) = (7, ago(90), 1);
    out.push(("sign_in_needed", s));
    let mut s = SyncSnapshot::with_state(SyncState::UpgradeNeeded);
    (s.pending, s.flagged) = (3, 2);
    out.push(("upgrade_needed", s));
    let mut s = SyncSnapshot::with_state(SyncState::UpToDate);
    (s.last_pull_ok, s.clock_skew_ms) = (ago(2), Some(-600_000));
    out.push(("clock_off", s));
    out
}

#[test]
fn status_bar_shows_each_sync_state() {
    let mut all = String::new();
    for width in [80u16, 120] {
        for (name, snapshot) in states() {
            all.push_str(&format!("{name:>15} |{}|\n", status_line(snapshot, width)));
        }
    }
    insta::assert_snapshot!(all);
}
