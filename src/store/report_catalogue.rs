//! The catalogue as the reports read it: every variant in an array (kept
//! between reports until it changes), and the number each id has in the
//! report tables mapped to its place in that array — so the item facts
//! (`report_items`) of a year add up by array lookups, never an id parsed
//! and hashed per row. Read-only.

use galla_domain::{GstRate, Money, ProductId, Qty, Unit, VariantId};
use rusqlite::OptionalExtension;
use std::any::Any;
use std::sync::{Arc, Mutex, OnceLock};

use super::report::{FastMap, id, money};
use super::{Result, Store};

/// A report number or catalogue place with no item behind it.
pub const NONE: u32 = u32::MAX;

/// What the reports need of one variant: names, classification, prices.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CatalogueItem {
    /// The variant.
    pub variant_id: VariantId,
    /// SKU (shared with the reports that list it).
    pub sku: Arc<str>,
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
                sku: Arc::from(r.get_ref(2)?.as_str().map_err(rusqlite::Error::from)?),
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
}
