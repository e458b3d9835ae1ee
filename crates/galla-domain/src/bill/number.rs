//! Bill numbers: the settings' prefix, this counter's code and the next
//! number of the counter's own gapless series, so two counters never need to
//! talk to number a bill. CGST Rule 46: at most 16 characters, only letters,
//! digits, '-' and '/'. Which number comes next is the store's business.

/// The longest bill number Rule 46 allows.
pub const MAX_BILL_NO_LEN: usize = 16;

/// Why a bill number cannot be made.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BillNoError {
    /// A character Rule 46 does not allow.
    #[error("bill number prefix \"{0}\" may only use letters, digits, '-' and '/' (GST Rule 46)")]
    BadPrefix(String),
    /// A counter code that is not 1 to 4 capital letters or digits.
    #[error("counter code \"{0}\" must be 1 to 4 capital letters or digits")]
    BadCounter(String),
    /// Numbers start at 1.
    #[error("bill numbers start at 1")]
    Zero,
    /// Longer than 16 characters.
    #[error(
        "bill number \"{0}\" is longer than 16 characters (GST Rule 46) — shorten the prefix in the settings"
    )]
    TooLong(String),
}

/// `prefix + counter_code + "-" + n`, e.g. `("INV/", "C1", 42)` → `INV/C1-42`.
pub fn bill_number(prefix: &str, counter_code: &str, n: u64) -> Result<String, BillNoError> {
    numbered(prefix, counter_code, "", n)
}

/// A credit note's number in the counter's own series:
/// `prefix + counter_code + "-CN" + n`, e.g. `C1-CN7` (Rule 53: consecutive,
/// at most 16 characters, letters, digits, '-' and '/').
pub fn credit_note_number(prefix: &str, counter_code: &str, n: u64) -> Result<String, BillNoError> {
    numbered(prefix, counter_code, "CN", n)
}

fn numbered(prefix: &str, counter_code: &str, kind: &str, n: u64) -> Result<String, BillNoError> {
    if !prefix
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '/')
    {
        return Err(BillNoError::BadPrefix(prefix.to_string()));
    }
    if counter_code.is_empty()
        || counter_code.len() > 4
        || !counter_code
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
    {
        return Err(BillNoError::BadCounter(counter_code.to_string()));
    }
    if n == 0 {
        return Err(BillNoError::Zero);
    }
    let number = format!("{prefix}{counter_code}-{kind}{n}");
    if number.len() > MAX_BILL_NO_LEN {
        return Err(BillNoError::TooLong(number));
    }
    Ok(number)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_table() {
        assert_eq!(bill_number("", "C1", 1), Ok("C1-1".to_string()));
        assert_eq!(bill_number("INV/", "C1", 42), Ok("INV/C1-42".to_string()));
        assert_eq!(
            bill_number("SG/25-26/", "C2", 12345),
            // 17 characters: one too many.
            Err(BillNoError::TooLong("SG/25-26/C2-12345".into()))
        );
        assert_eq!(
            bill_number("25-26/", "A", 999_999_999),
            Err(BillNoError::TooLong("25-26/A-999999999".into()))
        );
        assert_eq!(
            bill_number("2526/", "C1", 1_234_567),
            Ok("2526/C1-1234567".to_string())
        );
        assert_eq!(
            bill_number("A B", "C1", 1),
            Err(BillNoError::BadPrefix("A B".into()))
        );
        assert_eq!(
            bill_number("₹", "C1", 1),
            Err(BillNoError::BadPrefix("₹".into()))
        );
        assert_eq!(
            bill_number("", "c1", 1),
            Err(BillNoError::BadCounter("c1".into()))
        );
        assert_eq!(
            bill_number("", "", 1),
            Err(BillNoError::BadCounter(String::new()))
        );
        assert_eq!(
            bill_number("", "C12345", 1),
            Err(BillNoError::BadCounter("C12345".into()))
        );
        assert_eq!(bill_number("", "C1", 0), Err(BillNoError::Zero));
    }

    #[test]
    fn credit_notes_have_their_own_series_shape() {
        assert_eq!(credit_note_number("", "C1", 7), Ok("C1-CN7".to_string()));
        assert_eq!(
            credit_note_number("25-26/", "C2", 12),
            Ok("25-26/C2-CN12".to_string())
        );
        assert!(matches!(
            credit_note_number("SG/25-26/", "C2", 123),
            Err(BillNoError::TooLong(_))
        ));
    }

    #[test]
    fn every_number_that_fits_is_rule_46_shaped() {
        for n in [1, 9, 10, 99_999, 9_999_999_999] {
            if let Ok(s) = bill_number("GS/", "C9", n) {
                assert!(s.len() <= MAX_BILL_NO_LEN, "{s}");
                assert!(
                    s.chars()
                        .all(|c| c.is_ascii_alphanumeric() || "-/".contains(c))
                );
            }
        }
        assert!(
            bill_number("GS/", "C9", 99_999_999_999)
                .expect_err("too long")
                .to_string()
                .contains("longer than 16 characters")
        );
    }
}
