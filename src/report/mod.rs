//! The reports (issue 14), computed from the report projections through the
//! store's queries (`store::report`), never from the events: daily sales,
//! product performance, size demand, outstanding, dead stock, low stock,
//! GST and sales by person. Each report is a plain value with its JSON
//! (paise), its CSV table (rupees) and its text lines (Indian formatting);
//! the Reports pane, `galla report`, the PDF and the slip all use them.
//!
//! Categories: a product's own category when it was given one (the
//! catalogue editor's field); otherwise its HSN heading (the first four
//! digits, how GST classifies goods), named after the first product in it.
//! `catalogue::Groups::of` is the one place that decides, once per catalogue.

mod catalogue;
pub mod daily;
pub mod gst;
pub mod gst_out;
mod gst_sheets;
mod gst_sums;
pub mod outstanding;
pub mod paper;
pub mod period;
pub mod products;
pub mod sizes;
pub mod staff;
pub mod stock;
pub mod table;

use chrono::{DateTime, NaiveDate, Timelike, Utc};
use chrono_tz::Tz;
use galla_domain::projection::report::SLOT_MS;
use galla_domain::{LocationId, ProductId};
use serde_json::Value;

use crate::store::Store;
pub use catalogue::{Catalogue, Groups, UNKNOWN_CATEGORY, full_name};
pub use period::{Period, PeriodKind};
pub use table::{Cell, Table};

/// Which report.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Kind {
    /// Daily sales / day book.
    Daily,
    /// Product performance.
    Products,
    /// Size demand.
    Sizes,
    /// Receivables and payables with ageing.
    Outstanding,
    /// Stock that has not sold for a while.
    DeadStock,
    /// Below the reorder level.
    LowStock,
    /// GSTR-1 and GSTR-3B figures.
    Gst,
    /// Sales by person and by counter.
    Staff,
}

impl Kind {
    /// Every report, in the pane's order.
    pub const ALL: [Kind; 8] = [
        Kind::Daily,
        Kind::Products,
        Kind::Sizes,
        Kind::Outstanding,
        Kind::DeadStock,
        Kind::LowStock,
        Kind::Gst,
        Kind::Staff,
    ];

    /// The name on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Kind::Daily => "daily",
            Kind::Products => "products",
            Kind::Sizes => "sizes",
            Kind::Outstanding => "outstanding",
            Kind::DeadStock => "dead-stock",
            Kind::LowStock => "low-stock",
            Kind::Gst => "gst",
            Kind::Staff => "staff",
        }
    }

    /// The title on screen.
    pub fn title(self) -> &'static str {
        match self {
            Kind::Daily => "Daily sales",
            Kind::Products => "Products",
            Kind::Sizes => "Size demand",
            Kind::Outstanding => "Outstanding",
            Kind::DeadStock => "Dead stock",
            Kind::LowStock => "Low stock",
            Kind::Gst => "GST",
            Kind::Staff => "Staff",
        }
    }

    /// Reads a command-line name.
    pub fn parse(name: &str) -> Result<Kind, String> {
        Kind::ALL
            .into_iter()
            .find(|k| k.name() == name)
            .ok_or_else(|| {
                let names: Vec<&str> = Kind::ALL.iter().map(|k| k.name()).collect();
                format!(
                    "there is no report called {name:?}; the reports are: {}",
                    names.join(", ")
                )
            })
    }

    /// The period it opens on, as of `today`: a month for products, sizes
    /// and GST (GST: last month, the one being filed), else today.
    pub fn default_period(self, today: NaiveDate) -> Period {
        match self {
            Kind::Products | Kind::Sizes => Period::month(today),
            Kind::Gst => Period::choice(4, today),
            _ => Period::day(today),
        }
    }

    /// Whether the period means "as of its last day" rather than "during".
    pub fn as_of(self) -> bool {
        matches!(self, Kind::Outstanding | Kind::DeadStock | Kind::LowStock)
    }
}

/// What a report is asked for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Query {
    /// The days.
    pub period: Period,
    /// One location (id and name), or all.
    pub location: Option<(LocationId, String)>,
    /// The shop's time zone.
    pub tz: Tz,
    /// Dead stock: no sale for this many days.
    pub dead_days: u32,
    /// Size demand: one product's sizes × colours instead of categories.
    pub product: Option<ProductId>,
}

impl Query {
    /// A query for `period` in `tz`, all locations.
    pub fn new(period: Period, tz: Tz) -> Query {
        Query {
            period,
            location: None,
            tz,
            dead_days: DEAD_DAYS,
            product: None,
        }
    }

    /// The location's id, if one is chosen.
    pub fn location_id(&self) -> Option<LocationId> {
        self.location.as_ref().map(|l| l.0)
    }

    /// "all locations" or the location's name.
    pub fn location_words(&self) -> String {
        self.location
            .as_ref()
            .map_or_else(|| "all locations".to_string(), |l| l.1.clone())
    }
}

/// Dead stock's default: no sale for 90 days (setting `report.dead_stock_days`).
pub const DEAD_DAYS: u32 = 90;

/// A computed report.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Report {
    /// See [`Kind::Daily`].
    Daily(Box<daily::Daily>),
    /// See [`Kind::Products`].
    Products(Box<products::Products>),
    /// See [`Kind::Sizes`].
    Sizes(Box<sizes::Sizes>),
    /// See [`Kind::Outstanding`].
    Outstanding(Box<outstanding::Outstanding>),
    /// See [`Kind::DeadStock`].
    DeadStock(Box<stock::DeadStock>),
    /// See [`Kind::LowStock`].
    LowStock(Box<stock::LowStock>),
    /// See [`Kind::Gst`].
    Gst(Box<gst::Gst>),
    /// See [`Kind::Staff`].
    Staff(Box<staff::StaffSales>),
}

/// Computes report `kind` for `q`.
pub fn compute(store: &Store, kind: Kind, q: &Query) -> anyhow::Result<Report> {
    Ok(match kind {
        Kind::Daily => Report::Daily(Box::new(daily::compute(store, q)?)),
        Kind::Products => Report::Products(Box::new(products::compute(store, q)?)),
        Kind::Sizes => Report::Sizes(Box::new(sizes::compute(store, q)?)),
        Kind::Outstanding => Report::Outstanding(Box::new(outstanding::outstanding(store, q)?)),
        Kind::DeadStock => Report::DeadStock(Box::new(stock::dead_stock(store, q)?)),
        Kind::LowStock => Report::LowStock(Box::new(stock::low_stock(store, q)?)),
        Kind::Gst => Report::Gst(Box::new(gst::compute(store, q)?)),
        Kind::Staff => Report::Staff(Box::new(staff::compute(store, q)?)),
    })
}

impl Report {
    /// Which report it is.
    pub fn kind(&self) -> Kind {
        match self {
            Report::Daily(_) => Kind::Daily,
            Report::Products(_) => Kind::Products,
            Report::Sizes(_) => Kind::Sizes,
            Report::Outstanding(_) => Kind::Outstanding,
            Report::DeadStock(_) => Kind::DeadStock,
            Report::LowStock(_) => Kind::LowStock,
            Report::Gst(_) => Kind::Gst,
            Report::Staff(_) => Kind::Staff,
        }
    }

    /// The report as one JSON object (money in paise).
    pub fn json(&self) -> Value {
        match self {
            Report::Daily(r) => r.json(),
            Report::Products(r) => r.json(),
            Report::Sizes(r) => r.json(),
            Report::Outstanding(r) => r.json(),
            Report::DeadStock(r) => r.json(),
            Report::LowStock(r) => r.json(),
            Report::Gst(r) => r.json(),
            Report::Staff(r) => r.json(),
        }
    }

    /// The tables it shows, the main one first (the one `--csv` writes).
    pub fn tables(&self) -> Vec<Table> {
        match self {
            Report::Daily(r) => r.tables(),
            Report::Products(r) => r.tables(),
            Report::Sizes(r) => r.tables(),
            Report::Outstanding(r) => r.tables(),
            Report::DeadStock(r) => r.tables(),
            Report::LowStock(r) => r.tables(),
            Report::Gst(r) => r.tables(),
            Report::Staff(r) => r.tables(),
        }
    }

    /// The table `--csv` writes: the main one, every row named in full.
    pub fn csv_table(&self) -> Table {
        match self {
            Report::Daily(r) => r.csv_table(),
            Report::Products(r) => r.csv_table(),
            Report::Sizes(r) => r.csv_table(),
            Report::LowStock(r) => r.csv_table(),
            _ => self.tables().into_iter().next().unwrap_or_default(),
        }
    }

    /// The headline figures, as (label, value) pairs.
    pub fn summary(&self) -> Vec<(String, Cell)> {
        match self {
            Report::Daily(r) => r.summary(),
            Report::Products(r) => r.summary(),
            Report::Sizes(r) => r.summary(),
            Report::Outstanding(r) => r.summary(),
            Report::DeadStock(r) => r.summary(),
            Report::LowStock(r) => r.summary(),
            Report::Gst(r) => r.summary(),
            Report::Staff(r) => r.summary(),
        }
    }

    /// Its title line: the report, the period and the location.
    pub fn heading(&self, q: &Query) -> String {
        let kind = self.kind();
        let when = if kind.as_of() {
            format!("as of {}", q.period.to.format("%d %b %Y"))
        } else {
            q.period.label()
        };
        let place = if kind == Kind::Outstanding || kind == Kind::Gst {
            String::new()
        } else {
            format!(" · {}", q.location_words())
        };
        format!("{} · {when}{place}", kind.title())
    }

    /// The whole report as text lines at most `width` wide.
    pub fn text(&self, q: &Query, width: usize) -> Vec<String> {
        let mut out = vec![self.heading(q), String::new()];
        // The figures in one narrow column, labels left and amounts right.
        let column = width.min(56);
        for (label, value) in self.summary() {
            let v = value.show();
            let pad = column
                .saturating_sub(table::width(&label) + table::width(&v))
                .max(1);
            out.push(format!("{label}{}{v}", " ".repeat(pad)));
        }
        for t in self.tables() {
            out.push(String::new());
            out.extend(t.text(width));
        }
        out
    }
}

/// The shop-local date and hour a slot starts at.
pub fn local_hour(slot: i64, tz: Tz) -> (NaiveDate, u32) {
    let at = DateTime::<Utc>::from_timestamp_millis(slot * SLOT_MS)
        .unwrap_or_default()
        .with_timezone(&tz);
    (at.date_naive(), at.hour())
}

/// The shop-local date of an instant in ms.
pub fn local_date(ms: i64, tz: Tz) -> NaiveDate {
    DateTime::<Utc>::from_timestamp_millis(ms)
        .unwrap_or_default()
        .with_timezone(&tz)
        .date_naive()
}
