//! The report projections in SQL: `apply_tx` is the stored twin of
//! `ReportProjections::apply` (a bill's row and a return written as the
//! event is folded, a cancel that comes first left as a placeholder row;
//! the sums gathered in `sums` and written by `write_sums_tx`: added with
//! upserts, the latest sale and receipt kept with `max`); `report_load`
//! reads the tables back for `galla check`.

use std::collections::HashMap;

use galla_domain::Document;
use galla_domain::projection::report::{
    DocSums, GstList, ItemSums, ReportDelta, ReportProjections, SlotSums, TaxSums, slot_of,
};
use rusqlite::{Transaction, params};
use uuid::Uuid;

use super::sums::Sums;
use crate::store::Result;
use crate::store::StoreError;
use crate::store::project::enum_text;

fn json<T: serde::Serialize>(value: &T) -> Result<String> {
    serde_json::to_string(value)
        .map_err(|e| StoreError::Invalid(format!("a report fact could not be written: {e}")))
}

/// Applies one report delta of the event stored at `seq` inside the
/// append transaction: what is kept whole (a bill's row, a cancel, a
/// return) is written now, its sums are added to `sums` (see `sums`).
pub(crate) fn apply_tx(
    tx: &Transaction<'_>,
    seq: i64,
    delta: &ReportDelta,
    sums: &mut Sums,
) -> Result<()> {
    sums.add_report(delta);
    match delta {
        ReportDelta::Bill(bill_id, f) => {
            tx.prepare_cached(
                "INSERT INTO bills (bill_id, seq, slot, gst_list, total)
                 VALUES (?1, ?2, ?3, ?4, ?5)
                 ON CONFLICT (bill_id) DO UPDATE SET seq = excluded.seq, slot = excluded.slot,
                     gst_list = excluded.gst_list, total = excluded.total",
            )?
            .execute(params![
                bill_id.0,
                seq,
                slot_of(f.at_ms),
                f.gst_list().map(GstList::number),
                f.total.paise(),
            ])?;
        }
        ReportDelta::Cancelled { bill_id, at_ms } => {
            tx.prepare_cached(
                "INSERT INTO bills (bill_id, cancelled_ms) VALUES (?1, ?2)
                 ON CONFLICT (bill_id) DO UPDATE
                 SET cancelled_ms = MIN(COALESCE(cancelled_ms, excluded.cancelled_ms),
                                        excluded.cancelled_ms)",
            )?
            .execute(params![bill_id.0, at_ms])?;
        }
        ReportDelta::Returned(event_id, r) => {
            tx.prepare_cached(
                "INSERT OR IGNORE INTO report_returns (event_id, bill_id, at_ms, slot, device_id,
                     location_id, actor_id, refund, refund_mode, lines, note_no, taxes)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
            )?
            .execute(params![
                event_id.to_string(),
                r.bill_id.to_string(),
                r.at_ms,
                slot_of(r.at_ms),
                r.device_id.to_string(),
                r.location_id.to_string(),
                r.actor.to_string(),
                r.refund.paise(),
                enum_text(&r.refund_mode),
                json(&r.lines)?,
                r.note_no,
                json(&r.taxes)?,
            ])?;
        }
        ReportDelta::Received(_) => {}
    }
    Ok(())
}

/// Writes the report sums of a batch (`ReportProjections::add_sums`), one
/// upsert per row; each id's local number is looked up once.
pub(crate) fn write_sums_tx(tx: &Transaction<'_>, s: &ReportProjections) -> Result<()> {
    let mut numbers = Numbers::default();
    for ((slot, device, location, actor), sums) in &s.slots {
        let key = (device.to_string(), location.to_string(), actor.to_string());
        add_slot_tx(tx, *slot, &key, sums)?;
    }
    for ((slot, series, document), d) in &s.docs {
        add_docs_tx(tx, *slot, series, *document, d)?;
    }
    for ((slot, place, registered, rate), t) in &s.taxes {
        add_tax_tx(tx, *slot, place, *registered, rate.basis_points(), t)?;
    }
    for (table, rows) in [(ItemTable::Slots, &s.items), (ItemTable::Spans, &s.spans)] {
        for ((at, variant, location, rate), i) in rows {
            let variant = numbers.of(tx, variant.uuid())?;
            let location = numbers.of(tx, location.uuid())?;
            add_item_tx(tx, table, *at, variant, location, rate.basis_points(), i)?;
        }
    }
    for ((slot, supplier, variant, location), (qty, value)) in &s.received {
        let supplier = match supplier {
            Some(s) => numbers.of(tx, s.uuid())?,
            None => 0,
        };
        let variant = numbers.of(tx, variant.uuid())?;
        let location = numbers.of(tx, location.uuid())?;
        tx.prepare_cached(
            "INSERT INTO report_received (slot, supplier_n, variant_n, location_n,
                 qty_milli, value) VALUES (?1, ?2, ?3, ?4, ?5, ?6)
             ON CONFLICT (slot, supplier_n, variant_n, location_n) DO UPDATE
             SET qty_milli = qty_milli + excluded.qty_milli,
                 value = value + excluded.value",
        )?
        .execute(params![
            slot,
            supplier,
            variant,
            location,
            qty.milli(),
            value.paise()
        ])?;
    }
    for (variant, last) in &s.last {
        let variant = numbers.of(tx, variant.uuid())?;
        // max() of a NULL is NULL: the COALESCE keeps whichever is known.
        tx.prepare_cached(
            "INSERT INTO report_last (variant_n, sold_ms, received_ms) VALUES (?1, ?2, ?3)
             ON CONFLICT (variant_n) DO UPDATE SET
                 sold_ms = COALESCE(MAX(sold_ms, excluded.sold_ms), sold_ms, excluded.sold_ms),
                 received_ms = COALESCE(MAX(received_ms, excluded.received_ms), received_ms,
                                        excluded.received_ms)",
        )?
        .execute(params![variant, last.sold_ms, last.received_ms])?;
    }
    Ok(())
}

/// Local numbers already looked up in one write of sums.
#[derive(Default)]
struct Numbers(HashMap<Uuid, i64>);

impl Numbers {
    fn of(&mut self, tx: &Transaction<'_>, id: Uuid) -> Result<i64> {
        if let Some(n) = self.0.get(&id) {
            return Ok(*n);
        }
        let n = number_tx(tx, &id.to_string())?;
        self.0.insert(id, n);
        Ok(n)
    }
}

/// The number this file gives `id` in the report tables (`report_ids`),
/// given now if it has none yet. Numbers are local, like `seq`: the loader
/// reads the ids back, so `galla check` compares ids.
pub(crate) fn number_tx(tx: &Transaction<'_>, id: &str) -> Result<i64> {
    crate::store::compact::numbered_tx(tx, crate::store::compact::Numbering::Report, id)
}

/// Adds documents issued to a slot's row of their series and document.
pub(crate) fn add_docs_tx(
    tx: &Transaction<'_>,
    slot: i64,
    series: &str,
    document: Document,
    d: &DocSums,
) -> Result<()> {
    // Every SET reads the row as it was, so both ends compare the old
    // values (row values compare serial first, then the number as text).
    tx.prepare_cached(
        "INSERT INTO report_docs (slot, series, document, bills, first_serial, first_no,
             last_serial, last_no) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
         ON CONFLICT (slot, series, document) DO UPDATE SET bills = bills + excluded.bills,
             first_serial = CASE WHEN (excluded.first_serial, excluded.first_no)
                 < (first_serial, first_no) THEN excluded.first_serial ELSE first_serial END,
             first_no = CASE WHEN (excluded.first_serial, excluded.first_no)
                 < (first_serial, first_no) THEN excluded.first_no ELSE first_no END,
             last_serial = CASE WHEN (excluded.last_serial, excluded.last_no)
                 > (last_serial, last_no) THEN excluded.last_serial ELSE last_serial END,
             last_no = CASE WHEN (excluded.last_serial, excluded.last_no)
                 > (last_serial, last_no) THEN excluded.last_no ELSE last_no END",
    )?
    .execute(params![
        slot,
        series,
        document.as_str(),
        d.bills,
        d.first.0,
        d.first.1,
        d.last.0,
        d.last.1
    ])?;
    Ok(())
}

fn add_slot_tx(
    tx: &Transaction<'_>,
    slot: i64,
    key: &(String, String, String),
    s: &SlotSums,
) -> Result<()> {
    tx.prepare_cached(
        "INSERT INTO report_slots (slot, device_id, location_id, actor_id, bills, total, taxable,
             cgst, sgst, igst, discount, round_off, cash, upi, card, khata, returns, refund_cash,
             refund_upi, refund_card, refund_khata)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18,
                 ?19, ?20, ?21)
         ON CONFLICT (slot, device_id, location_id, actor_id) DO UPDATE SET
             bills = bills + excluded.bills, total = total + excluded.total,
             taxable = taxable + excluded.taxable, cgst = cgst + excluded.cgst,
             sgst = sgst + excluded.sgst, igst = igst + excluded.igst,
             discount = discount + excluded.discount, round_off = round_off + excluded.round_off,
             cash = cash + excluded.cash, upi = upi + excluded.upi, card = card + excluded.card,
             khata = khata + excluded.khata, returns = returns + excluded.returns,
             refund_cash = refund_cash + excluded.refund_cash,
             refund_upi = refund_upi + excluded.refund_upi,
             refund_card = refund_card + excluded.refund_card,
             refund_khata = refund_khata + excluded.refund_khata",
    )?
    .execute(params![
        slot,
        key.0,
        key.1,
        key.2,
        s.bills,
        s.total.paise(),
        s.taxable.paise(),
        s.cgst.paise(),
        s.sgst.paise(),
        s.igst.paise(),
        s.discount.paise(),
        s.round_off.paise(),
        s.paid[0].paise(),
        s.paid[1].paise(),
        s.paid[2].paise(),
        s.paid[3].paise(),
        s.returns,
        s.refunded[0].paise(),
        s.refunded[1].paise(),
        s.refunded[2].paise(),
        s.refunded[3].paise(),
    ])?;
    Ok(())
}

/// The two tables of item sales: by slot and by span.
#[derive(Clone, Copy)]
enum ItemTable {
    Slots,
    Spans,
}

/// Adds an item's sales to its row of a slot (or span).
fn add_item_tx(
    tx: &Transaction<'_>,
    table: ItemTable,
    at: i64,
    variant: i64,
    location: i64,
    rate: u16,
    i: &ItemSums,
) -> Result<()> {
    let (table, key) = match table {
        ItemTable::Slots => ("report_items", "slot"),
        ItemTable::Spans => ("report_item_spans", "span"),
    };
    tx.prepare_cached(&format!(
        "INSERT INTO {table} ({key}, variant_n, location_n, gst_bp, sold_milli, taxable,
             cgst, sgst, igst) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)
         ON CONFLICT ({key}, variant_n, location_n, gst_bp) DO UPDATE SET
             sold_milli = sold_milli + excluded.sold_milli,
             taxable = taxable + excluded.taxable, cgst = cgst + excluded.cgst,
             sgst = sgst + excluded.sgst, igst = igst + excluded.igst"
    ))?
    .execute(params![
        at,
        variant,
        location,
        rate,
        i.sold.milli(),
        i.taxable.paise(),
        i.cgst.paise(),
        i.sgst.paise(),
        i.igst.paise(),
    ])?;
    Ok(())
}

/// Adds a tax invoice's taxable value and tax to its row.
fn add_tax_tx(
    tx: &Transaction<'_>,
    slot: i64,
    place: &str,
    registered: bool,
    rate: u16,
    t: &TaxSums,
) -> Result<()> {
    tx.prepare_cached(
        "INSERT INTO report_tax (slot, place, registered, gst_bp, taxable, cgst, sgst,
             igst) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
         ON CONFLICT (slot, place, registered, gst_bp) DO UPDATE SET
             taxable = taxable + excluded.taxable, cgst = cgst + excluded.cgst,
             sgst = sgst + excluded.sgst, igst = igst + excluded.igst",
    )?
    .execute(params![
        slot,
        place,
        registered,
        rate,
        t.taxable.paise(),
        t.cgst.paise(),
        t.sgst.paise(),
        t.igst.paise()
    ])?;
    Ok(())
}
