//! What a supplier's invoice comes to: each line's cost (per unit, before
//! GST) times its quantity is the taxable value, input GST is added at the
//! line's rate — CGST + SGST from a supplier in the shop's state, IGST from
//! another state, each half rounded to the paisa as on a bill (`gst.rs`) —
//! and the total is what the shop pays or owes. A line of a v1 PURCHASE has
//! no rate: its cost was the whole amount. The same sums serve a return to
//! the supplier (a debit note). Pure arithmetic, checked against overflow.

use crate::gst::{GstRate, PriceMode, Regime, Supply, line_tax};
use crate::money::Money;
use crate::payload::PurchaseLine;

/// Taxable value and input tax at one rate.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RateTax {
    /// The rate.
    pub rate: GstRate,
    /// Taxable value of the lines at this rate.
    pub taxable: Money,
    /// Their tax (CGST + SGST, or IGST).
    pub tax: Money,
}

/// A purchase's (or a return's) sums.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PurchaseTotals {
    /// Every line's cost times quantity.
    pub taxable: Money,
    /// Tax by rate, lowest rate first (lines with no rate are left out).
    pub rates: Vec<RateTax>,
    /// All input tax.
    pub tax: Money,
    /// What the invoice comes to: taxable value plus tax.
    pub total: Money,
}

/// The sums of `lines` supplied as `supply` says; `None` if a sum
/// overflows (the caller says the invoice is too large).
pub fn totals(lines: &[PurchaseLine], supply: Supply) -> Option<PurchaseTotals> {
    let mut t = PurchaseTotals::default();
    for l in lines {
        let amount = l.cost.times_qty(l.qty);
        t.taxable = t.taxable.checked_add(amount)?;
        let Some(rate) = l.gst_rate else {
            continue;
        };
        let tax = line_tax(amount, rate, PriceMode::Exclusive, supply, Regime::Regular).tax();
        t.tax = t.tax.checked_add(tax)?;
        match t.rates.iter_mut().find(|r| r.rate == rate) {
            Some(r) => {
                r.taxable = r.taxable.checked_add(amount)?;
                r.tax = r.tax.checked_add(tax)?;
            }
            None => t.rates.push(RateTax {
                rate,
                taxable: amount,
                tax,
            }),
        }
    }
    t.rates.sort_by_key(|r| r.rate);
    t.total = t.taxable.checked_add(t.tax)?;
    Some(t)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ids::VariantId;
    use crate::qty::Qty;

    fn line(qty: i64, cost: i64, rate: Option<u16>) -> PurchaseLine {
        PurchaseLine {
            variant_id: VariantId::new(),
            qty: Qty::units(qty),
            cost: Money(cost),
            gst_rate: rate.map(GstRate::from_percent),
        }
    }

    #[test]
    fn input_tax_is_added_by_rate_and_halves_are_rounded_like_a_bill() {
        // 10 kurtas at ₹450.00 at 5%: ₹4,500 + ₹112.50 + ₹112.50.
        // 3 shirts at ₹333.33 at 12%: ₹999.99 + 2 × ₹60.00 (59.9994 each).
        let t = totals(
            &[line(10, 45_000, Some(5)), line(3, 33_333, Some(12))],
            Supply::IntraState,
        )
        .expect("fits");
        assert_eq!(t.taxable, Money(549_999));
        assert_eq!(
            t.rates,
            vec![
                RateTax {
                    rate: GstRate::from_percent(5),
                    taxable: Money(450_000),
                    tax: Money(22_500)
                },
                RateTax {
                    rate: GstRate::from_percent(12),
                    taxable: Money(99_999),
                    tax: Money(12_000)
                },
            ]
        );
        assert_eq!(t.total, Money(549_999 + 22_500 + 12_000));
        let igst = totals(&[line(3, 33_333, Some(12))], Supply::InterState).expect("fits");
        assert_eq!(igst.tax, Money(12_000), "IGST of 11,999.88 paise");
    }

    #[test]
    fn a_line_without_a_rate_is_its_cost_alone_and_overflow_is_refused() {
        let t = totals(&[line(2, 10_000, None)], Supply::IntraState).expect("fits");
        assert_eq!((t.total, t.rates.len()), (Money(20_000), 0));
        assert_eq!(
            totals(
                &[line(1, i64::MAX / 2, None), line(1, i64::MAX / 2 + 2, None)],
                Supply::IntraState
            ),
            None
        );
    }
}
