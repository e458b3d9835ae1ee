//! Applies projection deltas with SQL inside the append transaction. This is
//! the stored twin of `galla_domain::Projections::apply`; `galla check`
//! proves the two agree. A "current value" (product, variant details, price,
//! variant status, location, party details, staff, status, setting) is written only when its
//! delta's stamp beats the one recorded in `lww` (or `prices`), so the
//! tables do not depend on the order events arrive in.

use std::collections::BTreeMap;

use galla_domain::{Delta, LocationId, Money, MoveKind, Qty, Register, Stamp, VariantId};
use rusqlite::{Transaction, params};

use super::Result;
use super::compact_bills::document_code;
use super::projection::report::number_tx;

/// Applies the deltas of the event stored at `seq`.
pub(crate) fn apply_tx(tx: &Transaction<'_>, seq: i64, deltas: &[Delta]) -> Result<()> {
    for d in deltas {
        apply_one(tx, seq, d)?;
    }
    Ok(())
}

/// Stock changes of many events summed per (variant, location), for a
/// transaction that folds a whole pulled page: a page moves the same few
/// rows many times, and stock is only ever added to, so one write per row
/// at the end gives the same table.
#[derive(Default)]
pub(crate) struct StockSums(BTreeMap<(VariantId, LocationId), i64>);

/// [`apply_tx`], with the stock rows' changes added to `sums` instead of
/// written; [`write_stock_sums_tx`] must follow in the same transaction.
pub(crate) fn apply_summed_tx(
    tx: &Transaction<'_>,
    seq: i64,
    deltas: &[Delta],
    sums: &mut StockSums,
) -> Result<()> {
    for d in deltas {
        match d {
            Delta::Stock {
                variant_id,
                location_id,
                qty,
                kind,
            } => {
                *sums.0.entry((*variant_id, *location_id)).or_default() += qty.milli();
                record_move_tx(tx, seq, *variant_id, *location_id, *qty, *kind)?;
            }
            other => apply_one(tx, seq, other)?,
        }
    }
    Ok(())
}

/// Writes the summed stock changes (a row touched only by changes that
/// cancel out is still created, at zero, as one by one would).
pub(crate) fn write_stock_sums_tx(tx: &Transaction<'_>, sums: StockSums) -> Result<()> {
    for ((variant_id, location_id), milli) in sums.0 {
        add_stock_tx(tx, variant_id, location_id, milli)?;
    }
    Ok(())
}

fn add_stock_tx(
    tx: &Transaction<'_>,
    variant_id: VariantId,
    location_id: LocationId,
    milli: i64,
) -> Result<()> {
    // Items and places go by this file's numbers, as in the history.
    let variant = number_tx(tx, &variant_id.to_string())?;
    let location = number_tx(tx, &location_id.to_string())?;
    tx.prepare_cached(
        "INSERT INTO stock (variant_n, location_n, qty_milli) VALUES (?1, ?2, ?3)
         ON CONFLICT (variant_n, location_n) DO UPDATE SET qty_milli = qty_milli + excluded.qty_milli",
    )?
    .execute(params![variant, location, milli])?;
    Ok(())
}

fn record_move_tx(
    tx: &Transaction<'_>,
    seq: i64,
    variant_id: VariantId,
    location_id: LocationId,
    qty: Qty,
    kind: MoveKind,
) -> Result<()> {
    // One row per event, item, place and kind: two lines of one item on a
    // bill are one movement. Items and places go by this file's numbers.
    let variant = number_tx(tx, &variant_id.to_string())?;
    let location = number_tx(tx, &location_id.to_string())?;
    tx.prepare_cached(
        "INSERT INTO stock_moves (variant_n, seq, location_n, kind, qty_milli)
         VALUES (?1, ?2, ?3, ?4, ?5)
         ON CONFLICT DO UPDATE SET qty_milli = qty_milli + excluded.qty_milli",
    )?
    .execute(params![variant, seq, location, kind.code(), qty.milli()])?;
    Ok(())
}

/// Takes back out the stock deltas of the event stored at `seq`, and its
/// movements: the stored twin of `Projections::withdraw`.
pub(crate) fn withdraw_tx(tx: &Transaction<'_>, seq: i64, deltas: &[Delta]) -> Result<()> {
    for d in deltas {
        if let Delta::Stock {
            variant_id,
            location_id,
            qty,
            ..
        } = d
        {
            add_stock_tx(tx, *variant_id, *location_id, -qty.milli())?;
            tx.prepare_cached(
                "DELETE FROM stock_moves
                  WHERE variant_n = (SELECT n FROM report_ids WHERE id = ?1) AND seq = ?2",
            )?
            .execute(params![variant_id.to_string(), seq])?;
        }
    }
    Ok(())
}

/// Whether a write at `stamp` wins `register` for `key`; records it if so.
fn wins_tx(tx: &Transaction<'_>, register: Register, key: &str, stamp: Stamp) -> Result<bool> {
    let changed = tx
        .prepare_cached(
            "INSERT INTO lww (register, key, stamp) VALUES (?1, ?2, ?3)
             ON CONFLICT (register, key) DO UPDATE SET stamp = excluded.stamp
             WHERE excluded.stamp > lww.stamp",
        )?
        .execute(params![register.as_str(), key, &stamp.to_bytes()[..]])?;
    Ok(changed == 1)
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

fn apply_one(tx: &Transaction<'_>, seq: i64, delta: &Delta) -> Result<()> {
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
        Delta::Party(p, stamp) => {
            let id = p.party_id.to_string();
            if wins_tx(tx, Register::Party, &id, *stamp)? {
                tx.prepare_cached(
                    "INSERT OR REPLACE INTO parties (party_id, kind, name, phone, gstin, state_code,
                                                     credit_limit, address, terms_days, notes, whatsapp)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
                )?
                .execute(params![
                    id,
                    enum_text(&p.kind),
                    p.name,
                    p.phone,
                    p.gstin,
                    p.state_code,
                    p.credit_limit.paise(),
                    p.address,
                    p.terms_days,
                    p.notes,
                    p.whatsapp,
                ])?;
            }
        }
        Delta::PartyBalance {
            party_id,
            delta,
            line,
            stamp,
        } => {
            tx.prepare_cached(
                "INSERT INTO party_balances (party_id, balance) VALUES (?1, ?2)
                 ON CONFLICT (party_id) DO UPDATE SET balance = balance + excluded.balance",
            )?
            .execute(params![party_id.to_string(), delta.paise()])?;
            tx.prepare_cached(
                "INSERT OR IGNORE INTO khata_lines (party_id, stamp, at_ms, amount, why, mode,
                                                    bill_id, head, note, reference)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
            )?
            .execute(params![
                party_id.to_string(),
                &stamp.to_bytes()[..],
                stamp.millis,
                delta.paise(),
                line.why.map(|w| w.as_str()),
                line.mode.map(|m| enum_text(&m)),
                line.bill_id.map(|b| b.0),
                line.head,
                line.note,
                line.reference,
            ])?;
        }
        Delta::Staff(s, stamp) => {
            let id = s.staff_id.to_string();
            if wins_tx(tx, Register::Staff, &id, *stamp)? {
                let detail = serde_json::to_string(s).map_err(|e| {
                    super::StoreError::Invalid(format!(
                        "staff {} could not be written: {e}",
                        s.name
                    ))
                })?;
                tx.prepare_cached(
                    "INSERT OR REPLACE INTO staff (staff_id, name, phone, role, detail)
                     VALUES (?1, ?2, ?3, ?4, ?5)",
                )?
                .execute(params![id, s.name, s.phone, s.role, detail])?;
            }
        }
        Delta::StaffActive {
            staff_id,
            active,
            on_leave,
            stamp,
        } => {
            let id = staff_id.to_string();
            if wins_tx(tx, Register::StaffStatus, &id, *stamp)? {
                tx.prepare_cached(
                    "INSERT OR REPLACE INTO staff_status (staff_id, active, on_leave)
                     VALUES (?1, ?2, ?3)",
                )?
                .execute(params![id, active, on_leave])?;
            }
        }
        Delta::Stock {
            variant_id,
            location_id,
            qty,
            kind,
        } => {
            add_stock_tx(tx, *variant_id, *location_id, qty.milli())?;
            record_move_tx(tx, seq, *variant_id, *location_id, *qty, *kind)?;
        }
        Delta::Book {
            device_id,
            mode,
            delta,
            line,
            stamp,
        } => {
            if *mode == galla_domain::payload::PayMode::Cash {
                tx.prepare_cached(
                    "INSERT INTO cash_drawers (device_id, balance) VALUES (?1, ?2)
                     ON CONFLICT (device_id) DO UPDATE SET balance = balance + excluded.balance",
                )?
                .execute(params![device_id.to_string(), delta.paise()])?;
            }
            // The counter, party and person by this file's numbers, the
            // bill by its bytes; the time is the stamp's first bytes.
            let device = number_tx(tx, &device_id.to_string())?;
            let party = line
                .party_id
                .map(|p| number_tx(tx, &p.to_string()))
                .transpose()?;
            let staff = line
                .staff_id
                .map(|s| number_tx(tx, &s.to_string()))
                .transpose()?;
            tx.prepare_cached(
                "INSERT OR IGNORE INTO book_lines (device_n, mode, stamp, amount, why, party_n,
                                                   bill_id, staff_n, head, note, reference)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
            )?
            .execute(params![
                device,
                enum_text(mode),
                &stamp.to_bytes()[..],
                delta.paise(),
                line.why.map(|w| w.as_str()),
                party,
                line.bill_id.map(|b| b.0),
                staff,
                line.head,
                line.note,
                line.reference,
            ])?;
        }
        Delta::DayClosed {
            device_id,
            date,
            expected,
            counted,
            stamp,
        } => {
            tx.prepare_cached(
                "INSERT OR IGNORE INTO day_closes (device_id, date, stamp, expected, counted)
                 VALUES (?1, ?2, ?3, ?4, ?5)",
            )?
            .execute(params![
                device_id.to_string(),
                date.to_string(),
                &stamp.to_bytes()[..],
                expected.paise(),
                counted.paise(),
            ])?;
        }
        Delta::Reminder {
            party_id,
            amount,
            stamp,
        } => {
            tx.prepare_cached(
                "INSERT OR IGNORE INTO reminders (party_id, stamp, amount) VALUES (?1, ?2, ?3)",
            )?
            .execute(params![
                party_id.to_string(),
                &stamp.to_bytes()[..],
                amount.paise()
            ])?;
        }
        Delta::Bill {
            bill_id,
            bill_no,
            customer_id,
            total,
            document,
            place_of_supply,
            buyer_gstin,
            at_ms,
        } => {
            // The reports' columns of the same row are the report delta's.
            tx.prepare_cached(
                "INSERT INTO bills (bill_id, seq, bill_no, customer_id, total, document,
                                   place_of_supply, buyer_gstin, at_ms)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)
                 ON CONFLICT (bill_id) DO UPDATE SET seq = excluded.seq, bill_no = excluded.bill_no,
                     customer_id = excluded.customer_id, total = excluded.total,
                     document = excluded.document, place_of_supply = excluded.place_of_supply,
                     buyer_gstin = excluded.buyer_gstin, at_ms = excluded.at_ms",
            )?
            .execute(params![
                bill_id.0,
                seq,
                bill_no,
                customer_id.map(|c| c.0),
                total.paise(),
                document_code(*document),
                place_of_supply,
                buyer_gstin,
                at_ms,
            ])?;
        }
        Delta::CreditNote { .. } => super::credit_notes::apply_tx(tx, delta)?,
        Delta::BillCancelled { bill_id } => {
            // A cancel that arrives before its bill leaves a placeholder
            // row (no seq), so the bill is cancelled when it comes; when
            // is the report delta's (`cancelled_ms`), which sets it.
            tx.prepare_cached("INSERT INTO bills (bill_id) VALUES (?1) ON CONFLICT DO NOTHING")?
                .execute([bill_id.0])?;
        }
        Delta::Attendance {
            staff_id,
            date,
            mark,
            note,
            stamp,
        } => {
            tx.prepare_cached(
                "INSERT OR IGNORE INTO attendance_marks (staff_id, date, stamp, mark, note)
                 VALUES (?1, ?2, ?3, ?4, ?5)",
            )?
            .execute(params![
                staff_id.to_string(),
                date.to_string(),
                &stamp.to_bytes()[..],
                enum_text(mark),
                note
            ])?;
        }
        Delta::Report(r) => super::projection::report::apply_tx(tx, seq, r)?,
        Delta::Setting { key, value, stamp } => {
            if wins_tx(tx, Register::Setting, key, *stamp)? {
                tx.prepare_cached("INSERT OR REPLACE INTO settings (key, value) VALUES (?1, ?2)")?
                    .execute(params![key, value])?;
            }
        }
    }
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

/// The serde name of a unit-only enum ("inclusive", "customer").
pub(crate) fn enum_text<T: serde::Serialize>(value: &T) -> String {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(s)) => s,
        other => unreachable!("unit enums serialise to strings, got {other:?}"),
    }
}

/// Reads a unit-only enum back from its serde name.
pub(crate) fn enum_from_text<T: serde::de::DeserializeOwned>(text: &str) -> Option<T> {
    serde_json::from_value(serde_json::Value::String(text.to_string())).ok()
}
