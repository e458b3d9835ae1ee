//! A new shop stocked from the command line, end to end, on a real file:
//! import a catalogue, add locations, receive goods, move them, correct and
//! count them; every bad line is refused with a reason and changes nothing;
//! `galla check` is clean afterwards. Before these commands a new shop had
//! no way to get a location or stock ("there is no location to sell from").

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

fn ok(args: &[&str], cwd: &Path) -> String {
    let out = galla(args, cwd);
    assert!(
        out.status.success(),
        "galla {args:?} failed: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn refused(args: &[&str], cwd: &Path) -> String {
    let out = galla(args, cwd);
    assert!(!out.status.success(), "galla {args:?} was accepted");
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(!err.contains("panicked"), "{err}");
    err
}

/// (location, qty) of one SKU from `galla stock --json`.
fn stock_of(sku: &str, cwd: &Path) -> Vec<(String, f64)> {
    ok(&["stock", "--db", "shop.db", "--json"], cwd)
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).expect("json"))
        .filter(|v| v["sku"] == sku)
        .map(|v| {
            (
                v["location"].as_str().expect("location").to_string(),
                v["qty"].as_f64().expect("qty"),
            )
        })
        .collect()
}

fn events(cwd: &Path) -> usize {
    ok(&["export", "events", "--db", "shop.db"], cwd)
        .lines()
        .count()
}

#[test]
fn a_new_shop_is_stocked_from_the_command_line() {
    let dir = tempfile::tempdir().expect("tmp");
    let d = dir.path();
    std::fs::write(
        d.join("catalogue.csv"),
        "product,sku,size,colour,barcode,hsn,gst_rate,unit,mrp,price,cost,reorder_level\n\
         Cotton Kurta,KUR-M-RED,M,Red,8901000000019,6211,5,piece,799,749,450,3\n\
         Basmati Rice,RICE-LOOSE,,,,1006,5,kg,120,110,90,10\n",
    )
    .expect("csv");
    // The database is created by the first write.
    ok(&["location", "add", "--db", "shop.db", "Shop floor"], d);
    ok(&["location", "add", "--db", "shop.db", "Godown"], d);
    let err = refused(&["location", "add", "--db", "shop.db", "godown"], d);
    assert!(err.contains("already a location named \"Godown\""), "{err}");
    ok(
        &["import", "catalogue", "--db", "shop.db", "catalogue.csv"],
        d,
    );

    std::fs::write(
        d.join("in.csv"),
        "sku,qty,cost\nKUR-M-RED,10,450\n8901000000019,2,450\n",
    )
    .expect("csv");
    let said = ok(
        &[
            "receive",
            "--db",
            "shop.db",
            "--location",
            "godown",
            "--invoice",
            "A-17",
            "in.csv",
        ],
        d,
    );
    assert!(
        said.contains("received 2 lines into godown (cost ₹5,400.00)"),
        "{said}"
    );
    assert_eq!(
        stock_of("KUR-M-RED", d),
        vec![("Shop floor".into(), 0.0), ("Godown".into(), 12.0)]
    );

    ok(
        &[
            "transfer",
            "--db",
            "shop.db",
            "--from",
            "Godown",
            "--to",
            "Shop floor",
            "KUR-M-RED",
            "5",
        ],
        d,
    );
    ok(
        &[
            "adjust",
            "--db",
            "shop.db",
            "--location",
            "Shop floor",
            "--reason",
            "damage",
            "KUR-M-RED",
            "-1",
        ],
        d,
    );
    let said = ok(
        &[
            "count",
            "--db",
            "shop.db",
            "--location",
            "Godown",
            "KUR-M-RED",
            "6",
        ],
        d,
    );
    assert!(said.contains("counted 6, the books said 7"), "{said}");
    assert_eq!(
        stock_of("KUR-M-RED", d),
        vec![("Shop floor".into(), 4.0), ("Godown".into(), 6.0)]
    );

    // Every bad request is refused with its reason and writes nothing.
    let before = events(d);
    std::fs::write(
        d.join("bad.csv"),
        "sku,qty,cost\nKUR-M-RED,3,450\nNO-SUCH,1,10\n",
    )
    .expect("csv");
    let err = refused(
        &[
            "receive",
            "--db",
            "shop.db",
            "--location",
            "Godown",
            "bad.csv",
        ],
        d,
    );
    assert!(
        err.contains("bad.csv line 3") && err.contains("NO-SUCH"),
        "{err}"
    );
    std::fs::write(d.join("frac.csv"), "sku,qty\nKUR-M-RED,1.5\n").expect("csv");
    let err = refused(
        &[
            "receive",
            "--db",
            "shop.db",
            "--location",
            "Godown",
            "frac.csv",
        ],
        d,
    );
    assert!(err.contains("line 2"), "{err}");
    std::fs::write(d.join("huge.csv"), "sku,qty\nKUR-M-RED,9223372036854775\n").expect("csv");
    refused(
        &[
            "receive",
            "--db",
            "shop.db",
            "--location",
            "Godown",
            "huge.csv",
        ],
        d,
    );
    let err = refused(
        &[
            "transfer",
            "--db",
            "shop.db",
            "--from",
            "Shop floor",
            "--to",
            "Godown",
            "KUR-M-RED",
            "9",
        ],
        d,
    );
    assert!(err.contains("only 4 at Shop floor"), "{err}");
    let err = refused(
        &[
            "adjust",
            "--db",
            "shop.db",
            "--location",
            "Godown",
            "--reason",
            "theft",
            "KUR-M-RED",
            "-7",
        ],
        d,
    );
    assert!(err.contains("less than zero"), "{err}");
    let err = refused(
        &[
            "adjust",
            "--db",
            "shop.db",
            "--location",
            "Godown",
            "--reason",
            "other",
            "KUR-M-RED",
            "1",
        ],
        d,
    );
    assert!(err.contains("--note"), "{err}");
    let err = refused(
        &[
            "transfer",
            "--db",
            "shop.db",
            "--from",
            "Back",
            "--to",
            "Godown",
            "KUR-M-RED",
            "1",
        ],
        d,
    );
    assert!(
        err.contains("the locations are: Shop floor, Godown"),
        "{err}"
    );
    assert_eq!(events(d), before, "a refused request wrote an event");

    // Loose goods take fractions.
    std::fs::write(d.join("rice.csv"), "sku,qty,cost\nRICE-LOOSE,25.5,90\n").expect("csv");
    ok(
        &[
            "receive",
            "--db",
            "shop.db",
            "--location",
            "Shop floor",
            "rice.csv",
        ],
        d,
    );
    assert_eq!(stock_of("RICE-LOOSE", d)[0], ("Shop floor".into(), 25.5));

    let said = ok(&["check", "--db", "shop.db"], d);
    assert!(said.starts_with("ok:"), "{said}");
}

#[test]
fn galla_init_makes_a_shop_that_sells_and_settings_are_checked() {
    let dir = tempfile::tempdir().expect("dir");
    let cwd = dir.path();
    let db = "shop.db";
    // Bad input makes no file.
    let err = refused(
        &[
            "init",
            "--db",
            db,
            "--shop",
            "Gupta Kirana",
            "--state",
            "27",
            "--gstin",
            "27AAPFU0939F1ZW",
        ],
        cwd,
    );
    assert!(err.contains("last character should be \"V\""), "{err}");
    let err = refused(
        &[
            "init",
            "--db",
            db,
            "--shop",
            "Gupta Kirana",
            "--state",
            "08",
            "--gstin",
            "27AAPFU0939F1ZV",
        ],
        cwd,
    );
    assert!(err.contains("another state"), "{err}");
    let err = refused(
        &[
            "init",
            "--db",
            db,
            "--shop",
            "X",
            "--state",
            "27",
            "--counter",
            "c-1",
        ],
        cwd,
    );
    assert!(err.contains("counter code"), "{err}");
    let err = refused(
        &[
            "init",
            "--db",
            db,
            "--shop",
            "X",
            "--state",
            "27",
            "--upi",
            "not a upi id",
        ],
        cwd,
    );
    assert!(err.contains("UPI"), "{err}");
    assert!(!cwd.join(db).exists(), "nothing made from bad input");

    let made = ok(
        &[
            "init",
            "--db",
            db,
            "--shop",
            "Gupta Kirana",
            "--state",
            "27",
            "--gstin",
            "27AAPFU0939F1ZV",
            "--counter",
            "C2",
            "--address",
            "12 MG Road|Pune",
            "--upi",
            "gupta@okaxis",
            "--json",
        ],
        cwd,
    );
    let made: serde_json::Value = serde_json::from_str(&made).expect("json");
    assert_eq!(made["counter"], "C2");
    let settings: serde_json::Value =
        serde_json::from_str(&ok(&["settings", "--db", db, "--json"], cwd)).expect("json");
    let text = settings.to_string();
    assert!(
        text.contains("12 MG Road") && text.contains("Pune") && text.contains("gupta@okaxis"),
        "{settings}"
    );
    assert!(
        refused(
            &["init", "--db", db, "--shop", "Again", "--state", "27"],
            cwd
        )
        .contains("already holds a shop")
    );
    assert_eq!(
        ok(&["location", "list", "--db", db], cwd).trim(),
        "Shop floor"
    );

    ok(
        &[
            "settings",
            "set",
            "--db",
            db,
            "shop.phone",
            "+91 98765 43210",
        ],
        cwd,
    );
    ok(
        &[
            "settings",
            "set",
            "--db",
            db,
            "shop.address",
            "12 MG Road | Pune 411001",
        ],
        cwd,
    );
    let before = events(cwd);
    for (key, value, why) in [
        ("shop.gstin", "27AAPFU0939F1ZW", "last character"),
        ("shop.phone", "12345", "not a phone number"),
        ("stock.negative", "maybe", "not one of warn, block"),
        ("shop.colour", "red", "there is no setting"),
        ("shop.name", "Bad\u{1b}Name", "control character"),
    ] {
        let err = refused(&["settings", "set", "--db", db, key, value], cwd);
        assert!(err.contains(why), "{key}={value}: {err}");
    }
    assert_eq!(events(cwd), before, "a refused setting changes nothing");
    let shown: serde_json::Value =
        serde_json::from_str(&ok(&["settings", "--db", db, "--json"], cwd)).expect("json");
    assert_eq!(shown["shop.name"], "Gupta Kirana");
    assert_eq!(shown["shop.phone"], "9876543210");
    assert_eq!(
        shown["shop.address"],
        serde_json::json!(["12 MG Road", "Pune 411001"])
    );
    assert_eq!(shown["shop.upi"], "gupta@okaxis", "as galla init was told");

    // From nothing to stock at the shop floor.
    std::fs::write(
        cwd.join("cat.csv"),
        "product,sku,barcode,hsn,gst_rate,mrp,price\nToor Dal 1 kg,TOOR-1,8901234000014,0713,5,180,165\n",
    )
    .expect("csv");
    ok(&["import", "catalogue", "--db", db, "cat.csv"], cwd);
    std::fs::write(cwd.join("in.csv"), "sku,qty,cost\nTOOR-1,20,140\n").expect("csv");
    ok(
        &["receive", "--db", db, "--location", "Shop floor", "in.csv"],
        cwd,
    );
    assert_eq!(
        stock_of("TOOR-1", cwd),
        vec![("Shop floor".to_string(), 20.0)]
    );
    assert!(ok(&["check", "--db", db], cwd).starts_with("ok:"));
}

#[test]
fn listings_into_a_closed_pipe_end_quietly() {
    let dir = tempfile::tempdir().expect("dir");
    let cwd = dir.path();
    ok(
        &[
            "init",
            "--db",
            "shop.db",
            "--shop",
            "Gupta Kirana",
            "--state",
            "27",
        ],
        cwd,
    );
    for args in [
        &["settings", "--db", "shop.db"][..],
        &["location", "list", "--db", "shop.db"],
    ] {
        // `galla settings | head -0`: the reader is gone before galla writes.
        let mut child = Command::new(env!("CARGO_BIN_EXE_galla"))
            .args(args)
            .current_dir(cwd)
            .env("HOME", cwd)
            .env("XDG_CONFIG_HOME", cwd.join("xdg-config"))
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .expect("spawn");
        drop(child.stdout.take());
        let out = child.wait_with_output().expect("wait");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(!err.contains("panicked"), "{args:?}: {err}");
    }
}
