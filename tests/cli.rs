//! The `galla` binary's commands end to end: demo, check, stock --json,
//! export events, import catalogue (good and bad), config errors reported
//! before the terminal is touched, and output cut short by its reader.

use std::path::Path;
use std::process::{Command, Output};

fn galla(args: &[&str], cwd: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_galla"))
        .args(args)
        .current_dir(cwd)
        .env("HOME", cwd)
        .env("XDG_CONFIG_HOME", cwd.join("xdg-config"))
        .env("XDG_DATA_HOME", cwd.join("xdg-data"))
        .output()
        .expect("run galla")
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

fn demo(dir: &Path) -> String {
    let db = dir.join("shop.db");
    let db_s = db.to_str().expect("utf-8 path").to_string();
    let out = galla(
        &[
            "demo",
            "--db",
            &db_s,
            "--variants",
            "80",
            "--days",
            "5",
            "--seed",
            "3",
            "--end",
            "2026-11-20",
        ],
        dir,
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        text(&out.stdout).contains("80 variants"),
        "{}",
        text(&out.stdout)
    );
    db_s
}

#[test]
fn demo_check_stock_and_export() {
    let dir = tempfile::tempdir().expect("tmp");
    let db = demo(dir.path());
    let out = galla(&["check", "--db", &db], dir.path());
    assert!(
        out.status.success(),
        "{}{}",
        text(&out.stdout),
        text(&out.stderr)
    );
    assert!(
        text(&out.stdout).starts_with("ok: "),
        "{}",
        text(&out.stdout)
    );

    let out = galla(
        &["stock", "--db", &db, "--location", "Godown", "--json"],
        dir.path(),
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let rows: Vec<serde_json::Value> = text(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).expect("json line"))
        .collect();
    assert_eq!(rows.len(), 80, "one row per variant at one location");
    for key in [
        "sku",
        "barcode",
        "name",
        "size",
        "colour",
        "location",
        "qty",
        "price_paise",
        "mrp_paise",
    ] {
        assert!(rows[0].get(key).is_some(), "missing {key} in {}", rows[0]);
    }
    assert!(rows.iter().all(|r| r["location"] == "Godown"));

    let out = galla(
        &["stock", "--db", &db, "--search", "kurta", "--json"],
        dir.path(),
    );
    let rows: Vec<serde_json::Value> = text(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).expect("json"))
        .collect();
    assert!(
        !rows.is_empty()
            && rows.iter().all(|r| r["name"]
                .as_str()
                .is_some_and(|n| n.to_lowercase().contains("kurta") || n.contains("कुर्ता")))
            && rows.iter().any(|r| r["name"] == "सूती कुर्ता"),
        "{rows:?}"
    );

    let out = galla(
        &["stock", "--db", &db, "--location", "Roof", "--json"],
        dir.path(),
    );
    assert!(!out.status.success());
    assert!(
        text(&out.stderr).contains("no location named \"Roof\""),
        "{}",
        text(&out.stderr)
    );

    let out = galla(&["export", "events", "--db", &db], dir.path());
    assert!(out.status.success());
    let events: Vec<serde_json::Value> = text(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).expect("json"))
        .collect();
    assert!(events.len() > 100);
    assert_eq!(events[0]["device_seq"], 1);
    assert_eq!(
        events[0]["type"], "SETTINGS_CHANGED",
        "the shop's name first"
    );
    assert!(events.iter().any(|e| e["type"] == "LOCATION_CREATED"));
    assert!(events.iter().any(|e| e["type"] == "SALE"));
}

#[test]
fn import_catalogue_all_or_nothing() {
    let dir = tempfile::tempdir().expect("tmp");
    let db = demo(dir.path());
    let count = |dir: &Path| {
        text(&galla(&["export", "events", "--db", &db], dir).stdout)
            .lines()
            .count()
    };
    let before = count(dir.path());
    let good = dir.path().join("good.csv");
    std::fs::write(&good, "product,sku,size,colour,barcode,hsn,gst_rate,price_mode,unit,mrp,price,cost,reorder_level\n\
        Linen Shirt,LIN-M-W,M,White,5901234123457,6205,12,inclusive,piece,\"1,299\",1199,700,2\n\
        Linen Shirt,LIN-L-W,L,White,,6205,12,inclusive,piece,1299,1199.50,700,2\n\
        Jaggery,GUR-1,Loose,,,1701,0,inclusive,kg,80,75,50,5.5\n").expect("csv");
    let out = galla(
        &[
            "import",
            "catalogue",
            "--db",
            &db,
            good.to_str().expect("path"),
        ],
        dir.path(),
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        text(&out.stdout).contains("imported 2 products and 3 variants"),
        "{}",
        text(&out.stdout)
    );
    assert_eq!(count(dir.path()), before + 5);

    let cases = [
        (
            "product,sku,hsn,gst_rate,mrp,price\nA,NEW-1,6205,12,100,90\nB,NEW-2,6205,12,abc,90\n",
            ":3: mrp: \"abc\" is not an amount",
        ),
        (
            "product,sku,hsn,gst_rate,mrp,price\nA,NEW-1,6205,17,100,90\n",
            ":2: \"17\" is not a GST rate",
        ),
        (
            "product,sku,hsn,gst_rate,mrp,price\nA,NEW-1,6205,12,100,120\n",
            ":2: price ₹120.00 is above the MRP ₹100.00",
        ),
        (
            "product,sku,hsn,gst_rate,mrp,price\nA,LIN-M-W,6205,12,100,90\n",
            ":2: SKU LIN-M-W is already used",
        ),
        (
            "product,sku,hsn,gst_rate,mrp,price,barcode\nA,NEW-1,6205,12,100,90,5901234123458\n",
            "wrong EAN-13 check digit",
        ),
        (
            "product,sku,hsn,gst_rate,mrp,price,flavour\nA,NEW-1,6205,12,100,90,x\n",
            ":1: unknown column \"flavour\"",
        ),
        (
            "product,sku,hsn,gst_rate,mrp,price\nA,NEW-1,62,12,100,90\n",
            ":2: HSN \"62\" must be 4 to 8 digits",
        ),
    ];
    for (csv, expected) in cases {
        let bad = dir.path().join("bad.csv");
        std::fs::write(&bad, csv).expect("csv");
        let out = galla(
            &[
                "import",
                "catalogue",
                "--db",
                &db,
                bad.to_str().expect("path"),
            ],
            dir.path(),
        );
        assert!(!out.status.success(), "{csv}");
        assert!(
            text(&out.stderr).contains(expected),
            "expected {expected:?} in {}",
            text(&out.stderr)
        );
        assert_eq!(count(dir.path()), before + 5, "nothing written for {csv}");
    }
    let out = galla(&["check", "--db", &db], dir.path());
    assert!(out.status.success(), "{}", text(&out.stdout));
}

#[test]
fn bad_config_is_reported_before_the_terminal_is_touched() {
    let dir = tempfile::tempdir().expect("tmp");
    let db = demo(dir.path());
    let config = dir.path().join("config.toml");
    std::fs::write(&config, "[shop]\nname = \"X\"\n\n[ui]\nthme = \"mono\"\n").expect("config");
    let out = galla(
        &["--db", &db, "--config", config.to_str().expect("path")],
        dir.path(),
    );
    assert!(!out.status.success());
    let err = text(&out.stderr);
    assert!(err.contains("config.toml:5"), "{err}");
    assert!(err.contains("thme"), "{err}");
    assert!(
        !text(&out.stdout).contains("\u{1b}[?1049h"),
        "the alternate screen was never entered"
    );

    std::fs::write(&config, "[keymap.stock]\n\"f5\" = \"fly\"\n").expect("config");
    let out = galla(
        &["--db", &db, "--config", config.to_str().expect("path")],
        dir.path(),
    );
    assert!(!out.status.success());
    assert!(text(&out.stderr).contains("fly"), "{}", text(&out.stderr));

    let out = galla(
        &[
            "check",
            "--db",
            &dir.path().join("missing.db").to_string_lossy(),
        ],
        dir.path(),
    );
    assert!(!out.status.success());
    assert!(
        text(&out.stderr).contains("no shop database"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn a_reader_that_stops_early_gets_no_error() {
    use std::io::{BufRead, BufReader};
    let dir = tempfile::tempdir().expect("dir");
    let db = demo(dir.path());
    // More than a pipe holds, so galla is still writing when the reader goes.
    let mut child = Command::new(env!("CARGO_BIN_EXE_galla"))
        .args(["export", "events", "--db", &db])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("runs galla");
    let mut first = String::new();
    BufReader::new(child.stdout.take().expect("stdout"))
        .read_line(&mut first)
        .expect("reads");
    assert!(first.starts_with('{'), "{first}");
    let out = child.wait_with_output().expect("waits");
    assert!(out.status.success(), "{out:?}");
    assert_eq!(
        text(&out.stderr),
        "",
        "like `head`, no error for a closed pipe"
    );
}
