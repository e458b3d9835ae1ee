//! Figures worked out by the tests themselves from `galla bills --json`
//! and `galla export events`: the catalogue the events describe, and each
//! variant's quantities and values sold and returned in a period.

use chrono::NaiveDate;
use serde_json::Value;
use std::collections::HashMap;

use super::{int, local_day, milli};

/// Whether `d` is in `from..=to`.
pub fn within(d: NaiveDate, from: NaiveDate, to: NaiveDate) -> bool {
    from <= d && d <= to
}

/// Whether an exported event is a return.
pub fn is_return(e: &Value) -> bool {
    e["type"] == "SALE_RETURN"
}

/// What the events say about the catalogue: variant → (product, cost,
/// size, sku), product → (name, HSN).
pub struct Catalogue {
    /// variant → (product, cost, size, sku).
    pub variants: HashMap<String, (String, i64, String, String)>,
    /// product → (name, HSN).
    pub products: HashMap<String, (String, String)>,
}

/// The catalogue the events describe.
pub fn catalogue(events: &[Value]) -> Catalogue {
    let mut variants = HashMap::new();
    let mut products = HashMap::new();
    for e in events {
        let p = &e["payload"];
        match e["type"].as_str() {
            Some("VARIANT_CREATED") => {
                variants.insert(
                    p["variant_id"].as_str().expect("id").to_string(),
                    (
                        p["product_id"].as_str().expect("id").to_string(),
                        int(p, "cost"),
                        p["size"].as_str().unwrap_or("—").to_string(),
                        p["sku"].as_str().expect("sku").to_string(),
                    ),
                );
            }
            Some("PRODUCT_CREATED") => {
                products.insert(
                    p["product_id"].as_str().expect("id").to_string(),
                    (
                        p["name"].as_str().expect("name").to_string(),
                        p["hsn"].as_str().expect("hsn").to_string(),
                    ),
                );
            }
            _ => {}
        }
    }
    Catalogue { variants, products }
}

impl Catalogue {
    /// "6211 Cotton Kurta": the HSN heading and the first product name in it.
    pub fn category(&self, variant: &str) -> String {
        let (product, ..) = &self.variants[variant];
        let heading: String = self.products[product].1.chars().take(4).collect();
        let first = self
            .products
            .values()
            .filter(|(_, hsn)| hsn.starts_with(&heading))
            .map(|(n, _)| n.clone())
            .min()
            .expect("a product");
        format!("{heading} {first}")
    }
}

/// `value × part / whole` rounded half away from zero.
pub fn part(value: i64, part: i64, whole: i64) -> i64 {
    let n = i128::from(value) * i128::from(part);
    let w = i128::from(whole);
    ((2 * n + n.signum() * w) / (2 * w)) as i64
}

/// Per variant: (sold, returned, revenue, returns) in milli and paise.
pub fn per_variant(
    bills: &[Value],
    events: &[Value],
    from: NaiveDate,
    to: NaiveDate,
) -> HashMap<String, [i64; 4]> {
    let mut out: HashMap<String, [i64; 4]> = HashMap::new();
    let by_id: HashMap<&str, &Value> = bills
        .iter()
        .map(|b| (b["bill_id"].as_str().expect("id"), b))
        .collect();
    for b in bills {
        if b["status"] == "cancelled"
            || !within(local_day(b["time_local"].as_str().expect("t")), from, to)
        {
            continue;
        }
        for l in b["lines"].as_array().expect("lines") {
            let v = out
                .entry(l["variant_id"].as_str().expect("v").to_string())
                .or_default();
            v[0] += milli(&l["qty"]);
            v[2] += int(l, "taxable_paise");
        }
    }
    for e in events.iter().filter(|e| is_return(e)) {
        if !within(local_day(e["occurred_at"].as_str().expect("t")), from, to) {
            continue;
        }
        let bill = by_id[e["payload"]["bill_id"].as_str().expect("bill")];
        for back in e["payload"]["lines"].as_array().expect("lines") {
            let variant = back["variant_id"].as_str().expect("v");
            let line = bill["lines"]
                .as_array()
                .expect("lines")
                .iter()
                .find(|l| l["variant_id"] == variant)
                .expect("the bill's line");
            let qty = int(back, "qty");
            let v = out.entry(variant.to_string()).or_default();
            v[1] += qty;
            v[3] += part(int(line, "taxable_paise"), qty, milli(&line["qty"]));
        }
    }
    out
}
