//! Rebuilding every projection table from the events, inside one
//! transaction: used by the migration that changed how projections are kept
//! (schemas 5, 7, 9 and 10), and the same fold as appending, so `galla check` is clean
//! afterwards. Own events the server refused have their stock movements
//! withdrawn, as when they were refused.

use std::collections::HashSet;

use galla_domain::{fold, withdrawn_when_refused};
use rusqlite::Transaction;

use super::Result;
use super::project;
use super::projection::sums::Sums;
use super::query::{EventOrder, for_each_event_in};

/// Every table that is a projection (derived from the events only).
pub(crate) const PROJECTION_TABLES: &[&str] = &[
    "products",
    "variants",
    "prices",
    "variant_status",
    "locations",
    "parties",
    "party_balances",
    "staff",
    "staff_status",
    "stock",
    "stock_moves",
    "cash_drawers",
    "bills",
    "attendance_marks",
    "settings",
    "lww",
    "khata_lines",
    "book_lines",
    "day_closes",
    "reminders",
    "credit_notes",
    "credit_note_taxes",
    "report_docs",
    "report_slots",
    "report_items",
    "report_item_spans",
    "report_tax",
    "report_returns",
    "report_received",
    "report_last",
    "report_ids",
];

/// Empties the projection tables and folds every event into them again.
pub(crate) fn rebuild_tx(tx: &Transaction<'_>) -> Result<u64> {
    for table in PROJECTION_TABLES {
        tx.execute(&format!("DELETE FROM {table}"), [])?;
    }
    let refused: HashSet<i64> = tx
        .prepare(super::refused::REFUSED_EVENTS)?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    let mut sums = Sums::default();
    let mut events = 0u64;
    for_each_event_in(tx, EventOrder::Local, |seq, event| {
        project::apply_summed_tx(tx, seq, &fold(&event), &mut sums)?;
        if refused.contains(&seq) {
            project::withdraw_tx(tx, seq, &withdrawn_when_refused(&event.payload))?;
        }
        events += 1;
        Ok(())
    })?;
    sums.flush_tx(tx)?;
    Ok(events)
}
