//! Table tests of the attendance arithmetic: sessions across midnight, a
//! missing check-out, half days, a holiday on the weekly off, months of 28,
//! 30 and 31 days, salary prorated to the paisa, wages, overtime blocks,
//! lateness, lunch breaks and the owner's word over the clock.

use super::*;

fn at(d: &str, t: &str) -> NaiveDateTime {
    NaiveDateTime::parse_from_str(&format!("{d} {t}"), "%Y-%m-%d %H:%M").expect("time")
}

fn day(d: &str) -> NaiveDate {
    NaiveDate::parse_from_str(d, "%Y-%m-%d").expect("date")
}

fn shift() -> Shift {
    Shift {
        start: NaiveTime::from_hms_opt(10, 0, 0).expect("t"),
        end: NaiveTime::from_hms_opt(20, 0, 0).expect("t"),
        break_minutes: 60,
        weekly_off: Some(Weekday::Sun),
    }
}

fn rules() -> Rules {
    Rules {
        grace_minutes: 10,
        overtime_block: 30,
        overtime_rate: Money::from_rupees(60),
    }
}

/// A full day 10:00–19:00 on every day of the month but Sundays.
fn every_day(year: i32, m: u32) -> Vec<(NaiveDateTime, Mark)> {
    days_in(year, m)
        .into_iter()
        .filter(|d| d.weekday() != Weekday::Sun)
        .flat_map(|d| {
            [
                (d.and_hms_opt(10, 0, 0).expect("t"), Mark::In),
                (d.and_hms_opt(19, 0, 0).expect("t"), Mark::Out),
            ]
        })
        .collect()
}

fn terms(pay: PayBasis) -> Terms {
    Terms {
        shift: shift(),
        pay,
        rules: rules(),
        joined: None,
    }
}

fn salary(rupees: i64) -> PayBasis {
    PayBasis::Monthly(Money::from_rupees(rupees))
}

fn of(m: &Month, d: &str) -> Day {
    m.days
        .iter()
        .find(|x| x.date == day(d))
        .cloned()
        .expect("a day of the month")
}

#[test]
fn a_full_month_of_28_30_or_31_days_earns_the_whole_salary() {
    for (year, m, len) in [(2027, 2, 28), (2026, 11, 30), (2026, 12, 31)] {
        let today = *days_in(year, m).last().expect("days");
        let r = month(
            year,
            m,
            today,
            &every_day(year, m),
            &terms(salary(15_000)),
            Money::ZERO,
        );
        assert_eq!(r.days.len(), len);
        assert_eq!(r.absent, 0, "{year}-{m}");
        assert_eq!(r.present + r.offs, len as u32);
        assert_eq!(r.base_pay, Money::from_rupees(15_000), "{year}-{m}");
        assert_eq!(r.overtime, 0);
        assert_eq!(r.worked, i64::from(r.present) * 540);
    }
}

#[test]
fn a_missed_day_prorates_the_salary_to_the_paisa() {
    let mut marks = every_day(2026, 11);
    // 2026-11-17 is a Tuesday: no marks that day.
    marks.retain(|(t, _)| t.date() != day("2026-11-17"));
    let r = month(
        2026,
        11,
        day("2026-11-30"),
        &marks,
        &terms(salary(10_000)),
        Money::ZERO,
    );
    assert_eq!(of(&r, "2026-11-17").status, Some(DayStatus::Absent));
    assert_eq!(r.absent, 1);
    // 29 / 30 × ₹10,000 = ₹9,666.666… → ₹9,666.67.
    assert_eq!(r.base_pay, Money::from_paise(966_667));
    // Advances come off what is due.
    let r = month(
        2026,
        11,
        day("2026-11-30"),
        &marks,
        &terms(salary(10_000)),
        Money::from_rupees(2_000),
    );
    assert_eq!(r.pay_due, Money::from_paise(766_667));
}

#[test]
fn a_night_past_midnight_counts_on_the_evening_it_began() {
    let marks = [
        (at("2026-11-10", "20:00"), Mark::In),
        (at("2026-11-11", "02:30"), Mark::Out),
    ];
    let (s, stray) = sessions(&marks);
    assert_eq!(s.len(), 1);
    assert!(stray.is_empty());
    let r = month(
        2026,
        11,
        day("2026-11-30"),
        &marks,
        &terms(salary(9_000)),
        Money::ZERO,
    );
    assert_eq!(of(&r, "2026-11-10").worked, 390);
    assert_eq!(of(&r, "2026-11-11").sessions.len(), 0);
    assert!(of(&r, "2026-11-10").late);
}

#[test]
fn a_missing_check_out_is_flagged_and_adds_no_hours() {
    let marks = [
        (at("2026-11-03", "09:55"), Mark::In),
        (at("2026-11-04", "10:05"), Mark::In),
        (at("2026-11-04", "19:05"), Mark::Out),
        (at("2026-11-05", "19:00"), Mark::Out),
    ];
    let r = month(
        2026,
        11,
        day("2026-11-30"),
        &marks,
        &terms(salary(9_000)),
        Money::ZERO,
    );
    let d3 = of(&r, "2026-11-03");
    assert!(d3.missing_out);
    assert_eq!((d3.status, d3.worked), (Some(DayStatus::Present), 0));
    let d4 = of(&r, "2026-11-04");
    assert_eq!((d4.worked, d4.late, d4.missing_out), (540, false, false));
    let d5 = of(&r, "2026-11-05");
    assert!(d5.stray_out, "a check-out with no check-in");
    assert_eq!(d5.status, Some(DayStatus::Absent));
    // Still open today: not yet missing.
    let today = [(at("2026-11-30", "10:00"), Mark::In)];
    let r = month(
        2026,
        11,
        day("2026-11-30"),
        &today,
        &terms(salary(9_000)),
        Money::ZERO,
    );
    assert!(!of(&r, "2026-11-30").missing_out);
}

#[test]
fn short_days_are_half_days_and_lunch_breaks_add_up() {
    let marks = [
        // Three hours of a nine-hour shift: half a day.
        (at("2026-11-02", "10:00"), Mark::In),
        (at("2026-11-02", "13:00"), Mark::Out),
        // Out for lunch and back: one day of 9 h.
        (at("2026-11-03", "10:00"), Mark::In),
        (at("2026-11-03", "14:00"), Mark::Out),
        (at("2026-11-03", "15:00"), Mark::In),
        (at("2026-11-03", "20:00"), Mark::Out),
    ];
    let r = month(
        2026,
        11,
        day("2026-11-03"),
        &marks,
        &terms(PayBasis::Daily(Money::from_rupees(500))),
        Money::ZERO,
    );
    assert_eq!(of(&r, "2026-11-02").status, Some(DayStatus::HalfDay));
    let d3 = of(&r, "2026-11-03");
    assert_eq!(
        (d3.status, d3.worked, d3.sessions.len()),
        (Some(DayStatus::Present), 540, 2)
    );
    // A wage: one day and a half.
    assert_eq!(r.base_pay, Money::from_rupees(750));
    // Days after today are not counted yet, week offs included.
    assert_eq!(of(&r, "2026-11-04").status, None);
    assert_eq!(of(&r, "2026-11-08").status, None, "a Sunday still to come");
}

#[test]
fn a_holiday_on_the_weekly_off_is_paid_once_and_the_owner_overrides_the_clock() {
    let mut marks = every_day(2026, 11);
    // 2026-11-08 is a Sunday: marked a holiday too.
    marks.push((at("2026-11-08", "09:00"), Mark::Day(DayStatus::Holiday)));
    // 2026-11-09: clocked, but the owner marks it unpaid leave later.
    marks.push((at("2026-11-09", "21:00"), Mark::Day(DayStatus::UnpaidLeave)));
    // 2026-11-10: absent marked, then corrected to present: the latest wins.
    marks.push((at("2026-11-10", "08:00"), Mark::Day(DayStatus::Absent)));
    marks.push((at("2026-11-10", "22:00"), Mark::Day(DayStatus::Present)));
    let r = month(
        2026,
        11,
        day("2026-11-30"),
        &marks,
        &terms(salary(30_000)),
        Money::ZERO,
    );
    assert_eq!(of(&r, "2026-11-08").status, Some(DayStatus::Holiday));
    assert_eq!(of(&r, "2026-11-09").status, Some(DayStatus::UnpaidLeave));
    assert_eq!(of(&r, "2026-11-10").status, Some(DayStatus::Present));
    assert_eq!(r.leaves, 1);
    // 29 paid days of 30: ₹29,000 exactly.
    assert_eq!(r.base_pay, Money::from_rupees(29_000));
    assert_eq!(
        of(&r, "2026-11-08").status.map(DayStatus::letter),
        Some("HO")
    );
}

#[test]
fn overtime_counts_in_whole_blocks_at_the_hourly_rate() {
    let marks = [
        // 10:00–21:10 is 670 minutes: 130 over a 540-minute day → 120.
        (at("2026-11-02", "10:00"), Mark::In),
        (at("2026-11-02", "21:10"), Mark::Out),
        // 20 minutes over: under one block, nothing.
        (at("2026-11-03", "10:00"), Mark::In),
        (at("2026-11-03", "19:20"), Mark::Out),
    ];
    let r = month(
        2026,
        11,
        day("2026-11-03"),
        &marks,
        &terms(salary(9_000)),
        Money::ZERO,
    );
    assert_eq!(of(&r, "2026-11-02").overtime, 120);
    assert_eq!(of(&r, "2026-11-03").overtime, 0);
    assert_eq!(r.overtime, 120);
    assert_eq!(r.overtime_pay, Money::from_rupees(120));
    assert_eq!(r.pay_due, r.base_pay + Money::from_rupees(120));
}

#[test]
fn a_night_shift_is_as_long_as_its_hours() {
    let night = Shift {
        start: NaiveTime::from_hms_opt(22, 0, 0).expect("t"),
        end: NaiveTime::from_hms_opt(6, 0, 0).expect("t"),
        break_minutes: 30,
        weekly_off: None,
    };
    assert_eq!(night.minutes(), 450);
    assert_eq!(shift().minutes(), 540);
}

#[test]
fn days_before_joining_are_not_counted_or_paid() {
    let mut t = terms(salary(30_000));
    t.joined = Some(day("2026-11-16"));
    let r = month(
        2026,
        11,
        day("2026-11-30"),
        &every_day(2026, 11),
        &t,
        Money::ZERO,
    );
    assert_eq!(of(&r, "2026-11-15").status, None);
    assert_eq!(of(&r, "2026-11-16").status, Some(DayStatus::Present));
    // 15 of 30 days paid (13 present, 2 week offs): half the salary.
    assert_eq!(r.base_pay, Money::from_rupees(15_000));
}
