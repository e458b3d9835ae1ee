//! Money as integer paise: parsing what a cashier types ("12", "12.5",
//! "₹1,23,456.50") and Indian formatting (lakh and crore grouping). Never
//! floating point. Arithmetic on amounts a shop can hold cannot overflow i64.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::iter::Sum;
use std::ops::{Add, AddAssign, Neg, Sub, SubAssign};

use crate::qty::Qty;

/// An amount in paise (1 rupee = 100 paise).
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[serde(transparent)]
pub struct Money(pub i64);

/// Why typed text is not an amount.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MoneyError {
    /// Nothing was typed.
    #[error("no amount given — type rupees, like 120 or 120.50")]
    Empty,
    /// Not a number.
    #[error("\"{0}\" is not an amount — type rupees, like 120 or 120.50")]
    Invalid(String),
    /// More than two decimals.
    #[error("\"{0}\" has more than two digits after the point — amounts are in rupees and paise")]
    TooPrecise(String),
    /// Too large to hold.
    #[error("\"{0}\" is too large an amount")]
    Overflow(String),
}

impl Money {
    /// Zero.
    pub const ZERO: Money = Money(0);

    /// From paise.
    pub const fn from_paise(paise: i64) -> Money {
        Money(paise)
    }

    /// From whole rupees.
    pub const fn from_rupees(rupees: i64) -> Money {
        Money(rupees * 100)
    }

    /// The amount in paise.
    pub const fn paise(self) -> i64 {
        self.0
    }

    /// Whether it is zero.
    pub const fn is_zero(self) -> bool {
        self.0 == 0
    }

    /// The absolute amount.
    pub const fn abs(self) -> Money {
        Money(self.0.abs())
    }

    /// Sum, or `None` on overflow.
    pub fn checked_add(self, other: Money) -> Option<Money> {
        self.0.checked_add(other.0).map(Money)
    }

    /// Difference, or `None` on overflow.
    pub fn checked_sub(self, other: Money) -> Option<Money> {
        self.0.checked_sub(other.0).map(Money)
    }

    /// Rate × quantity (in thousandths), rounded half away from zero to the paisa.
    pub fn times_qty(self, qty: Qty) -> Money {
        Money(round_div(
            i128::from(self.0) * i128::from(qty.milli()),
            1000,
        ))
    }

    /// Parses an amount as a cashier types it: "12", "12.5", "₹1,23,456.50",
    /// "Rs. 40", "-5". Commas are allowed in the rupees only.
    pub fn parse(input: &str) -> Result<Money, MoneyError> {
        let original = input.trim();
        let mut s = original;
        if s.is_empty() {
            return Err(MoneyError::Empty);
        }
        let negative = s.starts_with('-');
        if negative {
            s = s[1..].trim_start();
        }
        for prefix in ["₹", "Rs.", "Rs", "rs.", "rs", "INR"] {
            if let Some(rest) = s.strip_prefix(prefix) {
                s = rest.trim_start();
                break;
            }
        }
        let invalid = || MoneyError::Invalid(original.to_string());
        let (int_part, frac_part) = match s.split_once('.') {
            Some((i, f)) => (i, Some(f)),
            None => (s, None),
        };
        let digits: String = int_part.chars().filter(|&c| c != ',').collect();
        if (digits.is_empty() && frac_part.is_none_or(str::is_empty))
            || !digits.bytes().all(|b| b.is_ascii_digit())
            || int_part.starts_with(',')
            || int_part.ends_with(',')
            || int_part.contains(",,")
        {
            return Err(invalid());
        }
        let frac = frac_part.unwrap_or("");
        if !frac.bytes().all(|b| b.is_ascii_digit()) {
            return Err(invalid());
        }
        if frac.len() > 2 {
            return Err(MoneyError::TooPrecise(original.to_string()));
        }
        let overflow = || MoneyError::Overflow(original.to_string());
        let rupees: i64 = if digits.is_empty() {
            0
        } else {
            digits.parse().map_err(|_| overflow())?
        };
        let paise: i64 = match frac.len() {
            0 => 0,
            1 => i64::from(frac.as_bytes()[0] - b'0') * 10,
            _ => i64::from(frac.as_bytes()[0] - b'0') * 10 + i64::from(frac.as_bytes()[1] - b'0'),
        };
        let total = rupees
            .checked_mul(100)
            .and_then(|r| r.checked_add(paise))
            .ok_or_else(overflow)?;
        Ok(Money(if negative { -total } else { total }))
    }

    /// "1,23,456.50": Indian grouping, two decimals, no symbol.
    pub fn format_plain(self) -> String {
        let negative = self.0 < 0;
        let abs = self.0.unsigned_abs();
        let body = format!("{}.{:02}", group_indian(abs / 100), abs % 100);
        if negative { format!("-{body}") } else { body }
    }
}

/// Groups digits the Indian way: the last three, then pairs (12,34,56,789).
pub fn group_indian(n: u64) -> String {
    let digits = n.to_string();
    if digits.len() <= 3 {
        return digits;
    }
    let (head, last3) = digits.split_at(digits.len() - 3);
    let mut out = String::new();
    let first = head.len() % 2;
    if first == 1 {
        out.push_str(&head[..1]);
    }
    for (i, pair) in head.as_bytes()[first..].chunks(2).enumerate() {
        if i > 0 || first == 1 {
            out.push(',');
        }
        out.push_str(std::str::from_utf8(pair).unwrap_or_default());
    }
    out.push(',');
    out.push_str(last3);
    out
}

/// `n / d` rounded half away from zero.
pub(crate) fn round_div(n: i128, d: i128) -> i64 {
    let q = n / d;
    let r = n % d;
    let q = if 2 * r.abs() >= d.abs() {
        q + if (n < 0) != (d < 0) { -1 } else { 1 }
    } else {
        q
    };
    i64::try_from(q).unwrap_or(if q < 0 { i64::MIN } else { i64::MAX })
}

impl fmt::Display for Money {
    /// "₹1,23,456.50", "-₹12.00".
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let abs = self.0.unsigned_abs();
        let sign = if self.0 < 0 { "-" } else { "" };
        write!(f, "{sign}₹{}.{:02}", group_indian(abs / 100), abs % 100)
    }
}

impl Add for Money {
    type Output = Money;
    fn add(self, rhs: Money) -> Money {
        Money(self.0 + rhs.0)
    }
}

impl Sub for Money {
    type Output = Money;
    fn sub(self, rhs: Money) -> Money {
        Money(self.0 - rhs.0)
    }
}

impl Neg for Money {
    type Output = Money;
    fn neg(self) -> Money {
        Money(-self.0)
    }
}

impl AddAssign for Money {
    fn add_assign(&mut self, rhs: Money) {
        self.0 += rhs.0;
    }
}

impl SubAssign for Money {
    fn sub_assign(&mut self, rhs: Money) {
        self.0 -= rhs.0;
    }
}

impl Sum for Money {
    fn sum<I: Iterator<Item = Money>>(iter: I) -> Money {
        iter.fold(Money::ZERO, Add::add)
    }
}

#[cfg(test)]
mod tests;
