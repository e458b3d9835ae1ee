//! What the reports read item by item: the catalogue (every variant in an
//! array, kept between reports until it changes), the number each id has
//! in the report tables mapped to its place in that array, and the item
//! facts keyed by those numbers — sales, receipts, last dates — plus the
//! stock. A year's hundreds of thousands of rows are then array lookups,
//! never an id parsed and hashed per row. Read-only.

use galla_domain::projection::report::{ItemSums, LastDates, SPAN_SLOTS};
use galla_domain::{GstRate, LocationId, Money, PartyId, ProductId, Qty, Unit, VariantId};
use rusqlite::{OptionalExtension, params};
use std::any::Any;
use std::ops::Range;
use std::sync::{Arc, Mutex, OnceLock};

use super::report::{FastMap, id, money};
use super::{Result, Store};

/// An integer column, read where it lies (a year is millions of them).
fn int(r: &rusqlite::Row<'_>, i: usize) -> rusqlite::Result<i64> {
    Ok(r.get_ref(i)?.as_i64()?)
}

/// `slots` as the spans wholly inside it and the slots before and after
/// them (no spans, and all of `slots`, when none fits).
fn split(slots: Range<i64>) -> (Range<i64>, [Range<i64>; 2]) {
    let first = -(-slots.start).div_euclid(SPAN_SLOTS);
    let end = slots.end.div_euclid(SPAN_SLOTS);
    if first < end {
        (
            first..end,
            [slots.start..first * SPAN_SLOTS, end * SPAN_SLOTS..slots.end],
        )
    } else {
        (0..0, [slots, 0..0])
    }
}

/// A report number or catalogue place with no item behind it.
pub const NONE: u32 = u32::MAX;

/// What the reports need of one variant: names, classification, prices.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CatalogueItem {
    /// The variant.
    pub variant_id: VariantId,
    /// SKU.
    pub sku: String,
    /// The product.
    pub product_id: ProductId,
    /// The product's name (shared by its variants).
    pub name: Arc<str>,
    /// Size.
    pub size: Option<String>,
    /// Colour.
    pub colour: Option<String>,
    /// HSN code.
    pub hsn: Arc<str>,
    /// How it is counted.
    pub unit: Unit,
    /// GST rate.
    pub gst_rate: GstRate,
    /// Cost per unit (the current one).
    pub cost: Money,
    /// MRP.
    pub mrp: Money,
    /// Reorder level.
    pub reorder_level: Qty,
    /// The product's category, when it was given one.
    pub category: Option<Arc<str>>,
}

/// Every variant, in an array (a variant's place in it is how the reports
/// key it), with an index by id, the report numbers mapped to places, and
/// one thing the reports work out from it, kept with it.
#[derive(Default)]
pub struct ReportCatalogue {
    items: Vec<CatalogueItem>,
    index: FastMap<VariantId, u32>,
    /// Report number → place (`NONE`: not a variant here), as far as read.
    numbers: Mutex<Arc<Vec<u32>>>,
    memo: OnceLock<Arc<dyn Any + Send + Sync>>,
}

/// The catalogue as the reports read it, shared between reports until it
/// changes.
pub type SharedCatalogue = Arc<ReportCatalogue>;

impl ReportCatalogue {
    /// The catalogue of `items`.
    pub fn new(items: Vec<CatalogueItem>) -> ReportCatalogue {
        let mut index = FastMap::with_capacity_and_hasher(items.len(), Default::default());
        for (at, item) in items.iter().enumerate() {
            index.insert(item.variant_id, at as u32);
        }
        ReportCatalogue {
            items,
            index,
            ..ReportCatalogue::default()
        }
    }

    /// Every item; a place in this slice is how the reports key it.
    pub fn items(&self) -> &[CatalogueItem] {
        &self.items
    }

    /// The place of `variant`.
    pub fn place(&self, variant: &VariantId) -> Option<usize> {
        self.index.get(variant).map(|&at| at as usize)
    }

    /// The item `variant`.
    pub fn get(&self, variant: &VariantId) -> Option<&CatalogueItem> {
        self.place(variant).map(|at| &self.items[at])
    }

    /// Every (variant, item).
    pub fn iter(&self) -> impl Iterator<Item = (&VariantId, &CatalogueItem)> {
        self.items.iter().map(|i| (&i.variant_id, i))
    }

    /// Every item.
    pub fn values(&self) -> impl Iterator<Item = &CatalogueItem> {
        self.items.iter()
    }

    /// How many items.
    pub fn len(&self) -> usize {
        self.items.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// `make` of this catalogue, worked out once and kept with it (the
    /// reports' categories and groups); a second kind of `T` is worked out
    /// every time.
    pub fn memo<T: Send + Sync + 'static>(
        &self,
        make: impl FnOnce(&ReportCatalogue) -> T,
    ) -> Arc<T> {
        if let Some(kept) = self.memo.get()
            && let Ok(t) = kept.clone().downcast::<T>()
        {
            return t;
        }
        let made = Arc::new(make(self));
        let _ = self.memo.set(made.clone());
        made
    }
}

impl std::ops::Index<&VariantId> for ReportCatalogue {
    type Output = CatalogueItem;

    fn index(&self, variant: &VariantId) -> &CatalogueItem {
        &self.items[self.index[variant] as usize]
    }
}

impl std::fmt::Debug for ReportCatalogue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ReportCatalogue")
            .field("items", &self.items.len())
            .finish()
    }
}

/// Goods of one variant received in one slot from one supplier.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReceivedRow {
    /// The supplier's report number (0: none named; see
    /// [`Store::report_party`]).
    pub supplier: u32,
    /// The variant's report number (see [`Store::report_numbers`]).
    pub variant: u32,
    /// At cost.
    pub value: Money,
}

impl Store {
    /// Every variant with what the reports need of it and its product.
    pub fn report_catalogue(&self) -> Result<SharedCatalogue> {
        // Read again only when the catalogue changed (the version the
        // triggers of migration 14 move on), by this connection or another.
        let version: Option<i64> = self
            .conn
            .prepare_cached(
                "SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'catalogue_version'",
            )?
            .query_row([], |r| r.get(0))
            .optional()?;
        if let (Some(now), Some((seen, items))) = (version, &*self.catalogue.borrow())
            && now == *seen
        {
            return Ok(items.clone());
        }
        let items = Arc::new(ReportCatalogue::new(self.read_catalogue()?));
        if let Some(now) = version {
            *self.catalogue.borrow_mut() = Some((now, items.clone()));
        }
        Ok(items)
    }

    /// Every variant with its product's name, HSN, unit, rate and category:
    /// the products read first and joined here (an SQL join seeks each
    /// variant's product by its text key; a product's strings are shared
    /// by its variants).
    fn read_catalogue(&self) -> Result<Vec<CatalogueItem>> {
        struct Product {
            name: Arc<str>,
            hsn: Arc<str>,
            unit: Unit,
            gst_rate: GstRate,
            category: Option<Arc<str>>,
        }
        let mut products: FastMap<ProductId, Product> = FastMap::default();
        let mut stmt = self
            .conn
            .prepare_cached("SELECT product_id, name, hsn, unit, gst_bp, category FROM products")?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let text = |i: usize| -> rusqlite::Result<&str> { Ok(r.get_ref(i)?.as_str()?) };
            let unit = match text(3)? {
                "kg" => Unit::Kg,
                "litre" => Unit::Litre,
                "metre" => Unit::Metre,
                _ => Unit::Piece,
            };
            let category = r
                .get_ref(5)?
                .as_str_or_null()
                .map_err(rusqlite::Error::from)?
                .filter(|c| !c.trim().is_empty())
                .map(Arc::from);
            products.insert(
                id(r, 0)?,
                Product {
                    name: Arc::from(text(1)?),
                    hsn: Arc::from(text(2)?),
                    unit,
                    gst_rate: GstRate::from_basis_points(r.get(4)?),
                    category,
                },
            );
        }
        let mut stmt = self.conn.prepare_cached(
            "SELECT variant_id, product_id, sku, size, colour, cost, mrp, reorder_milli
             FROM variants",
        )?;
        let mut rows = stmt.query([])?;
        let mut out = Vec::with_capacity(self.variant_count().unwrap_or(0));
        while let Some(r) = rows.next()? {
            let product_id: ProductId = id(r, 1)?;
            let Some(p) = products.get(&product_id) else {
                continue;
            };
            out.push(CatalogueItem {
                variant_id: id(r, 0)?,
                sku: r.get(2)?,
                product_id,
                name: p.name.clone(),
                size: r.get(3)?,
                colour: r.get(4)?,
                hsn: p.hsn.clone(),
                unit: p.unit,
                gst_rate: p.gst_rate,
                cost: money(r, 5)?,
                mrp: money(r, 6)?,
                reorder_level: Qty::from_milli(r.get(7)?),
                category: p.category.clone(),
            });
        }
        Ok(out)
    }

    /// Each report number's place in `cat` (`NONE` for a location, a
    /// supplier or a variant not in it), indexed by number. Kept with the
    /// catalogue; numbers given since are read on the next call. (Numbers
    /// are only ever given anew by a rebuild, which a migration runs
    /// before anything is read.)
    pub fn report_numbers(&self, cat: &ReportCatalogue) -> Result<Arc<Vec<u32>>> {
        let mut known = cat.numbers.lock().unwrap_or_else(|e| e.into_inner());
        let last: i64 = self
            .conn
            .prepare_cached("SELECT COALESCE(MAX(n), 0) FROM report_ids")?
            .query_row([], |r| r.get(0))?;
        let have = known.len() as i64;
        if have > last {
            return Ok(known.clone());
        }
        let mut at = known.as_ref().clone();
        at.resize(usize::try_from(last + 1).unwrap_or(0), NONE);
        let mut stmt = self
            .conn
            .prepare_cached("SELECT n, id FROM report_ids WHERE n >= ?1")?;
        let mut rows = stmt.query([have])?;
        while let Some(r) = rows.next()? {
            let n: i64 = r.get(0)?;
            // Not every id is a variant's: a location or supplier is NONE.
            let place = r
                .get_ref(1)?
                .as_str()
                .ok()
                .and_then(|s| s.parse::<VariantId>().ok())
                .and_then(|v| cat.place(&v));
            if let (Ok(n), Some(place)) = (usize::try_from(n), place)
                && let Some(slot) = at.get_mut(n)
            {
                *slot = place as u32;
            }
        }
        *known = Arc::new(at);
        Ok(known.clone())
    }

    /// The party a report number names (a supplier of goods received; 0
    /// names none).
    pub fn report_party(&self, number: u32) -> Result<Option<PartyId>> {
        let text: Option<String> = self
            .conn
            .prepare_cached("SELECT id FROM report_ids WHERE n = ?1")?
            .query_row([number], |r| r.get(0))
            .optional()?;
        Ok(text.and_then(|t| t.parse().ok()))
    }

    /// Calls `f` with every item's sales in `slots` (at one location or
    /// all): the variant's report number, GST rate billed, sums — an item
    /// may come more than once (by span, then by slot at the ends).
    pub fn for_each_report_item(
        &self,
        slots: Range<i64>,
        location: Option<LocationId>,
        mut f: impl FnMut(u32, GstRate, &ItemSums),
    ) -> Result<()> {
        self.item_rows(
            slots,
            location,
            "variant_n, gst_bp, sold_milli, taxable, cgst, sgst, igst",
            |r| {
                let sums = ItemSums {
                    sold: Qty::from_milli(int(r, 2)?),
                    taxable: Money::from_paise(int(r, 3)?),
                    cgst: Money::from_paise(int(r, 4)?),
                    sgst: Money::from_paise(int(r, 5)?),
                    igst: Money::from_paise(int(r, 6)?),
                };
                let variant = u32::try_from(int(r, 0)?).unwrap_or(NONE);
                let rate = u16::try_from(int(r, 1)?).unwrap_or(0);
                f(variant, GstRate::from_basis_points(rate), &sums);
                Ok(())
            },
        )
    }

    /// Calls `f` with the quantity of every item sold in `slots` (at one
    /// location or all): the variant's report number and quantity, an
    /// item more than once (by span, then by slot at the ends).
    pub fn for_each_report_sold(
        &self,
        slots: Range<i64>,
        location: Option<LocationId>,
        mut f: impl FnMut(u32, Qty),
    ) -> Result<()> {
        self.item_rows(slots, location, "variant_n, sold_milli", |r| {
            let variant = u32::try_from(int(r, 0)?).unwrap_or(NONE);
            f(variant, Qty::from_milli(int(r, 1)?));
            Ok(())
        })
    }

    /// Calls `f` with `columns` of the item rows that make up `slots`: the
    /// spans wholly inside it from `report_item_spans`, the slots at its
    /// two ends from `report_items`.
    fn item_rows(
        &self,
        slots: Range<i64>,
        location: Option<LocationId>,
        columns: &str,
        mut f: impl FnMut(&rusqlite::Row<'_>) -> rusqlite::Result<()>,
    ) -> Result<()> {
        let Some(location) = self.location_number(location)? else {
            return Ok(());
        };
        let (spans, ends) = split(slots);
        let parts = [("report_item_spans", "span", spans)]
            .into_iter()
            .chain(ends.map(|r| ("report_items", "slot", r)));
        for (table, key, range) in parts.filter(|p| !p.2.is_empty()) {
            let mut stmt = self.conn.prepare_cached(&format!(
                "SELECT {columns} FROM {table}
                 WHERE {key} >= ?1 AND {key} < ?2 AND (?3 IS NULL OR location_n = ?3)"
            ))?;
            let mut rows = stmt.query(params![range.start, range.end, location])?;
            while let Some(r) = rows.next()? {
                f(r)?;
            }
        }
        Ok(())
    }

    /// Calls `f` with what every item sold in `slots` (at one location or
    /// all): slot, the variant's report number, quantity, taxable value; in
    /// slot order. Half the columns of [`Store::for_each_report_item`], for
    /// the reports that need no tax: a year is 1.5 million rows.
    pub fn for_each_report_sale(
        &self,
        slots: Range<i64>,
        location: Option<LocationId>,
        mut f: impl FnMut(i64, u32, Qty, Money),
    ) -> Result<()> {
        let Some(location) = self.location_number(location)? else {
            return Ok(());
        };
        let mut stmt = self.conn.prepare_cached(
            "SELECT slot, variant_n, sold_milli, taxable FROM report_items
             WHERE slot >= ?1 AND slot < ?2 AND (?3 IS NULL OR location_n = ?3)",
        )?;
        let mut rows = stmt.query(params![slots.start, slots.end, location])?;
        while let Some(r) = rows.next()? {
            let variant = u32::try_from(int(r, 1)?).unwrap_or(NONE);
            f(
                int(r, 0)?,
                variant,
                Qty::from_milli(int(r, 2)?),
                Money::from_paise(int(r, 3)?),
            );
        }
        Ok(())
    }

    /// The report number of `location` (`Some(None)`: every location;
    /// `None`: one that nothing was ever sold at).
    fn location_number(&self, location: Option<LocationId>) -> Result<Option<Option<i64>>> {
        match location {
            Some(l) => Ok(self.report_number(&l.to_string())?.map(Some)),
            None => Ok(Some(None)),
        }
    }

    /// The report number of `id`, if it has one.
    fn report_number(&self, id: &str) -> Result<Option<i64>> {
        Ok(self
            .conn
            .prepare_cached("SELECT n FROM report_ids WHERE id = ?1")?
            .query_row([id], |r| r.get(0))
            .optional()?)
    }

    /// Goods received in `slots`.
    pub fn report_received(&self, slots: Range<i64>) -> Result<Vec<ReceivedRow>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT supplier_n, variant_n, value
             FROM report_received WHERE slot >= ?1 AND slot < ?2",
        )?;
        let rows = stmt.query_map(params![slots.start, slots.end], |r| {
            Ok(ReceivedRow {
                supplier: u32::try_from(int(r, 0)?).unwrap_or(NONE),
                variant: u32::try_from(int(r, 1)?).unwrap_or(NONE),
                value: Money::from_paise(int(r, 2)?),
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Each item's last sale and receipt, by its place in `cat`.
    pub fn report_last_dates(&self, cat: &ReportCatalogue) -> Result<Vec<LastDates>> {
        let numbers = self.report_numbers(cat)?;
        let mut out = vec![LastDates::default(); cat.len()];
        let mut stmt = self
            .conn
            .prepare_cached("SELECT variant_n, sold_ms, received_ms FROM report_last")?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let n = usize::try_from(r.get::<_, i64>(0)?).unwrap_or(usize::MAX);
            if let Some(&at) = numbers.get(n)
                && let Some(dates) = out.get_mut(at as usize)
            {
                *dates = LastDates {
                    sold_ms: r.get(1)?,
                    received_ms: r.get(2)?,
                };
            }
        }
        Ok(out)
    }

    /// Each item's stock at one location or in all, by its place in `cat`.
    pub fn report_stock(
        &self,
        cat: &ReportCatalogue,
        location: Option<LocationId>,
    ) -> Result<Vec<Qty>> {
        // The stock's key begins with the variant: a variant's locations
        // come together, so its id is read once (a GROUP BY in SQL costs
        // more than the rows themselves).
        let mut stmt = self.conn.prepare_cached(
            "SELECT variant_id, qty_milli FROM stock
             WHERE qty_milli <> 0 AND (?1 IS NULL OR location_id = ?1)",
        )?;
        let mut rows = stmt.query([location.map(|l| l.to_string())])?;
        let mut out = vec![Qty::ZERO; cat.len()];
        let (mut last, mut at) = (Vec::new(), None);
        while let Some(r) = rows.next()? {
            let text = r.get_ref(0)?.as_bytes().map_err(rusqlite::Error::from)?;
            if text != last.as_slice() {
                last.clear();
                last.extend_from_slice(text);
                at = cat.place(&id(r, 0)?);
            }
            if let Some(at) = at {
                out[at] += Qty::from_milli(int(r, 1)?);
            }
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::{SPAN_SLOTS, split};

    #[test]
    fn a_period_splits_into_whole_spans_and_its_two_ends() {
        let w = SPAN_SLOTS;
        assert_eq!(split(10..20), (0..0, [10..20, 0..0]), "inside one span");
        assert_eq!(split(0..w), (0..1, [0..0, w..w]), "exactly one span");
        assert_eq!(
            split(w - 5..3 * w + 7),
            (1..3, [w - 5..w, 3 * w..3 * w + 7])
        );
        assert_eq!(split(-w - 1..w), (-1..1, [-w - 1..-w, w..w]), "before 1970");
        assert_eq!(split(w - 5..w + 5), (0..0, [w - 5..w + 5, 0..0]));
    }
}
