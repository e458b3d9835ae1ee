//! Catalogue reads for editing and stock work: whether an item is still
//! sold, an item's name, what a location holds (of one category), the
//! categories in use, a product's variants, and an item's price history
//! (from its VARIANT_CREATED and PRICE_CHANGED events, oldest first). Reads
//! projections and events only.

use chrono::{DateTime, Utc};
use galla_domain::{LocationId, ProductId, Qty, Stamp, VariantId};
use rusqlite::{OptionalExtension, params};

use super::{Result, Store, StoreError};

/// One item a location holds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HeldItem {
    /// The item.
    pub variant_id: VariantId,
    /// Its SKU.
    pub sku: String,
    /// Product name with size and colour.
    pub name: String,
    /// How many the location holds.
    pub qty: Qty,
}

/// One price an item had, from when.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct PriceEntry {
    /// When it was set.
    pub at: DateTime<Utc>,
    /// Selling price, in paise.
    pub price_paise: i64,
    /// MRP, in paise.
    pub mrp_paise: i64,
    /// The event that set it ("VARIANT_CREATED", "PRICE_CHANGED").
    pub by: String,
}

fn id<T: std::str::FromStr>(text: &str) -> Result<T> {
    text.parse()
        .map_err(|_| StoreError::Invalid(format!("bad stored id {text:?}")))
}

impl Store {
    /// Whether the item is sold (an item never deactivated is).
    pub fn variant_active(&self, variant: VariantId) -> Result<bool> {
        let active: Option<bool> = self
            .conn
            .prepare_cached("SELECT active FROM variant_status WHERE variant_id = ?1")?
            .query_row([variant.to_string()], |r| r.get(0))
            .optional()?;
        Ok(active.unwrap_or(true))
    }

    /// "Cotton Kurta M Red": the product's name with size and colour.
    pub fn item_name(&self, variant: VariantId) -> Result<String> {
        let row: Option<(String, Option<String>, Option<String>)> = self
            .conn
            .prepare_cached(
                "SELECT p.name, v.size, v.colour FROM variants v
                   JOIN products p ON p.product_id = v.product_id WHERE v.variant_id = ?1",
            )?
            .query_row([variant.to_string()], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?))
            })
            .optional()?;
        let (mut name, size, colour) = row.unwrap_or_default();
        for part in [size, colour].into_iter().flatten() {
            name.push(' ');
            name.push_str(&part);
        }
        Ok(name)
    }

    /// Every item `location` holds a non-zero quantity of, by SKU; only
    /// products of `category` (any case) when one is given.
    pub fn stock_at(&self, location: LocationId, category: Option<&str>) -> Result<Vec<HeldItem>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT i.id, v.sku, s.qty_milli FROM stock s
               JOIN report_ids i ON i.n = s.variant_n
               JOIN variants v ON v.variant_id = i.id
               JOIN products p ON p.product_id = v.product_id
              WHERE s.location_n = (SELECT n FROM report_ids WHERE id = ?1) AND s.qty_milli <> 0
                AND (?2 IS NULL OR lower(p.category) = lower(?2))
              ORDER BY v.sku",
        )?;
        let rows = stmt.query_map(params![location.to_string(), category], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, i64>(2)?,
            ))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (v, sku, q) = row?;
            let variant_id: VariantId = id(&v)?;
            out.push(HeldItem {
                variant_id,
                sku,
                name: self.item_name(variant_id)?,
                qty: Qty::from_milli(q),
            });
        }
        Ok(out)
    }

    /// The categories products are in, by name.
    pub fn categories(&self) -> Result<Vec<String>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT DISTINCT category FROM products WHERE category IS NOT NULL ORDER BY category",
        )?;
        let rows = stmt.query_map([], |r| r.get(0))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Every variant of a product, by SKU.
    pub fn product_variants(&self, product: ProductId) -> Result<Vec<VariantId>> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT variant_id FROM variants WHERE product_id = ?1 ORDER BY sku")?;
        let rows = stmt.query_map([product.to_string()], |r| r.get::<_, String>(0))?;
        rows.map(|r| id(&r?)).collect()
    }

    /// The lines of every PURCHASE with invoice number `invoice`.
    pub fn purchase_lines(
        &self,
        invoice: &str,
    ) -> Result<Vec<Vec<galla_domain::payload::PurchaseLine>>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT seq, schema_version, galla_json(payload) FROM events
              WHERE type = galla_code('PURCHASE') AND json_extract(galla_json(payload), '$.invoice_no') = ?1 ORDER BY seq",
        )?;
        let rows = stmt.query_map([invoice], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, u32>(1)?,
                r.get::<_, String>(2)?,
            ))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (seq, version, payload) = row?;
            if let galla_domain::EventPayload::Purchase(p) =
                galla_domain::EventPayload::decode("PURCHASE", version, &payload)
                    .map_err(|source| StoreError::Decode { seq, source })?
            {
                out.push(p.lines);
            }
        }
        Ok(out)
    }

    /// The prices an item has had, oldest first by the order every counter
    /// agrees on; the last is the price now.
    pub fn price_history(&self, variant: VariantId) -> Result<Vec<PriceEntry>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT galla_kind(type), occurred_at, galla_id_text(event_id), json_extract(galla_json(payload), '$.price'),
                    json_extract(galla_json(payload), '$.mrp')
               FROM events
              WHERE type IN (galla_code('VARIANT_CREATED'), galla_code('PRICE_CHANGED'))
                AND json_extract(galla_json(payload), '$.variant_id') = ?1",
        )?;
        let rows = stmt.query_map([variant.to_string()], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, i64>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, i64>(3)?,
                r.get::<_, i64>(4)?,
            ))
        })?;
        let mut out: Vec<(Stamp, PriceEntry)> = Vec::new();
        for row in rows {
            let (by, at, event_id, price, mrp) = row?;
            let at = super::time_of_ms(at)
                .ok_or_else(|| StoreError::Invalid(format!("bad stored time {at}")))?;
            out.push((
                Stamp::new(at, id(&event_id)?),
                PriceEntry {
                    at,
                    price_paise: price,
                    mrp_paise: mrp,
                    by,
                },
            ));
        }
        out.sort_by_key(|(s, _)| *s);
        Ok(out.into_iter().map(|(_, e)| e).collect())
    }
}
