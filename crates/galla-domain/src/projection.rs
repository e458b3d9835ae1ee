//! An in-memory model of every projection, built by applying deltas. `galla
//! check` folds all events into one of these, loads the stored tables into
//! another, and prints `diff`. Balances, status and prices live in their own
//! maps so that applying deltas never depends on the order of creation.

use chrono::NaiveDate;
use std::collections::BTreeMap;
use std::fmt::Debug;

use crate::catalogue::{Location, Party, Product, Staff, Variant};
use crate::fold::{Delta, MoveKind};
use crate::ids::{BillId, LocationId, PartyId, ProductId, StaffId, VariantId};
use crate::money::Money;
use crate::payload::AttendanceMark;
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

/// A saved bill as the bills projection keeps it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BillRow {
    /// Its number.
    pub bill_no: String,
    /// The local sequence number of its SALE event.
    pub seq: i64,
    /// Its customer.
    pub customer_id: Option<PartyId>,
    /// Its grand total.
    pub total: Money,
    /// Whether it was cancelled.
    pub cancelled: bool,
}

/// Every projection, in memory.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Projections {
    /// Products by id.
    pub products: BTreeMap<ProductId, Product>,
    /// Variants by id, with their current prices.
    pub variants: BTreeMap<VariantId, Variant>,
    /// Locations by id.
    pub locations: BTreeMap<LocationId, Location>,
    /// Parties by id.
    pub parties: BTreeMap<PartyId, Party>,
    /// What each party owes the shop.
    pub balances: BTreeMap<PartyId, Money>,
    /// Staff by id.
    pub staff: BTreeMap<StaffId, Staff>,
    /// Staff status, when it was ever changed (absent: active).
    pub staff_active: BTreeMap<StaffId, bool>,
    /// Quantity per variant per location.
    pub stock: BTreeMap<(VariantId, LocationId), Qty>,
    /// Every stock movement, in event order.
    pub moves: Vec<StockMove>,
    /// Cash-drawer balance.
    pub cash: Money,
    /// Bills by id.
    pub bills: BTreeMap<BillId, BillRow>,
    /// The latest attendance mark per staff member per day.
    pub attendance: BTreeMap<(StaffId, NaiveDate), AttendanceMark>,
    /// Shop settings (JSON text).
    pub settings: BTreeMap<String, String>,
}

impl Projections {
    /// Applies the deltas of the event with local sequence number `seq`.
    pub fn apply(&mut self, seq: i64, deltas: &[Delta]) {
        for d in deltas {
            self.apply_one(seq, d);
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
                *self.stock.entry((*variant_id, *location_id)).or_default() -= *qty;
                any = true;
            }
        }
        if any {
            self.moves.retain(|m| m.seq != seq);
        }
    }

    fn apply_one(&mut self, seq: i64, delta: &Delta) {
        match delta {
            Delta::Product(p) => {
                self.products.insert(p.product_id, p.clone());
            }
            Delta::Variant(v) => {
                self.variants.insert(v.variant_id, v.clone());
            }
            Delta::Price {
                variant_id,
                price,
                mrp,
            } => {
                if let Some(v) = self.variants.get_mut(variant_id) {
                    v.price = *price;
                    v.mrp = *mrp;
                }
            }
            Delta::Location(l) => {
                self.locations.insert(l.location_id, l.clone());
            }
            Delta::Party(p) => {
                self.parties.insert(p.party_id, p.clone());
            }
            Delta::PartyBalance { party_id, delta } => {
                *self.balances.entry(*party_id).or_default() += *delta;
            }
            Delta::Staff(s) => {
                self.staff.insert(s.staff_id, s.clone());
            }
            Delta::StaffActive { staff_id, active } => {
                self.staff_active.insert(*staff_id, *active);
            }
            Delta::Stock {
                variant_id,
                location_id,
                qty,
                kind,
            } => {
                *self.stock.entry((*variant_id, *location_id)).or_default() += *qty;
                self.moves.push(StockMove {
                    seq,
                    variant_id: *variant_id,
                    location_id: *location_id,
                    qty: *qty,
                    kind: *kind,
                });
            }
            Delta::Cash { delta } => self.cash += *delta,
            Delta::Bill {
                bill_id,
                bill_no,
                customer_id,
                total,
            } => {
                let cancelled = self.bills.get(bill_id).is_some_and(|b| b.cancelled);
                self.bills.insert(
                    *bill_id,
                    BillRow {
                        bill_no: bill_no.clone(),
                        seq,
                        customer_id: *customer_id,
                        total: *total,
                        cancelled,
                    },
                );
            }
            Delta::BillCancelled { bill_id } => {
                if let Some(b) = self.bills.get_mut(bill_id) {
                    b.cancelled = true;
                }
            }
            Delta::Attendance {
                staff_id,
                date,
                mark,
            } => {
                self.attendance.insert((*staff_id, *date), *mark);
            }
            Delta::Setting { key, value } => {
                self.settings.insert(key.clone(), value.clone());
            }
        }
    }

    /// Human-readable differences between `self` (stored) and `rebuilt`, at
    /// most `limit` lines per table; empty when they are equal.
    pub fn diff(&self, rebuilt: &Projections, limit: usize) -> Vec<String> {
        let mut out = Vec::new();
        diff_maps(
            "product",
            &self.products,
            &rebuilt.products,
            limit,
            &mut out,
        );
        diff_maps(
            "variant",
            &self.variants,
            &rebuilt.variants,
            limit,
            &mut out,
        );
        diff_maps(
            "location",
            &self.locations,
            &rebuilt.locations,
            limit,
            &mut out,
        );
        diff_maps("party", &self.parties, &rebuilt.parties, limit, &mut out);
        diff_maps(
            "khata balance",
            &self.balances,
            &rebuilt.balances,
            limit,
            &mut out,
        );
        diff_maps("staff", &self.staff, &rebuilt.staff, limit, &mut out);
        diff_maps(
            "staff status",
            &self.staff_active,
            &rebuilt.staff_active,
            limit,
            &mut out,
        );
        diff_maps("stock", &self.stock, &rebuilt.stock, limit, &mut out);
        diff_maps("bill", &self.bills, &rebuilt.bills, limit, &mut out);
        diff_maps(
            "attendance",
            &self.attendance,
            &rebuilt.attendance,
            limit,
            &mut out,
        );
        diff_maps(
            "setting",
            &self.settings,
            &rebuilt.settings,
            limit,
            &mut out,
        );
        if self.cash != rebuilt.cash {
            out.push(format!(
                "cash balance: stored {}, rebuilt {}",
                self.cash, rebuilt.cash
            ));
        }
        let mut a = self.moves.clone();
        let mut b = rebuilt.moves.clone();
        a.sort();
        b.sort();
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

fn diff_maps<K: Ord + Debug, V: PartialEq + Debug>(
    what: &str,
    stored: &BTreeMap<K, V>,
    rebuilt: &BTreeMap<K, V>,
    limit: usize,
    out: &mut Vec<String>,
) {
    let mut lines = Vec::new();
    for (k, v) in stored {
        match rebuilt.get(k) {
            None => lines.push(format!("{what} {k:?}: stored {v:?}, missing in rebuild")),
            Some(r) if r != v => lines.push(format!("{what} {k:?}: stored {v:?}, rebuilt {r:?}")),
            Some(_) => {}
        }
    }
    for (k, r) in rebuilt {
        if !stored.contains_key(k) {
            lines.push(format!("{what} {k:?}: missing in store, rebuilt {r:?}"));
        }
    }
    let total = lines.len();
    out.extend(lines.into_iter().take(limit));
    if total > limit {
        out.push(format!("… and {} more {what} differences", total - limit));
    }
}
