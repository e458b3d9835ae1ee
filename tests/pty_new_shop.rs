//! A new shop from an empty file to selling, in the real binary in a
//! pseudo-terminal at 80x24, by keys alone: the first-start form, a second
//! location, a kurta in 3 sizes × 2 colours, 10 of each bought on credit
//! from a supplier added on the purchase screen, 4 moved to the shop floor,
//! one sold by a scan, the shelf counted with one missing and the
//! difference posted. Then `galla stock --json` gives every location's
//! number, `galla check` is clean, and the item's movement history (the
//! popup and the store) lists every step.

mod common;

use common::cli::{ok, stock_in};
use common::pty::Session;
use galla::store::{Access, Store};
use galla_domain::{MoveKind, Qty};
use std::time::Duration;

const WAIT: Duration = Duration::from_secs(10);

/// Types `text` as a person does (keys 45 ms apart: faster would be a
/// scanner, which amount fields refuse).
fn typed(s: &mut Session, text: &str) {
    for b in text.bytes() {
        s.send(&[b]);
        std::thread::sleep(Duration::from_millis(45));
    }
}

const SIZES: [&str; 3] = ["S", "M", "L"];
const COLOURS: [&str; 2] = ["RED", "BLUE"];

#[test]
fn a_new_shop_from_nothing_to_selling() {
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("new.db");
    let mut s = Session::start(&path, &[]);

    // Set-up: the shop's name, address and state; the rest as offered.
    s.wait_for("Set up your shop", Duration::from_secs(20));
    typed(&mut s, "Gupta Cloth House\t12 MG Road|Pune\t27\t\t\t\t\t\r");
    s.wait_for("Gupta Cloth House is set up", WAIT);

    // A godown besides the shop floor.
    s.send(b"\x1bOR"); // F3
    s.wait_for("Search:", WAIT);
    s.send(b"\x1bl"); // Alt+L
    s.wait_for("Locations", WAIT);
    s.send(b"\x1b[D"); // ← to "a new location"
    s.send(b"Godown\r");
    s.wait_for("added the location Godown", WAIT);

    // A kurta in S, M, L × Red, Blue.
    s.send(b"\x1bn"); // Alt+N
    s.wait_for("New product", WAIT);
    s.send(b"Cotton Kurta\tKurtas\t");
    typed(&mut s, "6211\t5\t");
    s.send(b"\tS,M,L\tRed,Blue\t\t");
    typed(&mut s, "799\t749\t450\t");
    s.send(b"\r");
    s.wait_for("Add Cotton Kurta", WAIT);
    s.send(b"\r");
    s.wait_for("added Cotton Kurta with 6 variants", WAIT);

    // 10 of each on credit from a supplier added here.
    s.send(b"\x1bi"); // Alt+I
    s.wait_for("Goods in from a supplier", WAIT);
    s.send(b"Mehta Textiles");
    s.wait_for("Supplier: Mehta Textiles", WAIT);
    s.send(b"\x1bn"); // Alt+N: a new supplier
    s.wait_for("supplier: Mehta Textiles", WAIT);
    s.send(b"MT-101\t\t\t\t\t");
    let mut n = 0;
    for size in SIZES {
        for colour in COLOURS {
            s.send(format!("10*COTKUR-{size}-{colour}\r").as_bytes());
            n += 1;
            let lines = if n == 1 {
                "· 1 line".to_string()
            } else {
                format!("· {n} lines")
            };
            s.wait_for(&lines, WAIT);
        }
    }
    s.wait_for("total ₹28,350.00", WAIT);
    s.send(b"\x1b[21~"); // F10
    s.wait_for("Post?", WAIT);
    s.send(b"\r");
    s.wait_for("bought: 6 lines", WAIT);

    let code = {
        let store = Store::open(&path, Access::ReadOnly).expect("open");
        let id = store
            .exact_item("COTKUR-M-RED")
            .expect("read")
            .expect("the item");
        store
            .sale_item(id)
            .expect("read")
            .expect("item")
            .1
            .barcode
            .expect("a barcode")
    };

    // 4 to the shop floor, scanned.
    s.send(b"\x1bt"); // Alt+T
    s.wait_for("Move goods between locations", WAIT);
    s.send(b"\t\t\t");
    s.send(format!("4*{code}\r").as_bytes());
    s.wait_for("· 1 line", WAIT);
    s.send(b"\x1b[21~");
    s.wait_for("Post?", WAIT);
    s.send(b"\r");
    s.wait_for("moved 1 item", WAIT);

    // One sold at the counter by a scan.
    s.send(b"\x1bOP"); // F1
    s.wait_for("Item:", WAIT);
    s.send(format!("{code}\r").as_bytes());
    s.wait_for("1 line", WAIT);
    s.send(b"\x1b[21~");
    s.wait_for("Payment", WAIT);
    s.send(b"\r");
    s.wait_for("saved bill C1-1", WAIT);

    // The shelf counted: two left, one missing.
    s.send(b"\x1bOR");
    s.wait_for("Search:", WAIT);
    s.send(b"\x1bc"); // Alt+C
    s.wait_for("Count a shelf", WAIT);
    s.send(b"\t\t");
    s.send(format!("2*{code}\r").as_bytes());
    s.wait_for("· 1 line", WAIT);
    s.send(b"\x1b[21~");
    s.wait_for("Post?", WAIT);
    s.send(b"\r");
    s.wait_for("count posted: 1 item corrected", WAIT);

    // The history popup names every step.
    s.send(b"COTKUR-M-RED");
    s.wait_for("1 item · All locations", WAIT);
    s.send(b"\r");
    s.wait_for("History: COTKUR-M-RED", WAIT);
    for step in [
        "purchase",
        "transfer out",
        "transfer in",
        "sale",
        "adjustment",
    ] {
        s.wait_for(step, WAIT);
    }
    s.send(b"\x1b"); // Esc
    std::thread::sleep(Duration::from_millis(300));
    s.send(&[0x11]); // Ctrl+Q
    assert!(s.wait_exit(WAIT).success(), "{}", s.screen());

    let d = dir.path();
    let db = path.to_str().expect("utf-8");
    for size in SIZES {
        for colour in COLOURS {
            let sku = format!("COTKUR-{size}-{colour}");
            let want = if sku == "COTKUR-M-RED" {
                [2, 6]
            } else {
                [0, 10]
            };
            assert_eq!(
                stock_in(db, &sku, d),
                [
                    ("Shop floor".to_string(), want[0]),
                    ("Godown".to_string(), want[1])
                ],
                "{sku}"
            );
        }
    }
    assert!(ok(&["check", "--db", db], d).starts_with("ok:"));
    let settings: serde_json::Value =
        serde_json::from_str(&ok(&["settings", "--db", db, "--json"], d)).expect("settings json");
    assert!(
        settings.to_string().contains("12 MG Road") && settings.to_string().contains("Pune"),
        "the address typed at set-up is a shop setting: {settings}"
    );

    let store = Store::open(&path, Access::ReadOnly).expect("open");
    let id = store
        .exact_item("COTKUR-M-RED")
        .expect("read")
        .expect("item");
    let steps: Vec<(MoveKind, String, Qty)> = store
        .history(id, None)
        .expect("history")
        .into_iter()
        .map(|h| (h.kind, h.location, h.qty))
        .collect();
    assert_eq!(
        steps,
        [
            (MoveKind::Purchase, "Godown".into(), Qty::units(10)),
            (MoveKind::TransferOut, "Godown".into(), Qty::units(-4)),
            (MoveKind::TransferIn, "Shop floor".into(), Qty::units(4)),
            (MoveKind::Sale, "Shop floor".into(), Qty::units(-1)),
            (MoveKind::Adjustment, "Shop floor".into(), Qty::units(-1)),
        ]
    );
    let mehta = store.find_party("Mehta").expect("supplier");
    assert_eq!(
        store.party_balance(mehta.party_id).expect("balance"),
        -galla_domain::Money::from_rupees(28_350),
        "the shop owes the supplier 60 × ₹450 + 5% GST"
    );
}
