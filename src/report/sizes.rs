//! Size demand: for each category and size (or, for one product, each size
//! and colour) the quantity sold in the period, the stock now, the
//! sell-through (sold ÷ (sold + in stock)) and the weekly demand of the
//! last four weeks; a row whose stock is below one week's demand is marked
//! for reordering. Sold is net of cancelled bills and returns.

use galla_domain::{Qty, VariantId};
use serde_json::{Value, json};
use std::collections::{BTreeMap, HashMap};

use super::table::{Cell, Table, share};
use super::{Catalogue, Period, Query};
use crate::store::Store;

/// The weeks of demand a row's weekly demand is averaged over.
pub const WEEKS: i64 = 4;

/// One row: a category's size, or a product's size and colour.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SizeRow {
    /// The category (or, for one product, the size).
    pub group: String,
    /// The size (or, for one product, the colour).
    pub size: String,
    /// Sold in the period.
    pub sold: Qty,
    /// In stock now.
    pub stock: Qty,
    /// Sold in the last four weeks, per week.
    pub weekly: Qty,
}

impl SizeRow {
    /// Sold ÷ (sold + stock), in basis points.
    pub fn sell_through(&self) -> Option<i64> {
        share(
            self.sold.milli(),
            self.sold.milli() + self.stock.milli().max(0),
        )
    }

    /// Whether the stock is below one week's demand.
    pub fn below_demand(&self) -> bool {
        self.weekly > Qty::ZERO && self.stock < self.weekly
    }
}

/// The size demand report.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Sizes {
    /// The days.
    pub period: Period,
    /// The product, when one product's sizes × colours are shown.
    pub product: Option<String>,
    /// The rows, by group then size.
    pub rows: Vec<SizeRow>,
}

/// Where a size goes in a list: XS…XXXL first, then numbers, then the rest.
pub fn size_order(size: &str) -> (u8, i64, String) {
    const LETTERS: [&str; 8] = ["XXS", "XS", "S", "M", "L", "XL", "XXL", "XXXL"];
    if let Some(i) = LETTERS.iter().position(|l| l.eq_ignore_ascii_case(size)) {
        return (0, i as i64, String::new());
    }
    let digits: String = size.chars().take_while(char::is_ascii_digit).collect();
    match digits.parse::<i64>() {
        Ok(n) => (1, n, size.to_string()),
        Err(_) => (2, 0, size.to_string()),
    }
}

/// Each variant's quantity sold in `period` at `q`'s location, net of
/// cancelled bills and returns.
pub fn sold_by_variant(
    store: &Store,
    q: &Query,
    period: Period,
) -> anyhow::Result<HashMap<VariantId, Qty>> {
    let slots = period.slots(q.tz);
    let mut sold: HashMap<VariantId, Qty> = HashMap::new();
    store.for_each_report_item(slots.clone(), q.location_id(), |_, v, _, s| {
        *sold.entry(v).or_default() += s.sold;
    })?;
    for r in super::products::returned(store, q, period)? {
        *sold.entry(r.variant_id).or_default() -= r.qty;
    }
    for c in store.report_cancelled(slots, q.location_id())? {
        for l in &c.fact.lines {
            *sold.entry(l.variant_id).or_default() -= l.qty;
        }
    }
    Ok(sold)
}

/// The last four weeks up to `period`'s last day.
pub fn demand_weeks(period: Period) -> Period {
    let to = period.to;
    Period {
        from: to - chrono::Duration::days(7 * WEEKS - 1),
        to,
        kind: super::PeriodKind::Range,
    }
}

/// Stock of each variant at `q`'s location (or in all).
pub fn stock_by_variant(store: &Store, q: &Query) -> anyhow::Result<HashMap<VariantId, Qty>> {
    let mut out: HashMap<VariantId, Qty> = HashMap::new();
    for (v, l, qty) in store.report_stock()? {
        if q.location_id().is_none_or(|x| x == l) {
            *out.entry(v).or_default() += qty;
        }
    }
    Ok(out)
}

/// Works out size demand for `q`.
pub fn compute(store: &Store, q: &Query) -> anyhow::Result<Sizes> {
    let cat = Catalogue::load(store)?;
    let sold = sold_by_variant(store, q, q.period)?;
    let recent = sold_by_variant(store, q, demand_weeks(q.period))?;
    let stock = stock_by_variant(store, q)?;
    let mut groups: BTreeMap<(String, (u8, i64, String)), SizeRow> = BTreeMap::new();
    let mut product = None;
    for (v, item) in cat.items.iter() {
        if q.product.is_some_and(|p| p != item.product_id) {
            continue;
        }
        let size = item.size.clone().unwrap_or_else(|| "—".into());
        let (group, col) = match q.product {
            Some(_) => {
                product = Some(item.name.clone());
                (size, item.colour.clone().unwrap_or_else(|| "—".into()))
            }
            None => (cat.category_of(*v).1, size),
        };
        let (s, st, w) = (
            sold.get(v).copied().unwrap_or_default(),
            stock.get(v).copied().unwrap_or_default(),
            recent.get(v).copied().unwrap_or_default(),
        );
        if s == Qty::ZERO && st <= Qty::ZERO && w == Qty::ZERO {
            continue;
        }
        let key_group = if q.product.is_some() {
            format!("{:?}", size_order(&group))
        } else {
            group.clone()
        };
        let row = groups
            .entry((key_group, size_order(&col)))
            .or_insert_with(|| SizeRow {
                group,
                size: col,
                sold: Qty::ZERO,
                stock: Qty::ZERO,
                weekly: Qty::ZERO,
            });
        row.sold += s;
        row.stock += st;
        row.weekly += w;
    }
    let rows = groups
        .into_values()
        .map(|mut r| {
            r.weekly = Qty::from_milli(r.weekly.milli() / WEEKS);
            r
        })
        .collect();
    Ok(Sizes {
        period: q.period,
        product,
        rows,
    })
}

impl Sizes {
    /// JSON.
    pub fn json(&self) -> Value {
        let rows: Vec<Value> = self
            .rows
            .iter()
            .map(|r| {
                json!({
                    "group": r.group,
                    "size": r.size,
                    "sold": crate::store::qty_json(r.sold),
                    "stock": crate::store::qty_json(r.stock),
                    "weekly_demand": crate::store::qty_json(r.weekly),
                    "sell_through_bp": r.sell_through(),
                    "below_demand": r.below_demand(),
                })
            })
            .collect();
        json!({
            "report": "sizes",
            "from": self.period.from.to_string(),
            "to": self.period.to.to_string(),
            "product": self.product,
            "rows": rows,
        })
    }

    /// Key figures.
    pub fn summary(&self) -> Vec<(String, Cell)> {
        let sold: Qty = self.rows.iter().map(|r| r.sold).sum();
        let stock: Qty = self.rows.iter().map(|r| r.stock).sum();
        let below = self.rows.iter().filter(|r| r.below_demand()).count();
        let mut out = Vec::new();
        if let Some(p) = &self.product {
            out.push(("Product".to_string(), Cell::Text(p.clone())));
        }
        out.extend([
            ("Sold".to_string(), Cell::Qty(sold)),
            ("In stock".to_string(), Cell::Qty(stock)),
            (
                "Sell-through".to_string(),
                Cell::Pct(share(sold.milli(), sold.milli() + stock.milli().max(0))),
            ),
            (
                "Below a week's demand".to_string(),
                Cell::Count(below as i64),
            ),
        ]);
        out
    }

    /// The rows, each group named once.
    pub fn tables(&self) -> Vec<Table> {
        vec![self.table(true)]
    }

    /// The rows with every group named (the CSV).
    pub fn csv_table(&self) -> Table {
        self.table(false)
    }

    fn table(&self, name_once: bool) -> Table {
        let (a, b) = if self.product.is_some() {
            ("size", "colour")
        } else {
            ("category", "size")
        };
        let mut t = Table::new(
            "",
            &[
                a,
                b,
                "sold",
                "in stock",
                "sell-through",
                "a week's demand",
                "reorder",
            ],
        );
        let mut last = String::new();
        for r in &self.rows {
            // The group is named once, on its first row.
            let group = if name_once && r.group == last {
                String::new()
            } else {
                r.group.clone()
            };
            last = r.group.clone();
            t.rows.push(vec![
                Cell::Text(group),
                Cell::Text(r.size.clone()),
                Cell::Qty(r.sold),
                Cell::Qty(r.stock),
                Cell::Pct(r.sell_through()),
                Cell::Qty(r.weekly),
                Cell::Text(if r.below_demand() { "reorder" } else { "" }.into()),
            ]);
        }
        t
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_go_letters_then_numbers_then_the_rest() {
        let mut s = vec!["XL", "32", "M", "Free", "28", "S", "4-5Y", "2-3Y"];
        s.sort_by_key(|x| size_order(x));
        assert_eq!(s, ["S", "M", "XL", "2-3Y", "4-5Y", "28", "32", "Free"]);
    }
}
