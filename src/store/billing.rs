//! What billing needs of the store: an item by id with its product (by
//! barcode or SKU: `duplicates.rs`), the quantity held at a location, and saving a bill — the SALE
//! event takes the counter's next gapless bill number inside the same
//! transaction that appends it, so two counters never need to talk; a
//! return's credit note takes the next number of its own series the same way.

use galla_domain::bill::{BillNoError, bill_number, credit_note_number};
use galla_domain::{GstRate, LocationId, Money, NewEvent, Product, Qty, Variant, VariantId};
use rusqlite::{OptionalExtension, TransactionBehavior, params};

use super::append::{Appended, append_local_tx, next_device_seq_tx};
use super::project::enum_from_text;
use super::{Result, Store, StoreError};

impl Store {
    /// A variant with its product, for a bill line.
    pub fn sale_item(&self, variant: VariantId) -> Result<Option<(Product, Variant)>> {
        let row = self
            .conn
            .prepare_cached(
                "SELECT p.product_id, p.name, p.hsn, p.gst_bp, p.price_mode, p.unit,
                        v.sku, v.barcode, v.size, v.colour, v.mrp, v.price, v.cost, v.reorder_milli,
                        p.category
                 FROM variants v JOIN products p ON p.product_id = v.product_id
                 WHERE v.variant_id = ?1",
            )?
            .query_row([variant.to_string()], |r| {
                let bad = |i: usize| {
                    rusqlite::Error::FromSqlConversionFailure(
                        i,
                        rusqlite::types::Type::Text,
                        "bad value".into(),
                    )
                };
                let pid: String = r.get(0)?;
                let mode: String = r.get(4)?;
                let unit: String = r.get(5)?;
                let product = Product {
                    product_id: pid.parse().map_err(|_| bad(0))?,
                    name: r.get(1)?,
                    hsn: r.get(2)?,
                    gst_rate: GstRate::from_basis_points(r.get(3)?),
                    price_mode: enum_from_text(&mode).ok_or_else(|| bad(4))?,
                    unit: enum_from_text(&unit).ok_or_else(|| bad(5))?,
                    category: r.get(14)?,
                };
                let v = Variant {
                    variant_id: variant,
                    product_id: product.product_id,
                    sku: r.get(6)?,
                    barcode: r.get(7)?,
                    size: r.get(8)?,
                    colour: r.get(9)?,
                    mrp: Money::from_paise(r.get(10)?),
                    price: Money::from_paise(r.get(11)?),
                    cost: Money::from_paise(r.get(12)?),
                    reorder_level: Qty::from_milli(r.get(13)?),
                };
                Ok((product, v))
            })
            .optional()?;
        Ok(row)
    }

    /// How much of `variant` `location` holds.
    pub fn qty_at(&self, variant: VariantId, location: LocationId) -> Result<Qty> {
        let q: Option<i64> = self
            .conn
            .prepare_cached(
                "SELECT qty_milli FROM stock
                  WHERE variant_n = (SELECT n FROM report_ids WHERE id = ?1)
                    AND location_n = (SELECT n FROM report_ids WHERE id = ?2)",
            )?
            .query_row(params![variant.to_string(), location.to_string()], |r| {
                r.get(0)
            })
            .optional()?;
        Ok(Qty::from_milli(q.unwrap_or(0)))
    }

    /// The last number used in the series `prefix + counter` (0 if none).
    pub fn last_bill_seq(&self, prefix: &str, counter: &str) -> Result<u64> {
        let last: Option<String> = self
            .conn
            .prepare_cached("SELECT value FROM meta WHERE key = ?1")?
            .query_row([format!("{BILL_SERIES}{prefix}{counter}")], |r| r.get(0))
            .optional()?;
        Ok(last.and_then(|v| v.parse().ok()).unwrap_or(0))
    }

    /// Saves a bill durably: takes this counter's next number in the series
    /// `prefix + counter`, lets `make` build the SALE event with it, and
    /// appends it — all in one transaction. A failure leaves no trace and
    /// uses up no number. The kept open bill (`open_bill`) is cleared in the
    /// same transaction.
    pub fn save_sale(
        &mut self,
        prefix: &str,
        counter: &str,
        make: impl FnOnce(String) -> std::result::Result<NewEvent, String>,
    ) -> Result<Appended> {
        let key = format!("{BILL_SERIES}{prefix}{counter}");
        let saved = self.save_numbered(&key, |n| bill_number(prefix, counter, n), true, make);
        self.noted(saved)
    }

    /// Saves a return as a credit note: the counter's next number in its
    /// own credit-note series (`C1-CN1`, `C1-CN2`, …), gapless like bills.
    pub fn save_credit_note(
        &mut self,
        prefix: &str,
        counter: &str,
        make: impl FnOnce(String) -> std::result::Result<NewEvent, String>,
    ) -> Result<Appended> {
        let key = format!("{NOTE_SERIES}{prefix}{counter}");
        let saved = self.save_numbered(
            &key,
            |n| credit_note_number(prefix, counter, n),
            false,
            make,
        );
        self.noted(saved)
    }

    fn save_numbered(
        &mut self,
        key: &str,
        number: impl FnOnce(u64) -> std::result::Result<String, BillNoError>,
        clears_open_bill: bool,
        make: impl FnOnce(String) -> std::result::Result<NewEvent, String>,
    ) -> Result<Appended> {
        if self.is_read_only() {
            return Err(StoreError::ReadOnly);
        }
        let (device_id, acting) = (self.device_id, self.acting);
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let last: Option<String> = tx
            .prepare_cached("SELECT value FROM meta WHERE key = ?1")?
            .query_row([key], |r| r.get(0))
            .optional()?;
        let n = last.and_then(|v| v.parse::<u64>().ok()).unwrap_or(0) + 1;
        let no = number(n).map_err(|e| StoreError::Invalid(e.to_string()))?;
        let event = make(no).map_err(StoreError::Invalid)?;
        let device_seq = next_device_seq_tx(&tx)?;
        let mut reads = super::access::TxReads::default();
        let appended = append_local_tx(&tx, device_id, &acting, &mut reads, device_seq, event)?;
        tx.prepare_cached("INSERT OR REPLACE INTO meta (key, value) VALUES (?1, ?2)")?
            .execute(params![key, n.to_string()])?;
        if clears_open_bill {
            // The bill kept as "being made" is this one: gone with the same
            // commit, so a crash right after can never bring a saved bill back.
            tx.prepare_cached("DELETE FROM open_bill")?.execute([])?;
        }
        tx.commit()?;
        Ok(appended)
    }

    /// Moves every bill series past the highest number used in it (see
    /// [`advance_series_tx`]); the demo generator calls it after writing its
    /// history.
    pub fn advance_series(&mut self) -> Result<()> {
        let tx = self.conn.transaction()?;
        advance_series_tx(&tx)?;
        tx.commit()?;
        Ok(())
    }
}

/// The `meta` key prefix of a bill series' last number.
const BILL_SERIES: &str = "bill_seq:";
/// The `meta` key prefix of a credit-note series' last number.
const NOTE_SERIES: &str = "note_seq:";

/// Moves each series to at least the highest number its SALE events hold
/// (`C1-42` and an old demo's `C1-000042` are both 42 of series `C1`), so a
/// number is never given twice, whatever wrote the bills.
pub(crate) fn advance_series_tx(tx: &rusqlite::Transaction<'_>) -> Result<()> {
    let mut highest: std::collections::BTreeMap<String, u64> = Default::default();
    let mut stmt = tx.prepare(
        "SELECT json_extract(galla_json(payload), '$.bill_no') FROM events WHERE type = galla_code('SALE')",
    )?;
    let numbers = stmt.query_map([], |r| r.get::<_, Option<String>>(0))?;
    for no in numbers {
        let Some(no) = no? else { continue };
        if let Some((series, n)) = no.rsplit_once('-')
            && let Ok(n) = n.parse::<u64>()
        {
            let slot = highest.entry(series.to_string()).or_default();
            *slot = (*slot).max(n);
        }
    }
    for (series, n) in highest {
        tx.prepare_cached(
            "INSERT INTO meta (key, value) VALUES (?1, ?2)
             ON CONFLICT (key) DO UPDATE SET value = excluded.value
             WHERE CAST(meta.value AS INTEGER) < CAST(excluded.value AS INTEGER)",
        )?
        .execute(params![format!("{BILL_SERIES}{series}"), n.to_string()])?;
    }
    Ok(())
}
