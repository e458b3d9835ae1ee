//! Receipts end to end, without a terminal: a fixed bill built with the
//! domain's `Draft`, laid out at 32 and 48 columns (insta snapshots), encoded
//! as ESC/POS (compared byte for byte with tests/golden/, and walked by a
//! small parser that checks every command), and sent to file, TCP and
//! missing-device targets.

use std::collections::BTreeMap;
use std::io::Read;
use std::net::TcpListener;

use chrono::{TimeZone, Utc};
use galla::print::{self, CreditNote, EscPos, ItemInfo, Paper, PrintTarget, Receipt, ReceiptShop};
use galla::upi::upi_uri;
use galla_domain::bill::changes::{credited, refund};
use galla_domain::bill::{
    BillDiscount, Draft, DraftLine, LineDiscount, PaymentPlan, bill_number, credit_note_number,
};
use galla_domain::payload::{PayMode, QtyLine, Recipient, SaleReturn};
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

/// A bill made by the domain's `Draft`, with what its receipt needs.
struct Made {
    sale: galla_domain::payload::Sale,
    shop: ReceiptShop,
    names: BTreeMap<VariantId, ItemInfo>,
    change: Money,
    upi: String,
    issued: chrono::DateTime<Utc>,
}

/// Two shirts at 10% off, three bars of soap named in Devanagari, 1.25 kg
/// of rice, ₹20 off the bill; paid ₹500 by UPI and the rest from ₹1,000 cash.
fn made(regime: Regime, supply: Supply) -> Made {
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
    let mut sale = draft
        .to_sale(
            BillId::new(),
            bill_no.clone(),
            LocationId::new(),
            None,
            plan.payments().expect("paid"),
        )
        .expect("sale");
    // Delivered to Rajasthan when inter-state; else sold at the counter.
    sale.place_of_supply = Some(
        if supply == Supply::InterState {
            "08"
        } else {
            "27"
        }
        .into(),
    );
    sale.recipient = Some(Recipient {
        name: "Ramesh Patil".into(),
        ..Recipient::default()
    });
    let shop = ReceiptShop {
        name: "Sharma General Stores".into(),
        address: "12, MG Road\nPune 411001".into(),
        gstin: (regime != Regime::Unregistered).then(|| "27AAPFU0939F1ZV".into()),
        phone: Some("9822012345".into()),
        state_code: Some("27".into()),
        regime,
        show_hsn: true,
    };
    let upi = upi_uri("sharmastores@okaxis", &shop.name, total, &bill_no).expect("uri");
    let issued = Utc
        .with_ymd_and_hms(2026, 1, 5, 8, 35, 0)
        .single()
        .expect("time");
    Made {
        sale,
        shop,
        names,
        change: plan.change(),
        upi,
        issued,
    }
}

impl Made {
    fn receipt(&self) -> Receipt {
        Receipt::from_sale(
            self.shop.clone(),
            &self.sale,
            self.issued,
            chrono_tz::Asia::Kolkata,
            |id| self.names.get(&id).cloned(),
            self.change,
            Some(self.upi.clone()),
        )
    }
}

fn receipt(regime: Regime, supply: Supply) -> Receipt {
    made(regime, supply).receipt()
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
                    b'v' => {
                        let (image, used) = galla::print::raster::read_gs_v_0(&b[i..])
                            .ok_or_else(|| format!("malformed GS v 0 at {i}"))?;
                        out.push(format!(
                            "GS v 0 {}x{} ink {}",
                            image.width,
                            image.height,
                            image.ink()
                        ));
                        i += used;
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
    // The Devanagari soap is an image as wide as the paper, with ink.
    let images: Vec<&String> = cmds.iter().filter(|c| c.starts_with("GS v 0")).collect();
    assert_eq!(images.len(), 1, "{cmds:?}");
    assert!(
        images[0].starts_with(&format!("GS v 0 {}x24 ink ", width * 12)),
        "{}",
        images[0]
    );
    assert!(!images[0].ends_with(" ink 0"));
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

/// Compares `text` with the golden file `tests/golden/NAME` (GALLA_UPDATE_GOLDEN=1 writes it).
fn golden_text(name: &str, text: &str) {
    let path = format!("tests/golden/{name}");
    if std::env::var_os("GALLA_UPDATE_GOLDEN").is_some() {
        std::fs::write(&path, text).expect("write golden");
    }
    let want = std::fs::read_to_string(&path)
        .unwrap_or_else(|_| panic!("{path} (GALLA_UPDATE_GOLDEN=1 cargo test --test receipt)"));
    assert_eq!(text, want, "{path} differs");
}

#[test]
fn golden_documents() {
    let recipient = |gstin: Option<&str>| Recipient {
        name: "Patil Traders".into(),
        address: Some("4 Station Road, Jaipur 302006".into()),
        state_code: Some("08".into()),
        gstin: gstin.map(str::to_string),
    };
    // A B2B tax invoice: the recipient's GSTIN, each line's taxable value and tax.
    let mut b2b = made(Regime::Regular, Supply::IntraState);
    b2b.sale.recipient = Some(recipient(Some("08ABCFS1234K1Z7")));
    let text = print::layout(&b2b.receipt(), Paper::Mm80).to_text();
    assert!(text.contains("GSTIN: 08ABCFS1234K1Z7") && text.contains("Taxable value"));
    golden_text("b2b_tax_invoice_48.txt", &text);
    // Delivered to Rajasthan: IGST, the place of supply by name and code.
    let mut igst = made(Regime::Regular, Supply::InterState);
    igst.sale.recipient = Some(recipient(None));
    let text = print::layout(&igst.receipt(), Paper::Mm80).to_text();
    assert!(text.contains("Place of supply: Rajasthan (08)"), "{text}");
    assert!(!text.contains("CGST"), "{text}");
    golden_text("igst_invoice_48.txt", &text);
    let text = print::layout(
        &receipt(Regime::Composition, Supply::IntraState),
        Paper::Mm58,
    )
    .to_text();
    assert!(text.contains("BILL OF SUPPLY") && !text.contains("CGST"));
    golden_text("bill_of_supply_32.txt", &text);
    // An unregistered shop: a cash memo, no GSTIN, no tax anywhere.
    let memo = made(Regime::Unregistered, Supply::IntraState);
    assert!(
        memo.sale
            .lines
            .iter()
            .all(|l| (l.cgst + l.sgst + l.igst).is_zero())
    );
    let text = print::layout(&memo.receipt(), Paper::Mm80).to_text();
    assert!(text.contains("CASH MEMO") && !text.contains("GST") && !text.contains("Taxable"));
    golden_text("unregistered_bill_48.txt", &text);
    // A credit note for one shirt back from the B2B bill.
    let shirt = &b2b.sale.lines[0];
    let now = [QtyLine {
        variant_id: shirt.variant_id,
        qty: Qty::units(1),
    }];
    let back = SaleReturn {
        bill_id: b2b.sale.bill_id,
        location_id: b2b.sale.location_id,
        customer_id: None,
        lines: now.to_vec(),
        refund: refund(&b2b.sale, &[], &now),
        refund_mode: PayMode::Cash,
        note_no: credit_note_number("GS/", "C1", 7).expect("number"),
        bill_no: b2b.sale.bill_no.clone(),
        bill_at: Some(b2b.issued),
        taxes: credited(&b2b.sale, &[], &now),
        header: None,
    };
    let note = CreditNote::new(
        b2b.shop.clone(),
        &b2b.sale,
        b2b.issued,
        &back,
        b2b.issued + chrono::Duration::days(2),
        chrono_tz::Asia::Kolkata,
        |id| b2b.names.get(&id).cloned(),
    );
    let text = print::layout_note(&note, Paper::Mm80).to_text();
    assert!(text.contains("CREDIT NOTE") && text.contains("Against bill GS/C1-42"));
    golden_text("credit_note_48.txt", &text);
    // A reprint of a cancelled bill: DUPLICATE and CANCELLED.
    let mut again = made(Regime::Regular, Supply::IntraState).receipt();
    again.marks = print::Marks {
        duplicate: true,
        cancelled: true,
    };
    let text = print::layout(&again, Paper::Mm80).to_text();
    assert!(text.contains("DUPLICATE") && text.contains("CANCELLED"));
    golden_text("duplicate_reprint_48.txt", &text);
}

#[test]
fn a_devanagari_name_prints_as_a_raster_image_of_the_right_size() {
    use galla::print::raster::{LINE_DOTS, read_gs_v_0};
    let mut doc = print::Doc::new(32);
    doc.push("साबुन नीम", print::Align::Left, false);
    let raster = print::encode(&doc, &EscPos::default());
    let at = raster
        .windows(3)
        .position(|w| w == [0x1D, b'v', b'0'])
        .expect("a GS v 0 image");
    let (image, _) = read_gs_v_0(&raster[at..]).expect("decodes");
    assert_eq!((image.width, image.height), (32 * 12, LINE_DOTS));
    assert!(image.ink() > 100, "ink {}", image.ink());
    assert!(
        !raster[..at].contains(&b'?'),
        "no question marks before the image"
    );
    // Without raster or UTF-8 the name is question marks, and says so.
    let plain = EscPos {
        raster: false,
        ..EscPos::default()
    };
    assert!(print::encode(&doc, &plain).contains(&b'?'));
    assert!(plain.garbles("साबुन नीम") && !EscPos::default().garbles("साबुन नीम"));
    assert!(!plain.garbles("Soap ₹10"));
}
