//! `Projections::diff`: the differences between a stored and a rebuilt
//! model, in words, projection by projection (each module says its own
//! tables' names: "product", "khata line", "register stamp" ...), a bounded
//! number of lines per table. [`Differ`] is the one table comparer they
//! share.

use std::collections::BTreeMap;
use std::fmt::Debug;

use super::Projections;

impl Projections {
    /// Human-readable differences between `self` (stored) and `rebuilt`, at
    /// most `limit` lines per table; empty when they are equal.
    pub fn diff(&self, rebuilt: &Projections, limit: usize) -> Vec<String> {
        let mut out = Vec::new();
        let mut d = Differ {
            limit,
            out: &mut out,
        };
        self.catalogue.diff(&rebuilt.catalogue, &mut d);
        self.khata.diff(&rebuilt.khata, &mut d);
        self.staff.diff(&rebuilt.staff, &mut d);
        self.stock.diff(&rebuilt.stock, &mut d);
        self.books.diff(&rebuilt.books, &mut d);
        self.bills.diff(&rebuilt.bills, &mut d);
        self.settings.diff(&rebuilt.settings, &mut d);
        self.registers.diff(&rebuilt.registers, &mut d);
        self.report.diff(&rebuilt.report, &mut d);
        out
    }
}

/// Collects the difference lines of one comparison.
pub(crate) struct Differ<'a> {
    limit: usize,
    out: &'a mut Vec<String>,
}

impl Differ<'_> {
    /// Compares one table, naming its rows `what`: every key stored and not
    /// rebuilt, rebuilt and not stored, or different, at most `limit` lines
    /// and a count of the rest.
    pub(crate) fn map<K: Ord + Debug, V: PartialEq + Debug>(
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

    /// Adds one line of its own (a difference that is not a table's rows).
    pub(crate) fn line(&mut self, line: String) {
        self.out.push(line);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ids::{DeviceId, EventId, LocationId, PartyId, VariantId};
    use crate::projection::report::LastDates;
    use crate::projection::{BillRow, Register, StockMove};
    use crate::{Money, MoveKind, Qty, Stamp};

    #[test]
    fn each_projection_names_its_own_rows_and_bounds_its_lines() {
        let stamp = Stamp {
            millis: 1,
            event_id: EventId(uuid::Uuid::from_u128(1)),
        };
        let (v, l) = (VariantId(uuid::Uuid::from_u128(2)), LocationId::new());
        let mut stored = Projections::default();
        for n in 0..3 {
            let v = VariantId(uuid::Uuid::from_u128(n));
            stored.catalogue.variant_active.insert(v, false);
        }
        stored
            .khata
            .reminders
            .insert((PartyId::new(), stamp), Money(1));
        stored
            .staff
            .status
            .insert(crate::StaffId::OWNER, (false, true));
        stored.stock.levels.insert((v, l), Qty::units(1));
        stored.stock.moves.push(StockMove {
            seq: 1,
            variant_id: v,
            location_id: l,
            qty: Qty::units(1),
            kind: MoveKind::Adjustment,
        });
        stored.books.cash.insert(DeviceId::new(), Money(5));
        stored
            .bills
            .rows
            .insert(crate::BillId::new(), BillRow::placeholder(true));
        stored.settings.values.insert("k".into(), "1".into());
        let key = (Register::Setting, "k".to_string());
        stored.registers.stamps.insert(key, stamp);
        stored.report.last.insert(v, LastDates::default());

        let found = stored.diff(&Projections::default(), 2);
        let starts = [
            "variant status",
            "variant status",
            "… and 1 more variant status differences",
            "reminder",
            "staff status",
            "stock",
            "stock history: stored 1 movements, rebuilt 0",
            "cash drawer",
            "bill",
            "setting",
            "register stamp",
            "report last dates",
        ];
        assert_eq!(found.len(), starts.len(), "{found:#?}");
        for (line, start) in found.iter().zip(starts) {
            assert!(line.starts_with(start), "{line:?} should start {start:?}");
        }
        assert!(found[0].ends_with("stored false, missing in rebuild"));
        assert!(Projections::default().diff(&stored, 2)[0].contains("missing in store"));
        assert!(stored.diff(&stored.clone(), 2).is_empty());
    }
}
