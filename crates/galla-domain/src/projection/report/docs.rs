//! The documents issued, summed by slot: GSTR-1's table 13 wants each
//! series' first and last number and how many were issued, so the report
//! projections keep, per slot, series and document, a count and the lowest
//! and highest number — a sum and a minimum and maximum, so any arrival
//! order gives the same rows, and a year is a few rows a slot instead of
//! every bill. Cancellations are counted by the report from the period's
//! few cancelled bills.

/// A bill number's series: the number without its last run of digits and
/// the separator before them ("C1-000123" → "C1", "INV/24/0007" → "INV/24").
pub fn series_of(bill_no: &str) -> String {
    let head = bill_no.trim_end_matches(|c: char| c.is_ascii_digit());
    let head = head.trim_end_matches(['-', '/']);
    if head.is_empty() {
        bill_no.to_string()
    } else {
        head.to_string()
    }
}

/// The trailing number of a document number, which orders a series (0
/// when it has none, or one too long for an i64).
pub fn serial(no: &str) -> i64 {
    let digits = no.len() - no.trim_end_matches(|c: char| c.is_ascii_digit()).len();
    no[no.len() - digits..].parse().unwrap_or(0)
}

/// A document number with the serial it is ordered by: (serial, number).
pub type Numbered = (i64, String);

/// The documents of one series issued in one slot.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DocSums {
    /// How many.
    pub bills: i64,
    /// The lowest number (by serial, then as text).
    pub first: Numbered,
    /// The highest number.
    pub last: Numbered,
}

impl DocSums {
    /// One document numbered `no`.
    pub fn of(no: &str) -> DocSums {
        let at = (serial(no), no.to_string());
        DocSums {
            bills: 1,
            first: at.clone(),
            last: at,
        }
    }

    /// Adds `other`'s documents to these.
    pub fn merge(&mut self, other: &DocSums) {
        self.bills += other.bills;
        if other.first < self.first {
            self.first = other.first.clone();
        }
        if other.last > self.last {
            self.last = other.last.clone();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_series_is_the_number_without_its_last_digits() {
        assert_eq!(series_of("C1-000123"), "C1");
        assert_eq!(series_of("INV/24/0007"), "INV/24");
        assert_eq!(series_of("GS C2-9"), "GS C2");
        assert_eq!(series_of("1234"), "1234");
    }

    #[test]
    fn a_serial_is_the_trailing_number() {
        assert_eq!(serial("C1-000123"), 123);
        assert_eq!(serial("INV/24/0007"), 7);
        assert_eq!(serial("DRAFT"), 0);
        assert_eq!(serial("C1-99999999999999999999"), 0, "too long: 0");
    }

    #[test]
    fn merged_runs_keep_the_count_and_both_ends_in_any_order() {
        let nos = ["C1-10", "C1-9", "C1-0100", "C1-100"];
        let mut one = DocSums::of(nos[0]);
        for no in &nos[1..] {
            one.merge(&DocSums::of(no));
        }
        let mut other = DocSums::of(nos[3]);
        for no in nos[..3].iter().rev() {
            other.merge(&DocSums::of(no));
        }
        assert_eq!(one, other);
        assert_eq!(one.bills, 4);
        assert_eq!(one.first, (9, "C1-9".to_string()));
        // 100 twice: the numbers as text decide ("C1-100" > "C1-0100").
        assert_eq!(one.last, (100, "C1-100".to_string()));
    }
}
