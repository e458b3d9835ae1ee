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
//! `Groups::of` is the one place that decides, once per catalogue.

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
use galla_domain::{LocationId, ProductId, Unit, VariantId};
use serde_json::Value;
use std::collections::HashMap;
use std::sync::Arc;

use crate::store::{CatalogueItem, ReportCatalogue, Store};
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

/// The catalogue as the reports name and value it.
pub struct Catalogue {
    /// Every variant.
    pub items: crate::store::SharedCatalogue,
    /// How its items group, worked out once per catalogue.
    pub groups: Arc<Groups>,
}

/// How the catalogue's items group — by category, product and HSN code —
/// each item's group a place in a list, so a report adds up into arrays.
/// Indexed by an item's place in the catalogue.
pub struct Groups {
    /// Each item's category, a place in `categories`.
    pub category: Vec<u32>,
    /// Each category's label.
    pub categories: Vec<Arc<str>>,
    /// Each category's place among the labels in order (sorting by it
    /// sorts by label).
    pub category_rank: Vec<u32>,
    /// Each item's product, a place in `products`.
    pub product: Vec<u32>,
    /// Each product: its id and the place of its first item (the lowest
    /// variant id), whose name and category it is shown with.
    pub products: Vec<(ProductId, u32)>,
    /// Each item's HSN code and unit, a place in `hsns`.
    pub hsn: Vec<u32>,
    /// Each HSN code and unit, with what it is: the first product name
    /// with that code.
    pub hsns: Vec<(String, Unit, String)>,
}

impl Groups {
    fn of(items: &ReportCatalogue) -> Groups {
        // Each heading's first name (categories named by HSN heading), and
        // each HSN code's (what the HSN summary says it is).
        let mut first: HashMap<&str, &str> = HashMap::new();
        let mut described: HashMap<&str, &str> = HashMap::new();
        for item in items.values() {
            if item.category.is_none() {
                keep_lowest(&mut first, heading(&item.hsn), &item.name);
            }
            keep_lowest(&mut described, &item.hsn, &item.name);
        }
        let mut g = Groups {
            category: Vec::with_capacity(items.len()),
            categories: Vec::new(),
            category_rank: Vec::new(),
            product: Vec::with_capacity(items.len()),
            products: Vec::new(),
            hsn: Vec::with_capacity(items.len()),
            hsns: Vec::new(),
        };
        // A category is found by its own name or its heading (labelled on
        // first sight; two that read the same are one).
        let mut keyed: HashMap<(bool, &str), u32> = HashMap::new();
        let mut labels: HashMap<String, u32> = HashMap::new();
        let mut products: HashMap<ProductId, u32> = HashMap::new();
        let mut hsns: HashMap<(&str, Unit), u32> = HashMap::new();
        for (at, item) in items.items().iter().enumerate() {
            let key = match &item.category {
                Some(category) => (true, &**category),
                None => (false, heading(&item.hsn)),
            };
            let c = *keyed.entry(key).or_insert_with(|| {
                let label = match key {
                    (true, own) => own.to_string(),
                    (false, h) => format!("{h} {}", first.get(h).copied().unwrap_or_default()),
                };
                let next = g.categories.len() as u32;
                *labels.entry(label).or_insert_with_key(|l| {
                    g.categories.push(Arc::from(l.as_str()));
                    next
                })
            });
            g.category.push(c);
            let next = g.products.len() as u32;
            let p = *products.entry(item.product_id).or_insert_with(|| {
                g.products.push((item.product_id, at as u32));
                next
            });
            let lowest = &mut g.products[p as usize].1;
            if item.variant_id < items.items()[*lowest as usize].variant_id {
                *lowest = at as u32;
            }
            g.product.push(p);
            let next = g.hsns.len() as u32;
            let h = *hsns.entry((&item.hsn, item.unit)).or_insert_with(|| {
                let name = described.get(&*item.hsn).copied().unwrap_or_default();
                g.hsns
                    .push((item.hsn.to_string(), item.unit, name.to_string()));
                next
            });
            g.hsn.push(h);
        }
        let mut order: Vec<usize> = (0..g.categories.len()).collect();
        order.sort_by(|a, b| g.categories[*a].cmp(&g.categories[*b]));
        g.category_rank = vec![0; order.len()];
        for (rank, c) in order.into_iter().enumerate() {
            g.category_rank[c] = rank as u32;
        }
        g
    }
}

/// Keeps the lowest `name` seen for `key`.
fn keep_lowest<'a>(map: &mut HashMap<&'a str, &'a str>, key: &'a str, name: &'a str) {
    map.entry(key)
        .and_modify(|l| *l = name.min(*l))
        .or_insert(name);
}

/// The label of a variant not in the catalogue yet.
pub const UNKNOWN_CATEGORY: &str = "? (not in the catalogue yet)";

impl Catalogue {
    /// Reads it (the catalogue and its groups are kept until it changes).
    pub fn load(store: &Store) -> anyhow::Result<Catalogue> {
        let items = store.report_catalogue()?;
        let groups = items.memo(Groups::of);
        Ok(Catalogue { items, groups })
    }

    /// The category of a variant: the product's own category when it has
    /// one ("Kurtas"), else its HSN heading named after the first product
    /// in it ("6211 Cotton Kurta").
    pub fn category_of(&self, variant: VariantId) -> &str {
        match self.items.place(&variant) {
            Some(at) => self.category_at(at),
            None => UNKNOWN_CATEGORY,
        }
    }

    /// The category of the item at `at`.
    pub fn category_at(&self, at: usize) -> &str {
        &self.groups.categories[self.groups.category[at] as usize]
    }

    /// The category of the item at `at`, shared.
    pub fn category_shared(&self, at: usize) -> Arc<str> {
        self.groups.categories[self.groups.category[at] as usize].clone()
    }

    /// Where the item at `at` goes when items are sorted by category,
    /// then by `then`, then by SKU: the order of `places` after.
    pub fn sort_by_category<K: Ord>(&self, places: &mut [(usize, K)]) {
        let g = &self.groups;
        let items = self.items.items();
        places.sort_unstable_by(|(a, ka), (b, kb)| {
            let rank = |at: usize| g.category_rank[g.category[at] as usize];
            rank(*a)
                .cmp(&rank(*b))
                .then_with(|| ka.cmp(kb))
                .then_with(|| items[*a].sku.cmp(&items[*b].sku))
                .then_with(|| a.cmp(b))
        });
    }

    /// A variant's name with size and colour, or its id when unknown.
    pub fn name_of(&self, variant: VariantId) -> String {
        match self.items.get(&variant) {
            Some(i) => full_name(i),
            None => format!("item {variant}"),
        }
    }
}

/// An item's name with size and colour.
pub fn full_name(i: &CatalogueItem) -> String {
    let more = [&i.size, &i.colour]
        .into_iter()
        .flatten()
        .map(|p| p.len() + 1)
        .sum::<usize>();
    let mut s = String::with_capacity(i.name.len() + more);
    s.push_str(&i.name);
    for part in [&i.size, &i.colour].into_iter().flatten() {
        s.push(' ');
        s.push_str(part);
    }
    s
}

/// The HSN heading: the first four digits (characters).
fn heading(hsn: &str) -> &str {
    match hsn.char_indices().nth(4) {
        Some((at, _)) => &hsn[..at],
        None => hsn,
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
