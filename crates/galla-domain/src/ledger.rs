//! Khata and cash-book lines: what each money delta of the fold was for, so
//! a party's ledger and a counter's books can be listed line by line with a
//! running balance, and dues aged. A line is keyed by its event's
//! [`Stamp`], so the books, like every projection, do not depend on the
//! order events arrive in; the running balance is a sum in stamp order.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::ids::{BillId, PartyId, StaffId};
use crate::money::Money;
use crate::payload::PayMode;

mod ageing;

pub use ageing::{Ageing, BUCKETS, age};

/// What a khata or book line was for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Why {
    /// A bill: its khata part, or its cash, UPI or card payment.
    Sale,
    /// Goods returned against a bill (a credit note).
    Return,
    /// A bill cancelled.
    Cancel,
    /// Goods received from a supplier: on credit, or paid from the drawer.
    Purchase,
    /// Money or credit received from the party ("you got").
    Got,
    /// Money or credit given to the party ("you gave").
    Gave,
    /// The party's balance when their khata moved to galla.
    Opening,
    /// Cash put into the drawer outside a bill (capital, other income).
    CashIn,
    /// Cash taken out of the drawer outside a bill (expenses, deposits).
    CashOut,
    /// The drawer counted at the day's close: counted minus expected.
    Close,
    /// Goods sent back to a supplier (a debit note).
    PurchaseReturn,
}

impl Why {
    /// Every kind.
    pub const ALL: [Why; 11] = [
        Why::Sale,
        Why::Return,
        Why::Cancel,
        Why::Purchase,
        Why::Got,
        Why::Gave,
        Why::Opening,
        Why::CashIn,
        Why::CashOut,
        Why::Close,
        Why::PurchaseReturn,
    ];

    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            Why::Sale => "sale",
            Why::Return => "return",
            Why::Cancel => "cancel",
            Why::Purchase => "purchase",
            Why::Got => "got",
            Why::Gave => "gave",
            Why::Opening => "opening",
            Why::CashIn => "cash_in",
            Why::CashOut => "cash_out",
            Why::Close => "close",
            Why::PurchaseReturn => "purchase_return",
        }
    }

    /// Reads a stored name.
    pub fn parse(s: &str) -> Option<Why> {
        Why::ALL.into_iter().find(|w| w.as_str() == s)
    }
}

/// The words of a line besides its amount.
#[derive(Clone, Debug, Default, PartialEq, Eq, PartialOrd, Ord)]
pub struct Line {
    /// What it was for (`None` only in `Line::default`).
    pub why: Option<Why>,
    /// How the money moved (a khata line's mode; `Khata`: no money moved).
    pub mode: Option<PayMode>,
    /// The bill it belongs to.
    pub bill_id: Option<BillId>,
    /// The party it concerns (a book line's customer or supplier).
    pub party_id: Option<PartyId>,
    /// The cash-book head ("rent", "tea") or the supplier's invoice number.
    pub head: Option<String>,
    /// A note.
    pub note: Option<String>,
    /// A UPI or card reference.
    pub reference: Option<String>,
    /// The person a cash-book line concerns (a salary advance).
    pub staff_id: Option<StaffId>,
}

impl Line {
    /// A line for `why` with nothing else.
    pub fn of(why: Why) -> Line {
        Line {
            why: Some(why),
            ..Line::default()
        }
    }
}

/// Which book a counter's money line is in: the cash drawer, or the bank
/// side (UPI and card receipts), so the drawer's balance is cash alone.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Book {
    /// Notes and coins in the drawer.
    Cash,
    /// UPI and card: money that went to the bank.
    Bank,
}

impl Book {
    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            Book::Cash => "cash",
            Book::Bank => "bank",
        }
    }

    /// Reads a stored name.
    pub fn parse(s: &str) -> Option<Book> {
        [Book::Cash, Book::Bank]
            .into_iter()
            .find(|b| b.as_str() == s)
    }

    /// The book a payment mode's money lands in (`None` for khata).
    pub fn of_mode(mode: PayMode) -> Option<Book> {
        match mode {
            PayMode::Cash => Some(Book::Cash),
            PayMode::Upi | PayMode::Card => Some(Book::Bank),
            PayMode::Khata => None,
        }
    }
}

/// The cash-book heads a manual entry may use, in the order forms offer them.
pub const CASH_IN_HEADS: &[&str] = &["capital", "other income", "opening balance"];

/// The heads of cash taken out.
pub const CASH_OUT_HEADS: &[&str] = &[
    "rent",
    "salary",
    "salary advance",
    "tea and snacks",
    "transport",
    "electricity",
    "bank deposit",
    "drawings",
    "other",
];

/// A dated signed amount of a party's khata (positive: the party owes the
/// shop more), the input of [`age`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Dated {
    /// The shop-local day of the entry.
    pub date: NaiveDate,
    /// Signed amount.
    pub amount: Money,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for w in Why::ALL {
            assert_eq!(Why::parse(w.as_str()), Some(w));
        }
        assert_eq!(Book::parse("bank"), Some(Book::Bank));
        assert_eq!(Book::of_mode(PayMode::Upi), Some(Book::Bank));
        assert_eq!(Book::of_mode(PayMode::Khata), None);
    }
}
