//! The catalogue projection in SQL: products, variants (their details and
//! their price, which is its own register in `prices`, so a price change
//! wins over details written later with an older stamp), whether each
//! variant is sold, and the locations — each a last-write-wins value
//! (`lww`). The stored twin of the domain's `projection::catalogue`, with its
//! loader for `galla check`.

use galla_domain::{
    CatalogueProjection, Delta, GstRate, Location, Money, PriceRow, Product, Qty, Register, Stamp,
    Unit, Variant, VariantId,
};
use rusqlite::{Connection, Transaction, params};

use super::lww::wins_tx;
use super::rows::{collect, enum_col, stamp_col, text_id};
use crate::store::Result;
use crate::store::project::enum_text;

/// Applies a catalogue delta (others are not this projection's and change
/// nothing).
pub(crate) fn apply_tx(tx: &Transaction<'_>, delta: &Delta) -> Result<()> {
    match delta {
        Delta::Product(p, stamp) => {
            let id = p.product_id.to_string();
            if wins_tx(tx, Register::Product, &id, *stamp)? {
                tx.prepare_cached(
                    "INSERT OR REPLACE INTO products (product_id, name, hsn, gst_bp, price_mode, unit,
                                                      category)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                )?
                .execute(params![
                    id,
                    p.name,
                    p.hsn,
                    p.gst_rate.basis_points(),
                    enum_text(&p.price_mode),
                    enum_text(&p.unit),
                    p.category,
                ])?;
            }
        }
        Delta::Variant(v, stamp) => {
            if wins_tx(tx, Register::Variant, &v.variant_id.to_string(), *stamp)? {
                write_variant_tx(tx, v)?;
            }
            set_price_tx(tx, v.variant_id, v.price, v.mrp, *stamp)?;
        }
        Delta::VariantDetails(v, stamp) => {
            let id = v.variant_id.to_string();
            if wins_tx(tx, Register::Variant, &id, *stamp)? {
                write_variant_tx(tx, v)?;
                // The price stays the price register's, when there is one.
                tx.prepare_cached(
                    "UPDATE variants SET (price, mrp) = (SELECT price, mrp FROM prices WHERE variant_id = ?1)
                      WHERE variant_id = ?1 AND EXISTS (SELECT 1 FROM prices WHERE variant_id = ?1)",
                )?
                .execute([id])?;
            }
        }
        Delta::VariantActive {
            variant_id,
            active,
            stamp,
        } => {
            let id = variant_id.to_string();
            if wins_tx(tx, Register::VariantStatus, &id, *stamp)? {
                tx.prepare_cached(
                    "INSERT OR REPLACE INTO variant_status (variant_id, active) VALUES (?1, ?2)",
                )?
                .execute(params![id, active])?;
            }
        }
        Delta::Price {
            variant_id,
            price,
            mrp,
            stamp,
        } => set_price_tx(tx, *variant_id, *price, *mrp, *stamp)?,
        Delta::Location(l, stamp) => {
            let id = l.location_id.to_string();
            if wins_tx(tx, Register::Location, &id, *stamp)? {
                tx.prepare_cached(
                    "INSERT OR REPLACE INTO locations (location_id, name) VALUES (?1, ?2)",
                )?
                .execute(params![id, l.name])?;
            }
        }
        _ => {}
    }
    Ok(())
}

/// A price write: kept in `prices` when its stamp is the newest, and copied
/// to the variant's row (if the variant is known yet).
fn set_price_tx(
    tx: &Transaction<'_>,
    variant_id: VariantId,
    price: Money,
    mrp: Money,
    stamp: Stamp,
) -> Result<()> {
    let id = variant_id.to_string();
    tx.prepare_cached(
        "INSERT INTO prices (variant_id, price, mrp, stamp) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT (variant_id) DO UPDATE SET price = excluded.price, mrp = excluded.mrp,
             stamp = excluded.stamp
         WHERE excluded.stamp > prices.stamp",
    )?
    .execute(params![
        id,
        price.paise(),
        mrp.paise(),
        &stamp.to_bytes()[..]
    ])?;
    tx.prepare_cached(
        "UPDATE variants SET (price, mrp) = (SELECT price, mrp FROM prices WHERE variant_id = ?1)
          WHERE variant_id = ?1",
    )?
    .execute([id])?;
    Ok(())
}

/// Writes a variant's row (details and the price it carries).
fn write_variant_tx(tx: &Transaction<'_>, v: &galla_domain::Variant) -> Result<()> {
    tx.prepare_cached(
        "INSERT OR REPLACE INTO variants (variant_id, product_id, sku, barcode, size, colour,
                                          mrp, price, cost, reorder_milli)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
    )?
    .execute(params![
        v.variant_id.to_string(),
        v.product_id.to_string(),
        v.sku,
        v.barcode,
        v.size,
        v.colour,
        v.mrp.paise(),
        v.price.paise(),
        v.cost.paise(),
        v.reorder_level.milli(),
    ])?;
    Ok(())
}

/// Reads the products, variants, their status and prices, and the
/// locations as stored into `c`.
pub(crate) fn load(conn: &Connection, c: &mut CatalogueProjection) -> Result<()> {
    for prod in collect(
        conn,
        "SELECT product_id, name, hsn, gst_bp, price_mode, unit, category FROM products",
        |r| {
            Ok(Product {
                product_id: text_id(r, 0)?,
                name: r.get(1)?,
                hsn: r.get(2)?,
                gst_rate: GstRate::from_basis_points(r.get(3)?),
                price_mode: enum_col(r, 4)?,
                unit: enum_col::<Unit>(r, 5)?,
                category: r.get(6)?,
            })
        },
    )? {
        c.products.insert(prod.product_id, prod);
    }
    for v in collect(
        conn,
        "SELECT variant_id, product_id, sku, barcode, size, colour, mrp, price, cost, reorder_milli FROM variants",
        |r| {
            Ok(Variant {
                variant_id: text_id(r, 0)?,
                product_id: text_id(r, 1)?,
                sku: r.get(2)?,
                barcode: r.get(3)?,
                size: r.get(4)?,
                colour: r.get(5)?,
                mrp: Money::from_paise(r.get(6)?),
                price: Money::from_paise(r.get(7)?),
                cost: Money::from_paise(r.get(8)?),
                reorder_level: Qty::from_milli(r.get(9)?),
            })
        },
    )? {
        c.variants.insert(v.variant_id, v);
    }
    for (v, active) in collect(conn, "SELECT variant_id, active FROM variant_status", |r| {
        Ok((text_id(r, 0)?, r.get::<_, bool>(1)?))
    })? {
        c.variant_active.insert(v, active);
    }
    for l in collect(conn, "SELECT location_id, name FROM locations", |r| {
        Ok(Location {
            location_id: text_id(r, 0)?,
            name: r.get(1)?,
        })
    })? {
        c.locations.insert(l.location_id, l);
    }
    for (v, row) in collect(
        conn,
        "SELECT variant_id, price, mrp, stamp FROM prices",
        |r| {
            Ok((
                text_id(r, 0)?,
                PriceRow {
                    price: Money::from_paise(r.get(1)?),
                    mrp: Money::from_paise(r.get(2)?),
                    stamp: stamp_col(r, 3)?,
                },
            ))
        },
    )? {
        c.prices.insert(v, row);
    }
    Ok(())
}
