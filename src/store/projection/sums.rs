//! Batched sums: the projection rows that are only ever added to (stock per
//! item and place, each counter's cash drawer, the report tables' slot,
//! document, item, span, tax and goods-received sums and last dates) are
//! summed in memory over a batch of events and written once per row at the
//! end, in the same transaction, with the same upserts one event alone uses
//! (so a row already in the table is added to, never replaced). A batch is
//! one append (a single event is a batch of one), a pulled page, a rebuild,
//! or a whole `Store::bulk` run. Everything else an event does — its stock
//! movement, a bill's row, a cancel, a return kept whole, a "current
//! value", a khata or book line — is still written as the event is folded.
//!
//! The report sums are `galla_domain`'s own [`ReportProjections`] (its
//! `add_sums` and `merge_sums`), so the store sums them exactly as
//! `galla check`'s fold in memory does. A row whose changes cancel out is
//! still written, at zero, as one event at a time would have made it.

use std::collections::{BTreeMap, HashMap};

use galla_domain::projection::report::{ReportDelta, ReportProjections};
use galla_domain::{DeviceId, LocationId, Money, Qty, VariantId};
use rusqlite::{Transaction, params};

use super::report::{self, number_tx};
use crate::store::Result;

/// The additive changes of a batch of events, not yet written.
#[derive(Debug, Default)]
pub(crate) struct Sums {
    /// Stock change per (variant, location), in thousandths.
    stock: BTreeMap<(VariantId, LocationId), i64>,
    /// Cash-drawer change per counter.
    cash: BTreeMap<DeviceId, Money>,
    /// The report tables' sums (no bills, no returns: those are written
    /// per event).
    report: ReportProjections,
    /// The file's numbers (`report_ids`) this batch looked up or gave, so
    /// an item, place or counter met again costs no look-up. Only ever
    /// carried on to a later batch once this one is committed.
    numbers: HashMap<uuid::Uuid, i64>,
}

impl Sums {
    /// The file's number for `id` (`report_ids`), remembered for the batch.
    pub(crate) fn number_tx(&mut self, tx: &Transaction<'_>, id: uuid::Uuid) -> Result<i64> {
        remembered(&mut self.numbers, tx, id)
    }

    /// Moves the remembered numbers out (for the next batch of a bulk run).
    pub(crate) fn take_numbers(&mut self) -> HashMap<uuid::Uuid, i64> {
        std::mem::take(&mut self.numbers)
    }

    /// Starts with numbers remembered by committed batches.
    pub(crate) fn with_numbers(numbers: HashMap<uuid::Uuid, i64>) -> Sums {
        Sums {
            numbers,
            ..Sums::default()
        }
    }

    /// Adds a stock change.
    pub(crate) fn add_stock(&mut self, variant_id: VariantId, location_id: LocationId, qty: Qty) {
        *self.stock.entry((variant_id, location_id)).or_default() += qty.milli();
    }

    /// Adds a change to a counter's cash drawer.
    pub(crate) fn add_cash(&mut self, device_id: DeviceId, delta: Money) {
        *self.cash.entry(device_id).or_default() += delta;
    }

    /// Adds what a report delta adds to the summed report tables.
    pub(crate) fn add_report(&mut self, delta: &ReportDelta) {
        self.report.add_sums(delta);
    }

    /// Adds `other`'s sums to these, as if its events had been summed here.
    pub(crate) fn merge(&mut self, other: Sums) {
        for (key, milli) in other.stock {
            *self.stock.entry(key).or_default() += milli;
        }
        for (device, delta) in other.cash {
            self.add_cash(device, delta);
        }
        self.report.merge_sums(other.report);
        self.numbers.extend(other.numbers);
    }

    /// How many rows these sums would write.
    pub(crate) fn rows(&self) -> usize {
        let r = &self.report;
        self.stock.len()
            + self.cash.len()
            + r.slots.len()
            + r.docs.len()
            + r.taxes.len()
            + r.items.len()
            + r.spans.len()
            + r.received.len()
            + r.last.len()
    }

    /// Writes every summed row: one upsert per row, adding to what the
    /// table holds.
    /// Items and places the batch already numbered (its stock movements
    /// did) are not looked up again.
    pub(crate) fn flush_tx(&mut self, tx: &Transaction<'_>) -> Result<()> {
        for (&(variant_id, location_id), &milli) in &self.stock {
            let variant = remembered(&mut self.numbers, tx, variant_id.0)?;
            let location = remembered(&mut self.numbers, tx, location_id.0)?;
            add_numbered_stock_tx(tx, variant, location, milli)?;
        }
        for (device_id, delta) in &self.cash {
            tx.prepare_cached(
                "INSERT INTO cash_drawers (device_id, balance) VALUES (?1, ?2)
                 ON CONFLICT (device_id) DO UPDATE SET balance = balance + excluded.balance",
            )?
            .execute(params![device_id.to_string(), delta.paise()])?;
        }
        report::write_sums_tx(tx, &self.report)
    }
}

/// Adds `milli` thousandths to the stock of a variant at a location.
pub(crate) fn add_stock_tx(
    tx: &Transaction<'_>,
    variant_id: VariantId,
    location_id: LocationId,
    milli: i64,
) -> Result<()> {
    // Items and places go by this file's numbers, as in the history.
    let variant = number_tx(tx, &variant_id.to_string())?;
    let location = number_tx(tx, &location_id.to_string())?;
    add_numbered_stock_tx(tx, variant, location, milli)
}

/// [`add_stock_tx`] for an item and place already numbered.
fn add_numbered_stock_tx(
    tx: &Transaction<'_>,
    variant: i64,
    location: i64,
    milli: i64,
) -> Result<()> {
    tx.prepare_cached(
        "INSERT INTO stock (variant_n, location_n, qty_milli) VALUES (?1, ?2, ?3)
         ON CONFLICT (variant_n, location_n) DO UPDATE SET qty_milli = qty_milli + excluded.qty_milli",
    )?
    .execute(params![variant, location, milli])?;
    Ok(())
}

/// The file's number for `id`, from `numbers` or looked up (and kept).
fn remembered(
    numbers: &mut HashMap<uuid::Uuid, i64>,
    tx: &Transaction<'_>,
    id: uuid::Uuid,
) -> Result<i64> {
    if let Some(n) = numbers.get(&id) {
        return Ok(*n);
    }
    let n = number_tx(tx, &id.to_string())?;
    numbers.insert(id, n);
    Ok(n)
}

#[cfg(test)]
mod tests {
    use crate::demo::{count, generate_at, small};
    use crate::store::append::BULK_ROWS;
    use crate::store::{Access, Store, check};

    #[test]
    fn a_bulk_run_that_writes_its_sums_part_way_is_still_checked_clean() {
        let dir = tempfile::tempdir().expect("dir");
        let mut store = Store::open(&dir.path().join("shop.db"), Access::ReadWrite).expect("open");
        let (spec, now) = small(60, 5, 3);
        store
            .bulk(|store| {
                // One batch of more rows than the bound (400 in tests):
                // written as soon as it is committed.
                generate_at(store, &spec, now)?;
                assert!(store.bulk_sums.as_ref().is_some_and(|s| s.rows() == 0));
                // Then more changes to the same rows, written at the end.
                let (item, place) = store.conn.query_row(
                    "SELECT v.id, l.id FROM stock s JOIN report_ids v ON v.n = s.variant_n
                       JOIN report_ids l ON l.n = s.location_n LIMIT 1",
                    [],
                    |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)),
                )?;
                let (item, place) = (item.parse().expect("id"), place.parse().expect("id"));
                let adjust = |units| count(place, item, units);
                store.append_batch(vec![adjust(3), adjust(-1)])?;
                store.append_batch(vec![adjust(2)])?;
                assert!(store.bulk_sums.as_ref().is_some_and(|s| s.rows() == 1));
                Ok(())
            })
            .expect("bulk");
        let rows: i64 = store
            .conn
            .query_row("SELECT COUNT(*) FROM report_items", [], |r| r.get(0))
            .expect("rows");
        assert!(rows as usize > BULK_ROWS / 4, "{rows}");
        let report = check(&store).expect("check");
        assert!(report.is_clean(), "{:?}", report.differences);
    }
}
