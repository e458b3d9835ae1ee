//! A draft bill at the counter: its lines, discounts and the edits a cashier
//! makes, each checked with a message a cashier understands. The arithmetic
//! (discount spread, GST, round-off) lives in `totals`, numbering in `number`,
//! payment splits in `pay`. Pure: no I/O, no clock, no store; the pane owns a
//! `Draft` and the store saves what `Draft::to_sale` returns.

pub mod changes;
mod error;
mod number;
mod pay;
mod totals;

pub use error::{BillError, BillWarning};
pub use number::{BillNoError, MAX_BILL_NO_LEN, bill_number, credit_note_number};
pub use pay::{
    KhataAccount, LARGE_CHANGE, MAX_PAYMENT, PayConfirm, PayError, PaymentPlan, PlanEntry,
    mode_name,
};
pub use totals::{DraftTotals, LineTotals, spread};

use serde::{Deserialize, Serialize};

use crate::catalogue::{Product, Unit, Variant};
use crate::gst::{Delivery, GstRate, Place, PriceMode, Regime, Supply};
use crate::ids::VariantId;
use crate::money::{Money, round_div};
use crate::payload::Recipient;
use crate::qty::Qty;

/// The largest rate per unit a line may carry (₹1 crore), so a slip of the
/// thumb cannot make a bill that overflows.
pub const MAX_RATE: Money = Money::from_rupees(100_000_000);
/// The largest quantity on one line (1,00,000 units).
pub const MAX_QTY: Qty = Qty::units(100_000);
/// 100% in basis points.
pub const FULL_PERCENT: u16 = 10_000;

/// A discount on one line.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum LineDiscount {
    /// No discount.
    #[default]
    None,
    /// A fixed amount off the line (not per unit).
    Amount(Money),
    /// A percentage of the line's value, in basis points (1000 = 10%).
    Percent(u16),
}

/// A discount on the whole bill, spread over the lines before tax.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum BillDiscount {
    /// No discount.
    #[default]
    None,
    /// A fixed amount off the bill.
    Amount(Money),
    /// A percentage of the bill's value after line discounts, in basis points.
    Percent(u16),
}

/// One line of a draft bill.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DraftLine {
    /// The variant sold.
    pub variant_id: VariantId,
    /// Its SKU.
    pub sku: String,
    /// The name shown and printed (product name with size and colour).
    pub name: String,
    /// HSN code.
    pub hsn: String,
    /// Quantity (positive).
    pub qty: Qty,
    /// Rate per unit as charged.
    pub rate: Money,
    /// Maximum retail price per unit; zero when the item has none.
    pub mrp: Money,
    /// Purchase cost per unit, for the below-cost warning.
    pub cost: Money,
    /// Discount on this line.
    pub discount: LineDiscount,
    /// GST rate.
    pub gst_rate: GstRate,
    /// Whether `rate` includes GST.
    pub price_mode: PriceMode,
    /// How the item is counted.
    pub unit: Unit,
}

impl DraftLine {
    /// One unit of a variant at its selling price.
    pub fn from_variant(product: &Product, variant: &Variant) -> DraftLine {
        let detail: Vec<&str> = [variant.size.as_deref(), variant.colour.as_deref()]
            .into_iter()
            .flatten()
            .filter(|s| !s.trim().is_empty())
            .collect();
        let name = if detail.is_empty() {
            product.name.clone()
        } else {
            format!("{} {}", product.name, detail.join(" "))
        };
        DraftLine {
            variant_id: variant.variant_id,
            sku: variant.sku.clone(),
            name,
            hsn: product.hsn.clone(),
            qty: Qty::units(1),
            rate: variant.price,
            mrp: variant.mrp,
            cost: variant.cost,
            discount: LineDiscount::None,
            gst_rate: product.gst_rate,
            price_mode: product.price_mode,
            unit: product.unit,
        }
    }

    /// Rate × quantity, before any discount.
    pub fn gross(&self) -> Money {
        self.rate.times_qty(self.qty)
    }

    /// The line discount as an amount (a percentage rounded to the paisa).
    pub fn discount_amount(&self) -> Money {
        match self.discount {
            LineDiscount::None => Money::ZERO,
            LineDiscount::Amount(m) => m,
            LineDiscount::Percent(bp) => percent_of(self.gross(), bp),
        }
    }
}

/// `bp` basis points of `amount`, rounded half away from zero.
pub(crate) fn percent_of(amount: Money, bp: u16) -> Money {
    Money(round_div(
        i128::from(amount.paise()) * i128::from(bp),
        i128::from(FULL_PERCENT),
    ))
}

/// A bill being made at the counter.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Draft {
    /// The lines, in the order they were added.
    pub lines: Vec<DraftLine>,
    /// Discount on the whole bill.
    pub bill_discount: BillDiscount,
    /// Intra-state (CGST+SGST) or inter-state (IGST).
    pub supply: Supply,
    /// Tax invoice (regular), bill of supply (composition) or plain bill
    /// (unregistered).
    pub regime: Regime,
    /// The place of supply (a state code), as `gst::place_of_supply` gave it.
    #[serde(default)]
    pub place: Option<String>,
    /// Goods delivered by the shop to another state (the place of supply).
    #[serde(default)]
    pub delivery: Delivery,
    /// The buyer's details the bill prints, when asked for or registered.
    #[serde(default)]
    pub recipient: Option<Recipient>,
}

impl Draft {
    /// An empty bill.
    pub fn new(supply: Supply, regime: Regime) -> Draft {
        Draft {
            lines: Vec::new(),
            bill_discount: BillDiscount::None,
            supply,
            regime,
            place: None,
            delivery: Delivery::Counter,
            recipient: None,
        }
    }

    /// Puts the bill at `place` (from `gst::place_of_supply`), going as
    /// `delivery` says: CGST + SGST or IGST follow on every line.
    pub fn set_place(&mut self, place: &Place, delivery: Delivery) {
        self.supply = place.supply;
        self.place = place.state.clone();
        self.delivery = delivery;
    }

    /// Whether the bill has no lines.
    pub fn is_empty(&self) -> bool {
        self.lines.is_empty()
    }

    /// Adds a scanned or picked item; the same variant again adds to that
    /// line's quantity. Returns the index of the line.
    pub fn add(&mut self, line: DraftLine) -> Result<usize, BillError> {
        check_qty(&line, line.qty)?;
        check_rate(&line, line.rate)?;
        if let Some(i) = self
            .lines
            .iter()
            .position(|l| l.variant_id == line.variant_id)
        {
            let qty = self.lines[i].qty + line.qty;
            self.set_qty(i, qty)?;
            return Ok(i);
        }
        check_discount(&line, line.discount, line.qty, line.rate)?;
        self.lines.push(line);
        Ok(self.lines.len() - 1)
    }

    /// Sets a line's quantity.
    pub fn set_qty(&mut self, index: usize, qty: Qty) -> Result<(), BillError> {
        let line = self.line(index)?;
        check_qty(line, qty)?;
        check_discount(line, line.discount, qty, line.rate)?;
        self.lines[index].qty = qty;
        Ok(())
    }

    /// Sets a line's rate: never above the MRP; below cost is allowed and
    /// comes back as a warning.
    pub fn set_rate(
        &mut self,
        index: usize,
        rate: Money,
    ) -> Result<Option<BillWarning>, BillError> {
        let line = self.line(index)?;
        check_rate(line, rate)?;
        check_discount(line, line.discount, line.qty, rate)?;
        self.lines[index].rate = rate;
        Ok(below_cost(&self.lines[index]))
    }

    /// Sets a line's discount.
    pub fn set_discount(&mut self, index: usize, discount: LineDiscount) -> Result<(), BillError> {
        let line = self.line(index)?;
        check_discount(line, discount, line.qty, line.rate)?;
        self.lines[index].discount = discount;
        Ok(())
    }

    /// Sets the bill discount: not above the bill's value after line discounts.
    pub fn set_bill_discount(&mut self, discount: BillDiscount) -> Result<(), BillError> {
        let value: Money = self
            .lines
            .iter()
            .map(|l| l.gross() - l.discount_amount())
            .sum();
        let amount = match discount {
            BillDiscount::None => Money::ZERO,
            BillDiscount::Amount(m) => m,
            BillDiscount::Percent(bp) if bp > FULL_PERCENT => {
                return Err(BillError::PercentTooLarge);
            }
            BillDiscount::Percent(bp) => percent_of(value, bp),
        };
        if amount < Money::ZERO {
            return Err(BillError::DiscountNegative);
        }
        if amount > value {
            return Err(BillError::DiscountAboveBill {
                discount: amount,
                value,
            });
        }
        self.bill_discount = discount;
        Ok(())
    }

    /// Removes a line and returns it.
    pub fn remove(&mut self, index: usize) -> Result<DraftLine, BillError> {
        self.line(index)?;
        Ok(self.lines.remove(index))
    }

    /// Lines sold below cost, for the pane to show.
    pub fn warnings(&self) -> Vec<BillWarning> {
        self.lines.iter().filter_map(below_cost).collect()
    }

    fn line(&self, index: usize) -> Result<&DraftLine, BillError> {
        self.lines
            .get(index)
            .ok_or(BillError::NoSuchLine(index + 1))
    }
}

fn check_qty(line: &DraftLine, qty: Qty) -> Result<(), BillError> {
    let name = || line.name.clone();
    if qty <= Qty::ZERO {
        return Err(BillError::QtyNotPositive { name: name() });
    }
    if !line.unit.allows_fraction() && !qty.is_whole() {
        return Err(BillError::QtyNotWhole { name: name(), qty });
    }
    if qty > MAX_QTY {
        return Err(BillError::QtyTooLarge { name: name(), qty });
    }
    Ok(())
}

fn check_rate(line: &DraftLine, rate: Money) -> Result<(), BillError> {
    let name = || line.name.clone();
    if rate < Money::ZERO {
        return Err(BillError::RateNegative { name: name() });
    }
    if rate > MAX_RATE {
        return Err(BillError::RateTooLarge { name: name(), rate });
    }
    if line.mrp > Money::ZERO && rate > line.mrp {
        return Err(BillError::RateAboveMrp {
            name: name(),
            rate,
            mrp: line.mrp,
        });
    }
    Ok(())
}

fn check_discount(
    line: &DraftLine,
    discount: LineDiscount,
    qty: Qty,
    rate: Money,
) -> Result<(), BillError> {
    let value = rate.times_qty(qty);
    let amount = match discount {
        LineDiscount::None => return Ok(()),
        LineDiscount::Percent(bp) if bp > FULL_PERCENT => return Err(BillError::PercentTooLarge),
        LineDiscount::Percent(_) => return Ok(()),
        LineDiscount::Amount(m) => m,
    };
    if amount < Money::ZERO {
        return Err(BillError::DiscountNegative);
    }
    if amount > value {
        return Err(BillError::DiscountAboveLine {
            name: line.name.clone(),
            discount: amount,
            value,
        });
    }
    Ok(())
}

fn below_cost(line: &DraftLine) -> Option<BillWarning> {
    (line.rate < line.cost).then(|| BillWarning::BelowCost {
        name: line.name.clone(),
        rate: line.rate,
        cost: line.cost,
    })
}

#[cfg(test)]
mod proptests;
#[cfg(test)]
mod tests;
