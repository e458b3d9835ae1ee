//! What can go wrong while editing a bill, and what the cashier should only
//! be warned about. Messages name the item and the amounts so a cashier can
//! fix the entry without asking anyone.

use crate::money::Money;
use crate::qty::Qty;

/// Why an edit to a bill was refused; said so a cashier can fix it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BillError {
    /// No line at that position.
    #[error("there is no line {0} on this bill")]
    NoSuchLine(usize),
    /// Zero or negative quantity.
    #[error("{name}: quantity must be more than zero — remove the line instead")]
    QtyNotPositive {
        /// The item.
        name: String,
    },
    /// A fraction of an item sold in whole pieces.
    #[error("{name} is sold in whole pieces — {qty} is not a whole number")]
    QtyNotWhole {
        /// The item.
        name: String,
        /// The quantity asked for.
        qty: Qty,
    },
    /// More than one line may hold.
    #[error("{name}: {qty} is too large a quantity for one line")]
    QtyTooLarge {
        /// The item.
        name: String,
        /// The quantity asked for.
        qty: Qty,
    },
    /// A negative rate.
    #[error("{name}: the rate cannot be negative")]
    RateNegative {
        /// The item.
        name: String,
    },
    /// Above the MRP.
    #[error("{name}: {rate} is above the MRP {mrp} — a shop may not charge more than MRP")]
    RateAboveMrp {
        /// The item.
        name: String,
        /// The rate asked for.
        rate: Money,
        /// Its MRP.
        mrp: Money,
    },
    /// Absurdly large.
    #[error("{name}: {rate} is too large a rate")]
    RateTooLarge {
        /// The item.
        name: String,
        /// The rate asked for.
        rate: Money,
    },
    /// A negative discount.
    #[error("a discount cannot be negative")]
    DiscountNegative,
    /// Above 100%.
    #[error("a discount cannot be more than 100%")]
    PercentTooLarge,
    /// More than the line is worth.
    #[error("{name}: discount {discount} is more than the line's value {value}")]
    DiscountAboveLine {
        /// The item.
        name: String,
        /// The discount asked for.
        discount: Money,
        /// The line's value before discount.
        value: Money,
    },
    /// More than the bill is worth.
    #[error("bill discount {discount} is more than the bill's value {value}")]
    DiscountAboveBill {
        /// The discount asked for.
        discount: Money,
        /// The bill's value after line discounts.
        value: Money,
    },
    /// Nothing to save.
    #[error("the bill has no items — scan or type an item first")]
    Empty,
    /// Payments do not match the grand total.
    #[error("payments add up to {paid} but the bill is {total}")]
    PaymentsDoNotAddUp {
        /// Sum of the payments.
        paid: Money,
        /// The grand total.
        total: Money,
    },
}

/// Something the cashier should see but may go ahead with.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BillWarning {
    /// Selling below the purchase cost.
    #[error("{name}: {rate} is below the cost {cost}")]
    BelowCost {
        /// The item.
        name: String,
        /// The rate charged.
        rate: Money,
        /// Its cost.
        cost: Money,
    },
}
