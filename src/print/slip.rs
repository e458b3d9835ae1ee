//! The day's close slip (a Z-report) and the cash book as text lines for a
//! thermal printer or a terminal: opening, money in by kind and mode, money
//! out, expected, counted and the difference. Pure: the caller gives the
//! day's book.

use chrono_tz::Tz;
use galla_domain::Money;
use galla_domain::ledger::Why;
use galla_domain::payload::PayMode;

use crate::store::{BookLine, DayBook};

fn row(label: &str, amount: Money, width: usize) -> String {
    let value = amount.to_string();
    let pad = width.saturating_sub(label.chars().count() + value.chars().count());
    format!("{label}{}{value}", " ".repeat(pad.max(1)))
}

fn sum(lines: &[BookLine], f: impl Fn(&BookLine) -> bool) -> Money {
    lines.iter().filter(|l| f(l)).map(|l| l.amount).sum()
}

/// The day's figures as text lines `width` characters wide.
pub fn close_slip(book: &DayBook, width: usize, tz: Tz) -> Vec<String> {
    let rule = "-".repeat(width);
    let mut out = vec![
        format!("CASH BOOK {}", book.date.format("%d %b %Y")),
        rule.clone(),
        row("Opening", book.opening, width),
    ];
    let cash = &book.cash;
    let by_why = |why: Why| sum(cash, |l| l.why == why);
    let bills: std::collections::BTreeSet<&str> = cash
        .iter()
        .chain(&book.bank)
        .filter(|l| l.why == Why::Sale)
        .filter_map(|l| l.bill_no.as_deref())
        .collect();
    out.push(format!("Bills paid in cash, UPI or card: {}", bills.len()));
    for (label, why) in [
        ("Cash sales", Why::Sale),
        ("Refunds", Why::Return),
        ("Cancelled", Why::Cancel),
        ("Khata got", Why::Got),
        ("Khata gave", Why::Gave),
        ("Purchases", Why::Purchase),
        ("Cash in", Why::CashIn),
        ("Cash out", Why::CashOut),
    ] {
        let m = by_why(why);
        if !m.is_zero() {
            out.push(row(label, m, width));
        }
    }
    for (label, mode) in [("UPI", PayMode::Upi), ("Card", PayMode::Card)] {
        let m = sum(&book.bank, |l| l.mode == mode);
        if !m.is_zero() {
            out.push(row(&format!("{label} (bank)"), m, width));
        }
    }
    let late = cash.iter().filter(|l| l.late).count();
    if late > 0 {
        out.push(format!("{late} late entries from the day before"));
    }
    out.push(rule.clone());
    out.push(row("Expected in drawer", book.expected(), width));
    match &book.close {
        Some(c) => {
            out.push(row("Counted", c.counted, width));
            out.push(row("Difference", c.counted - c.expected, width));
            out.push(format!(
                "Closed at {}",
                c.at.with_timezone(&tz).format("%H:%M")
            ));
        }
        None => out.push("Not closed yet".to_string()),
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_fit_the_width() {
        assert_eq!(
            row("Opening", Money::from_rupees(1_500), 24)
                .chars()
                .count(),
            24
        );
        assert!(
            row(
                "A very long label that does not fit",
                Money::from_rupees(1),
                10
            )
            .contains(' ')
        );
    }
}
