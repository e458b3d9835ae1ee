//! The Reports pane's work: opening it (with or without costs, by who is
//! signed in), reading a report for the runner, and printing or exporting
//! the report shown. Every answer is an action; a failure comes back in
//! words.

use chrono_tz::Tz;
use std::path::{Path, PathBuf};

use super::action::{Action, Effect, ReportAsk, ReportOut};
use super::till::TillSetup;
use super::{App, PaneId};
use crate::report::{self, Kind, Period, Query, Report};
use crate::store::Store;
use crate::ui::reports::Shown;

/// Shows the Reports pane and reads the report it shows. Whether the
/// person may see reports at all was asked before (`update::show`); cost
/// and margin columns show only to those who may see costs.
pub fn go(app: &mut App) -> Vec<Effect> {
    app.active = PaneId::Reports;
    let today = app.now.with_timezone(&app.status.tz).date_naive();
    let width = app.size.0;
    let costs = app.may(galla_domain::access::Permission::SeeCosts);
    let pane = &mut app.panes.reports;
    pane.width = width;
    pane.costs = costs;
    pane.open(today)
}

/// Reads the report asked for.
pub fn load(store: &Store, tz: Tz, ask: &ReportAsk) -> Action {
    let read = || -> anyhow::Result<Box<Shown>> {
        let mut query = Query::new(ask.period, tz);
        query.location = ask.location.clone();
        query.product = ask.product;
        query.dead_days = crate::settings::dead_stock_days(&store.shop_settings()?);
        let report = report::compute(store, ask.kind, &query)?;
        Ok(Box::new(Shown { query, report }))
    };
    Action::ReportLoaded {
        generation: ask.generation,
        result: read().map_err(|e| format!("The report could not be read: {e}")),
    }
}

/// Where an export of `shown` goes: beside the database, named after the
/// report and its days.
pub fn export_path(db: &Path, shown: &Shown, extension: &str) -> PathBuf {
    let stem = db.file_stem().and_then(|s| s.to_str()).unwrap_or("galla");
    let p: Period = shown.query.period;
    let days = if p.from == p.to {
        p.from.to_string()
    } else {
        format!("{}_{}", p.from, p.to)
    };
    db.with_file_name(format!(
        "{stem}-{}-{days}.{extension}",
        shown.report.kind().name()
    ))
}

/// Prints or exports the report shown.
pub fn output(
    store: &Store,
    till: &TillSetup,
    shop: &str,
    shown: &Shown,
    out: ReportOut,
) -> Action {
    let run = || -> anyhow::Result<String> {
        let q = &shown.query;
        match out {
            ReportOut::Print => {
                let Report::Daily(d) = &shown.report else {
                    anyhow::bail!("only the daily sales print");
                };
                let width = till.paper.columns();
                let lines = if q.period.from == q.period.to {
                    let book = store.day_book(store.device_id(), q.period.to, q.tz)?;
                    report::paper::day_close(d, &book, q, width, q.tz)
                } else {
                    report::paper::daily_slip(d, q, width)
                };
                report::paper::print(&lines, till)?;
                Ok(format!("printed the daily sales for {}", q.period.label()))
            }
            ReportOut::Export => {
                let pdf = matches!(
                    shown.report.kind(),
                    Kind::Daily | Kind::Outstanding | Kind::Gst
                );
                let mut written = Vec::new();
                if let Report::Gst(g) = &shown.report {
                    let dir = export_path(store.path(), shown, "csv");
                    written.extend(g.write_csvs(&dir)?);
                }
                let path = export_path(store.path(), shown, if pdf { "pdf" } else { "csv" });
                let bytes = if pdf {
                    report::paper::pdf(&shown.report, q, shop)
                } else {
                    shown.report.csv_table().to_csv().into_bytes()
                };
                std::fs::write(&path, bytes)?;
                written.push(path);
                let names: Vec<String> = written.iter().map(|p| p.display().to_string()).collect();
                Ok(format!("written: {}", names.join(", ")))
            }
        }
    };
    Action::ReportDone(run().map_err(|e| format!("The report did not go out: {e}")))
}
