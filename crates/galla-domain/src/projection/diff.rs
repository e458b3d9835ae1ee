//! `Projections::diff`: the differences between a stored and a rebuilt
//! model, in words, table by table, a bounded number of lines each.

use std::collections::BTreeMap;
use std::fmt::Debug;

use super::{Projections, StockMove};
use crate::Qty;

impl Projections {
    /// Human-readable differences between `self` (stored) and `rebuilt`, at
    /// most `limit` lines per table; empty when they are equal.
    pub fn diff(&self, rebuilt: &Projections, limit: usize) -> Vec<String> {
        let mut out = Vec::new();
        let mut maps = Differ {
            limit,
            out: &mut out,
        };
        maps.map("product", &self.products, &rebuilt.products);
        maps.map("variant", &self.variants, &rebuilt.variants);
        maps.map("price", &self.prices, &rebuilt.prices);
        maps.map(
            "variant status",
            &self.variant_active,
            &rebuilt.variant_active,
        );
        maps.map("location", &self.locations, &rebuilt.locations);
        maps.map("party", &self.parties, &rebuilt.parties);
        maps.map("khata balance", &self.balances, &rebuilt.balances);
        maps.map("staff", &self.staff, &rebuilt.staff);
        maps.map("staff status", &self.staff_active, &rebuilt.staff_active);
        maps.map("stock", &self.stock, &rebuilt.stock);
        maps.map("cash drawer", &self.cash, &rebuilt.cash);
        maps.map("khata line", &self.khata, &rebuilt.khata);
        maps.map("book line", &self.books, &rebuilt.books);
        maps.map("day close", &self.closes, &rebuilt.closes);
        maps.map("reminder", &self.reminders, &rebuilt.reminders);
        maps.map("bill", &self.bills, &rebuilt.bills);
        maps.map("credit note", &self.credit_notes, &rebuilt.credit_notes);
        maps.map("attendance mark", &self.attendance, &rebuilt.attendance);
        maps.map("setting", &self.settings, &rebuilt.settings);
        maps.map("register stamp", &self.stamps, &rebuilt.stamps);
        let (r, q) = (&self.report, &rebuilt.report);
        maps.map("report bill", &r.bills, &q.bills);
        maps.map("report documents", &r.docs, &q.docs);
        maps.map("report slot", &r.slots, &q.slots);
        maps.map("report item", &r.items, &q.items);
        maps.map("report item span", &r.spans, &q.spans);
        maps.map("report tax", &r.taxes, &q.taxes);
        maps.map("report return", &r.returns, &q.returns);
        maps.map("report receipt", &r.received, &q.received);
        maps.map("report last dates", &r.last, &q.last);
        let (a, b) = (merged(&self.moves), merged(&rebuilt.moves));
        if a != b {
            let first = a.iter().zip(&b).position(|(x, y)| x != y);
            out.push(format!(
                "stock history: stored {} movements, rebuilt {}; first difference at {}",
                a.len(),
                b.len(),
                first.map_or("the end".to_string(), |i| format!("{:?}", b[i]))
            ));
        }
        out
    }
}

struct Differ<'a> {
    limit: usize,
    out: &'a mut Vec<String>,
}

impl Differ<'_> {
    fn map<K: Ord + Debug, V: PartialEq + Debug>(
        &mut self,
        what: &str,
        stored: &BTreeMap<K, V>,
        rebuilt: &BTreeMap<K, V>,
    ) {
        let mut lines = Vec::new();
        for (k, v) in stored {
            match rebuilt.get(k) {
                None => lines.push(format!("{what} {k:?}: stored {v:?}, missing in rebuild")),
                Some(r) if r != v => {
                    lines.push(format!("{what} {k:?}: stored {v:?}, rebuilt {r:?}"))
                }
                Some(_) => {}
            }
        }
        for (k, r) in rebuilt {
            if !stored.contains_key(k) {
                lines.push(format!("{what} {k:?}: missing in store, rebuilt {r:?}"));
            }
        }
        let total = lines.len();
        self.out.extend(lines.into_iter().take(self.limit));
        if total > self.limit {
            self.out.push(format!(
                "… and {} more {what} differences",
                total - self.limit
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
