//! One database's sync cycle: push the outbox in `device_seq` order in
//! batches, then pull the other counters' events in pages until caught up.
//! Both directions are pipelined: the next request is on the wire (on the
//! runtime's worker) while this thread writes the last answer to SQLite.
//! 413 halves the batch and 410 re-pushes everything and re-pulls from zero;
//! the loop around it (back-off, idling) is in `task`.

use chrono::{DateTime, Utc};
use galla_proto::{Outcome, PullResponse, PushRequest, PushResponse, WireEvent};
use tokio::sync::watch;
use tokio::task::JoinHandle;

use super::client::{Client, Failure};
use super::enroll::{SyncLock, read_token};
use super::snapshot::{SyncSnapshot, SyncState};
use super::{SyncConfig, SyncError};
use crate::store::{Access, Store, sync_keys};

/// One database's sync loop and its state.
pub struct Engine {
    pub(super) store: Store,
    pub(super) client: Client,
    pub(super) config: SyncConfig,
    pub(super) token: String,
    pub(super) epoch: Option<uuid::Uuid>,
    probed: bool,
    batch: usize,
    pub(super) snapshot: SyncSnapshot,
    publish: watch::Sender<SyncSnapshot>,
    pub(super) rng: u64,
    _lock: SyncLock,
}

/// The answer to a request already on the wire (a task on the runtime).
struct Pending<T>(JoinHandle<Result<T, Failure>>);

impl<T: Send + 'static> Pending<T> {
    fn spawn(request: impl Future<Output = Result<T, Failure>> + Send + 'static) -> Pending<T> {
        Pending(tokio::spawn(request))
    }

    async fn answer(self) -> Result<T, Failure> {
        self.0
            .await
            .unwrap_or_else(|e| Err(Failure::Network(format!("the request task failed: {e}"))))
    }
}

/// A push on the wire: how many events it carries and the last one's
/// `device_seq`.
struct PushFlight {
    sent: u64,
    last: u64,
    answer: Pending<PushResponse>,
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
            probed: false,
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

    pub(super) fn publish(&mut self) {
        if let Ok(c) = self.store.outbox_counts() {
            self.snapshot.pending = c.pending;
            self.snapshot.oldest_pending = c.oldest_pending;
            self.snapshot.flagged = c.flagged;
            self.snapshot.rejected = c.rejected;
            self.snapshot.kept_aside = c.kept_aside;
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
        }
        // One probe per engine: after that, pushes and pulls carry the epoch
        // (a changed one gets 410) and the server's clock. A retry after a
        // 429 must not spend its turn on a probe.
        if !self.probed {
            let status = self.client.status(&self.token).await?;
            self.skew(status.server_time);
            self.after_restore(status.device_head)?;
            if self.epoch.is_some_and(|e| e != status.ledger_epoch) {
                self.reset(Some(status.ledger_epoch)).await?;
            }
            self.epoch = Some(status.ledger_epoch);
            self.probed = true;
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

    /// After a restore (`galla restore`), the counter keeps its id and
    /// numbering only when the server holds none of its own events the
    /// backup lacks; otherwise its token is put aside, so it must be
    /// enrolled again — as a new counter that pulls those events back.
    fn after_restore(&mut self, server_head: u64) -> Result<(), SyncError> {
        if self.store.local(crate::backup::RESTORED)?.is_none() {
            return Ok(());
        }
        let own = self.store.own_head()?;
        if server_head <= own {
            self.store.remove_local(crate::backup::RESTORED)?;
            return Ok(());
        }
        super::enroll::set_token_aside(&self.config.db)?;
        tracing::warn!(server_head, own, "restored behind the server: enroll again");
        Err(SyncError::RestoredBehind(server_head - own))
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

    /// Puts a push of the pending events after `after` on the wire; `None`
    /// when there are none.
    fn send_push(&self, after: u64) -> Result<Option<PushFlight>, SyncError> {
        let events: Vec<WireEvent> = self.store.pending_batch(after, self.batch)?;
        let Some(last) = events.last().map(|e| e.device_seq) else {
            return Ok(None);
        };
        let sent = events.len() as u64;
        let req = PushRequest {
            ledger_epoch: self.epoch,
            device_id: Some(self.store.device_id()),
            events,
        };
        let (client, token) = (self.client.clone(), self.token.clone());
        let answer = Pending::spawn(async move { client.push(&token, &req).await });
        Ok(Some(PushFlight { sent, last, answer }))
    }

    async fn push_all(&mut self) -> Result<(), SyncError> {
        let mut stuck = 0;
        let mut next = self.send_push(0)?;
        while let Some(flight) = next.take() {
            self.snapshot.state = SyncState::Syncing;
            let (sent, last) = (flight.sent, flight.last);
            let answer = match flight.answer.answer().await {
                Ok(a) => a,
                Err(Failure::TooLarge) if self.batch > 1 => {
                    self.batch /= 2;
                    tracing::info!(batch = self.batch, "push too large: halving the batch");
                    next = self.send_push(0)?;
                    continue;
                }
                Err(e) => return Err(e.into()),
            };
            // The server committed this batch before answering, so the next
            // one can go now, while this thread records the results. After a
            // deferral the outbox must be read again once they are recorded.
            let deferred = answer
                .results
                .iter()
                .any(|r| matches!(r.outcome, Outcome::Deferred { .. }));
            if !deferred {
                next = self.send_push(last)?;
            }
            self.skew(answer.server_time);
            let tally = self.store.apply_push_results(&answer.results, Utc::now())?;
            self.snapshot.pushed += tally.acked + tally.flagged + tally.rejected;
            if let Some(from) = tally.gap_from {
                self.store.repush_from(from)?;
            }
            self.publish();
            if deferred {
                stuck = if tally.deferred == sent { stuck + 1 } else { 0 };
                if stuck >= 3 {
                    return Err(Failure::Busy {
                        status: 200,
                        message: "the server put off every event; trying again later".into(),
                        retry_after: None,
                    }
                    .into());
                }
                next = self.send_push(0)?;
            } else {
                stuck = 0;
            }
        }
        Ok(())
    }

    fn send_pull(&self, after: u64) -> Pending<PullResponse> {
        let (client, token) = (self.client.clone(), self.token.clone());
        let (limit, epoch) = (self.config.pull_limit, self.epoch);
        Pending::spawn(async move { client.pull(&token, after, limit, 0, epoch).await })
    }

    async fn pull_all(&mut self) -> Result<(), SyncError> {
        let mut next = Some(self.send_pull(self.store.pull_after()?));
        while let Some(flight) = next.take() {
            let page = flight.answer().await?;
            if page.has_more {
                next = Some(self.send_pull(page.next_after));
            }
            if !page.events.is_empty() {
                self.snapshot.state = SyncState::Syncing;
            }
            self.snapshot.pulled += self.store.apply_pull_page(&page, Utc::now())?;
            self.epoch = Some(page.ledger_epoch);
            self.publish();
        }
        Ok(())
    }
}
