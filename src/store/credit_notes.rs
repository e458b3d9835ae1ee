//! The credit-notes projection: one row per numbered return (its number,
//! the bill it credits, refund and mode) and its taxable value and tax by
//! rate, for GST summaries that net returns. The stored twin of
//! `Projections::credit_notes`: its SQL apply, its loader for `galla check`,
//! and the listing reports read. Written only from `Delta::CreditNote`.

use galla_domain::payload::RateTax;
use galla_domain::{CreditNoteRow, Delta, GstRate, Money, Projections};
use rusqlite::{Transaction, params};

use super::project::{enum_from_text, enum_text};
use super::{Result, Store, StoreError};

/// Writes a `Delta::CreditNote` (anything else is ignored).
pub(crate) fn apply_tx(tx: &Transaction<'_>, delta: &Delta) -> Result<()> {
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

/// Loads the stored credit notes into `p` (for `galla check`).
pub(crate) fn load(store: &Store, p: &mut Projections) -> Result<()> {
    let conn = store.connection();
    let bad = |what: &str| StoreError::Invalid(format!("bad stored credit note {what}"));
    let mut stmt = conn.prepare(
        "SELECT stamp, note_no, bill_id, bill_no, customer_id, refund, refund_mode
         FROM credit_notes",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok((
            r.get::<_, Vec<u8>>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, String>(3)?,
            r.get::<_, Option<String>>(4)?,
            r.get::<_, i64>(5)?,
            r.get::<_, String>(6)?,
        ))
    })?;
    for row in rows {
        let (stamp, note_no, bill_id, bill_no, customer, refund, mode) = row?;
        let stamp = galla_domain::Stamp::from_bytes(&stamp).ok_or_else(|| bad("stamp"))?;
        let row = CreditNoteRow {
            note_no,
            bill_id: bill_id.parse().map_err(|_| bad("bill id"))?,
            bill_no,
            customer_id: customer.and_then(|c| c.parse().ok()),
            refund: Money::from_paise(refund),
            refund_mode: enum_from_text(&mode).ok_or_else(|| bad("refund mode"))?,
            taxes: Vec::new(),
        };
        p.credit_notes.insert(stamp, row);
    }
    let mut stmt = conn.prepare(
        "SELECT stamp, gst_bp, taxable, cgst, sgst, igst FROM credit_note_taxes
         ORDER BY stamp, gst_bp",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok((
            r.get::<_, Vec<u8>>(0)?,
            r.get::<_, u16>(1)?,
            [r.get::<_, i64>(2)?, r.get(3)?, r.get(4)?, r.get(5)?],
        ))
    })?;
    for row in rows {
        let (stamp, bp, [taxable, cgst, sgst, igst]) = row?;
        let stamp = galla_domain::Stamp::from_bytes(&stamp).ok_or_else(|| bad("stamp"))?;
        let note = p
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
