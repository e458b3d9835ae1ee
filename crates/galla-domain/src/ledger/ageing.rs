//! Dues and their age. Payments settle the oldest amount first (first in,
//! first out, as a shopkeeper reads a khata): what is left open of each
//! entry is due `terms` days after its date, and is aged by the days since
//! that date into the usual buckets (0–30, 31–60, 61–90, 90+).

use chrono::NaiveDate;
use std::collections::VecDeque;

use super::Dated;
use crate::money::Money;

/// The age buckets' upper bounds in days (the last is open-ended).
pub const BUCKETS: [&str; 4] = ["0–30", "31–60", "61–90", "90+"];

/// What is owed and how old it is.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Ageing {
    /// Everything owed (0 when nothing is, or only an advance is held).
    pub outstanding: Money,
    /// The part past its due date.
    pub overdue: Money,
    /// The day of the oldest amount still open.
    pub oldest: Option<NaiveDate>,
    /// The day the oldest open amount fell (or falls) due.
    pub oldest_due: Option<NaiveDate>,
    /// The outstanding amount by age: 0–30, 31–60, 61–90, 90+ days.
    pub buckets: [Money; 4],
}

/// Ages `entries` (any order; positive amounts are owed) as of `today`,
/// each open amount falling due `terms` days after its date.
pub fn age(entries: &[Dated], terms: u16, today: NaiveDate) -> Ageing {
    let mut sorted = entries.to_vec();
    sorted.sort_by_key(|e| e.date);
    // Open debits, oldest first, and any advance paid before them.
    let mut open: VecDeque<Dated> = VecDeque::new();
    let mut advance = Money::ZERO;
    for e in sorted {
        if e.amount > Money::ZERO {
            let mut left = e.amount;
            let used = advance.min(left);
            advance -= used;
            left -= used;
            if left > Money::ZERO {
                open.push_back(Dated {
                    date: e.date,
                    amount: left,
                });
            }
        } else {
            let mut credit = -e.amount;
            while credit > Money::ZERO {
                let Some(first) = open.front_mut() else {
                    advance += credit;
                    break;
                };
                let used = credit.min(first.amount);
                first.amount -= used;
                credit -= used;
                if first.amount.is_zero() {
                    open.pop_front();
                }
            }
        }
    }
    let mut out = Ageing::default();
    for d in &open {
        out.outstanding += d.amount;
        let due = d.date + chrono::Duration::days(i64::from(terms));
        if today > due {
            out.overdue += d.amount;
        }
        let days = (today - d.date).num_days();
        let bucket = match days {
            ..=30 => 0,
            31..=60 => 1,
            61..=90 => 2,
            _ => 3,
        };
        out.buckets[bucket] += d.amount;
    }
    if let Some(first) = open.front() {
        out.oldest = Some(first.date);
        out.oldest_due = Some(first.date + chrono::Duration::days(i64::from(terms)));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 1, 1).expect("date") + chrono::Duration::days(i64::from(d))
    }

    fn e(d: u32, rupees: i64) -> Dated {
        Dated {
            date: day(d),
            amount: Money::from_paise(rupees * 100),
        }
    }

    #[test]
    fn payments_settle_the_oldest_amount_first() {
        // ₹1,000 on day 0, ₹500 on day 40, ₹1,200 paid on day 50: ₹300 of
        // the second bill is left, 60 days old on day 100, due on day 55.
        let a = age(&[e(40, 500), e(0, 1000), e(50, -1200)], 15, day(100));
        assert_eq!(a.outstanding, Money::from_paise(30_000));
        assert_eq!(a.oldest, Some(day(40)));
        assert_eq!(a.oldest_due, Some(day(55)));
        assert_eq!(a.overdue, Money::from_paise(30_000));
        assert_eq!(a.buckets[1], Money::from_paise(30_000));
    }

    #[test]
    fn buckets_split_by_age_and_terms_decide_overdue() {
        let entries = [e(0, 100), e(50, 200), e(80, 300), e(95, 400)];
        let a = age(&entries, 10, day(100));
        assert_eq!(
            a.buckets.map(|m| m.paise() / 100),
            [700, 200, 0, 100],
            "5 and 20 days old; 50; 100"
        );
        // Day 95's ₹400 is due on day 105: not overdue on day 100.
        assert_eq!(a.overdue, Money::from_paise(60_000));
    }

    #[test]
    fn an_advance_pays_later_dues_and_nothing_is_owed_when_paid_up() {
        let a = age(&[e(0, -500), e(10, 300)], 30, day(100));
        assert_eq!(a, Ageing::default());
        let b = age(&[e(0, -500), e(10, 800)], 30, day(100));
        assert_eq!(b.outstanding, Money::from_paise(30_000));
        assert_eq!(b.oldest, Some(day(10)));
        let c = age(&[e(0, 800), e(10, -800)], 30, day(100));
        assert_eq!(c, Ageing::default());
    }
}
