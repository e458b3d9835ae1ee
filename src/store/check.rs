//! `galla check`: rebuild every projection from the events in memory (own
//! stock movements the server refused withdrawn, as in the store), load
//! the stored projections, and list every difference. It rebuilds twice: in
//! the order the events were stored here, and in the order every counter
//! agrees on (time, then event id) — the stored tables must equal both, or
//! a projection depends on arrival order. Read-only; it never repairs
//! anything by itself (a repair is a decision for a person).

use galla_domain::ledger::{Line, Why};
use galla_domain::payload::PayMode;
use galla_domain::{BillId, GstRate, PartyId, Unit};
use galla_domain::{
    BillRow, Location, Money, MoveKind, PriceRow, Product, Projections, Qty, Register, Staff,
    Stamp, StockMove, Variant, fold, withdrawn_when_refused,
};
use rusqlite::Row;

use super::compact_bills::document_from_code;
use super::khata::{PARTY_COLUMNS, party_from_row};
use super::project::enum_from_text;
use super::query::{EventOrder, for_each_event_in};
use super::{Result, Store, StoreError};

/// What `check` found.
#[derive(Debug, Default)]
pub struct CheckReport {
    /// How many events were folded.
    pub events: u64,
    /// The differences, in words; empty when the store is consistent.
    pub differences: Vec<String>,
}

impl CheckReport {
    /// True when stored and rebuilt projections are equal.
    pub fn is_clean(&self) -> bool {
        self.differences.is_empty()
    }
}

/// Rebuilds the projections from the events and compares them with the stored ones.
pub fn check(store: &Store) -> Result<CheckReport> {
    let (events, local) = rebuild(store, EventOrder::Local)?;
    let (_, stamped) = rebuild(store, EventOrder::Stamp)?;
    let stored = load_stored(store)?;
    let mut differences = stored.diff(&local, 20);
    if differences.is_empty() {
        differences = stored
            .diff(&stamped, 20)
            .into_iter()
            .map(|d| format!("in time order: {d}"))
            .collect();
    }
    Ok(CheckReport {
        events,
        differences,
    })
}

/// Every projection folded from the events in `order`.
fn rebuild(store: &Store, order: EventOrder) -> Result<(u64, Projections)> {
    let mut rebuilt = Projections::default();
    let mut events = 0u64;
    let refused = store.refused_seqs()?;
    for_each_event_in(&store.conn, order, |seq, event| {
        rebuilt.apply(seq, &fold(&event));
        if refused.contains(&seq) {
            rebuilt.withdraw(seq, &withdrawn_when_refused(&event.payload));
        }
        events += 1;
        Ok(())
    })?;
    Ok((events, rebuilt))
}

fn stamp_col(r: &Row<'_>, i: usize) -> rusqlite::Result<Stamp> {
    let bytes: Vec<u8> = r.get(i)?;
    Stamp::from_bytes(&bytes).ok_or_else(|| {
        rusqlite::Error::FromSqlConversionFailure(
            i,
            rusqlite::types::Type::Blob,
            "bad stamp".into(),
        )
    })
}

fn text_id<T: std::str::FromStr>(r: &Row<'_>, i: usize) -> rusqlite::Result<T> {
    let s: String = r.get(i)?;
    s.parse().map_err(|_| {
        rusqlite::Error::FromSqlConversionFailure(i, rusqlite::types::Type::Text, "bad id".into())
    })
}

fn enum_col<T: serde::de::DeserializeOwned>(r: &Row<'_>, i: usize) -> rusqlite::Result<T> {
    let s: String = r.get(i)?;
    enum_from_text(&s).ok_or_else(|| {
        rusqlite::Error::FromSqlConversionFailure(
            i,
            rusqlite::types::Type::Text,
            format!("bad value {s:?}").into(),
        )
    })
}

fn collect<T>(
    store: &Store,
    sql: &str,
    f: impl FnMut(&Row<'_>) -> rusqlite::Result<T>,
) -> Result<Vec<T>> {
    let mut stmt = store.conn.prepare(sql)?;
    let rows = stmt.query_map([], f)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Reads every stored projection table into memory.
fn load_stored(store: &Store) -> Result<Projections> {
    let mut p = Projections::default();
    for prod in collect(
        store,
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
        p.products.insert(prod.product_id, prod);
    }
    for v in collect(
        store,
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
        p.variants.insert(v.variant_id, v);
    }
    for (v, active) in collect(
        store,
        "SELECT variant_id, active FROM variant_status",
        |r| Ok((text_id(r, 0)?, r.get::<_, bool>(1)?)),
    )? {
        p.variant_active.insert(v, active);
    }
    for l in collect(store, "SELECT location_id, name FROM locations", |r| {
        Ok(Location {
            location_id: text_id(r, 0)?,
            name: r.get(1)?,
        })
    })? {
        p.locations.insert(l.location_id, l);
    }
    let sql = format!("SELECT {PARTY_COLUMNS} FROM parties");
    for party in collect(store, &sql, party_from_row)? {
        p.parties.insert(party.party_id, party);
    }
    load_books(store, &mut p)?;
    super::credit_notes::load(store, &mut p)?;
    for (k, v) in collect(store, "SELECT party_id, balance FROM party_balances", |r| {
        Ok((text_id(r, 0)?, Money::from_paise(r.get(1)?)))
    })? {
        p.balances.insert(k, v);
    }
    for s in collect(
        store,
        "SELECT staff_id, name, phone, role, detail FROM staff",
        |r| {
            let mut s = Staff::new(
                text_id(r, 0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(3)?,
            );
            s.phone = r.get(2)?;
            if let Some(full) = r
                .get::<_, Option<String>>(4)?
                .and_then(|d| serde_json::from_str::<Staff>(&d).ok())
            {
                s = Staff {
                    name: s.name,
                    phone: s.phone,
                    role: s.role,
                    ..full
                };
            }
            Ok(s)
        },
    )? {
        p.staff.insert(s.staff_id, s);
    }
    for (k, v) in collect(
        store,
        "SELECT staff_id, active, on_leave FROM staff_status",
        |r| Ok((text_id(r, 0)?, (r.get::<_, bool>(1)?, r.get::<_, bool>(2)?))),
    )? {
        p.staff_active.insert(k, v);
    }
    for (v, l, q) in collect(
        store,
        "SELECT v.id, l.id, s.qty_milli FROM stock s
           JOIN report_ids v ON v.n = s.variant_n JOIN report_ids l ON l.n = s.location_n",
        |r| Ok((text_id(r, 0)?, text_id(r, 1)?, Qty::from_milli(r.get(2)?))),
    )? {
        p.stock.insert((v, l), q);
    }
    p.moves = collect(
        store,
        "SELECT m.seq, v.id, l.id, m.qty_milli, m.kind FROM stock_moves m
           JOIN report_ids v ON v.n = m.variant_n JOIN report_ids l ON l.n = m.location_n",
        |r| {
            let kind: i64 = r.get(4)?;
            Ok(StockMove {
                seq: r.get(0)?,
                variant_id: text_id(r, 1)?,
                location_id: text_id(r, 2)?,
                qty: Qty::from_milli(r.get(3)?),
                kind: MoveKind::from_code(kind).unwrap_or(MoveKind::Adjustment),
            })
        },
    )?;
    for (device, balance) in collect(store, "SELECT device_id, balance FROM cash_drawers", |r| {
        Ok((text_id(r, 0)?, Money::from_paise(r.get(1)?)))
    })? {
        p.cash.insert(device, balance);
    }
    for (v, row) in collect(
        store,
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
        p.prices.insert(v, row);
    }
    for (register, key, stamp) in collect(store, "SELECT register, key, stamp FROM lww", |r| {
        let register: String = r.get(0)?;
        Ok((register, r.get::<_, String>(1)?, stamp_col(r, 2)?))
    })? {
        let register = Register::parse(&register)
            .ok_or_else(|| StoreError::Invalid(format!("unknown stored register {register:?}")))?;
        p.stamps.insert((register, key), stamp);
    }
    for (k, b) in collect(
        store,
        "SELECT bill_id, bill_no, seq, customer_id, total, cancelled_ms, document,
                place_of_supply, buyer_gstin, at_ms FROM bills",
        bill_row,
    )? {
        p.bills.insert(k, b);
    }
    for (s, date, stamp, m, note) in collect(
        store,
        "SELECT staff_id, date, stamp, mark, note FROM attendance_marks",
        |r| {
            let date: String = r.get(1)?;
            Ok((
                text_id(r, 0)?,
                date,
                stamp_col(r, 2)?,
                enum_col(r, 3)?,
                r.get(4)?,
            ))
        },
    )? {
        let date = date
            .parse()
            .map_err(|_| StoreError::Invalid(format!("bad stored attendance date {date:?}")))?;
        p.attendance.insert((s, date, stamp), (m, note));
    }
    for (k, v) in collect(store, "SELECT key, value FROM settings", |r| {
        Ok((r.get(0)?, r.get(1)?))
    })? {
        p.settings.insert(k, v);
    }
    p.report = super::projection::report_load::load(&store.conn)?;
    Ok(p)
}

/// A bill's row as the till keeps it, from its row in `bills` (the reports'
/// columns are `report_load`'s): a bill whose cancel came first has no
/// seq, and is the domain's placeholder.
fn bill_row(r: &Row<'_>) -> rusqlite::Result<(BillId, BillRow)> {
    let bill_id = BillId(r.get(0)?);
    let cancelled = r.get::<_, Option<i64>>(5)?.is_some();
    let Some(seq) = r.get::<_, Option<i64>>(2)? else {
        let placeholder = BillRow {
            bill_no: String::new(),
            seq: 0,
            customer_id: None,
            total: Money::ZERO,
            cancelled,
            document: galla_domain::Document::TaxInvoice,
            place_of_supply: None,
            buyer_gstin: None,
            at_ms: 0,
        };
        return Ok((bill_id, placeholder));
    };
    let document: i64 = r.get(6)?;
    let row = BillRow {
        bill_no: r.get(1)?,
        seq,
        customer_id: r.get::<_, Option<uuid::Uuid>>(3)?.map(PartyId),
        total: Money::from_paise(r.get(4)?),
        cancelled,
        document: document_from_code(document).ok_or_else(|| {
            rusqlite::Error::FromSqlConversionFailure(
                6,
                rusqlite::types::Type::Integer,
                "bad document".into(),
            )
        })?,
        place_of_supply: r.get(7)?,
        buyer_gstin: r.get(8)?,
        at_ms: r.get(9)?,
    };
    Ok((bill_id, row))
}

/// The khata lines, book lines, day closes and reminders as stored.
fn load_books(store: &Store, p: &mut Projections) -> Result<()> {
    fn line(r: &Row<'_>, from: usize) -> rusqlite::Result<Line> {
        let why: String = r.get(from)?;
        let mode: Option<String> = r.get(from + 1)?;
        let party: Option<String> = r.get(from + 2)?;
        let bill: Option<uuid::Uuid> = r.get(from + 3)?;
        Ok(Line {
            why: Why::parse(&why),
            mode: mode.as_deref().and_then(enum_from_text),
            party_id: party.and_then(|x| x.parse().ok()),
            bill_id: bill.map(BillId),
            head: r.get(from + 4)?,
            note: r.get(from + 5)?,
            reference: r.get(from + 6)?,
            staff_id: r
                .get::<_, Option<String>>(from + 7)?
                .and_then(|x| x.parse().ok()),
        })
    }
    for (k, v) in collect(
        store,
        "SELECT party_id, stamp, amount, why, mode, NULL, bill_id, head, note, reference, NULL
         FROM khata_lines",
        |r| {
            Ok((
                (text_id(r, 0)?, stamp_col(r, 1)?),
                (Money::from_paise(r.get(2)?), line(r, 3)?),
            ))
        },
    )? {
        p.khata.insert(k, v);
    }
    for (k, v) in collect(
        store,
        "SELECT d.id, l.mode, l.stamp, l.amount, l.why, l.mode, p.id, l.bill_id, l.head, l.note,
                l.reference, s.id
         FROM book_lines l JOIN report_ids d ON d.n = l.device_n
             LEFT JOIN report_ids p ON p.n = l.party_n LEFT JOIN report_ids s ON s.n = l.staff_n",
        |r| {
            let mode: String = r.get(1)?;
            let mode: PayMode = enum_from_text(&mode).ok_or_else(|| {
                rusqlite::Error::FromSqlConversionFailure(
                    1,
                    rusqlite::types::Type::Text,
                    "mode".into(),
                )
            })?;
            Ok((
                (text_id(r, 0)?, mode, stamp_col(r, 2)?),
                (Money::from_paise(r.get(3)?), line(r, 4)?),
            ))
        },
    )? {
        p.books.insert(k, v);
    }
    for (k, v) in collect(
        store,
        "SELECT device_id, date, stamp, expected, counted FROM day_closes",
        |r| {
            let date: String = r.get(1)?;
            let date = date.parse().map_err(|_| {
                rusqlite::Error::FromSqlConversionFailure(
                    1,
                    rusqlite::types::Type::Text,
                    "date".into(),
                )
            })?;
            Ok((
                (text_id(r, 0)?, date, stamp_col(r, 2)?),
                (Money::from_paise(r.get(3)?), Money::from_paise(r.get(4)?)),
            ))
        },
    )? {
        p.closes.insert(k, v);
    }
    for (k, v) in collect(
        store,
        "SELECT party_id, stamp, amount FROM reminders",
        |r| {
            Ok((
                (text_id(r, 0)?, stamp_col(r, 1)?),
                Money::from_paise(r.get(2)?),
            ))
        },
    )? {
        p.reminders.insert(k, v);
    }
    Ok(())
}
