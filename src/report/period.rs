//! Report periods: today, yesterday, this week (from Monday), this month,
//! last month or a range of days, each a run of shop-local days; stepping
//! one back or forward keeps its kind (a day moves a day, a month a month).
//! Pure: "today" is given, never read from the clock here.

use chrono::{Datelike, Duration, NaiveDate, TimeZone, Utc};
use chrono_tz::Tz;
use galla_domain::projection::report::slot_of;
use std::ops::Range;

/// Which days a period is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PeriodKind {
    /// One day (today, yesterday, or any day stepped to).
    Day,
    /// Monday to Sunday.
    Week,
    /// A calendar month.
    Month,
    /// Any run of days.
    Range,
}

/// A run of shop-local days, both ends included.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Period {
    /// The first day.
    pub from: NaiveDate,
    /// The last day.
    pub to: NaiveDate,
    /// What kind of run it is.
    pub kind: PeriodKind,
}

/// The periods the Reports pane offers in turn, as names.
pub const CHOICES: [&str; 5] = [
    "today",
    "yesterday",
    "this week",
    "this month",
    "last month",
];

fn month_start(d: NaiveDate) -> NaiveDate {
    d.with_day(1).unwrap_or(d)
}

fn month_end(d: NaiveDate) -> NaiveDate {
    let next = if d.month() == 12 {
        NaiveDate::from_ymd_opt(d.year() + 1, 1, 1)
    } else {
        NaiveDate::from_ymd_opt(d.year(), d.month() + 1, 1)
    };
    next.and_then(|n| n.pred_opt()).unwrap_or(d)
}

impl Period {
    /// One day.
    pub fn day(d: NaiveDate) -> Period {
        Period {
            from: d,
            to: d,
            kind: PeriodKind::Day,
        }
    }

    /// The week (Monday to Sunday) holding `d`.
    pub fn week(d: NaiveDate) -> Period {
        let from = d - Duration::days(i64::from(d.weekday().num_days_from_monday()));
        Period {
            from,
            to: from + Duration::days(6),
            kind: PeriodKind::Week,
        }
    }

    /// The calendar month holding `d`.
    pub fn month(d: NaiveDate) -> Period {
        Period {
            from: month_start(d),
            to: month_end(d),
            kind: PeriodKind::Month,
        }
    }

    /// The days `from` to `to`; a refusal in words when they are the wrong
    /// way round.
    pub fn range(from: NaiveDate, to: NaiveDate) -> Result<Period, String> {
        if from > to {
            return Err(format!(
                "the period starts ({from}) after it ends ({to}): give the earlier day first"
            ));
        }
        let kind = if from == to {
            PeriodKind::Day
        } else if Period::month(from)
            == (Period {
                from,
                to,
                kind: PeriodKind::Month,
            })
        {
            PeriodKind::Month
        } else {
            PeriodKind::Range
        };
        Ok(Period { from, to, kind })
    }

    /// The `n`-th of [`CHOICES`] as of `today`.
    pub fn choice(n: usize, today: NaiveDate) -> Period {
        match n % CHOICES.len() {
            0 => Period::day(today),
            1 => Period::day(today - Duration::days(1)),
            2 => Period::week(today),
            3 => Period::month(today),
            _ => Period::month(month_start(today) - Duration::days(1)),
        }
    }

    /// The period before (`by` = −1) or after (+1) this one, of its kind.
    pub fn step(self, by: i64) -> Period {
        match self.kind {
            PeriodKind::Day => Period::day(self.from + Duration::days(by)),
            PeriodKind::Week => Period::week(self.from + Duration::days(7 * by)),
            PeriodKind::Month => {
                let anchor = if by < 0 {
                    self.from - Duration::days(1)
                } else {
                    self.to + Duration::days(1)
                };
                Period::month(anchor)
            }
            PeriodKind::Range => {
                let len = self.days() as i64;
                Period {
                    from: self.from + Duration::days(len * by),
                    to: self.to + Duration::days(len * by),
                    kind: PeriodKind::Range,
                }
            }
        }
    }

    /// How many days it holds.
    pub fn days(self) -> usize {
        ((self.to - self.from).num_days() + 1).max(1) as usize
    }

    /// Every day of it, in order.
    pub fn dates(self) -> impl Iterator<Item = NaiveDate> {
        self.from.iter_days().take(self.days())
    }

    /// The period this one is compared with: the same days a week before
    /// for a day or a week, else the period before it of the same length.
    pub fn comparison(self) -> Period {
        match self.kind {
            PeriodKind::Day | PeriodKind::Week => Period {
                from: self.from - Duration::days(7),
                to: self.to - Duration::days(7),
                kind: self.kind,
            },
            PeriodKind::Month => self.step(-1),
            PeriodKind::Range => self.step(-1),
        }
    }

    /// The slots of UTC time its days cover in `tz`.
    pub fn slots(self, tz: Tz) -> Range<i64> {
        start_slot(self.from, tz)..start_slot(self.to + Duration::days(1), tz)
    }

    /// Where each day of the period starts, as slots (for finding the day
    /// of many slots without a time-zone conversion each).
    pub fn day_slots(self, tz: Tz) -> DaySlots {
        let starts = (0..self.days() as i64)
            .map(|i| start_slot(self.from + Duration::days(i), tz))
            .collect();
        DaySlots { starts }
    }

    /// In words: "Fri 20 Nov 2026", "week of 16 Nov 2026", "November 2026",
    /// "1 Nov – 20 Nov 2026".
    pub fn label(self) -> String {
        match self.kind {
            PeriodKind::Day => self.from.format("%a %d %b %Y").to_string(),
            PeriodKind::Week => format!("week of {}", self.from.format("%d %b %Y")),
            PeriodKind::Month => self.from.format("%B %Y").to_string(),
            PeriodKind::Range => format!(
                "{} – {}",
                self.from.format("%d %b"),
                self.to.format("%d %b %Y")
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).expect("date")
    }

    #[test]
    fn choices_and_steps_keep_their_kind() {
        let today = d(2026, 11, 20); // a Friday
        assert_eq!(Period::choice(0, today), Period::day(today));
        assert_eq!(Period::choice(1, today).from, d(2026, 11, 19));
        let week = Period::choice(2, today);
        assert_eq!((week.from, week.to), (d(2026, 11, 16), d(2026, 11, 22)));
        let month = Period::choice(3, today);
        assert_eq!((month.from, month.to), (d(2026, 11, 1), d(2026, 11, 30)));
        let last = Period::choice(4, today);
        assert_eq!((last.from, last.to), (d(2026, 10, 1), d(2026, 10, 31)));
        assert_eq!(last.step(-1).to, d(2026, 9, 30));
        assert_eq!(Period::month(d(2026, 12, 5)).step(1).from, d(2027, 1, 1));
        assert_eq!(week.step(-1).from, d(2026, 11, 9));
        let range = Period::range(d(2026, 11, 1), d(2026, 11, 10)).expect("range");
        assert_eq!(range.kind, PeriodKind::Range);
        assert_eq!(range.step(1).from, d(2026, 11, 11));
        assert_eq!(
            Period::range(d(2026, 2, 1), d(2026, 2, 28))
                .expect("a month")
                .kind,
            PeriodKind::Month
        );
        assert!(Period::range(today, d(2026, 11, 1)).is_err());
        assert_eq!(Period::day(today).comparison().from, d(2026, 11, 13));
    }

    #[test]
    fn the_day_of_a_slot_is_the_shop_day_it_falls_in() {
        let tz = chrono_tz::Asia::Kolkata;
        let month = Period::month(d(2026, 11, 20));
        let days = month.day_slots(tz);
        let slots = month.slots(tz);
        assert_eq!(days.day(slots.start), 0);
        assert_eq!(days.day(slots.start + 95), 0, "the last slot of 1 Nov");
        assert_eq!(days.day(slots.start + 96), 1);
        assert_eq!(days.day(slots.end - 1), 29);
        // Each agrees with the time-zone conversion it replaces.
        for slot in (slots.start..slots.end).step_by(37) {
            let date = crate::report::local_hour(slot, tz).0;
            assert_eq!(days.day(slot), (date - month.from).num_days() as usize);
        }
    }

    #[test]
    fn a_day_in_india_is_96_slots_starting_at_1830_utc() {
        let p = Period::day(d(2026, 11, 20));
        let slots = p.slots(chrono_tz::Asia::Kolkata);
        assert_eq!(slots.end - slots.start, 96);
        let start = slots.start * galla_domain::projection::report::SLOT_MS;
        let utc = chrono::DateTime::<Utc>::from_timestamp_millis(start).expect("time");
        assert_eq!(utc.format("%Y-%m-%d %H:%M").to_string(), "2026-11-19 18:30");
    }
}

/// The slot the shop-local day `d` starts in.
fn start_slot(d: NaiveDate, tz: Tz) -> i64 {
    slot_of(
        crate::bills_report::day_start(d, tz)
            .unwrap_or_else(|| Utc.from_utc_datetime(&d.and_time(chrono::NaiveTime::MIN)))
            .timestamp_millis(),
    )
}

/// The slot each day of a period starts at, in order.
#[derive(Clone, Debug)]
pub struct DaySlots {
    starts: Vec<i64>,
}

impl DaySlots {
    /// The slot day `day` of the period (0 the first) starts at.
    pub fn start(&self, day: usize) -> Option<i64> {
        self.starts.get(day).copied()
    }

    /// Which day of the period (0 the first) `slot` falls on; slots before
    /// the period count as its first day, after it as its last.
    pub fn day(&self, slot: i64) -> usize {
        self.starts
            .partition_point(|&s| s <= slot)
            .saturating_sub(1)
    }
}
