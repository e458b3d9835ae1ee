//! The bills projection in SQL, the till's view: each bill's row in `bills`
//! (keyed by the bill id's 16 bytes; the reports' columns of the same row
//! are `projection::report`'s), a cancel that comes before its bill leaving
//! a row with no `seq` so the bill is cancelled when it comes — the stored
//! twin of the domain's `Projections::bills`, with its loader for `galla
//! check`.

use galla_domain::{BillId, BillRow, Delta, Money, PartyId, Projections};
use rusqlite::{Connection, Row, Transaction, params};

use super::rows::collect;
use crate::store::Result;
use crate::store::compact_bills::{document_code, document_from_code};

/// Applies a `Delta::Bill` (stored at `seq`) or `Delta::BillCancelled`
/// (others are not this projection's and change nothing).
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
        _ => {}
    }
    Ok(())
}

/// Reads the till's view of every bill as stored into `p`.
pub(crate) fn load(conn: &Connection, p: &mut Projections) -> Result<()> {
    for (k, b) in collect(
        conn,
        "SELECT bill_id, bill_no, seq, customer_id, total, cancelled_ms, document,
                place_of_supply, buyer_gstin, at_ms FROM bills",
        bill_row,
    )? {
        p.bills.insert(k, b);
    }
    Ok(())
}

/// A bill's row as the till keeps it: a bill whose cancel came first has no
/// seq, and is the domain's placeholder.
fn bill_row(r: &Row<'_>) -> rusqlite::Result<(BillId, BillRow)> {
    let bill_id = BillId(r.get(0)?);
    let cancelled = r.get::<_, Option<i64>>(5)?.is_some();
    let Some(seq) = r.get::<_, Option<i64>>(2)? else {
        let placeholder = BillRow {
            bill_no: String::new(),
            seq: 0,
            customer_id: None,
            total: Money::ZERO,
            cancelled,
            document: galla_domain::Document::TaxInvoice,
            place_of_supply: None,
            buyer_gstin: None,
            at_ms: 0,
        };
        return Ok((bill_id, placeholder));
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
