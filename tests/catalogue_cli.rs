//! A new shop's catalogue and goods from the command line, on a real file:
//! a product added as a 3 × 2 size-colour grid (SKUs from the pattern,
//! in-store EAN-13s with valid check digits), a price change kept in the
//! history, an item no longer sold, a location renamed, a supplier's
//! invoice on credit (their khata shows what the shop owes) and part of it
//! sent back, transfers and corrections with `--json`, opening stock from a
//! CRLF file. Every bad input is refused with a message and writes nothing;
//! `galla check` is clean at the end.

mod common;

use common::cli::{add_kurta, json, new_shop, ok, refused, stock_of};
use serde_json::Value;
use std::path::Path;

fn events(cwd: &Path) -> usize {
    ok(&["export", "events", "--db", "shop.db"], cwd)
        .lines()
        .count()
}

fn supplier_owed(cwd: &Path) -> i64 {
    ok(
        &["parties", "--db", "shop.db", "--kind", "supplier", "--json"],
        cwd,
    )
    .lines()
    .map(|l| serde_json::from_str::<Value>(l).expect("json"))
    .find(|v| v["name"] == "Mehta Textiles")
    .and_then(|v| v["balance_paise"].as_i64())
    .map(|b| -b)
    .expect("the supplier is listed")
}

/// Runs every refusal and checks none wrote an event.
fn all_refused(cases: &[(Vec<&str>, &str)], cwd: &Path) {
    let before = events(cwd);
    for (args, says) in cases {
        let err = refused(args, cwd);
        assert!(
            err.contains(says),
            "galla {args:?} said {err:?}, not {says:?}"
        );
    }
    assert_eq!(events(cwd), before, "a refused command wrote an event");
}

#[test]
fn a_product_grid_its_prices_and_its_status() {
    let dir = tempfile::tempdir().expect("tmp");
    let d = dir.path();
    new_shop(d);
    let out = add_kurta(
        d,
        "S,M,L",
        "Red,Blue",
        &[
            "--category",
            "Kurtas",
            "--price",
            "749",
            "--cost",
            "450",
            "--barcodes",
            "8901000000019",
            "--json",
        ],
    );
    let added: Value = serde_json::from_str(out.trim()).expect("json");
    let variants = added["variants"].as_array().expect("variants");
    let skus: Vec<&str> = variants.iter().filter_map(|v| v["sku"].as_str()).collect();
    assert_eq!(
        skus,
        [
            "COTKUR-S-RED",
            "COTKUR-S-BLUE",
            "COTKUR-M-RED",
            "COTKUR-M-BLUE",
            "COTKUR-L-RED",
            "COTKUR-L-BLUE"
        ]
    );
    let codes: Vec<&str> = variants
        .iter()
        .filter_map(|v| v["barcode"].as_str())
        .collect();
    assert_eq!(codes[0], "8901000000019", "the scanned one first");
    for code in &codes[1..] {
        assert!(
            galla_domain::ean::is_in_store(code),
            "{code} is an in-store EAN-13"
        );
    }

    // A price change is kept with the price before it.
    ok(
        &[
            "product",
            "edit",
            "--db",
            "shop.db",
            "--item",
            "COTKUR-M-RED",
            "--price",
            "699",
        ],
        d,
    );
    let info = json(
        &[
            "product",
            "show",
            "--db",
            "shop.db",
            "COTKUR-M-RED",
            "--json",
        ],
        d,
    );
    let prices: Vec<i64> = info["prices"]
        .as_array()
        .expect("history")
        .iter()
        .filter_map(|p| p["price_paise"].as_i64())
        .collect();
    assert_eq!(prices, [74_900, 69_900]);
    assert_eq!(
        (info["category"].as_str(), info["active"].as_bool()),
        (Some("Kurtas"), Some(true))
    );
    // A product field changes every variant.
    ok(
        &[
            "product",
            "edit",
            "--db",
            "shop.db",
            "--item",
            codes[0],
            "--name",
            "Cotton Kurta Plain",
        ],
        d,
    );
    let blue = json(
        &[
            "product",
            "show",
            "--db",
            "shop.db",
            "COTKUR-L-BLUE",
            "--json",
        ],
        d,
    );
    assert_eq!(blue["name"], "Cotton Kurta Plain");

    ok(
        &[
            "product",
            "deactivate",
            "--db",
            "shop.db",
            "--item",
            "COTKUR-L-BLUE",
            "--note",
            "discontinued",
        ],
        d,
    );
    let off = json(
        &[
            "product",
            "show",
            "--db",
            "shop.db",
            "COTKUR-L-BLUE",
            "--json",
        ],
        d,
    );
    assert_eq!(off["active"], false);
    assert_eq!(stock_of("COTKUR-L-BLUE", d).len(), 2, "its stock rows stay");

    // A saree with one field changed from a good one.
    let add = |flag: &'static str, value: &'static str| -> Vec<&'static str> {
        let mut a = vec!["product", "add", "--db", "shop.db", "--name", "Silk Saree"];
        for (f, v) in [
            ("--hsn", "5007"),
            ("--gst", "5"),
            ("--mrp", "2500"),
            ("--sizes", "Free"),
        ] {
            a.extend([f, if f == flag { value } else { v }]);
        }
        if !["--hsn", "--gst", "--mrp", "--sizes"].contains(&flag) {
            a.extend([flag, value]);
        }
        a
    };
    let v = |a: &[&'static str]| a.to_vec();
    all_refused(
        &[
            (add("--hsn", "62"), "HSN \"62\" must be 4 to 8 digits"),
            (add("--gst", "7"), "is not a GST rate"),
            (add("--price", "2600"), "is above the MRP"),
            (
                add("--barcodes", "8901000000018"),
                "wrong EAN-13 check digit",
            ),
            (add("--barcodes", "8901000000019"), "already used"),
            (add("--sizes", "S,s"), "given twice"),
            (
                add("--barcodes", "8901000000026,8901000000033"),
                "2 barcodes for 1 variants",
            ),
            (add("--unit", "dozen"), "must be piece, kg, litre or metre"),
            (
                v(&[
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
                    "--sizes",
                    "S",
                    "--colours",
                    "Red",
                    "--mrp",
                    "10",
                ]),
                "SKU COTKUR-S-RED is already used",
            ),
            (
                v(&[
                    "product",
                    "edit",
                    "--db",
                    "shop.db",
                    "--item",
                    "COTKUR-M-RED",
                    "--price",
                    "900",
                ]),
                "above the MRP",
            ),
            (
                v(&[
                    "product", "edit", "--db", "shop.db", "--item", "NOPE", "--price", "9",
                ]),
                "no item has",
            ),
            (
                v(&[
                    "product",
                    "edit",
                    "--db",
                    "shop.db",
                    "--item",
                    "COTKUR-M-RED",
                    "--sku",
                    "COTKUR-S-RED",
                ]),
                "already used",
            ),
            (
                v(&[
                    "location",
                    "rename",
                    "--db",
                    "shop.db",
                    "godown",
                    "Shop Floor",
                ]),
                "already a location",
            ),
            (
                v(&[
                    "location",
                    "rename",
                    "--db",
                    "shop.db",
                    "Back room",
                    "Store",
                ]),
                "no location named",
            ),
        ],
        d,
    );
    ok(
        &[
            "location",
            "rename",
            "--db",
            "shop.db",
            "godown",
            "Back store",
        ],
        d,
    );
    assert!(ok(&["location", "list", "--db", "shop.db"], d).contains("Back store"));
    assert!(ok(&["check", "--db", "shop.db"], d).starts_with("ok:"));
}

#[test]
fn a_purchase_on_credit_a_return_moves_counts_and_opening_stock() {
    let dir = tempfile::tempdir().expect("tmp");
    let d = dir.path();
    new_shop(d);
    add_kurta(d, "S,M", "Red", &["--cost", "450"]);
    ok(
        &[
            "party",
            "add",
            "--db",
            "shop.db",
            "--kind",
            "supplier",
            "--name",
            "Mehta Textiles",
        ],
        d,
    );
    ok(
        &[
            "party",
            "add",
            "--db",
            "shop.db",
            "--kind",
            "customer",
            "--name",
            "Asha Verma",
        ],
        d,
    );
    // Windows line ends, as Excel saves them.
    std::fs::write(
        d.join("in.csv"),
        "sku,qty,cost\r\nCOTKUR-S-RED,10,450\r\nCOTKUR-M-RED,10\r\n",
    )
    .expect("csv");
    let bought = json(
        &[
            "purchase",
            "--db",
            "shop.db",
            "--supplier",
            "mehta",
            "--invoice",
            "MT-101",
            "--date",
            "2026-11-18",
            "--location",
            "Godown",
            "--file",
            "in.csv",
            "--credit",
            "--json",
        ],
        d,
    );
    // 20 × ₹450 + 5% GST.
    assert_eq!(bought["total_paise"], 945_000);
    assert_eq!(bought["tax_paise"], 45_000);
    assert_eq!(supplier_owed(d), 945_000);
    let khata = ok(&["khata", "--db", "shop.db", "--party", "Mehta"], d);
    assert!(khata.contains("purchase MT-101"), "{khata}");

    std::fs::write(d.join("back.csv"), "sku,qty,cost\nCOTKUR-S-RED,2,450\n").expect("csv");
    let back = json(
        &[
            "purchase",
            "--db",
            "shop.db",
            "--supplier",
            "Mehta Textiles",
            "--return",
            "--credit",
            "--location",
            "Godown",
            "--file",
            "back.csv",
            "--note",
            "torn",
            "--json",
        ],
        d,
    );
    assert_eq!(back["total_paise"], 94_500);
    assert_eq!(supplier_owed(d), 945_000 - 94_500);
    assert_eq!(
        stock_of("COTKUR-S-RED", d),
        [("Shop floor".into(), 0), ("Godown".into(), 8)]
    );

    let moved = json(
        &[
            "transfer",
            "--db",
            "shop.db",
            "--from",
            "Godown",
            "--to",
            "Shop floor",
            "COTKUR-M-RED",
            "4",
            "--json",
        ],
        d,
    );
    assert_eq!(moved["lines"][1]["after"], 4);
    let fixed = json(
        &[
            "adjust",
            "--db",
            "shop.db",
            "--location",
            "Shop floor",
            "--reason",
            "sample",
            "COTKUR-M-RED",
            "-1",
            "--json",
        ],
        d,
    );
    assert_eq!(
        (
            fixed["reason"].as_str(),
            fixed["lines"][0]["after"].as_i64()
        ),
        (Some("sample"), Some(3))
    );
    let counted = json(
        &[
            "count",
            "--db",
            "shop.db",
            "--location",
            "Godown",
            "COTKUR-M-RED",
            "5",
            "--json",
        ],
        d,
    );
    assert_eq!(counted["expected"], 6);

    std::fs::write(
        d.join("bad.csv"),
        "sku,qty\r\nCOTKUR-S-RED,1\r\nNOPE,2\r\nCOTKUR-M-RED,x\r\n",
    )
    .expect("csv");
    std::fs::write(d.join("big.csv"), "sku,qty\nCOTKUR-S-RED,9\n").expect("csv");
    let v = |a: &[&'static str]| a.to_vec();
    all_refused(
        &[
            (
                v(&[
                    "purchase",
                    "--db",
                    "shop.db",
                    "--supplier",
                    "Mehta",
                    "--file",
                    "in.csv",
                ]),
                "the drawer holds ₹0.00",
            ),
            (
                v(&[
                    "purchase",
                    "--db",
                    "shop.db",
                    "--supplier",
                    "Mehta",
                    "--file",
                    "in.csv",
                    "--paid",
                    "cheque",
                ]),
                "not a way to pay",
            ),
            (
                v(&[
                    "purchase",
                    "--db",
                    "shop.db",
                    "--supplier",
                    "Asha",
                    "--file",
                    "in.csv",
                    "--credit",
                ]),
                "Asha Verma is a customer",
            ),
            (
                v(&[
                    "purchase",
                    "--db",
                    "shop.db",
                    "--supplier",
                    "Nobody",
                    "--file",
                    "in.csv",
                    "--credit",
                ]),
                "no customer or supplier is called",
            ),
            (
                v(&[
                    "purchase",
                    "--db",
                    "shop.db",
                    "--supplier",
                    "Mehta",
                    "--file",
                    "bad.csv",
                    "--credit",
                ]),
                "bad.csv line 3: no item has the SKU or barcode \"NOPE\"",
            ),
            (
                v(&[
                    "purchase",
                    "--db",
                    "shop.db",
                    "--supplier",
                    "Mehta",
                    "--file",
                    "bad.csv",
                    "--credit",
                ]),
                "bad.csv line 4: COTKUR-M-RED",
            ),
            (
                v(&[
                    "purchase",
                    "--db",
                    "shop.db",
                    "--supplier",
                    "Mehta",
                    "--file",
                    "big.csv",
                    "--credit",
                    "--return",
                    "--location",
                    "Shop floor",
                ]),
                "only 0 at Shop floor",
            ),
            (
                v(&[
                    "transfer",
                    "--db",
                    "shop.db",
                    "--from",
                    "Godown",
                    "--to",
                    "Godown",
                    "COTKUR-M-RED",
                    "1",
                    "--json",
                ]),
                "two different locations",
            ),
            (
                v(&[
                    "adjust",
                    "--db",
                    "shop.db",
                    "--location",
                    "Godown",
                    "--reason",
                    "correction",
                    "COTKUR-M-RED",
                    "1",
                ]),
                "needs a note",
            ),
            (
                v(&[
                    "adjust",
                    "--db",
                    "shop.db",
                    "--location",
                    "Godown",
                    "--reason",
                    "misplaced",
                    "COTKUR-M-RED",
                    "1",
                ]),
                "unknown reason",
            ),
            (
                v(&[
                    "adjust",
                    "--db",
                    "shop.db",
                    "--location",
                    "Godown",
                    "--reason",
                    "lost",
                    "COTKUR-M-RED",
                    "-99",
                ]),
                "less than zero",
            ),
        ],
        d,
    );
    ok(
        &[
            "product",
            "deactivate",
            "--db",
            "shop.db",
            "--item",
            "COTKUR-S-RED",
        ],
        d,
    );
    all_refused(
        &[(
            v(&[
                "purchase",
                "--db",
                "shop.db",
                "--supplier",
                "Mehta",
                "--file",
                "in.csv",
                "--credit",
            ]),
            "no longer sold",
        )],
        d,
    );

    // Opening stock: every bad row by its own line, even with CRLF ends.
    std::fs::write(
        d.join("open.csv"),
        "sku,location,qty\r\nCOTKUR-M-RED,Shop floor,2\r\nNOPE,Godown,1\r\n\r\nCOTKUR-M-RED,Attic,1\r\nCOTKUR-M-RED,Godown,0\r\n",
    )
    .expect("csv");
    let before = events(d);
    let err = refused(&["opening", "--db", "shop.db", "open.csv"], d);
    for line in [
        "open.csv line 3: no item",
        "open.csv line 5: there is no location named \"Attic\"",
        "open.csv line 6: COTKUR-M-RED: opening stock must be more than zero",
        "nothing was written",
    ] {
        assert!(err.contains(line), "{err}");
    }
    assert!(!err.contains("line 2"), "{err}");
    assert_eq!(events(d), before);
    std::fs::write(
        d.join("open.csv"),
        "sku,location,qty\r\nCOTKUR-M-RED,Shop floor,2\r\nCOTKUR-M-RED,godown,3\r\n",
    )
    .expect("csv");
    let opened = json(&["opening", "--db", "shop.db", "open.csv", "--json"], d);
    assert_eq!(opened["lines"].as_array().map(Vec::len), Some(2));
    assert_eq!(events(d), before + 2, "one event a row");
    assert_eq!(
        stock_of("COTKUR-M-RED", d),
        [("Shop floor".into(), 5), ("Godown".into(), 8)]
    );
    assert!(ok(&["check", "--db", "shop.db"], d).starts_with("ok:"));
}

#[test]
fn a_crlf_catalogue_reports_the_line_of_its_bad_row() {
    // Before the fix the csv crate's count said line 2 here.
    let dir = tempfile::tempdir().expect("tmp");
    let d = dir.path();
    new_shop(d);
    std::fs::write(
        d.join("cat.csv"),
        "product,sku,hsn,gst_rate,mrp,price\r\nKurta,K-1,6211,5,799,749\r\nKurta,K-2,6211,5,799,899\r\n",
    )
    .expect("csv");
    let err = refused(&["import", "catalogue", "--db", "shop.db", "cat.csv"], d);
    assert!(err.contains("cat.csv:3: price"), "{err}");
}
