//! `galla report NAME`: any report for a period and a location, as text
//! (Indian formatting), one JSON object (paise), CSV (rupees), an A4 PDF,
//! or printed on the till's printer (daily sales and the day close). A thin
//! layer over `crate::report`, the same code the Reports pane calls.

use anyhow::{Context, Result, bail};
use chrono::{NaiveDate, Utc};
use clap::Args;
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::config::Config;
use crate::report::{self, Kind, Period, Query, Report};
use crate::store::{Access, Store};

/// `galla report`.
#[derive(Args, Debug)]
pub struct ReportArgs {
    /// daily, products, sizes, outstanding, dead-stock, low-stock, gst, staff
    /// or day-close (the day's sales and this counter's cash book, to print).
    pub name: String,
    /// The first shop-local day, YYYY-MM-DD.
    #[arg(long)]
    pub from: Option<NaiveDate>,
    /// The last shop-local day, YYYY-MM-DD, inclusive (for outstanding,
    /// dead and low stock: the day they are as of).
    #[arg(long)]
    pub to: Option<NaiveDate>,
    /// A whole month, YYYY-MM, instead of --from and --to.
    #[arg(long, conflicts_with_all = ["from", "to"])]
    pub month: Option<String>,
    /// One location by name (default: all).
    #[arg(long)]
    pub location: Option<String>,
    /// Dead stock: no sale for this many days (default: the
    /// report.dead_stock_days setting, else 90).
    #[arg(long, value_parser = clap::value_parser!(u32).range(1..=3_650))]
    pub days: Option<u32>,
    /// Size demand: one product's sizes × colours (its name, or an item's SKU).
    #[arg(long)]
    pub product: Option<String>,
    /// One JSON object, money in paise.
    #[arg(long, conflicts_with_all = ["csv", "pdf", "print"])]
    pub json: bool,
    /// The main table as CSV, money in rupees (GST: the six sheets, into --out).
    #[arg(long, conflicts_with_all = ["pdf", "print"])]
    pub csv: bool,
    /// Write an A4 PDF to this file.
    #[arg(long, value_name = "FILE", conflicts_with = "print")]
    pub pdf: Option<PathBuf>,
    /// Print on the till's printer (daily and day-close).
    #[arg(long)]
    pub print: bool,
    /// GST with --csv: the folder its sheets are written to.
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
}

fn month(text: &str) -> Result<Period> {
    let day = NaiveDate::parse_from_str(&format!("{text}-01"), "%Y-%m-%d")
        .with_context(|| format!("--month {text:?} is not a month: write it as YYYY-MM"))?;
    Ok(Period::month(day))
}

/// The period asked for: --month, --from/--to, or the report's default.
fn period(kind: Option<Kind>, args: &ReportArgs, today: NaiveDate) -> Result<Period> {
    if let Some(m) = &args.month {
        return month(m);
    }
    let default = |d| kind.map_or(Period::day(d), |k| k.default_period(d));
    match (args.from, args.to) {
        (Some(f), Some(t)) => Period::range(f, t).map_err(anyhow::Error::msg),
        (Some(f), None) => Period::range(f, today.max(f)).map_err(anyhow::Error::msg),
        (None, Some(t)) => Ok(default(t)),
        (None, None) => Ok(default(today)),
    }
}

/// The location named, or a refusal listing the names there are.
pub fn location(store: &Store, name: &str) -> Result<(galla_domain::LocationId, String)> {
    let all = store.locations()?;
    all.iter()
        .find(|l| l.name.eq_ignore_ascii_case(name.trim()))
        .map(|l| (l.location_id, l.name.clone()))
        .ok_or_else(|| {
            let names: Vec<&str> = all.iter().map(|l| l.name.as_str()).collect();
            anyhow::anyhow!(
                "there is no location named {name:?}; the locations are: {}",
                names.join(", ")
            )
        })
}

/// The product a name or SKU names (exactly, else the only one it starts).
fn product(store: &Store, text: &str) -> Result<galla_domain::ProductId> {
    let items = store.report_catalogue()?;
    let t = text.trim().to_lowercase();
    if let Some(i) = items.values().find(|i| i.sku.to_lowercase() == t) {
        return Ok(i.product_id);
    }
    let mut exact: Vec<_> = items
        .values()
        .filter(|i| i.name.to_lowercase() == t)
        .collect();
    if exact.is_empty() {
        exact = items
            .values()
            .filter(|i| i.name.to_lowercase().starts_with(&t))
            .collect();
    }
    let mut ids: Vec<_> = exact
        .iter()
        .map(|i| (i.product_id, i.name.clone()))
        .collect();
    ids.sort();
    ids.dedup();
    match ids.as_slice() {
        [(id, _)] => Ok(*id),
        [] => bail!("no product is called {text:?} and no item has that SKU"),
        many => {
            let names: Vec<&str> = many.iter().take(5).map(|(_, n)| &**n).collect();
            bail!(
                "{text:?} names {} products ({}…): give more of the name or a SKU",
                many.len(),
                names.join(", ")
            )
        }
    }
}

fn shop_name(store: &Store, config: &Config) -> String {
    store
        .shop_settings()
        .ok()
        .and_then(|s| {
            s.get("shop.name")
                .and_then(|v| v.as_str())
                .map(str::to_string)
        })
        .unwrap_or_else(|| config.shop.name.clone())
}

/// `galla report NAME ...`.
pub fn run(db: &Path, config: &Config, args: &ReportArgs) -> Result<()> {
    let close = args.name == "day-close";
    let kind = if close {
        None
    } else {
        Some(Kind::parse(&args.name).map_err(anyhow::Error::msg)?)
    };
    if args.print && !(close || kind == Some(Kind::Daily)) {
        bail!(
            "--print is for the daily sales and the day close; for {} use --pdf FILE or --csv",
            args.name
        );
    }
    if close && (args.json || args.csv || args.pdf.is_some()) {
        bail!(
            "the day close is printed (--print) or shown as text; for figures use `galla report daily`"
        );
    }
    let store = super::open_existing(db, Access::ReadOnly)?;
    let tz = config.timezone();
    let today = Utc::now().with_timezone(&tz).date_naive();
    let mut q = Query::new(period(kind, args, today)?, tz);
    if let Some(name) = &args.location {
        q.location = Some(location(&store, name)?);
    }
    q.dead_days = args.days.unwrap_or_else(|| {
        crate::settings::dead_stock_days(&store.shop_settings().unwrap_or_default())
    });
    if let Some(p) = &args.product {
        q.product = Some(product(&store, p)?);
    }
    let till = crate::tui::till_setup(config, db);
    let width = till.paper.columns();
    let Some(kind) = kind else {
        let day = q.period.to;
        q.period = Period::day(day);
        let Report::Daily(d) = report::compute(&store, Kind::Daily, &q)? else {
            bail!("the daily sales could not be worked out");
        };
        let book = store.day_book(store.device_id(), day, tz)?;
        let lines = report::paper::day_close(&d, &book, &q, width, tz);
        return if args.print {
            report::paper::print(&lines, &till)?;
            eprintln!("printed the day close for {}", day.format("%d %b %Y"));
            Ok(())
        } else {
            write_lines(&lines)
        };
    };
    let r = report::compute(&store, kind, &q)?;
    if args.json {
        return write_lines(&[r.json().to_string()]);
    }
    if args.csv {
        if let Report::Gst(g) = &r {
            let dir = args.out.as_ref().context(
                "the GST report is several sheets (b2b, b2cl, b2cs, cdnr, hsn, docs): give --out DIR",
            )?;
            for path in g.write_csvs(dir)? {
                eprintln!("wrote {}", path.display());
            }
            return Ok(());
        }
        let mut out = std::io::BufWriter::new(std::io::stdout().lock());
        out.write_all(r.csv_table().to_csv().as_bytes())?;
        out.flush()?;
        return Ok(());
    }
    if let Some(path) = &args.pdf {
        let bytes = report::paper::pdf(&r, &q, &shop_name(&store, config));
        std::fs::write(path, bytes)
            .with_context(|| format!("cannot write the PDF to {}", path.display()))?;
        eprintln!("wrote {}", path.display());
        return Ok(());
    }
    if args.print {
        let Report::Daily(d) = &r else {
            bail!("only the daily sales print");
        };
        report::paper::print(&report::paper::daily_slip(d, &q, width), &till)?;
        eprintln!("printed the daily sales for {}", q.period.label());
        return Ok(());
    }
    let lines: Vec<String> = r
        .text(&q, 100)
        .iter()
        .map(|l| crate::text::printable(l).into_owned())
        .collect();
    write_lines(&lines)
}

fn write_lines(lines: &[String]) -> Result<()> {
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    for l in lines {
        writeln!(out, "{l}")?;
    }
    out.flush()?;
    Ok(())
}
