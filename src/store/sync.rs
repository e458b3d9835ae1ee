//! What the sync task needs from the store: the pending outbox in
//! `device_seq` order, push results applied in one transaction (acked,
//! flagged, rejected — an event is never deleted; a refused stock movement
//! is withdrawn from the stock, see `refused`), pulled pages folded into
//! the projections in the transaction that advances the cursor, the
//! `sync_state` key/values and the counts the status bar shows.

use chrono::{DateTime, Utc};
use galla_domain::{Event, EventId, LocationId, StaffId, fold};
use galla_proto::{EventResult, LedgerStatus, Outcome, PullResponse, WireEvent};
use rusqlite::{OptionalExtension, Transaction, TransactionBehavior, params};

use uuid::Uuid;

use super::compact::{self, envelope_id, state};
use super::projection::sums::Sums;
use super::{
    Result, Store, StoreError, format_time, packed, project, quarantine, refused, time_ms,
    time_of_ms,
};

/// `sync_state` keys.
pub mod keys {
    /// The server address given at enrollment.
    pub const SERVER_URL: &str = "server_url";
    /// The shop (tenant) the counter is enrolled with.
    pub const TENANT_ID: &str = "tenant_id";
    /// The name the administrator gave this counter.
    pub const DEVICE_NAME: &str = "device_name";
    /// The server ledger's epoch last seen.
    pub const LEDGER_EPOCH: &str = "ledger_epoch";
    /// The pull cursor: the last `server_seq` folded here.
    pub const PULL_AFTER: &str = "pull_after";
    /// When a push last succeeded (RFC 3339).
    pub const LAST_PUSH_OK: &str = "last_push_ok_at";
    /// When a pull last succeeded (RFC 3339).
    pub const LAST_PULL_OK: &str = "last_pull_ok_at";
    /// When the counter was enrolled (RFC 3339).
    pub const ENROLLED_AT: &str = "enrolled_at";
}

/// Outbox counts for the status bar.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct OutboxCounts {
    /// Events not yet accepted by the server.
    pub pending: u64,
    /// When the oldest pending event happened.
    pub oldest_pending: Option<DateTime<Utc>>,
    /// Accepted but flagged (needs attention).
    pub flagged: u64,
    /// Refused by the server (needs attention).
    pub rejected: u64,
    /// Other counters' events this galla could not use (needs attention).
    pub kept_aside: u64,
}

/// What one push's results did to the outbox.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct PushTally {
    /// Accepted (or already there).
    pub acked: u64,
    /// Accepted with a flag.
    pub flagged: u64,
    /// Refused for good.
    pub rejected: u64,
    /// Not processed; to be sent again.
    pub deferred: u64,
    /// The first `device_seq` the server says it is missing (a gap).
    pub gap_from: Option<u64>,
}

/// An event that needs a person's attention (flagged or rejected).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AttentionRow {
    /// Its `device_seq`.
    pub device_seq: u64,
    /// Its type (`SALE`).
    pub kind: String,
    /// When it happened here.
    pub occurred_at: Option<DateTime<Utc>>,
    /// `flagged` or `rejected`.
    pub state: String,
    /// The server's reason, `CODE: words`.
    pub reason: String,
}

fn to_i64(n: u64) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

fn bad(what: String) -> StoreError {
    StoreError::Invalid(what)
}

impl Store {
    /// A `sync_state` value.
    pub fn sync_get(&self, key: &str) -> Result<Option<String>> {
        Ok(self
            .conn
            .query_row("SELECT value FROM sync_state WHERE key = ?1", [key], |r| {
                r.get(0)
            })
            .optional()?)
    }

    /// Sets a `sync_state` value (its own small commit).
    pub fn sync_set(&self, key: &str, value: &str) -> Result<()> {
        if self.is_read_only() {
            return Err(StoreError::ReadOnly);
        }
        set_tx(&self.conn, key, value)
    }

    /// The pull cursor (0 before the first pull).
    pub fn pull_after(&self) -> Result<u64> {
        Ok(self
            .sync_get(keys::PULL_AFTER)?
            .and_then(|v| v.parse().ok())
            .unwrap_or(0))
    }

    /// Up to `limit` pending own events after `device_seq` `after` (0 for
    /// all), lowest first, as sent.
    pub fn pending_batch(&self, after: u64, limit: usize) -> Result<Vec<WireEvent>> {
        let mut stmt = self.conn.prepare_cached(concat!(
            "SELECT e.event_id, o.device_seq, galla_kind(e.type), e.schema_version, e.occurred_at, ",
            envelope_id!("e.actor_n"),
            ", ",
            envelope_id!("e.location_n"),
            ", e.payload, e.approved_by
               FROM outbox o JOIN events e ON e.seq = o.event_seq
              WHERE o.state = 0 AND o.device_seq > ?1 ORDER BY o.device_seq LIMIT ?2"
        ))?;
        let mut rows = stmt.query([to_i64(after), i64::try_from(limit).unwrap_or(i64::MAX)])?;
        let mut out = Vec::new();
        while let Some(r) = rows.next()? {
            let seq: i64 = r.get(1)?;
            let at: i64 = r.get(4)?;
            let wrong = |what: &str| bad(format!("outbox event {seq} has a bad {what}"));
            let payload = r.get_ref(7)?.as_blob().ok().map(packed::unpack);
            let payload = payload
                .and_then(|p| p.ok())
                .ok_or_else(|| wrong("payload"))?;
            out.push(WireEvent {
                event_id: EventId(r.get(0)?),
                device_seq: seq.unsigned_abs(),
                kind: r.get(2)?,
                schema_version: r.get(3)?,
                occurred_at: time_of_ms(at).ok_or_else(|| wrong("time"))?,
                actor_id: StaffId(r.get(5)?),
                approved_by: r.get::<_, Option<Uuid>>(8)?.map(StaffId),
                location_id: r.get::<_, Option<Uuid>>(6)?.map(LocationId),
                payload: serde_json::from_str(&payload).map_err(|_| wrong("payload"))?,
            });
        }
        Ok(out)
    }

    /// Records the server's verdict on each pushed event, and the time of
    /// this successful push, in one transaction.
    pub fn apply_push_results(
        &mut self,
        results: &[EventResult],
        now: DateTime<Utc>,
    ) -> Result<PushTally> {
        let tx = self.write_tx()?;
        let mut tally = PushTally::default();
        let stamp = format_time(&now);
        {
            // Only pending events are pushed; the guard keeps a stray answer
            // from moving an event that already has its verdict.
            let mut mark = tx.prepare_cached(
                "UPDATE outbox SET state = ?2, server_seq = ?3, attempts = attempts + 1,
                        last_error = ?4, updated_at = ?5 WHERE state = 0 AND device_seq = ?1",
            )?;
            for r in results {
                let seq = to_i64(r.device_seq);
                let (state, server_seq, error) = match &r.outcome {
                    Outcome::Accepted { server_seq }
                    | Outcome::Duplicate {
                        server_seq,
                        code: None,
                        ..
                    } => {
                        tally.acked += 1;
                        (state::ACKED, Some(*server_seq), None)
                    }
                    Outcome::Duplicate {
                        server_seq,
                        code: Some(code),
                        message,
                    } => {
                        tally.flagged += 1;
                        let why = format!("{code}: {}", message.as_deref().unwrap_or(""));
                        (state::FLAGGED, Some(*server_seq), Some(why))
                    }
                    Outcome::AcceptedFlagged {
                        server_seq,
                        code,
                        message,
                    } => {
                        tally.flagged += 1;
                        (
                            state::FLAGGED,
                            Some(*server_seq),
                            Some(format!("{code}: {message}")),
                        )
                    }
                    Outcome::Rejected { code, message } => {
                        tally.rejected += 1;
                        (state::REJECTED, None, Some(format!("{code}: {message}")))
                    }
                    Outcome::Deferred {
                        reason,
                        expected_device_seq,
                    } => {
                        tally.deferred += 1;
                        if let Some(expected) = expected_device_seq {
                            tally.gap_from =
                                Some(tally.gap_from.unwrap_or(*expected).min(*expected));
                        }
                        (state::PENDING, None, Some(format!("deferred: {reason}")))
                    }
                };
                let changed =
                    mark.execute(params![seq, state, server_seq.map(to_i64), error, stamp])?;
                if changed == 1 && state == state::REJECTED {
                    refused::withdraw_tx(&tx, seq)?;
                }
            }
        }
        set_tx(&tx, keys::LAST_PUSH_OK, &stamp)?;
        tx.commit()?;
        Ok(tally)
    }

    /// Marks every own event from `device_seq` on as pending again (the
    /// server says it is missing them); returns how many changed.
    pub fn repush_from(&mut self, device_seq: u64) -> Result<u64> {
        let tx = self.write_tx()?;
        refused::reinstate_from_tx(&tx, to_i64(device_seq))?;
        let n = tx.execute(
            "UPDATE outbox SET state = 0 WHERE state IN (1, 2, 3) AND device_seq >= ?1",
            [to_i64(device_seq)],
        )?;
        tx.commit()?;
        Ok(n as u64)
    }

    /// The server's ledger was reset or restored: every own event goes back
    /// to pending, the pull cursor to zero, and the new epoch is kept.
    pub fn restart_sync(&mut self, epoch: &str) -> Result<()> {
        let tx = self.write_tx()?;
        refused::reinstate_from_tx(&tx, 0)?;
        tx.execute(
            "UPDATE outbox SET state = 0, server_seq = NULL
              WHERE state IN (1, 2, 3) AND device_seq > 0",
            [],
        )?;
        set_tx(&tx, keys::PULL_AFTER, "0")?;
        set_tx(&tx, keys::LEDGER_EPOCH, epoch)?;
        tx.commit()?;
        Ok(())
    }

    /// Folds a pulled page: every event not yet here is inserted and folded
    /// into the projections, own events learn their verdict, and the cursor
    /// moves to `next_after` — all in one transaction. Returns how many
    /// events were new here.
    pub fn apply_pull_page(&mut self, page: &PullResponse, now: DateTime<Utc>) -> Result<u64> {
        let own = self.device_id;
        let tx = self.write_tx()?;
        let mut inserted = 0u64;
        let mut sums = Sums::default();
        for pulled in &page.events {
            if pulled.device_id == own {
                let (state, why) = match pulled.status {
                    LedgerStatus::Accepted => (state::ACKED, None),
                    LedgerStatus::Flagged => (
                        state::FLAGGED,
                        Some(format!(
                            "{}: {}",
                            pulled.flag_code.map(|c| c.as_str()).unwrap_or("FLAGGED"),
                            pulled.flag_message.as_deref().unwrap_or("")
                        )),
                    ),
                };
                tx.prepare_cached(
                    "UPDATE outbox SET state = ?2, server_seq = ?3, last_error = ?4
                      WHERE state = 0 AND device_seq = ?1",
                )?
                .execute(params![
                    to_i64(pulled.event.device_seq),
                    state,
                    to_i64(pulled.server_seq),
                    why
                ])?;
                continue;
            }
            let (event, text) = match quarantine::usable(pulled) {
                Ok(usable) => usable,
                Err(reason) => {
                    quarantine::keep_aside_tx(&tx, pulled, &reason, now)?;
                    continue;
                }
            };
            if let Some(seq) = insert_remote_tx(&tx, &event, pulled.event.schema_version, &text)? {
                project::apply_summed_tx(&tx, seq, &fold(&event), &mut sums)?;
                inserted += 1;
                // A bill of this counter's own series made elsewhere (its
                // own older bills, after a restore) is never numbered again.
                if let galla_domain::EventPayload::Sale(s) = &event.payload {
                    super::import::bump_series_tx(&tx, &s.bill_no, false)?;
                }
            }
        }
        sums.flush_tx(&tx)?;
        set_tx(&tx, keys::PULL_AFTER, &page.next_after.to_string())?;
        set_tx(&tx, keys::LEDGER_EPOCH, &page.ledger_epoch.to_string())?;
        set_tx(&tx, keys::LAST_PULL_OK, &format_time(&now))?;
        tx.commit()?;
        Ok(inserted)
    }

    /// Pending, flagged and rejected counts and the oldest pending event's time.
    pub fn outbox_counts(&self) -> Result<OutboxCounts> {
        // Each count is a range of the outbox's key (`compact`).
        let count = |state: i64| -> Result<u64> {
            let n: i64 = self
                .conn
                .prepare_cached("SELECT COUNT(*) FROM outbox WHERE state = ?1")?
                .query_row([state], |r| r.get(0))?;
            Ok(n.unsigned_abs())
        };
        let oldest: Option<i64> = self
            .conn
            .prepare_cached(
                "SELECT e.occurred_at
                   FROM outbox o JOIN events e ON e.seq = o.event_seq
                  WHERE o.state = 0 ORDER BY o.device_seq LIMIT 1",
            )?
            .query_row([], |r| r.get(0))
            .optional()?;
        Ok(OutboxCounts {
            pending: count(state::PENDING)?,
            oldest_pending: oldest.and_then(time_of_ms),
            flagged: count(state::FLAGGED)?,
            rejected: count(state::REJECTED)?,
            kept_aside: self.quarantined_count()?,
        })
    }

    /// Every flagged or rejected own event, oldest first, then the other
    /// counters' events kept aside, then duplicate SKUs (the Sync pane's list).
    pub fn attention_list(&self, limit: usize) -> Result<Vec<AttentionRow>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT o.device_seq, galla_kind(e.type), CASE o.state WHEN 2 THEN 'flagged' ELSE 'rejected' END,
                    COALESCE(o.last_error, ''), e.occurred_at
               FROM outbox o JOIN events e ON e.seq = o.event_seq
              WHERE o.state IN (2, 3) ORDER BY o.device_seq LIMIT ?1",
        )?;
        let rows = stmt.query_map([i64::try_from(limit).unwrap_or(i64::MAX)], |r| {
            Ok(AttentionRow {
                device_seq: r.get::<_, i64>(0)?.unsigned_abs(),
                kind: r.get(1)?,
                occurred_at: time_of_ms(r.get(4)?),
                state: r.get(2)?,
                reason: r.get(3)?,
            })
        })?;
        let mut out: Vec<AttentionRow> = rows.collect::<rusqlite::Result<_>>()?;
        let room = limit.saturating_sub(out.len());
        out.extend(self.quarantined(room)?);
        let room = limit.saturating_sub(out.len());
        out.extend(self.duplicates(room)?);
        Ok(out)
    }

    fn write_tx(&mut self) -> Result<Transaction<'_>> {
        if self.is_read_only() {
            return Err(StoreError::ReadOnly);
        }
        Ok(self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?)
    }
}

fn set_tx(conn: &rusqlite::Connection, key: &str, value: &str) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO sync_state (key, value) VALUES (?1, ?2)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
    )?
    .execute([key, value])?;
    Ok(())
}

/// Inserts a remote event, its payload as sent (`payload` in version
/// `version`), unless it is already here (by id, or by device and sequence);
/// returns its local sequence number when it was new.
pub(crate) fn insert_remote_tx(
    tx: &Transaction<'_>,
    event: &Event,
    version: u32,
    payload: &str,
) -> Result<Option<i64>> {
    let kind = event.payload.kind();
    let device = compact::envelope_n_tx(tx, event.device_id.0)?;
    let actor = compact::envelope_n_tx(tx, event.actor.0)?;
    let location = match event.location_id {
        Some(l) => Some(compact::envelope_n_tx(tx, l.0)?),
        None => None,
    };
    // No conflict target: a row already holding this event id, or this
    // device's sequence number, means "already here" either way.
    let n = tx
        .prepare_cached(
            "INSERT INTO events (event_id, device_n, device_seq, type, schema_version,
                                 occurred_at, actor_n, location_n, payload, local, approved_by)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, 0, ?10)
             ON CONFLICT DO NOTHING",
        )?
        .execute(params![
            event.event_id.0,
            device,
            to_i64(event.device_seq),
            packed::kind_code(kind),
            version,
            time_ms(&event.occurred_at),
            actor,
            location,
            packed::pack(payload),
            event.approved_by.map(|a| a.0),
        ])?;
    Ok((n == 1).then(|| tx.last_insert_rowid()))
}
