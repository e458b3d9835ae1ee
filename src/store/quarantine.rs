//! Pulled events this galla cannot use: written by a newer galla (a type or
//! version it does not know), unreadable, or outside the bounds every event
//! must keep (`galla_domain::sanity`) — sent by an older or a faulty server.
//! Each is kept aside with its reason and counts nowhere: the pull goes on
//! past it, so one bad event never stalls a counter. The Sync pane lists
//! them. Every time the database is opened for writing they are tried again
//! (after an upgrade galla may read them); because projections do not
//! depend on the order events arrive in, one applied late counts exactly as
//! if it had come on time.

use chrono::{DateTime, Utc};
use galla_domain::{DecodeError, Event, fold, sanity};
use galla_proto::PulledEvent;
use rusqlite::{Transaction, params};

use super::{AttentionRow, Result, Store, format_time, parse_time, project};

/// The state word the Sync pane shows for a quarantined event.
pub const KEPT_ASIDE: &str = "kept aside";

/// The event and its payload text, or why it cannot be used here.
pub(crate) fn usable(pulled: &PulledEvent) -> std::result::Result<(Event, String), String> {
    let (event, text) = pulled
        .event
        .to_event_and_text(pulled.device_id)
        .map_err(|e| match e {
            DecodeError::UnknownKind(_) | DecodeError::TooNew { .. } => {
                format!("needs a newer galla: {e}")
            }
            other => format!("unreadable: {other}"),
        })?;
    sanity::check(&event.payload).map_err(|e| format!("refused: {e}"))?;
    Ok((event, text))
}

/// Keeps `pulled` aside with `reason` (once; a second pull of it changes nothing).
pub(crate) fn keep_aside_tx(
    tx: &Transaction<'_>,
    pulled: &PulledEvent,
    reason: &str,
    now: DateTime<Utc>,
) -> Result<()> {
    let wire = serde_json::to_string(pulled)
        .map_err(|e| super::StoreError::Invalid(format!("cannot keep a pulled event: {e}")))?;
    tx.prepare_cached(
        "INSERT INTO quarantine (server_seq, event_id, device_id, type, occurred_at, reason,
                                 wire, received_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) ON CONFLICT DO NOTHING",
    )?
    .execute(params![
        i64::try_from(pulled.server_seq).unwrap_or(i64::MAX),
        pulled.event.event_id.to_string(),
        pulled.device_id.to_string(),
        pulled.event.kind,
        format_time(&pulled.event.occurred_at),
        reason,
        wire,
        format_time(&now),
    ])?;
    Ok(())
}

impl Store {
    /// How many pulled events are kept aside.
    pub fn quarantined_count(&self) -> Result<u64> {
        let n: i64 = self
            .conn
            .query_row("SELECT COUNT(*) FROM quarantine", [], |r| r.get(0))?;
        Ok(n.unsigned_abs())
    }

    /// The events kept aside, oldest first, as rows of the Sync pane's list.
    pub fn quarantined(&self, limit: usize) -> Result<Vec<AttentionRow>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT server_seq, type, occurred_at, reason FROM quarantine
              ORDER BY server_seq LIMIT ?1",
        )?;
        let rows = stmt.query_map([i64::try_from(limit).unwrap_or(i64::MAX)], |r| {
            let server_seq: i64 = r.get(0)?;
            let reason: String = r.get(3)?;
            Ok(AttentionRow {
                device_seq: server_seq.unsigned_abs(),
                kind: r.get(1)?,
                occurred_at: parse_time(&r.get::<_, String>(2)?),
                state: KEPT_ASIDE.to_string(),
                reason: format!("from another counter (server #{server_seq}): {reason}"),
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Tries every kept-aside event again; applies and releases the ones
    /// this galla can now use. Returns how many were applied.
    pub(crate) fn retry_quarantined(&mut self) -> Result<u64> {
        if self.quarantined_count()? == 0 {
            return Ok(0);
        }
        let tx = self.conn.transaction()?;
        let kept: Vec<(i64, String)> = tx
            .prepare("SELECT server_seq, wire FROM quarantine ORDER BY server_seq")?
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        let mut applied = 0;
        for (server_seq, wire) in kept {
            let Ok(pulled) = serde_json::from_str::<PulledEvent>(&wire) else {
                continue;
            };
            let Ok((event, text)) = usable(&pulled) else {
                continue;
            };
            if let Some(seq) =
                super::sync::insert_remote_tx(&tx, &event, pulled.event.schema_version, &text)?
            {
                project::apply_tx(&tx, seq, &fold(&event))?;
            }
            tx.execute("DELETE FROM quarantine WHERE server_seq = ?1", [server_seq])?;
            applied += 1;
        }
        tx.commit()?;
        Ok(applied)
    }
}
