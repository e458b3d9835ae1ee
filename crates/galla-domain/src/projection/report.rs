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
//! the bill it names when a report asks. Its stored twin is
//! `store::projection::report` (`report_load` reads it back for `check`).

use std::collections::BTreeMap;

use crate::gst::{Document, GstRate};
use crate::ids::{BillId, DeviceId, EventId, LocationId, PartyId, StaffId, VariantId};
use crate::money::Money;
use crate::payload::PayMode;
use crate::qty::Qty;

mod docs;
mod facts;
pub use docs::{DocSums, Numbered, serial, series_of};
pub use facts::{
    BillFact, GstList, PurchaseFact, ReportBill, ReportDelta, ReportLine, ReturnFact, SaleRef,
    deltas,
};

/// The width of a slot: 15 minutes, in milliseconds.
pub const SLOT_MS: i64 = 15 * 60 * 1000;

/// The slot an instant (milliseconds since 1970, UTC) falls in.
pub fn slot_of(millis: i64) -> i64 {
    millis.div_euclid(SLOT_MS)
}

/// The width of a span: 31 days of slots. Items are summed by span as
/// well as by slot: a long period reads one row per item a span for its
/// whole spans, and slot rows only at its two ends.
pub const SPAN_SLOTS: i64 = 31 * 96;

/// The span a slot falls in.
pub fn span_of(slot: i64) -> i64 {
    slot.div_euclid(SPAN_SLOTS)
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

impl SlotSums {
    /// Adds `o` to these.
    pub fn merge(&mut self, o: &SlotSums) {
        self.bills += o.bills;
        self.total += o.total;
        self.taxable += o.taxable;
        self.cgst += o.cgst;
        self.sgst += o.sgst;
        self.igst += o.igst;
        self.discount += o.discount;
        self.round_off += o.round_off;
        for (sum, paid) in self.paid.iter_mut().zip(o.paid) {
            *sum += paid;
        }
        self.returns += o.returns;
        for (sum, refunded) in self.refunded.iter_mut().zip(o.refunded) {
            *sum += refunded;
        }
    }
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

impl ItemSums {
    /// A bill line's sales.
    pub fn of(l: &ReportLine) -> ItemSums {
        ItemSums {
            sold: l.qty,
            taxable: l.taxable,
            cgst: l.cgst,
            sgst: l.sgst,
            igst: l.igst,
        }
    }

    /// Adds `o` to these.
    pub fn add(&mut self, o: &ItemSums) {
        self.sold += o.sold;
        self.taxable += o.taxable;
        self.cgst += o.cgst;
        self.sgst += o.sgst;
        self.igst += o.igst;
    }
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

    /// Adds `o` to these.
    pub fn merge(&mut self, o: &TaxSums) {
        self.taxable += o.taxable;
        self.cgst += o.cgst;
        self.sgst += o.sgst;
        self.igst += o.igst;
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

impl LastDates {
    /// The later of each date.
    pub fn merge(&mut self, o: &LastDates) {
        if let Some(t) = o.sold_ms {
            self.sold_ms = later(self.sold_ms, t);
        }
        if let Some(t) = o.received_ms {
            self.received_ms = later(self.received_ms, t);
        }
    }
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
    /// The same sales by span ([`span_of`]; the key's first part is the
    /// span), so a long period reads a row per item and span.
    pub spans: BTreeMap<ItemKey, ItemSums>,
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

impl ReportProjections {
    /// Applies one report delta, of the event stored at `seq`: its sums
    /// ([`ReportProjections::add_sums`]) and what is kept whole (the
    /// bill's row, the cancel, the return).
    pub fn apply(&mut self, seq: i64, delta: &ReportDelta) {
        self.add_sums(delta);
        match delta {
            ReportDelta::Bill(bill_id, fact) => {
                self.bills.entry(*bill_id).or_default().sale = Some(SaleRef {
                    seq,
                    slot: slot_of(fact.at_ms),
                    gst_list: fact.gst_list(),
                    total: fact.total,
                });
            }
            ReportDelta::Cancelled { bill_id, at_ms } => {
                let row = self.bills.entry(*bill_id).or_default();
                row.cancelled_ms = Some(row.cancelled_ms.map_or(*at_ms, |t| t.min(*at_ms)));
            }
            ReportDelta::Returned(event_id, r) => {
                self.returns.insert(*event_id, (**r).clone());
            }
            ReportDelta::Received(_) => {}
        }
    }

    /// Adds what `delta` adds to the summed tables (slots, docs, items,
    /// spans, taxes, received, last dates) and nothing else: the store sums
    /// a batch of events with this and writes each row once.
    pub fn add_sums(&mut self, delta: &ReportDelta) {
        match delta {
            ReportDelta::Bill(_, fact) => self.bill_sums(fact),
            ReportDelta::Cancelled { .. } => {}
            ReportDelta::Returned(_, r) => {
                let slot = slot_of(r.at_ms);
                let sums = self
                    .slots
                    .entry((slot, r.device_id, r.location_id, r.actor))
                    .or_default();
                sums.returns += 1;
                sums.refunded[mode_index(r.refund_mode)] += r.refund;
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

    fn bill_sums(&mut self, fact: &BillFact) {
        let slot = slot_of(fact.at_ms);
        let (taxable, cgst, sgst, igst) = fact.taxes();
        let sums = SlotSums {
            bills: 1,
            total: fact.total,
            taxable,
            cgst,
            sgst,
            igst,
            discount: fact.discount,
            round_off: fact.round_off,
            paid: fact.paid,
            ..SlotSums::default()
        };
        self.slots
            .entry((slot, fact.device_id, fact.location_id, fact.actor))
            .or_default()
            .merge(&sums);
        let key = fact.tax_key();
        for l in &fact.lines {
            if let Some((place, registered)) = &key {
                self.taxes
                    .entry((slot, place.clone(), *registered, l.gst_rate))
                    .or_default()
                    .add(l);
            }
            let item = ItemSums::of(l);
            self.items
                .entry((slot, l.variant_id, fact.location_id, l.gst_rate))
                .or_default()
                .add(&item);
            self.spans
                .entry((span_of(slot), l.variant_id, fact.location_id, l.gst_rate))
                .or_default()
                .add(&item);
            let last = self.last.entry(l.variant_id).or_default();
            last.sold_ms = later(last.sold_ms, fact.at_ms);
        }
        let doc = DocSums::of(&fact.bill_no);
        self.docs
            .entry((slot, series_of(&fact.bill_no), fact.document))
            .and_modify(|d| d.merge(&doc))
            .or_insert(doc);
    }

    /// Adds the sums of `other` (made by [`ReportProjections::add_sums`])
    /// to these, as if its deltas had been added here; bills and returns
    /// are not sums and are left out.
    pub fn merge_sums(&mut self, other: ReportProjections) {
        merge_map(&mut self.docs, other.docs, DocSums::merge);
        merge_map(&mut self.slots, other.slots, SlotSums::merge);
        merge_map(&mut self.items, other.items, ItemSums::add);
        merge_map(&mut self.spans, other.spans, ItemSums::add);
        merge_map(&mut self.taxes, other.taxes, TaxSums::merge);
        merge_map(&mut self.received, other.received, |a, b| {
            a.0 += b.0;
            a.1 += b.1;
        });
        merge_map(&mut self.last, other.last, LastDates::merge);
    }

    /// The reports' part of `Projections::diff`.
    pub(super) fn diff(&self, rebuilt: &ReportProjections, d: &mut super::diff::Differ<'_>) {
        let (r, q) = (self, rebuilt);
        d.map("report bill", &r.bills, &q.bills);
        d.map("report documents", &r.docs, &q.docs);
        d.map("report slot", &r.slots, &q.slots);
        d.map("report item", &r.items, &q.items);
        d.map("report item span", &r.spans, &q.spans);
        d.map("report tax", &r.taxes, &q.taxes);
        d.map("report return", &r.returns, &q.returns);
        d.map("report receipt", &r.received, &q.received);
        d.map("report last dates", &r.last, &q.last);
    }
}

/// Merges every row of `other` into `into` with `merge` (a row only in
/// `other` is moved over as it is, zero or not).
fn merge_map<K: Ord, V>(
    into: &mut BTreeMap<K, V>,
    other: BTreeMap<K, V>,
    merge: impl Fn(&mut V, &V),
) {
    for (key, value) in other {
        match into.entry(key) {
            std::collections::btree_map::Entry::Vacant(v) => {
                v.insert(value);
            }
            std::collections::btree_map::Entry::Occupied(mut o) => merge(o.get_mut(), &value),
        }
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
        assert_eq!(span_of(SPAN_SLOTS - 1), 0);
        assert_eq!(span_of(SPAN_SLOTS), 1);
        assert_eq!(span_of(-1), -1, "spans floor too");
        // Midnight in India (UTC+5:30) and Nepal (UTC+5:45) start a slot.
        for offset_min in [330, 345, -210, 0] {
            let midnight = 86_400_000 * 20_000 - offset_min * 60_000;
            assert_eq!(midnight % SLOT_MS, 0, "offset {offset_min}");
        }
    }
}
