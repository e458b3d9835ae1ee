//! SKUs and barcodes created twice by counters that were offline: every
//! counter picks the same item for a SKU (the one created first), lists the
//! other under "needs attention", and asks which item a shared barcode means
//! instead of guessing.

mod common;
mod sync_common;

use chrono::Utc;
use common::till::{self, key};
use galla::store::{Access, DUPLICATE, Store};
use galla_domain::{DeviceId, Event, EventId, EventPayload, StaffId, Variant, VariantId};
use galla_proto::{LedgerStatus, PullResponse, PulledEvent, WireEvent};
use ratatui::crossterm::event::KeyCode;
use std::path::Path;
use sync_common::*;

#[test]
fn a_barcode_two_items_share_is_asked_about_not_guessed() {
    let t = till::till();
    let code = t.codes[0].clone();
    let first = t.store().exact_item(&code).expect("lookup").expect("item");
    let (product, variant) = t.store().sale_item(first).expect("item").expect("known");
    // Another counter created a different item with the same barcode.
    let other = Variant {
        variant_id: VariantId::new(),
        sku: "ZZ-OTHER-1".into(),
        size: Some("XL".into()),
        ..variant.clone()
    };
    let event = Event {
        event_id: EventId::new(),
        device_id: DeviceId::new(),
        device_seq: 1,
        occurred_at: Utc::now(),
        actor: StaffId::OWNER,
        approved_by: None,
        location_id: None,
        payload: EventPayload::VariantCreated(other.clone()),
    };
    let page = PullResponse {
        ledger_epoch: uuid::Uuid::nil(),
        events: vec![PulledEvent {
            server_seq: 1,
            device_id: event.device_id,
            status: LedgerStatus::Accepted,
            flag_code: None,
            flag_message: None,
            received_at: Utc::now(),
            event: WireEvent::from_event(&event),
        }],
        next_after: 1,
        has_more: false,
        head: 1,
    };
    let till::Till { dir, db, codes, .. } = t;
    Store::open(&db, Access::ReadWrite)
        .expect("open")
        .apply_pull_page(&page, Utc::now())
        .expect("pulled");
    let mut t = till::open(dir, db, codes);
    let _ = product;

    t.scan(&code);
    assert!(
        t.app.panes.billing.draft.is_empty(),
        "nothing added by a guess"
    );
    assert!(
        t.message().contains("2 items share the barcode"),
        "{}",
        t.message()
    );
    let picks: Vec<VariantId> = t
        .app
        .panes
        .billing
        .picks
        .iter()
        .map(|p| p.variant_id)
        .collect();
    assert_eq!(picks.len(), 2, "both offered");
    assert!(picks.contains(&first) && picks.contains(&other.variant_id));
    // The cashier picks the second one.
    t.press(key(KeyCode::Down));
    t.press(key(KeyCode::Enter));
    let lines = &t.app.panes.billing.draft.lines;
    assert_eq!(lines.len(), 1, "{}", t.message());
    assert_eq!(lines[0].variant_id, picks[1]);
    // A SKU still names exactly one item.
    assert_eq!(
        t.store().exact_item("ZZ-OTHER-1").expect("lookup"),
        Some(other.variant_id)
    );
    assert!(
        t.store().exact_item(&code).is_err(),
        "the CLI says to use the SKU"
    );
}

fn import(db: &Path, csv: &str) {
    let file = db.with_extension("csv");
    std::fs::write(&file, csv).expect("csv");
    let out = galla(&[
        "import",
        "catalogue",
        "--db",
        db.to_str().expect("utf-8"),
        file.to_str().expect("utf-8"),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

fn duplicates(db: &Path) -> Vec<String> {
    let store = Store::open(db, Access::ReadOnly).expect("open");
    store
        .attention_list(50)
        .expect("attention")
        .into_iter()
        .filter(|r| r.state == DUPLICATE)
        .map(|r| r.reason)
        .collect()
}

#[test]
fn two_counters_importing_the_same_catalogue_offline_agree_on_the_winners() {
    let server = TestServer::start();
    let dir = tempfile::tempdir().expect("dir");
    let (a, b) = two_counters(&server, dir.path());

    let header = "product,sku,barcode,hsn,gst_rate,mrp,price\n";
    let same = "Linen Shirt,LIN-1,8901234000014,6205,5,999,899\nLinen Shirt,LIN-2,8901234000021,6205,5,999,899\n";
    import(
        &a,
        &format!("{header}{same}Cap,CAP-A,8901234000038,6505,5,199,199\n"),
    );
    import(
        &b,
        &format!("{header}{same}Scarf,SCF-B,8901234000038,6214,5,299,299\n"),
    );
    for db in [&b, &a, &b] {
        let (ok, v) = sync_once(db);
        assert!(ok, "{v}");
    }
    assert_eq!(event_ids(&a), event_ids(&b));
    for db in [&a, &b] {
        assert_check_clean(db);
    }
    // The same winners, and the same two losers listed, on both counters.
    let listed = duplicates(&a);
    assert_eq!(listed.len(), 2, "{listed:?}");
    assert_eq!(listed, duplicates(&b));
    assert!(listed[0].contains("SKU LIN-1"), "{listed:?}");
    assert!(listed[1].contains("SKU LIN-2"), "{listed:?}");
    for code in ["LIN-1", "8901234000014", "LIN-2", "8901234000021"] {
        let on_a = Store::open(&a, Access::ReadOnly)
            .expect("a")
            .exact_items(code)
            .expect("a");
        let on_b = Store::open(&b, Access::ReadOnly)
            .expect("b")
            .exact_items(code)
            .expect("b");
        assert_eq!(on_a.len(), 1, "{code}: one item");
        assert_eq!(on_a, on_b, "{code}: the same item on both counters");
    }
    // Two different items that share a barcode: both offered, same order.
    let shared_a = Store::open(&a, Access::ReadOnly)
        .expect("a")
        .exact_items("8901234000038")
        .expect("a");
    let shared_b = Store::open(&b, Access::ReadOnly)
        .expect("b")
        .exact_items("8901234000038")
        .expect("b");
    assert_eq!(shared_a.len(), 2);
    assert_eq!(shared_a, shared_b);
}
