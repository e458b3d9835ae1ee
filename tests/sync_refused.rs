//! A stock movement the server refuses does not count on the counter that
//! made it either: counter B counts an item down to zero and syncs, counter A
//! (not yet told) takes one more off; the server rejects A's adjustment
//! (NEGATIVE_STOCK), A keeps the event under "needs attention" and takes it
//! back out of its stock, and both counters and the server end with the same
//! stock. A ledger reset sends it again; it is refused again, same result.

mod sync_common;

use std::path::Path;

use galla::store::{Access, Store};
use galla_domain::VariantId;
use sync_common::*;

fn adjust(db: &Path, variant: VariantId, units: i64) {
    let mut store = Store::open(db, Access::ReadWrite).expect("open");
    let loc = store.locations().expect("locations")[0].location_id;
    store
        .append(adjustment(loc, variant, units, None))
        .expect("append");
}

/// Units of `variant` at the first location.
fn units(db: &Path, variant: VariantId) -> i64 {
    let store = Store::open(db, Access::ReadOnly).expect("open");
    let loc = store.locations().expect("locations")[0].location_id;
    stock_by_id(db)
        .get(&(variant.to_string(), loc.to_string()))
        .copied()
        .unwrap_or(0)
        / 1000
}

fn sync(db: &Path) -> serde_json::Value {
    let (ok, v) = sync_once(db);
    assert!(ok, "{v}");
    v
}

fn assert_converged(server: &TestServer, a: &Path, b: &Path) {
    assert_eq!(stock_by_id(a), stock_by_id(b));
    assert_eq!(stock_by_id(a), server.stock());
    assert_check_clean(a);
    assert_check_clean(b);
}

#[test]
fn a_refused_adjustment_is_taken_back_out_of_the_counters_stock() {
    let server = TestServer::start();
    let dir = tempfile::tempdir().expect("dir");
    let a = new_shop(dir.path(), "a");
    let b = dir.path().join("b.db");
    enroll(&a, &server.url(), &server.code());
    enroll(&b, &server.url(), &server.code());
    let variant = Store::open(&a, Access::ReadOnly)
        .expect("open")
        .search_entries()
        .expect("entries")[0]
        .variant_id;
    adjust(&a, variant, 5 - units(&a, variant).min(0));
    sync(&a);
    sync(&b);
    let held = units(&b, variant);
    assert!(held >= 5);

    adjust(&b, variant, -held);
    sync(&b);
    adjust(&a, variant, -1);
    assert_eq!(units(&a, variant), held - 1, "A does not know yet");
    let v = sync(&a);
    assert_eq!(v["rejected"], 1, "{v}");
    assert_eq!(
        units(&a, variant),
        0,
        "B's count stands; A's refused one is out"
    );
    sync(&b);
    assert_converged(&server, &a, &b);
    let attention = Store::open(&a, Access::ReadOnly)
        .expect("open")
        .attention_list(10)
        .expect("attention");
    assert_eq!(attention.len(), 1);
    assert!(
        attention[0].reason.starts_with("NEGATIVE_STOCK"),
        "{attention:?}"
    );
    assert_eq!(attention[0].kind, "ADJUSTMENT");

    // A reset sends everything again: the adjustment counts while it waits,
    // is refused again, and goes back out.
    server.new_epoch();
    let v = sync(&a);
    assert_eq!(v["rejected"], 1, "{v}");
    sync(&b);
    assert_converged(&server, &a, &b);
    assert_eq!(
        event_ids(&a).len(),
        event_ids(&b).len() + 1,
        "A keeps its refused event"
    );
}
