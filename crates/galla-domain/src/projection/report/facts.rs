//! What the report projections are folded from: each SALE, BILL_CANCELLED,
//! SALE_RETURN and PURCHASE as the reports keep it (`deltas`), and what a
//! bill's row keeps of its sale. Pure: the event in, the facts out.

use serde::{Deserialize, Serialize};

use super::mode_index;
use crate::event::EventPayload;
use crate::gst::{Document, GstRate, Supply};
use crate::ids::{BillId, DeviceId, EventId, LocationId, PartyId, StaffId, VariantId};
use crate::money::Money;
use crate::payload::{PayMode, QtyLine, RateTax};
use crate::qty::Qty;
use crate::stamp::Meta;

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
