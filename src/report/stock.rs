//! Two stock reports, as of a day: dead stock (items in stock with no sale
//! for N days: quantity, value at cost and MRP, days since the last sale
//! and the last receipt, by category) and low stock (below the reorder
//! level, with a quantity to order from the last four weeks' demand).
//! Stock is today's.

use chrono::NaiveDate;
use galla_domain::{Money, Qty, Unit, VariantId};
use serde_json::{Value, json};
use std::sync::Arc;

use super::sizes::{demand_weeks, sold_by_place};
use super::table::{Cell, Table};
use super::{Catalogue, Query, full_name, local_date};
use crate::store::Store;

/// One item of dead stock.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DeadItem {
    /// Its category (shared by every item in it).
    pub category: Arc<str>,
    /// SKU.
    pub sku: Arc<str>,
    /// Name with size and colour.
    pub name: String,
    /// In stock.
    pub qty: Qty,
    /// At cost.
    pub cost_value: Money,
    /// At MRP.
    pub mrp_value: Money,
    /// Days since the last sale (`None`: never sold).
    pub since_sale: Option<i64>,
    /// Days since it was last received (`None`: never).
    pub since_received: Option<i64>,
}

/// Items with stock and no sale for `days` days.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DeadStock {
    /// As of this day.
    pub as_of: NaiveDate,
    /// No sale for this many days.
    pub days: u32,
    /// The items, by category, the most value at cost first.
    pub items: Vec<DeadItem>,
}

/// Finds the dead stock as of `q`'s last day.
pub fn dead_stock(store: &Store, q: &Query) -> anyhow::Result<DeadStock> {
    let cat = Catalogue::load(store)?;
    let last = store.report_last_dates(&cat.items)?;
    let stock = store.report_stock(&cat.items, q.location_id())?;
    let as_of = q.period.to;
    let days_since = |ms: Option<i64>| ms.map(|ms| (as_of - local_date(ms, q.tz)).num_days());
    // Sold less than `dead_days` days ago: on or after the start of the day
    // `dead_days - 1` days before (one instant to compare, not a date per
    // item).
    let since = as_of - chrono::Duration::days(i64::from(q.dead_days) - 1);
    let lately = crate::bills_report::day_start(since, q.tz).map(|t| t.timestamp_millis());
    let sold_lately = |ms: Option<i64>| match (ms, lately) {
        (Some(ms), Some(from)) => ms >= from,
        (ms, None) => days_since(ms).is_some_and(|d| d < i64::from(q.dead_days)),
        (None, Some(_)) => false,
    };
    // Found first, sorted by category, the most value at cost first, then
    // SKU; named after.
    let mut found: Vec<(usize, std::cmp::Reverse<Money>)> = Vec::new();
    for (at, item) in cat.items.items().iter().enumerate() {
        let qty = stock[at];
        if qty <= Qty::ZERO {
            continue;
        }
        if sold_lately(last[at].sold_ms) {
            continue;
        }
        found.push((at, std::cmp::Reverse(item.cost.times_qty(qty))));
    }
    cat.sort_by_category(&mut found);
    let items = found
        .into_iter()
        .map(|(at, _)| {
            let (item, qty) = (&cat.items.items()[at], stock[at]);
            DeadItem {
                category: cat.category_shared(at),
                sku: item.sku.clone(),
                name: full_name(item),
                qty,
                cost_value: item.cost.times_qty(qty),
                mrp_value: item.mrp.times_qty(qty),
                since_sale: days_since(last[at].sold_ms),
                since_received: days_since(last[at].received_ms),
            }
        })
        .collect();
    Ok(DeadStock {
        as_of,
        days: q.dead_days,
        items,
    })
}

impl DeadStock {
    /// JSON (paise).
    pub fn json(&self) -> Value {
        let items: Vec<Value> = self
            .items
            .iter()
            .map(|i| {
                json!({
                    "category": &*i.category,
                    "sku": &*i.sku,
                    "name": i.name,
                    "qty": crate::store::qty_json(i.qty),
                    "cost_value_paise": i.cost_value.paise(),
                    "mrp_value_paise": i.mrp_value.paise(),
                    "days_since_sale": i.since_sale,
                    "days_since_received": i.since_received,
                })
            })
            .collect();
        let cost: i64 = self.items.iter().map(|i| i.cost_value.paise()).sum();
        let mrp: i64 = self.items.iter().map(|i| i.mrp_value.paise()).sum();
        json!({
            "report": "dead-stock",
            "as_of": self.as_of.to_string(),
            "days": self.days,
            "items": items,
            "cost_value_paise": cost,
            "mrp_value_paise": mrp,
        })
    }

    /// Key figures.
    pub fn summary(&self) -> Vec<(String, Cell)> {
        vec![
            (
                format!("No sale for {} days", self.days),
                Cell::Count(self.items.len() as i64),
            ),
            (
                "Value at cost".to_string(),
                Cell::Money(self.items.iter().map(|i| i.cost_value).sum()),
            ),
            (
                "Value at MRP".to_string(),
                Cell::Money(self.items.iter().map(|i| i.mrp_value).sum()),
            ),
        ]
    }

    /// The items by category, each category with its subtotal.
    pub fn tables(&self) -> Vec<Table> {
        let mut t = Table::new(
            "",
            &[
                "item",
                "sku",
                "qty",
                "at cost",
                "at MRP",
                "last sale",
                "received",
            ],
        );
        let mut i = 0;
        while i < self.items.len() {
            let cat = &self.items[i].category;
            let group: Vec<&DeadItem> = self.items[i..]
                .iter()
                .take_while(|x| &x.category == cat)
                .collect();
            t.rows.push(vec![
                Cell::Text(cat.to_string()),
                Cell::Text(String::new()),
                Cell::Qty(group.iter().map(|x| x.qty).sum()),
                Cell::Money(group.iter().map(|x| x.cost_value).sum()),
                Cell::Money(group.iter().map(|x| x.mrp_value).sum()),
                Cell::Text(String::new()),
                Cell::Text(String::new()),
            ]);
            for x in &group {
                t.rows.push(vec![
                    Cell::Text(format!("  {}", x.name)),
                    Cell::Text(x.sku.to_string()),
                    Cell::Qty(x.qty),
                    Cell::Money(x.cost_value),
                    Cell::Money(x.mrp_value),
                    Cell::Days(x.since_sale),
                    Cell::Days(x.since_received),
                ]);
            }
            i += group.len();
        }
        vec![t]
    }
}

/// One item below its reorder level.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LowItem {
    /// The variant.
    pub variant_id: VariantId,
    /// Its category (shared by every item in it).
    pub category: Arc<str>,
    /// SKU.
    pub sku: Arc<str>,
    /// Name with size and colour.
    pub name: String,
    /// In stock (at the location, or in all).
    pub stock: Qty,
    /// Its reorder level.
    pub reorder_level: Qty,
    /// Sold a week, over the last four weeks.
    pub weekly: Qty,
    /// How many to order.
    pub suggested: Qty,
}

/// Items below their reorder level.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LowStock {
    /// As of this day.
    pub as_of: NaiveDate,
    /// The items, by category and name.
    pub items: Vec<LowItem>,
}

/// How many to order: enough for two weeks of demand or the reorder
/// level, whichever is more, less what is held; whole units for pieces.
pub fn suggest(stock: Qty, level: Qty, weekly: Qty, unit: Unit) -> Qty {
    let want = level.max(Qty::from_milli(weekly.milli() * 2));
    let need = (want - stock).max(Qty::ZERO);
    if unit == Unit::Piece {
        Qty::units((need.milli() + 999) / 1000)
    } else {
        need
    }
}

/// Finds the items below their reorder level as of `q`'s last day.
pub fn low_stock(store: &Store, q: &Query) -> anyhow::Result<LowStock> {
    let cat = Catalogue::load(store)?;
    let stock = store.report_stock(&cat.items, q.location_id())?;
    let recent = sold_by_place(store, &cat, q, demand_weeks(q.period))?;
    let mut found: Vec<(usize, ())> = Vec::new();
    for (at, item) in cat.items.items().iter().enumerate() {
        if item.reorder_level > Qty::ZERO && stock[at] < item.reorder_level {
            found.push((at, ()));
        }
    }
    cat.sort_by_category(&mut found);
    let items = found
        .into_iter()
        .map(|(at, ())| {
            let (item, held) = (&cat.items.items()[at], stock[at]);
            let weekly = Qty::from_milli(recent[at].milli() / 4);
            LowItem {
                variant_id: item.variant_id,
                category: cat.category_shared(at),
                sku: item.sku.clone(),
                name: full_name(item),
                stock: held,
                reorder_level: item.reorder_level,
                weekly,
                suggested: suggest(held, item.reorder_level, weekly, item.unit),
            }
        })
        .collect();
    Ok(LowStock {
        as_of: q.period.to,
        items,
    })
}

impl LowStock {
    /// JSON.
    pub fn json(&self) -> Value {
        let items: Vec<Value> = self
            .items
            .iter()
            .map(|i| {
                json!({
                    "category": &*i.category,
                    "sku": &*i.sku,
                    "name": i.name,
                    "stock": crate::store::qty_json(i.stock),
                    "reorder_level": crate::store::qty_json(i.reorder_level),
                    "weekly_demand": crate::store::qty_json(i.weekly),
                    "suggested": crate::store::qty_json(i.suggested),
                })
            })
            .collect();
        json!({"report": "low-stock", "as_of": self.as_of.to_string(), "items": items})
    }

    /// Key figures.
    pub fn summary(&self) -> Vec<(String, Cell)> {
        vec![(
            "Below the reorder level".to_string(),
            Cell::Count(self.items.len() as i64),
        )]
    }

    /// The items by category (each category named on a line of its own).
    pub fn tables(&self) -> Vec<Table> {
        let mut t = Table::new(
            "",
            &[
                "item",
                "sku",
                "stock",
                "reorder at",
                "a week's demand",
                "order",
            ],
        );
        let mut last = None;
        for i in &self.items {
            if last != Some(&i.category) {
                last = Some(&i.category);
                t.rows.push(vec![Cell::Text(i.category.to_string())]);
            }
            t.rows.push(vec![
                Cell::Text(format!("  {}", i.name)),
                Cell::Text(i.sku.to_string()),
                Cell::Qty(i.stock),
                Cell::Qty(i.reorder_level),
                Cell::Qty(i.weekly),
                Cell::Qty(i.suggested),
            ]);
        }
        vec![t]
    }

    /// Every item with its category (the CSV).
    pub fn csv_table(&self) -> Table {
        let mut t = Table::new(
            "",
            &[
                "item",
                "sku",
                "category",
                "stock",
                "reorder at",
                "a week's demand",
                "order",
            ],
        );
        for i in &self.items {
            t.rows.push(vec![
                Cell::Text(i.name.clone()),
                Cell::Text(i.sku.to_string()),
                Cell::Text(i.category.to_string()),
                Cell::Qty(i.stock),
                Cell::Qty(i.reorder_level),
                Cell::Qty(i.weekly),
                Cell::Qty(i.suggested),
            ]);
        }
        t
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_suggestion_covers_two_weeks_or_the_level_in_whole_pieces() {
        let u = Qty::units;
        assert_eq!(suggest(u(1), u(5), u(1), Unit::Piece), u(4));
        assert_eq!(suggest(u(1), u(5), u(6), Unit::Piece), u(11));
        assert_eq!(suggest(Qty::from_milli(500), u(5), u(0), Unit::Piece), u(5));
        assert_eq!(
            suggest(Qty::from_milli(500), u(5), u(0), Unit::Kg),
            Qty::from_milli(4_500)
        );
        assert_eq!(suggest(u(-2), u(3), u(0), Unit::Piece), u(5));
    }
}
