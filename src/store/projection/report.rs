//! The report projections in SQL: `apply_tx` is the stored twin of
//! `ReportProjections::apply` (sums added with upserts, the latest sale and
//! receipt kept with `max`, a cancel that comes first left as a placeholder
//! row); `report_load` reads the tables back for `galla check`.

use galla_domain::projection::report::{
    BillFact, DocSums, GstList, ItemSums, ReportDelta, SlotSums, mode_index, series_of, slot_of,
    span_of,
};
use galla_domain::{BillId, Document, Money};
use rusqlite::{OptionalExtension, Transaction, params};

use crate::store::Result;
use crate::store::StoreError;
use crate::store::project::enum_text;

fn json<T: serde::Serialize>(value: &T) -> Result<String> {
    serde_json::to_string(value)
        .map_err(|e| StoreError::Invalid(format!("a report fact could not be written: {e}")))
}

/// Applies one report delta of the event stored at `seq` inside the
/// append transaction.
pub(crate) fn apply_tx(tx: &Transaction<'_>, seq: i64, delta: &ReportDelta) -> Result<()> {
    match delta {
        ReportDelta::Bill(bill_id, fact) => bill_tx(tx, seq, *bill_id, fact),
        ReportDelta::Cancelled { bill_id, at_ms } => {
            tx.prepare_cached(
                "INSERT INTO bills (bill_id, cancelled_ms) VALUES (?1, ?2)
                 ON CONFLICT (bill_id) DO UPDATE
                 SET cancelled_ms = MIN(COALESCE(cancelled_ms, excluded.cancelled_ms),
                                        excluded.cancelled_ms)",
            )?
            .execute(params![bill_id.0, at_ms])?;
            Ok(())
        }
        ReportDelta::Returned(event_id, r) => {
            let slot = slot_of(r.at_ms);
            let mut refunded = [Money::ZERO; 4];
            refunded[mode_index(r.refund_mode)] = r.refund;
            let sums = SlotSums {
                returns: 1,
                refunded,
                ..SlotSums::default()
            };
            let key = (
                r.device_id.to_string(),
                r.location_id.to_string(),
                r.actor.to_string(),
            );
            add_slot_tx(tx, slot, &key, &sums)?;
            tx.prepare_cached(
                "INSERT OR IGNORE INTO report_returns (event_id, bill_id, at_ms, slot, device_id,
                     location_id, actor_id, refund, refund_mode, lines, note_no, taxes)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
            )?
            .execute(params![
                event_id.to_string(),
                r.bill_id.to_string(),
                r.at_ms,
                slot,
                key.0,
                key.1,
                key.2,
                r.refund.paise(),
                enum_text(&r.refund_mode),
                json(&r.lines)?,
                r.note_no,
                json(&r.taxes)?,
            ])?;
            Ok(())
        }
        ReportDelta::Received(p) => {
            let slot = slot_of(p.at_ms);
            let supplier = match p.supplier_id {
                Some(s) => number_tx(tx, &s.to_string())?,
                None => 0,
            };
            let location = number_tx(tx, &p.location_id.to_string())?;
            for (variant, qty, cost) in &p.lines {
                let variant = number_tx(tx, &variant.to_string())?;
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
                    cost.times_qty(*qty).paise(),
                ])?;
                tx.prepare_cached(
                    "INSERT INTO report_last (variant_n, sold_ms, received_ms) VALUES (?1, NULL, ?2)
                     ON CONFLICT (variant_n) DO UPDATE
                     SET received_ms = MAX(COALESCE(received_ms, excluded.received_ms),
                                           excluded.received_ms)",
                )?
                .execute(params![variant, p.at_ms])?;
            }
            Ok(())
        }
    }
}

/// The number this file gives `id` in the report tables (`report_ids`),
/// given now if it has none yet. Numbers are local, like `seq`: the loader
/// reads the ids back, so `galla check` compares ids.
pub(crate) fn number_tx(tx: &Transaction<'_>, id: &str) -> Result<i64> {
    let known = tx
        .prepare_cached("SELECT n FROM report_ids WHERE id = ?1")?
        .query_row([id], |r| r.get(0))
        .optional()?;
    if let Some(n) = known {
        return Ok(n);
    }
    tx.prepare_cached("INSERT INTO report_ids (id) VALUES (?1)")?
        .execute([id])?;
    Ok(tx.last_insert_rowid())
}

/// A bill's report columns (its row in `bills`; the till's columns are
/// `Delta::Bill`'s), documents, sums, tax and items.
fn bill_tx(tx: &Transaction<'_>, seq: i64, bill_id: BillId, f: &BillFact) -> Result<()> {
    let slot = slot_of(f.at_ms);
    let key = (
        f.device_id.to_string(),
        f.location_id.to_string(),
        f.actor.to_string(),
    );
    tx.prepare_cached(
        "INSERT INTO bills (bill_id, seq, slot, gst_list, total) VALUES (?1, ?2, ?3, ?4, ?5)
         ON CONFLICT (bill_id) DO UPDATE SET seq = excluded.seq, slot = excluded.slot,
             gst_list = excluded.gst_list, total = excluded.total",
    )?
    .execute(params![
        bill_id.0,
        seq,
        slot,
        f.gst_list().map(GstList::number),
        f.total.paise(),
    ])?;
    add_docs_tx(
        tx,
        slot,
        &series_of(&f.bill_no),
        f.document,
        &DocSums::of(&f.bill_no),
    )?;
    let (taxable, cgst, sgst, igst) = f.taxes();
    let sums = SlotSums {
        bills: 1,
        total: f.total,
        taxable,
        cgst,
        sgst,
        igst,
        discount: f.discount,
        round_off: f.round_off,
        paid: f.paid,
        ..SlotSums::default()
    };
    add_slot_tx(tx, slot, &key, &sums)?;
    let tax_key = f.tax_key();
    let location = number_tx(tx, &key.1)?;
    for l in &f.lines {
        let variant = number_tx(tx, &l.variant_id.to_string())?;
        let rate = l.gst_rate.basis_points();
        if let Some((place, registered)) = &tax_key {
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
                l.taxable.paise(),
                l.cgst.paise(),
                l.sgst.paise(),
                l.igst.paise()
            ])?;
        }
        add_item_tx(tx, slot, variant, location, rate, &ItemSums::of(l))?;
        tx.prepare_cached(
            "INSERT INTO report_last (variant_n, sold_ms, received_ms) VALUES (?1, ?2, NULL)
             ON CONFLICT (variant_n) DO UPDATE
             SET sold_ms = MAX(COALESCE(sold_ms, excluded.sold_ms), excluded.sold_ms)",
        )?
        .execute(params![variant, f.at_ms])?;
    }
    Ok(())
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

/// Adds an item's sales to its slot's row and its span's.
fn add_item_tx(
    tx: &Transaction<'_>,
    slot: i64,
    variant: i64,
    location: i64,
    rate: u16,
    i: &ItemSums,
) -> Result<()> {
    for (table, key, at) in [
        ("report_items", "slot", slot),
        ("report_item_spans", "span", span_of(slot)),
    ] {
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
    }
    Ok(())
}
