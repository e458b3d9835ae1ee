//! The stock projection in SQL: what each item holds at each place
//! (`stock`, only ever added to, so summed per batch in
//! `projection::sums`) and its history (`stock_moves`, one row per event,
//! item, place and kind), both keyed by this file's numbers — the stored
//! twin of the domain's `projection::stock`, with its loader for `galla check`.

use galla_domain::{Delta, LocationId, MoveKind, Qty, StockMove, StockProjection, VariantId};
use rusqlite::{Connection, Transaction, params};

use super::rows::{collect, text_id};
use super::sums::{self, Sums};
use crate::store::Result;

/// Applies a `Delta::Stock` of the event stored at `seq`: the stock change
/// to `sums`, the movement to the history (others change nothing).
pub(crate) fn apply_tx(
    tx: &Transaction<'_>,
    seq: i64,
    delta: &Delta,
    sums: &mut Sums,
) -> Result<()> {
    if let Delta::Stock {
        variant_id,
        location_id,
        qty,
        kind,
    } = delta
    {
        sums.add_stock(*variant_id, *location_id, *qty);
        record_move_tx(tx, seq, (*variant_id, *location_id), *qty, *kind, sums)?;
    }
    Ok(())
}

fn record_move_tx(
    tx: &Transaction<'_>,
    seq: i64,
    (variant_id, location_id): (VariantId, LocationId),
    qty: Qty,
    kind: MoveKind,
    sums: &mut Sums,
) -> Result<()> {
    // One row per event, item, place and kind: two lines of one item on a
    // bill are one movement. Items and places go by this file's numbers.
    let variant = sums.number_tx(tx, variant_id.0)?;
    let location = sums.number_tx(tx, location_id.0)?;
    tx.prepare_cached(
        "INSERT INTO stock_moves (variant_n, seq, location_n, kind, qty_milli)
         VALUES (?1, ?2, ?3, ?4, ?5)
         ON CONFLICT DO UPDATE SET qty_milli = qty_milli + excluded.qty_milli",
    )?
    .execute(params![variant, seq, location, kind.code(), qty.milli()])?;
    Ok(())
}

/// Takes back out the stock deltas of the event stored at `seq`, and its
/// movements: the stored twin of `StockProjection::withdraw`.
pub(crate) fn withdraw_tx(tx: &Transaction<'_>, seq: i64, deltas: &[Delta]) -> Result<()> {
    for d in deltas {
        if let Delta::Stock {
            variant_id,
            location_id,
            qty,
            ..
        } = d
        {
            sums::add_stock_tx(tx, *variant_id, *location_id, -qty.milli())?;
            tx.prepare_cached(
                "DELETE FROM stock_moves
                  WHERE variant_n = (SELECT n FROM report_ids WHERE id = ?1) AND seq = ?2",
            )?
            .execute(params![variant_id.to_string(), seq])?;
        }
    }
    Ok(())
}

/// Reads the stock and its history as stored into `s`.
pub(crate) fn load(conn: &Connection, s: &mut StockProjection) -> Result<()> {
    for (v, l, q) in collect(
        conn,
        "SELECT v.id, l.id, s.qty_milli FROM stock s
           JOIN report_ids v ON v.n = s.variant_n JOIN report_ids l ON l.n = s.location_n",
        |r| Ok((text_id(r, 0)?, text_id(r, 1)?, Qty::from_milli(r.get(2)?))),
    )? {
        s.levels.insert((v, l), q);
    }
    s.moves = collect(
        conn,
        "SELECT m.seq, v.id, l.id, m.qty_milli, m.kind FROM stock_moves m
           JOIN report_ids v ON v.n = m.variant_n JOIN report_ids l ON l.n = m.location_n",
        |r| {
            let kind: i64 = r.get(4)?;
            Ok(StockMove {
                seq: r.get(0)?,
                variant_id: text_id(r, 1)?,
                location_id: text_id(r, 2)?,
                qty: Qty::from_milli(r.get(3)?),
                kind: MoveKind::from_code(kind).unwrap_or(MoveKind::Adjustment),
            })
        },
    )?;
    Ok(())
}
