//! The real `galla` binary run in a shop's directory, with its own home and
//! XDG folders so no test reads the developer's config: run it, expect it to
//! succeed (its standard output), or expect a refusal (its error, never a
//! panic).

use std::path::Path;
use std::process::{Command, Output};

/// Runs `galla args` in `cwd`.
pub fn galla(args: &[&str], cwd: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_galla"))
        .args(args)
        .current_dir(cwd)
        .env("HOME", cwd)
        .env("XDG_CONFIG_HOME", cwd.join("xdg-config"))
        .env("XDG_DATA_HOME", cwd.join("xdg-data"))
        .env("TZ", "UTC")
        .output()
        .expect("run galla")
}

/// Runs `galla args`, which must succeed; its standard output.
pub fn ok(args: &[&str], cwd: &Path) -> String {
    let out = galla(args, cwd);
    assert!(
        out.status.success(),
        "galla {args:?} failed: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Runs `galla args`, which must be refused; its error output.
pub fn refused(args: &[&str], cwd: &Path) -> String {
    let out = galla(args, cwd);
    assert!(!out.status.success(), "galla {args:?} was accepted");
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(!err.contains("panicked"), "{err}");
    err
}

/// One JSON object from `galla args`, which must succeed.
pub fn json(args: &[&str], cwd: &Path) -> serde_json::Value {
    serde_json::from_str(ok(args, cwd).trim()).expect("one JSON object")
}

/// (location, qty) of one SKU at every location, from `galla stock --json`
/// on `shop.db`.
pub fn stock_of(sku: &str, cwd: &Path) -> Vec<(String, i64)> {
    stock_in("shop.db", sku, cwd)
}

/// (location, qty) of one SKU at every location of database `db`.
pub fn stock_in(db: &str, sku: &str, cwd: &Path) -> Vec<(String, i64)> {
    ok(&["stock", "--db", db, "--json"], cwd)
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).expect("json"))
        .filter(|v| v["sku"] == sku)
        .map(|v| {
            let at = v["location"].as_str().unwrap_or("").to_string();
            (at, v["qty"].as_i64().unwrap_or(-1))
        })
        .collect()
}

/// `galla product add` on `shop.db` of a Cotton Kurta (HSN 6211, GST 5%,
/// MRP ₹799) in `sizes` × `colours`, with `more` arguments; its output.
pub fn add_kurta(cwd: &Path, sizes: &str, colours: &str, more: &[&str]) -> String {
    let mut args = vec![
        "product",
        "add",
        "--db",
        "shop.db",
        "--name",
        "Cotton Kurta",
        "--hsn",
        "6211",
        "--gst",
        "5",
        "--mrp",
        "799",
        "--sizes",
        sizes,
        "--colours",
        colours,
    ];
    args.extend_from_slice(more);
    ok(&args, cwd)
}

/// A new shop `shop.db` in `cwd` (Gupta Cloth, Maharashtra) with a shop
/// floor and a godown.
pub fn new_shop(cwd: &Path) {
    ok(
        &[
            "init",
            "--db",
            "shop.db",
            "--shop",
            "Gupta Cloth",
            "--state",
            "27",
        ],
        cwd,
    );
    ok(&["location", "add", "--db", "shop.db", "Godown"], cwd);
}
