//! Appending events: validate, give each the next gapless `device_seq`, insert
//! it with its outbox row, and fold it into the projections — all in one
//! `BEGIN IMMEDIATE` transaction, so a crash leaves all of it or none. A
//! batch's summed rows are written once at its end (`projection::sums`),
//! or at the end of `Store::bulk` inside one.

use galla_domain::{Event, NewEvent, fold};
use rusqlite::{Transaction, TransactionBehavior, params};

use super::access::{Acting, TxReads, gate_tx};
use super::compact::own_head_sql;
use super::projection::sums::Sums;
use super::{Result, Store, StoreError, compact, packed, project, time_ms, validate};

/// An event as stored: its local sequence number and the full event.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Appended {
    /// Local order of application (`events.seq`).
    pub seq: i64,
    /// The event with its device and sequence number.
    pub event: Event,
}

impl Store {
    /// Appends one event durably; returns once it is committed.
    pub fn append(&mut self, event: NewEvent) -> Result<Appended> {
        let mut done = self.append_batch(vec![event])?;
        done.pop()
            .ok_or_else(|| StoreError::Invalid("nothing was appended".into()))
    }

    /// Appends several events in one transaction (all or none).
    pub fn append_batch(&mut self, events: Vec<NewEvent>) -> Result<Vec<Appended>> {
        let done = self.append_batch_inner(events);
        self.noted(done)
    }

    fn append_batch_inner(&mut self, events: Vec<NewEvent>) -> Result<Vec<Appended>> {
        if self.is_read_only() {
            return Err(StoreError::ReadOnly);
        }
        let (device_id, acting) = (self.device_id, self.acting);
        let deferred = self.bulk_sums.is_some();
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let first_seq = next_device_seq_tx(&tx)?;
        let mut out = Vec::with_capacity(events.len());
        let mut reads = TxReads::default();
        // A bulk run's batches carry on with what the ones committed before
        // found (a batch that fails leaves the run without it: it may have
        // found items that its own events created).
        if let Some(known) = self.bulk_known.take() {
            reads.known = known;
        }
        // A bulk run's numbers, known from its committed batches, carry on.
        let mut sums = match self.bulk_sums.as_mut() {
            Some(run) => Sums::with_numbers(run.take_numbers()),
            None => Sums::default(),
        };
        for (next_seq, new) in (first_seq..).zip(events) {
            out.push(append_summed_tx(
                &tx, device_id, &acting, &mut reads, next_seq, new, &mut sums,
            )?);
        }
        // Inside `bulk` the sums wait for its end, and are kept only once
        // this batch is committed; otherwise each row is written once here.
        let sums = if deferred {
            Some(sums)
        } else {
            sums.flush_tx(&tx)?;
            None
        };
        tx.commit()?;
        if deferred {
            self.bulk_known = Some(reads.known);
        }
        if let Some(sums) = sums {
            self.keep_bulk_sums(sums)?;
        }
        Ok(out)
    }

    /// Adds a committed batch's sums to those `bulk` keeps; writes them
    /// (in a transaction of their own) when they hold more than
    /// [`BULK_ROWS`] rows, so a long run's memory stays bounded.
    fn keep_bulk_sums(&mut self, sums: Sums) -> Result<()> {
        let Some(run) = self.bulk_sums.as_mut() else {
            return Ok(());
        };
        run.merge(sums);
        if run.rows() > BULK_ROWS {
            self.write_bulk_sums()?;
        }
        Ok(())
    }

    /// Writes the sums `bulk` keeps and starts them again (on a failure
    /// they stay, unwritten).
    pub(crate) fn write_bulk_sums(&mut self) -> Result<()> {
        let Some(run) = self.bulk_sums.as_mut() else {
            return Ok(());
        };
        let tx = self.conn.transaction()?;
        run.flush_tx(&tx)?;
        tx.commit()?;
        // The numbers are committed too: they stay known to the run.
        let numbers = run.take_numbers();
        self.bulk_sums = Some(Sums::with_numbers(numbers));
        Ok(())
    }
}

/// How many summed rows `bulk` keeps before it writes them: about 100 bytes
/// each in memory. Most rows of a batch (items by slot) are new anyway;
/// those summed across batches (stock, spans, last dates) are far fewer.
/// The crate's own tests write them every few batches.
pub(crate) const BULK_ROWS: usize = if cfg!(test) { 400 } else { 1_000_000 };

/// The next gapless `device_seq` (call inside the write transaction).
pub(crate) fn next_device_seq_tx(tx: &Transaction<'_>) -> Result<i64> {
    // Cached: every save asks, and parsing its four sub-queries each time
    // showed in a profile of the save.
    Ok(tx
        .prepare_cached(concat!("SELECT ", own_head_sql!(), " + 1"))?
        .query_row([], |r| r.get(0))?)
}

/// Validates, gates (who may record it: `access`), stores and folds one
/// local event with the given `device_seq`.
pub(crate) fn append_local_tx(
    tx: &Transaction<'_>,
    device_id: galla_domain::DeviceId,
    acting: &Acting,
    reads: &mut TxReads,
    device_seq: i64,
    new: NewEvent,
) -> Result<Appended> {
    let mut sums = Sums::default();
    let appended = append_summed_tx(tx, device_id, acting, reads, device_seq, new, &mut sums)?;
    sums.flush_tx(tx)?;
    Ok(appended)
}

/// [`append_local_tx`], with the event's changes to summed rows added to
/// `sums` (see `projection::sums`).
fn append_summed_tx(
    tx: &Transaction<'_>,
    device_id: galla_domain::DeviceId,
    acting: &Acting,
    reads: &mut TxReads,
    device_seq: i64,
    mut new: NewEvent,
    sums: &mut Sums,
) -> Result<Appended> {
    validate::check_tx(tx, &mut reads.known, &new.payload)?;
    gate_tx(tx, acting, reads, &mut new)?;
    let event = Event {
        event_id: new.event_id,
        device_id,
        device_seq: device_seq.unsigned_abs(),
        occurred_at: new.occurred_at,
        actor: new.actor,
        approved_by: new.approved_by,
        location_id: new.location_id,
        payload: new.payload,
    };
    let seq = insert_event_tx(tx, &event, true)?;
    tx.prepare_cached("INSERT INTO outbox (device_seq, event_seq) VALUES (?1, ?2)")?
        .execute(params![device_seq, seq])?;
    project::apply_summed_tx(tx, seq, &fold(&event), sums)?;
    Ok(Appended { seq, event })
}

/// Inserts the event row and returns its local sequence number.
/// `local`: made on this counter (a remote event imported from an export is not).
pub(crate) fn insert_event_tx(tx: &Transaction<'_>, event: &Event, local: bool) -> Result<i64> {
    let kind = event.payload.kind();
    let device = compact::envelope_n_tx(tx, event.device_id.0)?;
    let actor = compact::envelope_n_tx(tx, event.actor.0)?;
    let location = match event.location_id {
        Some(l) => Some(compact::envelope_n_tx(tx, l.0)?),
        None => None,
    };
    let mut stmt = tx.prepare_cached(
        "INSERT INTO events (event_id, device_n, device_seq, type, schema_version, occurred_at,
                             actor_n, location_n, payload, local, approved_by)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
    )?;
    stmt.execute(params![
        event.event_id.0,
        device,
        i64::try_from(event.device_seq).unwrap_or(i64::MAX),
        packed::kind_code(kind),
        kind.current_version(),
        time_ms(&event.occurred_at),
        actor,
        location,
        packed::pack(&event.payload.to_json()),
        local,
        event.approved_by.map(|a| a.0),
    ])
    .map_err(|e| match e {
        rusqlite::Error::SqliteFailure(f, _)
            if f.code == rusqlite::ErrorCode::ConstraintViolation =>
        {
            StoreError::Invalid(format!(
                "event {} is already stored (an event is never written twice)",
                event.event_id
            ))
        }
        other => StoreError::Sqlite(other),
    })?;
    Ok(tx.last_insert_rowid())
}
