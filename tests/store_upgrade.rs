//! Upgrading real files made by earlier galla (committed fixtures) in place:
//! schema 4 (before Store v2) and schema 14 (the last before the events were
//! packed, made by that day's `galla demo` plus a khata payment, a cash-out,
//! a price change, a renamed product and a staff status). Every event reads
//! back as it was written, the outbox keeps each event's sync state, the
//! projections equal a rebuild, and the packed file is smaller.

mod common;

use common::rows::{dump, one};
use galla::store::{Access, Store, check};
use galla_domain::EventPayload;
use rusqlite::Connection;
use std::path::Path;

/// An event as an older schema kept it: ids as text, the payload as JSON,
/// decoded the way galla decodes a payload of its version.
#[derive(Debug, PartialEq)]
struct Kept {
    seq: i64,
    event_id: String,
    device_id: String,
    device_seq: i64,
    occurred_at: String,
    actor: String,
    location: Option<String>,
    payload: String,
}

/// Every event of a file not yet packed, read with plain SQL.
fn events_as_text(db: &Path) -> Vec<Kept> {
    let conn = Connection::open(db).expect("open");
    let mut stmt = conn
        .prepare(
            "SELECT seq, event_id, device_id, device_seq, type, schema_version, occurred_at,
                    actor_id, location_id, payload FROM events ORDER BY seq",
        )
        .expect("prepare");
    stmt.query_map([], |r| {
        let kind: String = r.get(4)?;
        let version: u32 = r.get(5)?;
        let json: String = r.get(9)?;
        let payload = EventPayload::decode(&kind, version, &json).expect("the fixture decodes");
        Ok(Kept {
            seq: r.get(0)?,
            event_id: r.get(1)?,
            device_id: r.get(2)?,
            device_seq: r.get(3)?,
            occurred_at: r.get(6)?,
            actor: r.get(7)?,
            location: r.get(8)?,
            payload: payload.to_json(),
        })
    })
    .expect("query")
    .collect::<rusqlite::Result<_>>()
    .expect("rows")
}

/// Every event as the store reads it back.
fn events_read_back(store: &Store) -> Vec<Kept> {
    let mut out = Vec::new();
    store
        .for_each_event(|seq, e| {
            out.push(Kept {
                seq,
                event_id: e.event_id.to_string(),
                device_id: e.device_id.to_string(),
                device_seq: i64::try_from(e.device_seq).expect("seq"),
                occurred_at: e.occurred_at.format("%Y-%m-%dT%H:%M:%S%.3fZ").to_string(),
                actor: e.actor.to_string(),
                location: e.location_id.map(|l| l.to_string()),
                payload: e.payload.to_json(),
            });
            Ok(())
        })
        .expect("read every event");
    out
}

/// Every item at every place with its quantity (0 where none is held), in
/// `galla stock`'s order, read with plain SQL from a file before schema 19.
fn stock_levels_as_text(db: &Path) -> Vec<String> {
    let conn = Connection::open(db).expect("open");
    let mut stmt = conn
        .prepare(
            "SELECT v.sku, l.name, COALESCE(s.qty_milli, 0)
               FROM variants v CROSS JOIN locations l
               LEFT JOIN stock s ON s.variant_id = v.variant_id AND s.location_id = l.location_id
              ORDER BY v.sku, l.location_id",
        )
        .expect("prepare");
    stmt.query_map([], |r| {
        let qty = galla_domain::Qty::from_milli(r.get(2)?);
        Ok(format!(
            "{}|{}|{}",
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            galla::store::qty_json(qty)
        ))
    })
    .expect("query")
    .collect::<rusqlite::Result<_>>()
    .expect("rows")
}

/// Opens (so migrates) a copy of `fixture` and checks what every upgrade
/// must keep; returns the upgraded file.
fn upgrade(fixture: &str, dir: &Path, events: i64) -> std::path::PathBuf {
    let db = dir.join("shop.db");
    std::fs::copy(fixture, &db).expect("copy the fixture");
    let before = events_as_text(&db);
    assert_eq!(before.len() as i64, events);
    let outbox = dump(&db, "outbox");

    let store = Store::open(&db, Access::ReadWrite).expect("upgrades");
    let report = check(&store).expect("check");
    assert!(report.is_clean(), "{:?}", report.differences);
    assert_eq!(report.events, events as u64);
    assert_eq!(events_read_back(&store), before, "every event as written");
    drop(store);

    assert_eq!(
        one::<i64>(&db, "PRAGMA user_version"),
        galla::store::LATEST_SCHEMA
    );
    // The outbox keys by (state code, device_seq) now: read it in the old shape.
    let kept = dump(
        &db,
        "(SELECT device_seq, event_seq,
                 CASE state WHEN 0 THEN 'pending' WHEN 1 THEN 'acked' WHEN 2 THEN 'flagged'
                            WHEN 3 THEN 'rejected' END,
                 server_seq, attempts, last_error, updated_at FROM outbox)",
    );
    assert_eq!(kept, outbox, "each event's sync state kept");
    // Packed: ids are their 16 bytes, or a number of the file for the
    // counter, person and place; times are milliseconds; payloads are not
    // text. (Each event read back above equals the fixture's, time too.)
    assert_eq!(
        one::<i64>(
            &db,
            "SELECT count(*) FROM events WHERE length(event_id) = 16
                AND typeof(device_n) = 'integer' AND typeof(actor_n) = 'integer'
                AND typeof(occurred_at) = 'integer' AND typeof(type) = 'integer'
                AND typeof(payload) = 'blob'"
        ),
        events
    );
    assert_eq!(
        one::<i64>(
            &db,
            "SELECT count(*) FROM envelope_ids WHERE length(id) <> 16
                OR n NOT IN (SELECT device_n FROM events UNION SELECT actor_n FROM events
                             UNION SELECT location_n FROM events)"
        ),
        0,
        "every number names a 16-byte id an event uses"
    );
    // The stock names items and places by the file's numbers, each a
    // number report_ids gives an id.
    assert_eq!(
        dump(
            &db,
            "(SELECT name, type, pk FROM pragma_table_info('stock') ORDER BY cid)"
        ),
        [
            "location_n|INTEGER|2",
            "qty_milli|INTEGER|0",
            "variant_n|INTEGER|1"
        ]
    );
    assert_eq!(
        one::<i64>(
            &db,
            "SELECT count(*) FROM stock WHERE typeof(variant_n) <> 'integer'
                OR typeof(location_n) <> 'integer' OR typeof(qty_milli) <> 'integer'
                OR variant_n NOT IN (SELECT n FROM report_ids)
                OR location_n NOT IN (SELECT n FROM report_ids)"
        ),
        0
    );
    // The file was rewritten, so no page the text rows held is left over.
    assert_eq!(one::<i64>(&db, "PRAGMA freelist_count"), 0);
    db
}

#[test]
fn a_database_made_by_schema_4_upgrades_in_place_and_keeps_every_fact() {
    let dir = tempfile::tempdir().expect("dir");
    let db = upgrade("tests/fixtures/shop-v4.db", dir.path(), 152);
    // The fixture checked in and then out on 30 November: both marks kept.
    assert_eq!(
        one::<String>(
            &db,
            "SELECT group_concat(mark, ',') FROM (SELECT mark FROM attendance_marks ORDER BY stamp)"
        ),
        "check_in,check_out"
    );
    // Its variant priced twice ends at the later price.
    assert_eq!(
        one::<i64>(&db, "SELECT COUNT(*) FROM prices WHERE price = 12900"),
        1
    );
    assert_eq!(
        one::<i64>(&db, "SELECT COUNT(*) FROM variants WHERE price = 12900"),
        1
    );
    assert_eq!(
        one::<String>(&db, "SELECT value FROM settings WHERE key = 'shop.name'"),
        "\"Fixture Traders\""
    );
    // One counter made every event, so it has one drawer.
    assert_eq!(one::<i64>(&db, "SELECT COUNT(*) FROM cash_drawers"), 1);
    let store = Store::open(&db, Access::ReadOnly).expect("open");
    assert_eq!(
        store.cash_in_drawer().expect("cash"),
        galla_domain::Money::from_paise(-3_569_287)
    );
}

/// Projection tables whose rows do not change form in the upgrade.
const SAME_FORM: &[&str] = &[
    "prices",
    "party_balances",
    "cash_drawers",
    "report_slots",
    "report_tax",
];

/// Projection tables schemas 18 and 19 keep in another form: each as a
/// query on the file before (schema 14) and after, giving the same rows
/// (ids as hex). The bills and the reports' copy are one table, ids as
/// their 16 bytes, the document a code; the books name counters, parties
/// and people by the file's numbers and keep no `at_ms` (the stamp starts
/// with it); the stock names items and places by the file's numbers.
const CHANGED_FORM: &[(&str, &str, &str)] = &[
    (
        "stock",
        "(SELECT variant_id, location_id, qty_milli FROM stock)",
        "(SELECT v.id, l.id, s.qty_milli FROM stock s
            JOIN report_ids v ON v.n = s.variant_n JOIN report_ids l ON l.n = s.location_n)",
    ),
    (
        "bills",
        "(SELECT replace(bill_id, '-', ''), bill_no, seq, replace(customer_id, '-', ''), total,
                 cancelled, document, place_of_supply, buyer_gstin, at_ms FROM bills)",
        "(SELECT bill_id, coalesce(bill_no, ''), coalesce(seq, 0), customer_id,
                 coalesce(total, 0), cancelled_ms IS NOT NULL,
                 CASE document WHEN 1 THEN 'bill_of_supply' WHEN 2 THEN 'bill'
                               ELSE 'tax_invoice' END,
                 place_of_supply, buyer_gstin, coalesce(at_ms, 0) FROM bills)",
    ),
    (
        "book_lines",
        "(SELECT device_id, mode, stamp, amount, why, party_id, replace(bill_id, '-', ''), head,
                 note, reference, staff_id FROM book_lines)",
        "(SELECT d.id, l.mode, l.stamp, l.amount, l.why, p.id, l.bill_id, l.head, l.note,
                 l.reference, s.id
            FROM book_lines l JOIN report_ids d ON d.n = l.device_n
            LEFT JOIN report_ids p ON p.n = l.party_n LEFT JOIN report_ids s ON s.n = l.staff_n)",
    ),
    (
        "khata_lines",
        "(SELECT party_id, stamp, at_ms, amount, why, mode, replace(bill_id, '-', ''), head,
                 note, reference FROM khata_lines)",
        "khata_lines",
    ),
];

#[test]
fn a_database_made_by_schema_14_is_packed_in_place_with_every_fact_and_history_kept() {
    let dir = tempfile::tempdir().expect("dir");
    let fixture = "tests/fixtures/shop-v14.db";
    let tables: Vec<Vec<String>> = {
        let copy = dir.path().join("before.db");
        std::fs::copy(fixture, &copy).expect("copy");
        SAME_FORM.iter().map(|t| dump(&copy, t)).collect()
    };
    let changed: Vec<Vec<String>> = CHANGED_FORM
        .iter()
        .map(|(_, before, _)| dump(Path::new(fixture), before))
        .collect();
    let moves_before: i64 = one(Path::new(fixture), "SELECT sum(qty_milli) FROM stock_moves");
    let levels_before = stock_levels_as_text(Path::new(fixture));
    let db = upgrade(fixture, dir.path(), 202);
    for (table, before) in SAME_FORM.iter().zip(tables) {
        assert_eq!(dump(&db, table), before, "{table} as before");
    }
    for ((table, _, after), before) in CHANGED_FORM.iter().zip(changed) {
        assert!(!before.is_empty(), "the fixture has {table}");
        assert_eq!(dump(&db, after), before, "{table} in its new form");
    }
    assert_eq!(
        one::<i64>(
            &db,
            "SELECT count(*) FROM sqlite_schema WHERE name = 'report_bills'"
        ),
        0,
        "the bills are kept once"
    );
    // The stock history is kept by item now, with the same movements.
    assert_eq!(
        one::<i64>(&db, "SELECT sum(qty_milli) FROM stock_moves"),
        moves_before
    );
    let store = Store::open(&db, Access::ReadOnly).expect("open");
    // `galla stock` reads every item at every place as the fixture had it.
    let levels: Vec<String> = store
        .stock_levels(None)
        .expect("stock levels")
        .into_iter()
        .map(|l| format!("{}|{}|{}", l.sku, l.location, l.qty))
        .collect();
    assert!(levels_before.iter().any(|l| !l.ends_with("|0")));
    assert_eq!(levels, levels_before, "the stock read back as it was");
    let item = store
        .search_entries()
        .expect("items")
        .into_iter()
        .find(|e| e.sku == "KUR00000-01")
        .expect("the fixture's repriced item");
    let history = store.history(item.variant_id, None).expect("history");
    assert!(!history.is_empty(), "its movements read back");
    let last = history.last().expect("a movement");
    let locations = store.locations().expect("locations");
    let row = store
        .stock_rows(&[item.variant_id], &locations)
        .expect("stock")
        .pop()
        .expect("its row");
    assert_eq!(
        last.running,
        row.total(),
        "the history adds up to the stock"
    );
    // A pending event is still sent as it was written.
    let pending = store.pending_batch(0, 1000).expect("outbox");
    assert_eq!(pending.len(), 51);
    assert!(
        pending
            .iter()
            .all(|w| w.payload.is_object() && !w.event_id.to_string().is_empty())
    );
}

#[test]
fn the_packed_file_is_smaller_than_the_text_one() {
    let dir = tempfile::tempdir().expect("dir");
    let fixture = "tests/fixtures/shop-v14.db";
    let text_events: i64 = one(
        Path::new(fixture),
        "SELECT sum(length(event_id) + length(device_id) + length(actor_id)
                   + coalesce(length(location_id), 0) + length(payload)) FROM events",
    );
    let db = upgrade(fixture, dir.path(), 202);
    // The counter, person and place are numbers under 128 here: a byte each.
    let packed_events: i64 = one(
        &db,
        "SELECT sum(length(event_id) + 2 + (location_n IS NOT NULL) + length(payload))
                + (SELECT sum(length(id)) FROM envelope_ids) FROM events",
    );
    assert!(
        packed_events * 3 < text_events,
        "ids and payloads take {packed_events} bytes packed, {text_events} as text"
    );
}

#[test]
fn a_schema_14_file_with_cancelled_and_returned_bills_is_packed_with_every_event_kept() {
    // The reports' fixture (schema 14 too): 4 bills cancelled, 3 returned.
    let dir = tempfile::tempdir().expect("dir");
    upgrade("tests/fixtures/shop-v14-reports.db", dir.path(), 301);
}
