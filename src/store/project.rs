//! Applies projection deltas with SQL inside the append transaction: the
//! stored twin of `galla_domain::Projections::apply`, which `galla check`
//! proves equal. Each delta goes to its projection's module in
//! `store::projection` (catalogue, stock, bills with the credit notes,
//! books, khata with the parties, staff with attendance, settings,
//! reports), as the domain's `Projections::apply` sends it to its twin. A
//! "current value" is written only when its delta's stamp beats the one
//! recorded in `lww` (`projection::lww`), so the tables do not depend on the
//! order events arrive in. Rows that are only added to (stock,
//! cash drawers, report sums) are gathered in a `projection::sums::Sums` and
//! written once per row per batch.

use galla_domain::Delta;
use rusqlite::Transaction;

use super::Result;
use super::projection::sums::Sums;

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

pub(crate) use super::projection::stock::withdraw_tx;

fn apply_one(tx: &Transaction<'_>, seq: i64, delta: &Delta, sums: &mut Sums) -> Result<()> {
    match delta {
        Delta::Product(..)
        | Delta::Variant(..)
        | Delta::VariantDetails(..)
        | Delta::VariantActive { .. }
        | Delta::Price { .. }
        | Delta::Location(..) => super::projection::catalogue::apply_tx(tx, delta)?,
        Delta::Party(..) | Delta::PartyBalance { .. } | Delta::Reminder { .. } => {
            super::projection::khata::apply_tx(tx, delta)?
        }
        Delta::Staff(..) | Delta::StaffActive { .. } | Delta::Attendance { .. } => {
            super::projection::staff::apply_tx(tx, delta)?
        }
        Delta::Stock { .. } => super::projection::stock::apply_tx(tx, seq, delta, sums)?,
        Delta::Setting { .. } => super::projection::settings::apply_tx(tx, delta)?,
        Delta::Book { .. } | Delta::DayClosed { .. } => {
            super::projection::books::apply_tx(tx, delta, sums)?
        }
        Delta::Bill { .. } | Delta::BillCancelled { .. } | Delta::CreditNote { .. } => {
            super::projection::bills::apply_tx(tx, seq, delta)?
        }
        Delta::Report(r) => super::projection::report::apply_tx(tx, seq, r, sums)?,
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
