//! The Reports pane's state without a screen or a store: an answer to an
//! older question is dropped, the period keys go round, locations go round
//! through "all", cost and margin columns go when costs may not be seen.

use super::state::pane_tables;
use super::*;
use crate::app::action::Effect;
use crate::app::command::Command;
use crate::report::{Kind, Period, Query, Report};
use chrono::NaiveDate;
use galla_domain::{Location, LocationId};

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 20).expect("date")
}

fn asked(effects: &[Effect]) -> (u64, Period, Option<String>) {
    match effects {
        [Effect::LoadReport(a)] => (a.generation, a.period, a.location.clone().map(|l| l.1)),
        other => panic!("one report asked for: {other:?}"),
    }
}

fn staff_report(period: Period) -> Box<Shown> {
    let totals = crate::report::daily::Totals::default();
    Box::new(Shown {
        query: Query::new(period, chrono_tz::Asia::Kolkata),
        report: Report::Staff(Box::new(crate::report::staff::StaffSales {
            period,
            people: vec![("Sunita".into(), totals)],
            counters: Vec::new(),
            totals,
        })),
    })
}

#[test]
fn an_answer_to_an_older_question_is_dropped() {
    let mut p = ReportsPane {
        kind: Kind::ALL
            .iter()
            .position(|k| *k == Kind::Staff)
            .expect("staff"),
        ..ReportsPane::default()
    };
    let (first, ..) = asked(&p.open(today()));
    let (second, period, _) = asked(&p.command(Command::PrevDay).expect("handled"));
    assert!(second > first);
    p.loaded(first, Ok(staff_report(Period::day(today()))));
    assert!(
        p.shown.is_none() && p.loading,
        "the stale answer is dropped"
    );
    p.loaded(second, Ok(staff_report(period)));
    assert!(p.report().is_some() && !p.loading);
    assert_eq!(p.rows(), 1, "one person, laid out");
    p.loaded(second, Err("gone".into()));
    assert_eq!(p.message.as_deref(), None, "an answer is taken once");
}

#[test]
fn the_period_key_goes_round_and_locations_go_through_all() {
    let mut p = ReportsPane::default();
    p.open(today());
    let mut seen = Vec::new();
    for _ in 0..6 {
        let (_, period, _) = asked(&p.command(Command::NextPeriod).expect("handled"));
        seen.push(period);
    }
    assert_eq!(seen[0], Period::choice(1, today()), "today → yesterday");
    assert_eq!(seen[3], Period::choice(4, today()), "… → last month");
    assert_eq!(seen[4], Period::choice(0, today()), "and round to today");
    p.locations_loaded(vec![
        Location {
            location_id: LocationId::new(),
            name: "Shop floor".into(),
        },
        Location {
            location_id: LocationId::new(),
            name: "Godown".into(),
        },
    ]);
    let names: Vec<Option<String>> = (0..3)
        .map(|_| asked(&p.command(Command::NextLocation).expect("handled")).2)
        .collect();
    assert_eq!(
        names,
        [
            Some("Shop floor".to_string()),
            Some("Godown".to_string()),
            None
        ]
    );
}

#[test]
fn costs_hidden_take_cost_and_margin_columns_away() {
    let period = Period::month(today());
    let products = crate::report::products::Products {
        period,
        points: vec![period.from],
        products: Vec::new(),
        categories: Vec::new(),
        total: Default::default(),
    };
    let report = Report::Products(Box::new(products));
    let shown: Vec<String> = pane_tables(&report, true)[0].head.clone();
    assert!(shown.iter().any(|h| h == "margin"));
    let hidden: Vec<String> = pane_tables(&report, false)[0].head.clone();
    assert!(
        !hidden.iter().any(|h| h.contains("margin") || h == "cost"),
        "{hidden:?}"
    );
    assert!(hidden.iter().any(|h| h == "net revenue"));
}

#[test]
fn typed_days_are_read_three_ways_and_refused_in_words() {
    for text in ["2026-11-20", "20-11-2026", "20/11/2026"] {
        assert_eq!(parse_day(text), Ok(today()), "{text}");
    }
    assert!(parse_day("31-02-2026").is_err_and(|e| e.contains("not a day")));
}
