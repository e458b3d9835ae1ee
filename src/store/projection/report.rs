//! The report projections in SQL: `apply_tx` is the stored twin of
//! `ReportProjections::apply` (sums added with upserts, the latest sale and
//! receipt kept with `max`, a cancel that comes first left as a placeholder
//! row), and `load` reads the tables back for `galla check`.

use galla_domain::payload::{PayMode, QtyLine};
use galla_domain::projection::report::{
    BillFact, DocSums, GstList, ItemSums, LastDates, ReportBill, ReportDelta, ReportProjections,
    ReturnFact, SaleRef, SlotSums, TaxSums, mode_index, series_of, slot_of,
};
use galla_domain::{Document, GstRate, Money, Qty};
use rusqlite::{Connection, Row, Transaction, params};

use crate::store::project::{enum_from_text, enum_text};
use crate::store::{Result, StoreError};

fn json<T: serde::Serialize>(value: &T) -> Result<String> {
    serde_json::to_string(value)
        .map_err(|e| StoreError::Invalid(format!("a report fact could not be written: {e}")))
}

fn id_or_blank<T: ToString>(id: Option<T>) -> String {
    id.map(|i| i.to_string()).unwrap_or_default()
}

/// Applies one report delta of the event stored at `seq` inside the
/// append transaction.
pub(crate) fn apply_tx(tx: &Transaction<'_>, seq: i64, delta: &ReportDelta) -> Result<()> {
    match delta {
        ReportDelta::Bill(bill_id, fact) => bill_tx(tx, seq, &bill_id.to_string(), fact),
        ReportDelta::Cancelled { bill_id, at_ms } => {
            tx.prepare_cached(
                "INSERT INTO report_bills (bill_id, cancelled_ms) VALUES (?1, ?2)
                 ON CONFLICT (bill_id) DO UPDATE
                 SET cancelled_ms = MIN(COALESCE(cancelled_ms, excluded.cancelled_ms),
                                        excluded.cancelled_ms)",
            )?
            .execute(params![bill_id.to_string(), at_ms])?;
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
            for (variant, qty, cost) in &p.lines {
                tx.prepare_cached(
                    "INSERT INTO report_received (slot, supplier_id, variant_id, location_id,
                         qty_milli, value) VALUES (?1, ?2, ?3, ?4, ?5, ?6)
                     ON CONFLICT (slot, supplier_id, variant_id, location_id) DO UPDATE
                     SET qty_milli = qty_milli + excluded.qty_milli,
                         value = value + excluded.value",
                )?
                .execute(params![
                    slot,
                    id_or_blank(p.supplier_id),
                    variant.to_string(),
                    p.location_id.to_string(),
                    qty.milli(),
                    cost.times_qty(*qty).paise(),
                ])?;
                tx.prepare_cached(
                    "INSERT INTO report_last (variant_id, sold_ms, received_ms) VALUES (?1, NULL, ?2)
                     ON CONFLICT (variant_id) DO UPDATE
                     SET received_ms = MAX(COALESCE(received_ms, excluded.received_ms),
                                           excluded.received_ms)",
                )?
                .execute(params![variant.to_string(), p.at_ms])?;
            }
            Ok(())
        }
    }
}

fn bill_tx(tx: &Transaction<'_>, seq: i64, bill_id: &str, f: &BillFact) -> Result<()> {
    let slot = slot_of(f.at_ms);
    let key = (
        f.device_id.to_string(),
        f.location_id.to_string(),
        f.actor.to_string(),
    );
    tx.prepare_cached(
        "INSERT INTO report_bills (bill_id, seq, slot, gst_list, total) VALUES (?1, ?2, ?3, ?4, ?5)
         ON CONFLICT (bill_id) DO UPDATE SET seq = excluded.seq, slot = excluded.slot,
             gst_list = excluded.gst_list, total = excluded.total",
    )?
    .execute(params![
        bill_id,
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
    for l in &f.lines {
        let variant = l.variant_id.to_string();
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
        let item = ItemSums {
            sold: l.qty,
            taxable: l.taxable,
            cgst: l.cgst,
            sgst: l.sgst,
            igst: l.igst,
        };
        add_item_tx(tx, slot, &variant, &key.1, rate, &item)?;
        tx.prepare_cached(
            "INSERT INTO report_last (variant_id, sold_ms, received_ms) VALUES (?1, ?2, NULL)
             ON CONFLICT (variant_id) DO UPDATE
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

fn add_item_tx(
    tx: &Transaction<'_>,
    slot: i64,
    variant: &str,
    location: &str,
    rate: u16,
    i: &ItemSums,
) -> Result<()> {
    tx.prepare_cached(
        "INSERT INTO report_items (slot, variant_id, location_id, gst_bp, sold_milli, taxable,
             cgst, sgst, igst) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)
         ON CONFLICT (slot, variant_id, location_id, gst_bp) DO UPDATE SET
             sold_milli = sold_milli + excluded.sold_milli, taxable = taxable + excluded.taxable,
             cgst = cgst + excluded.cgst, sgst = sgst + excluded.sgst, igst = igst + excluded.igst",
    )?
    .execute(params![
        slot,
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

fn bad(i: usize, what: &str) -> rusqlite::Error {
    rusqlite::Error::FromSqlConversionFailure(
        i,
        rusqlite::types::Type::Text,
        format!("bad {what}").into(),
    )
}

fn id<T: std::str::FromStr>(r: &Row<'_>, i: usize) -> rusqlite::Result<T> {
    let s: String = r.get(i)?;
    s.parse().map_err(|_| bad(i, "id"))
}

fn opt_id<T: std::str::FromStr>(r: &Row<'_>, i: usize) -> rusqlite::Result<Option<T>> {
    match r.get::<_, Option<String>>(i)? {
        Some(s) if !s.is_empty() => s.parse().map(Some).map_err(|_| bad(i, "id")),
        _ => Ok(None),
    }
}

fn money(r: &Row<'_>, i: usize) -> rusqlite::Result<Money> {
    Ok(Money::from_paise(r.get(i)?))
}

fn from_json<T: serde::de::DeserializeOwned>(r: &Row<'_>, i: usize) -> rusqlite::Result<T> {
    let s: String = r.get(i)?;
    serde_json::from_str(&s).map_err(|_| bad(i, "lines"))
}

/// The columns [`slot_sums`] reads, in order.
pub(crate) const SLOT_SUM_COLUMNS: &str = "bills, total, taxable, cgst, sgst, igst, discount, \
     round_off, cash, upi, card, khata, returns, refund_cash, refund_upi, refund_card, \
     refund_khata";

/// A slot's sums from a row of [`SLOT_SUM_COLUMNS`] starting at column `at`.
pub(crate) fn slot_sums(r: &Row<'_>, at: usize) -> rusqlite::Result<SlotSums> {
    let m = |i: usize| money(r, at + i);
    Ok(SlotSums {
        bills: r.get(at)?,
        total: m(1)?,
        taxable: m(2)?,
        cgst: m(3)?,
        sgst: m(4)?,
        igst: m(5)?,
        discount: m(6)?,
        round_off: m(7)?,
        paid: [m(8)?, m(9)?, m(10)?, m(11)?],
        returns: r.get(at + 12)?,
        refunded: [m(13)?, m(14)?, m(15)?, m(16)?],
    })
}

/// The columns [`return_fact`] reads, in order.
pub(crate) const RETURN_COLUMNS: &str =
    "bill_id, at_ms, device_id, location_id, actor_id, refund, refund_mode, lines, note_no, taxes";

/// A return from a row of [`RETURN_COLUMNS`] starting at column `at`.
pub(crate) fn return_fact(r: &Row<'_>, at: usize) -> rusqlite::Result<ReturnFact> {
    let mode: String = r.get(at + 6)?;
    let lines: Vec<QtyLine> = from_json(r, at + 7)?;
    Ok(ReturnFact {
        bill_id: id(r, at)?,
        at_ms: r.get(at + 1)?,
        device_id: id(r, at + 2)?,
        location_id: id(r, at + 3)?,
        actor: id(r, at + 4)?,
        refund: money(r, at + 5)?,
        refund_mode: enum_from_text::<PayMode>(&mode).ok_or_else(|| bad(at + 6, "mode"))?,
        lines,
        note_no: r.get(at + 8)?,
        taxes: from_json(r, at + 9)?,
    })
}

fn each(
    conn: &Connection,
    sql: &str,
    mut f: impl FnMut(&Row<'_>) -> rusqlite::Result<()>,
) -> Result<()> {
    let mut stmt = conn.prepare(sql)?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        f(r)?;
    }
    Ok(())
}

/// Every report table as stored, for `galla check`.
pub(crate) fn load(conn: &Connection) -> Result<ReportProjections> {
    let mut p = ReportProjections::default();
    each(
        conn,
        "SELECT bill_id, cancelled_ms, seq, slot, gst_list, total FROM report_bills",
        |r| {
            let sale = match r.get::<_, Option<i64>>(2)? {
                Some(seq) => Some(SaleRef {
                    seq,
                    slot: r.get(3)?,
                    gst_list: r.get::<_, Option<i64>>(4)?.and_then(GstList::from_number),
                    total: money(r, 5)?,
                }),
                None => None,
            };
            let row = ReportBill {
                sale,
                cancelled_ms: r.get(1)?,
            };
            p.bills.insert(id(r, 0)?, row);
            Ok(())
        },
    )?;
    each(
        conn,
        "SELECT slot, series, document, bills, first_serial, first_no, last_serial, last_no
         FROM report_docs",
        |r| {
            let document: String = r.get(2)?;
            let document =
                enum_from_text::<Document>(&document).ok_or_else(|| bad(2, "document"))?;
            p.docs.insert(
                (r.get(0)?, r.get(1)?, document),
                DocSums {
                    bills: r.get(3)?,
                    first: (r.get(4)?, r.get(5)?),
                    last: (r.get(6)?, r.get(7)?),
                },
            );
            Ok(())
        },
    )?;
    each(
        conn,
        &format!(
            "SELECT slot, device_id, location_id, actor_id, {SLOT_SUM_COLUMNS} FROM report_slots"
        ),
        |r| {
            let sums = slot_sums(r, 4)?;
            p.slots
                .insert((r.get(0)?, id(r, 1)?, id(r, 2)?, id(r, 3)?), sums);
            Ok(())
        },
    )?;
    each(
        conn,
        "SELECT slot, variant_id, location_id, gst_bp, sold_milli, taxable, cgst, sgst, igst
         FROM report_items",
        |r| {
            let sums = ItemSums {
                sold: Qty::from_milli(r.get(4)?),
                taxable: money(r, 5)?,
                cgst: money(r, 6)?,
                sgst: money(r, 7)?,
                igst: money(r, 8)?,
            };
            let rate = GstRate::from_basis_points(r.get(3)?);
            p.items
                .insert((r.get(0)?, id(r, 1)?, id(r, 2)?, rate), sums);
            Ok(())
        },
    )?;
    each(
        conn,
        "SELECT slot, place, registered, gst_bp, taxable, cgst, sgst, igst FROM report_tax",
        |r| {
            let sums = TaxSums {
                taxable: money(r, 4)?,
                cgst: money(r, 5)?,
                sgst: money(r, 6)?,
                igst: money(r, 7)?,
            };
            let key = (
                r.get(0)?,
                r.get(1)?,
                r.get(2)?,
                GstRate::from_basis_points(r.get(3)?),
            );
            p.taxes.insert(key, sums);
            Ok(())
        },
    )?;
    each(
        conn,
        &format!("SELECT event_id, {RETURN_COLUMNS} FROM report_returns"),
        |r| {
            p.returns.insert(id(r, 0)?, return_fact(r, 1)?);
            Ok(())
        },
    )?;
    each(
        conn,
        "SELECT slot, supplier_id, variant_id, location_id, qty_milli, value FROM report_received",
        |r| {
            p.received.insert(
                (r.get(0)?, opt_id(r, 1)?, id(r, 2)?, id(r, 3)?),
                (Qty::from_milli(r.get(4)?), money(r, 5)?),
            );
            Ok(())
        },
    )?;
    each(
        conn,
        "SELECT variant_id, sold_ms, received_ms FROM report_last",
        |r| {
            let dates = LastDates {
                sold_ms: r.get(1)?,
                received_ms: r.get(2)?,
            };
            p.last.insert(id(r, 0)?, dates);
            Ok(())
        },
    )?;
    Ok(p)
}
