//! The cash and bank books in memory: every line of each counter's books
//! by mode, each counter's cash drawer (a sum of its cash lines; the
//! shop's cash is derived, the drawers together), and every day close.
//! Lines and closes are sets keyed by the writing event's stamp, so any
//! arrival order gives the same books. Its stored twin is
//! `store::projection::books`.

use chrono::NaiveDate;
use std::collections::BTreeMap;

use super::diff::Differ;
use crate::fold::Delta;
use crate::ids::DeviceId;
use crate::ledger::Line;
use crate::money::Money;
use crate::payload::PayMode;
use crate::stamp::Stamp;

/// Drawers, book lines and day closes, per counter.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct BooksProjection {
    /// Each counter's cash-drawer balance (the shop's is their sum).
    pub cash: BTreeMap<DeviceId, Money>,
    /// Every cash- and bank-book line, by counter, mode and stamp.
    pub lines: BTreeMap<(DeviceId, PayMode, Stamp), (Money, Line)>,
    /// Every day close, by counter, day and stamp: (expected, counted).
    pub closes: BTreeMap<(DeviceId, NaiveDate, Stamp), (Money, Money)>,
}

impl BooksProjection {
    /// Applies a `Delta::Book` or `Delta::DayClosed` (others are not this
    /// projection's and change nothing); a cash line moves its counter's
    /// drawer.
    pub fn apply(&mut self, delta: &Delta) {
        match delta {
            Delta::Book {
                device_id,
                mode,
                delta,
                line,
                stamp,
            } => {
                if *mode == PayMode::Cash {
                    *self.cash.entry(*device_id).or_default() += *delta;
                }
                self.lines
                    .insert((*device_id, *mode, *stamp), (*delta, line.clone()));
            }
            Delta::DayClosed {
                device_id,
                date,
                expected,
                counted,
                stamp,
            } => {
                self.closes
                    .insert((*device_id, *date, *stamp), (*expected, *counted));
            }
            _ => {}
        }
    }

    /// The shop's cash: every counter's drawer together.
    pub fn shop_cash(&self) -> Money {
        self.cash.values().copied().sum()
    }

    /// The books' part of `Projections::diff`.
    pub(super) fn diff(&self, rebuilt: &BooksProjection, d: &mut Differ<'_>) {
        d.map("cash drawer", &self.cash, &rebuilt.cash);
        d.map("book line", &self.lines, &rebuilt.lines);
        d.map("day close", &self.closes, &rebuilt.closes);
    }
}
