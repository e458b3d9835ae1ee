//! Quantities in thousandths of a unit: whole pieces are multiples of 1000,
//! loose goods (1.25 kg) use the rest. Parsing knows whether the item allows
//! fractions; display drops needless decimals.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::iter::Sum;
use std::ops::{Add, AddAssign, Neg, Sub, SubAssign};

/// A quantity in thousandths (1 piece = 1000; 1.25 kg = 1250).
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[serde(transparent)]
pub struct Qty(pub i64);

/// Why typed text is not a quantity.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum QtyError {
    /// Nothing typed.
    #[error("no quantity given — type a number like 2 or 1.5")]
    Empty,
    /// Not a number.
    #[error("\"{0}\" is not a quantity — type a number like 2 or 1.5")]
    Invalid(String),
    /// More than three decimals.
    #[error("\"{0}\" has more than three digits after the point")]
    TooPrecise(String),
    /// A fraction for an item sold in whole pieces.
    #[error("\"{0}\": this item is sold in whole pieces")]
    NotWhole(String),
    /// Too large.
    #[error("\"{0}\" is too large a quantity")]
    Overflow(String),
}

impl Qty {
    /// Zero.
    pub const ZERO: Qty = Qty(0);

    /// Whole units.
    pub const fn units(n: i64) -> Qty {
        Qty(n * 1000)
    }

    /// From thousandths.
    pub const fn from_milli(milli: i64) -> Qty {
        Qty(milli)
    }

    /// In thousandths.
    pub const fn milli(self) -> i64 {
        self.0
    }

    /// Whether it is a whole number of units.
    pub const fn is_whole(self) -> bool {
        self.0 % 1000 == 0
    }

    /// Parses "3", "1.5", "0.250"; fractions only when `allow_fraction`.
    pub fn parse(input: &str, allow_fraction: bool) -> Result<Qty, QtyError> {
        let s = input.trim();
        if s.is_empty() {
            return Err(QtyError::Empty);
        }
        let (negative, body) = match s.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, s),
        };
        let (int_part, frac) = body.split_once('.').unwrap_or((body, ""));
        let ok_digits = |t: &str| t.bytes().all(|b| b.is_ascii_digit());
        if (int_part.is_empty() && frac.is_empty()) || !ok_digits(int_part) || !ok_digits(frac) {
            return Err(QtyError::Invalid(s.to_string()));
        }
        if frac.len() > 3 {
            return Err(QtyError::TooPrecise(s.to_string()));
        }
        let overflow = || QtyError::Overflow(s.to_string());
        let whole: i64 = if int_part.is_empty() {
            0
        } else {
            int_part.parse().map_err(|_| overflow())?
        };
        let mut milli_frac: i64 = 0;
        for (i, b) in frac.bytes().enumerate() {
            milli_frac += i64::from(b - b'0') * [100, 10, 1][i];
        }
        if milli_frac != 0 && !allow_fraction {
            return Err(QtyError::NotWhole(s.to_string()));
        }
        let total = whole
            .checked_mul(1000)
            .and_then(|w| w.checked_add(milli_frac))
            .ok_or_else(overflow)?;
        Ok(Qty(if negative { -total } else { total }))
    }
}

impl fmt::Display for Qty {
    /// "12", "-3", "1.25", "0.5".
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sign = if self.0 < 0 { "-" } else { "" };
        let abs = self.0.unsigned_abs();
        let (whole, frac) = (abs / 1000, abs % 1000);
        if frac == 0 {
            write!(f, "{sign}{whole}")
        } else {
            let text = format!("{frac:03}");
            write!(f, "{sign}{whole}.{}", text.trim_end_matches('0'))
        }
    }
}

impl Add for Qty {
    type Output = Qty;
    fn add(self, rhs: Qty) -> Qty {
        Qty(self.0 + rhs.0)
    }
}

impl Sub for Qty {
    type Output = Qty;
    fn sub(self, rhs: Qty) -> Qty {
        Qty(self.0 - rhs.0)
    }
}

impl Neg for Qty {
    type Output = Qty;
    fn neg(self) -> Qty {
        Qty(-self.0)
    }
}

impl AddAssign for Qty {
    fn add_assign(&mut self, rhs: Qty) {
        self.0 += rhs.0;
    }
}

impl SubAssign for Qty {
    fn sub_assign(&mut self, rhs: Qty) {
        self.0 -= rhs.0;
    }
}

impl Sum for Qty {
    fn sum<I: Iterator<Item = Qty>>(iter: I) -> Qty {
        iter.fold(Qty::ZERO, Add::add)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_table() {
        assert_eq!(Qty::parse("3", false), Ok(Qty(3000)));
        assert_eq!(Qty::parse("1.5", true), Ok(Qty(1500)));
        assert_eq!(Qty::parse("0.250", true), Ok(Qty(250)));
        assert_eq!(Qty::parse(".5", true), Ok(Qty(500)));
        assert_eq!(Qty::parse("2.0", false), Ok(Qty(2000)));
        assert_eq!(Qty::parse("-2", false), Ok(Qty(-2000)));
        assert!(matches!(Qty::parse("", true), Err(QtyError::Empty)));
        assert!(matches!(Qty::parse("abc", true), Err(QtyError::Invalid(_))));
        assert!(matches!(
            Qty::parse("1.2.3", true),
            Err(QtyError::Invalid(_))
        ));
        assert!(matches!(
            Qty::parse("1.2345", true),
            Err(QtyError::TooPrecise(_))
        ));
        assert!(matches!(
            Qty::parse("1.5", false),
            Err(QtyError::NotWhole(_))
        ));
        assert!(matches!(
            Qty::parse("99999999999999999999", true),
            Err(QtyError::Overflow(_))
        ));
        assert_eq!(
            Qty::parse("1.5", false).expect_err("whole").to_string(),
            "\"1.5\": this item is sold in whole pieces"
        );
    }

    #[test]
    fn display_table() {
        assert_eq!(Qty(12_000).to_string(), "12");
        assert_eq!(Qty(-3000).to_string(), "-3");
        assert_eq!(Qty(1250).to_string(), "1.25");
        assert_eq!(Qty(500).to_string(), "0.5");
        assert_eq!(Qty(-1).to_string(), "-0.001");
        assert_eq!(Qty(0).to_string(), "0");
    }
}
