//! GST arithmetic — the one place the rule is written down; screens, receipts,
//! reports and the server all call these functions.
//!
//! The rule: tax is computed per line, on the line's value after discounts,
//! to the paisa, rounding half away from zero. Intra-state: CGST and SGST are
//! each computed at half the rate, so they are equal by construction.
//! Exclusive price P: each half = round(P × r/2 / 100); IGST = round(P × r / 100).
//! Inclusive price P: each half = round(P × (r/2) / (100 + r)), taxable = P −
//! both halves, so the line still sums exactly to P; IGST likewise with the
//! full rate. A composition dealer (bill of supply) and an unregistered shop
//! (plain bill) charge no tax; `place` says which, and where. The bill's
//! grand total is rounded to the rupee (50 paise and more go up) and the
//! difference is printed as an explicit round-off line.

use serde::{Deserialize, Serialize};
use std::fmt;

use crate::money::{Money, round_div};

mod place;
pub use place::{
    Delivery, Document, Place, PlaceRefused, STATES, place_of_supply, state_label, state_name,
};

/// A GST rate in basis points (1800 = 18%).
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[serde(transparent)]
pub struct GstRate(u16);

/// The rates Indian GST uses, in basis points.
pub const STANDARD_RATES: &[u16] = &[
    0, 10, 25, 100, 150, 300, 500, 600, 750, 1200, 1800, 2800, 4000,
];

/// Why typed text is not a GST rate.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "\"{0}\" is not a GST rate — use one of 0, 0.1, 0.25, 1, 1.5, 3, 5, 6, 7.5, 12, 18, 28, 40"
)]
pub struct GstRateError(pub String);

impl GstRate {
    /// No tax.
    pub const ZERO: GstRate = GstRate(0);

    /// A whole-percent rate (5 → 5%).
    pub const fn from_percent(percent: u16) -> GstRate {
        GstRate(percent * 100)
    }

    /// A rate in basis points, as stored.
    pub const fn from_basis_points(bp: u16) -> GstRate {
        GstRate(bp)
    }

    /// The rate in basis points.
    pub const fn basis_points(self) -> u16 {
        self.0
    }

    /// Parses "18", "0.25", "5%"; only the standard rates are accepted.
    pub fn parse(input: &str) -> Result<GstRate, GstRateError> {
        let err = || GstRateError(input.trim().to_string());
        let s = input.trim().trim_end_matches('%').trim();
        let (int_part, frac) = s.split_once('.').unwrap_or((s, ""));
        if int_part.is_empty()
            || int_part.len() > 3
            || frac.len() > 2
            || !int_part
                .bytes()
                .chain(frac.bytes())
                .all(|b| b.is_ascii_digit())
        {
            return Err(err());
        }
        let whole: u16 = int_part.parse().map_err(|_| err())?;
        let mut hundredths: u16 = 0;
        for (i, b) in frac.bytes().enumerate() {
            hundredths += u16::from(b - b'0') * [10, 1][i];
        }
        let bp = whole
            .checked_mul(100)
            .and_then(|w| w.checked_add(hundredths))
            .ok_or_else(err)?;
        if STANDARD_RATES.contains(&bp) {
            Ok(GstRate(bp))
        } else {
            Err(err())
        }
    }
}

impl fmt::Display for GstRate {
    /// "18%", "0.25%", "7.5%".
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (whole, frac) = (self.0 / 100, self.0 % 100);
        if frac == 0 {
            write!(f, "{whole}%")
        } else {
            let text = format!("{frac:02}");
            write!(f, "{whole}.{}%", text.trim_end_matches('0'))
        }
    }
}

/// Whether a price includes GST.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PriceMode {
    /// The price already includes GST (usual at a counter: MRP is inclusive).
    Inclusive,
    /// GST is added on top.
    Exclusive,
}

/// Where the supply goes, which decides CGST+SGST or IGST.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Supply {
    /// Buyer in the shop's state: CGST + SGST.
    IntraState,
    /// Buyer in another state: IGST.
    InterState,
}

/// The shop's GST registration type.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Regime {
    /// Charges GST on tax invoices.
    Regular,
    /// Composition dealer: bill of supply, no tax collected.
    Composition,
    /// Not registered for GST: a plain bill, no tax collected (CGST s.32).
    Unregistered,
}

/// The tax of one line.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LineTax {
    /// The line's rate.
    pub rate: GstRate,
    /// Taxable value.
    pub taxable: Money,
    /// Central tax.
    pub cgst: Money,
    /// State tax.
    pub sgst: Money,
    /// Integrated tax.
    pub igst: Money,
}

impl LineTax {
    /// All tax on the line.
    pub fn tax(&self) -> Money {
        self.cgst + self.sgst + self.igst
    }

    /// Taxable value plus tax: what the customer pays for the line.
    pub fn total(&self) -> Money {
        self.taxable + self.tax()
    }
}

/// Tax of a line worth `amount` after discounts.
pub fn line_tax(
    amount: Money,
    rate: GstRate,
    mode: PriceMode,
    supply: Supply,
    regime: Regime,
) -> LineTax {
    let p = i128::from(amount.paise());
    let bp = i128::from(rate.basis_points());
    let zero = LineTax {
        rate,
        taxable: amount,
        cgst: Money::ZERO,
        sgst: Money::ZERO,
        igst: Money::ZERO,
    };
    if regime != Regime::Regular || bp == 0 {
        return zero;
    }
    match (mode, supply) {
        (PriceMode::Exclusive, Supply::IntraState) => {
            let half = Money(round_div(p * bp, 2 * 10_000));
            LineTax {
                cgst: half,
                sgst: half,
                ..zero
            }
        }
        (PriceMode::Exclusive, Supply::InterState) => LineTax {
            igst: Money(round_div(p * bp, 10_000)),
            ..zero
        },
        (PriceMode::Inclusive, Supply::IntraState) => {
            let half = Money(round_div(p * bp, 2 * (10_000 + bp)));
            LineTax {
                taxable: amount - half - half,
                cgst: half,
                sgst: half,
                ..zero
            }
        }
        (PriceMode::Inclusive, Supply::InterState) => {
            let igst = Money(round_div(p * bp, 10_000 + bp));
            LineTax {
                taxable: amount - igst,
                igst,
                ..zero
            }
        }
    }
}

/// Taxable value and tax of all lines at one rate.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RateBreakup {
    /// The rate.
    pub rate: GstRate,
    /// Taxable value at this rate.
    pub taxable: Money,
    /// Central tax.
    pub cgst: Money,
    /// State tax.
    pub sgst: Money,
    /// Integrated tax.
    pub igst: Money,
}

/// A bill's totals.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BillTotals {
    /// Per rate, lowest rate first.
    pub by_rate: Vec<RateBreakup>,
    /// Taxable value.
    pub taxable: Money,
    /// Central tax.
    pub cgst: Money,
    /// State tax.
    pub sgst: Money,
    /// Integrated tax.
    pub igst: Money,
    /// Sum of the lines' totals.
    pub before_round_off: Money,
    /// Round-off to the rupee.
    pub round_off: Money,
    /// What the customer pays.
    pub grand_total: Money,
}

/// Totals of a bill from its lines' taxes.
pub fn bill_totals(lines: &[LineTax]) -> BillTotals {
    let mut by_rate: Vec<RateBreakup> = Vec::new();
    for l in lines {
        let slot = match by_rate.iter_mut().find(|b| b.rate == l.rate) {
            Some(s) => s,
            None => {
                by_rate.push(RateBreakup {
                    rate: l.rate,
                    taxable: Money::ZERO,
                    cgst: Money::ZERO,
                    sgst: Money::ZERO,
                    igst: Money::ZERO,
                });
                let last = by_rate.len() - 1;
                &mut by_rate[last]
            }
        };
        slot.taxable += l.taxable;
        slot.cgst += l.cgst;
        slot.sgst += l.sgst;
        slot.igst += l.igst;
    }
    by_rate.sort_by_key(|b| b.rate);
    let sum = |f: fn(&LineTax) -> Money| lines.iter().map(f).sum::<Money>();
    let before = sum(LineTax::total);
    let (round_off, grand_total) = round_to_rupee(before);
    BillTotals {
        by_rate,
        taxable: sum(|l| l.taxable),
        cgst: sum(|l| l.cgst),
        sgst: sum(|l| l.sgst),
        igst: sum(|l| l.igst),
        before_round_off: before,
        round_off,
        grand_total,
    }
}

/// Rounds a total to the rupee, 50 paise and more away from zero; returns
/// (round-off, rounded total).
pub fn round_to_rupee(total: Money) -> (Money, Money) {
    let grand = Money(round_div(i128::from(total.paise()), 100) * 100);
    (grand - total, grand)
}

#[cfg(test)]
mod tests;
