//! Every report for a month and for a year on the benchmark shop (100,000
//! variants, 365 days, about a million events; `GALLA_BENCH_VARIANTS` and
//! `GALLA_BENCH_DAYS` make it smaller). Targets (DESIGN §6): a month in
//! ≤ 100 ms, a year in ≤ 500 ms. Each report is computed the way the pane
//! and `galla report` compute it, from the report projections, on a
//! read-only store; the printed line gives the median. The reports keep
//! the catalogue they read until it changes, so one more line times the
//! first report after opening.

use chrono::{Duration, NaiveDate};
use criterion::{Criterion, criterion_group, criterion_main};

mod common;
use common::shop;
use galla::report::{self, Kind, Period, Query};
use galla::store::{Access, Store};

fn bench(c: &mut Criterion) {
    let path = shop();
    let store = Store::open(&path, Access::ReadOnly).expect("open");
    let end = NaiveDate::from_ymd_opt(2026, 11, 20).expect("date");
    let tz = chrono_tz::Asia::Kolkata;
    let periods = [
        ("month", Period::month(end)),
        (
            "year",
            Period::range(end - Duration::days(364), end).expect("a year"),
        ),
    ];
    let mut group = c.benchmark_group("reports");
    group.sample_size(10);
    for kind in Kind::ALL {
        for (name, period) in periods {
            let q = Query::new(period, tz);
            group.bench_function(format!("{} for a {name}", kind.name()), |b| {
                b.iter(|| report::compute(&store, kind, &q).expect("report"))
            });
        }
    }
    // The reports keep the catalogue between them until it changes; the
    // first report after galla opens reads it: products for a month on a
    // store opened afresh each time.
    let month = Query::new(periods[0].1, tz);
    group.bench_function("products for a month, first after opening", |b| {
        b.iter(|| {
            let fresh = Store::open(&path, Access::ReadOnly).expect("open");
            report::compute(&fresh, Kind::Products, &month).expect("report")
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
