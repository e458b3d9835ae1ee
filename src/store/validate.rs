//! Rules an event must meet before it is appended locally: positive
//! quantities, known variants and locations, unique SKUs and barcodes, a price
//! not above MRP, and the domain's bounds (`galla_domain::sanity`: no control
//! characters, no out-of-range numbers or stock moves). Messages say what is wrong and what to do. Remote events
//! are not checked here: the server has already validated them.

use galla_domain::payload::QtyLine;
use galla_domain::{EventPayload, LocationId, Qty, VariantId};
use rusqlite::{OptionalExtension, Transaction};
use std::collections::HashSet;

use super::{Result, StoreError};

fn invalid<T>(message: impl Into<String>) -> Result<T> {
    Err(StoreError::Invalid(message.into()))
}

fn exists(tx: &Transaction<'_>, sql: &str, id: impl rusqlite::ToSql) -> Result<bool> {
    Ok(tx
        .prepare_cached(sql)?
        .query_row([id], |_| Ok(()))
        .optional()?
        .is_some())
}

/// The items and places a transaction's checks have found. Appending never
/// takes one out, so one found stays found until the transaction ends (a
/// bulk run carries it on to its next batch once this one is committed):
/// a batch of bills looks each of its items up once. The look-up was a
/// tenth of the time of generating the benchmark shop.
#[derive(Default)]
pub(crate) struct Known {
    variants: HashSet<VariantId>,
    locations: HashSet<LocationId>,
}

fn variant_known(tx: &Transaction<'_>, known: &mut Known, id: VariantId) -> Result<()> {
    if known.variants.contains(&id) {
        return Ok(());
    }
    if exists(
        tx,
        "SELECT 1 FROM variants WHERE variant_id = ?1",
        id.to_string(),
    )? {
        known.variants.insert(id);
        Ok(())
    } else {
        tracing::info!(variant_id = %id, "refused: the item is not in the catalogue");
        invalid(
            "an item on it is not in this shop's catalogue (it may come from another counter \
             that has not synced yet) — sync, or add the item to the catalogue first"
                .to_string(),
        )
    }
}

fn location_known(tx: &Transaction<'_>, known: &mut Known, id: LocationId) -> Result<()> {
    if known.locations.contains(&id) {
        return Ok(());
    }
    if exists(
        tx,
        "SELECT 1 FROM locations WHERE location_id = ?1",
        id.to_string(),
    )? {
        known.locations.insert(id);
        Ok(())
    } else {
        tracing::info!(location_id = %id, "refused: the location is not known");
        invalid(
            "its location is not known here (it may come from another counter that has not \
             synced yet) — sync, or add it with `galla location add`"
                .to_string(),
        )
    }
}

fn product_known(tx: &Transaction<'_>, id: galla_domain::ProductId) -> Result<bool> {
    exists(
        tx,
        "SELECT 1 FROM products WHERE product_id = ?1",
        id.to_string(),
    )
}

fn party_known(tx: &Transaction<'_>, id: Option<galla_domain::PartyId>) -> Result<()> {
    match id {
        Some(id)
            if !exists(
                tx,
                "SELECT 1 FROM parties WHERE party_id = ?1",
                id.to_string(),
            )? =>
        {
            invalid("unknown customer or supplier")
        }
        _ => Ok(()),
    }
}

/// A variant's SKU and barcode must not be another variant's.
fn unique_codes(tx: &Transaction<'_>, v: &galla_domain::Variant) -> Result<()> {
    let id = v.variant_id.to_string();
    let taken = |sql: &str, code: &str| -> Result<bool> {
        Ok(tx
            .prepare_cached(sql)?
            .query_row([code, &id], |_| Ok(()))
            .optional()?
            .is_some())
    };
    if v.sku.trim().is_empty() {
        return invalid("a variant needs a SKU");
    }
    if taken(
        "SELECT 1 FROM variants WHERE sku = ?1 AND variant_id <> ?2",
        &v.sku,
    )? {
        return invalid(format!("SKU {} is already used by another item", v.sku));
    }
    if let Some(code) = &v.barcode
        && taken(
            "SELECT 1 FROM variants WHERE barcode = ?1 AND variant_id <> ?2",
            code,
        )?
    {
        return invalid(format!("barcode {code} is already used by another item"));
    }
    Ok(())
}

fn product_ok(p: &galla_domain::Product) -> Result<()> {
    if p.name.trim().is_empty() {
        return invalid("a product needs a name");
    }
    if !(4..=8).contains(&p.hsn.len()) || !p.hsn.bytes().all(|b| b.is_ascii_digit()) {
        return invalid(format!("HSN code {:?} must be 4 to 8 digits", p.hsn));
    }
    Ok(())
}

/// A purchase's or a return's location, supplier and lines.
fn goods_ok(
    tx: &Transaction<'_>,
    known: &mut Known,
    location: LocationId,
    supplier: Option<galla_domain::PartyId>,
    lines: &[galla_domain::payload::PurchaseLine],
    what: &str,
) -> Result<()> {
    location_known(tx, known, location)?;
    party_known(tx, supplier)?;
    items_ok(tx, known, lines.iter().map(|l| (l.variant_id, l.qty)), what)
}

fn positive(qty: Qty, what: &str) -> Result<()> {
    if qty.milli() > 0 {
        Ok(())
    } else {
        invalid(format!(
            "{what}: quantity must be more than zero, got {qty}"
        ))
    }
}

fn lines_ok(tx: &Transaction<'_>, known: &mut Known, lines: &[QtyLine], what: &str) -> Result<()> {
    items_ok(tx, known, lines.iter().map(|l| (l.variant_id, l.qty)), what)
}

/// At least one line, each of a known item and more than zero.
fn items_ok(
    tx: &Transaction<'_>,
    known: &mut Known,
    lines: impl Iterator<Item = (VariantId, Qty)>,
    what: &str,
) -> Result<()> {
    let mut any = false;
    for (variant, qty) in lines {
        positive(qty, what)?;
        variant_known(tx, known, variant)?;
        any = true;
    }
    if any {
        Ok(())
    } else {
        invalid(format!("{what} has no lines"))
    }
}

/// Checks `payload` against the rules and the current projections.
pub(crate) fn check_tx(
    tx: &Transaction<'_>,
    known: &mut Known,
    payload: &EventPayload,
) -> Result<()> {
    use EventPayload as P;
    // The bounds the server checks too: nothing that a PostgreSQL ledger
    // cannot store or another counter cannot sum is ever queued.
    galla_domain::sanity::check(payload).map_err(|e| StoreError::Invalid(e.to_string()))?;
    match payload {
        P::ProductCreated(p) => product_ok(p)?,
        P::ProductChanged(p) => {
            product_ok(p)?;
            if !product_known(tx, p.product_id)? {
                return invalid(format!("{} is not in the catalogue", p.name));
            }
        }
        P::VariantChanged(v) => {
            variant_known(tx, known, v.variant_id)?;
            if !product_known(tx, v.product_id)? {
                return invalid(format!("variant {} belongs to an unknown product", v.sku));
            }
            unique_codes(tx, v)?;
        }
        P::VariantStatusChanged(s) => variant_known(tx, known, s.variant_id)?,
        P::LocationChanged(l) => {
            location_known(tx, known, l.location_id)?;
            if l.name.trim().is_empty() {
                return invalid("a location needs a name");
            }
        }
        P::PurchaseReturn(r) => goods_ok(
            tx,
            known,
            r.location_id,
            r.supplier_id,
            &r.lines,
            "a return to the supplier",
        )?,
        P::VariantCreated(v) => {
            if !product_known(tx, v.product_id)? {
                return invalid(format!("variant {} belongs to an unknown product", v.sku));
            }
            if v.sku.trim().is_empty() {
                return invalid("a variant needs a SKU");
            }
            if exists(tx, "SELECT 1 FROM variants WHERE sku = ?1", &v.sku)? {
                return invalid(format!("SKU {} is already used by another item", v.sku));
            }
            if let Some(code) = &v.barcode
                && exists(tx, "SELECT 1 FROM variants WHERE barcode = ?1", code)?
            {
                return invalid(format!("barcode {code} is already used by another item"));
            }
            if v.price > v.mrp {
                return invalid(format!(
                    "{}: selling price {} is above the MRP {}",
                    v.sku, v.price, v.mrp
                ));
            }
        }
        P::PriceChanged(c) => {
            variant_known(tx, known, c.variant_id)?;
            if c.price > c.mrp {
                return invalid(format!(
                    "selling price {} is above the MRP {}",
                    c.price, c.mrp
                ));
            }
        }
        P::Purchase(p) => goods_ok(
            tx,
            known,
            p.location_id,
            p.supplier_id,
            &p.lines,
            "a purchase",
        )?,
        P::Sale(s) => {
            location_known(tx, known, s.location_id)?;
            if s.lines.is_empty() {
                return invalid("a bill has no lines");
            }
            for l in &s.lines {
                positive(l.qty, "bill line")?;
                variant_known(tx, known, l.variant_id)?;
            }
        }
        P::SaleReturn(r) => {
            location_known(tx, known, r.location_id)?;
            lines_ok(tx, known, &r.lines, "return")?;
        }
        P::BillCancelled(c)
            if !exists(
                tx,
                "SELECT 1 FROM bills WHERE bill_id = ?1 AND seq IS NOT NULL AND cancelled_ms IS NULL",
                c.bill_id.0,
            )? =>
        {
            return invalid("that bill does not exist or is already cancelled");
        }
        P::Transfer(t) => {
            if t.from == t.to {
                return invalid("a transfer needs two different locations");
            }
            location_known(tx, known, t.from)?;
            location_known(tx, known, t.to)?;
            lines_ok(tx, known, &t.lines, "transfer")?;
        }
        P::Adjustment(a) => {
            location_known(tx, known, a.location_id)?;
            variant_known(tx, known, a.variant_id)?;
            if a.qty_delta.milli() == 0 {
                return invalid("an adjustment of zero changes nothing");
            }
        }
        P::KhataCredit(k) | P::KhataPayment(k) => {
            if k.amount.paise() <= 0 {
                return invalid(format!("amount must be more than zero, got {}", k.amount));
            }
            if !exists(
                tx,
                "SELECT 1 FROM parties WHERE party_id = ?1",
                k.party_id.to_string(),
            )? {
                return invalid("unknown customer or supplier");
            }
        }
        P::CashbookIn(c) | P::CashbookOut(c) if c.amount.paise() <= 0 => {
            return invalid(format!("amount must be more than zero, got {}", c.amount));
        }
        P::LocationCreated(l) if l.name.trim().is_empty() => {
            return invalid("a location needs a name");
        }
        P::PartyCreated(p) | P::PartyChanged(p) if p.name.trim().is_empty() => {
            return invalid("a customer or supplier needs a name");
        }
        _ => {}
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use crate::demo::{count, generate_at, small};
    use crate::store::{Access, Store, StoreError};
    use galla_domain::{EventPayload, NewEvent, StaffId, VariantId};

    #[test]
    fn an_item_created_by_a_failed_batch_is_not_known_to_the_next() {
        let dir = tempfile::tempdir().expect("dir");
        let mut store = Store::open(&dir.path().join("shop.db"), Access::ReadWrite).expect("open");
        let (spec, now) = small(20, 1, 5);
        store
            .bulk(|store| {
                generate_at(store, &spec, now)?;
                let place = store.locations()?[0].location_id;
                let entry = store.search_entries()?[0].variant_id;
                let (_, mut item) = store.sale_item(entry)?.expect("an item");
                item.variant_id = VariantId::new();
                item.sku = "NEW-1".into();
                item.barcode = None;
                let create = NewEvent::now(
                    StaffId::OWNER,
                    None,
                    EventPayload::VariantCreated(item.clone()),
                );
                // The item is created and counted, then a count of zero
                // fails the batch: none of it is kept…
                let failed = store.append_batch(vec![
                    create,
                    count(place, item.variant_id, 2),
                    count(place, item.variant_id, 0),
                ]);
                assert!(matches!(failed, Err(StoreError::Invalid(_))), "{failed:?}");
                // …so the item is unknown to the next batch of the run.
                let next = store.append_batch(vec![count(place, item.variant_id, 1)]);
                let Err(StoreError::Invalid(why)) = next else {
                    panic!("an item of a failed batch was taken as known: {next:?}");
                };
                assert!(why.contains("not in this shop's catalogue"), "{why}");
                // A known item still is.
                store.append_batch(vec![count(place, entry, 1)])?;
                Ok(())
            })
            .expect("bulk");
    }
}
