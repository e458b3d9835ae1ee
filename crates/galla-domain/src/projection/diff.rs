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

