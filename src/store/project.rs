//! Applies projection deltas with SQL inside the append transaction: the
//! stored twin of `galla_domain::Projections::apply`, which `galla check`
//! proves equal. Each delta goes to its projection's module in
//! `store::projection` (catalogue, bills, books, khata, reports, credit
//! notes); the parties, staff, attendance, settings and the stock are still
//! written here. A "current value" is written only when its delta's stamp
//! beats the one recorded in `lww` (`projection::lww`), so the tables do not
//! depend on the order events arrive in. Rows that are only added to (stock,
//! cash drawers, report sums) are gathered in a `projection::sums::Sums` and
//! written once per row per batch.

use galla_domain::{Delta, LocationId, MoveKind, Qty, Register, VariantId};
use rusqlite::{Transaction, params};

use super::Result;
use super::projection::lww::wins_tx;
use super::projection::sums::{self, Sums};

/// Applies the deltas of the event stored at `seq` (a batch of one: see
/// `projection::sums`).
pub(crate) fn apply_tx(tx: &Transaction<'_>, seq: i64, deltas: &[Delta]) -> Result<()> {
    let mut sums = Sums::default();
    apply_summed_tx(tx, seq, deltas, &mut sums)?;
    sums.flush_tx(tx)
}

/// [`apply_tx`], with the changes to summed rows (stock, cash drawers,
/// report sums) added to `sums` instead of written; `Sums::flush_tx` must
/// follow in the same transaction.
pub(crate) fn apply_summed_tx(
    tx: &Transaction<'_>,
    seq: i64,
    deltas: &[Delta],
    sums: &mut Sums,
) -> Result<()> {
    for d in deltas {
        apply_one(tx, seq, d, sums)?;
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
/// movements: the stored twin of `Projections::withdraw`.
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

fn apply_one(tx: &Transaction<'_>, seq: i64, delta: &Delta, sums: &mut Sums) -> Result<()> {
    match delta {
        Delta::Product(..)
        | Delta::Variant(..)
        | Delta::VariantDetails(..)
        | Delta::VariantActive { .. }
        | Delta::Price { .. }
        | Delta::Location(..) => super::projection::catalogue::apply_tx(tx, delta)?,
        Delta::Party(p, stamp) => {
            let id = p.party_id.to_string();
            if wins_tx(tx, Register::Party, &id, *stamp)? {
                tx.prepare_cached(
                    "INSERT OR REPLACE INTO parties (party_id, kind, name, phone, gstin, state_code,
                                                     credit_limit, address, terms_days, notes, whatsapp)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
                )?
                .execute(params![
                    id,
                    enum_text(&p.kind),
                    p.name,
                    p.phone,
                    p.gstin,
                    p.state_code,
                    p.credit_limit.paise(),
                    p.address,
                    p.terms_days,
                    p.notes,
                    p.whatsapp,
                ])?;
            }
        }
        Delta::PartyBalance { .. } | Delta::Reminder { .. } => {
            super::projection::khata::apply_tx(tx, delta)?
        }
        Delta::Staff(s, stamp) => {
            let id = s.staff_id.to_string();
            if wins_tx(tx, Register::Staff, &id, *stamp)? {
                let detail = serde_json::to_string(s).map_err(|e| {
                    super::StoreError::Invalid(format!(
                        "staff {} could not be written: {e}",
                        s.name
                    ))
                })?;
                tx.prepare_cached(
                    "INSERT OR REPLACE INTO staff (staff_id, name, phone, role, detail)
                     VALUES (?1, ?2, ?3, ?4, ?5)",
                )?
                .execute(params![id, s.name, s.phone, s.role, detail])?;
            }
        }
        Delta::StaffActive {
            staff_id,
            active,
            on_leave,
            stamp,
        } => {
            let id = staff_id.to_string();
            if wins_tx(tx, Register::StaffStatus, &id, *stamp)? {
                tx.prepare_cached(
                    "INSERT OR REPLACE INTO staff_status (staff_id, active, on_leave)
                     VALUES (?1, ?2, ?3)",
                )?
                .execute(params![id, active, on_leave])?;
            }
        }
        Delta::Stock {
            variant_id,
            location_id,
            qty,
            kind,
        } => {
            sums.add_stock(*variant_id, *location_id, *qty);
            record_move_tx(tx, seq, (*variant_id, *location_id), *qty, *kind, sums)?;
        }
        Delta::Book { .. } | Delta::DayClosed { .. } => {
            super::projection::books::apply_tx(tx, delta, sums)?
        }
        Delta::Bill { .. } | Delta::BillCancelled { .. } => {
            super::projection::bills::apply_tx(tx, seq, delta)?
        }
        Delta::CreditNote { .. } => super::credit_notes::apply_tx(tx, delta)?,
        Delta::Attendance {
            staff_id,
            date,
            mark,
            note,
            stamp,
        } => {
            tx.prepare_cached(
                "INSERT OR IGNORE INTO attendance_marks (staff_id, date, stamp, mark, note)
                 VALUES (?1, ?2, ?3, ?4, ?5)",
            )?
            .execute(params![
                staff_id.to_string(),
                date.to_string(),
                &stamp.to_bytes()[..],
                enum_text(mark),
                note
            ])?;
        }
        Delta::Report(r) => super::projection::report::apply_tx(tx, seq, r, sums)?,
        Delta::Setting { key, value, stamp } => {
            if wins_tx(tx, Register::Setting, key, *stamp)? {
                tx.prepare_cached("INSERT OR REPLACE INTO settings (key, value) VALUES (?1, ?2)")?
                    .execute(params![key, value])?;
            }
        }
    }
    Ok(())
}

/// The serde name of a unit-only enum ("inclusive", "customer").
pub(crate) fn enum_text<T: serde::Serialize>(value: &T) -> String {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(s)) => s,
        other => unreachable!("unit enums serialise to strings, got {other:?}"),
    }
}

/// Reads a unit-only enum back from its serde name.
pub(crate) fn enum_from_text<T: serde::de::DeserializeOwned>(text: &str) -> Option<T> {
    serde_json::from_value(serde_json::Value::String(text.to_string())).ok()
}
