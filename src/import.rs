//! `galla import catalogue FILE.csv`: products and variants from a CSV. Every
//! row is checked first; the first bad row aborts the whole import with its
//! line number and the reason, and nothing is written. Rows with the same
//! `product` name become variants of one product and must agree on its HSN,
//! GST rate, price mode and unit.
//!
//! Columns (header row required, any order): product, sku, size, colour,
//! barcode, hsn, gst_rate, price_mode (inclusive|exclusive), unit
//! (piece|kg|litre|metre), mrp, price, cost, reorder_level, category.
//! Empty size, colour, barcode, cost and category are allowed; price_mode
//! defaults to inclusive and unit to piece. Lines are counted by
//! `crate::csvfile`, so a CRLF file reports the right one.

use anyhow::{Result, bail};
use galla_domain::{
    EventPayload, GstRate, Money, NewEvent, PriceMode, Product, ProductId, Qty, StaffId, Unit,
    Variant, VariantId, ean,
};
use std::collections::{HashMap, HashSet};
use std::path::Path;

use crate::store::Store;

/// What an import wrote.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct ImportSummary {
    /// Products created.
    pub products: usize,
    /// Variants created.
    pub variants: usize,
}

const COLUMNS: &[&str] = &[
    "product",
    "sku",
    "size",
    "colour",
    "barcode",
    "hsn",
    "gst_rate",
    "price_mode",
    "unit",
    "mrp",
    "price",
    "cost",
    "reorder_level",
    "category",
];
const REQUIRED: &[&str] = &["product", "sku", "hsn", "gst_rate", "mrp", "price"];

/// Imports a catalogue CSV into `store`, all or nothing.
pub fn catalogue(store: &mut Store, file: &Path) -> Result<ImportSummary> {
    let text = std::fs::read_to_string(file)
        .map_err(|e| anyhow::anyhow!("cannot read {}: {e}", file.display()))?;
    let events = parse(store, &text, &file.display().to_string())?;
    let summary = ImportSummary {
        products: events
            .iter()
            .filter(|e| matches!(e.payload, EventPayload::ProductCreated(_)))
            .count(),
        variants: events
            .iter()
            .filter(|e| matches!(e.payload, EventPayload::VariantCreated(_)))
            .count(),
    };
    if events.is_empty() {
        bail!("{} has no rows to import", file.display());
    }
    store.append_batch(events)?;
    Ok(summary)
}

/// Parses and checks the whole CSV; returns the events to append.
pub fn parse(store: &Store, text: &str, name: &str) -> Result<Vec<NewEvent>> {
    let csv = crate::csvfile::CsvFile::parse(text, name)?;
    let headers = &csv.headers;
    for h in headers {
        if !COLUMNS.contains(&h.as_str()) {
            bail!(
                "{name}:1: unknown column {h:?} — the columns are: {}",
                COLUMNS.join(", ")
            );
        }
    }
    for r in REQUIRED {
        if !headers.iter().any(|h| h == r) {
            bail!(
                "{name}:1: the column {r:?} is missing — required: {}",
                REQUIRED.join(", ")
            );
        }
    }
    let existing: HashSet<String> = store
        .search_entries()?
        .into_iter()
        .flat_map(|e| {
            let mut keys = vec![format!("sku:{}", e.sku)];
            if let Some(b) = e.barcode {
                keys.push(format!("barcode:{b}"));
            }
            keys
        })
        .collect();
    let mut seen: HashSet<String> = HashSet::new();
    let mut products: HashMap<String, Product> = HashMap::new();
    let mut events = Vec::new();
    for (line, record) in &csv.rows {
        let get = |col: &str| -> &str {
            headers
                .iter()
                .position(|h| h == col)
                .and_then(|i| record.get(i))
                .unwrap_or("")
        };
        let fail = |msg: String| anyhow::anyhow!("{name}:{line}: {msg} — nothing was imported");
        let opt = |col: &str| Some(get(col).to_string()).filter(|s| !s.is_empty());
        if let Some((col, value)) = headers
            .iter()
            .zip(record.iter())
            .find(|(_, v)| v.chars().any(char::is_control))
        {
            let shown = crate::text::printable(value);
            return Err(fail(format!(
                "the {col} \"{shown}\" contains a control character (such as NUL or ESC)"
            )));
        }
        let product_name = get("product");
        if product_name.is_empty() {
            return Err(fail("the product name is empty".into()));
        }
        let sku = get("sku").to_string();
        if sku.is_empty() {
            return Err(fail("the SKU is empty".into()));
        }
        let hsn = get("hsn").to_string();
        if !(4..=8).contains(&hsn.len()) || !hsn.bytes().all(|b| b.is_ascii_digit()) {
            return Err(fail(format!("HSN {hsn:?} must be 4 to 8 digits")));
        }
        let gst_rate = GstRate::parse(get("gst_rate")).map_err(|e| fail(e.to_string()))?;
        let price_mode = match get("price_mode").to_lowercase().as_str() {
            "" | "inclusive" => PriceMode::Inclusive,
            "exclusive" => PriceMode::Exclusive,
            other => {
                return Err(fail(format!(
                    "price_mode {other:?} must be inclusive or exclusive"
                )));
            }
        };
        let unit = match get("unit").to_lowercase().as_str() {
            "" | "piece" | "pc" => Unit::Piece,
            "kg" => Unit::Kg,
            "litre" | "l" => Unit::Litre,
            "metre" | "m" => Unit::Metre,
            other => {
                return Err(fail(format!(
                    "unit {other:?} must be piece, kg, litre or metre"
                )));
            }
        };
        let money = |col: &str| -> Result<Money> {
            let m = Money::parse(get(col)).map_err(|e| fail(format!("{col}: {e}")))?;
            if m.paise() < 0 {
                return Err(fail(format!("{col} cannot be negative")));
            }
            Ok(m)
        };
        let mrp = money("mrp")?;
        let price = money("price")?;
        let cost = if get("cost").is_empty() {
            Money::ZERO
        } else {
            money("cost")?
        };
        if price > mrp {
            return Err(fail(format!("price {price} is above the MRP {mrp}")));
        }
        let reorder_level = if get("reorder_level").is_empty() {
            Qty::ZERO
        } else {
            Qty::parse(get("reorder_level"), unit.allows_fraction())
                .map_err(|e| fail(format!("reorder_level: {e}")))?
        };
        let barcode = opt("barcode");
        if let Some(code) = &barcode {
            if code.len() == 13
                && code.bytes().all(|b| b.is_ascii_digit())
                && !ean::is_valid_ean13(code)
            {
                return Err(fail(format!(
                    "barcode {code} has a wrong EAN-13 check digit"
                )));
            }
            let key = format!("barcode:{code}");
            if existing.contains(&key) || !seen.insert(key) {
                return Err(fail(format!("barcode {code} is already used")));
            }
        }
        let key = format!("sku:{sku}");
        if existing.contains(&key) || !seen.insert(key) {
            return Err(fail(format!("SKU {sku} is already used")));
        }
        let product = match products.get(product_name) {
            Some(p) => {
                if p.hsn != hsn
                    || p.gst_rate != gst_rate
                    || p.price_mode != price_mode
                    || p.unit != unit
                {
                    return Err(fail(format!(
                        "{product_name:?} appeared earlier with a different HSN, GST rate, price mode or unit"
                    )));
                }
                p.clone()
            }
            None => {
                let p = Product {
                    product_id: ProductId::new(),
                    name: product_name.to_string(),
                    hsn,
                    gst_rate,
                    price_mode,
                    unit,
                    category: opt("category"),
                };
                products.insert(product_name.to_string(), p.clone());
                events.push(NewEvent::now(
                    StaffId::OWNER,
                    None,
                    EventPayload::ProductCreated(p.clone()),
                ));
                p
            }
        };
        let v = Variant {
            variant_id: VariantId::new(),
            product_id: product.product_id,
            sku,
            barcode,
            size: opt("size"),
            colour: opt("colour"),
            mrp,
            price,
            cost,
            reorder_level,
        };
        events.push(NewEvent::now(
            StaffId::OWNER,
            None,
            EventPayload::VariantCreated(v),
        ));
    }
    Ok(events)
}
