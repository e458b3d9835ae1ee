//! The report projections: the facts every report is summed from, folded
//! from SALE, BILL_CANCELLED, SALE_RETURN and PURCHASE alone, so no report
//! reads the events. Each fact is keyed by what its own event says — the
//! 15-minute slot of UTC time it happened in (every time zone's midnight
//! falls on a slot's edge, so a shop-local day is a range of slots), the
//! counter, the location, the person and the variant — and is a sum, a set
//! or a maximum, so any arrival order gives the same tables.
//!
//! A cancelled bill stays in the sums of its slot; the cancel only marks
//! the bill (a cancel that arrives first leaves a placeholder), and a
//! report takes the few cancelled bills of its period back out. A bill's
//! row keeps where its SALE event is stored, not the bill again: a report
//! reads the few bills it needs whole (cancelled ones, those GSTR-1 lists
//! one by one, those goods came back against) from their events. A return
//! is counted at its own time (the slot sums count it and its refund; the
//! return itself is kept whole); what its goods were worth is read from
//! the bill it names when a report asks.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

use crate::event::EventPayload;
use crate::gst::{Document, GstRate, Supply};
use crate::ids::{BillId, DeviceId, EventId, LocationId, PartyId, StaffId, VariantId};
use crate::money::Money;
use crate::payload::{PayMode, QtyLine, RateTax};
use crate::qty::Qty;
use crate::stamp::Meta;

mod docs;
pub use docs::{DocSums, Numbered, serial, series_of};

/// The width of a slot: 15 minutes, in milliseconds.
pub const SLOT_MS: i64 = 15 * 60 * 1000;

/// The slot an instant (milliseconds since 1970, UTC) falls in.
pub fn slot_of(millis: i64) -> i64 {
    millis.div_euclid(SLOT_MS)
}

/// The payment modes in the order the reports keep them.
pub const MODES: [PayMode; 4] = [PayMode::Cash, PayMode::Upi, PayMode::Card, PayMode::Khata];

/// The place of `mode` in [`MODES`].
pub fn mode_index(mode: PayMode) -> usize {
    match mode {
        PayMode::Cash => 0,
        PayMode::Upi => 1,
        PayMode::Card => 2,
        PayMode::Khata => 3,
    }
}

/// One variant's part of a bill, as the reports keep it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportLine {
    /// The variant.
    pub variant_id: VariantId,
    /// Quantity sold.
    pub qty: Qty,
    /// Taxable value (after every discount).
    pub taxable: Money,
    /// Central tax.
    pub cgst: Money,
    /// State tax.
    pub sgst: Money,
    /// Integrated tax.
    pub igst: Money,
    /// The line's GST rate.
    pub gst_rate: GstRate,
}

impl ReportLine {
    /// The line's tax.
    pub fn tax(&self) -> Money {
        self.cgst + self.sgst + self.igst
    }
}

/// A saved bill, as the reports keep it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BillFact {
    /// Its number.
    pub bill_no: String,
    /// When it was saved (ms, UTC).
    pub at_ms: i64,
    /// The counter that saved it.
    pub device_id: DeviceId,
    /// Where its goods left from.
    pub location_id: LocationId,
    /// Who saved it.
    pub actor: StaffId,
    /// Its customer.
    pub customer_id: Option<PartyId>,
    /// Intra- or inter-state.
    pub supply: Supply,
    /// Tax invoice, bill of supply or plain bill.
    pub document: Document,
    /// The state the supply was made in, when the bill says.
    pub place: Option<String>,
    /// A registered buyer's GSTIN as the bill names it (B2B).
    pub buyer_gstin: Option<String>,
    /// The buyer's name as the bill names it.
    pub buyer_name: Option<String>,
    /// Grand total.
    pub total: Money,
    /// Round-off to the rupee.
    pub round_off: Money,
    /// Line discounts and the bill discount together.
    pub discount: Money,
    /// Paid by mode, in [`MODES`] order.
    pub paid: [Money; 4],
    /// Its lines.
    pub lines: Vec<ReportLine>,
}

/// The GSTR-1 list a tax invoice may be listed in one by one.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum GstList {
    /// B2B: it names the buyer's GSTIN.
    Registered,
    /// B2C large, when above the limit the report applies: an inter-state
    /// supply to an unregistered buyer.
    InterState,
}

impl GstList {
    /// The stored number (2 B2B, 1 inter-state).
    pub fn number(self) -> i64 {
        match self {
            GstList::Registered => 2,
            GstList::InterState => 1,
        }
    }

    /// The list a stored number names.
    pub fn from_number(n: i64) -> Option<GstList> {
        match n {
            2 => Some(GstList::Registered),
            1 => Some(GstList::InterState),
            _ => None,
        }
    }
}

/// What the report tables keep of a saved bill: where its SALE event is
/// stored here (the bill is read from there when a report needs it whole)
/// and what the reports pick bills by.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SaleRef {
    /// The local sequence number of its SALE event.
    pub seq: i64,
    /// The slot it was saved in.
    pub slot: i64,
    /// The GSTR-1 list it may go to one by one.
    pub gst_list: Option<GstList>,
    /// Its grand total (B2C large is above a limit).
    pub total: Money,
}

/// A bill's row: its sale (absent while only its cancel has arrived) and
/// when it was cancelled.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ReportBill {
    /// The bill as saved.
    pub sale: Option<SaleRef>,
    /// When it was cancelled (the earliest cancel, should two counters
    /// both cancel it).
    pub cancelled_ms: Option<i64>,
}

/// Goods returned against a bill, as the reports keep it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReturnFact {
    /// The bill returned against.
    pub bill_id: BillId,
    /// When (ms, UTC).
    pub at_ms: i64,
    /// The counter that took it back.
    pub device_id: DeviceId,
    /// Where the goods went back to.
    pub location_id: LocationId,
    /// Who took it back.
    pub actor: StaffId,
    /// Amount refunded.
    pub refund: Money,
    /// How it was refunded.
    pub refund_mode: PayMode,
    /// What came back.
    pub lines: Vec<QtyLine>,
    /// The credit note's number (empty for a return made before credit
    /// notes were numbered).
    pub note_no: String,
    /// Taxable value and tax credited by rate (empty before credit notes).
    pub taxes: Vec<RateTax>,
}

/// Goods received, as the reports keep them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PurchaseFact {
    /// When (ms, UTC).
    pub at_ms: i64,
    /// The supplier, if named.
    pub supplier_id: Option<PartyId>,
    /// Where the goods went.
    pub location_id: LocationId,
    /// (variant, quantity, cost per unit).
    pub lines: Vec<(VariantId, Qty, Money)>,
}

/// What one event does to the report projections.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ReportDelta {
    /// A bill was saved.
    Bill(BillId, Box<BillFact>),
    /// A bill was cancelled at `at_ms`.
    Cancelled {
        /// The bill.
        bill_id: BillId,
        /// When.
        at_ms: i64,
    },
    /// Goods came back (keyed by the SALE_RETURN's event id).
    Returned(EventId, Box<ReturnFact>),
    /// Goods were received.
    Received(Box<PurchaseFact>),
}

/// The key of a slot's sums: slot, counter, location, person.
pub type SlotKey = (i64, DeviceId, LocationId, StaffId);

/// The sums of one slot, counter, location and person.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct SlotSums {
    /// Bills saved (cancelled ones too).
    pub bills: i64,
    /// Their grand totals.
    pub total: Money,
    /// Taxable value.
    pub taxable: Money,
    /// Central tax.
    pub cgst: Money,
    /// State tax.
    pub sgst: Money,
    /// Integrated tax.
    pub igst: Money,
    /// Discounts given.
    pub discount: Money,
    /// Round-off.
    pub round_off: Money,
    /// Paid by mode, in [`MODES`] order.
    pub paid: [Money; 4],
    /// Returns taken.
    pub returns: i64,
    /// Refunded by mode, in [`MODES`] order.
    pub refunded: [Money; 4],
}

/// The key of an item's sales: slot, variant, location, GST rate billed.
pub type ItemKey = (i64, VariantId, LocationId, GstRate);

/// The sales of one variant at one location and rate in one slot.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ItemSums {
    /// Quantity sold (on bills cancelled or not).
    pub sold: Qty,
    /// Its taxable value.
    pub taxable: Money,
    /// Central tax.
    pub cgst: Money,
    /// State tax.
    pub sgst: Money,
    /// Integrated tax.
    pub igst: Money,
}

/// The key of a tax invoice's tax sums: slot, place of supply (empty when
/// the bill does not say), whether the buyer is registered (B2B), GST rate.
pub type TaxKey = (i64, String, bool, GstRate);

/// Taxable value and tax by head.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct TaxSums {
    /// Taxable value.
    pub taxable: Money,
    /// Central tax.
    pub cgst: Money,
    /// State tax.
    pub sgst: Money,
    /// Integrated tax.
    pub igst: Money,
}

impl TaxSums {
    /// Adds a line's taxable value and tax.
    pub fn add(&mut self, l: &ReportLine) {
        self.taxable += l.taxable;
        self.cgst += l.cgst;
        self.sgst += l.sgst;
        self.igst += l.igst;
    }

    /// Takes a line's taxable value and tax back out.
    pub fn sub(&mut self, l: &ReportLine) {
        self.taxable -= l.taxable;
        self.cgst -= l.cgst;
        self.sgst -= l.sgst;
        self.igst -= l.igst;
    }

    /// All the tax.
    pub fn tax(&self) -> Money {
        self.cgst + self.sgst + self.igst
    }
}

/// The key of goods received: slot, supplier, variant, location.
pub type ReceivedKey = (i64, Option<PartyId>, VariantId, LocationId);

/// When a variant was last sold and last received (ms, UTC).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct LastDates {
    /// The latest sale.
    pub sold_ms: Option<i64>,
    /// The latest receipt.
    pub received_ms: Option<i64>,
}

/// The key of the documents issued: slot, series, document.
pub type DocKey = (i64, String, Document);

/// Every report projection, in memory (the store keeps the same tables).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ReportProjections {
    /// Every bill by id.
    pub bills: BTreeMap<BillId, ReportBill>,
    /// Documents issued by slot, series and document.
    pub docs: BTreeMap<DocKey, DocSums>,
    /// Sums by slot, counter, location and person.
    pub slots: BTreeMap<SlotKey, SlotSums>,
    /// Sales by slot, variant, location and rate.
    pub items: BTreeMap<ItemKey, ItemSums>,
    /// Tax by slot, customer, supply and rate.
    pub taxes: BTreeMap<TaxKey, TaxSums>,
    /// Every return, by its event's id.
    pub returns: BTreeMap<EventId, ReturnFact>,
    /// Goods received: (quantity, value at cost).
    pub received: BTreeMap<ReceivedKey, (Qty, Money)>,
    /// Last sale and receipt of each variant.
    pub last: BTreeMap<VariantId, LastDates>,
}

fn later(a: Option<i64>, b: i64) -> Option<i64> {
    Some(a.map_or(b, |a| a.max(b)))
}

impl BillFact {
    /// Where a tax invoice's tax is summed: (place of supply, registered
    /// buyer); `None` for a bill of supply or a plain bill (no GST).
    pub fn tax_key(&self) -> Option<(String, bool)> {
        (self.document == Document::TaxInvoice).then(|| {
            (
                self.place.clone().unwrap_or_default(),
                self.buyer_gstin.is_some(),
            )
        })
    }

    /// The GSTR-1 list it may go to one by one: a tax invoice naming a
    /// buyer's GSTIN, or one supplied to another state.
    pub fn gst_list(&self) -> Option<GstList> {
        if self.document != Document::TaxInvoice {
            None
        } else if self.buyer_gstin.is_some() {
            Some(GstList::Registered)
        } else if self.supply == Supply::InterState {
            Some(GstList::InterState)
        } else {
            None
        }
    }

    /// The bill's taxable value and tax by head, summed over its lines.
    pub fn taxes(&self) -> (Money, Money, Money, Money) {
        self.lines.iter().fold(
            (Money::ZERO, Money::ZERO, Money::ZERO, Money::ZERO),
            |(t, c, s, i), l| (t + l.taxable, c + l.cgst, s + l.sgst, i + l.igst),
        )
    }
}

/// The report deltas of `payload`, recorded as `meta` says.
pub fn deltas(meta: &Meta, payload: &EventPayload) -> Option<ReportDelta> {
    let at_ms = meta.stamp.millis;
    match payload {
        EventPayload::Sale(s) => {
            let mut paid = [Money::ZERO; 4];
            for p in &s.payments {
                paid[mode_index(p.mode)] += p.amount;
            }
            let mut lines: Vec<ReportLine> = Vec::new();
            for l in &s.lines {
                // A variant on two lines of one bill is one fact.
                match lines.iter_mut().find(|x| x.variant_id == l.variant_id) {
                    Some(x) => {
                        x.qty += l.qty;
                        x.taxable += l.taxable;
                        x.cgst += l.cgst;
                        x.sgst += l.sgst;
                        x.igst += l.igst;
                    }
                    None => lines.push(ReportLine {
                        variant_id: l.variant_id,
                        qty: l.qty,
                        taxable: l.taxable,
                        cgst: l.cgst,
                        sgst: l.sgst,
                        igst: l.igst,
                        gst_rate: l.gst_rate,
                    }),
                }
            }
            let line_discounts: Money = s.lines.iter().map(|l| l.discount).sum();
            Some(ReportDelta::Bill(
                s.bill_id,
                Box::new(BillFact {
                    bill_no: s.bill_no.clone(),
                    at_ms,
                    device_id: meta.device_id,
                    location_id: s.location_id,
                    actor: meta.actor,
                    customer_id: s.customer_id,
                    supply: s.supply,
                    document: s.document,
                    place: s.place_of_supply.clone(),
                    buyer_gstin: s.buyer_gstin().map(str::to_string),
                    buyer_name: s.recipient.as_ref().map(|r| r.name.clone()),
                    total: s.total,
                    round_off: s.round_off,
                    discount: line_discounts + s.bill_discount,
                    paid,
                    lines,
                }),
            ))
        }
        EventPayload::BillCancelled(c) => Some(ReportDelta::Cancelled {
            bill_id: c.bill_id,
            at_ms,
        }),
        EventPayload::SaleReturn(r) => Some(ReportDelta::Returned(
            meta.stamp.event_id,
            Box::new(ReturnFact {
                bill_id: r.bill_id,
                at_ms,
                device_id: meta.device_id,
                location_id: r.location_id,
                actor: meta.actor,
                refund: r.refund,
                refund_mode: r.refund_mode,
                lines: r.lines.clone(),
                note_no: r.note_no.clone(),
                taxes: r.taxes.clone(),
            }),
        )),
        EventPayload::Purchase(p) => Some(ReportDelta::Received(Box::new(PurchaseFact {
            at_ms,
            supplier_id: p.supplier_id,
            location_id: p.location_id,
            lines: p
                .lines
                .iter()
                .map(|l| (l.variant_id, l.qty, l.cost))
                .collect(),
        }))),
        _ => None,
    }
}

impl ReportProjections {
    /// Applies one report delta, of the event stored at `seq`.
    pub fn apply(&mut self, seq: i64, delta: &ReportDelta) {
        match delta {
            ReportDelta::Bill(bill_id, fact) => self.bill(seq, *bill_id, fact),
            ReportDelta::Cancelled { bill_id, at_ms } => {
                let row = self.bills.entry(*bill_id).or_default();
                row.cancelled_ms = Some(row.cancelled_ms.map_or(*at_ms, |t| t.min(*at_ms)));
            }
            ReportDelta::Returned(event_id, r) => {
                let slot = slot_of(r.at_ms);
                let sums = self
                    .slots
                    .entry((slot, r.device_id, r.location_id, r.actor))
                    .or_default();
                sums.returns += 1;
                sums.refunded[mode_index(r.refund_mode)] += r.refund;
                self.returns.insert(*event_id, (**r).clone());
            }
            ReportDelta::Received(p) => {
                let slot = slot_of(p.at_ms);
                for (variant, qty, cost) in &p.lines {
                    let row = self
                        .received
                        .entry((slot, p.supplier_id, *variant, p.location_id))
                        .or_default();
                    row.0 += *qty;
                    row.1 += cost.times_qty(*qty);
                    let last = self.last.entry(*variant).or_default();
                    last.received_ms = later(last.received_ms, p.at_ms);
                }
            }
        }
    }

    fn bill(&mut self, seq: i64, bill_id: BillId, fact: &BillFact) {
        let slot = slot_of(fact.at_ms);
        let (taxable, cgst, sgst, igst) = fact.taxes();
        let sums = self
            .slots
            .entry((slot, fact.device_id, fact.location_id, fact.actor))
            .or_default();
        sums.bills += 1;
        sums.total += fact.total;
        sums.taxable += taxable;
        sums.cgst += cgst;
        sums.sgst += sgst;
        sums.igst += igst;
        sums.discount += fact.discount;
        sums.round_off += fact.round_off;
        for (sum, paid) in sums.paid.iter_mut().zip(fact.paid) {
            *sum += paid;
        }
        let key = fact.tax_key();
        for l in &fact.lines {
            if let Some((place, registered)) = &key {
                self.taxes
                    .entry((slot, place.clone(), *registered, l.gst_rate))
                    .or_default()
                    .add(l);
            }
            let item = self
                .items
                .entry((slot, l.variant_id, fact.location_id, l.gst_rate))
                .or_default();
            item.sold += l.qty;
            item.taxable += l.taxable;
            item.cgst += l.cgst;
            item.sgst += l.sgst;
            item.igst += l.igst;
            let last = self.last.entry(l.variant_id).or_default();
            last.sold_ms = later(last.sold_ms, fact.at_ms);
        }
        let doc = DocSums::of(&fact.bill_no);
        self.docs
            .entry((slot, series_of(&fact.bill_no), fact.document))
            .and_modify(|d| d.merge(&doc))
            .or_insert(doc);
        self.bills.entry(bill_id).or_default().sale = Some(SaleRef {
            seq,
            slot,
            gst_list: fact.gst_list(),
            total: fact.total,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slots_are_quarter_hours_and_every_zone_midnight_is_an_edge() {
        assert_eq!(slot_of(0), 0);
        assert_eq!(slot_of(SLOT_MS - 1), 0);
        assert_eq!(slot_of(-1), -1, "before 1970 still floors");
        // Midnight in India (UTC+5:30) and Nepal (UTC+5:45) start a slot.
        for offset_min in [330, 345, -210, 0] {
            let midnight = 86_400_000 * 20_000 - offset_min * 60_000;
            assert_eq!(midnight % SLOT_MS, 0, "offset {offset_min}");
        }
    }
}
