//! Stock moved without money: a TRANSFER between two locations (one event
//! of many lines), corrections with a reason (ADJUSTMENT events, one batch
//! in one transaction), a stock count (expected against counted; the
//! differences posted as `count` corrections in one batch) and opening
//! stock from a CSV (`sku, location, qty`: one `opening` ADJUSTMENT a row,
//! all or nothing). None of them takes a location below zero.

use anyhow::{Result, anyhow, bail};
use galla_domain::catalogue::AdjustReason;
use galla_domain::payload::{Adjustment, QtyLine, Transfer};
use galla_domain::{EventPayload, Location, LocationId, NewEvent, Qty, StaffId, VariantId};
use std::collections::BTreeMap;
use std::path::Path;

use super::{item, location, location_by_id, never_below_zero, plus, quantity};
use crate::csvfile::CsvFile;
use crate::store::{Store, qty_json};

/// One location's change of one item.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Moved {
    /// The item.
    pub sku: String,
    /// Where.
    pub location: String,
    /// Before the change.
    pub before: serde_json::Number,
    /// The change (negative: out).
    pub change: serde_json::Number,
    /// After it.
    pub after: serde_json::Number,
}

/// What a transfer, a correction, a count or opening stock wrote.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct Adjusted {
    /// "transfer", "adjustment", "count" or "opening".
    pub kind: &'static str,
    /// The reason of corrections.
    pub reason: Option<&'static str>,
    /// Every location's change, in order.
    pub lines: Vec<Moved>,
}

impl Adjusted {
    fn push(
        &mut self,
        store: &Store,
        v: VariantId,
        place: &Location,
        before: Qty,
        change: Qty,
    ) -> Result<()> {
        let sku = store
            .sale_item(v)?
            .map_or_else(|| v.to_string(), |(_, var)| var.sku);
        self.lines.push(Moved {
            sku,
            location: place.name.clone(),
            before: qty_json(before),
            change: qty_json(change),
            after: qty_json(plus(before, change, "a line")?),
        });
        Ok(())
    }
}

/// The ADJUSTMENT of `delta` of `variant` at `place`.
fn adjustment(
    place: &Location,
    variant: VariantId,
    delta: Qty,
    reason: AdjustReason,
    note: Option<String>,
) -> NewEvent {
    NewEvent::now(
        StaffId::OWNER,
        Some(place.location_id),
        EventPayload::Adjustment(Adjustment {
            location_id: place.location_id,
            variant_id: variant,
            qty_delta: delta,
            reason,
            note,
        }),
    )
}

fn minus(q: Qty) -> Qty {
    Qty::from_milli(-q.milli())
}

/// Moves `lines` from one location to another: one TRANSFER.
pub fn transfer_lines(
    store: &mut Store,
    from: LocationId,
    to: LocationId,
    lines: &[(VariantId, Qty)],
    note: Option<&str>,
) -> Result<Adjusted> {
    let (from, to) = (location_by_id(store, from)?, location_by_id(store, to)?);
    if from.location_id == to.location_id {
        bail!("an item moves between two different locations");
    }
    if lines.is_empty() {
        bail!("nothing to move: scan or type an item first");
    }
    if lines.iter().any(|(_, q)| q.milli() <= 0) {
        bail!("the quantity to move must be more than zero");
    }
    never_below_zero(store, &from, lines, "move")?;
    let note = crate::books::note(note)?;
    let mut out = Adjusted {
        kind: "transfer",
        ..Adjusted::default()
    };
    for (v, q) in lines {
        out.push(
            store,
            *v,
            &from,
            store.qty_at(*v, from.location_id)?,
            minus(*q),
        )?;
        out.push(store, *v, &to, store.qty_at(*v, to.location_id)?, *q)?;
    }
    store.append(NewEvent::now(
        StaffId::OWNER,
        Some(from.location_id),
        EventPayload::Transfer(Transfer {
            from: from.location_id,
            to: to.location_id,
            lines: lines
                .iter()
                .map(|(variant_id, qty)| QtyLine {
                    variant_id: *variant_id,
                    qty: *qty,
                })
                .collect(),
            note,
        }),
    ))?;
    Ok(out)
}

/// `galla transfer`: `qty` of one item from one location to another.
pub fn transfer(
    store: &mut Store,
    from: &str,
    to: &str,
    code: &str,
    qty: &str,
) -> Result<Adjusted> {
    let (from, to) = (location(store, from)?, location(store, to)?);
    let (variant_id, product, _) = item(store, code)?;
    let q = quantity(qty, product.unit.allows_fraction(), code)?;
    if q <= Qty::ZERO {
        bail!("{code}: the quantity to move must be more than zero");
    }
    transfer_lines(
        store,
        from.location_id,
        to.location_id,
        &[(variant_id, q)],
        None,
    )
}

/// Corrects quantities at one location: one ADJUSTMENT an item, in one
/// batch. Never below zero; `other` and `correction` need a note.
pub fn adjust_lines(
    store: &mut Store,
    location_id: LocationId,
    lines: &[(VariantId, Qty)],
    why: AdjustReason,
    note: Option<&str>,
) -> Result<Adjusted> {
    let place = location_by_id(store, location_id)?;
    if lines.is_empty() {
        bail!("nothing to correct: scan or type an item first");
    }
    let note = crate::books::note(note)?;
    if why.needs_note() && note.is_none() {
        bail!("reason `{}` needs a note saying why (--note)", why.label());
    }
    let mut delta: BTreeMap<VariantId, Qty> = BTreeMap::new();
    for (v, d) in lines {
        if d.milli() == 0 {
            bail!("a correction of zero changes nothing");
        }
        let sum = delta.entry(*v).or_default();
        *sum = plus(*sum, *d, "a line")?;
    }
    let mut out = Adjusted {
        kind: "adjustment",
        reason: Some(why.label()),
        ..Adjusted::default()
    };
    let mut events = Vec::new();
    for (v, d) in delta.into_iter().filter(|(_, d)| d.milli() != 0) {
        let before = store.qty_at(v, place.location_id)?;
        if plus(before, d, "a line")? < Qty::ZERO {
            let sku = store.sale_item(v)?.map_or_else(String::new, |(_, x)| x.sku);
            bail!(
                "{sku}: {} has {before}; taking {} would leave less than zero",
                place.name,
                minus(d)
            );
        }
        out.push(store, v, &place, before, d)?;
        events.push(adjustment(&place, v, d, why, note.clone()));
    }
    if events.is_empty() {
        bail!("the corrections cancel out: nothing changes");
    }
    store.append_batch(events)?;
    Ok(out)
}

/// `galla adjust`: one item's quantity changed by `delta` ("-2", "+5").
pub fn adjust(
    store: &mut Store,
    location_name: &str,
    code: &str,
    delta: &str,
    why: AdjustReason,
    note: Option<&str>,
) -> Result<Adjusted> {
    let place = location(store, location_name)?;
    let (variant_id, product, _) = item(store, code)?;
    let d = quantity(
        delta.trim_start_matches('+'),
        product.unit.allows_fraction(),
        code,
    )?;
    if d == Qty::ZERO {
        bail!("{code}: a correction of zero changes nothing");
    }
    adjust_lines(store, place.location_id, &[(variant_id, d)], why, note)
}

/// One item of a stock count: what the books say and what was counted.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CountRow {
    /// The item.
    pub variant_id: VariantId,
    /// Its SKU.
    pub sku: String,
    /// Its name with size and colour.
    pub name: String,
    /// What the books say the location holds.
    pub expected: Qty,
    /// What was counted (not scanned: zero).
    pub counted: Qty,
}

impl CountRow {
    /// Counted minus expected.
    pub fn difference(&self) -> Qty {
        Qty::from_milli(self.counted.milli().saturating_sub(self.expected.milli()))
    }
}

/// The count sheet of a location (optionally one category): every item
/// the books say is there, and every item counted, with both numbers. An
/// item on the books that was not counted counts as zero.
pub fn count_rows(
    store: &Store,
    location_id: LocationId,
    category: Option<&str>,
    counted: &[(VariantId, Qty)],
) -> Result<Vec<CountRow>> {
    let mut rows: Vec<CountRow> = store
        .stock_at(location_id, category)?
        .into_iter()
        .map(|s| CountRow {
            variant_id: s.variant_id,
            sku: s.sku,
            name: s.name,
            expected: s.qty,
            counted: Qty::ZERO,
        })
        .collect();
    for (v, q) in counted {
        match rows.iter_mut().find(|r| r.variant_id == *v) {
            Some(r) => r.counted = plus(r.counted, *q, &r.sku)?,
            None => {
                let (_, var) = store
                    .sale_item(*v)?
                    .ok_or_else(|| anyhow!("an item counted is not in the catalogue"))?;
                let name = store.item_name(*v)?;
                rows.push(CountRow {
                    variant_id: *v,
                    sku: var.sku,
                    name,
                    expected: store.qty_at(*v, location_id)?,
                    counted: *q,
                });
            }
        }
    }
    Ok(rows)
}

/// Posts a count: each difference as a `count` ADJUSTMENT, in one batch
/// (nothing when every count agrees).
pub fn post_count(
    store: &mut Store,
    location_id: LocationId,
    rows: &[CountRow],
) -> Result<Adjusted> {
    let place = location_by_id(store, location_id)?;
    let mut out = Adjusted {
        kind: "count",
        reason: Some(AdjustReason::Count.label()),
        ..Adjusted::default()
    };
    let mut events = Vec::new();
    for r in rows {
        if r.counted < Qty::ZERO {
            bail!("{}: a count cannot be below zero", r.sku);
        }
        // The books may have moved since the sheet was made: the
        // difference is taken from what they say now.
        let now = store.qty_at(r.variant_id, place.location_id)?;
        let d = plus(r.counted, minus(now), &r.sku)?;
        if d.milli() == 0 {
            continue;
        }
        out.push(store, r.variant_id, &place, now, d)?;
        events.push(adjustment(
            &place,
            r.variant_id,
            d,
            AdjustReason::Count,
            None,
        ));
    }
    if !events.is_empty() {
        store.append_batch(events)?;
    }
    Ok(out)
}

/// `galla count`: one item's count at a location (other items untouched).
pub fn count(
    store: &mut Store,
    location_name: &str,
    code: &str,
    counted: &str,
) -> Result<(Qty, Qty)> {
    let place = location(store, location_name)?;
    let (variant_id, product, variant) = item(store, code)?;
    let c = quantity(counted, product.unit.allows_fraction(), code)?;
    if c < Qty::ZERO {
        bail!("{code}: a count cannot be below zero");
    }
    let before = store.qty_at(variant_id, place.location_id)?;
    let row = CountRow {
        variant_id,
        sku: variant.sku,
        name: String::new(),
        expected: before,
        counted: c,
    };
    post_count(store, place.location_id, &[row])?;
    Ok((before, c))
}

/// Opening stock from a CSV with the columns `sku` (or `barcode`),
/// `location` and `qty`: one `opening` ADJUSTMENT a row, all in one batch.
/// Every bad row is reported with its line; nothing is written unless all
/// are good.
pub fn opening(store: &mut Store, file: &Path) -> Result<Adjusted> {
    let csv = CsvFile::read(file)?;
    let name = &csv.name;
    let column = |c: &str| {
        csv.column(c)
            .ok_or_else(|| anyhow!("{name}: the header needs a `{c}` column (sku, location, qty)"))
    };
    let sku = csv
        .column("sku")
        .or_else(|| csv.column("barcode"))
        .ok_or_else(|| anyhow!("{name}: the header needs a `sku` column (sku, location, qty)"))?;
    let (loc, qty) = (column("location")?, column("qty")?);
    let mut bad = Vec::new();
    let mut rows = Vec::new();
    for (line, row) in &csv.rows {
        let at = |i: usize| row.get(i).unwrap_or("");
        let read = || -> Result<(Location, VariantId, Qty)> {
            let code = at(sku);
            let place = location(store, at(loc))?;
            let (variant_id, product, _) = item(store, code)?;
            let q = quantity(at(qty), product.unit.allows_fraction(), code)?;
            if q.milli() <= 0 {
                bail!("{code}: opening stock must be more than zero");
            }
            Ok((place, variant_id, q))
        };
        match read() {
            Ok(r) => rows.push(r),
            Err(e) => bad.push(format!("{name} line {line}: {e}")),
        }
    }
    crate::csvfile::refuse_bad(bad)?;
    if rows.is_empty() {
        bail!("{name} has no rows");
    }
    let mut out = Adjusted {
        kind: "opening",
        reason: Some(AdjustReason::Opening.label()),
        ..Adjusted::default()
    };
    let mut running: BTreeMap<(VariantId, LocationId), Qty> = BTreeMap::new();
    let mut events = Vec::new();
    for (place, v, q) in rows {
        let before = match running.get(&(v, place.location_id)) {
            Some(b) => *b,
            None => store.qty_at(v, place.location_id)?,
        };
        out.push(store, v, &place, before, q)?;
        running.insert((v, place.location_id), plus(before, q, "a row")?);
        events.push(adjustment(&place, v, q, AdjustReason::Opening, None));
    }
    store.append_batch(events)?;
    Ok(out)
}
