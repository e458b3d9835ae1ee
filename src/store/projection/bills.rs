//! The bills projection in SQL: the till's view of each bill, its row in
//! `bills` (keyed by the bill id's 16 bytes; the reports' columns of the
//! same row are `projection::report`'s), a cancel that comes before its
//! bill leaving a row with no `seq` so the bill is cancelled when it comes;
//! and the credit notes, one row per numbered return (`credit_notes`: its
//! number, the bill it credits, refund and mode, keyed by its SALE_RETURN's
//! stamp) with its taxable value and tax by rate (`credit_note_taxes`), for
//! GST summaries that net returns. The stored twin of the domain's
//! `projection::bills`, with its loader for `galla check`.

use galla_domain::payload::RateTax;
use galla_domain::{
    BillId, BillRow, BillsProjection, CreditNoteRow, Delta, GstRate, Money, PartyId,
};
use rusqlite::{Connection, Row, Transaction, params};

use super::rows::{collect, stamp_col};
use crate::store::compact_bills::{document_code, document_from_code};
use crate::store::project::{enum_from_text, enum_text};
use crate::store::{Result, StoreError};

/// Applies a `Delta::Bill` (stored at `seq`), `Delta::BillCancelled` or
/// `Delta::CreditNote` (others are not this projection's and change
/// nothing).
pub(crate) fn apply_tx(tx: &Transaction<'_>, seq: i64, delta: &Delta) -> Result<()> {
    match delta {
        Delta::Bill {
            bill_id,
            bill_no,
            customer_id,
            total,
            document,
            place_of_supply,
            buyer_gstin,
            at_ms,
        } => {
            tx.prepare_cached(
                "INSERT INTO bills (bill_id, seq, bill_no, customer_id, total, document,
                                   place_of_supply, buyer_gstin, at_ms)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)
                 ON CONFLICT (bill_id) DO UPDATE SET seq = excluded.seq, bill_no = excluded.bill_no,
                     customer_id = excluded.customer_id, total = excluded.total,
                     document = excluded.document, place_of_supply = excluded.place_of_supply,
                     buyer_gstin = excluded.buyer_gstin, at_ms = excluded.at_ms",
            )?
            .execute(params![
                bill_id.0,
                seq,
                bill_no,
                customer_id.map(|c| c.0),
                total.paise(),
                document_code(*document),
                place_of_supply,
                buyer_gstin,
                at_ms,
            ])?;
        }
        Delta::BillCancelled { bill_id } => {
            // When it was cancelled is the report delta's (`cancelled_ms`),
            // which marks the row cancelled.
            tx.prepare_cached("INSERT INTO bills (bill_id) VALUES (?1) ON CONFLICT DO NOTHING")?
                .execute([bill_id.0])?;
        }
        Delta::CreditNote { .. } => credit_note_tx(tx, delta)?,
        _ => {}
    }
    Ok(())
}

/// Writes a `Delta::CreditNote` (anything else is ignored).
fn credit_note_tx(tx: &Transaction<'_>, delta: &Delta) -> Result<()> {
    let Delta::CreditNote {
        stamp,
        note_no,
        bill_id,
        bill_no,
        customer_id,
        refund,
        refund_mode,
        taxes,
    } = delta
    else {
        return Ok(());
    };
    let key = &stamp.to_bytes()[..];
    let added = tx
        .prepare_cached(
            "INSERT OR IGNORE INTO credit_notes (stamp, at_ms, note_no, bill_id, bill_no,
                                                 customer_id, refund, refund_mode)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        )?
        .execute(params![
            key,
            stamp.millis,
            note_no,
            bill_id.to_string(),
            bill_no,
            customer_id.map(|c| c.to_string()),
            refund.paise(),
            enum_text(refund_mode),
        ])?;
    if added == 0 {
        return Ok(());
    }
    for t in taxes {
        tx.prepare_cached(
            "INSERT INTO credit_note_taxes (stamp, gst_bp, taxable, cgst, sgst, igst)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)
             ON CONFLICT (stamp, gst_bp) DO UPDATE SET taxable = taxable + excluded.taxable,
                 cgst = cgst + excluded.cgst, sgst = sgst + excluded.sgst,
                 igst = igst + excluded.igst",
        )?
        .execute(params![
            key,
            t.gst_rate.basis_points(),
            t.taxable.paise(),
            t.cgst.paise(),
            t.sgst.paise(),
            t.igst.paise(),
        ])?;
    }
    Ok(())
}

/// Reads every bill (the till's view) and credit note as stored into `b`.
pub(crate) fn load(conn: &Connection, b: &mut BillsProjection) -> Result<()> {
    for (k, row) in collect(
        conn,
        "SELECT bill_id, bill_no, seq, customer_id, total, cancelled_ms, document,
                place_of_supply, buyer_gstin, at_ms FROM bills",
        bill_row,
    )? {
        b.rows.insert(k, row);
    }
    load_credit_notes(conn, b)
}

/// A bill's row as the till keeps it: a bill whose cancel came first has no
/// seq, and is the domain's placeholder.
fn bill_row(r: &Row<'_>) -> rusqlite::Result<(BillId, BillRow)> {
    let bill_id = BillId(r.get(0)?);
    let cancelled = r.get::<_, Option<i64>>(5)?.is_some();
    let Some(seq) = r.get::<_, Option<i64>>(2)? else {
        return Ok((bill_id, BillRow::placeholder(cancelled)));
    };
    let document: i64 = r.get(6)?;
    let row = BillRow {
        bill_no: r.get(1)?,
        seq,
        customer_id: r.get::<_, Option<uuid::Uuid>>(3)?.map(PartyId),
        total: Money::from_paise(r.get(4)?),
        cancelled,
        document: document_from_code(document).ok_or_else(|| {
            rusqlite::Error::FromSqlConversionFailure(
                6,
                rusqlite::types::Type::Integer,
                "bad document".into(),
            )
        })?,
        place_of_supply: r.get(7)?,
        buyer_gstin: r.get(8)?,
        at_ms: r.get(9)?,
    };
    Ok((bill_id, row))
}

/// Reads the credit notes and their taxes by rate into `b`.
fn load_credit_notes(conn: &Connection, b: &mut BillsProjection) -> Result<()> {
    let bad = |what: &str| StoreError::Invalid(format!("bad stored credit note {what}"));
    for (stamp, note_no, bill_id, bill_no, customer, refund, mode) in collect(
        conn,
        "SELECT stamp, note_no, bill_id, bill_no, customer_id, refund, refund_mode
         FROM credit_notes",
        |r| {
            Ok((
                stamp_col(r, 0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, Option<String>>(4)?,
                r.get::<_, i64>(5)?,
                r.get::<_, String>(6)?,
            ))
        },
    )? {
        let row = CreditNoteRow {
            note_no,
            bill_id: bill_id.parse().map_err(|_| bad("bill id"))?,
            bill_no,
            customer_id: customer.and_then(|c| c.parse().ok()),
            refund: Money::from_paise(refund),
            refund_mode: enum_from_text(&mode).ok_or_else(|| bad("refund mode"))?,
            taxes: Vec::new(),
        };
        b.credit_notes.insert(stamp, row);
    }
    for (stamp, bp, [taxable, cgst, sgst, igst]) in collect(
        conn,
        "SELECT stamp, gst_bp, taxable, cgst, sgst, igst FROM credit_note_taxes
         ORDER BY stamp, gst_bp",
        |r| {
            Ok((
                stamp_col(r, 0)?,
                r.get::<_, u16>(1)?,
                [r.get::<_, i64>(2)?, r.get(3)?, r.get(4)?, r.get(5)?],
            ))
        },
    )? {
        let note = b
            .credit_notes
            .get_mut(&stamp)
            .ok_or_else(|| bad("tax without its note"))?;
        note.taxes.push(RateTax {
            gst_rate: GstRate::from_basis_points(bp),
            taxable: Money::from_paise(taxable),
            cgst: Money::from_paise(cgst),
            sgst: Money::from_paise(sgst),
            igst: Money::from_paise(igst),
        });
    }
    Ok(())
}
