//! Stock operations, shared by the command line and the Stock pane, so a
//! new shop can be stocked and kept right without the demo generator: add
//! and rename locations, buy goods from a supplier and send them back
//! (`purchase`), move them between locations, correct a quantity with a
//! reason, count a shelf and take in opening stock (`moves`). Each checks
//! everything first and writes one event or one batch in one transaction,
//! so a bad line changes nothing; a move, a correction or a return never
//! takes a location below zero (a sale may, by the shop's policy).
//!
//! Items are named by SKU or barcode, locations by name (any case).

use anyhow::{Result, anyhow, bail};
use galla_domain::catalogue::AdjustReason;
use galla_domain::{EventPayload, Location, LocationId, NewEvent, Qty, StaffId, VariantId};
use std::collections::BTreeMap;

use crate::store::Store;

mod moves;
mod purchase;

pub use moves::{
    Adjusted, CountRow, Moved, adjust, adjust_lines, count, count_rows, opening, post_count,
    transfer, transfer_lines,
};
pub use purchase::{
    Bought, Payment, PurchaseArgs, PurchaseDoc, doc_totals, purchase, purchase_file, read_lines,
    receive,
};

/// The longest location name.
const MAX_NAME: usize = 60;

/// The most one operation may move: 1 crore units. Far above any shop's
/// stock, far below what an i64 sum of many such moves could overflow.
const MAX_UNITS: i64 = 10_000_000;

fn location_name(name: &str) -> Result<&str> {
    let name = name.trim();
    if name.is_empty() {
        bail!("a location needs a name, e.g. \"Godown\"");
    }
    if name.chars().count() > MAX_NAME {
        bail!("a location name has at most {MAX_NAME} characters");
    }
    if name.chars().any(char::is_control) {
        bail!("the location name has an invisible control character; type it again");
    }
    Ok(name)
}

fn name_free(store: &Store, name: &str, except: Option<LocationId>) -> Result<()> {
    if let Some(same) = store
        .locations()?
        .into_iter()
        .find(|l| l.name.to_lowercase() == name.to_lowercase() && Some(l.location_id) != except)
    {
        bail!("there is already a location named {:?}", same.name);
    }
    Ok(())
}

/// Adds a location (a shop floor, a godown) by name.
pub fn add_location(store: &mut Store, name: &str) -> Result<Location> {
    let name = location_name(name)?;
    name_free(store, name, None)?;
    let location = Location {
        location_id: LocationId::new(),
        name: name.to_string(),
    };
    store.append(NewEvent::now(
        StaffId::OWNER,
        Some(location.location_id),
        EventPayload::LocationCreated(location.clone()),
    ))?;
    Ok(location)
}

/// Renames the location named `old` (LOCATION_CHANGED): its stock and
/// history stay, under the new name.
pub fn rename_location(store: &mut Store, old: &str, new: &str) -> Result<Location> {
    let mut place = location(store, old)?;
    let name = location_name(new)?;
    name_free(store, name, Some(place.location_id))?;
    place.name = name.to_string();
    store.append(NewEvent::now(
        StaffId::OWNER,
        Some(place.location_id),
        EventPayload::LocationChanged(place.clone()),
    ))?;
    Ok(place)
}

/// The location named `name` (any case), or an error listing the locations.
pub fn location(store: &Store, name: &str) -> Result<Location> {
    let all = store.locations()?;
    if let Some(l) = all
        .iter()
        .find(|l| l.name.to_lowercase() == name.trim().to_lowercase())
    {
        return Ok(l.clone());
    }
    if all.is_empty() {
        bail!("there are no locations yet: add one with `galla location add --db PATH NAME`");
    }
    let names: Vec<&str> = all.iter().map(|l| l.name.as_str()).collect();
    bail!(
        "there is no location named {name:?}; the locations are: {}",
        names.join(", ")
    )
}

/// The location by id (its name for messages).
pub(crate) fn location_by_id(store: &Store, id: LocationId) -> Result<Location> {
    store
        .locations()?
        .into_iter()
        .find(|l| l.location_id == id)
        .ok_or_else(|| anyhow!("that location is not known here"))
}

/// An item named by SKU or barcode: its id, product and details.
pub(crate) fn item(
    store: &Store,
    code: &str,
) -> Result<(VariantId, galla_domain::Product, galla_domain::Variant)> {
    let code = code.trim();
    let id = store
        .exact_item(code)?
        .ok_or_else(|| anyhow!("no item has the SKU or barcode {code:?}"))?;
    let (product, variant) = store
        .sale_item(id)?
        .ok_or_else(|| anyhow!("no item has the SKU or barcode {code:?}"))?;
    Ok((id, product, variant))
}

/// A quantity typed for `code`: whole for pieces, at most 1 crore units.
pub(crate) fn quantity(text: &str, fraction: bool, code: &str) -> Result<Qty> {
    let q = Qty::parse(text, fraction).map_err(|e| anyhow!("{code}: {e}"))?;
    if q.milli().abs() > MAX_UNITS * 1000 {
        bail!("{code}: quantity {text:?} is more than one operation may move (1,00,00,000)");
    }
    Ok(q)
}

/// `a + b`, both bounded by [`quantity`] or read from the store.
pub(crate) fn plus(a: Qty, b: Qty, code: &str) -> Result<Qty> {
    a.milli()
        .checked_add(b.milli())
        .map(Qty::from_milli)
        .ok_or_else(|| anyhow!("{code}: that quantity is too large"))
}

/// Refuses `outgoing` (variant → quantity leaving `place`) when any item
/// would go below zero there; quantities of one item on several lines are
/// added first.
pub(crate) fn never_below_zero(
    store: &Store,
    place: &Location,
    outgoing: &[(VariantId, Qty)],
    verb: &str,
) -> Result<()> {
    let mut total: BTreeMap<VariantId, Qty> = BTreeMap::new();
    for (v, q) in outgoing {
        let sum = total.entry(*v).or_default();
        *sum = plus(*sum, *q, "a line")?;
    }
    for (v, q) in total {
        let there = store.qty_at(v, place.location_id)?;
        if q > there {
            let sku = store
                .sale_item(v)?
                .map_or_else(|| v.to_string(), |(_, var)| var.sku);
            bail!("{sku}: only {there} at {}, cannot {verb} {q}", place.name);
        }
    }
    Ok(())
}

/// Parses a reason as typed on the command line.
pub fn reason(text: &str) -> Result<AdjustReason> {
    AdjustReason::parse(text).ok_or_else(|| {
        anyhow!(
            "unknown reason {:?}: use damaged, lost, found, sample, correction, count, opening or other",
            text.trim()
        )
    })
}
