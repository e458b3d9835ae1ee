//! What may still be done to a saved bill: the one place the counter's
//! bills list and the store's cancel and return agree on. A cancelled bill
//! takes nothing more; a bill some goods came back on is not cancelled (the
//! rest is returned instead, so nothing is reversed twice).
//!
//! **Refunds reverse exactly what was paid.** A return refunds the
//! difference between "everything back so far, this return included" and
//! "everything back before it", each valued as a share of the bill's grand
//! total (so the round-off is spread too) and rounded to the rupee the way
//! the bill was; all the goods back is the grand total, to the paisa. So
//! returns in any number of parts add up to what the customer paid — never
//! a paisa more or less.

use crate::gst::round_to_rupee;
use crate::ids::VariantId;
use crate::money::Money;
use crate::payload::{QtyLine, Sale};
use crate::qty::Qty;

/// Why a change to a saved bill is refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ChangeRefused {
    /// The bill was cancelled already.
    Cancelled,
    /// Goods came back on it: return the rest instead of cancelling.
    HasReturns,
}

impl ChangeRefused {
    /// In words, for bill `no`.
    pub fn words(self, no: &str) -> String {
        match self {
            ChangeRefused::Cancelled => format!("bill {no} is already cancelled"),
            ChangeRefused::HasReturns => {
                format!("goods came back on bill {no} — take the rest back instead")
            }
        }
    }
}

/// Whether a bill may be cancelled.
pub fn may_cancel(cancelled: bool, has_returns: bool) -> Result<(), ChangeRefused> {
    if cancelled {
        Err(ChangeRefused::Cancelled)
    } else if has_returns {
        Err(ChangeRefused::HasReturns)
    } else {
        Ok(())
    }
}

/// Whether goods may come back on a bill.
pub fn may_return(cancelled: bool) -> Result<(), ChangeRefused> {
    if cancelled {
        Err(ChangeRefused::Cancelled)
    } else {
        Ok(())
    }
}

/// The value of `back` (quantities per variant) at the bill's line prices,
/// each line's share rounded to the paisa, capped at what the line sold.
fn value_of(sale: &Sale, back: &[QtyLine]) -> i128 {
    let mut left: Vec<(VariantId, Qty)> = Vec::new();
    for l in back {
        match left.iter_mut().find(|(v, _)| *v == l.variant_id) {
            Some(slot) => slot.1 += l.qty,
            None => left.push((l.variant_id, l.qty)),
        }
    }
    let mut value = 0i128;
    for line in &sale.lines {
        let Some(slot) = left
            .iter_mut()
            .find(|(v, q)| *v == line.variant_id && *q > Qty::ZERO)
        else {
            continue;
        };
        let taken = slot.1.min(line.qty);
        slot.1 -= taken;
        let total = i128::from((line.taxable + line.cgst + line.sgst + line.igst).paise());
        let (part, whole) = (
            i128::from(taken.milli()),
            i128::from(line.qty.milli()).max(1),
        );
        value += (2 * total * part + whole) / (2 * whole);
    }
    value
}

/// What everything in `back` is worth of what the customer paid.
fn paid_for(sale: &Sale, back: &[QtyLine]) -> Money {
    let lines: i128 = i128::from((sale.total - sale.round_off).paise());
    let value = value_of(sale, back);
    if lines <= 0 || value >= lines {
        return sale.total;
    }
    let share = (2 * i128::from(sale.total.paise()) * value + lines) / (2 * lines);
    round_to_rupee(Money::from_paise(i64::try_from(share).unwrap_or(i64::MAX))).1
}

/// The refund for `now` coming back on `sale`, after `before` came back.
pub fn refund(sale: &Sale, before: &[QtyLine], now: &[QtyLine]) -> Money {
    let mut after = before.to_vec();
    after.extend_from_slice(now);
    paid_for(sale, &after) - paid_for(sale, before)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cancelled_bill_takes_nothing_and_a_returned_one_is_not_cancelled() {
        assert_eq!(may_cancel(false, false), Ok(()));
        assert_eq!(may_cancel(true, false), Err(ChangeRefused::Cancelled));
        assert_eq!(may_cancel(false, true), Err(ChangeRefused::HasReturns));
        assert_eq!(may_return(true), Err(ChangeRefused::Cancelled));
        assert_eq!(may_return(false), Ok(()));
        assert!(
            ChangeRefused::HasReturns
                .words("C1-4")
                .contains("take the rest back")
        );
    }

    fn sale(lines: &[(u128, i64, i64)], total: i64) -> Sale {
        use crate::payload::SaleLine;
        let lines: Vec<SaleLine> = lines
            .iter()
            .map(|&(v, qty, paise)| SaleLine {
                variant_id: VariantId(uuid::Uuid::from_u128(v)),
                qty: Qty::units(qty),
                rate: Money(paise),
                discount: Money::ZERO,
                gst_rate: crate::GstRate::ZERO,
                price_mode: crate::PriceMode::Inclusive,
                taxable: Money(paise),
                cgst: Money::ZERO,
                sgst: Money::ZERO,
                igst: Money::ZERO,
            })
            .collect();
        let sum: i64 = lines.iter().map(|l| l.taxable.paise()).sum();
        Sale {
            bill_id: crate::BillId::new(),
            bill_no: "C1-4".into(),
            location_id: crate::LocationId::new(),
            customer_id: None,
            supply: crate::Supply::IntraState,
            lines,
            bill_discount: Money::ZERO,
            round_off: Money(total - sum),
            total: Money(total),
            payments: Vec::new(),
        }
    }

    fn back(v: u128, qty: i64) -> QtyLine {
        QtyLine {
            variant_id: VariantId(uuid::Uuid::from_u128(v)),
            qty: Qty::units(qty),
        }
    }

    #[test]
    fn returns_in_parts_refund_exactly_what_was_paid() {
        // Lines ₹1,944.41, paid ₹1,944.00 (round-off −₹0.41), back in two parts.
        let bill = sale(&[(1, 1, 100_000), (2, 1, 94_441)], 194_400);
        let first = refund(&bill, &[], &[back(1, 1)]);
        let second = refund(&bill, &[back(1, 1)], &[back(2, 1)]);
        assert_eq!(first + second, Money(194_400), "{first} + {second}");
        assert_eq!(first.paise() % 100, 0, "rounded to the rupee like the bill");
        // A ₹30.85 line of three units, one unit at a time, on a ₹31 bill.
        let soap = sale(&[(3, 3, 3_085)], 3_100);
        let mut refunds = Vec::new();
        let mut before = Vec::new();
        for _ in 0..3 {
            refunds.push(refund(&soap, &before, &[back(3, 1)]));
            before.push(back(3, 1));
        }
        assert_eq!(
            refunds.iter().copied().sum::<Money>(),
            Money(3_100),
            "{refunds:?}"
        );
    }
}
