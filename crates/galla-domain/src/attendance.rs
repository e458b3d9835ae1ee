//! Attendance arithmetic: a person's marks for a month (clock-ins and
//! clock-outs with their shop-local times, and the owner's marks for whole
//! days) become sessions, each day's status, hours, lateness and overtime,
//! and the month's pay due. Pure: the caller gives the marks, the shift,
//! the pay basis and the rules, and reads the result.
//!
//! Rules chosen (the issue leaves them to us; the README repeats them):
//! - Sessions pair each check-in with the next check-out in time order; a
//!   session belongs to the day it started on, so a night that runs past
//!   midnight counts on the evening's day. A check-in with no check-out by
//!   the end of its day is a *missing check-out*: its day is present, it
//!   adds no hours, and it is flagged for the owner to correct. A
//!   check-out with no check-in is ignored (and flagged).
//! - An owner's mark for a day (present, absent, half day, paid or unpaid
//!   leave, holiday, week off) overrides what the clock says; the latest
//!   mark wins.
//! - Without a mark: a day with a session is present (a half day when the
//!   hours worked are under half the shift); the weekly off day is a week
//!   off and any other day absent, up to today; later days are not counted
//!   (and not paid) yet, nor are days before the person joined.
//! - Late: the first check-in after the shift start plus the grace.
//! - Overtime: minutes worked beyond the shift's length on a day, rounded
//!   down to whole blocks of `overtime_block` minutes.
//! - Pay: a monthly salary is prorated by paid days ÷ days in the month
//!   (present, paid leave, holidays and week offs count one; half days
//!   half), to the paisa, halves rounded up; a daily wage is paid for days
//!   worked (present one, half day half). Overtime is paid per hour at the
//!   rate, by the minute. Advances paid are taken off.

use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime, NaiveTime, Weekday};

use crate::Money;

/// What a mark says.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mark {
    /// Clocked in.
    In,
    /// Clocked out.
    Out,
    /// The owner's word for the whole day.
    Day(DayStatus),
}

/// A day's status.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum DayStatus {
    /// Present.
    Present,
    /// Absent.
    Absent,
    /// Half a day.
    HalfDay,
    /// Leave that is paid.
    PaidLeave,
    /// Leave that is not paid.
    UnpaidLeave,
    /// A shop holiday.
    Holiday,
    /// The person's weekly day off.
    WeekOff,
}

impl DayStatus {
    /// One letter (two for week off and holiday) for the month's grid.
    pub fn letter(self) -> &'static str {
        match self {
            DayStatus::Present => "P",
            DayStatus::Absent => "A",
            DayStatus::HalfDay => "H",
            DayStatus::PaidLeave | DayStatus::UnpaidLeave => "L",
            DayStatus::Holiday => "HO",
            DayStatus::WeekOff => "WO",
        }
    }

    /// One character for the month's grid (holiday `O`, week off `W`).
    pub fn grid(self) -> char {
        match self {
            DayStatus::Holiday => 'O',
            DayStatus::WeekOff => 'W',
            other => other.letter().chars().next().unwrap_or('?'),
        }
    }

    /// Paid days, in halves: how much of a monthly salary the day earns.
    fn paid_halves(self) -> i64 {
        match self {
            DayStatus::Present | DayStatus::PaidLeave | DayStatus::Holiday | DayStatus::WeekOff => {
                2
            }
            DayStatus::HalfDay => 1,
            DayStatus::Absent | DayStatus::UnpaidLeave => 0,
        }
    }

    /// Days worked, in halves: what a daily wage pays for.
    fn worked_halves(self) -> i64 {
        match self {
            DayStatus::Present => 2,
            DayStatus::HalfDay => 1,
            _ => 0,
        }
    }
}

/// A shift.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Shift {
    /// When it starts.
    pub start: NaiveTime,
    /// When it ends (before `start`: the next day).
    pub end: NaiveTime,
    /// Unpaid break, minutes.
    pub break_minutes: i64,
    /// The weekly day off, if any.
    pub weekly_off: Option<Weekday>,
}

impl Shift {
    /// Minutes of work a full day asks for.
    pub fn minutes(&self) -> i64 {
        let mut m = (self.end - self.start).num_minutes();
        if m <= 0 {
            m += 24 * 60;
        }
        (m - self.break_minutes).max(0)
    }
}

/// How a person is paid.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PayBasis {
    /// A salary for the month.
    Monthly(Money),
    /// A wage for each day worked.
    Daily(Money),
}

/// The shop's rules for lateness and overtime.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Rules {
    /// Minutes after the shift start before a check-in is late.
    pub grace_minutes: i64,
    /// Overtime counts in whole blocks of this many minutes (at least 1).
    pub overtime_block: i64,
    /// Overtime pay per hour.
    pub overtime_rate: Money,
}

/// How one person works and is paid, and the shop's rules.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Terms {
    /// The shift.
    pub shift: Shift,
    /// Salary or wage.
    pub pay: PayBasis,
    /// Lateness and overtime.
    pub rules: Rules,
    /// The day they joined: days before it are not counted.
    pub joined: Option<NaiveDate>,
}

/// One worked session.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Session {
    /// Clocked in.
    pub start: NaiveDateTime,
    /// Clocked out (`None`: missing).
    pub end: Option<NaiveDateTime>,
}

/// One day of the month.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Day {
    /// The day.
    pub date: NaiveDate,
    /// Its status (`None`: a day still to come).
    pub status: Option<DayStatus>,
    /// Its sessions.
    pub sessions: Vec<Session>,
    /// Minutes worked (closed sessions).
    pub worked: i64,
    /// Overtime minutes (rounded to blocks).
    pub overtime: i64,
    /// Checked in after the shift start plus the grace.
    pub late: bool,
    /// A session has no check-out.
    pub missing_out: bool,
    /// A check-out came with no check-in before it.
    pub stray_out: bool,
}

/// A person's month.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Month {
    /// Every day of the month.
    pub days: Vec<Day>,
    /// Counts by status.
    pub present: u32,
    /// Half days.
    pub half_days: u32,
    /// Paid and unpaid leave.
    pub leaves: u32,
    /// Absences.
    pub absent: u32,
    /// Holidays and week offs.
    pub offs: u32,
    /// Minutes worked.
    pub worked: i64,
    /// Overtime minutes.
    pub overtime: i64,
    /// Pay for the days (before overtime and advances).
    pub base_pay: Money,
    /// Pay for overtime.
    pub overtime_pay: Money,
    /// Advances taken off.
    pub advances: Money,
    /// What is owed for the month.
    pub pay_due: Money,
}

/// `a × num ÷ den` to the paisa, halves away from zero.
fn share(a: Money, num: i64, den: i64) -> Money {
    let p = i128::from(a.paise()) * i128::from(num);
    let d = i128::from(den.max(1));
    let q = (2 * p + d * p.signum()) / (2 * d);
    Money::from_paise(i64::try_from(q).unwrap_or(i64::MAX))
}

/// The days of `month` in `year`.
pub fn days_in(year: i32, month: u32) -> Vec<NaiveDate> {
    let Some(first) = NaiveDate::from_ymd_opt(year, month, 1) else {
        return Vec::new();
    };
    first
        .iter_days()
        .take_while(|d| d.month() == month)
        .collect()
}

/// Pairs check-ins and check-outs in time order. Returns the sessions and
/// the times of check-outs that had no check-in.
pub fn sessions(marks: &[(NaiveDateTime, Mark)]) -> (Vec<Session>, Vec<NaiveDateTime>) {
    let mut clock: Vec<(NaiveDateTime, Mark)> = marks
        .iter()
        .copied()
        .filter(|(_, m)| matches!(m, Mark::In | Mark::Out))
        .collect();
    clock.sort_by_key(|(t, m)| (*t, matches!(m, Mark::Out)));
    let mut out = Vec::new();
    let mut stray = Vec::new();
    let mut open: Option<NaiveDateTime> = None;
    for (t, m) in clock {
        match (m, open) {
            (Mark::In, Some(start)) => {
                // A second check-in: the first one never checked out.
                out.push(Session { start, end: None });
                open = Some(t);
            }
            (Mark::In, None) => open = Some(t),
            (Mark::Out, Some(start)) => {
                out.push(Session {
                    start,
                    end: Some(t),
                });
                open = None;
            }
            (Mark::Out, None) => stray.push(t),
            (Mark::Day(_), _) => {}
        }
    }
    if let Some(start) = open {
        out.push(Session { start, end: None });
    }
    (out, stray)
}

/// The month of one person.
pub fn month(
    year: i32,
    month: u32,
    today: NaiveDate,
    marks: &[(NaiveDateTime, Mark)],
    terms: &Terms,
    advances: Money,
) -> Month {
    let (shift, pay, rules) = (&terms.shift, terms.pay, &terms.rules);
    let (all, stray) = sessions(marks);
    let mut days = Vec::new();
    for date in days_in(year, month) {
        let mine: Vec<Session> = all
            .iter()
            .copied()
            .filter(|s| s.start.date() == date)
            .collect();
        // A session still open on a past day is a missing check-out; one
        // open today may still be closed.
        let missing_out = mine.iter().any(|s| s.end.is_none()) && date < today;
        let worked: i64 = mine
            .iter()
            .filter_map(|s| s.end.map(|e| (e - s.start).num_minutes().max(0)))
            .sum();
        let start = date.and_time(shift.start) + Duration::minutes(rules.grace_minutes);
        let late = mine.first().is_some_and(|s| s.start > start);
        let owner = marks
            .iter()
            .filter(|(t, _)| t.date() == date)
            .filter_map(|(t, m)| match m {
                Mark::Day(s) => Some((*t, *s)),
                _ => None,
            })
            .max_by_key(|(t, _)| *t)
            .map(|(_, s)| s);
        let before_joining = terms.joined.is_some_and(|j| date < j);
        let status = owner.filter(|_| !before_joining).or_else(|| {
            if before_joining {
                return None;
            }
            if !mine.is_empty() {
                Some(if worked > 0 && worked * 2 < shift.minutes() {
                    DayStatus::HalfDay
                } else {
                    DayStatus::Present
                })
            } else if date > today {
                None
            } else if shift.weekly_off == Some(date.weekday()) {
                Some(DayStatus::WeekOff)
            } else {
                Some(DayStatus::Absent)
            }
        });
        let block = rules.overtime_block.max(1);
        let overtime = (worked - shift.minutes()).max(0) / block * block;
        days.push(Day {
            date,
            status,
            sessions: mine,
            worked,
            overtime,
            late,
            missing_out,
            stray_out: stray.iter().any(|t| t.date() == date),
        });
    }
    let count = |f: &dyn Fn(DayStatus) -> bool| -> u32 {
        days.iter().filter(|d| d.status.is_some_and(f)).count() as u32
    };
    let halves =
        |f: fn(DayStatus) -> i64| -> i64 { days.iter().filter_map(|d| d.status).map(f).sum() };
    let base_pay = match pay {
        PayBasis::Monthly(salary) => share(
            salary,
            halves(DayStatus::paid_halves),
            2 * days.len() as i64,
        ),
        PayBasis::Daily(wage) => share(wage, halves(DayStatus::worked_halves), 2),
    };
    let overtime: i64 = days.iter().map(|d| d.overtime).sum();
    let overtime_pay = share(rules.overtime_rate, overtime, 60);
    Month {
        present: count(&|s| s == DayStatus::Present),
        half_days: count(&|s| s == DayStatus::HalfDay),
        leaves: count(&|s| matches!(s, DayStatus::PaidLeave | DayStatus::UnpaidLeave)),
        absent: count(&|s| s == DayStatus::Absent),
        offs: count(&|s| matches!(s, DayStatus::Holiday | DayStatus::WeekOff)),
        worked: days.iter().map(|d| d.worked).sum(),
        overtime,
        base_pay,
        overtime_pay,
        advances,
        pay_due: base_pay + overtime_pay - advances,
        days,
    }
}

#[cfg(test)]
#[path = "attendance_tests.rs"]
mod tests;
