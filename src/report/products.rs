//! Product performance: per product and per category, the quantity sold
//! and returned, revenue (taxable value, before GST) net of returns, the
//! cost of the goods at each item's current cost, the margin and margin %,
//! the top and bottom 20, and a trend of at most 31 points over the period.
//!
//! A cancelled bill's lines are taken back out; a return counts when it was
//! taken, valued at the taxable value its bill charged for those goods.

use galla_domain::{Money, ProductId, Qty};
use serde_json::{Value, json};
use std::collections::BTreeMap;

use super::table::{Cell, Table, share};
use super::{Catalogue, Period, Query, local_date};
use crate::store::{NONE, Store};

/// How many products the top and bottom lists hold.
pub const TOP: usize = 20;

/// One product's (or category's, or the shop's) figures.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Perf {
    /// Sold.
    pub sold: Qty,
    /// Returned.
    pub returned: Qty,
    /// Taxable value sold.
    pub revenue: Money,
    /// Taxable value returned.
    pub returns: Money,
    /// Cost of the goods sold less those returned.
    pub cost: Money,
    /// Net revenue by trend point.
    pub trend: Vec<Money>,
}

impl Perf {
    /// Revenue less returns.
    pub fn net(&self) -> Money {
        self.revenue - self.returns
    }

    /// Net revenue less cost.
    pub fn margin(&self) -> Money {
        self.net() - self.cost
    }

    /// Margin as basis points of net revenue.
    pub fn margin_bp(&self) -> Option<i64> {
        share(self.margin().paise(), self.net().paise())
    }

    fn add(&mut self, o: &Perf) {
        self.sold += o.sold;
        self.returned += o.returned;
        self.revenue += o.revenue;
        self.returns += o.returns;
        self.cost += o.cost;
        if self.trend.len() < o.trend.len() {
            self.trend.resize(o.trend.len(), Money::ZERO);
        }
        for (a, b) in self.trend.iter_mut().zip(&o.trend) {
            *a += *b;
        }
    }
}

/// A named row.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Named {
    /// The product id (none for a category).
    pub product_id: Option<ProductId>,
    /// Its name.
    pub name: String,
    /// Its category label.
    pub category: String,
    /// The figures.
    pub perf: Perf,
}

/// The product performance report.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Products {
    /// The days.
    pub period: Period,
    /// The first day of each trend point.
    pub points: Vec<chrono::NaiveDate>,
    /// Every product sold or returned, the most net revenue first.
    pub products: Vec<Named>,
    /// Every category, the most net revenue first.
    pub categories: Vec<Named>,
    /// The shop.
    pub total: Perf,
}

/// The trend points of a period: one a day up to 31 days, else 31 runs of
/// days of about equal length.
pub fn points(period: Period) -> (usize, impl Fn(chrono::NaiveDate) -> usize) {
    let days = period.days();
    let n = days.min(31);
    let from = period.from;
    (n, move |d: chrono::NaiveDate| {
        let i = (d - from).num_days().clamp(0, days as i64 - 1) as usize;
        i * n / days
    })
}

/// Works out product performance for `q`. Sums go into arrays by each
/// item's product (its place in the catalogue's groups; one more place for
/// items not in the catalogue yet), so a year's rows are array lookups.
pub fn compute(store: &Store, q: &Query) -> anyhow::Result<Products> {
    let cat = Catalogue::load(store)?;
    let groups = &cat.groups;
    let numbers = store.report_numbers(&cat.items)?;
    let (n, point) = points(q.period);
    let slots = q.period.slots(q.tz);
    let days = q.period.day_slots(q.tz);
    let unknown = groups.products.len();
    let width = unknown + 1;
    // Point-major: a period's rows come in slot order, so one point's
    // products are summed together (cache-friendly); sold and revenue are
    // arrays of their own for the same reason.
    let mut trend = vec![Money::ZERO; width * n];
    let mut sold = vec![Qty::ZERO; width];
    let mut revenue = vec![Money::ZERO; width];
    let mut by = vec![Perf::default(); width];
    let mut seen = vec![false; width];
    let mut kept = vec![Qty::ZERO; cat.items.len()];
    let product = |place: Option<usize>| place.map_or(unknown, |at| groups.product[at] as usize);
    // Each report number's (place, product): one lookup a row.
    let of: Vec<(u32, u32)> = numbers
        .iter()
        .map(|&at| match at {
            NONE => (NONE, unknown as u32),
            at => (at, groups.product[at as usize]),
        })
        .collect();
    // Point by point: each point's days are one slot range.
    let day_count = q.period.days();
    for point_at in 0..n {
        let first = (point_at * day_count).div_ceil(n);
        let next = ((point_at + 1) * day_count).div_ceil(n);
        let (Some(from), to) = (days.start(first), days.start(next)) else {
            continue;
        };
        let row = point_at * width;
        let range = from..to.unwrap_or(slots.end);
        store.for_each_report_sale(range, q.location_id(), |v, qty, taxable| {
            let (at, p) = of
                .get(v as usize)
                .copied()
                .unwrap_or((NONE, unknown as u32));
            let p = p as usize;
            sold[p] += qty;
            revenue[p] += taxable;
            trend[row + p] += taxable;
            seen[p] = true;
            if at != NONE {
                kept[at as usize] += qty;
            }
        })?;
    }
    for (p, perf) in by.iter_mut().enumerate() {
        perf.sold = sold[p];
        perf.revenue = revenue[p];
    }
    for c in store.report_cancelled(slots.clone(), q.location_id())? {
        let at = point(local_date(c.fact.at_ms, q.tz));
        for l in &c.fact.lines {
            let place = cat.items.place(&l.variant_id);
            let p = product(place);
            by[p].sold -= l.qty;
            by[p].revenue -= l.taxable;
            trend[at * width + p] -= l.taxable;
            seen[p] = true;
            if let Some(place) = place {
                kept[place] -= l.qty;
            }
        }
    }
    for r in returned(store, q, q.period)? {
        let place = cat.items.place(&r.variant_id);
        let p = product(place);
        by[p].returned += r.qty;
        by[p].returns += r.value;
        trend[point(local_date(r.at_ms, q.tz)) * width + p] -= r.value;
        seen[p] = true;
        if let Some(place) = place {
            kept[place] -= r.qty;
        }
    }
    // Cost of goods: each item's net quantity at its cost, rounded once.
    for (at, (item, qty)) in cat.items.items().iter().zip(&kept).enumerate() {
        if *qty != Qty::ZERO {
            by[groups.product[at] as usize].cost += item.cost.times_qty(*qty);
        }
    }
    // Each product named by its first variant (its name and category).
    let mut products: Vec<Named> = Vec::new();
    for (p, mut perf) in by.into_iter().enumerate() {
        if !seen[p] {
            continue;
        }
        perf.trend = (0..n).map(|i| trend[i * width + p]).collect();
        let (product_id, name, category) = match groups.products.get(p) {
            Some(&(id, first)) => (
                Some(id),
                cat.items.items()[first as usize].name.to_string(),
                cat.category_at(first as usize).to_string(),
            ),
            None => (None, "(items not in the catalogue yet)".into(), "?".into()),
        };
        products.push(Named {
            product_id,
            name,
            category,
            perf,
        });
    }
    rank(&mut products);
    let new = || Perf {
        trend: vec![Money::ZERO; n],
        ..Perf::default()
    };
    let mut cats: BTreeMap<String, Perf> = BTreeMap::new();
    let mut total = new();
    for p in &products {
        cats.entry(p.category.clone())
            .or_insert_with(new)
            .add(&p.perf);
        total.add(&p.perf);
    }
    let mut categories: Vec<Named> = cats
        .into_iter()
        .map(|(c, perf)| Named {
            product_id: None,
            name: c.clone(),
            category: c,
            perf,
        })
        .collect();
    rank(&mut categories);
    let mut starts = vec![q.period.from; n];
    let days: Vec<chrono::NaiveDate> = q.period.dates().collect();
    for d in days.into_iter().rev() {
        starts[point(d)] = d;
    }
    Ok(Products {
        period: q.period,
        points: starts,
        products,
        categories,
        total,
    })
}

/// The most net revenue first; equals by name, then id.
fn rank(list: &mut [Named]) {
    list.sort_by(|a, b| {
        b.perf
            .net()
            .cmp(&a.perf.net())
            .then_with(|| a.name.cmp(&b.name))
            .then_with(|| a.product_id.cmp(&b.product_id))
    });
}

/// Goods of one variant that came back.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Returned {
    /// The variant.
    pub variant_id: galla_domain::VariantId,
    /// How many.
    pub qty: Qty,
    /// The taxable value its bill charged for them (0 when the bill is not
    /// here yet).
    pub value: Money,
    /// When they came back (ms, UTC).
    pub at_ms: i64,
}

/// Every variant returned in `period` at `q`'s location, valued at what
/// its bill charged for it.
pub fn returned(store: &Store, q: &Query, period: Period) -> anyhow::Result<Vec<Returned>> {
    let returns = store.report_returns(period.slots(q.tz), q.location_id())?;
    let ids: Vec<galla_domain::BillId> = returns.iter().map(|(_, r)| r.bill_id).collect();
    let bills = store.report_bills_by_id(&ids)?;
    let mut out = Vec::new();
    for (_, r) in &returns {
        for back in &r.lines {
            let value = bills
                .get(&r.bill_id)
                .and_then(|b| {
                    b.fact
                        .lines
                        .iter()
                        .find(|l| l.variant_id == back.variant_id)
                })
                .map_or(Money::ZERO, |l| part_of(l.taxable, back.qty, l.qty));
            out.push(Returned {
                variant_id: back.variant_id,
                qty: back.qty,
                value,
                at_ms: r.at_ms,
            });
        }
    }
    Ok(out)
}

/// `value` × `part` / `whole`, rounded half away from zero (`whole` 0: 0).
pub fn part_of(value: Money, part: Qty, whole: Qty) -> Money {
    let (v, p, w) = (
        i128::from(value.paise()),
        i128::from(part.milli()),
        i128::from(whole.milli()),
    );
    if w == 0 {
        return Money::ZERO;
    }
    let n = v * p;
    let q = (2 * n + n.signum() * w) / (2 * w);
    Money::from_paise(i64::try_from(q).unwrap_or(0))
}

fn perf_json(n: &Named, with_trend: bool) -> Value {
    let p = &n.perf;
    let mut v = json!({
        "name": n.name,
        "category": n.category,
        "sold": crate::store::qty_json(p.sold),
        "returned": crate::store::qty_json(p.returned),
        "revenue_paise": p.revenue.paise(),
        "returns_paise": p.returns.paise(),
        "net_revenue_paise": p.net().paise(),
        "cost_paise": p.cost.paise(),
        "margin_paise": p.margin().paise(),
        "margin_bp": p.margin_bp(),
    });
    if let Some(id) = n.product_id {
        v["product_id"] = json!(id);
    }
    if with_trend {
        v["trend_paise"] = json!(p.trend.iter().map(|m| m.paise()).collect::<Vec<_>>());
    }
    v
}

fn perf_table(title: &str, first: &str, list: &[&Named]) -> Table {
    let mut t = Table::new(
        title,
        &[
            first,
            "sold",
            "returned",
            "net revenue",
            "cost",
            "margin",
            "margin %",
        ],
    );
    for n in list {
        let p = &n.perf;
        t.rows.push(vec![
            Cell::Text(n.name.clone()),
            Cell::Qty(p.sold),
            Cell::Qty(p.returned),
            Cell::Money(p.net()),
            Cell::Money(p.cost),
            Cell::Money(p.margin()),
            Cell::Pct(p.margin_bp()),
        ]);
    }
    t
}

impl Products {
    /// The best `TOP`.
    pub fn top(&self) -> Vec<&Named> {
        self.products.iter().take(TOP).collect()
    }

    /// The worst `TOP`, worst first.
    pub fn bottom(&self) -> Vec<&Named> {
        self.products.iter().rev().take(TOP).collect()
    }

    /// JSON (paise).
    pub fn json(&self) -> Value {
        json!({
            "report": "products",
            "from": self.period.from.to_string(),
            "to": self.period.to.to_string(),
            "points": self.points.iter().map(|d| d.to_string()).collect::<Vec<_>>(),
            "total": perf_json(&Named {
                product_id: None,
                name: "total".into(),
                category: String::new(),
                perf: self.total.clone(),
            }, true),
            "products": self.products.iter().map(|p| perf_json(p, true)).collect::<Vec<_>>(),
            "categories": self.categories.iter().map(|p| perf_json(p, false)).collect::<Vec<_>>(),
            "top": self.top().iter().map(|p| json!(p.name)).collect::<Vec<_>>(),
            "bottom": self.bottom().iter().map(|p| json!(p.name)).collect::<Vec<_>>(),
        })
    }

    /// Key figures.
    pub fn summary(&self) -> Vec<(String, Cell)> {
        let t = &self.total;
        vec![
            (
                "Products sold".to_string(),
                Cell::Count(self.products.len() as i64),
            ),
            ("Net revenue (before GST)".to_string(), Cell::Money(t.net())),
            ("Cost of goods".to_string(), Cell::Money(t.cost)),
            ("Margin".to_string(), Cell::Money(t.margin())),
            ("Margin %".to_string(), Cell::Pct(t.margin_bp())),
        ]
    }

    /// Top 20, bottom 20, by category (every product is in the CSV).
    pub fn tables(&self) -> Vec<Table> {
        let cats: Vec<&Named> = self.categories.iter().collect();
        vec![
            perf_table("Top 20 products", "product", &self.top()),
            perf_table("Bottom 20 products", "product", &self.bottom()),
            perf_table("By category", "category", &cats),
        ]
    }

    /// The CSV: every product with its category.
    pub fn csv_table(&self) -> Table {
        let mut t = Table::new(
            "",
            &[
                "product",
                "category",
                "sold",
                "returned",
                "revenue",
                "returns",
                "net revenue",
                "cost",
                "margin",
                "margin %",
            ],
        );
        for n in &self.products {
            let p = &n.perf;
            t.rows.push(vec![
                Cell::Text(n.name.clone()),
                Cell::Text(n.category.clone()),
                Cell::Qty(p.sold),
                Cell::Qty(p.returned),
                Cell::Money(p.revenue),
                Cell::Money(p.returns),
                Cell::Money(p.net()),
                Cell::Money(p.cost),
                Cell::Money(p.margin()),
                Cell::Pct(p.margin_bp()),
            ]);
        }
        t
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_part_is_rounded_half_away_from_zero() {
        assert_eq!(
            part_of(Money(1_000), Qty::units(1), Qty::units(3)),
            Money(333)
        );
        assert_eq!(
            part_of(Money(1_000), Qty::units(2), Qty::units(3)),
            Money(667)
        );
        assert_eq!(
            part_of(Money(-1_000), Qty::units(2), Qty::units(3)),
            Money(-667)
        );
        assert_eq!(part_of(Money(5), Qty::units(1), Qty::ZERO), Money::ZERO);
    }

    #[test]
    fn trend_points_are_days_up_to_a_month_then_runs_of_days() {
        let d = |m, day| chrono::NaiveDate::from_ymd_opt(2026, m, day).expect("date");
        let (n, at) = points(Period::month(d(11, 5)));
        assert_eq!((n, at(d(11, 1)), at(d(11, 30))), (30, 0, 29));
        let year = Period::range(d(1, 1), d(12, 31)).expect("range");
        let (n, at) = points(year);
        assert_eq!((n, at(d(1, 1)), at(d(12, 31))), (31, 0, 30));
    }
}
