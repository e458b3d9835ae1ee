//! Folding an event into projection deltas: the one definition of what each
//! event does to stock, khata balances, the cash drawer, bills and the
//! catalogue. Pure: the store applies the deltas with SQL in the append
//! transaction, and `Projections` applies them in memory for `galla check`.
//!
//! Sign conventions: a party's balance is what the party owes the shop
//! (negative: the shop owes the party). KHATA_CREDIT raises it (credit given,
//! or a supplier paid), KHATA_PAYMENT lowers it (a customer paid). Cash moves
//! only for the cash parts of an event; a KHATA_PAYMENT in cash fills the
//! drawer, a KHATA_CREDIT in cash empties it.
//!
//! Order: every "current value" delta (a product, a variant's details, a
//! price, a location, a party's details, a staff member, a status, a
//! setting) carries the event's [`Stamp`], and the projections keep the
//! greatest stamp's value; everything else is a sum or a set. So any order of
//! the same events gives the same projections (`fold/order.rs` proves it).
//! Cash moves the drawer of the counter that recorded the event.
//!
//! Every money delta carries a [`Line`] saying what it was for, so the
//! khata and the cash and bank books are listed from the same deltas that
//! move the balances: a balance is always the sum of its lines.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::catalogue::{Location, Party, Product, Staff, Variant};
use crate::event::Event;
use crate::event::EventPayload;
use crate::gst::Document;
use crate::ids::{BillId, DeviceId, LocationId, PartyId, StaffId, VariantId};
use crate::ledger::{Line, Why};
use crate::money::Money;
use crate::payload::{AttendanceMark, KhataEntry, PayMode, PurchaseLine, QtyLine, RateTax};
use crate::qty::Qty;
use crate::stamp::{Meta, Stamp};

/// Why stock moved: the history shows it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MoveKind {
    /// Received from a supplier.
    Purchase,
    /// Sold on a bill.
    Sale,
    /// Returned by a customer.
    Return,
    /// Put back by a cancelled bill.
    Cancel,
    /// Sent to another location.
    TransferOut,
    /// Received from another location.
    TransferIn,
    /// Corrected by an adjustment.
    Adjustment,
    /// Sent back to a supplier (a debit note).
    PurchaseReturn,
}

impl MoveKind {
    /// The stored and displayed name.
    pub fn as_str(self) -> &'static str {
        match self {
            MoveKind::Purchase => "purchase",
            MoveKind::Sale => "sale",
            MoveKind::Return => "return",
            MoveKind::Cancel => "cancel",
            MoveKind::TransferOut => "transfer out",
            MoveKind::TransferIn => "transfer in",
            MoveKind::Adjustment => "adjustment",
            MoveKind::PurchaseReturn => "supplier return",
        }
    }

    /// The stored code (1 to 8; the store's migration 17 spells them out).
    pub fn code(self) -> u8 {
        match self {
            MoveKind::Purchase => 1,
            MoveKind::Sale => 2,
            MoveKind::Return => 3,
            MoveKind::Cancel => 4,
            MoveKind::TransferOut => 5,
            MoveKind::TransferIn => 6,
            MoveKind::Adjustment => 7,
            MoveKind::PurchaseReturn => 8,
        }
    }

    /// Reads a stored code back.
    pub fn from_code(code: i64) -> Option<MoveKind> {
        MoveKind::ALL
            .into_iter()
            .find(|k| i64::from(k.code()) == code)
    }

    /// Every kind, in code order.
    pub const ALL: [MoveKind; 8] = [
        MoveKind::Purchase,
        MoveKind::Sale,
        MoveKind::Return,
        MoveKind::Cancel,
        MoveKind::TransferOut,
        MoveKind::TransferIn,
        MoveKind::Adjustment,
        MoveKind::PurchaseReturn,
    ];

    /// Reads a stored name.
    pub fn parse(s: &str) -> Option<MoveKind> {
        MoveKind::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// One change to one projection.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Delta {
    /// Insert or replace a product (the greatest stamp wins).
    Product(Product, Stamp),
    /// Insert or replace a variant's details; its price and MRP are also a
    /// price write at the same stamp.
    Variant(Variant, Stamp),
    /// Change a variant's prices (the greatest stamp wins, even over a
    /// variant created later with an older stamp).
    Price {
        /// Which variant.
        variant_id: VariantId,
        /// New selling price.
        price: Money,
        /// New MRP.
        mrp: Money,
        /// Orders this write.
        stamp: Stamp,
    },
    /// Insert or replace a variant's details but not its price (the
    /// greatest stamp wins): the price stays the price register's, and is
    /// the record's own only while no price was ever written.
    VariantDetails(Variant, Stamp),
    /// Set whether a variant is sold (the greatest stamp wins).
    VariantActive {
        /// Which variant.
        variant_id: VariantId,
        /// Sold or not.
        active: bool,
        /// Orders this write.
        stamp: Stamp,
    },
    /// Insert or replace a location (the greatest stamp wins).
    Location(Location, Stamp),
    /// Insert or replace a party's details (its balance is kept; the
    /// greatest stamp wins).
    Party(Party, Stamp),
    /// Move a party's balance, and add the line to their khata.
    PartyBalance {
        /// Whose.
        party_id: PartyId,
        /// By how much (positive: owes the shop more).
        delta: Money,
        /// What it was for.
        line: Line,
        /// The event's stamp (orders the khata, keys the line).
        stamp: Stamp,
    },
    /// Insert or replace a staff member (the greatest stamp wins).
    Staff(Staff, Stamp),
    /// Set a staff member's status (the greatest stamp wins).
    StaffActive {
        /// Who.
        staff_id: StaffId,
        /// Working or not.
        active: bool,
        /// On leave (still on the staff).
        on_leave: bool,
        /// Orders this write.
        stamp: Stamp,
    },
    /// Move stock (and record the movement in the history).
    Stock {
        /// Which variant.
        variant_id: VariantId,
        /// Where.
        location_id: LocationId,
        /// Signed change.
        qty: Qty,
        /// Why.
        kind: MoveKind,
    },
    /// Add a line to one counter's cash book (moving its drawer) or its
    /// bank book (UPI and card).
    Book {
        /// Whose books: the counter that recorded the event.
        device_id: DeviceId,
        /// Cash (the drawer), or UPI or card (the bank book); never khata.
        mode: PayMode,
        /// Signed change (positive: money in).
        delta: Money,
        /// What it was for.
        line: Line,
        /// The event's stamp (orders the book, keys the line).
        stamp: Stamp,
    },
    /// Record a counter's day close.
    DayClosed {
        /// The counter.
        device_id: DeviceId,
        /// The day.
        date: NaiveDate,
        /// What the book expected in the drawer.
        expected: Money,
        /// What was counted.
        counted: Money,
        /// When it was closed.
        stamp: Stamp,
    },
    /// Record a reminder sent to a party.
    Reminder {
        /// To whom.
        party_id: PartyId,
        /// How much was asked.
        amount: Money,
        /// When.
        stamp: Stamp,
    },
    /// Record a saved bill.
    Bill {
        /// The bill.
        bill_id: BillId,
        /// Its number.
        bill_no: String,
        /// Its customer.
        customer_id: Option<PartyId>,
        /// Its grand total.
        total: Money,
        /// Tax invoice, bill of supply or plain bill.
        document: Document,
        /// The state the supply was made in, when the bill says.
        place_of_supply: Option<String>,
        /// The registered buyer's GSTIN (a B2B bill).
        buyer_gstin: Option<String>,
        /// When it was made (ms since the epoch, UTC).
        at_ms: i64,
    },
    /// Record a credit note (a return with a number).
    CreditNote {
        /// The SALE_RETURN's stamp (keys the note).
        stamp: Stamp,
        /// Its number.
        note_no: String,
        /// The bill it credits.
        bill_id: BillId,
        /// That bill's number.
        bill_no: String,
        /// The customer, if any.
        customer_id: Option<PartyId>,
        /// Money refunded.
        refund: Money,
        /// How.
        refund_mode: PayMode,
        /// Taxable value and tax credited, by rate.
        taxes: Vec<RateTax>,
    },
    /// Mark a bill cancelled.
    BillCancelled {
        /// The bill.
        bill_id: BillId,
    },
    /// Record one attendance mark (every mark is kept: a check-out does not
    /// replace the check-in).
    Attendance {
        /// Who.
        staff_id: StaffId,
        /// Which day.
        date: NaiveDate,
        /// The mark.
        mark: AttendanceMark,
        /// The owner's note.
        note: Option<String>,
        /// When it was made (and which event), ordering the day's marks.
        stamp: Stamp,
    },
    /// Add to the report projections (see `projection::report`).
    Report(crate::projection::report::ReportDelta),
    /// Set a shop setting (JSON text; the greatest stamp wins).
    Setting {
        /// Key.
        key: String,
        /// Value as JSON.
        value: String,
        /// Orders this write.
        stamp: Stamp,
    },
}

/// The stock moves of (variant, quantity) lines at one location, each
/// times `sign` (1 in, −1 out).
fn moves(
    lines: impl Iterator<Item = (VariantId, Qty)>,
    location_id: LocationId,
    sign: i64,
    kind: MoveKind,
) -> Vec<Delta> {
    lines
        .map(|(variant_id, qty)| Delta::Stock {
            variant_id,
            location_id,
            qty: Qty::from_milli(qty.milli() * sign),
            kind,
        })
        .collect()
}

fn stock_lines(
    lines: &[QtyLine],
    location_id: LocationId,
    sign: i64,
    kind: MoveKind,
) -> Vec<Delta> {
    moves(
        lines.iter().map(|l| (l.variant_id, l.qty)),
        location_id,
        sign,
        kind,
    )
}

/// The stock moves of a purchase's (`sign` 1) or a return's (−1) lines.
fn goods(lines: &[PurchaseLine], location_id: LocationId, sign: i64, kind: MoveKind) -> Vec<Delta> {
    moves(
        lines.iter().map(|l| (l.variant_id, l.qty)),
        location_id,
        sign,
        kind,
    )
}

/// What stops counting here while the sync server refuses this counter's
/// own event (the client keeps the event and shows it under "needs
/// attention"). A stock movement the shop's ledger refused — a TRANSFER or
/// ADJUSTMENT or PURCHASE_RETURN that would take stock below zero there — did not happen, so
/// its stock deltas are taken back out, and every counter ends with the same
/// stock. Anything else, a paid sale above all, stays a fact at this counter.
pub fn withdrawn_when_refused(payload: &EventPayload) -> Vec<Delta> {
    match payload {
        EventPayload::Transfer(_)
        | EventPayload::Adjustment(_)
        | EventPayload::PurchaseReturn(_) => stock_moves(payload),
        _ => Vec::new(),
    }
}

/// What `event` does to the projections, in order.
pub fn fold(event: &Event) -> Vec<Delta> {
    fold_with(&Meta::of(event), &event.payload)
}

/// The stock movements of `payload` alone, for checks made before an event
/// has its envelope (bounds, the server's stock ledger): they do not depend
/// on when or where the event was made.
pub fn stock_moves(payload: &EventPayload) -> Vec<Delta> {
    let meta = Meta {
        stamp: Stamp {
            millis: 0,
            event_id: crate::ids::EventId(uuid::Uuid::nil()),
        },
        device_id: DeviceId(uuid::Uuid::nil()),
        actor: StaffId::OWNER,
    };
    fold_with(&meta, payload)
        .into_iter()
        .filter(|d| matches!(d, Delta::Stock { .. }))
        .collect()
}

/// What `payload`, recorded as `meta` says, does to the projections.
pub fn fold_with(meta: &Meta, payload: &EventPayload) -> Vec<Delta> {
    let mut out = fold_books(meta, payload);
    out.extend(crate::projection::report::deltas(meta, payload).map(Delta::Report));
    out
}

/// Stock, books, bills, the catalogue and the rest: everything but the
/// report facts.
fn fold_books(meta: &Meta, payload: &EventPayload) -> Vec<Delta> {
    use EventPayload as P;
    let stamp = meta.stamp;
    let money = MoneyDeltas::new(meta);
    match payload {
        P::ProductCreated(p) | P::ProductChanged(p) => vec![Delta::Product(p.clone(), stamp)],
        P::VariantCreated(v) => vec![Delta::Variant(v.clone(), stamp)],
        P::VariantChanged(v) => vec![Delta::VariantDetails(v.clone(), stamp)],
        P::VariantStatusChanged(s) => vec![Delta::VariantActive {
            variant_id: s.variant_id,
            active: s.active,
            stamp,
        }],
        P::LocationChanged(l) => vec![Delta::Location(l.clone(), stamp)],
        P::PriceChanged(c) => vec![Delta::Price {
            variant_id: c.variant_id,
            price: c.price,
            mrp: c.mrp,
            stamp,
        }],
        P::LocationCreated(l) => vec![Delta::Location(l.clone(), stamp)],
        P::Purchase(p) => {
            let mut out = goods(&p.lines, p.location_id, 1, MoveKind::Purchase);
            let line = Line {
                party_id: p.supplier_id,
                head: p.invoice_no.clone(),
                ..Line::of(Why::Purchase)
            };
            if let Some(party_id) = p.supplier_id {
                money.khata(&mut out, party_id, -p.on_credit, line.clone());
            }
            money.book(&mut out, PayMode::Cash, -p.paid_cash, line.clone());
            let line = Line {
                reference: p.reference.clone(),
                ..line
            };
            money.book(&mut out, PayMode::Upi, -p.paid_upi, line);
            out
        }
        P::PurchaseReturn(r) => {
            let mut out = goods(&r.lines, r.location_id, -1, MoveKind::PurchaseReturn);
            let line = Line {
                party_id: r.supplier_id,
                head: r.invoice_no.clone(),
                note: r.note.clone(),
                ..Line::of(Why::PurchaseReturn)
            };
            if let Some(party_id) = r.supplier_id {
                money.khata(&mut out, party_id, r.on_credit, line.clone());
            }
            money.book(&mut out, PayMode::Cash, r.refund_cash, line.clone());
            money.book(&mut out, PayMode::Upi, r.refund_upi, line);
            out
        }
        P::Sale(s) => {
            let mut out: Vec<Delta> = s
                .lines
                .iter()
                .map(|l| Delta::Stock {
                    variant_id: l.variant_id,
                    location_id: s.location_id,
                    qty: -l.qty,
                    kind: MoveKind::Sale,
                })
                .collect();
            let line = Line {
                bill_id: Some(s.bill_id),
                party_id: s.customer_id,
                ..Line::of(Why::Sale)
            };
            for mode in [PayMode::Cash, PayMode::Upi, PayMode::Card, PayMode::Khata] {
                let paid = s.payments.iter().filter(|p| p.mode == mode);
                let amount: Money = paid.clone().map(|p| p.amount).sum();
                let line = Line {
                    reference: paid.filter_map(|p| p.reference.clone()).next(),
                    ..line.clone()
                };
                match (mode, s.customer_id) {
                    (PayMode::Khata, Some(party_id)) => {
                        money.khata(&mut out, party_id, amount, line)
                    }
                    (PayMode::Khata, None) => {}
                    _ => money.book(&mut out, mode, amount, line),
                }
            }
            out.push(Delta::Bill {
                bill_id: s.bill_id,
                bill_no: s.bill_no.clone(),
                customer_id: s.customer_id,
                total: s.total,
                document: s.document,
                place_of_supply: s.place_of_supply.clone(),
                buyer_gstin: s.buyer_gstin().map(str::to_string),
                at_ms: stamp.millis,
            });
            out
        }
        P::SaleReturn(r) => {
            let mut out = stock_lines(&r.lines, r.location_id, 1, MoveKind::Return);
            let line = Line {
                bill_id: Some(r.bill_id),
                party_id: r.customer_id,
                ..Line::of(Why::Return)
            };
            match (r.refund_mode, r.customer_id) {
                (PayMode::Khata, Some(party_id)) => {
                    money.khata(&mut out, party_id, -r.refund, line)
                }
                (PayMode::Khata, None) => {}
                (mode, _) => money.book(&mut out, mode, -r.refund, line),
            }
            if !r.note_no.is_empty() {
                out.push(Delta::CreditNote {
                    stamp,
                    note_no: r.note_no.clone(),
                    bill_id: r.bill_id,
                    bill_no: r.bill_no.clone(),
                    customer_id: r.customer_id,
                    refund: r.refund,
                    refund_mode: r.refund_mode,
                    taxes: {
                        let mut taxes = r.taxes.clone();
                        taxes.sort_by_key(|t| t.gst_rate);
                        taxes
                    },
                });
            }
            out
        }
        P::BillCancelled(c) => {
            let mut out = stock_lines(&c.lines, c.location_id, 1, MoveKind::Cancel);
            let line = Line {
                bill_id: Some(c.bill_id),
                party_id: c.customer_id,
                note: Some(c.reason.clone()),
                ..Line::of(Why::Cancel)
            };
            if let Some(party_id) = c.customer_id {
                money.khata(&mut out, party_id, -c.khata_reversed, line.clone());
            }
            // Each mode back the way it came: cash out of the drawer, UPI and
            // card out of the bank book.
            money.book(&mut out, PayMode::Cash, -c.cash_reversed, line.clone());
            money.book(&mut out, PayMode::Upi, -c.upi_reversed, line.clone());
            money.book(&mut out, PayMode::Card, -c.card_reversed, line);
            out.push(Delta::BillCancelled { bill_id: c.bill_id });
            out
        }
        P::Transfer(t) => {
            let mut out = stock_lines(&t.lines, t.from, -1, MoveKind::TransferOut);
            out.extend(stock_lines(&t.lines, t.to, 1, MoveKind::TransferIn));
            out
        }
        P::Adjustment(a) => vec![Delta::Stock {
            variant_id: a.variant_id,
            location_id: a.location_id,
            qty: a.qty_delta,
            kind: MoveKind::Adjustment,
        }],
        P::PartyCreated(p) | P::PartyChanged(p) => vec![Delta::Party(p.clone(), stamp)],
        P::KhataCredit(k) => money.khata_entry(k, Why::Gave, 1),
        P::KhataPayment(k) => money.khata_entry(k, Why::Got, -1),
        P::CashbookIn(c) | P::CashbookOut(c) => {
            let (why, sign) = match payload {
                P::CashbookIn(_) => (Why::CashIn, 1),
                _ => (Why::CashOut, -1),
            };
            let line = Line {
                head: Some(c.head.clone()),
                note: c.note.clone(),
                staff_id: c.staff_id,
                ..Line::of(why)
            };
            let mut out = Vec::new();
            let amount = Money::from_paise(c.amount.paise() * sign);
            money.book(&mut out, PayMode::Cash, amount, line);
            out
        }
        P::DayClosed(d) => {
            let mut out = vec![Delta::DayClosed {
                device_id: meta.device_id,
                date: d.date,
                expected: d.expected,
                counted: d.counted,
                stamp,
            }];
            let line = Line {
                note: d.note.clone(),
                ..Line::of(Why::Close)
            };
            money.book(&mut out, PayMode::Cash, d.counted - d.expected, line);
            out
        }
        P::ReminderSent(r) => vec![Delta::Reminder {
            party_id: r.party_id,
            amount: r.amount,
            stamp,
        }],
        P::StaffCreated(s) | P::StaffChanged(s) => vec![Delta::Staff(s.clone(), stamp)],
        P::StaffStatusChanged(s) => vec![Delta::StaffActive {
            staff_id: s.staff_id,
            active: s.active,
            on_leave: s.on_leave && s.active,
            stamp,
        }],
        P::Attendance(a) => vec![Delta::Attendance {
            staff_id: a.staff_id,
            date: a.date,
            mark: a.mark,
            note: a.note.clone(),
            stamp,
        }],
        P::SettingsChanged(s) => vec![Delta::Setting {
            key: s.key.clone(),
            value: s.value.to_string(),
            stamp,
        }],
        // Users and roles are read from the events by the users issue; they
        // have no projection yet.
        P::UserChanged(_) | P::RoleChanged(_) => Vec::new(),
    }
}

/// Makes the money deltas of one event: khata lines and book lines, each
/// with the event's stamp, and none for a zero amount.
struct MoneyDeltas<'a> {
    meta: &'a Meta,
}

impl<'a> MoneyDeltas<'a> {
    fn new(meta: &'a Meta) -> Self {
        MoneyDeltas { meta }
    }

    fn khata(&self, out: &mut Vec<Delta>, party_id: PartyId, delta: Money, line: Line) {
        if !delta.is_zero() {
            // The khata is the party's own: the line need not name them.
            out.push(Delta::PartyBalance {
                party_id,
                delta,
                line: Line {
                    party_id: None,
                    ..line
                },
                stamp: self.meta.stamp,
            });
        }
    }

    fn book(&self, out: &mut Vec<Delta>, mode: PayMode, delta: Money, line: Line) {
        if !delta.is_zero() && mode != PayMode::Khata {
            out.push(Delta::Book {
                device_id: self.meta.device_id,
                mode,
                delta,
                line: Line {
                    mode: Some(mode),
                    ..line
                },
                stamp: self.meta.stamp,
            });
        }
    }

    /// KHATA_CREDIT (`sign` 1: the party owes more) or KHATA_PAYMENT (−1):
    /// the khata line, and the money's book line when money moved.
    fn khata_entry(&self, k: &KhataEntry, why: Why, sign: i64) -> Vec<Delta> {
        let line = Line {
            mode: Some(k.mode),
            note: k.note.clone(),
            reference: k.reference.clone(),
            ..Line::of(if k.opening { Why::Opening } else { why })
        };
        let mut out = Vec::new();
        let owed = Money::from_paise(k.amount.paise() * sign);
        self.khata(&mut out, k.party_id, owed, line.clone());
        if !k.opening {
            let book_line = Line {
                party_id: Some(k.party_id),
                ..line
            };
            self.book(&mut out, k.mode, -owed, book_line);
        }
        out
    }
}

#[cfg(test)]
mod tests;

#[cfg(test)]
pub(crate) mod order;

#[cfg(test)]
mod batches;
