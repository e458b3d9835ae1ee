//! An in-memory model of every projection, built by applying deltas. `galla
//! check` folds all events into one of these, loads the stored tables into
//! another, and prints `diff`. Balances, status and prices live in their own
//! maps so that applying deltas never depends on the order of creation, and
//! every "current value" is a register won by the greatest [`Stamp`], so the
//! same events in any order give equal projections.

use chrono::NaiveDate;
use std::collections::BTreeMap;
use std::collections::btree_map::Entry;
use std::fmt::Debug;

use crate::catalogue::{Location, Party, Product, Staff, Variant};
use crate::fold::{Delta, MoveKind};
use crate::gst::Document;
use crate::ids::{BillId, DeviceId, LocationId, PartyId, ProductId, StaffId, VariantId};
use crate::ledger::Line;
use crate::money::Money;
use crate::payload::{AttendanceMark, PayMode, RateTax};
use crate::qty::Qty;
use crate::stamp::Stamp;

mod diff;
pub mod report;

pub use report::ReportProjections;
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
    /// Tax invoice, bill of supply or plain bill.
    pub document: Document,
    /// The state the supply was made in.
    pub place_of_supply: Option<String>,
    /// The registered buyer's GSTIN.
    pub buyer_gstin: Option<String>,
    /// When it was made (ms, UTC).
    pub at_ms: i64,
}

impl BillRow {
    /// The row a cancel keeps for a bill that has not arrived yet.
    fn placeholder() -> BillRow {
        BillRow {
            bill_no: String::new(),
            seq: 0,
            customer_id: None,
            total: Money::ZERO,
            cancelled: true,
            document: Document::TaxInvoice,
            place_of_supply: None,
            buyer_gstin: None,
            at_ms: 0,
        }
    }
}

/// A credit note as the credit-notes projection keeps it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CreditNoteRow {
    /// Its number.
    pub note_no: String,
    /// The bill it credits.
    pub bill_id: BillId,
    /// That bill's number.
    pub bill_no: String,
    /// The customer.
    pub customer_id: Option<PartyId>,
    /// Money refunded.
    pub refund: Money,
    /// How.
    pub refund_mode: PayMode,
    /// Taxable value and tax credited, by rate.
    pub taxes: Vec<RateTax>,
}

/// A "current value" register other than prices: which projection's value
/// the stamp in [`Projections::stamps`] belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Register {
    /// A product's details.
    Product,
    /// A variant's details (not its price).
    Variant,
    /// A location.
    Location,
    /// A party's details (not its balance).
    Party,
    /// A staff member's details.
    Staff,
    /// A staff member's status.
    StaffStatus,
    /// A shop setting.
    Setting,
    /// Whether a variant is sold.
    VariantStatus,
}

impl Register {
    /// Every register.
    pub const ALL: [Register; 8] = [
        Register::Product,
        Register::Variant,
        Register::Location,
        Register::Party,
        Register::Staff,
        Register::StaffStatus,
        Register::Setting,
        Register::VariantStatus,
    ];

    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            Register::Product => "product",
            Register::Variant => "variant",
            Register::Location => "location",
            Register::Party => "party",
            Register::Staff => "staff",
            Register::StaffStatus => "staff_status",
            Register::Setting => "setting",
            Register::VariantStatus => "variant_status",
        }
    }

    /// Reads a stored name.
    pub fn parse(s: &str) -> Option<Register> {
        Register::ALL.into_iter().find(|r| r.as_str() == s)
    }
}

/// A variant's price as its register keeps it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PriceRow {
    /// Selling price.
    pub price: Money,
    /// MRP.
    pub mrp: Money,
    /// The write that set it.
    pub stamp: Stamp,
}

/// Every projection, in memory.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Projections {
    /// Products by id.
    pub products: BTreeMap<ProductId, Product>,
    /// Variants by id, with their current prices (copied from `prices`).
    pub variants: BTreeMap<VariantId, Variant>,
    /// The price register of every variant ever priced.
    pub prices: BTreeMap<VariantId, PriceRow>,
    /// Whether each variant whose status was ever set is sold (absent:
    /// sold).
    pub variant_active: BTreeMap<VariantId, bool>,
    /// Locations by id.
    pub locations: BTreeMap<LocationId, Location>,
    /// Parties by id.
    pub parties: BTreeMap<PartyId, Party>,
    /// What each party owes the shop.
    pub balances: BTreeMap<PartyId, Money>,
    /// Staff by id.
    pub staff: BTreeMap<StaffId, Staff>,
    /// Staff status, when it was ever changed (absent: active): (active,
    /// on leave).
    pub staff_active: BTreeMap<StaffId, (bool, bool)>,
    /// Quantity per variant per location.
    pub stock: BTreeMap<(VariantId, LocationId), Qty>,
    /// Every stock movement, in event order.
    pub moves: Vec<StockMove>,
    /// Each counter's cash-drawer balance (the shop's is their sum).
    pub cash: BTreeMap<DeviceId, Money>,
    /// Every khata line, by party and stamp.
    pub khata: BTreeMap<(PartyId, Stamp), (Money, Line)>,
    /// Every cash- and bank-book line, by counter, mode and stamp.
    pub books: BTreeMap<(DeviceId, PayMode, Stamp), (Money, Line)>,
    /// Every day close, by counter, day and stamp: (expected, counted).
    pub closes: BTreeMap<(DeviceId, NaiveDate, Stamp), (Money, Money)>,
    /// Every reminder sent, by party and stamp: the amount asked.
    pub reminders: BTreeMap<(PartyId, Stamp), Money>,
    /// Bills by id.
    pub bills: BTreeMap<BillId, BillRow>,
    /// Credit notes by their SALE_RETURN's stamp.
    pub credit_notes: BTreeMap<Stamp, CreditNoteRow>,
    /// Every attendance mark, by person, day and when it was made.
    pub attendance: BTreeMap<(StaffId, NaiveDate, Stamp), (AttendanceMark, Option<String>)>,
    /// Shop settings (JSON text).
    pub settings: BTreeMap<String, String>,
    /// The winning stamp of every register (key: the id or setting key).
    pub stamps: BTreeMap<(Register, String), Stamp>,
    /// The facts the reports are summed from.
    pub report: ReportProjections,
}

impl Projections {
    /// Applies the deltas of the event with local sequence number `seq`.
    pub fn apply(&mut self, seq: i64, deltas: &[Delta]) {
        for d in deltas {
            self.apply_one(seq, d);
        }
    }

    /// The shop's cash: every counter's drawer together.
    pub fn shop_cash(&self) -> Money {
        self.cash.values().copied().sum()
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

    /// Whether a write at `stamp` wins `register` for `key` (and records it).
    fn wins(&mut self, register: Register, key: String, stamp: Stamp) -> bool {
        match self.stamps.entry((register, key)) {
            Entry::Vacant(v) => {
                v.insert(stamp);
                true
            }
            Entry::Occupied(mut o) if stamp > *o.get() => {
                o.insert(stamp);
                true
            }
            Entry::Occupied(_) => false,
        }
    }

    fn set_price(&mut self, variant_id: VariantId, price: Money, mrp: Money, stamp: Stamp) {
        if self.prices.get(&variant_id).is_none_or(|r| stamp > r.stamp) {
            self.prices
                .insert(variant_id, PriceRow { price, mrp, stamp });
        }
        if let (Some(v), Some(r)) = (
            self.variants.get_mut(&variant_id),
            self.prices.get(&variant_id),
        ) {
            v.price = r.price;
            v.mrp = r.mrp;
        }
    }

    fn apply_one(&mut self, seq: i64, delta: &Delta) {
        match delta {
            Delta::Product(p, stamp) => {
                if self.wins(Register::Product, p.product_id.to_string(), *stamp) {
                    self.products.insert(p.product_id, p.clone());
                }
            }
            Delta::Variant(v, stamp) => {
                if self.wins(Register::Variant, v.variant_id.to_string(), *stamp) {
                    self.variants.insert(v.variant_id, v.clone());
                }
                self.set_price(v.variant_id, v.price, v.mrp, *stamp);
            }
            Delta::VariantDetails(v, stamp) => {
                if self.wins(Register::Variant, v.variant_id.to_string(), *stamp) {
                    let mut v = v.clone();
                    if let Some(r) = self.prices.get(&v.variant_id) {
                        v.price = r.price;
                        v.mrp = r.mrp;
                    }
                    self.variants.insert(v.variant_id, v);
                }
            }
            Delta::VariantActive {
                variant_id,
                active,
                stamp,
            } => {
                if self.wins(Register::VariantStatus, variant_id.to_string(), *stamp) {
                    self.variant_active.insert(*variant_id, *active);
                }
            }
            Delta::Price {
                variant_id,
                price,
                mrp,
                stamp,
            } => self.set_price(*variant_id, *price, *mrp, *stamp),
            Delta::Location(l, stamp) => {
                if self.wins(Register::Location, l.location_id.to_string(), *stamp) {
                    self.locations.insert(l.location_id, l.clone());
                }
            }
            Delta::Party(p, stamp) => {
                if self.wins(Register::Party, p.party_id.to_string(), *stamp) {
                    self.parties.insert(p.party_id, p.clone());
                }
            }
            Delta::PartyBalance {
                party_id,
                delta,
                line,
                stamp,
            } => {
                *self.balances.entry(*party_id).or_default() += *delta;
                self.khata
                    .insert((*party_id, *stamp), (*delta, line.clone()));
            }
            Delta::Staff(s, stamp) => {
                if self.wins(Register::Staff, s.staff_id.to_string(), *stamp) {
                    self.staff.insert(s.staff_id, s.clone());
                }
            }
            Delta::StaffActive {
                staff_id,
                active,
                on_leave,
                stamp,
            } => {
                if self.wins(Register::StaffStatus, staff_id.to_string(), *stamp) {
                    self.staff_active.insert(*staff_id, (*active, *on_leave));
                }
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
                self.books
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
            Delta::Reminder {
                party_id,
                amount,
                stamp,
            } => {
                self.reminders.insert((*party_id, *stamp), *amount);
            }
            Delta::Bill {
                bill_id,
                bill_no,
                customer_id,
                total,
                document,
                place_of_supply,
                buyer_gstin,
                at_ms,
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
                        document: *document,
                        place_of_supply: place_of_supply.clone(),
                        buyer_gstin: buyer_gstin.clone(),
                        at_ms: *at_ms,
                    },
                );
            }
            Delta::CreditNote {
                stamp,
                note_no,
                bill_id,
                bill_no,
                customer_id,
                refund,
                refund_mode,
                taxes,
            } => {
                self.credit_notes.insert(
                    *stamp,
                    CreditNoteRow {
                        note_no: note_no.clone(),
                        bill_id: *bill_id,
                        bill_no: bill_no.clone(),
                        customer_id: *customer_id,
                        refund: *refund,
                        refund_mode: *refund_mode,
                        taxes: taxes.clone(),
                    },
                );
            }
            Delta::BillCancelled { bill_id } => {
                // A cancel that arrives before its bill keeps a placeholder
                // row, so the bill is still cancelled when it comes.
                self.bills
                    .entry(*bill_id)
                    .or_insert_with(BillRow::placeholder)
                    .cancelled = true;
            }
            Delta::Attendance {
                staff_id,
                date,
                mark,
                note,
                stamp,
            } => {
                self.attendance
                    .insert((*staff_id, *date, *stamp), (*mark, note.clone()));
            }
            Delta::Report(r) => self.report.apply(seq, r),
            Delta::Setting { key, value, stamp } => {
                if self.wins(Register::Setting, key.clone(), *stamp) {
                    self.settings.insert(key.clone(), value.clone());
                }
            }
        }
    }
}
