//! Stock operations from the command line, so a new shop can be stocked
//! without the demo generator: add a location, receive goods (a PURCHASE
//! from a CSV), move goods between locations (TRANSFER), correct a quantity
//! (ADJUSTMENT with a reason) and enter a physical count (an ADJUSTMENT of
//! the difference). Each checks everything first and writes one batch, so a
//! bad line changes nothing; quantities never go below zero by a move or a
//! correction (a sale may, by the shop's policy, but not these).
//!
//! Items are named by SKU or barcode, locations by name (any case).

use anyhow::{Context, Result, anyhow, bail};
use galla_domain::catalogue::AdjustReason;
use galla_domain::payload::{Adjustment, Purchase, PurchaseLine, QtyLine, Transfer};
use galla_domain::{EventPayload, Location, LocationId, Money, NewEvent, Qty, StaffId, VariantId};
use std::path::Path;

use crate::store::Store;

/// The highest cost per unit a receipt accepts (₹1 crore).
const MAX_UNIT_COST: Money = Money::from_paise(1_000_000_000);

/// The longest location name.
const MAX_NAME: usize = 60;

/// Adds a location (a shop floor, a godown) by name.
pub fn add_location(store: &mut Store, name: &str) -> Result<Location> {
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
    if let Some(same) = store
        .locations()?
        .into_iter()
        .find(|l| l.name.to_lowercase() == name.to_lowercase())
    {
        bail!("there is already a location named {:?}", same.name);
    }
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

/// An item by SKU or barcode, with whether it is sold in fractions.
fn item(store: &Store, code: &str) -> Result<(VariantId, bool)> {
    let code = code.trim();
    let id = store
        .exact_item(code)?
        .ok_or_else(|| anyhow!("no item has the SKU or barcode {code:?}"))?;
    let (product, _) = store
        .sale_item(id)?
        .ok_or_else(|| anyhow!("no item has the SKU or barcode {code:?}"))?;
    Ok((id, product.unit.allows_fraction()))
}

/// The most one operation may move: 1 crore units. Far above any shop's
/// stock, far below what an i64 sum of many such moves could overflow.
const MAX_UNITS: i64 = 10_000_000;

fn quantity(text: &str, fraction: bool, code: &str) -> Result<Qty> {
    let q = Qty::parse(text, fraction).map_err(|e| anyhow!("{code}: {e}"))?;
    if q.milli().abs() > MAX_UNITS * 1000 {
        bail!("{code}: quantity {text:?} is more than one operation may move (1,00,00,000)");
    }
    Ok(q)
}

/// `a + b`, both bounded by [`quantity`] or read from the store.
fn plus(a: Qty, b: Qty, code: &str) -> Result<Qty> {
    a.milli()
        .checked_add(b.milli())
        .map(Qty::from_milli)
        .ok_or_else(|| anyhow!("{code}: that quantity is too large"))
}

/// What a receipt of goods wrote.
#[derive(Debug, PartialEq, Eq)]
pub struct Received {
    /// Lines received.
    pub lines: usize,
    /// Their cost in total.
    pub cost: Money,
}

/// Receives goods into `location` from a CSV with the columns `sku` (or a
/// barcode), `qty` and optionally `cost` (per unit, in rupees): one PURCHASE.
pub fn receive(
    store: &mut Store,
    location_name: &str,
    file: &Path,
    invoice_no: Option<String>,
) -> Result<Received> {
    let place = location(store, location_name)?;
    let text =
        std::fs::read_to_string(file).with_context(|| format!("cannot read {}", file.display()))?;
    let mut reader = csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let headers: Vec<String> = reader
        .headers()
        .with_context(|| format!("{}: cannot read the header row", file.display()))?
        .iter()
        .map(str::to_lowercase)
        .collect();
    let column = |name: &str| headers.iter().position(|h| h == name);
    let sku = column("sku")
        .or_else(|| column("barcode"))
        .ok_or_else(|| anyhow!("{}: the header needs a `sku` column", file.display()))?;
    let qty = column("qty")
        .ok_or_else(|| anyhow!("{}: the header needs a `qty` column", file.display()))?;
    let cost = column("cost");
    let mut lines = Vec::new();
    let mut total = Money::ZERO;
    for (n, row) in reader.records().enumerate() {
        let line = n + 2;
        let row = row.with_context(|| format!("{} line {line}", file.display()))?;
        let at = |i: usize| row.get(i).unwrap_or("");
        let fail = |e: anyhow::Error| anyhow!("{} line {line}: {e}", file.display());
        let code = at(sku);
        let (variant_id, fraction) = item(store, code).map_err(fail)?;
        let q = quantity(at(qty), fraction, code).map_err(fail)?;
        if q <= Qty::ZERO {
            return Err(fail(anyhow!(
                "{code}: the quantity received must be more than zero"
            )));
        }
        let unit_cost = match cost.map(at).filter(|c| !c.is_empty()) {
            Some(c) => Money::parse(c).map_err(|e| fail(anyhow!("{code}: cost {c:?}: {e}")))?,
            None => Money::ZERO,
        };
        if unit_cost < Money::ZERO || unit_cost > MAX_UNIT_COST {
            return Err(fail(anyhow!(
                "{code}: a cost per unit is between ₹0 and {MAX_UNIT_COST}"
            )));
        }
        total = total
            .checked_add(unit_cost.times_qty(q))
            .ok_or_else(|| fail(anyhow!("the total cost is too large")))?;
        lines.push(PurchaseLine {
            variant_id,
            qty: q,
            cost: unit_cost,
        });
    }
    if lines.is_empty() {
        bail!("{} has no lines to receive", file.display());
    }
    let received = Received {
        lines: lines.len(),
        cost: total,
    };
    store.append(NewEvent::now(
        StaffId::OWNER,
        Some(place.location_id),
        EventPayload::Purchase(Purchase {
            location_id: place.location_id,
            supplier_id: None,
            invoice_no,
            lines,
            on_credit: Money::ZERO,
            paid_cash: Money::ZERO,
        }),
    ))?;
    Ok(received)
}

/// Moves `qty` of an item from one location to another.
pub fn transfer(store: &mut Store, from: &str, to: &str, code: &str, qty: &str) -> Result<Qty> {
    let (from, to) = (location(store, from)?, location(store, to)?);
    if from.location_id == to.location_id {
        bail!("an item moves between two different locations");
    }
    let (variant_id, fraction) = item(store, code)?;
    let q = quantity(qty, fraction, code)?;
    if q <= Qty::ZERO {
        bail!("{code}: the quantity to move must be more than zero");
    }
    let there = store.qty_at(variant_id, from.location_id)?;
    if q > there {
        bail!("{code}: only {there} at {}, cannot move {q}", from.name);
    }
    store.append(NewEvent::now(
        StaffId::OWNER,
        Some(from.location_id),
        EventPayload::Transfer(Transfer {
            from: from.location_id,
            to: to.location_id,
            lines: vec![QtyLine { variant_id, qty: q }],
            note: None,
        }),
    ))?;
    Ok(q)
}

/// Parses a reason as typed on the command line.
pub fn reason(text: &str) -> Result<AdjustReason> {
    Ok(match text.trim().to_lowercase().as_str() {
        "count" => AdjustReason::Count,
        "damage" | "damaged" => AdjustReason::Damage,
        "theft" | "lost" => AdjustReason::Theft,
        "opening" => AdjustReason::Opening,
        "other" => AdjustReason::Other,
        other => bail!("unknown reason {other:?}: use count, damage, theft, opening or other"),
    })
}

/// Changes an item's quantity at a location by `delta` ("-2", "+5").
pub fn adjust(
    store: &mut Store,
    location_name: &str,
    code: &str,
    delta: &str,
    why: AdjustReason,
    note: Option<String>,
) -> Result<(Qty, Qty)> {
    let place = location(store, location_name)?;
    let (variant_id, fraction) = item(store, code)?;
    let d = quantity(delta.trim_start_matches('+'), fraction, code)?;
    if d == Qty::ZERO {
        bail!("{code}: a correction of zero changes nothing");
    }
    if why == AdjustReason::Other && note.as_deref().is_none_or(|n| n.trim().is_empty()) {
        bail!("reason `other` needs a --note saying why");
    }
    let before = store.qty_at(variant_id, place.location_id)?;
    let after = plus(before, d, code)?;
    if after < Qty::ZERO {
        bail!(
            "{code}: {} has {before}; taking {} would leave less than zero",
            place.name,
            Qty::from_milli(-d.milli())
        );
    }
    store.append(NewEvent::now(
        StaffId::OWNER,
        Some(place.location_id),
        EventPayload::Adjustment(Adjustment {
            location_id: place.location_id,
            variant_id,
            qty_delta: d,
            reason: why,
            note,
        }),
    ))?;
    Ok((before, after))
}

/// Records a physical count: the difference from the stored quantity becomes
/// an ADJUSTMENT with reason `count` (nothing is written when they agree).
pub fn count(
    store: &mut Store,
    location_name: &str,
    code: &str,
    counted: &str,
) -> Result<(Qty, Qty)> {
    let place = location(store, location_name)?;
    let (variant_id, fraction) = item(store, code)?;
    let c = quantity(counted, fraction, code)?;
    if c < Qty::ZERO {
        bail!("{code}: a count cannot be below zero");
    }
    let before = store.qty_at(variant_id, place.location_id)?;
    let d = plus(c, Qty::from_milli(-before.milli()), code)?;
    if d != Qty::ZERO {
        store.append(NewEvent::now(
            StaffId::OWNER,
            Some(place.location_id),
            EventPayload::Adjustment(Adjustment {
                location_id: place.location_id,
                variant_id,
                qty_delta: d,
                reason: AdjustReason::Count,
                note: None,
            }),
        ))?;
    }
    Ok((before, c))
}
