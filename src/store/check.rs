//! `galla check`: rebuild every projection from the events in memory (own
//! stock movements the server refused withdrawn, as in the store), load
//! the stored projections, and list every difference. It rebuilds twice: in
//! the order the events were stored here, and in the order every counter
//! agrees on (time, then event id) — the stored tables must equal both, or
//! a projection depends on arrival order. Read-only; it never repairs
//! anything by itself (a repair is a decision for a person).

use galla_domain::{MoveKind, Projections, Qty, Staff, StockMove, fold, withdrawn_when_refused};

use super::khata::{PARTY_COLUMNS, party_from_row};
use super::projection::rows::{collect, enum_col, stamp_col, text_id};
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

/// Reads every stored projection table into memory.
fn load_stored(store: &Store) -> Result<Projections> {
    let mut p = Projections::default();
    super::projection::catalogue::load(&store.conn, &mut p)?;
    let sql = format!("SELECT {PARTY_COLUMNS} FROM parties");
    for party in collect(&store.conn, &sql, party_from_row)? {
        p.parties.insert(party.party_id, party);
    }
    super::projection::khata::load(&store.conn, &mut p)?;
    super::projection::books::load(&store.conn, &mut p)?;
    super::credit_notes::load(store, &mut p)?;
    for s in collect(
        &store.conn,
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
        &store.conn,
        "SELECT staff_id, active, on_leave FROM staff_status",
        |r| Ok((text_id(r, 0)?, (r.get::<_, bool>(1)?, r.get::<_, bool>(2)?))),
    )? {
        p.staff_active.insert(k, v);
    }
    for (v, l, q) in collect(
        &store.conn,
        "SELECT v.id, l.id, s.qty_milli FROM stock s
           JOIN report_ids v ON v.n = s.variant_n JOIN report_ids l ON l.n = s.location_n",
        |r| Ok((text_id(r, 0)?, text_id(r, 1)?, Qty::from_milli(r.get(2)?))),
    )? {
        p.stock.insert((v, l), q);
    }
    p.moves = collect(
        &store.conn,
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
    super::projection::lww::load(&store.conn, &mut p)?;
    super::projection::bills::load(&store.conn, &mut p)?;
    for (s, date, stamp, m, note) in collect(
        &store.conn,
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
    for (k, v) in collect(&store.conn, "SELECT key, value FROM settings", |r| {
        Ok((r.get(0)?, r.get(1)?))
    })? {
        p.settings.insert(k, v);
    }
    p.report = super::projection::report_load::load(&store.conn)?;
    Ok(p)
}
