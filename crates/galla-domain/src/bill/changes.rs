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
use crate::payload::{QtyLine, RateTax, Sale};
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

/// How much of each of the bill's lines `back` (quantities per variant)
/// takes, in the bill's line order, capped at what each line sold.
fn taken_per_line(sale: &Sale, back: &[QtyLine]) -> Vec<Qty> {
    let mut left: Vec<(VariantId, Qty)> = Vec::new();
    for l in back {
        match left.iter_mut().find(|(v, _)| *v == l.variant_id) {
            Some(slot) => slot.1 += l.qty,
            None => left.push((l.variant_id, l.qty)),
        }
    }
    sale.lines
        .iter()
        .map(|line| {
            match left
                .iter_mut()
                .find(|(v, q)| *v == line.variant_id && *q > Qty::ZERO)
            {
                Some(slot) => {
                    let taken = slot.1.min(line.qty);
                    slot.1 -= taken;
                    taken
                }
                None => Qty::ZERO,
            }
        })
        .collect()
}

/// `amount` × `taken` / `whole`, rounded half up (all positive).
fn share(amount: Money, taken: Qty, whole: Qty) -> i128 {
    let (part, whole) = (i128::from(taken.milli()), i128::from(whole.milli()).max(1));
    (2 * i128::from(amount.paise()) * part + whole) / (2 * whole)
}

/// The value of `back` at the bill's line prices, each line's share
/// rounded to the paisa.
fn value_of(sale: &Sale, back: &[QtyLine]) -> i128 {
    sale.lines
        .iter()
        .zip(taken_per_line(sale, back))
        .map(|(line, taken)| {
            share(
                line.taxable + line.cgst + line.sgst + line.igst,
                taken,
                line.qty,
            )
        })
        .sum()
}

/// Taxable value and tax of `back` per line: each a rounded share of the line's.
fn taxes_of(sale: &Sale, back: &[QtyLine]) -> Vec<RateTax> {
    let cut = |m: Money, taken: Qty, whole: Qty| {
        Money::from_paise(i64::try_from(share(m, taken, whole)).unwrap_or(i64::MAX))
    };
    sale.lines
        .iter()
        .zip(taken_per_line(sale, back))
        .map(|(l, taken)| RateTax {
            gst_rate: l.gst_rate,
            taxable: cut(l.taxable, taken, l.qty),
            cgst: cut(l.cgst, taken, l.qty),
            sgst: cut(l.sgst, taken, l.qty),
            igst: cut(l.igst, taken, l.qty),
        })
        .collect()
}

/// The taxable value and tax a credit note for `now` (after `before`)
/// credits, by rate, lowest first: the difference of the cumulative shares,
/// like the refund, so all the goods back credit exactly the bill's taxes.
pub fn credited(sale: &Sale, before: &[QtyLine], now: &[QtyLine]) -> Vec<RateTax> {
    let mut after = before.to_vec();
    after.extend_from_slice(now);
    let mut by_rate: Vec<RateTax> = Vec::new();
    for (a, b) in taxes_of(sale, &after)
        .into_iter()
        .zip(taxes_of(sale, before))
    {
        let slot = match by_rate.iter_mut().find(|r| r.gst_rate == a.gst_rate) {
            Some(slot) => slot,
            None => {
                by_rate.push(RateTax {
                    gst_rate: a.gst_rate,
                    ..RateTax::default()
                });
                let last = by_rate.len() - 1;
                &mut by_rate[last]
            }
        };
        slot.taxable += a.taxable - b.taxable;
        slot.cgst += a.cgst - b.cgst;
        slot.sgst += a.sgst - b.sgst;
        slot.igst += a.igst - b.igst;
    }
    by_rate.retain(|r| !(r.taxable.is_zero() && r.tax().is_zero()));
    by_rate.sort_by_key(|r| r.gst_rate);
    by_rate
}

/// Where a saved bill stands: the same words in `galla bills --json` and
/// the counter's bills list.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BillStatus {
    /// As saved.
    Saved,
    /// Some goods came back.
    PartlyReturned,
    /// Everything came back.
    Returned,
    /// Cancelled.
    Cancelled,
}

impl BillStatus {
    /// `saved`, `partly_returned`, `returned`, `cancelled`.
    pub fn as_str(self) -> &'static str {
        match self {
            BillStatus::Saved => "saved",
            BillStatus::PartlyReturned => "partly_returned",
            BillStatus::Returned => "returned",
            BillStatus::Cancelled => "cancelled",
        }
    }

    /// In words for a screen ("partly returned").
    pub fn words(self) -> &'static str {
        match self {
            BillStatus::PartlyReturned => "partly returned",
            other => other.as_str(),
        }
    }
}

/// The status of `sale`, given everything that came back and whether it was
/// cancelled.
pub fn status(sale: &Sale, back: &[QtyLine], cancelled: bool) -> BillStatus {
    if cancelled {
        return BillStatus::Cancelled;
    }
    if back.iter().all(|l| l.qty <= Qty::ZERO) {
        return BillStatus::Saved;
    }
    let taken = taken_per_line(sale, back);
    if sale.lines.iter().zip(&taken).all(|(l, t)| *t >= l.qty) {
        BillStatus::Returned
    } else {
        BillStatus::PartlyReturned
    }
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
mod tests;
