//! Summed rows written once per batch (`src/store/projection/sums.rs`) give
//! the same tables as one event at a time: a shop written through
//! `Store::bulk` (the demo, then own cancels, returns and stock changes
//! that cancel out, and a second counter's events pulled in pages — one of
//! its cancels before its bill) is read back event by event into an empty
//! file with `import_events`, which folds each event alone, and every
//! projection table of the two files is compared row by row (the report
//! tables' local numbers read back as the ids they stand for).

mod common;

use chrono::{DateTime, Duration, Utc};
use common::fixed_end;
use common::rows::select;
use galla::app::action::Action;
use galla::app::till_bills;
use galla::demo::{DemoSpec, generate_at};
use galla::store::{Access, Imported, Store, check};
use galla_domain::payload::{Adjustment, CashEntry, PayMode, QtyLine, Sale, SaleReturn};
use galla_domain::{
    AdjustReason, DeviceId, Event, EventId, EventPayload, LocationId, Money, NewEvent, Qty, StaffId,
};
use galla_proto::{LedgerStatus, PullResponse, PulledEvent, WireEvent};
use rusqlite::Connection;
use std::collections::BTreeMap;
use std::path::Path;

/// Tables that are not projections (or hold this file's local numbers).
const NOT_PROJECTIONS: &[&str] = &[
    "events",
    "outbox",
    "meta",
    "quarantine",
    "sync_state",
    "open_bill",
    "held_bills",
    "report_ids",
];

fn now() -> DateTime<Utc> {
    (fixed_end() + Duration::days(1))
        .and_hms_opt(0, 0, 0)
        .expect("midnight")
        .and_utc()
}

fn demo(db: &Path, counter: &str, seed: u64) -> Store {
    let mut store = Store::open(db, Access::ReadWrite).expect("open");
    let spec = DemoSpec {
        variants: 40,
        days: 4,
        seed,
        end: fixed_end(),
        counter: counter.into(),
    };
    generate_at(&mut store, &spec, now()).expect("demo");
    store
}

fn events(store: &Store) -> Vec<Event> {
    let mut out = Vec::new();
    store
        .for_each_event(|_, e| {
            out.push(e);
            Ok(())
        })
        .expect("events");
    out
}

fn sales(events: &[Event]) -> Vec<(usize, Sale)> {
    (0..)
        .zip(events)
        .filter_map(|(i, e)| match &e.payload {
            EventPayload::Sale(s) => Some((i, s.clone())),
            _ => None,
        })
        .collect()
}

/// Cancels bill `bill_no` as the till does.
fn cancel(store: &mut Store, bill_no: &str) {
    let done = till_bills::cancel(store, bill_no, "wrong size billed".into());
    assert!(matches!(done, Action::BillChanged(_)), "{done:?}");
}

fn give_back(sale: &Sale) -> EventPayload {
    let line = &sale.lines[0];
    EventPayload::SaleReturn(SaleReturn {
        bill_id: sale.bill_id,
        location_id: sale.location_id,
        customer_id: sale.customer_id,
        lines: vec![QtyLine {
            variant_id: line.variant_id,
            qty: Qty::from_milli(line.qty.milli().min(1000)),
        }],
        refund: Money::from_paise(10_000),
        refund_mode: PayMode::Cash,
        note_no: String::new(),
        bill_no: sale.bill_no.clone(),
        bill_at: None,
        taxes: Vec::new(),
        header: None,
    })
}

fn adjust(location_id: LocationId, variant_id: galla_domain::VariantId, units: i64) -> NewEvent {
    let mut e = NewEvent::now(
        StaffId::OWNER,
        Some(location_id),
        EventPayload::Adjustment(Adjustment {
            location_id,
            variant_id,
            qty_delta: Qty::units(units),
            reason: AdjustReason::Count,
            note: None,
        }),
    );
    e.occurred_at = now() - Duration::hours(3);
    e
}

/// Another counter's event, `n`th of its own.
fn remote(device_id: DeviceId, n: u64, payload: EventPayload) -> Event {
    Event {
        event_id: EventId::new(),
        device_id,
        device_seq: n,
        occurred_at: now() - Duration::hours(2),
        actor: StaffId::OWNER,
        approved_by: None,
        location_id: None,
        payload,
    }
}

/// A page of pulled events, numbered by the server from `after` + 1.
fn page(events: &[Event], after: u64) -> PullResponse {
    let pulled: Vec<PulledEvent> = (after + 1..)
        .zip(events)
        .map(|(server_seq, e)| PulledEvent {
            server_seq,
            device_id: e.device_id,
            status: LedgerStatus::Accepted,
            flag_code: None,
            flag_message: None,
            received_at: now(),
            event: WireEvent::from_event(e),
        })
        .collect();
    let last = after + pulled.len() as u64;
    PullResponse {
        ledger_epoch: uuid::Uuid::nil(),
        events: pulled,
        next_after: last,
        has_more: false,
        head: last,
    }
}

/// Every projection table's rows as sorted text; a column holding a local
/// number (`…_n`) holds the id it stands for instead.
fn projections(db: &Path) -> BTreeMap<String, Vec<String>> {
    let conn = Connection::open(db).expect("open");
    let tables: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
        .expect("tables")
        .query_map([], |r| r.get(0))
        .expect("tables")
        .collect::<rusqlite::Result<_>>()
        .expect("tables");
    let mut out = BTreeMap::new();
    for table in tables
        .into_iter()
        .filter(|t| !NOT_PROJECTIONS.contains(&t.as_str()))
    {
        let columns: Vec<String> = conn
            .prepare(&format!("SELECT name FROM pragma_table_info('{table}')"))
            .expect("columns")
            .query_map([], |r| r.get(0))
            .expect("columns")
            .collect::<rusqlite::Result<_>>()
            .expect("columns");
        let columns: Vec<String> = columns
            .iter()
            .map(|c| match c.ends_with("_n") {
                true => format!("COALESCE((SELECT id FROM report_ids WHERE n = t.{c}), t.{c})"),
                false => format!("t.{c}"),
            })
            .collect();
        let rows = select(
            &conn,
            &format!("SELECT {} FROM {table} t", columns.join(", ")),
        );
        out.insert(table, rows);
    }
    out
}

#[test]
fn a_shop_written_in_bulk_has_the_tables_of_one_event_at_a_time() {
    let dir = tempfile::tempdir().expect("dir");
    // The second counter's shop, and what it sends: a bill it cancelled,
    // the cancel arriving before the bill; a return; and a third counter's
    // cash in and out again (a drawer at zero).
    let mut c2_store = demo(&dir.path().join("c2.db"), "C2", 11);
    let their_sales = sales(&events(&c2_store));
    let (at, cancelled) = their_sales[their_sales.len() / 2].clone();
    let returned = their_sales[their_sales.len() / 3].1.clone();
    cancel(&mut c2_store, &cancelled.bill_no);
    let mut theirs = events(&c2_store);
    let c2 = theirs[0].device_id;
    let their_cancel = theirs.pop().expect("the cancel");
    let n = theirs.len() as u64 + 1;
    let c3 = DeviceId::new();
    let float = |amount| CashEntry {
        amount: Money::from_paise(amount),
        head: "float".into(),
        note: None,
        staff_id: None,
    };
    let mut first = vec![their_cancel];
    first.extend(theirs[..=at].iter().cloned());
    let mut second: Vec<Event> = theirs[at + 1..].to_vec();
    second.push(remote(c2, n + 1, give_back(&returned)));
    second.push(remote(c3, 1, EventPayload::CashbookIn(float(5_000))));
    second.push(remote(c3, 2, EventPayload::CashbookOut(float(5_000))));

    let ours = dir.path().join("bulk.db");
    let mut store = Store::open(&ours, Access::ReadWrite).expect("open");
    store
        .bulk(|store| {
            generate_at(
                store,
                &DemoSpec {
                    variants: 40,
                    days: 4,
                    seed: 7,
                    end: fixed_end(),
                    counter: "C1".into(),
                },
                now(),
            )?;
            store.apply_pull_page(&page(&first, 0), now())?;
            let own = sales(&events(store));
            let (floor, their_item) = (own[0].1.location_id, cancelled.lines[0].variant_id);
            cancel(store, &own[1].1.bill_no);
            let mut return_own = NewEvent::now(StaffId::OWNER, None, give_back(&own[2].1));
            return_own.occurred_at = now() - Duration::hours(1);
            // Their item counted in and out again at our floor: a stock row
            // that only ever held changes cancelling out, still made, at 0.
            store.append_batch(vec![
                return_own,
                adjust(floor, their_item, 2),
                adjust(floor, their_item, -2),
            ])?;
            store.apply_pull_page(&page(&second, first.len() as u64), now())?;
            Ok(())
        })
        .expect("bulk");
    let report = check(&store).expect("check");
    assert!(report.is_clean(), "{:?}", report.differences);

    // The same events, each folded alone.
    let own_device = store.device_id();
    let imported: Vec<Imported> = events(&store)
        .into_iter()
        .map(|event| Imported {
            own: event.device_id == own_device,
            event,
        })
        .collect();
    drop(store);
    let alone = dir.path().join("alone.db");
    let mut one_by_one = Store::open(&alone, Access::ReadWrite).expect("open");
    one_by_one.import_events(imported).expect("import");
    assert!(check(&one_by_one).expect("check").is_clean());
    drop(one_by_one);

    let (bulk, single) = (projections(&ours), projections(&alone));
    for table in [
        "stock",
        "cash_drawers",
        "report_items",
        "report_last",
        "report_received",
    ] {
        assert!(!bulk[table].is_empty(), "{table} has rows");
    }
    assert!(
        bulk["stock"].iter().any(|r| r.ends_with("|0")),
        "a stock row at zero"
    );
    assert!(
        bulk["cash_drawers"]
            .iter()
            .any(|r| r.starts_with(&c3.to_string())),
        "the third counter's drawer, at zero"
    );
    assert_eq!(
        bulk.keys().collect::<Vec<_>>(),
        single.keys().collect::<Vec<_>>()
    );
    for (table, rows) in &bulk {
        assert_eq!(rows, &single[table], "{table}");
    }
}
