//! Store tests on real SQLite files: the append transaction, append-only
//! events, gapless device sequence, `check` after the demo generator, a
//! second process seeing the first one's writes, and bad CSV imports.

mod common;

use galla::store::{Access, Store, StoreError, check};
use galla_domain::payload::QtyLine;
use galla_domain::payload::Transfer;
use galla_domain::{AdjustReason, EventPayload, NewEvent, Qty, StaffId};

fn adjustment(store: &Store, delta: i64) -> NewEvent {
    let loc = store.locations().expect("locations")[0].location_id;
    let variant = store.search_entries().expect("entries")[0].variant_id;
    NewEvent::now(
        StaffId::OWNER,
        Some(loc),
        EventPayload::Adjustment(galla_domain::payload::Adjustment {
            location_id: loc,
            variant_id: variant,
            qty_delta: Qty::units(delta),
            reason: AdjustReason::Count,
            note: None,
        }),
    )
}

#[test]
fn append_updates_projections_in_the_same_transaction() {
    let (_dir, path) = common::demo_shop(30, 2);
    let mut store = Store::open(&path, Access::ReadWrite).expect("open");
    let locations = store.locations().expect("locations");
    let variant = store.search_entries().expect("entries")[0].variant_id;
    let before = store.stock_rows(&[variant], &locations).expect("rows")[0]
        .at(Some(locations[0].location_id));
    let events_before = store.event_count().expect("count");
    store.append(adjustment(&store, 3)).expect("append");
    let after = store.stock_rows(&[variant], &locations).expect("rows")[0]
        .at(Some(locations[0].location_id));
    assert_eq!(after, before + Qty::units(3));
    assert_eq!(store.event_count().expect("count"), events_before + 1);

    // A batch whose second event is invalid writes nothing at all.
    let good = adjustment(&store, 1);
    let bad = NewEvent::now(
        StaffId::OWNER,
        None,
        EventPayload::Transfer(Transfer {
            from: locations[0].location_id,
            to: locations[0].location_id,
            lines: vec![QtyLine {
                variant_id: variant,
                qty: Qty::units(1),
            }],
            note: None,
        }),
    );
    let err = store
        .append_batch(vec![good, bad])
        .expect_err("invalid transfer");
    assert!(err.to_string().contains("two different locations"), "{err}");
    assert_eq!(store.event_count().expect("count"), events_before + 1);
    let unchanged = store.stock_rows(&[variant], &locations).expect("rows")[0]
        .at(Some(locations[0].location_id));
    assert_eq!(unchanged, after);
    assert!(check(&store).expect("check").is_clean());
}

#[test]
fn events_cannot_be_updated_or_deleted() {
    let (_dir, path) = common::demo_shop(10, 1);
    let store = Store::open(&path, Access::ReadWrite).expect("open");
    let conn = store.connection();
    let update = conn.execute("UPDATE events SET payload = '{}' WHERE seq = 1", []);
    let delete = conn.execute("DELETE FROM events WHERE seq = 1", []);
    for result in [update, delete] {
        let err = result.expect_err("append-only");
        assert!(err.to_string().contains("append-only"), "{err}");
    }
}

#[test]
fn device_seq_is_gapless_and_starts_at_one() {
    let (_dir, path) = common::demo_shop(20, 3);
    let store = Store::open(&path, Access::ReadWrite).expect("open");
    let mut expected = 1;
    store
        .for_each_event(|_, e| {
            assert_eq!(e.device_seq, expected);
            assert_eq!(e.device_id, store.device_id());
            expected += 1;
            Ok(())
        })
        .expect("events");
    assert!(expected > 20);
}

#[test]
fn check_is_clean_after_the_demo_and_finds_tampering() {
    let (_dir, path) = common::demo_shop(120, 15);
    let store = Store::open(&path, Access::ReadWrite).expect("open");
    let report = check(&store).expect("check");
    assert!(report.is_clean(), "{:?}", report.differences);
    assert!(report.events > 400, "{} events", report.events);
    // Projections are not append-only: a tampered one must be found.
    store
        .connection()
        .execute("UPDATE cash_drawers SET balance = balance + 1", [])
        .expect("tamper");
    let report = check(&store).expect("check");
    assert!(!report.is_clean());
    assert!(
        report
            .differences
            .iter()
            .any(|d| d.starts_with("cash drawer")),
        "{:?}",
        report.differences
    );
}

#[test]
fn demo_is_the_same_for_the_same_seed() {
    let (_a, pa) = common::demo_shop(50, 5);
    let (_b, pb) = common::demo_shop(50, 5);
    let a = Store::open(&pa, Access::ReadOnly)
        .expect("open")
        .stock_levels(None)
        .expect("levels");
    let b = Store::open(&pb, Access::ReadOnly)
        .expect("open")
        .stock_levels(None)
        .expect("levels");
    assert_eq!(a, b);
    assert!(
        a.iter().all(|l| l.qty.as_i64().is_none_or(|q| q >= 0)),
        "demo never sells below zero"
    );
}

#[test]
fn the_demo_is_written_in_bulk_and_left_durable() {
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("shop.db");
    let mut store = Store::open(&path, Access::ReadWrite).expect("open");
    let spec = galla::demo::DemoSpec {
        variants: 40,
        days: 3,
        seed: 7,
        end: common::fixed_end(),
        counter: "C1".into(),
    };
    galla::demo::generate(&mut store, &spec).expect("demo");
    // Back to a durable commit per write, the page cache as it was, and
    // every page in the main file.
    let conn = store.connection();
    let synchronous: i64 = conn
        .query_row("PRAGMA synchronous", [], |r| r.get(0))
        .expect("synchronous");
    assert_eq!(synchronous, 2, "FULL");
    let cache: i64 = conn
        .query_row("PRAGMA cache_size", [], |r| r.get(0))
        .expect("cache");
    assert_eq!(cache, -2000);
    // The log is copied into the file every 4,000 pages, not SQLite's 1,000.
    let pages: i64 = conn
        .query_row("PRAGMA wal_autocheckpoint", [], |r| r.get(0))
        .expect("autocheckpoint");
    assert_eq!(pages, 4_000);
    let wal = std::fs::metadata(path.with_file_name("shop.db-wal")).expect("wal");
    assert_eq!(wal.len(), 0, "checkpointed");
    assert!(check(&store).expect("check").is_clean());
}

#[test]
fn read_only_store_refuses_writes() {
    let (_dir, path) = common::demo_shop(10, 1);
    let mut ro = Store::open(&path, Access::ReadOnly).expect("open");
    let event = adjustment(&ro, 1);
    assert!(matches!(ro.append(event), Err(StoreError::ReadOnly)));
    let missing = Store::open(&path.with_file_name("nope.db"), Access::ReadOnly);
    assert!(missing.is_err());
}

#[test]
fn a_second_connection_sees_commits_through_data_version() {
    let (_dir, path) = common::demo_shop(10, 1);
    let reader = Store::open(&path, Access::ReadOnly).expect("reader");
    let mut writer = Store::open(&path, Access::ReadWrite).expect("writer");
    let v0 = reader.data_version().expect("version");
    assert_eq!(reader.data_version().expect("version"), v0);
    writer.append(adjustment(&writer, 1)).expect("append");
    assert_ne!(reader.data_version().expect("version"), v0);
}

#[test]
fn a_demo_ending_today_has_nothing_from_the_future() {
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("shop.db");
    let mut store = Store::open(&path, Access::ReadWrite).expect("open");
    let spec = galla::demo::DemoSpec {
        variants: 40,
        days: 2,
        seed: 3,
        end: chrono::NaiveDate::from_ymd_opt(2026, 11, 20).expect("date"),
        counter: "C1".into(),
    };
    // 12:00 in the shop (IST): the afternoon's trading has not happened yet.
    let now = spec.end.and_hms_opt(6, 30, 0).expect("time").and_utc();
    galla::demo::generate_at(&mut store, &spec, now).expect("demo");
    store
        .for_each_event(|_, e| {
            assert!(
                e.occurred_at <= now,
                "{:?} at {} is after now",
                e.payload.kind(),
                e.occurred_at
            );
            Ok(())
        })
        .expect("events");
}

#[test]
fn old_config_settings_move_into_the_shop_once_and_the_shop_settings_win() {
    let (_dir, path) = common::demo_shop(20, 1);
    // The demo records its own settings: nothing to move, they win.
    let mut store = Store::open(&path, Access::ReadWrite).expect("open");
    let mut config = galla::config::Config::default();
    config.shop.name = "From Config".into();
    let (effective, note) = galla::tui::shop_config(&config, &mut store).expect("config");
    assert!(note.is_none());
    assert_eq!(effective.shop.name, "Sharma Garments");
    for (key, value) in store.shop_settings().expect("settings") {
        let typed = match &value {
            serde_json::Value::Array(lines) => lines
                .iter()
                .filter_map(|l| l.as_str())
                .collect::<Vec<_>>()
                .join(" | "),
            v => v.as_str().map(str::to_string).unwrap_or_default(),
        };
        assert_eq!(
            galla::settings::parse(&key, &typed).ok(),
            Some(value),
            "{key}"
        );
    }

    // A shop from before settings were events (it has a location but no
    // settings): the old entries move, once.
    let dir = tempfile::tempdir().expect("dir");
    let mut store = Store::open(&dir.path().join("old.db"), Access::ReadWrite).expect("open");
    galla::stockops::add_location(&mut store, "Shop floor").expect("location");
    config.billing.block_negative_stock = true;
    let (effective, note) = galla::tui::shop_config(&config, &mut store).expect("config");
    let note = note.expect("moved");
    assert!(note.contains("shop.name, stock.negative"), "{note}");
    assert_eq!(effective.shop.name, "From Config");
    assert!(effective.billing.block_negative_stock);
    let events = store.event_count().expect("count");
    let (_, again) = galla::tui::shop_config(&config, &mut store).expect("config");
    assert!(again.is_none(), "moved once");
    assert_eq!(store.event_count().expect("count"), events);
    // The counter code galla init gave the database counts when the config
    // does not name one.
    store
        .set_local(galla::cli::COUNTER_KEY, "C7")
        .expect("local");
    let (effective, _) =
        galla::tui::shop_config(&galla::config::Config::default(), &mut store).expect("config");
    assert_eq!(effective.counter.code, "C7");
}
