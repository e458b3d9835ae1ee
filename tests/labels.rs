//! Barcode labels from the real binary: an A4 PDF sheet read back with
//! lopdf (pages, and every EAN-13's digits in its text), the thermal
//! printer's ESC/POS bytes compared with a golden file (GS k with the 13
//! digits for each label), the labels of a purchase, and every bad request
//! refused with a message and no file.

mod common;

use common::cli::{add_kurta, galla, ok, refused};
use std::path::Path;

const GOLDEN: &str = "tests/golden/labels_80mm.escpos";

/// A shop with a kurta in two sizes with fixed barcodes, a soap with a
/// barcode that is not an EAN-13, and a config printing to a file.
fn shop(d: &Path) {
    common::cli::new_shop(d);
    add_kurta(
        d,
        "M,L",
        "Red",
        &[
            "--price",
            "749",
            "--barcodes",
            "2001234567893,2000000000015",
        ],
    );
    std::fs::write(
        d.join("soap.csv"),
        "product,sku,barcode,hsn,gst_rate,mrp,price\nNeem Soap,SOAP-1,ABC123,3401,18,40,40\n",
    )
    .expect("csv");
    ok(&["import", "catalogue", "--db", "shop.db", "soap.csv"], d);
    std::fs::write(
        d.join("config.toml"),
        "[printer]\ntarget = \"file:labels.escpos\"\n",
    )
    .expect("config");
}

fn pdf_text(path: &Path) -> (usize, String) {
    let pdf = lopdf::Document::load(path).expect("a PDF lopdf opens");
    let pages: Vec<u32> = pdf.get_pages().keys().copied().collect();
    let text = pdf.extract_text(&pages).expect("text");
    (pages.len(), text)
}

#[test]
fn a_pdf_sheet_of_labels_reads_back() {
    let dir = tempfile::tempdir().expect("tmp");
    let d = dir.path();
    shop(d);
    let said = ok(
        &[
            "labels",
            "--db",
            "shop.db",
            "COTKUR-M-RED:20",
            "2000000000015",
            "--copies",
            "5",
            "--pdf",
            "l.pdf",
        ],
        d,
    );
    assert!(said.contains("25 labels to l.pdf"), "{said}");
    let (pages, text) = pdf_text(&d.join("l.pdf"));
    assert_eq!(pages, 2, "24 labels a sheet");
    assert_eq!(text.matches("2001234567893").count(), 20, "{text}");
    assert_eq!(text.matches("2000000000015").count(), 5);
    assert!(
        text.contains("Cotton Kurta") && text.contains("M / Red"),
        "{text}"
    );
    assert!(text.contains("MRP Rs. 799.00  Price Rs. 749.00"), "{text}");
}

#[test]
fn thermal_labels_match_the_golden_file() {
    let dir = tempfile::tempdir().expect("tmp");
    let d = dir.path();
    shop(d);
    ok(
        &[
            "labels",
            "--db",
            "shop.db",
            "--config",
            "config.toml",
            "COTKUR-M-RED:2",
            "COTKUR-L-RED",
            "--print",
        ],
        d,
    );
    let got = std::fs::read(d.join("labels.escpos")).expect("printed to the file");
    // Every label is an EAN-13 by GS k, function B, with its 13 digits.
    let gs_k = |code: &str| {
        let mut cmd = vec![0x1D, b'k', 67, 13];
        cmd.extend(code.as_bytes());
        cmd
    };
    let count = |needle: &[u8]| got.windows(needle.len()).filter(|w| *w == needle).count();
    assert_eq!(count(&gs_k("2001234567893")), 2);
    assert_eq!(count(&gs_k("2000000000015")), 1);
    assert!(
        got.ends_with(&[0x1B, b'd', 3, 0x1D, b'V', 66, 3]),
        "one cut, at the end"
    );
    if std::env::var_os("GALLA_UPDATE_GOLDEN").is_some() {
        std::fs::write(GOLDEN, &got).expect("write golden");
    }
    let want = std::fs::read(GOLDEN)
        .expect("golden file (GALLA_UPDATE_GOLDEN=1 cargo test --test labels writes it)");
    assert!(got == want, "the label bytes differ from {GOLDEN}");
}

#[test]
fn a_purchase_gives_one_label_a_unit_and_bad_requests_write_nothing() {
    let dir = tempfile::tempdir().expect("tmp");
    let d = dir.path();
    shop(d);
    ok(
        &[
            "party", "add", "--db", "shop.db", "--kind", "supplier", "--name", "Mehta",
        ],
        d,
    );
    std::fs::write(
        d.join("in.csv"),
        "sku,qty,cost\nCOTKUR-M-RED,3,450\nCOTKUR-L-RED,2,450\n",
    )
    .expect("csv");
    ok(
        &[
            "purchase",
            "--db",
            "shop.db",
            "--supplier",
            "Mehta",
            "--invoice",
            "MT-9",
            "--file",
            "in.csv",
            "--credit",
        ],
        d,
    );
    ok(
        &[
            "labels",
            "--db",
            "shop.db",
            "--purchase",
            "MT-9",
            "--pdf",
            "p.pdf",
        ],
        d,
    );
    let (_, text) = pdf_text(&d.join("p.pdf"));
    assert_eq!(text.matches("2001234567893").count(), 3);
    assert_eq!(text.matches("2000000000015").count(), 2);

    for (args, says) in [
        (
            &["labels", "--db", "shop.db", "NOPE", "--pdf", "x.pdf"][..],
            "no item has the SKU or barcode",
        ),
        (
            &["labels", "--db", "shop.db", "SOAP-1", "--pdf", "x.pdf"],
            "SOAP-1 has no EAN-13 barcode",
        ),
        (
            &[
                "labels",
                "--db",
                "shop.db",
                "--purchase",
                "MT-0",
                "--pdf",
                "x.pdf",
            ],
            "no purchase has the invoice number",
        ),
        (
            &[
                "labels",
                "--db",
                "shop.db",
                "COTKUR-M-RED:0",
                "--pdf",
                "x.pdf",
            ],
            "no labels asked for",
        ),
        (
            &[
                "labels",
                "--db",
                "shop.db",
                "COTKUR-M-RED:9999",
                "--pdf",
                "x.pdf",
            ],
            "more than one go prints",
        ),
        (
            &["labels", "--db", "shop.db", "--pdf", "x.pdf"],
            "name the items",
        ),
        (&["labels", "--db", "shop.db", "COTKUR-M-RED"], "--pdf"),
    ] {
        let err = refused(args, d);
        assert!(err.contains(says), "{args:?}: {err}");
        assert!(!d.join("x.pdf").exists());
    }
    // A PDF that cannot be written says so.
    let out = galla(
        &[
            "labels",
            "--db",
            "shop.db",
            "COTKUR-M-RED",
            "--pdf",
            "no/such/dir/x.pdf",
        ],
        d,
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains("cannot write no/such/dir/x.pdf"));
}
