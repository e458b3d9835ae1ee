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
use crate::store::{NONE, Store};

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

/// Each catalogue item's quantity sold in `period` at `q`'s location, net
/// of cancelled bills and returns, by its place in the catalogue.
pub fn sold_by_place(
    store: &Store,
    cat: &Catalogue,
    q: &Query,
    period: Period,
) -> anyhow::Result<Vec<Qty>> {
    let slots = period.slots(q.tz);
    let numbers = store.report_numbers(&cat.items)?;
    let mut sold = vec![Qty::ZERO; cat.items.len()];
    store.for_each_report_sold(slots.clone(), q.location_id(), |v, qty| {
        if let Some(&at) = numbers.get(v as usize)
            && at != NONE
        {
            sold[at as usize] += qty;
        }
    })?;
    let mut less = |v: &VariantId, qty: Qty| {
        if let Some(at) = cat.items.place(v) {
            sold[at] -= qty;
        }
    };
    for r in super::products::returned(store, q, period)? {
        less(&r.variant_id, r.qty);
    }
    for c in store.report_cancelled(slots, q.location_id())? {
        for l in &c.fact.lines {
            less(&l.variant_id, l.qty);
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

/// Works out size demand for `q`.
pub fn compute(store: &Store, q: &Query) -> anyhow::Result<Sizes> {
    let cat = Catalogue::load(store)?;
    let sold = sold_by_place(store, &cat, q, q.period)?;
    let recent = sold_by_place(store, &cat, q, demand_weeks(q.period))?;
    let stock = store.report_stock(&cat.items, q.location_id())?;
    // Summed by (group, column) as the catalogue names them, then named.
    let mut sums: HashMap<(&str, &str), (Qty, Qty, Qty)> = HashMap::new();
    let mut product = None;
    for (at, item) in cat.items.items().iter().enumerate() {
        if q.product.is_some_and(|p| p != item.product_id) {
            continue;
        }
        let (s, st, w) = (sold[at], stock[at], recent[at]);
        if q.product.is_some() {
            product = Some(&*item.name);
        }
        if s == Qty::ZERO && st <= Qty::ZERO && w == Qty::ZERO {
            continue;
        }
        let size = item.size.as_deref().unwrap_or("—");
        let key = match q.product {
            Some(_) => (size, item.colour.as_deref().unwrap_or("—")),
            None => (cat.category_at(at), size),
        };
        let row = sums.entry(key).or_default();
        row.0 += s;
        row.1 += st;
        row.2 += w;
    }
    let mut groups: BTreeMap<(String, (u8, i64, String)), SizeRow> = BTreeMap::new();
    for ((group, col), (s, st, w)) in sums {
        let key_group = if q.product.is_some() {
            format!("{:?}", size_order(group))
        } else {
            group.to_string()
        };
        // "M" and "m" are one size (`size_order`): their sums go together.
        let row = groups
            .entry((key_group, size_order(col)))
            .or_insert_with(|| SizeRow {
                group: group.to_string(),
                size: col.to_string(),
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
        product: product.map(str::to_string),
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
