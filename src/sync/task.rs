//! The sync task around [`Engine::cycle`]: run it, then idle until a local
//! write, a long-poll answer or a "sync now"; after a failure wait with
//! jittered back-off (1 s doubling to 60 s, re-armed every time, at least
//! Retry-After). 401/403 and 426 stop and say so while keeping the queue.
//! The task has its own thread: the engine runs there (SQLite), and its
//! requests run on one runtime worker, so both overlap and neither touches
//! the UI thread.

use std::time::Duration;

use chrono::Utc;
use tokio::sync::{mpsc, watch};
use tokio::time::sleep;

use super::client::Failure;
use super::engine::Engine;
use super::snapshot::{SyncSnapshot, SyncState};
use super::{SyncConfig, SyncError};

/// What the owner of a running task can ask of it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Control {
    SyncNow,
    Stop,
}

enum Wake {
    Go,
    Stop,
}

impl Engine {
    fn backoff(&mut self, failures: u32) -> Duration {
        let min = self.config.backoff_min.as_millis() as u64;
        let max = self.config.backoff_max.as_millis() as u64;
        let cap = min
            .saturating_mul(1u64 << failures.saturating_sub(1).min(20))
            .min(max);
        // xorshift64: jitter only, no need for a real random source.
        self.rng ^= self.rng << 13;
        self.rng ^= self.rng >> 7;
        self.rng ^= self.rng << 17;
        let half = cap / 2;
        Duration::from_millis(half + self.rng % (half + 1))
    }

    /// Runs until told to stop (or every handle is gone).
    async fn run(mut self, mut control: mpsc::UnboundedReceiver<Control>) {
        let mut failures = 0u32;
        loop {
            let delay = match self.cycle().await {
                Ok(()) => {
                    failures = 0;
                    self.snapshot.state = SyncState::UpToDate;
                    self.snapshot.last_error = None;
                    self.snapshot.next_retry = None;
                    self.publish();
                    match self.idle(&mut control).await {
                        Wake::Go => continue,
                        Wake::Stop => return,
                    }
                }
                Err(e) => {
                    failures += 1;
                    self.failed(&e, failures)
                }
            };
            self.snapshot.next_retry = chrono::Duration::from_std(delay)
                .ok()
                .map(|d| Utc::now() + d);
            self.publish();
            tokio::select! {
                _ = sleep(delay) => {}
                c = control.recv() => if matches!(c, None | Some(Control::Stop)) { return },
            }
        }
    }

    /// Records a failure; returns how long to wait before the next try.
    fn failed(&mut self, e: &SyncError, failures: u32) -> Duration {
        tracing::info!(error = %e, failures, "sync failed");
        self.snapshot.last_error = Some(e.to_string());
        let backoff = self.backoff(failures);
        match e {
            SyncError::Failure(Failure::SignIn(_))
            | SyncError::NotEnrolled(_)
            | SyncError::RestoredBehind(_) => {
                self.snapshot.state = SyncState::SignInNeeded;
                Duration::from_secs(60).max(backoff)
            }
            SyncError::Failure(Failure::Upgrade(_)) => {
                self.snapshot.state = SyncState::UpgradeNeeded;
                Duration::from_secs(600)
            }
            SyncError::Failure(Failure::Busy {
                retry_after: Some(wait),
                ..
            }) => {
                self.snapshot.state = SyncState::Offline;
                backoff.max(*wait)
            }
            _ => {
                self.snapshot.state = SyncState::Offline;
                backoff
            }
        }
    }

    /// Waits, caught up, until there is something to do.
    async fn idle(&mut self, control: &mut mpsc::UnboundedReceiver<Control>) -> Wake {
        let start = self.store.data_version().unwrap_or(0);
        let client = self.client.clone();
        let token = self.token.clone();
        let (after, limit, wait, epoch) = (
            self.store.pull_after().unwrap_or(0),
            self.config.pull_limit,
            self.config.long_poll,
            self.epoch,
        );
        let every = self.config.idle_every;
        let poll = async move {
            if wait == 0 {
                sleep(every).await;
                None
            } else {
                Some(client.pull(&token, after, limit, wait, epoch).await)
            }
        };
        tokio::pin!(poll);
        let mut check = tokio::time::interval(self.config.local_check);
        loop {
            tokio::select! {
                c = control.recv() => return match c {
                    Some(Control::SyncNow) => Wake::Go,
                    None | Some(Control::Stop) => Wake::Stop,
                },
                answer = &mut poll => {
                    if let Some(Ok(page)) = answer
                        && !page.events.is_empty()
                        && let Ok(n) = self.store.apply_pull_page(&page, Utc::now())
                    {
                        self.snapshot.pulled += n;
                        self.publish();
                    }
                    return Wake::Go;
                }
                _ = check.tick() => {
                    if self.store.data_version().unwrap_or(start) != start {
                        // Debounce: a bill is often several commits in a row.
                        sleep(Duration::from_millis(200)).await;
                        return Wake::Go;
                    }
                }
            }
        }
    }
}

/// Asks a running sync task to sync now; does nothing once it has ended.
#[derive(Clone, Debug)]
pub struct SyncNudge(mpsc::UnboundedSender<Control>);

impl SyncNudge {
    /// Asks for a sync now (skips a wait or a back-off).
    pub fn sync_now(&self) {
        let _ = self.0.send(Control::SyncNow);
    }
}

/// A running sync task: its snapshot channel and a way to nudge or stop it.
pub struct SyncHandle {
    /// The latest snapshot; changes whenever the task learns something.
    pub snapshot: watch::Receiver<SyncSnapshot>,
    control: mpsc::UnboundedSender<Control>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl SyncHandle {
    /// Asks for a sync now (skips a wait or a back-off).
    pub fn sync_now(&self) {
        let _ = self.control.send(Control::SyncNow);
    }

    /// A cheap clonable way to ask for a sync now, for the UI's runner.
    pub fn nudger(&self) -> SyncNudge {
        SyncNudge(self.control.clone())
    }

    /// Stops the task and waits for its thread to end.
    pub fn stop(mut self) {
        let _ = self.control.send(Control::Stop);
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

impl Drop for SyncHandle {
    fn drop(&mut self) {
        let _ = self.control.send(Control::Stop);
    }
}

/// Starts the sync task of `config.db` on its own thread.
pub fn spawn(config: SyncConfig) -> SyncHandle {
    let (publish, snapshot) = watch::channel(SyncSnapshot::with_state(SyncState::Connecting));
    let (control, mut commands) = mpsc::unbounded_channel();
    let thread = std::thread::Builder::new()
        .name("galla-sync".into())
        .spawn(move || {
            let runtime = match runtime() {
                Ok(r) => r,
                Err(e) => {
                    let mut s = SyncSnapshot::with_state(SyncState::Offline);
                    s.last_error = Some(format!("cannot start the sync task: {e}"));
                    publish.send_replace(s);
                    return;
                }
            };
            runtime.block_on(async move {
                match Engine::new(config, publish.clone()) {
                    Ok(engine) => engine.run(commands).await,
                    Err(e) => {
                        let state = match e {
                            SyncError::Locked(_) => SyncState::Elsewhere,
                            _ => SyncState::Offline,
                        };
                        let mut s = SyncSnapshot::with_state(state);
                        s.last_error = Some(e.to_string());
                        publish.send_replace(s);
                        while let Some(Control::SyncNow) = commands.recv().await {}
                    }
                }
            });
        })
        .ok();
    SyncHandle {
        snapshot,
        control,
        thread,
    }
}

/// Pushes and pulls until caught up, once (for `galla sync --once`).
pub fn run_once(config: SyncConfig) -> Result<SyncSnapshot, SyncError> {
    let runtime = runtime().map_err(|source| SyncError::Io {
        path: config.db.clone(),
        source,
    })?;
    runtime.block_on(async move {
        let (publish, _keep) = watch::channel(SyncSnapshot::default());
        let mut engine = Engine::new(config, publish)?;
        engine.cycle().await?;
        engine.snapshot.state = SyncState::UpToDate;
        engine.snapshot.last_error = None;
        engine.publish();
        Ok(engine.snapshot.clone())
    })
}

/// The task's runtime: the engine runs on the thread that calls `block_on`,
/// its requests on the one worker.
fn runtime() -> std::io::Result<tokio::runtime::Runtime> {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .thread_name("galla-sync-net")
        .enable_all()
        .build()
}
