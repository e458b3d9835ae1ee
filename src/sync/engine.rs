//! The sync task: push the outbox in `device_seq` order in batches, then
//! pull pages until caught up, then wait for a local write, a long-poll
//! answer or a "sync now". Failures back off with jitter (1 s doubling to
//! 60 s), Retry-After is obeyed, 413 halves the batch, 401/403 and 426 stop
//! and say so while keeping the queue, and 410 re-pushes and re-pulls.

use std::time::Duration;

use chrono::{DateTime, Utc};
use galla_proto::PushRequest;
use tokio::sync::{mpsc, watch};
use tokio::time::sleep;

use super::client::{Client, Failure};
use super::enroll::{SyncLock, read_token};
use super::snapshot::{SyncSnapshot, SyncState};
use super::{SyncConfig, SyncError};
use crate::store::{Access, Store, sync_keys};

/// What the owner of a running task can ask of it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Control {
    SyncNow,
    Stop,
}

/// One database's sync loop and its state.
pub struct Engine {
    store: Store,
    client: Client,
    config: SyncConfig,
    token: String,
    epoch: Option<uuid::Uuid>,
    batch: usize,
    snapshot: SyncSnapshot,
    publish: watch::Sender<SyncSnapshot>,
    rng: u64,
    _lock: SyncLock,
}

enum Wake {
    Go,
    Stop,
}

fn parse_time(text: Option<String>) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(&text?)
        .ok()
        .map(|t| t.with_timezone(&Utc))
}

impl Engine {
    /// Takes the database's sync lock and opens its own connection.
    pub fn new(
        config: SyncConfig,
        publish: watch::Sender<SyncSnapshot>,
    ) -> Result<Engine, SyncError> {
        let lock = SyncLock::acquire(&config.db)?;
        let store = Store::open(&config.db, Access::ReadWrite)?;
        let client = Client::new(
            &config.server,
            config.connect_timeout,
            config.request_timeout,
        )?;
        let epoch = store
            .sync_get(sync_keys::LEDGER_EPOCH)?
            .and_then(|e| e.parse().ok());
        let seed = store.device_id().uuid().as_u128() as u64
            ^ u64::from(Utc::now().timestamp_subsec_nanos());
        let mut engine = Engine {
            store,
            client,
            batch: config
                .push_batch
                .clamp(1, galla_proto::limits::MAX_PUSH_EVENTS),
            config,
            token: String::new(),
            epoch,
            snapshot: SyncSnapshot::with_state(SyncState::Connecting),
            publish,
            rng: seed | 1,
            _lock: lock,
        };
        engine.publish();
        Ok(engine)
    }

    /// The latest snapshot.
    pub fn snapshot(&self) -> &SyncSnapshot {
        &self.snapshot
    }

    fn publish(&mut self) {
        if let Ok(c) = self.store.outbox_counts() {
            self.snapshot.pending = c.pending;
            self.snapshot.oldest_pending = c.oldest_pending;
            self.snapshot.flagged = c.flagged;
            self.snapshot.rejected = c.rejected;
        }
        self.snapshot.last_push_ok =
            parse_time(self.store.sync_get(sync_keys::LAST_PUSH_OK).ok().flatten());
        self.snapshot.last_pull_ok =
            parse_time(self.store.sync_get(sync_keys::LAST_PULL_OK).ok().flatten());
        self.publish.send_replace(self.snapshot.clone());
    }

    fn skew(&mut self, server_time: DateTime<Utc>) {
        self.snapshot.clock_skew_ms = Some((server_time - Utc::now()).num_milliseconds());
    }

    /// Pushes everything pending and pulls until caught up, once.
    pub async fn cycle(&mut self) -> Result<(), SyncError> {
        self.token = read_token(&self.config.db)?
            .ok_or_else(|| SyncError::NotEnrolled(self.config.db.display().to_string()))?;
        if self.snapshot.state != SyncState::UpToDate && self.snapshot.state != SyncState::Syncing {
            self.snapshot.state = SyncState::Connecting;
            self.publish();
            let status = self.client.status(&self.token).await?;
            self.skew(status.server_time);
            if self.epoch.is_some_and(|e| e != status.ledger_epoch) {
                self.reset(Some(status.ledger_epoch)).await?;
            }
            self.epoch = Some(status.ledger_epoch);
        }
        let mut resets = 0;
        loop {
            let result = match self.push_all().await {
                Ok(()) => self.pull_all().await,
                Err(e) => Err(e),
            };
            match result {
                Err(SyncError::Failure(Failure::Reset { epoch })) if resets < 2 => {
                    resets += 1;
                    self.reset(epoch).await?;
                }
                other => return other,
            }
        }
    }

    async fn reset(&mut self, epoch: Option<uuid::Uuid>) -> Result<(), SyncError> {
        let epoch = match epoch {
            Some(e) => e,
            None => self.client.status(&self.token).await?.ledger_epoch,
        };
        tracing::warn!(%epoch, "server ledger reset: re-pushing everything, pulling from zero");
        self.store.restart_sync(&epoch.to_string())?;
        self.epoch = Some(epoch);
        Ok(())
    }

    async fn push_all(&mut self) -> Result<(), SyncError> {
        let mut stuck = 0;
        loop {
            let events = self.store.pending_batch(self.batch)?;
            if events.is_empty() {
                return Ok(());
            }
            self.snapshot.state = SyncState::Syncing;
            let sent = events.len() as u64;
            let req = PushRequest {
                ledger_epoch: self.epoch,
                device_id: Some(self.store.device_id()),
                events,
            };
            let answer = match self.client.push(&self.token, &req).await {
                Ok(a) => a,
                Err(Failure::TooLarge) if self.batch > 1 => {
                    self.batch /= 2;
                    tracing::info!(batch = self.batch, "push too large: halving the batch");
                    continue;
                }
                Err(e) => return Err(e.into()),
            };
            self.skew(answer.server_time);
            let tally = self.store.apply_push_results(&answer.results, Utc::now())?;
            self.snapshot.pushed += tally.acked + tally.flagged + tally.rejected;
            if let Some(from) = tally.gap_from {
                self.store.repush_from(from)?;
            }
            self.publish();
            if tally.deferred == sent {
                stuck += 1;
                if stuck >= 3 {
                    return Err(Failure::Busy {
                        status: 200,
                        message: "the server put off every event; trying again later".into(),
                        retry_after: None,
                    }
                    .into());
                }
            } else {
                stuck = 0;
            }
        }
    }

    async fn pull_all(&mut self) -> Result<(), SyncError> {
        loop {
            let after = self.store.pull_after()?;
            let page = self
                .client
                .pull(&self.token, after, self.config.pull_limit, 0, self.epoch)
                .await?;
            if !page.events.is_empty() {
                self.snapshot.state = SyncState::Syncing;
            }
            self.snapshot.pulled += self.store.apply_pull_page(&page, Utc::now())?;
            self.epoch = Some(page.ledger_epoch);
            self.publish();
            if !page.has_more {
                return Ok(());
            }
        }
    }

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
            SyncError::Failure(Failure::SignIn(_)) | SyncError::NotEnrolled(_) => {
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
            let runtime = match tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
            {
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
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|source| SyncError::Io {
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
