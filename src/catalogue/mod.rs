//! Catalogue editing, shared by the Stock pane and `galla product`: a new
//! product with its variants as a size × colour grid (`plan` checks what
//! was typed and makes every variant — its SKU from a pattern, its barcode
//! scanned or made in the in-store EAN-13 range — and `add` writes them in
//! one batch); changing any field (`edit`: price and MRP as PRICE_CHANGED,
//! so the history keeps each price; the rest as PRODUCT_CHANGED and
//! VARIANT_CHANGED); and an item stopped being sold or sold again
//! (VARIANT_STATUS_CHANGED), its stock and history kept. The catalogue
//! CSV import (`crate::import`) stays for bulk.

use anyhow::{Result, anyhow, bail};
use galla_domain::{
    EventPayload, GstRate, Money, NewEvent, PriceMode, Product, ProductId, Qty, StaffId, Unit,
    Variant, VariantId, ean,
};
use std::collections::HashSet;

use crate::store::Store;

mod edit;
pub mod labels;

pub use edit::{ItemEdit, ItemInfo, edit, info, set_active};

/// The SKU pattern a new product gets when none is typed.
pub const DEFAULT_PATTERN: &str = "{product}-{size}-{colour}";

/// The most variants one product may have.
const MAX_GRID: usize = 200;

/// A new product as typed (every field text, as a form or flags give it).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ProductForm {
    /// Its name, any script.
    pub name: String,
    /// Its category ("Kurtas"), for counting one shelf; may be empty.
    pub category: String,
    /// HSN code, 4 to 8 digits.
    pub hsn: String,
    /// GST rate ("5", "12", "0.25").
    pub gst_rate: String,
    /// `inclusive` or `exclusive`; empty: the shop's `gst.price_mode`.
    pub price_mode: String,
    /// `piece`, `kg`, `litre` or `metre`; empty: piece.
    pub unit: String,
    /// Sizes, separated by commas ("S, M, L"); empty: one size.
    pub sizes: String,
    /// Colours, separated by commas; empty: one colour.
    pub colours: String,
    /// The SKU pattern; empty: [`DEFAULT_PATTERN`].
    pub sku_pattern: String,
    /// MRP in rupees.
    pub mrp: String,
    /// Selling price in rupees; empty: the MRP.
    pub price: String,
    /// Cost per unit before GST; empty: unknown (0).
    pub cost: String,
    /// Reorder level; empty: 0.
    pub reorder: String,
    /// Barcodes scanned, in grid order (sizes, then colours within each),
    /// separated by commas or spaces; items after the last one given get
    /// an in-store EAN-13.
    pub barcodes: String,
}

/// A checked product and its variants, ready to write.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProductPlan {
    /// The product.
    pub product: Product,
    /// Its variants, in grid order.
    pub variants: Vec<Variant>,
}

/// A list typed with commas ("S, M, L"): trimmed, empty parts dropped.
fn list(raw: &str, what: &str) -> Result<Vec<String>> {
    let parts: Vec<String> = raw
        .split(',')
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(str::to_string)
        .collect();
    let mut seen = HashSet::new();
    for p in &parts {
        if p.chars().count() > 20 || p.chars().any(char::is_control) {
            bail!("the {what} {p:?} is not a short label (at most 20 characters)");
        }
        if !seen.insert(p.to_lowercase()) {
            bail!("the {what} {p:?} is given twice");
        }
    }
    Ok(parts)
}

/// A money field in rupees; `None` when empty.
pub(crate) fn rupees(raw: &str, what: &str) -> Result<Option<Money>> {
    if raw.trim().is_empty() {
        return Ok(None);
    }
    let m = Money::parse(raw).map_err(|e| anyhow!("{what}: {e}"))?;
    if m < Money::ZERO || m > crate::books::MAX_ENTRY {
        bail!("{what} must be between ₹0 and {}", crate::books::MAX_ENTRY);
    }
    Ok(Some(m))
}

/// The unit as typed.
pub(crate) fn unit(raw: &str) -> Result<Unit> {
    Ok(match raw.trim().to_lowercase().as_str() {
        "" | "piece" | "pc" | "pcs" => Unit::Piece,
        "kg" => Unit::Kg,
        "litre" | "liter" | "l" => Unit::Litre,
        "metre" | "meter" | "m" => Unit::Metre,
        other => bail!("unit {other:?} must be piece, kg, litre or metre"),
    })
}

/// The price mode as typed; empty takes `default`.
pub(crate) fn price_mode(raw: &str, default: PriceMode) -> Result<PriceMode> {
    Ok(match raw.trim().to_lowercase().as_str() {
        "" => default,
        "inclusive" | "incl" => PriceMode::Inclusive,
        "exclusive" | "excl" => PriceMode::Exclusive,
        other => bail!("price mode {other:?} must be inclusive or exclusive"),
    })
}

/// The product's name, HSN, rate and the rest, checked.
pub(crate) fn product_fields(
    id: ProductId,
    name: &str,
    category: &str,
    hsn: &str,
    gst: &str,
    mode: PriceMode,
    unit: Unit,
) -> Result<Product> {
    let name = name.trim();
    if name.is_empty() {
        bail!("the product needs a name");
    }
    if name.chars().count() > 80 || name.chars().any(char::is_control) {
        bail!("the name has at most 80 characters and no control characters");
    }
    let category = category.trim();
    if category.chars().count() > 40 || category.chars().any(char::is_control) {
        bail!("a category has at most 40 characters");
    }
    let hsn = hsn.trim();
    if !(4..=8).contains(&hsn.len()) || !hsn.bytes().all(|b| b.is_ascii_digit()) {
        bail!("HSN {hsn:?} must be 4 to 8 digits");
    }
    Ok(Product {
        product_id: id,
        name: name.to_string(),
        hsn: hsn.to_string(),
        gst_rate: GstRate::parse(gst)?,
        price_mode: mode,
        unit,
        category: Some(category.to_string()).filter(|c| !c.is_empty()),
    })
}

/// The short code of a product's name in SKUs: the first three letters or
/// digits of each of its first two words, in capitals ("Cotton Kurta" →
/// "COTKUR"); "ITEM" for a name with none (Devanagari).
pub fn product_code(name: &str) -> String {
    let code: String = name
        .split_whitespace()
        .take(2)
        .flat_map(|w| {
            w.chars()
                .filter(char::is_ascii_alphanumeric)
                .take(3)
                .map(|c| c.to_ascii_uppercase())
        })
        .collect();
    if code.is_empty() { "ITEM".into() } else { code }
}

fn code_part(label: Option<&str>) -> String {
    label
        .unwrap_or("")
        .chars()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_uppercase)
        .take(8)
        .collect()
}

/// The SKU `pattern` makes for one variant: `{product}`, `{size}`,
/// `{colour}` and `{n}` (its place in the grid, 01, 02…) are filled in, and
/// separators left empty by a missing size or colour are dropped.
pub fn sku_from(
    pattern: &str,
    product: &str,
    size: Option<&str>,
    colour: Option<&str>,
    n: usize,
) -> String {
    let filled = pattern
        .replace("{product}", &product_code(product))
        .replace("{size}", &code_part(size))
        .replace("{colour}", &code_part(colour))
        .replace("{n}", &format!("{n:02}"));
    let mut out = String::new();
    for c in filled.chars() {
        let sep = matches!(c, '-' | '/' | '_' | '.');
        if sep && (out.is_empty() || out.ends_with(['-', '/', '_', '.'])) {
            continue;
        }
        out.push(c);
    }
    out.trim_end_matches(['-', '/', '_', '.']).to_string()
}

/// Checks a scanned or typed barcode: letters and digits, 6 to 20 of them;
/// 13 digits must carry a right EAN-13 check digit.
pub(crate) fn barcode(code: &str) -> Result<String> {
    let code = code.trim();
    if !(6..=20).contains(&code.len()) || !code.bytes().all(|b| b.is_ascii_alphanumeric()) {
        bail!("barcode {code:?} must be 6 to 20 letters or digits");
    }
    if code.len() == 13 && code.bytes().all(|b| b.is_ascii_digit()) && !ean::is_valid_ean13(code) {
        bail!("barcode {code} has a wrong EAN-13 check digit");
    }
    Ok(code.to_string())
}

/// An in-store EAN-13 for a new variant, not used by any item here.
pub(crate) fn new_barcode(store: &Store, id: VariantId, taken: &HashSet<String>) -> Result<String> {
    let mut seed = id.0.as_u128() as u64;
    for _ in 0..100 {
        let code = ean::in_store(seed);
        if !taken.contains(&code) && store.exact_items(&code)?.is_empty() {
            return Ok(code);
        }
        seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
    }
    bail!("could not find a free in-store barcode; type one")
}

/// Checks `form` and makes the product and its grid of variants.
pub fn plan(store: &Store, form: &ProductForm, default_mode: PriceMode) -> Result<ProductPlan> {
    let unit = unit(&form.unit)?;
    let product = product_fields(
        ProductId::new(),
        &form.name,
        &form.category,
        &form.hsn,
        &form.gst_rate,
        price_mode(&form.price_mode, default_mode)?,
        unit,
    )?;
    let mrp = rupees(&form.mrp, "MRP")?.ok_or_else(|| anyhow!("the MRP is needed"))?;
    if mrp <= Money::ZERO {
        bail!("the MRP must be more than zero");
    }
    let price = rupees(&form.price, "price")?.unwrap_or(mrp);
    if price > mrp {
        bail!("price {price} is above the MRP {mrp}");
    }
    let cost = rupees(&form.cost, "cost")?.unwrap_or(Money::ZERO);
    let reorder_level = match form.reorder.trim() {
        "" => Qty::ZERO,
        r => Qty::parse(r, unit.allows_fraction()).map_err(|e| anyhow!("reorder level: {e}"))?,
    };
    if reorder_level < Qty::ZERO {
        bail!("the reorder level cannot be below zero");
    }
    let sizes = list(&form.sizes, "size")?;
    let colours = list(&form.colours, "colour")?;
    let opt = |v: &[String]| -> Vec<Option<String>> {
        if v.is_empty() {
            vec![None]
        } else {
            v.iter().cloned().map(Some).collect()
        }
    };
    let grid: Vec<(Option<String>, Option<String>)> = opt(&sizes)
        .into_iter()
        .flat_map(|s| opt(&colours).into_iter().map(move |c| (s.clone(), c)))
        .collect();
    if grid.len() > MAX_GRID {
        bail!(
            "{} variants is more than one product may have ({MAX_GRID})",
            grid.len()
        );
    }
    let scanned: Vec<String> = form
        .barcodes
        .split([',', ' ', ';'])
        .filter(|c| !c.trim().is_empty())
        .map(barcode)
        .collect::<Result<_>>()?;
    if scanned.len() > grid.len() {
        bail!("{} barcodes for {} variants", scanned.len(), grid.len());
    }
    let pattern = match form.sku_pattern.trim() {
        "" => DEFAULT_PATTERN,
        p => p,
    };
    let mut taken: HashSet<String> = HashSet::new();
    let mut skus: HashSet<String> = HashSet::new();
    let mut variants = Vec::new();
    for (i, (size, colour)) in grid.into_iter().enumerate() {
        let sku = sku_from(
            pattern,
            &product.name,
            size.as_deref(),
            colour.as_deref(),
            i + 1,
        );
        if sku.is_empty() || sku.chars().count() > 32 {
            bail!("the pattern {pattern:?} makes the SKU {sku:?}: give one of 1 to 32 characters");
        }
        if !skus.insert(sku.clone()) || !store.exact_items(&sku)?.is_empty() {
            bail!(
                "SKU {sku} is already used — change the pattern (add {{n}} for a number, or another code)"
            );
        }
        let variant_id = VariantId::new();
        let code = match scanned.get(i) {
            Some(c) => {
                if !store.exact_items(c)?.is_empty() {
                    bail!("barcode {c} is already used by another item");
                }
                c.clone()
            }
            None => new_barcode(store, variant_id, &taken)?,
        };
        if !taken.insert(code.clone()) {
            bail!("barcode {code} is given twice");
        }
        variants.push(Variant {
            variant_id,
            product_id: product.product_id,
            sku,
            barcode: Some(code),
            size,
            colour,
            mrp,
            price,
            cost,
            reorder_level,
        });
    }
    Ok(ProductPlan { product, variants })
}

/// Writes a planned product and its variants in one batch.
pub fn add(store: &mut Store, plan: &ProductPlan) -> Result<()> {
    let mut events = vec![NewEvent::now(
        StaffId::OWNER,
        None,
        EventPayload::ProductCreated(plan.product.clone()),
    )];
    events.extend(plan.variants.iter().map(|v| {
        NewEvent::now(
            StaffId::OWNER,
            None,
            EventPayload::VariantCreated(v.clone()),
        )
    }));
    store.append_batch(events)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn skus_follow_the_pattern_and_drop_empty_parts() {
        assert_eq!(product_code("Cotton Kurta"), "COTKUR");
        assert_eq!(product_code("कुर्ता"), "ITEM");
        assert_eq!(
            sku_from(
                DEFAULT_PATTERN,
                "Cotton Kurta",
                Some("M"),
                Some("Navy Blue"),
                1
            ),
            "COTKUR-M-NAVYBLUE"
        );
        assert_eq!(sku_from(DEFAULT_PATTERN, "Soap", None, None, 1), "SOA");
        assert_eq!(
            sku_from("{product}-{size}-{colour}", "Jeans", None, Some("Blue"), 3),
            "JEA-BLUE"
        );
        assert_eq!(sku_from("K/{n}", "x", None, None, 7), "K/07");
        assert!(list("S, M, s", "size").is_err(), "twice, any case");
        assert!(barcode("8901000000018").is_err());
        assert_eq!(
            barcode(" 8901000000019 ").ok().as_deref(),
            Some("8901000000019")
        );
    }
}
