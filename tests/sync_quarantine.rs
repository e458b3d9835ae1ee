//! A bad event in the shop's ledger (from an older or faulty server: a
//! quantity of 2⁶³−1, a control character) never stalls a counter or
//! reaches its projections: the pull keeps it aside with its reason, goes on
//! past it, and the Sync pane and `galla sync --status` show it. A kept
//! event this galla can use is applied the next time the database is opened.

mod sync_common;

use chrono::Utc;
use galla::store::{Access, KEPT_ASIDE, Store};
use galla_domain::payload::{Adjustment, Purchase, PurchaseLine};
use galla_domain::{AdjustReason, Event, EventId, EventPayload, Money, Qty, StaffId};
use galla_proto::{LedgerStatus, PulledEvent, WireEvent};
use sync_common::*;

/// Writes a ledger row straight into the server's database, past its
/// checks, as a server from before them could have stored it.
fn smuggle(
    server: &TestServer,
    device: &str,
    server_seq: i64,
    device_seq: i64,
    kind: &str,
    payload: &str,
) {
    let id = EventId::new();
    let tenant = server.tenant.tenant_id;
    server.sql(&format!(
        "INSERT INTO event_ledger (event_id, tenant_id, server_seq, device_id, device_seq, type,
                schema_version, occurred_at, actor_id, location_id, payload, content_hash, status)
         VALUES ('{id}', '{tenant}', {server_seq}, '{device}', {device_seq}, '{kind}', 1,
                '{}', '{}', NULL, '{payload}'::jsonb, '\\x00', 'accepted');
         UPDATE tenant_counters SET next_server_seq = {} WHERE tenant_id = '{tenant}';",
        Utc::now().to_rfc3339(),
        StaffId::OWNER,
        server_seq + 1,
    ));
}

#[test]
fn a_poisoned_event_is_kept_aside_and_the_counter_goes_on() {
    let server = TestServer::start();
    let dir = tempfile::tempdir().expect("dir");
    let (a, b) = two_counters(&server, dir.path());
    let head = server.ledger().len() as i64;
    // From a counter of the shop that is gone now.
    let old_counter = galla_domain::DeviceId::new().to_string();

    let store = Store::open(&a, Access::ReadOnly).expect("a");
    let loc = store.locations().expect("locations")[0].location_id;
    let variant = store.search_entries().expect("entries")[0].variant_id;
    drop(store);
    let huge = serde_json::to_string(&Purchase {
        location_id: loc,
        supplier_id: None,
        invoice_no: None,
        lines: vec![PurchaseLine {
            variant_id: variant,
            qty: Qty::from_milli(i64::MAX),
            cost: Money::from_paise(100),
            gst_rate: None,
        }],
        on_credit: Money::ZERO,
        paid_cash: Money::ZERO,
        paid_upi: Money::ZERO,
        reference: None,
        invoice_date: None,
    })
    .expect("json");
    smuggle(&server, &old_counter, head + 1, 1, "PURCHASE", &huge);
    let escape = serde_json::to_string(&Adjustment {
        location_id: loc,
        variant_id: variant,
        qty_delta: Qty::units(1),
        reason: AdjustReason::Count,
        note: Some("\u{1b}[2Jgone".into()),
    })
    .expect("json");
    smuggle(&server, &old_counter, head + 2, 2, "ADJUSTMENT", &escape);
    // ...and a good event after them, which must still arrive.
    add_stock(&b, 1, 0);
    let (ok, v) = sync_once(&b);
    assert!(ok, "{v}");

    let before = stock(&a);
    let (ok, v) = sync_once(&a);
    assert!(ok, "one bad event never stalls the counter: {v}");
    assert_eq!(v["pending"], 0, "{v}");
    let (_, status) = sync_status(&a);
    assert_eq!(status["kept_aside"], 2, "{status}");
    assert!(stock(&a) != before, "the good event after them arrived");
    assert_eq!(stock(&a), stock(&b));
    assert_check_clean(&a);
    let store = Store::open(&a, Access::ReadOnly).expect("a");
    let reals: i64 = store
        .connection()
        .query_row(
            "SELECT COUNT(*) FROM stock WHERE typeof(qty_milli) <> 'integer'",
            [],
            |r| r.get(0),
        )
        .expect("count");
    assert_eq!(reals, 0, "nothing stored as REAL");
    let rows = store.attention_list(10).expect("attention");
    let kept: Vec<_> = rows.iter().filter(|r| r.state == KEPT_ASIDE).collect();
    assert_eq!(kept.len(), 2, "{rows:?}");
    assert!(
        kept[0].reason.contains("out of range"),
        "{:?}",
        kept[0].reason
    );
    assert!(
        kept[1].reason.contains("control character"),
        "{:?}",
        kept[1].reason
    );
    // A second sync pulls nothing new and keeps them once.
    drop(store);
    assert!(sync_once(&a).0);
    assert_eq!(sync_status(&a).1["kept_aside"], 2);
}

#[test]
fn a_kept_event_this_galla_can_use_is_applied_when_the_database_is_opened() {
    let (_dir, db) = {
        let dir = tempfile::tempdir().expect("dir");
        let db = new_shop(dir.path(), "a");
        (dir, db)
    };
    let store = Store::open(&db, Access::ReadOnly).expect("open");
    let loc = store.locations().expect("locations")[0].location_id;
    let variant = store.search_entries().expect("entries")[0].variant_id;
    drop(store);
    let event = Event {
        event_id: EventId::new(),
        device_id: galla_domain::DeviceId::new(),
        device_seq: 1,
        occurred_at: Utc::now(),
        actor: StaffId::OWNER,
        approved_by: None,
        location_id: Some(loc),
        payload: EventPayload::Adjustment(Adjustment {
            location_id: loc,
            variant_id: variant,
            qty_delta: Qty::units(5),
            reason: AdjustReason::Count,
            note: None,
        }),
    };
    let pulled = PulledEvent {
        server_seq: 77,
        device_id: event.device_id,
        status: LedgerStatus::Accepted,
        flag_code: None,
        flag_message: None,
        received_at: Utc::now(),
        event: WireEvent::from_event(&event),
    };
    // As an older galla that did not know the type would have kept it.
    let before = stock(&db);
    rusqlite::Connection::open(&db)
        .expect("open")
        .execute(
            "INSERT INTO quarantine VALUES (77, ?1, ?2, 'ADJUSTMENT', ?3, 'needs a newer galla', ?4, ?3)",
            rusqlite::params![
                event.event_id.to_string(),
                event.device_id.to_string(),
                Utc::now().to_rfc3339(),
                serde_json::to_string(&pulled).expect("json"),
            ],
        )
        .expect("kept");
    let store = Store::open(&db, Access::ReadWrite).expect("open applies it");
    assert_eq!(store.quarantined_count().expect("count"), 0);
    drop(store);
    assert!(stock(&db) != before, "the kept adjustment now counts");
    assert_check_clean(&db);
}
