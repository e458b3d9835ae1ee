//! Events read back from `galla export events` into an empty database, so a
//! shop moves to a new PC without a server. The new database becomes the
//! counter that wrote the export (its device id, its numbering, its bill
//! series carry on); the other counters' events it held stay theirs. Every
//! event is folded into the projections as it is inserted, all in one
//! transaction: a file that fails anywhere leaves the database empty.
//! Imported events are not gated (`access`): they already happened.

use galla_domain::{DeviceId, Event, EventPayload, fold};
use rusqlite::{Transaction, TransactionBehavior, params};

use super::append::insert_event_tx;
use super::{Result, Store, StoreError, project};

/// One event read from an export, and whether the exporting counter made it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Imported {
    /// The event as it was.
    pub event: Event,
    /// Made by the counter that exported it (`"origin": "local"`).
    pub own: bool,
}

/// What an import did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ImportSummary {
    /// Events stored.
    pub events: u64,
    /// The counter this database now is (the exporter's), if it made any.
    pub device: Option<DeviceId>,
    /// The series of its latest bill ("C1"), if it made any.
    pub series: Option<String>,
}

/// Moves this counter's bill series past `bill_no` (`INV/C1-42` → the
/// series `INV/C1` has used 42), when `create` or when the series is in use
/// here: a counter that gets its own older bills back (a restore, an import)
/// never numbers a bill twice.
pub(crate) fn bump_series_tx(tx: &Transaction<'_>, bill_no: &str, create: bool) -> Result<()> {
    let Some((series, n)) = bill_no.rsplit_once('-') else {
        return Ok(());
    };
    let Ok(n) = n.parse::<u64>() else {
        return Ok(());
    };
    let key = format!("bill_seq:{series}");
    let sql = if create {
        "INSERT INTO meta (key, value) VALUES (?1, ?2)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value
          WHERE CAST(meta.value AS INTEGER) < CAST(excluded.value AS INTEGER)"
    } else {
        "UPDATE meta SET value = ?2 WHERE key = ?1 AND CAST(value AS INTEGER) < CAST(?2 AS INTEGER)"
    };
    tx.prepare_cached(sql)?
        .execute(params![key, n.to_string()])?;
    Ok(())
}

impl Store {
    /// Stores `events` (in the export's order) in this empty database.
    pub fn import_events(&mut self, events: Vec<Imported>) -> Result<ImportSummary> {
        if self.is_read_only() {
            return Err(StoreError::ReadOnly);
        }
        if self.event_count()? > 0 {
            return Err(StoreError::Invalid(format!(
                "{} already holds events: events are imported into a new, empty database only",
                self.path().display()
            )));
        }
        let owners: std::collections::BTreeSet<DeviceId> = events
            .iter()
            .filter(|e| e.own)
            .map(|e| e.event.device_id)
            .collect();
        if owners.len() > 1 {
            return Err(StoreError::Invalid(
                "the file mixes the own events of several counters: it is not one export".into(),
            ));
        }
        let device = owners.into_iter().next();
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let mut summary = ImportSummary {
            device,
            ..ImportSummary::default()
        };
        for (line, imported) in (1..).zip(&events) {
            let e = &imported.event;
            let own = Some(e.device_id) == device;
            galla_domain::sanity::check(&e.payload).map_err(|why| {
                StoreError::Invalid(format!("line {line}: {why} — nothing was imported"))
            })?;
            let seq = insert_event_tx(&tx, e, own)
                .map_err(|err| StoreError::Invalid(format!("line {line}: {err}")))?;
            if own {
                tx.prepare_cached("INSERT INTO outbox (device_seq, event_seq) VALUES (?1, ?2)")?
                    .execute(params![
                        i64::try_from(e.device_seq).unwrap_or(i64::MAX),
                        seq
                    ])?;
                if let EventPayload::Sale(s) = &e.payload {
                    bump_series_tx(&tx, &s.bill_no, true)?;
                    summary.series = s.bill_no.rsplit_once('-').map(|(p, _)| p.to_string());
                }
            }
            project::apply_tx(&tx, seq, &fold(e))?;
            summary.events += 1;
        }
        if let Some(id) = device {
            tx.execute(
                "UPDATE meta SET value = ?1 WHERE key = 'device_id'",
                [id.to_string()],
            )?;
        }
        tx.commit()?;
        if let Some(id) = device {
            self.device_id = id;
        }
        Ok(summary)
    }
}
