//! Staff and attendance rules between what a person types and the events:
//! add a person (name, phone, role, pay, shift, weekly off, a 4–6 digit PIN
//! kept only as an argon2 hash), clock in or out by PIN alone or by name,
//! the owner's mark for a day, and a person's month worked out by
//! `galla_domain::attendance`. A bad value is refused in words and nothing
//! is written.

use anyhow::{Result, bail};
use argon2::Argon2;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use chrono::{DateTime, Datelike, NaiveDate, NaiveTime, Utc, Weekday};
use chrono_tz::Tz;
use galla_domain::attendance::{self, DayStatus, Mark, Month, PayBasis, Rules, Shift, Terms};
use galla_domain::payload::{Attendance, AttendanceMark};
use galla_domain::{EventPayload, Money, NewEvent, Staff, StaffId};

use crate::store::{StaffRow, Store};

/// What the add form (or `galla staff add`) gives, as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct StaffForm {
    /// Name (Devanagari fine).
    pub name: String,
    /// Mobile number, any Indian format.
    pub phone: String,
    /// Role: owner, manager, cashier, helper.
    pub role: String,
    /// What they do ("tailor").
    pub job: String,
    /// 4–6 digits.
    pub pin: String,
    /// Monthly salary in rupees, or blank.
    pub salary: String,
    /// Daily wage in rupees, or blank.
    pub wage: String,
    /// "10:00-20:00", or blank.
    pub shift: String,
    /// Break minutes, or blank.
    pub break_minutes: String,
    /// Weekly off ("sun"), or blank.
    pub weekly_off: String,
    /// The day they joined, YYYY-MM-DD (blank: today); days before it are
    /// not counted.
    pub joined: String,
}

const ROLES: [&str; 4] = ["owner", "manager", "cashier", "helper"];

fn hash_pin(pin: &str) -> Result<String> {
    let salt = SaltString::encode_b64(uuid::Uuid::now_v7().as_bytes())
        .map_err(|e| anyhow::anyhow!("could not make a salt: {e}"))?;
    Ok(Argon2::default()
        .hash_password(pin.as_bytes(), &salt)
        .map_err(|e| anyhow::anyhow!("could not hash the PIN: {e}"))?
        .to_string())
}

fn pin_matches(pin: &str, hash: &str) -> bool {
    PasswordHash::new(hash).is_ok_and(|h| {
        Argon2::default()
            .verify_password(pin.as_bytes(), &h)
            .is_ok()
    })
}

/// Parses "10:00-20:00".
pub fn parse_shift(raw: &str) -> Result<(NaiveTime, NaiveTime)> {
    let bad = || anyhow::anyhow!("shift \"{raw}\": write it as 10:00-20:00");
    let (a, b) = raw.trim().split_once('-').ok_or_else(bad)?;
    let t = |s: &str| NaiveTime::parse_from_str(s.trim(), "%H:%M").map_err(|_| bad());
    let (start, end) = (t(a)?, t(b)?);
    if start == end {
        bail!("shift \"{raw}\" starts and ends at the same time");
    }
    Ok((start, end))
}

/// Parses a weekday ("sun", "Sunday").
pub fn parse_weekday(raw: &str) -> Result<Weekday> {
    raw.trim()
        .parse::<Weekday>()
        .map_err(|_| anyhow::anyhow!("\"{raw}\" is not a day of the week (mon, tue, … sun)"))
}

fn rupees(what: &str, raw: &str) -> Result<Option<Money>> {
    if raw.trim().is_empty() {
        return Ok(None);
    }
    crate::books::amount(raw)
        .map(Some)
        .map_err(|e| anyhow::anyhow!("{what}: {e}"))
}

/// The person with this PIN among those still working here.
pub fn by_pin(store: &Store, pin: &str) -> Result<Option<StaffRow>> {
    Ok(store
        .staff_rows()?
        .into_iter()
        .filter(|r| r.active)
        .find(|r| {
            r.staff
                .pin_hash
                .as_deref()
                .is_some_and(|h| pin_matches(pin, h))
        }))
}

/// Adds a person (STAFF_CREATED v2).
pub fn add(store: &mut Store, form: &StaffForm) -> Result<Staff> {
    let name = form.name.trim();
    if name.is_empty() {
        bail!("a name is needed");
    }
    let rows = store.staff_rows()?;
    if let Some(r) = rows
        .iter()
        .find(|r| r.staff.name.eq_ignore_ascii_case(name))
    {
        bail!("{} is already on the staff list", r.staff.name);
    }
    let role = if form.role.trim().is_empty() {
        "helper".to_string()
    } else {
        form.role.trim().to_lowercase()
    };
    if !ROLES.contains(&role.as_str()) {
        bail!("role \"{role}\": one of {}", ROLES.join(", "));
    }
    let mut s = Staff::new(StaffId::new(), name, role);
    if !form.phone.trim().is_empty() {
        s.phone = Some(crate::text::phone(&form.phone).map_err(|e| anyhow::anyhow!("{e}"))?);
    }
    s.job = Some(form.job.trim().to_string()).filter(|j| !j.is_empty());
    s.salary = rupees("salary", &form.salary)?;
    s.wage = rupees("wage", &form.wage)?;
    if s.salary.is_some() && s.wage.is_some() {
        bail!("give a monthly salary or a daily wage, not both");
    }
    if !form.shift.trim().is_empty() {
        parse_shift(&form.shift)?;
        s.shift = Some(form.shift.trim().to_string());
    }
    if !form.break_minutes.trim().is_empty() {
        let m: u16 = form
            .break_minutes
            .trim()
            .parse()
            .ok()
            .filter(|m| *m <= 240)
            .ok_or_else(|| anyhow::anyhow!("break: minutes from 0 to 240"))?;
        s.break_minutes = Some(m);
    }
    if !form.weekly_off.trim().is_empty() {
        let d = parse_weekday(&form.weekly_off)?;
        s.weekly_off = Some(d.to_string().to_lowercase());
    }
    let pin = form.pin.trim();
    if !pin.is_empty() {
        if !(4..=6).contains(&pin.len()) || !pin.chars().all(|c| c.is_ascii_digit()) {
            bail!("a PIN is 4 to 6 digits");
        }
        if by_pin(store, pin)?.is_some() {
            bail!("that PIN is already someone's — choose another");
        }
        s.pin_hash = Some(hash_pin(pin)?);
    }
    s.joined = Some(if form.joined.trim().is_empty() {
        Utc::now().date_naive()
    } else {
        NaiveDate::parse_from_str(form.joined.trim(), "%Y-%m-%d")
            .map_err(|_| anyhow::anyhow!("joined \"{}\": write it as 2026-11-01", form.joined))?
    });
    store.append(NewEvent::now(
        StaffId::OWNER,
        None,
        EventPayload::StaffCreated(s.clone()),
    ))?;
    Ok(s)
}

/// Finds a person by name (or the start of one) or phone.
pub fn find(store: &Store, who: &str) -> Result<StaffRow> {
    let w = who.trim().to_lowercase();
    let rows = store.staff_rows()?;
    let hits: Vec<&StaffRow> = rows
        .iter()
        .filter(|r| {
            r.staff.name.to_lowercase().contains(&w)
                || r.staff
                    .phone
                    .as_deref()
                    .is_some_and(|p| !w.is_empty() && p.contains(&w))
        })
        .collect();
    match hits.as_slice() {
        [one] => Ok((*one).clone()),
        [] => bail!("nobody on the staff list is called \"{who}\" — `galla staff` lists them"),
        many => bail!(
            "\"{who}\" could be {} — give more of the name",
            many.iter()
                .map(|r| r.staff.name.as_str())
                .collect::<Vec<_>>()
                .join(" or ")
        ),
    }
}

fn record(
    store: &mut Store,
    staff: StaffId,
    date: NaiveDate,
    mark: AttendanceMark,
    at: DateTime<Utc>,
) -> Result<()> {
    let mut e = NewEvent::now(
        StaffId::OWNER,
        None,
        EventPayload::Attendance(Attendance {
            staff_id: staff,
            date,
            mark,
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
    record(store, row.staff.staff_id, date, mark, at)?;
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

/// The owner's word for a whole day.
pub fn mark(
    store: &mut Store,
    row: &StaffRow,
    date: NaiveDate,
    status: &str,
    tz: Tz,
) -> Result<()> {
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
    record(store, row.staff.staff_id, date, mark, at)
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
    Ok(attendance::month(
        year,
        month,
        today,
        &marks,
        &terms(row, rules(store)?),
        Money::ZERO,
    ))
}

fn day_month(store: &Store, row: &StaffRow, date: NaiveDate, tz: Tz) -> Result<Month> {
    month_of(store, row, date.year(), date.month(), tz)
}
