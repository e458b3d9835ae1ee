//! The bills projection in memory, the till's view: each bill's row (a
//! cancel that arrives before its bill keeps a placeholder, so the bill is
//! still cancelled when it comes) and each credit note, keyed by its
//! SALE_RETURN's stamp. The reports' facts about the same bills are
//! `report`'s. Its stored twin is `store::projection::bills`.

use std::collections::BTreeMap;

use super::diff::Differ;
use crate::fold::Delta;
use crate::gst::Document;
use crate::ids::{BillId, PartyId};
use crate::money::Money;
use crate::payload::{PayMode, RateTax};
use crate::stamp::Stamp;

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
    /// The row a cancel keeps for a bill that has not arrived yet
    /// (`cancelled` as given: the store reads back whether it was).
    pub fn placeholder(cancelled: bool) -> BillRow {
        BillRow {
            bill_no: String::new(),
            seq: 0,
            customer_id: None,
            total: Money::ZERO,
            cancelled,
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

/// Bills and credit notes.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct BillsProjection {
    /// Bills by id.
    pub rows: BTreeMap<BillId, BillRow>,
    /// Credit notes by their SALE_RETURN's stamp.
    pub credit_notes: BTreeMap<Stamp, CreditNoteRow>,
}

impl BillsProjection {
    /// Applies a `Delta::Bill` (of the event with local sequence number
    /// `seq`), `Delta::BillCancelled` or `Delta::CreditNote` (others are not
    /// this projection's and change nothing).
    pub fn apply(&mut self, seq: i64, delta: &Delta) {
        match delta {
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
                let cancelled = self.rows.get(bill_id).is_some_and(|b| b.cancelled);
                self.rows.insert(
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
            Delta::BillCancelled { bill_id } => {
                self.rows
                    .entry(*bill_id)
                    .or_insert_with(|| BillRow::placeholder(true))
                    .cancelled = true;
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
            _ => {}
        }
    }

    /// The bills' part of `Projections::diff`.
    pub(super) fn diff(&self, rebuilt: &BillsProjection, d: &mut Differ<'_>) {
        d.map("bill", &self.rows, &rebuilt.rows);
        d.map("credit note", &self.credit_notes, &rebuilt.credit_notes);
    }
}
