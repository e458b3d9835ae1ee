//! Receipts end to end, without a terminal: a fixed bill built with the
//! domain's `Draft`, laid out at 32 and 48 columns (insta snapshots), encoded
//! as ESC/POS (compared byte for byte with tests/golden/, and walked by a
//! small parser that checks every command), and sent to file, TCP and
//! missing-device targets.

use std::collections::BTreeMap;
use std::io::Read;
use std::net::TcpListener;

use chrono::{TimeZone, Utc};
use galla::print::{self, EscPos, ItemInfo, Paper, PrintTarget, Receipt, ReceiptShop};
use galla::upi::upi_uri;
use galla_domain::bill::{BillDiscount, Draft, DraftLine, LineDiscount, PaymentPlan, bill_number};
use galla_domain::payload::PayMode;
use galla_domain::{
    BillId, GstRate, LocationId, Money, PriceMode, Qty, Regime, Supply, Unit, VariantId,
};

const GOLDEN: &str = "tests/golden/receipt_80mm.escpos";

fn line(name: &str, hsn: &str, rate: i64, gst: u16, unit: Unit) -> DraftLine {
    DraftLine {
        variant_id: VariantId::new(),
        sku: name.to_string(),
        name: name.to_string(),
        hsn: hsn.to_string(),
        qty: Qty::units(1),
        rate: Money(rate),
        mrp: Money(rate),
        cost: Money(rate / 2),
        discount: LineDiscount::None,
        gst_rate: GstRate::from_percent(gst),
        price_mode: PriceMode::Inclusive,
        unit,
    }
}

/// Two shirts at 10% off, three bars of soap named in Devanagari, 1.25 kg
/// of rice, ₹20 off the bill; paid ₹500 by UPI and the rest from ₹1,000 cash.
fn receipt(regime: Regime, supply: Supply) -> Receipt {
    let mut draft = Draft::new(supply, regime);
    let mut shirt = line("Cotton Shirt M Blue", "6105", 49_900, 5, Unit::Piece);
    shirt.qty = Qty::units(2);
    shirt.discount = LineDiscount::Percent(1000);
    let mut soap = line("साबुन नीम", "3401", 3_800, 18, Unit::Piece);
    soap.qty = Qty::units(3);
    let mut rice = line("Basmati Rice", "1006", 12_000, 5, Unit::Kg);
    rice.qty = Qty::from_milli(1_250);
    let mut names = BTreeMap::new();
    for l in [shirt, soap, rice] {
        let info = ItemInfo {
            name: l.name.clone(),
            hsn: l.hsn.clone(),
            unit: l.unit,
        };
        names.insert(l.variant_id, info);
        draft.add(l).expect("line");
    }
    draft
        .set_bill_discount(BillDiscount::Amount(Money(2_000)))
        .expect("discount");
    let total = draft.totals().grand_total();
    let mut plan = PaymentPlan::new(total);
    plan.add(
        PayMode::Upi,
        Some(Money(50_000)),
        Some("412345678901".into()),
        None,
        false,
    )
    .expect("upi");
    plan.add(PayMode::Cash, Some(Money(100_000)), None, None, false)
        .expect("cash");
    let bill_no = bill_number("GS/", "C1", 42).expect("number");
    let sale = draft
        .to_sale(
            BillId::new(),
            bill_no.clone(),
            LocationId::new(),
            None,
            plan.payments().expect("paid"),
        )
        .expect("sale");
    let shop = ReceiptShop {
        name: "Sharma General Stores".into(),
        address: "12, MG Road\nPune 411001".into(),
        gstin: Some("27AAPFU0939F1ZV".into()),
        phone: Some("9822012345".into()),
        regime,
        show_hsn: true,
        header: Vec::new(),
        footer: Vec::new(),
    };
    let upi = upi_uri("sharmastores@okaxis", &shop.name, total, &bill_no).expect("uri");
    let issued = Utc
        .with_ymd_and_hms(2026, 1, 5, 8, 35, 0)
        .single()
        .expect("time");
    Receipt::from_sale(
        shop,
        &sale,
        issued,
        chrono_tz::Asia::Kolkata,
        Some("Ramesh Patil (9876543210)".into()),
        |id| names.get(&id).cloned(),
        plan.change(),
        Some(upi),
    )
}

fn bytes(r: &Receipt, paper: Paper) -> Vec<u8> {
    let opts = EscPos {
        drawer_kick: true,
        ..EscPos::default()
    };
    print::encode(&print::layout(r, paper), &opts)
}

/// Walks ESC/POS bytes, one readable line per command; errors name the
/// offset of anything that is not a complete, known command.
fn disassemble(b: &[u8]) -> Result<Vec<String>, String> {
    let mut out = Vec::new();
    let mut i = 0;
    let need = |i: usize, n: usize| {
        if i + n <= b.len() {
            Ok(())
        } else {
            Err(format!("command at {i} is cut short"))
        }
    };
    while i < b.len() {
        match b[i] {
            0x0A => {
                out.push("LF".to_string());
                i += 1;
            }
            0x20..=0x7E => {
                let start = i;
                while i < b.len() && (0x20..=0x7E).contains(&b[i]) {
                    i += 1;
                }
                out.push(format!("TEXT {:?}", String::from_utf8_lossy(&b[start..i])));
            }
            0x1B => {
                need(i, 2)?;
                let (cmd, n) = match b[i + 1] {
                    b'@' => ("ESC @".to_string(), 2),
                    b'E' | b'a' | b'd' => {
                        need(i, 3)?;
                        let arg = b[i + 2];
                        let ok = match b[i + 1] {
                            b'E' => arg <= 1,
                            b'a' => arg <= 2,
                            _ => true,
                        };
                        if !ok {
                            return Err(format!("bad argument {arg} at {i}"));
                        }
                        (format!("ESC {} {arg}", char::from(b[i + 1])), 3)
                    }
                    b'p' => {
                        need(i, 5)?;
                        if b[i + 2] > 1 {
                            return Err(format!("bad drawer pin at {i}"));
                        }
                        (format!("ESC p {} {} {}", b[i + 2], b[i + 3], b[i + 4]), 5)
                    }
                    other => return Err(format!("unknown ESC {other:#04x} at {i}")),
                };
                out.push(cmd);
                i += n;
            }
            0x1D => {
                need(i, 2)?;
                match b[i + 1] {
                    b'V' => {
                        need(i, 4)?;
                        if !matches!(b[i + 2], 65 | 66) {
                            return Err(format!("unexpected cut mode at {i}"));
                        }
                        out.push(format!("GS V {} {}", b[i + 2], b[i + 3]));
                        i += 4;
                    }
                    b'(' => {
                        need(i, 5)?;
                        if b[i + 2] != b'k' {
                            return Err(format!("unknown GS ( {:#04x} at {i}", b[i + 2]));
                        }
                        let len = usize::from(b[i + 3]) + 256 * usize::from(b[i + 4]);
                        need(i + 5, len)?;
                        let p = &b[i + 5..i + 5 + len];
                        let cmd = match p {
                            [49, 65, 50, 0] => "QR model 2".to_string(),
                            [49, 67, n] if (1..=16).contains(n) => format!("QR size {n}"),
                            [49, 69, e] if (48..=51).contains(e) => {
                                format!("QR ecc {}", ["L", "M", "Q", "H"][usize::from(e - 48)])
                            }
                            [49, 80, 48, data @ ..] => {
                                format!("QR store {:?}", String::from_utf8_lossy(data))
                            }
                            [49, 81, 48] => "QR print".to_string(),
                            _ => return Err(format!("malformed GS ( k at {i}: {p:?}")),
                        };
                        out.push(format!("GS ( k {cmd}"));
                        i += 5 + len;
                    }
                    other => return Err(format!("unknown GS {other:#04x} at {i}")),
                }
            }
            other => return Err(format!("stray byte {other:#04x} at {i}")),
        }
    }
    Ok(out)
}

fn check_well_formed(b: &[u8], width: usize, uri: &str) {
    let cmds = disassemble(b).expect("well-formed ESC/POS");
    assert_eq!(cmds.first().map(String::as_str), Some("ESC @"));
    let tail: Vec<&str> = cmds.iter().rev().take(3).map(String::as_str).collect();
    assert_eq!(tail, ["ESC p 0 25 250", "GS V 66 3", "ESC d 3"]);
    for c in &cmds {
        if let Some(text) = c.strip_prefix("TEXT ") {
            // The quotes and escapes of {:?} aside, no line is wider than the paper.
            let text: String = serde_json::from_str(text).expect("debug string");
            assert!(
                text.chars().count() <= width,
                "{text:?} is wider than {width}"
            );
        }
    }
    let qr: Vec<&String> = cmds.iter().filter(|c| c.starts_with("GS ( k")).collect();
    assert_eq!(qr.len(), 5, "model, size, ecc, store, print");
    assert_eq!(qr[3], &format!("GS ( k QR store {uri:?}"));
    assert_eq!(qr[4], "GS ( k QR print");
}

#[test]
fn escpos_matches_the_golden_file() {
    let got = bytes(&receipt(Regime::Regular, Supply::IntraState), Paper::Mm80);
    if std::env::var_os("GALLA_UPDATE_GOLDEN").is_some() {
        std::fs::write(GOLDEN, &got).expect("write golden");
    }
    let want = std::fs::read(GOLDEN)
        .expect("golden file (GALLA_UPDATE_GOLDEN=1 cargo test --test receipt writes it)");
    if got != want {
        let (g, w) = (
            disassemble(&got).unwrap_or_else(|e| vec![e]),
            disassemble(&want).unwrap_or_else(|e| vec![e]),
        );
        let mut diff = String::new();
        for i in 0..g.len().max(w.len()) {
            let (a, b) = (w.get(i), g.get(i));
            if a != b {
                diff.push_str(&format!("{i:4} - {a:?}\n     + {b:?}\n"));
            }
        }
        panic!("ESC/POS differs from {GOLDEN} (- golden, + now):\n{diff}");
    }
}

#[test]
fn escpos_commands_are_well_formed_on_both_papers() {
    for (regime, supply) in [
        (Regime::Regular, Supply::IntraState),
        (Regime::Regular, Supply::InterState),
        (Regime::Composition, Supply::IntraState),
    ] {
        let r = receipt(regime, supply);
        let uri = r.upi_uri.clone().expect("uri");
        for paper in [Paper::Mm58, Paper::Mm80] {
            check_well_formed(&bytes(&r, paper), paper.columns(), &uri);
        }
    }
    assert!(disassemble(&[0x1B, b'E', 7]).is_err());
    assert!(disassemble(&[0x1D, b'(', b'k', 3, 0, 49]).is_err());
    assert!(disassemble(&[0x07]).is_err());
}

#[test]
fn the_receipt_adds_up() {
    let r = receipt(Regime::Regular, Supply::IntraState);
    let lines: Money = r.lines.iter().map(|l| l.taxable + l.cgst + l.sgst).sum();
    assert_eq!(lines + r.round_off, r.total);
    assert_eq!(
        r.subtotal - r.discount,
        r.lines.iter().map(|l| l.amount).sum::<Money>() - Money(2_000)
    );
    let paid: Money = r.payments.iter().map(|p| p.amount).sum();
    assert_eq!(paid, r.total);
    assert_eq!(r.change, Money(150_000) - r.total);
    assert_eq!(r.date_time(), "05-01-2026 14:05");
}

#[test]
fn text_layouts_58mm() {
    let r = receipt(Regime::Regular, Supply::IntraState);
    insta::assert_snapshot!("tax_invoice_32", print::layout(&r, Paper::Mm58).to_text());
    let r = receipt(Regime::Composition, Supply::IntraState);
    insta::assert_snapshot!(
        "bill_of_supply_32",
        print::layout(&r, Paper::Mm58).to_text()
    );
}

#[test]
fn text_layouts_80mm() {
    let r = receipt(Regime::Regular, Supply::IntraState);
    insta::assert_snapshot!("tax_invoice_48", print::layout(&r, Paper::Mm80).to_text());
    let r = receipt(Regime::Regular, Supply::InterState);
    insta::assert_snapshot!("igst_invoice_48", print::layout(&r, Paper::Mm80).to_text());
}

#[test]
fn prints_to_a_file_target_appending() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("receipts.bin");
    let target: PrintTarget = format!("file:{}", path.display()).parse().expect("target");
    print::print(b"one", &target).expect("first");
    print::print(b"two", &target).expect("second");
    assert_eq!(std::fs::read(&path).expect("read"), b"onetwo");
}

#[test]
fn prints_to_a_network_printer() {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = listener.local_addr().expect("addr").port();
    let reader = std::thread::spawn(move || {
        let (mut conn, _) = listener.accept().expect("accept");
        let mut got = Vec::new();
        conn.read_to_end(&mut got).expect("read");
        got
    });
    let r = receipt(Regime::Regular, Supply::IntraState);
    let sent = bytes(&r, Paper::Mm58);
    let target: PrintTarget = format!("tcp:127.0.0.1:{port}").parse().expect("target");
    print::print(&sent, &target).expect("printed");
    assert_eq!(reader.join().expect("reader"), sent);
}

#[test]
fn a_missing_printer_says_what_to_do() {
    let target: PrintTarget = "/nonexistent/usb/lp0".parse().expect("device");
    let err = print::print(b"x", &target).expect_err("no such device");
    assert_eq!(
        err.to_string(),
        "Printer not found at /nonexistent/usb/lp0 — bill saved"
    );
    // A port nothing listens on: refused at once.
    let port = TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("free port")
        .port();
    let target: PrintTarget = format!("tcp:127.0.0.1:{port}").parse().expect("target");
    let msg = print::print(b"x", &target)
        .expect_err("refused")
        .to_string();
    assert!(
        msg.starts_with(&format!("Printer at 127.0.0.1:{port} did not answer")),
        "{msg}"
    );
    assert!(msg.ends_with("bill saved"), "{msg}");
}

#[test]
fn printer_targets_parse() {
    let parse = |s: &str| s.parse::<PrintTarget>();
    assert_eq!(
        parse("tcp:printer.local"),
        Ok(PrintTarget::Tcp("printer.local:9100".into()))
    );
    assert_eq!(
        parse("tcp:10.0.0.5:9101"),
        Ok(PrintTarget::Tcp("10.0.0.5:9101".into()))
    );
    assert_eq!(
        parse("/dev/usb/lp0"),
        Ok(PrintTarget::Device("/dev/usb/lp0".into()))
    );
    assert_eq!(
        parse("file:out.bin"),
        Ok(PrintTarget::File("out.bin".into()))
    );
    for bad in ["lp0", "file:", "tcp:", "tcp:host:x", "tcp:host:0"] {
        let err = parse(bad).expect_err(bad).to_string();
        assert!(
            err.starts_with(&format!("printer \"{bad}\" is not a target")),
            "{err}"
        );
    }
}
