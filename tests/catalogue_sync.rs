//! Two counters of one shop on a real server and PostgreSQL: a shared
//! setting, a new product grid, a supplier and a purchase on credit, a
//! renamed location and an item no longer sold, made at counter A, reach
//! counter B by sync; and a price changed at A while B, offline, renamed
//! the same item: after both sync, each holds A's price and B's name — a
//! details change never undoes a price change from another counter.

mod sync_common;

use std::path::Path;
use sync_common::*;

fn json(args: &[&str]) -> serde_json::Value {
    let (ok, v) = galla_json(args);
    assert!(ok, "galla {args:?}: {v}");
    v
}

fn path(p: &Path) -> &str {
    p.to_str().expect("utf-8")
}

#[test]
fn catalogue_settings_and_a_purchase_made_at_one_counter_reach_the_other() {
    let server = TestServer::start();
    let dir = tempfile::tempdir().expect("dir");
    let (a, b) = two_counters(&server, dir.path());
    let (sa, sb) = (path(&a), path(&b));

    run(&[
        "settings",
        "set",
        "--db",
        sa,
        "receipt.footer",
        "No exchange after 7 days",
    ]);
    run(&[
        "product",
        "add",
        "--db",
        sa,
        "--name",
        "Silk Saree",
        "--category",
        "Sarees",
        "--hsn",
        "5007",
        "--gst",
        "5",
        "--sizes",
        "Free",
        "--colours",
        "Red,Green",
        "--mrp",
        "2500",
        "--cost",
        "1800",
    ]);
    run(&[
        "party",
        "add",
        "--db",
        sa,
        "--kind",
        "supplier",
        "--name",
        "Banaras Weavers",
    ]);
    let lines = dir.path().join("in.csv");
    std::fs::write(&lines, "sku,qty\nSILSAR-FREE-RED,4\nSILSAR-FREE-GREEN,2\n").expect("csv");
    run(&[
        "purchase",
        "--db",
        sa,
        "--supplier",
        "Banaras",
        "--invoice",
        "BW-9",
        "--file",
        path(&lines),
        "--credit",
    ]);
    let place = store_location(&a);
    run(&["location", "rename", "--db", sa, &place, "Front counter"]);
    run(&[
        "product",
        "deactivate",
        "--db",
        sa,
        "--item",
        "SILSAR-FREE-GREEN",
    ]);
    synced(&a);
    synced(&b);

    let settings = json(&["settings", "--db", sb, "--json"]);
    assert_eq!(
        settings["receipt.footer"],
        serde_json::json!(["No exchange after 7 days"])
    );
    for sku in ["SILSAR-FREE-RED", "SILSAR-FREE-GREEN"] {
        assert_eq!(
            json(&["product", "show", "--db", sb, sku, "--json"]),
            json(&["product", "show", "--db", sa, sku, "--json"]),
            "{sku} is the same on both counters"
        );
    }
    assert_eq!(
        json(&["product", "show", "--db", sb, "SILSAR-FREE-GREEN", "--json"])["active"],
        false
    );
    assert!(run(&["location", "list", "--db", sb]).contains("Front counter"));
    let owed = |db: &str| -> i64 {
        run(&["parties", "--db", db, "--kind", "supplier", "--json"])
            .lines()
            .map(|l| serde_json::from_str::<serde_json::Value>(l).expect("json"))
            .find(|v| v["name"] == "Banaras Weavers")
            .and_then(|v| v["balance_paise"].as_i64())
            .expect("listed")
    };
    // 6 × ₹1,800 + 5% GST, owed by the shop.
    assert_eq!(owed(sb), -1_134_000);
    assert_eq!(owed(sa), owed(sb));
    assert_eq!(stock(&a), stock(&b));
    assert_check_clean(&a);
    assert_check_clean(&b);
}

/// The first location's name.
fn store_location(db: &Path) -> String {
    let store = galla::store::Store::open(db, galla::store::Access::ReadOnly).expect("open");
    store.locations().expect("locations")[0].name.clone()
}

#[test]
fn a_price_change_and_a_rename_made_apart_both_stay() {
    let server = TestServer::start();
    let dir = tempfile::tempdir().expect("dir");
    let (a, b) = two_counters(&server, dir.path());
    let (sa, sb) = (path(&a), path(&b));
    let first = run(&["stock", "--db", sa, "--json"]);
    let first: serde_json::Value =
        serde_json::from_str(first.lines().next().expect("a row")).expect("json");
    let sku = first["sku"].as_str().expect("sku").to_string();
    let mrp = json(&["product", "show", "--db", sa, &sku, "--json"])["mrp_paise"]
        .as_i64()
        .expect("mrp");
    let price = galla_domain::Money::from_paise(mrp - 100)
        .format_plain()
        .replace(',', "");
    // Both offline: A changes the price, then B renames the item.
    run(&[
        "product", "edit", "--db", sa, "--item", &sku, "--price", &price,
    ]);
    std::thread::sleep(std::time::Duration::from_millis(5));
    run(&[
        "product",
        "edit",
        "--db",
        sb,
        "--item",
        &sku,
        "--sku",
        "RENAMED-1",
        "--size",
        "XL",
    ]);
    synced(&b);
    synced(&a);
    synced(&b);
    for db in [sa, sb] {
        let item = json(&["product", "show", "--db", db, "RENAMED-1", "--json"]);
        assert_eq!(item["price_paise"], mrp - 100, "A's price on {db}");
        assert_eq!(item["size"], "XL", "B's size on {db}");
    }
    assert_check_clean(&a);
    assert_check_clean(&b);
}
