//! The catalogue projection in memory: products, variants (their details
//! and their price, which is its own register in `prices`, so a price
//! change wins over details written later with an older stamp), whether
//! each variant is sold, and the locations. Every value is last-write-wins:
//! details and status through the shared [`Registers`], prices by the stamp
//! kept beside them. Its stored twin is `store::projection::catalogue`.

use std::collections::BTreeMap;

use super::diff::Differ;
use super::lww::{Register, Registers};
use crate::catalogue::{Location, Product, Variant};
use crate::fold::Delta;
use crate::ids::{LocationId, ProductId, VariantId};
use crate::money::Money;
use crate::stamp::Stamp;

/// A variant's price as its register keeps it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PriceRow {
    /// Selling price.
    pub price: Money,
    /// MRP.
    pub mrp: Money,
    /// The write that set it.
    pub stamp: Stamp,
}

/// Products, variants, prices, variant status and locations.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CatalogueProjection {
    /// Products by id.
    pub products: BTreeMap<ProductId, Product>,
    /// Variants by id, with their current prices (copied from `prices`).
    pub variants: BTreeMap<VariantId, Variant>,
    /// The price register of every variant ever priced.
    pub prices: BTreeMap<VariantId, PriceRow>,
    /// Whether each variant whose status was ever set is sold (absent:
    /// sold).
    pub variant_active: BTreeMap<VariantId, bool>,
    /// Locations by id.
    pub locations: BTreeMap<LocationId, Location>,
}

impl CatalogueProjection {
    /// Applies a catalogue delta, its register stamps kept in `registers`
    /// (others are not this projection's and change nothing).
    pub fn apply(&mut self, delta: &Delta, registers: &mut Registers) {
        match delta {
            Delta::Product(p, stamp) => registers.write(
                Register::Product,
                *stamp,
                &mut self.products,
                &p.product_id,
                p,
            ),
            Delta::Variant(v, stamp) => {
                registers.write(
                    Register::Variant,
                    *stamp,
                    &mut self.variants,
                    &v.variant_id,
                    v,
                );
                self.set_price(v.variant_id, v.price, v.mrp, *stamp);
            }
            Delta::VariantDetails(v, stamp) => {
                // The price stays the price register's, when there is one.
                let mut v = v.clone();
                if let Some(r) = self.prices.get(&v.variant_id) {
                    v.price = r.price;
                    v.mrp = r.mrp;
                }
                registers.write(
                    Register::Variant,
                    *stamp,
                    &mut self.variants,
                    &v.variant_id,
                    &v,
                )
            }
            Delta::VariantActive {
                variant_id,
                active,
                stamp,
            } => registers.write(
                Register::VariantStatus,
                *stamp,
                &mut self.variant_active,
                variant_id,
                active,
            ),
            Delta::Price {
                variant_id,
                price,
                mrp,
                stamp,
            } => self.set_price(*variant_id, *price, *mrp, *stamp),
            Delta::Location(l, stamp) => registers.write(
                Register::Location,
                *stamp,
                &mut self.locations,
                &l.location_id,
                l,
            ),
            _ => {}
        }
    }

    /// A price write: kept in `prices` when its stamp is the newest, and
    /// copied to the variant (if the variant is known yet).
    fn set_price(&mut self, variant_id: VariantId, price: Money, mrp: Money, stamp: Stamp) {
        if self.prices.get(&variant_id).is_none_or(|r| stamp > r.stamp) {
            self.prices
                .insert(variant_id, PriceRow { price, mrp, stamp });
        }
        if let (Some(v), Some(r)) = (
            self.variants.get_mut(&variant_id),
            self.prices.get(&variant_id),
        ) {
            v.price = r.price;
            v.mrp = r.mrp;
        }
    }

    /// The catalogue's part of `Projections::diff`.
    pub(super) fn diff(&self, rebuilt: &CatalogueProjection, d: &mut Differ<'_>) {
        d.map("product", &self.products, &rebuilt.products);
        d.map("variant", &self.variants, &rebuilt.variants);
        d.map("price", &self.prices, &rebuilt.prices);
        d.map(
            "variant status",
            &self.variant_active,
            &rebuilt.variant_active,
        );
        d.map("location", &self.locations, &rebuilt.locations);
    }
}
