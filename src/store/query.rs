//! Reads for screens and commands: the search index, a page of stock rows,
//! a variant's movement history, stock levels for `galla stock`, and the
//! event log for export and check. Reads only projections and events.

use galla_domain::{
    DeviceId, Event, EventId, EventPayload, Location, LocationId, Money, MoveKind, Qty, StaffId,
    VariantId,
};
use rusqlite::{OptionalExtension, Row, params};
use std::collections::HashMap;

use super::compact::envelope_id;
use super::{Result, Store, StoreError, packed, time_of_ms};

/// What the fuzzy search needs of one variant; kept in memory for all of them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SearchEntry {
    /// The variant.
    pub variant_id: VariantId,
    /// Its SKU.
    pub sku: String,
    /// Its barcode.
    pub barcode: Option<String>,
    /// Product name with size and colour, as searched.
    pub name: String,
}

/// One variant's row in the Stock pane.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StockRow {
    /// The variant.
    pub variant_id: VariantId,
    /// SKU.
    pub sku: String,
    /// Barcode.
    pub barcode: Option<String>,
    /// Product name.
    pub name: String,
    /// Size.
    pub size: Option<String>,
    /// Colour.
    pub colour: Option<String>,
    /// Selling price.
    pub price: Money,
    /// MRP.
    pub mrp: Money,
    /// Reorder level.
    pub reorder_level: Qty,
    /// Quantity at each location (every location, zero when none).
    pub qty: Vec<(LocationId, Qty)>,
    /// Still sold (a deactivated item keeps its row, marked).
    pub active: bool,
}

impl StockRow {
    /// The name with size and colour ("Cotton Kurta M Red").
    pub fn full_name(&self) -> String {
        let mut name = self.name.clone();
        for part in [&self.size, &self.colour].into_iter().flatten() {
            name.push(' ');
            name.push_str(part);
        }
        name
    }

    /// Quantity at every location together.
    pub fn total(&self) -> Qty {
        self.qty.iter().map(|(_, q)| *q).sum()
    }

    /// Quantity at one location, or the total for `None`.
    pub fn at(&self, location: Option<LocationId>) -> Qty {
        match location {
            None => self.total(),
            Some(l) => self
                .qty
                .iter()
                .find(|(id, _)| *id == l)
                .map_or(Qty::ZERO, |(_, q)| *q),
        }
    }
}

/// One line of a movement history, oldest first.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HistoryRow {
    /// When (UTC).
    pub occurred_at: chrono::DateTime<chrono::Utc>,
    /// Why it moved.
    pub kind: MoveKind,
    /// Where.
    pub location: String,
    /// Signed change.
    pub qty: Qty,
    /// Quantity after this movement (at the location asked for, or in total).
    pub running: Qty,
}

/// One variant at one location, for `galla stock --json`.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct StockLevel {
    /// SKU.
    pub sku: String,
    /// Barcode.
    pub barcode: Option<String>,
    /// Product name.
    pub name: String,
    /// Size.
    pub size: Option<String>,
    /// Colour.
    pub colour: Option<String>,
    /// Location name.
    pub location: String,
    /// Quantity (whole units as integers, loose goods with decimals).
    pub qty: serde_json::Number,
    /// Selling price in paise.
    pub price_paise: i64,
    /// MRP in paise.
    pub mrp_paise: i64,
    /// What one cost, in paise — only for those who may see costs
    /// (`galla stock --costs`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cost_paise: Option<i64>,
    /// The price less the cost, in paise (with `cost_paise`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub margin_paise: Option<i64>,
}

fn id<T: std::str::FromStr>(row: &Row<'_>, i: usize) -> rusqlite::Result<T> {
    let text: String = row.get(i)?;
    text.parse().map_err(|_| {
        rusqlite::Error::FromSqlConversionFailure(i, rusqlite::types::Type::Text, "bad id".into())
    })
}

impl Store {
    /// Every location, in the order they were created.
    pub fn locations(&self) -> Result<Vec<Location>> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT location_id, name FROM locations ORDER BY location_id")?;
        let rows = stmt.query_map([], |r| {
            Ok(Location {
                location_id: id(r, 0)?,
                name: r.get(1)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// How many variants the catalogue has.
    pub fn variant_count(&self) -> Result<usize> {
        let n: i64 = self
            .conn
            .query_row("SELECT COUNT(*) FROM variants", [], |r| r.get(0))?;
        Ok(usize::try_from(n).unwrap_or(0))
    }

    /// The search index of every variant, in SKU order.
    pub fn search_entries(&self) -> Result<Vec<SearchEntry>> {
        let mut out = Vec::new();
        self.each_search_entry(|e| out.push(e))?;
        Ok(out)
    }

    /// Hands every variant's search entry to `each`, in SKU order, one at a
    /// time: the search index is built without all 100,000 entries held at
    /// once besides it (22 MB on the benchmark shop, which the process kept
    /// as resident memory after they were freed).
    pub fn each_search_entry(&self, mut each: impl FnMut(SearchEntry)) -> Result<()> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT v.variant_id, v.sku, v.barcode, p.name, v.size, v.colour
             FROM variants v JOIN products p ON p.product_id = v.product_id
             ORDER BY v.sku",
        )?;
        let rows = stmt.query_map([], |r| {
            let mut name: String = r.get(3)?;
            for i in [4, 5] {
                if let Some(part) = r.get::<_, Option<String>>(i)? {
                    name.push(' ');
                    name.push_str(&part);
                }
            }
            Ok(SearchEntry {
                variant_id: id(r, 0)?,
                sku: r.get(1)?,
                barcode: r.get(2)?,
                name,
            })
        })?;
        for row in rows {
            each(row?);
        }
        Ok(())
    }

    /// The variant ids of one page in SKU order (before the index is loaded).
    pub fn variant_ids_page(&self, offset: usize, limit: usize) -> Result<Vec<VariantId>> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT variant_id FROM variants ORDER BY sku LIMIT ?1 OFFSET ?2")?;
        let rows = stmt.query_map(params![limit as i64, offset as i64], |r| id(r, 0))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Full stock rows for the given variants, in the same order.
    pub fn stock_rows(&self, ids: &[VariantId], locations: &[Location]) -> Result<Vec<StockRow>> {
        let mut variant = self.conn.prepare_cached(
            "SELECT v.sku, v.barcode, p.name, v.size, v.colour, v.price, v.mrp, v.reorder_milli,
                    COALESCE(s.active, 1)
             FROM variants v JOIN products p ON p.product_id = v.product_id
             LEFT JOIN variant_status s ON s.variant_id = v.variant_id
             WHERE v.variant_id = ?1",
        )?;
        let mut stock = self.conn.prepare_cached(
            "SELECT l.id, s.qty_milli FROM stock s JOIN report_ids l ON l.n = s.location_n
                  WHERE s.variant_n = (SELECT n FROM report_ids WHERE id = ?1)",
        )?;
        let mut out = Vec::with_capacity(ids.len());
        for vid in ids {
            let key = vid.to_string();
            let Some(mut row) = variant
                .query_row([&key], |r| {
                    Ok(StockRow {
                        variant_id: *vid,
                        sku: r.get(0)?,
                        barcode: r.get(1)?,
                        name: r.get(2)?,
                        size: r.get(3)?,
                        colour: r.get(4)?,
                        price: Money::from_paise(r.get(5)?),
                        mrp: Money::from_paise(r.get(6)?),
                        reorder_level: Qty::from_milli(r.get(7)?),
                        qty: Vec::new(),
                        active: r.get(8)?,
                    })
                })
                .optional()?
            else {
                continue;
            };
            let mut held: HashMap<LocationId, Qty> = HashMap::new();
            for pair in stock.query_map([&key], |r| {
                Ok((id::<LocationId>(r, 0)?, r.get::<_, i64>(1)?))
            })? {
                let (l, q) = pair?;
                held.insert(l, Qty::from_milli(q));
            }
            row.qty = locations
                .iter()
                .map(|l| {
                    (
                        l.location_id,
                        held.get(&l.location_id).copied().unwrap_or_default(),
                    )
                })
                .collect();
            out.push(row);
        }
        Ok(out)
    }

    /// A variant's movements, oldest first, with the running quantity at
    /// `location` (or in total when `None`).
    pub fn history(
        &self,
        variant: VariantId,
        location: Option<LocationId>,
    ) -> Result<Vec<HistoryRow>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT e.occurred_at, m.kind, l.name, m.qty_milli,
                    SUM(m.qty_milli) OVER (ORDER BY m.seq, m.qty_milli, m.location_n),
                    p.id
             FROM stock_moves m
             JOIN events e ON e.seq = m.seq
             JOIN report_ids p ON p.n = m.location_n
             LEFT JOIN locations l ON l.location_id = p.id
             WHERE m.variant_n = (SELECT n FROM report_ids WHERE id = ?1)
               AND (?2 IS NULL OR p.id = ?2)
             ORDER BY m.seq, m.qty_milli, m.location_n",
        )?;
        let place_id = location.map(|l| l.to_string());
        let rows = stmt.query_map(params![variant.to_string(), place_id], |r| {
            let at: i64 = r.get(0)?;
            let kind: i64 = r.get(1)?;
            let place = match r.get::<_, Option<String>>(2)? {
                Some(name) => name,
                None => r.get::<_, String>(5)?,
            };
            Ok((at, kind, place, r.get::<_, i64>(3)?, r.get::<_, i64>(4)?))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (at, kind, location, qty, running) = row?;
            out.push(HistoryRow {
                occurred_at: time_of_ms(at)
                    .ok_or_else(|| StoreError::Invalid(format!("bad stored time {at}")))?,
                kind: MoveKind::from_code(kind)
                    .ok_or_else(|| StoreError::Invalid(format!("bad stored movement {kind}")))?,
                location,
                qty: Qty::from_milli(qty),
                running: Qty::from_milli(running),
            });
        }
        Ok(out)
    }

    /// Every variant at every location (zero where none is held), in SKU then
    /// location order, optionally for one location name.
    pub fn stock_levels(&self, location: Option<&str>) -> Result<Vec<StockLevel>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT v.sku, v.barcode, p.name, v.size, v.colour, l.name,
                    COALESCE(s.qty_milli, 0), v.price, v.mrp, v.cost
             FROM variants v
             JOIN products p ON p.product_id = v.product_id
             CROSS JOIN locations l
             LEFT JOIN report_ids vn ON vn.id = v.variant_id
             LEFT JOIN report_ids ln ON ln.id = l.location_id
             LEFT JOIN stock s ON s.variant_n = vn.n AND s.location_n = ln.n
             WHERE ?1 IS NULL OR l.name = ?1
             ORDER BY v.sku, l.location_id",
        )?;
        let rows = stmt.query_map([location], |r| {
            let qty = Qty::from_milli(r.get(6)?);
            Ok(StockLevel {
                sku: r.get(0)?,
                barcode: r.get(1)?,
                name: r.get(2)?,
                size: r.get(3)?,
                colour: r.get(4)?,
                location: r.get(5)?,
                qty: qty_json(qty),
                price_paise: r.get(7)?,
                mrp_paise: r.get(8)?,
                cost_paise: Some(r.get(9)?),
                margin_paise: Some(r.get::<_, i64>(7)? - r.get::<_, i64>(9)?),
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Calls `f` with every stored event in local order.
    pub fn for_each_event(&self, f: impl FnMut(i64, Event) -> Result<()>) -> Result<()> {
        for_each_event_in(&self.conn, EventOrder::Local, f)
    }

    /// How many events are stored.
    pub fn event_count(&self) -> Result<i64> {
        Ok(self
            .conn
            .query_row("SELECT COUNT(*) FROM events", [], |r| r.get(0))?)
    }
}

/// A quantity as a JSON number: an integer for whole units, else a decimal.
pub fn qty_json(qty: Qty) -> serde_json::Number {
    if qty.is_whole() {
        serde_json::Number::from(qty.milli() / 1000)
    } else {
        serde_json::Number::from_f64(qty.milli() as f64 / 1000.0)
            .unwrap_or_else(|| serde_json::Number::from(0))
    }
}

/// The order to read the events in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EventOrder {
    /// As they were stored here (`seq`).
    Local,
    /// By when they happened, then by id: the order every counter can agree
    /// on, whatever order they arrived in.
    Stamp,
}

/// The columns [`event_at`] reads, in its order.
pub(crate) const EVENT_COLUMNS: &str = concat!(
    "seq, event_id, ",
    envelope_id!("device_n"),
    ", device_seq, galla_kind(type), schema_version, occurred_at, ",
    envelope_id!("actor_n"),
    ", ",
    envelope_id!("location_n"),
    ", payload, approved_by"
);

/// The event in a row selected with [`EVENT_COLUMNS`], with its `seq`.
pub(crate) fn event_at(r: &Row<'_>) -> Result<(i64, Event)> {
    let seq: i64 = r.get(0)?;
    let kind: String = r.get(4)?;
    let version: u32 = r.get(5)?;
    let bad = |what: &str| StoreError::Invalid(format!("event #{seq} has a bad {what}"));
    let payload = r
        .get_ref(9)?
        .as_blob()
        .map_err(|_| bad("payload"))
        .and_then(|b| {
            packed::unpack(b).map_err(|e| StoreError::Invalid(format!("event #{seq}: {e}")))
        })?;
    let payload = EventPayload::decode(&kind, version, &payload)
        .map_err(|source| StoreError::Decode { seq, source })?;
    let at: i64 = r.get(6)?;
    let event = Event {
        event_id: EventId(r.get(1)?),
        device_id: DeviceId(r.get(2)?),
        device_seq: r.get::<_, i64>(3)?.unsigned_abs(),
        occurred_at: time_of_ms(at).ok_or_else(|| bad("time"))?,
        actor: StaffId(r.get(7)?),
        approved_by: r.get::<_, Option<uuid::Uuid>>(10)?.map(StaffId),
        location_id: r.get::<_, Option<uuid::Uuid>>(8)?.map(LocationId),
        payload,
    };
    Ok((seq, event))
}

/// The event stored at `seq`, if there is one.
pub(crate) fn event_by_seq(conn: &rusqlite::Connection, seq: i64) -> Result<Option<Event>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {EVENT_COLUMNS} FROM events WHERE seq = ?1"
    ))?;
    let mut rows = stmt.query([seq])?;
    match rows.next()? {
        Some(r) => Ok(Some(event_at(r)?.1)),
        None => Ok(None),
    }
}

/// Calls `f` with every event stored in `conn`, in `order`.
pub(crate) fn for_each_event_in(
    conn: &rusqlite::Connection,
    order: EventOrder,
    mut f: impl FnMut(i64, Event) -> Result<()>,
) -> Result<()> {
    let order_by = match order {
        EventOrder::Local => "seq",
        EventOrder::Stamp => "occurred_at, event_id",
    };
    // A migration's rebuild runs before the schema has every column.
    let approvals: bool = conn.query_row(
        "SELECT count(*) > 0 FROM pragma_table_info('events') WHERE name = 'approved_by'",
        [],
        |r| r.get(0),
    )?;
    let columns = if approvals {
        EVENT_COLUMNS.to_string()
    } else {
        EVENT_COLUMNS.replace("approved_by", "NULL AS approved_by")
    };
    let mut stmt = conn.prepare(&format!("SELECT {columns} FROM events ORDER BY {order_by}"))?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        let (seq, event) = event_at(r)?;
        f(seq, event)?;
    }
    Ok(())
}

impl Store {
    /// The cash in this counter's drawer: what its own events put in and
    /// took out (other counters' cash is in their drawers).
    pub fn cash_in_drawer(&self) -> Result<Money> {
        let paise: Option<i64> = self
            .conn
            .query_row(
                "SELECT balance FROM cash_drawers WHERE device_id = ?1",
                [self.device_id.to_string()],
                |r| r.get(0),
            )
            .optional()?;
        Ok(Money::from_paise(paise.unwrap_or(0)))
    }

    /// The shop's cash: every counter's drawer together.
    pub fn shop_cash(&self) -> Result<Money> {
        let paise: i64 = self.conn.query_row(
            "SELECT COALESCE(SUM(balance), 0) FROM cash_drawers",
            [],
            |r| r.get(0),
        )?;
        Ok(Money::from_paise(paise))
    }
}
