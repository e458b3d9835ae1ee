//! Staff and attendance rules between what a person types and the events:
//! the staff list (`people`), clocking in or out by PIN alone or by name,
//! the owner's mark for a day (one person or everyone, with a note), and a
//! person's month worked out by `galla_domain::attendance`, less the
//! salary advances paid from the cash book, and the month sheet of
//! everyone (`sheet`) to print or write. A bad value is refused in words
//! and nothing is written.

mod people;
pub mod sheet;

pub use people::{StaffForm, add, by_pin, edit, find, parse_shift, parse_weekday, set_status};

use anyhow::{Result, bail};
use chrono::{DateTime, Datelike, NaiveDate, NaiveTime, Utc};
use chrono_tz::Tz;
use galla_domain::attendance::{self, DayStatus, Mark, Month, PayBasis, Rules, Shift, Terms};
use galla_domain::payload::{Attendance, AttendanceMark};
use galla_domain::{EventPayload, Money, NewEvent, StaffId};

use crate::store::{StaffRow, Store};

fn record(
    store: &mut Store,
    staff: StaffId,
    date: NaiveDate,
    mark: AttendanceMark,
    at: DateTime<Utc>,
    note: Option<String>,
) -> Result<()> {
    let mut e = NewEvent::now(
        StaffId::OWNER,
        None,
        EventPayload::Attendance(Attendance {
            staff_id: staff,
            date,
            mark,
            note,
        }),
    );
    e.occurred_at = at;
    store.append(e)?;
    Ok(())
}

/// Clocks `row` in or out at `at`: the opposite of their last clock mark
/// that day (`want` forces one). Returns what to show.
pub fn clock(
    store: &mut Store,
    row: &StaffRow,
    want: Option<AttendanceMark>,
    at: DateTime<Utc>,
    tz: Tz,
) -> Result<String> {
    if !row.active {
        bail!("{} no longer works here", row.staff.name);
    }
    let date = at.with_timezone(&tz).date_naive();
    // From the day before too: a night shift checks out after midnight.
    let since = date.pred_opt().unwrap_or(date);
    let last = store
        .attendance_of(row.staff.staff_id, since, date)?
        .into_iter()
        .rfind(|(_, t, m)| {
            *t <= at && matches!(m, AttendanceMark::CheckIn | AttendanceMark::CheckOut)
        });
    let open_since = match last {
        Some((day, _, AttendanceMark::CheckIn)) => Some(day),
        _ => None,
    };
    let mark = want.unwrap_or(if open_since.is_some() {
        AttendanceMark::CheckOut
    } else {
        AttendanceMark::CheckIn
    });
    if mark == AttendanceMark::CheckOut && open_since.is_none() {
        bail!(
            "{} has not checked in — nothing was recorded",
            row.staff.name
        );
    }
    record(store, row.staff.staff_id, date, mark, at, None)?;
    let time = at.with_timezone(&tz).format("%H:%M");
    Ok(match (mark, open_since) {
        (AttendanceMark::CheckOut, Some(day)) => {
            let m = day_month(store, row, day, tz)?;
            let minutes = m
                .days
                .iter()
                .find(|d| d.date == day)
                .map_or(0, |d| d.worked);
            let when = if day == date {
                "today"
            } else {
                "since yesterday"
            };
            format!(
                "{} — checked out {time} · {} h {} min {when}",
                row.staff.name,
                minutes / 60,
                minutes % 60
            )
        }
        _ => format!("{} — checked in {time}", row.staff.name),
    })
}

/// The owner's word for a whole day, with a note.
pub fn mark(
    store: &mut Store,
    row: &StaffRow,
    date: NaiveDate,
    status: &str,
    note: Option<&str>,
    tz: Tz,
) -> Result<()> {
    let (mark, at) = day_mark(date, status, tz)?;
    let note = crate::books::note(note)?;
    record(store, row.staff.staff_id, date, mark, at, note)
}

/// The same mark for everyone still working here (a holiday for the whole
/// shop); returns how many were marked. Nobody is marked when the status
/// or the day is wrong.
pub fn mark_everyone(
    store: &mut Store,
    date: NaiveDate,
    status: &str,
    note: Option<&str>,
    tz: Tz,
) -> Result<usize> {
    let (mark, at) = day_mark(date, status, tz)?;
    let note = crate::books::note(note)?;
    let rows = register(store)?;
    if rows.is_empty() {
        bail!("nobody is on the staff list yet — `galla staff add` adds a person");
    }
    for r in &rows {
        record(store, r.staff.staff_id, date, mark, at, note.clone())?;
    }
    Ok(rows.len())
}

/// Everyone on the attendance register (`StaffRow::on_register`).
pub fn register(store: &Store) -> Result<Vec<StaffRow>> {
    Ok(store
        .staff_rows()?
        .into_iter()
        .filter(|r| r.on_register())
        .collect())
}

/// Reads a day's status and the time its mark carries.
fn day_mark(date: NaiveDate, status: &str, tz: Tz) -> Result<(AttendanceMark, DateTime<Utc>)> {
    let mark = match status.trim() {
        "present" => AttendanceMark::Present,
        "absent" => AttendanceMark::Absent,
        "half_day" | "half-day" => AttendanceMark::HalfDay,
        "leave" | "paid_leave" => AttendanceMark::Leave,
        "unpaid_leave" => AttendanceMark::UnpaidLeave,
        "holiday" => AttendanceMark::Holiday,
        "week_off" | "week-off" => AttendanceMark::WeekOff,
        other => bail!(
            "\"{other}\" is not a mark: present, absent, half_day, leave, unpaid_leave, holiday, week_off"
        ),
    };
    let today = Utc::now().with_timezone(&tz).date_naive();
    if date > today {
        bail!("{date} has not come yet");
    }
    // Stamped at the day's end (or now, for today), so it follows the clock marks it corrects.
    let at = if date < today {
        date.and_hms_opt(23, 59, 0)
            .and_then(|t| t.and_local_timezone(tz).single())
            .map_or_else(Utc::now, |t| t.with_timezone(&Utc))
    } else {
        Utc::now()
    };
    Ok((mark, at))
}

/// The shop's attendance rules (grace, overtime block and rate) from its
/// settings, with defaults: 10 minutes, 30-minute blocks, no overtime pay.
pub fn rules(store: &Store) -> Result<Rules> {
    let s = store.shop_settings()?;
    let num = |k: &str, d: i64| s.get(k).and_then(|v| v.as_i64()).unwrap_or(d);
    Ok(Rules {
        grace_minutes: num("attendance.grace_minutes", 10),
        overtime_block: num("attendance.overtime_block", 30).max(1),
        overtime_rate: Money::from_rupees(num("attendance.overtime_rate", 0)),
    })
}

/// A person's shift and pay as the domain reads them (a 10:00–20:00 shift
/// with an hour's break when none is set).
pub fn terms(row: &StaffRow, rules: Rules) -> Terms {
    let s = &row.staff;
    let (start, end) = s
        .shift
        .as_deref()
        .and_then(|x| parse_shift(x).ok())
        .unwrap_or((
            NaiveTime::from_hms_opt(10, 0, 0).unwrap_or_default(),
            NaiveTime::from_hms_opt(20, 0, 0).unwrap_or_default(),
        ));
    Terms {
        shift: Shift {
            start,
            end,
            break_minutes: i64::from(s.break_minutes.unwrap_or(60)),
            weekly_off: s.weekly_off.as_deref().and_then(|d| parse_weekday(d).ok()),
        },
        pay: match (s.salary, s.wage) {
            (_, Some(w)) => PayBasis::Daily(w),
            (Some(m), _) => PayBasis::Monthly(m),
            _ => PayBasis::Monthly(Money::ZERO),
        },
        rules,
        joined: s.joined,
    }
}

/// A person's month (`year`, `month`) as of today.
pub fn month_of(store: &Store, row: &StaffRow, year: i32, month: u32, tz: Tz) -> Result<Month> {
    let days = attendance::days_in(year, month);
    let (Some(first), Some(last)) = (days.first(), days.last()) else {
        bail!("{year}-{month:02} is not a month");
    };
    // The day after the last: a night that began on the last day ends then.
    let after = last.succ_opt().unwrap_or(*last);
    let marks: Vec<_> = store
        .attendance_of(row.staff.staff_id, *first, after)?
        .into_iter()
        .map(|(day, at, m)| {
            let local = at.with_timezone(&tz).naive_local();
            let mark = match m {
                AttendanceMark::CheckIn => Mark::In,
                AttendanceMark::CheckOut => Mark::Out,
                AttendanceMark::Present => Mark::Day(DayStatus::Present),
                AttendanceMark::Absent => Mark::Day(DayStatus::Absent),
                AttendanceMark::HalfDay => Mark::Day(DayStatus::HalfDay),
                AttendanceMark::Leave => Mark::Day(DayStatus::PaidLeave),
                AttendanceMark::UnpaidLeave => Mark::Day(DayStatus::UnpaidLeave),
                AttendanceMark::Holiday => Mark::Day(DayStatus::Holiday),
                AttendanceMark::WeekOff => Mark::Day(DayStatus::WeekOff),
            };
            // A day's mark counts on its own day, whatever hour it carries.
            let when = match mark {
                Mark::Day(_) => day.and_time(local.time()),
                _ => local,
            };
            (when, mark)
        })
        .collect();
    let today = Utc::now().with_timezone(&tz).date_naive();
    let millis = |d: NaiveDate| {
        d.and_hms_opt(0, 0, 0)
            .and_then(|t| t.and_local_timezone(tz).earliest())
            .map_or(0, |t| t.timestamp_millis())
    };
    let advances = store.advances_to(row.staff.staff_id, millis(*first), millis(after))?;
    Ok(attendance::month(
        year,
        month,
        today,
        &marks,
        &terms(row, rules(store)?),
        advances,
    ))
}

/// The month sheet of `rows` for `year`-`month`.
pub fn sheet_of(
    store: &Store,
    shop: &str,
    rows: &[StaffRow],
    year: i32,
    month: u32,
    tz: Tz,
) -> Result<sheet::Sheet> {
    let mut people = Vec::new();
    for r in rows {
        people.push(sheet::Person {
            name: r.staff.name.clone(),
            phone: r.staff.phone.clone(),
            month: month_of(store, r, year, month, tz)?,
        });
    }
    Ok(sheet::Sheet {
        shop: shop.to_string(),
        year,
        month,
        people,
    })
}

fn day_month(store: &Store, row: &StaffRow, date: NaiveDate, tz: Tz) -> Result<Month> {
    month_of(store, row, date.year(), date.month(), tz)
}
