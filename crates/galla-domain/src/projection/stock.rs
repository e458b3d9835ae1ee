//! The stock projection in memory: what each item holds at each place (a
//! sum) and every movement (a set, each labelled with its event's number),
//! and taking an event's stock back out when the server refused it
//! ([`StockProjection::withdraw`]). Its stored twin is
//! `store::projection::stock`, which keeps one movement per event, item,
//! place and kind, so the diff compares movements merged the same way.

use std::collections::BTreeMap;

use super::diff::Differ;
use crate::fold::{Delta, MoveKind};
use crate::ids::{LocationId, VariantId};
use crate::qty::Qty;

/// One line of a variant's movement history.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct StockMove {
    /// The local sequence number of the event that moved it.
    pub seq: i64,
    /// Which variant.
    pub variant_id: VariantId,
    /// Where.
    pub location_id: LocationId,
    /// Signed change.
    pub qty: Qty,
    /// Why.
    pub kind: MoveKind,
}

/// Stock per item and place, and its history.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct StockProjection {
    /// Quantity per variant per location.
    pub levels: BTreeMap<(VariantId, LocationId), Qty>,
    /// Every stock movement, in event order.
    pub moves: Vec<StockMove>,
}

impl StockProjection {
    /// Applies a `Delta::Stock` of the event with local sequence number
    /// `seq` (others are not this projection's and change nothing).
    pub fn apply(&mut self, seq: i64, delta: &Delta) {
        if let Delta::Stock {
            variant_id,
            location_id,
            qty,
            kind,
        } = delta
        {
            *self.levels.entry((*variant_id, *location_id)).or_default() += *qty;
            self.moves.push(StockMove {
                seq,
                variant_id: *variant_id,
                location_id: *location_id,
                qty: *qty,
                kind: *kind,
            });
        }
    }

    /// Takes back out the stock deltas of the event at `seq` and its
    /// movements (see [`crate::withdrawn_when_refused`]); other deltas are
    /// not withdrawn.
    pub fn withdraw(&mut self, seq: i64, deltas: &[Delta]) {
        let mut any = false;
        for d in deltas {
            if let Delta::Stock {
                variant_id,
                location_id,
                qty,
                ..
            } = d
            {
                *self.levels.entry((*variant_id, *location_id)).or_default() -= *qty;
                any = true;
            }
        }
        if any {
            self.moves.retain(|m| m.seq != seq);
        }
    }

    /// The stock's part of `Projections::diff`: the levels table by table,
    /// the history as one line saying where it first differs.
    pub(super) fn diff(&self, rebuilt: &StockProjection, d: &mut Differ<'_>) {
        d.map("stock", &self.levels, &rebuilt.levels);
        let (a, b) = (merged(&self.moves), merged(&rebuilt.moves));
        if a != b {
            let first = a.iter().zip(&b).position(|(x, y)| x != y);
            d.line(format!(
                "stock history: stored {} movements, rebuilt {}; first difference at {}",
                a.len(),
                b.len(),
                first.map_or("the end".to_string(), |i| format!("{:?}", b[i]))
            ));
        }
    }
}

/// Movements as the store keeps them: one per event, item, place and kind
/// (two lines of one item on a bill are one movement), in order.
fn merged(moves: &[StockMove]) -> Vec<StockMove> {
    let mut sums: BTreeMap<_, Qty> = BTreeMap::new();
    for m in moves {
        *sums
            .entry((m.seq, m.variant_id, m.location_id, m.kind))
            .or_default() += m.qty;
    }
    sums.into_iter()
        .map(|((seq, variant_id, location_id, kind), qty)| StockMove {
            seq,
            variant_id,
            location_id,
            qty,
            kind,
        })
        .collect()
}
