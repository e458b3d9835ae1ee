//! A key typed while the event loop waits is handled at once, not at the
//! next clock tick.
//!
//! crossterm's `EventStream` keeps the waker of the poll that found no key
//! (its wake thread starts once, with that waker). The loop used to drain
//! the keys already waiting with `now_or_never`, a poll with a no-op waker:
//! after the first key, nothing woke the loop for the next one until the
//! 250 ms tick did, so typing in a real terminal lagged by up to a quarter
//! of a second a key. `LikeCrossterm` below keeps wakers the same way, and
//! the runtime's clock is paused, so the test reads the loop's delay on the
//! runtime's own clock rather than timing anything.

mod common;

use chrono::{TimeZone, Utc};
use common::status;
use futures::Stream;
use galla::app::App;
use galla::app::runner::Runner;
use galla::store::{Access, Store};
use galla::ui::{keymap::Keymap, theme::Theme};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use std::collections::VecDeque;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll, Waker};
use std::time::Duration;
use tokio::time::Instant;

fn now() -> chrono::DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 20, 12, 30, 0)
        .single()
        .expect("time")
}

/// Keys waiting, the waker the "wake thread" holds, and when each key was
/// typed and read (on the runtime's clock).
#[derive(Default)]
struct Shared {
    keys: VecDeque<(Event, Instant)>,
    waker: Option<Waker>,
    ended: bool,
    log: Vec<(char, Instant, Instant)>,
}

/// An input stream that keeps wakers as crossterm's `EventStream` does: the
/// first poll that finds nothing hands its waker to the wake thread, and
/// later polls change nothing until that thread has woken it.
#[derive(Clone, Default)]
struct LikeCrossterm(Arc<Mutex<Shared>>);

impl LikeCrossterm {
    fn lock(&self) -> std::sync::MutexGuard<'_, Shared> {
        self.0.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// A key arrives: the wake thread wakes the waker it holds.
    fn type_key(&self, c: char) {
        let mut s = self.lock();
        let event = Event::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE));
        s.keys.push_back((event, Instant::now()));
        if let Some(w) = s.waker.take() {
            w.wake();
        }
    }

    fn end(&self) {
        let mut s = self.lock();
        s.ended = true;
        if let Some(w) = s.waker.take() {
            w.wake();
        }
    }
}

impl Stream for LikeCrossterm {
    type Item = std::io::Result<Event>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let mut s = self.lock();
        if let Some((event, typed)) = s.keys.pop_front() {
            if let Event::Key(KeyEvent {
                code: KeyCode::Char(c),
                ..
            }) = event
            {
                s.log.push((c, typed, Instant::now()));
            }
            return Poll::Ready(Some(Ok(event)));
        }
        if s.ended {
            return Poll::Ready(None);
        }
        if s.waker.is_none() {
            s.waker = Some(cx.waker().clone());
        }
        Poll::Pending
    }
}

#[test]
fn a_key_wakes_the_loop_without_waiting_for_the_tick() {
    let (_dir, path) = common::demo_shop(300, 20);
    let store = Store::open(&path, Access::ReadOnly).expect("open");
    let mut runner = Runner::new(store);
    runner.background_index = false;
    let mut app = App::new(Keymap::defaults(), status(), now(), (80, 24));
    let mut terminal = Terminal::new(TestBackend::new(80, 24)).expect("terminal");
    let input = LikeCrossterm::default();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .start_paused(true)
        .build()
        .expect("runtime");
    runtime.block_on(async {
        let typist = input.clone();
        // A person typing a name, a second between keys: the loop is idle
        // (and has seen ticks) before each one.
        let typing = tokio::spawn(async move {
            for c in "kurta".chars() {
                tokio::time::sleep(Duration::from_millis(1_000)).await;
                typist.type_key(c);
            }
            tokio::time::sleep(Duration::from_millis(1_000)).await;
            typist.end();
        });
        runner
            .run(&mut terminal, &mut app, &Theme::color(), input.clone(), now)
            .await
            .expect("loop");
        typing.await.expect("typist");
    });
    let log = input.lock().log.clone();
    assert_eq!(
        log.iter().map(|(c, ..)| *c).collect::<String>(),
        "kurta",
        "every key read"
    );
    for (c, typed, read) in log {
        assert_eq!(
            read - typed,
            Duration::ZERO,
            "{c:?} was read {:?} after it was typed: the loop slept until a tick",
            read - typed
        );
    }
}
