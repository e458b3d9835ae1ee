//! Changing an item that exists: any field of its product or of the
//! variant itself. Only what changed is written — PRODUCT_CHANGED for the
//! product's fields (they are shared by its variants), VARIANT_CHANGED for
//! the variant's details, PRICE_CHANGED for its price and MRP — in one
//! batch; an item is stopped or started being sold with
//! VARIANT_STATUS_CHANGED. `info` is what `galla product show` prints.

use anyhow::{Result, anyhow, bail};
use galla_domain::payload::{PriceChanged, VariantStatus};
use galla_domain::{EventPayload, Money, NewEvent, Qty, StaffId, VariantId};
use std::collections::HashSet;

use super::{barcode, new_barcode, price_mode, product_fields, rupees, unit};
use crate::store::{PriceEntry, Store, enum_text, qty_json};

/// The fields to change; `None` keeps a field, `Some("")` empties an
/// optional one (category, size, colour, barcode). A barcode of `new`
/// gets a fresh in-store EAN-13.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ItemEdit {
    /// The product's name (all its variants).
    pub name: Option<String>,
    /// The product's category.
    pub category: Option<String>,
    /// The product's HSN.
    pub hsn: Option<String>,
    /// The product's GST rate.
    pub gst_rate: Option<String>,
    /// The product's price mode.
    pub price_mode: Option<String>,
    /// The product's unit.
    pub unit: Option<String>,
    /// The variant's SKU.
    pub sku: Option<String>,
    /// The variant's barcode (`new`: make one).
    pub barcode: Option<String>,
    /// The variant's size.
    pub size: Option<String>,
    /// The variant's colour.
    pub colour: Option<String>,
    /// MRP in rupees.
    pub mrp: Option<String>,
    /// Selling price in rupees.
    pub price: Option<String>,
    /// Cost before GST in rupees.
    pub cost: Option<String>,
    /// Reorder level.
    pub reorder: Option<String>,
}

fn label(raw: &str, what: &str) -> Result<Option<String>> {
    let t = raw.trim();
    if t.chars().count() > 20 || t.chars().any(char::is_control) {
        bail!("the {what} {t:?} is not a short label (at most 20 characters)");
    }
    Ok(Some(t.to_string()).filter(|t| !t.is_empty()))
}

/// Applies `change` to the item `variant`; returns what changed, in words
/// (empty when nothing did, and then nothing is written).
pub fn edit(store: &mut Store, variant: VariantId, change: &ItemEdit) -> Result<Vec<String>> {
    let (product, old) = store
        .sale_item(variant)?
        .ok_or_else(|| anyhow!("that item is not in the catalogue"))?;
    let keep = |new: &Option<String>, old: &str| new.clone().unwrap_or_else(|| old.to_string());
    let unit = match &change.unit {
        Some(u) => unit(u)?,
        None => product.unit,
    };
    let mode = match &change.price_mode {
        Some(m) => price_mode(m, product.price_mode)?,
        None => product.price_mode,
    };
    let new_product = product_fields(
        product.product_id,
        &keep(&change.name, &product.name),
        &keep(&change.category, product.category.as_deref().unwrap_or("")),
        &keep(&change.hsn, &product.hsn),
        &keep(&change.gst_rate, &product.gst_rate.to_string()),
        mode,
        unit,
    )?;
    let mut v = old.clone();
    if let Some(sku) = &change.sku {
        let sku = sku.trim();
        if sku.is_empty() || sku.chars().count() > 32 || sku.chars().any(char::is_control) {
            bail!("a SKU has 1 to 32 characters");
        }
        v.sku = sku.to_string();
    }
    match change.barcode.as_deref().map(str::trim) {
        None => {}
        Some("") => v.barcode = None,
        Some(c) if c.eq_ignore_ascii_case("new") => {
            v.barcode = Some(new_barcode(store, variant, &HashSet::new())?);
        }
        Some(c) => v.barcode = Some(barcode(c)?),
    }
    if let Some(s) = &change.size {
        v.size = label(s, "size")?;
    }
    if let Some(c) = &change.colour {
        v.colour = label(c, "colour")?;
    }
    if let Some(c) = &change.cost {
        v.cost = rupees(c, "cost")?.unwrap_or(Money::ZERO);
    }
    if let Some(r) = &change.reorder {
        v.reorder_level = match r.trim() {
            "" => Qty::ZERO,
            r => {
                Qty::parse(r, unit.allows_fraction()).map_err(|e| anyhow!("reorder level: {e}"))?
            }
        };
    }
    let mrp = match &change.mrp {
        Some(m) => rupees(m, "MRP")?.ok_or_else(|| anyhow!("the MRP is needed"))?,
        None => old.mrp,
    };
    let price = match &change.price {
        Some(p) => rupees(p, "price")?.ok_or_else(|| anyhow!("the price is needed"))?,
        None => old.price,
    };
    if price > mrp {
        bail!("price {price} is above the MRP {mrp}");
    }
    let mut said = Vec::new();
    let mut events = Vec::new();
    if new_product != product {
        said.push(format!("{} (every size and colour)", new_product.name));
        events.push(EventPayload::ProductChanged(new_product));
    }
    if v != old {
        said.push(format!("{}'s details", v.sku));
        events.push(EventPayload::VariantChanged(v.clone()));
    }
    if (price, mrp) != (old.price, old.mrp) {
        said.push(format!("price {price}, MRP {mrp}"));
        events.push(EventPayload::PriceChanged(PriceChanged {
            variant_id: variant,
            price,
            mrp,
        }));
    }
    if !events.is_empty() {
        store.append_batch(
            events
                .into_iter()
                .map(|p| NewEvent::now(StaffId::OWNER, None, p))
                .collect(),
        )?;
    }
    Ok(said)
}

/// Stops (or starts again) selling an item; its stock and history stay.
pub fn set_active(
    store: &mut Store,
    variant: VariantId,
    active: bool,
    note: Option<&str>,
) -> Result<bool> {
    if store.sale_item(variant)?.is_none() {
        bail!("that item is not in the catalogue");
    }
    if store.variant_active(variant)? == active {
        return Ok(false);
    }
    let note = crate::books::note(note)?;
    store.append(NewEvent::now(
        StaffId::OWNER,
        None,
        EventPayload::VariantStatusChanged(VariantStatus {
            variant_id: variant,
            active,
            note,
        }),
    ))?;
    Ok(true)
}

/// Everything about one item, for `galla product show --json`.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct ItemInfo {
    /// SKU.
    pub sku: String,
    /// Barcode.
    pub barcode: Option<String>,
    /// Product name.
    pub name: String,
    /// Size.
    pub size: Option<String>,
    /// Colour.
    pub colour: Option<String>,
    /// Category.
    pub category: Option<String>,
    /// HSN.
    pub hsn: String,
    /// GST rate ("5%").
    pub gst_rate: String,
    /// `inclusive` or `exclusive`.
    pub price_mode: String,
    /// `piece`, `kg`, `litre` or `metre`.
    pub unit: String,
    /// MRP in paise.
    pub mrp_paise: i64,
    /// Selling price in paise.
    pub price_paise: i64,
    /// Cost in paise.
    pub cost_paise: i64,
    /// Reorder level.
    pub reorder_level: serde_json::Number,
    /// Still sold.
    pub active: bool,
    /// (location, quantity).
    pub stock: Vec<(String, serde_json::Number)>,
    /// Every price it has had, oldest first.
    pub prices: Vec<PriceEntry>,
}

/// Everything about the item `variant`.
pub fn info(store: &Store, variant: VariantId) -> Result<ItemInfo> {
    let (p, v) = store
        .sale_item(variant)?
        .ok_or_else(|| anyhow!("that item is not in the catalogue"))?;
    let mut stock = Vec::new();
    for l in store.locations()? {
        stock.push((
            l.name.clone(),
            qty_json(store.qty_at(variant, l.location_id)?),
        ));
    }
    Ok(ItemInfo {
        sku: v.sku,
        barcode: v.barcode,
        name: p.name,
        size: v.size,
        colour: v.colour,
        category: p.category,
        hsn: p.hsn,
        gst_rate: p.gst_rate.to_string(),
        price_mode: enum_text(&p.price_mode),
        unit: enum_text(&p.unit),
        mrp_paise: v.mrp.paise(),
        price_paise: v.price.paise(),
        cost_paise: v.cost.paise(),
        reorder_level: qty_json(v.reorder_level),
        active: store.variant_active(variant)?,
        stock,
        prices: store.price_history(variant)?,
    })
}
