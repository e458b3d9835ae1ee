//! Own events the sync server refused. While an own TRANSFER or ADJUSTMENT is
//! `rejected` in the outbox its stock movement counts here no more than on
//! the server (`galla_domain::withdrawn_when_refused`): taken out when the
//! refusal is recorded, put back when the event goes back to pending (a
//! ledger reset or a gap sends it again). The event itself stays, and so
//! does every other refused event (a paid sale is a fact). `check` rebuilds
//! the same way, so a rebuild still equals the projections.

use std::collections::HashSet;

use galla_domain::{EventPayload, withdrawn_when_refused};
use rusqlite::{OptionalExtension, Transaction};

use super::{Result, Store, StoreError, project};

/// The local `seq` and payload of own event `device_seq`.
fn own_event_tx(tx: &Transaction<'_>, device_seq: i64) -> Result<Option<(i64, EventPayload)>> {
    let row: Option<(i64, String, u32, String)> = tx
        .prepare_cached(
            "SELECT e.seq, galla_kind(e.type), e.schema_version, galla_json(e.payload)
               FROM outbox o JOIN events e ON e.seq = o.event_seq
              WHERE o.state IN (0, 1, 2, 3) AND o.device_seq = ?1",
        )?
        .query_row([device_seq], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
        })
        .optional()?;
    let Some((seq, kind, version, payload)) = row else {
        return Ok(None);
    };
    let payload = EventPayload::decode(&kind, version, &payload)
        .map_err(|source| StoreError::Decode { seq, source })?;
    Ok(Some((seq, payload)))
}

/// Own event `device_seq` was just refused: takes its stock movement out.
pub(super) fn withdraw_tx(tx: &Transaction<'_>, device_seq: i64) -> Result<()> {
    if let Some((seq, payload)) = own_event_tx(tx, device_seq)? {
        project::withdraw_tx(tx, seq, &withdrawn_when_refused(&payload))?;
    }
    Ok(())
}

/// Refused own events from `device_seq` on are about to be sent again: puts
/// their stock movements back, so they count like any pending event.
pub(super) fn reinstate_from_tx(tx: &Transaction<'_>, device_seq: i64) -> Result<()> {
    let refused: Vec<i64> = tx
        .prepare_cached(
            "SELECT device_seq FROM outbox WHERE state = 3 AND device_seq >= ?1
              ORDER BY device_seq",
        )?
        .query_map([device_seq], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    for own in refused {
        if let Some((seq, payload)) = own_event_tx(tx, own)? {
            project::apply_tx(tx, seq, &withdrawn_when_refused(&payload))?;
        }
    }
    Ok(())
}

/// The local `seq`s of own events the server refused (a range of the
/// outbox's key).
pub(super) const REFUSED_EVENTS: &str = "SELECT event_seq FROM outbox WHERE state = 3";

impl Store {
    /// Local `seq`s of own events the server refused (for `check`).
    pub(super) fn refused_seqs(&self) -> Result<HashSet<i64>> {
        let mut stmt = self.conn.prepare(REFUSED_EVENTS)?;
        let seqs = stmt.query_map([], |r| r.get(0))?;
        Ok(seqs.collect::<rusqlite::Result<_>>()?)
    }
}
