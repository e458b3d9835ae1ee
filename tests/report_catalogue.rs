//! The reports keep the catalogue they read until it changes: a second
//! report reads nothing again, and a change to an item — by this
//! connection or by another process — is seen by the next report.

mod common;

use chrono::{NaiveDate, Utc};
use common::cli::ok;
use galla::demo::{DemoSpec, generate};
use galla::report::Catalogue;
use galla::store::{Access, Store};
use galla_domain::payload::PriceChanged;
use galla_domain::{EventId, EventPayload, Money, NewEvent, StaffId};
use std::sync::Arc;

#[test]
fn a_report_reads_the_catalogue_again_only_when_it_changed() {
    let dir = tempfile::tempdir().expect("dir");
    let db = dir.path().join("shop.db");
    let mut store = Store::open(&db, Access::ReadWrite).expect("open");
    let spec = DemoSpec {
        variants: 40,
        days: 3,
        end: NaiveDate::from_ymd_opt(2026, 11, 20).expect("date"),
        ..DemoSpec::default()
    };
    generate(&mut store, &spec).expect("demo");

    let first = Catalogue::load(&store).expect("catalogue");
    let again = Catalogue::load(&store).expect("catalogue");
    assert!(
        Arc::ptr_eq(&first.items, &again.items),
        "nothing changed: the same catalogue"
    );

    // A price change here is seen at once.
    let (&variant, item) = first.items.iter().next().expect("an item");
    let mrp = item.mrp + Money::from_paise(10_000);
    store
        .append(NewEvent {
            event_id: EventId::new(),
            occurred_at: Utc::now(),
            actor: StaffId::OWNER,
            approved_by: None,
            location_id: None,
            payload: EventPayload::PriceChanged(PriceChanged {
                variant_id: variant,
                price: item.mrp,
                mrp,
            }),
        })
        .expect("price changed");
    let after = Catalogue::load(&store).expect("catalogue");
    assert!(!Arc::ptr_eq(&first.items, &after.items));
    assert_eq!(after.items[&variant].mrp, mrp);

    // So is one made by another process (the CLI), while this store stays open.
    let sku = after.items[&variant].sku.clone();
    ok(
        &[
            "product",
            "edit",
            "--db",
            db.to_str().expect("utf-8"),
            "--item",
            &sku,
            "--cost",
            "12.34",
        ],
        dir.path(),
    );
    let later = Catalogue::load(&store).expect("catalogue");
    assert_eq!(later.items[&variant].cost, Money::from_paise(1_234));
}
