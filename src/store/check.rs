//! `galla check`: rebuild every projection from the events in memory (own
//! stock movements the server refused withdrawn, as in the store), load
//! the stored projections, and list every difference. It rebuilds twice: in
//! the order the events were stored here, and in the order every counter
//! agrees on (time, then event id) — the stored tables must equal both, or
//! a projection depends on arrival order. Read-only; it never repairs
//! anything by itself (a repair is a decision for a person).

use galla_domain::{Projections, fold, withdrawn_when_refused};

use super::query::{EventOrder, for_each_event_in};
use super::{Result, Store};

/// What `check` found.
#[derive(Debug, Default)]
pub struct CheckReport {
    /// How many events were folded.
    pub events: u64,
    /// The differences, in words; empty when the store is consistent.
    pub differences: Vec<String>,
}

impl CheckReport {
    /// True when stored and rebuilt projections are equal.
    pub fn is_clean(&self) -> bool {
        self.differences.is_empty()
    }
}

/// Rebuilds the projections from the events and compares them with the stored ones.
pub fn check(store: &Store) -> Result<CheckReport> {
    let (events, local) = rebuild(store, EventOrder::Local)?;
    let (_, stamped) = rebuild(store, EventOrder::Stamp)?;
    let stored = load_stored(store)?;
    let mut differences = stored.diff(&local, 20);
    if differences.is_empty() {
        differences = stored
            .diff(&stamped, 20)
            .into_iter()
            .map(|d| format!("in time order: {d}"))
            .collect();
    }
    Ok(CheckReport {
        events,
        differences,
    })
}

/// Every projection folded from the events in `order`.
fn rebuild(store: &Store, order: EventOrder) -> Result<(u64, Projections)> {
    let mut rebuilt = Projections::default();
    let mut events = 0u64;
    let refused = store.refused_seqs()?;
    for_each_event_in(&store.conn, order, |seq, event| {
        rebuilt.apply(seq, &fold(&event));
        if refused.contains(&seq) {
            rebuilt
                .stock
                .withdraw(seq, &withdrawn_when_refused(&event.payload));
        }
        events += 1;
        Ok(())
    })?;
    Ok((events, rebuilt))
}

/// Reads every stored projection table into memory.
fn load_stored(store: &Store) -> Result<Projections> {
    let mut p = Projections::default();
    super::projection::catalogue::load(&store.conn, &mut p.catalogue)?;
    super::projection::khata::load(&store.conn, &mut p.khata)?;
    super::projection::books::load(&store.conn, &mut p.books)?;
    super::projection::staff::load(&store.conn, &mut p.staff)?;
    super::projection::stock::load(&store.conn, &mut p.stock)?;
    super::projection::lww::load(&store.conn, &mut p.registers)?;
    super::projection::bills::load(&store.conn, &mut p.bills)?;
    super::projection::settings::load(&store.conn, &mut p.settings)?;
    p.report = super::projection::report_load::load(&store.conn)?;
    Ok(p)
}
