//! A draft's arithmetic: gross, line discount, the bill discount spread over
//! the lines in proportion to their value (shares sum exactly), then GST per
//! line on what is left via `gst::line_tax`, and the bill's round-off via
//! `gst::bill_totals`. Also the SALE payload built from those same numbers,
//! so the screen, the receipt and the stored event can never disagree.

use crate::gst::{self, BillTotals, Document, LineTax};
use crate::ids::{BillId, LocationId, PartyId};
use crate::money::Money;
use crate::payload::{Payment, Sale, SaleLine};

use super::{BillDiscount, BillError, Draft, percent_of};

/// The numbers of one line.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LineTotals {
    /// Rate × quantity.
    pub gross: Money,
    /// The line's own discount.
    pub line_discount: Money,
    /// This line's share of the bill discount.
    pub bill_discount_share: Money,
    /// Gross less both discounts: the amount GST is worked out on.
    pub value: Money,
    /// Taxable value and tax of the line.
    pub tax: LineTax,
}

impl LineTotals {
    /// What the customer pays for the line (taxable value plus tax).
    pub fn total(&self) -> Money {
        self.tax.total()
    }
}

/// Everything the totals panel and the receipt show.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DraftTotals {
    /// Per line, in the draft's order.
    pub lines: Vec<LineTotals>,
    /// Sum of the lines' gross values.
    pub subtotal: Money,
    /// Sum of the line discounts.
    pub line_discounts: Money,
    /// The bill discount as applied.
    pub bill_discount: Money,
    /// Taxable value, tax per rate, round-off and grand total.
    pub gst: BillTotals,
}

impl DraftTotals {
    /// Line discounts plus the bill discount.
    pub fn discount(&self) -> Money {
        self.line_discounts + self.bill_discount
    }

    /// All tax on the bill.
    pub fn tax(&self) -> Money {
        self.gst.cgst + self.gst.sgst + self.gst.igst
    }

    /// Round-off to the rupee.
    pub fn round_off(&self) -> Money {
        self.gst.round_off
    }

    /// What the customer pays.
    pub fn grand_total(&self) -> Money {
        self.gst.grand_total
    }
}

impl Draft {
    /// The bill's numbers, recomputed from the lines (cheap: call it on every
    /// keystroke).
    pub fn totals(&self) -> DraftTotals {
        let values: Vec<(Money, Money)> = self
            .lines
            .iter()
            .map(|l| {
                let gross = l.gross();
                // The edit checks keep a discount within the line; clamp anyway
                // so totals can never go negative.
                (gross, l.discount_amount().min(gross).max(Money::ZERO))
            })
            .collect();
        let net: Vec<Money> = values.iter().map(|&(g, d)| g - d).collect();
        let net_sum: Money = net.iter().copied().sum();
        let wanted = match self.bill_discount {
            BillDiscount::None => Money::ZERO,
            BillDiscount::Amount(m) => m,
            BillDiscount::Percent(bp) => percent_of(net_sum, bp),
        };
        // A line removed after the discount was set can leave it above the
        // bill; what is applied (and shown) is then the whole value.
        let bill_discount = wanted.min(net_sum).max(Money::ZERO);
        let shares = spread(bill_discount, &net);
        let lines: Vec<LineTotals> = self
            .lines
            .iter()
            .zip(values.iter().zip(net.iter().zip(&shares)))
            .map(|(l, (&(gross, line_discount), (&n, &share)))| {
                let value = n - share;
                LineTotals {
                    gross,
                    line_discount,
                    bill_discount_share: share,
                    value,
                    tax: gst::line_tax(value, l.gst_rate, l.price_mode, self.supply, self.regime),
                }
            })
            .collect();
        let taxes: Vec<LineTax> = lines.iter().map(|l| l.tax).collect();
        DraftTotals {
            subtotal: values.iter().map(|&(g, _)| g).sum(),
            line_discounts: values.iter().map(|&(_, d)| d).sum(),
            bill_discount,
            gst: gst::bill_totals(&taxes),
            lines,
        }
    }

    /// The SALE payload for this bill, with every amount taken from
    /// `totals()`. Payments must add up to the grand total.
    pub fn to_sale(
        &self,
        bill_id: BillId,
        bill_no: String,
        location_id: LocationId,
        customer_id: Option<PartyId>,
        payments: Vec<Payment>,
    ) -> Result<Sale, BillError> {
        if self.lines.is_empty() {
            return Err(BillError::Empty);
        }
        let totals = self.totals();
        let paid: Money = payments.iter().map(|p| p.amount).sum();
        if paid != totals.grand_total() {
            return Err(BillError::PaymentsDoNotAddUp {
                paid,
                total: totals.grand_total(),
            });
        }
        let lines = self
            .lines
            .iter()
            .zip(&totals.lines)
            .map(|(l, t)| SaleLine {
                variant_id: l.variant_id,
                qty: l.qty,
                rate: l.rate,
                discount: t.line_discount,
                gst_rate: l.gst_rate,
                price_mode: l.price_mode,
                taxable: t.tax.taxable,
                cgst: t.tax.cgst,
                sgst: t.tax.sgst,
                igst: t.tax.igst,
            })
            .collect();
        Ok(Sale {
            bill_id,
            bill_no,
            location_id,
            customer_id,
            supply: self.supply,
            lines,
            bill_discount: totals.bill_discount,
            round_off: totals.round_off(),
            total: totals.grand_total(),
            payments,
            document: Document::of(self.regime),
            place_of_supply: self.place.clone(),
            header: None,
            recipient: self.recipient.clone(),
        })
    }
}

/// Spreads `discount` over lines worth `values`, in proportion to their value,
/// in whole paise. Each share is rounded down and the paise left over go to
/// the largest line (the first of equals). A line never takes more than its
/// value: should the largest line be too small for the leftover (only with a
/// few paise per line), the rest goes to the next largest, and so on.
pub fn spread(discount: Money, values: &[Money]) -> Vec<Money> {
    let total: i128 = values.iter().map(|v| i128::from(v.paise().max(0))).sum();
    let d = i128::from(discount.paise().max(0)).min(total);
    if d == 0 || total == 0 {
        return vec![Money::ZERO; values.len()];
    }
    let mut shares: Vec<i64> = values
        .iter()
        .map(|v| {
            let share = i128::from(v.paise().max(0)) * d / total;
            i64::try_from(share).unwrap_or(i64::MAX)
        })
        .collect();
    let given: i128 = shares.iter().copied().map(i128::from).sum();
    let mut left = i64::try_from(d - given).unwrap_or(0);
    let mut order: Vec<usize> = (0..values.len()).collect();
    // Stable: equal values keep their order, so the first of equals wins.
    order.sort_by_key(|&i| std::cmp::Reverse(values[i]));
    for i in order {
        if left == 0 {
            break;
        }
        let room = values[i].paise().max(0) - shares[i];
        let take = room.min(left);
        shares[i] += take;
        left -= take;
    }
    shares.into_iter().map(Money).collect()
}
