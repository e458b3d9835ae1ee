//! Billing end to end through the real event loop fed scripted keys: scans
//! at scanner speed, a `3*` quantity, "2 then a scan" never merged, a split
//! cash + UPI payment, and then the SALE event, the stock it took, the bill
//! number series and the receipt bytes in a file printer — plus bad input.

mod common;

use chrono::{TimeZone, Utc};
use common::status;
use futures::StreamExt;
use galla::app::action::Action;
use galla::app::runner::Runner;
use galla::app::{App, PaneId};
use galla::print::PrintTarget;
use galla::store::{Access, Store};
use galla::ui::{keymap::Keymap, theme::Theme};
use galla_domain::payload::PayMode;
use galla_domain::{EventPayload, Qty};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};

fn key(code: KeyCode) -> KeyEvent {
    KeyEvent::new(code, KeyModifiers::NONE)
}

fn chars(text: &str) -> Vec<KeyEvent> {
    text.chars().map(|c| key(KeyCode::Char(c))).collect()
}

struct Shop {
    _dir: tempfile::TempDir,
    runner: Runner,
    app: App,
    receipts: std::path::PathBuf,
    codes: Vec<(String, String)>,
    /// The number the first bill gets (the demo's series carries on).
    first: String,
}

fn shop() -> Shop {
    let (dir, path) = common::demo_shop(120, 5);
    let first = common::bill_no(&path, 1);
    let store = Store::open(&path, Access::ReadWrite).expect("open");
    // Items the shop floor holds plenty of, with their barcodes.
    let floor = store.locations().expect("locations")[0].location_id;
    let codes: Vec<(String, String)> = store
        .search_entries()
        .expect("entries")
        .into_iter()
        .filter(|e| {
            store.qty_at(e.variant_id, floor).expect("qty") >= Qty::units(5)
                && store
                    .sale_item(e.variant_id)
                    .expect("item")
                    .is_some_and(|(p, _)| p.unit == galla_domain::Unit::Piece)
        })
        .map(|e| (e.sku, e.barcode.expect("demo items have barcodes")))
        .take(3)
        .collect();
    assert_eq!(codes.len(), 3, "the demo shop has stocked items");
    let mut runner = Runner::new(store);
    runner.background_index = false;
    let receipts = dir.path().join("receipts.escpos");
    runner.till.printer = PrintTarget::File(receipts.clone());
    let now = Utc
        .with_ymd_and_hms(2026, 11, 20, 12, 0, 0)
        .single()
        .expect("time");
    let app = App::new(Keymap::defaults(), status(), now, (80, 24));
    Shop {
        _dir: dir,
        runner,
        app,
        receipts,
        codes,
        first,
    }
}

#[test]
fn a_whole_bill_through_the_real_loop() {
    let mut s = shop();
    let floor = s.runner.store().locations().expect("locations")[0].location_id;
    let variants: Vec<_> = s
        .codes
        .iter()
        .map(|(_, code)| {
            s.runner
                .store()
                .exact_item(code)
                .expect("lookup")
                .expect("found")
        })
        .collect();
    let before: Vec<Qty> = variants
        .iter()
        .map(|v| s.runner.store().qty_at(*v, floor).expect("qty"))
        .collect();
    let mut keys = vec![key(KeyCode::F(1))];
    // Three scans at scanner speed (each code then Enter), the first one twice.
    for (_, code) in [&s.codes[0], &s.codes[1], &s.codes[2], &s.codes[0]] {
        keys.extend(chars(code));
        keys.push(key(KeyCode::Enter));
    }
    // 3* before a SKU sets three more of the second item.
    keys.extend(chars(&format!("3*{}", s.codes[1].0)));
    keys.push(key(KeyCode::Enter));
    // Pay 100 in cash, the rest by UPI.
    keys.push(key(KeyCode::F(10)));
    keys.extend(chars("100"));
    keys.push(key(KeyCode::Enter));
    keys.push(key(KeyCode::Right));
    keys.push(key(KeyCode::Enter));
    keys.push(KeyEvent::new(KeyCode::Char('q'), KeyModifiers::CONTROL));
    let events: Vec<std::io::Result<Event>> = keys.into_iter().map(|k| Ok(Event::Key(k))).collect();
    let mut terminal = Terminal::new(TestBackend::new(80, 24)).expect("terminal");
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let input = futures::stream::iter(events).chain(futures::stream::pending());
    let now = || {
        Utc.with_ymd_and_hms(2026, 11, 20, 12, 0, 0)
            .single()
            .expect("time")
    };
    runtime
        .block_on(s.runner.run(
            &mut terminal,
            &mut s.app,
            &Theme::color(),
            Box::pin(input),
            now,
        ))
        .expect("loop");
    assert_eq!(s.app.active, PaneId::Billing);

    // The SALE event: number, lines, payments.
    let mut sales = Vec::new();
    s.runner
        .store()
        .for_each_event(|_, e| {
            if let EventPayload::Sale(sale) = e.payload {
                sales.push(sale);
            }
            Ok(())
        })
        .expect("events");
    let sale = sales
        .iter()
        .find(|sale| sale.bill_no == s.first)
        .expect("the first bill was saved");
    let qtys: Vec<Qty> = sale.lines.iter().map(|l| l.qty).collect();
    assert_eq!(qtys, vec![Qty::units(2), Qty::units(4), Qty::units(1)]);
    let modes: Vec<PayMode> = sale.payments.iter().map(|p| p.mode).collect();
    assert_eq!(modes, vec![PayMode::Cash, PayMode::Upi]);
    assert_eq!(
        sale.payments[0].amount,
        galla_domain::Money::from_rupees(100)
    );
    assert_eq!(
        sale.payments
            .iter()
            .map(|p| p.amount)
            .sum::<galla_domain::Money>(),
        sale.total
    );
    assert_eq!(
        sale.total.paise() % 100,
        0,
        "the grand total is rounded to the rupee"
    );
    let line_sum: galla_domain::Money = sale
        .lines
        .iter()
        .map(|l| l.taxable + l.cgst + l.sgst + l.igst)
        .sum();
    assert_eq!(line_sum + sale.round_off, sale.total);

    // The stock it took, at the shop floor.
    for (v, (b, sold)) in variants.iter().zip(before.iter().zip(&qtys)) {
        assert_eq!(s.runner.store().qty_at(*v, floor).expect("qty"), *b - *sold);
    }
    assert!(
        galla::store::check(s.runner.store())
            .expect("check")
            .is_clean()
    );

    // The receipt: real ESC/POS bytes in the file printer, after the save.
    let bytes = std::fs::read(&s.receipts).expect("a receipt was printed");
    assert_eq!(&bytes[..2], &[0x1B, b'@'], "starts with ESC @");
    let no = s.first.as_bytes();
    assert!(bytes.windows(no.len()).any(|w| w == no));
    assert!(
        bytes.windows(3).any(|w| w == [0x1D, b'V', 66]),
        "ends with a cut"
    );
}

fn settle_keys(s: &mut Shop, keys: &[(KeyEvent, u64)]) {
    for (k, at) in keys {
        s.runner.settle(&mut s.app, Action::KeyAt(*k, *at), false);
    }
}

fn started() -> Shop {
    let mut s = shop();
    for action in s.runner.start(false) {
        s.runner.settle(&mut s.app, action, false);
    }
    s.runner
        .settle(&mut s.app, Action::Key(key(KeyCode::F(1))), false);
    s
}

#[test]
fn two_typed_then_a_scan_is_two_of_the_scanned_item() {
    let mut s = started();
    let code = s.codes[0].1.clone();
    let mut keys = vec![(key(KeyCode::Char('2')), 1_000)];
    keys.extend(
        code.chars()
            .enumerate()
            .map(|(i, c)| (key(KeyCode::Char(c)), 3_000 + i as u64 * 4)),
    );
    keys.push((key(KeyCode::Enter), 3_060));
    settle_keys(&mut s, &keys);
    let lines = &s.app.panes.billing.draft.lines;
    assert_eq!(lines.len(), 1, "{:?}", s.app.panes.billing.message);
    assert_eq!(lines[0].qty, Qty::units(2));
}

#[test]
fn bad_input_gets_a_message_and_saves_nothing() {
    let mut s = started();
    let count = s.runner.store().event_count().expect("count");
    let enter = |s: &mut Shop, text: &str| {
        for c in text.chars() {
            s.runner
                .settle(&mut s.app, Action::Key(key(KeyCode::Char(c))), false);
        }
        s.runner
            .settle(&mut s.app, Action::Key(key(KeyCode::Enter)), false);
        s.app
            .panes
            .billing
            .message
            .clone()
            .map(|(_, m)| m)
            .unwrap_or_default()
    };
    assert!(enter(&mut s, "0000000000000").contains("no item has the barcode"));
    assert!(enter(&mut s, "x*kurta").contains("not a quantity"));
    let code = s.codes[0].1.clone();
    assert!(enter(&mut s, &code).contains("added"));
    let alt = |c: char| Action::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::ALT));
    let prompt = |s: &mut Shop, open: char, text: &str| -> Option<String> {
        s.runner.settle(&mut s.app, alt(open), false);
        for c in text.chars() {
            s.runner
                .settle(&mut s.app, Action::Key(key(KeyCode::Char(c))), false);
        }
        s.runner
            .settle(&mut s.app, Action::Key(key(KeyCode::Enter)), false);
        let error = match s.app.popups.last() {
            Some(galla::ui::popup::Popup::Prompt(p)) => p.error.clone(),
            _ => None,
        };
        s.runner
            .settle(&mut s.app, Action::Key(key(KeyCode::Esc)), false);
        error
    };
    assert!(prompt(&mut s, 'q', "abc").is_some_and(|e| e.contains("not a quantity")));
    assert!(
        prompt(&mut s, 'r', "-5").is_some(),
        "a negative rate is refused"
    );
    assert!(prompt(&mut s, 'r', "99999999").is_some_and(|e| e.contains("MRP")));
    assert!(
        prompt(&mut s, 'd', "1000000").is_some(),
        "a discount above the line is refused"
    );
    assert_eq!(s.app.panes.billing.draft.lines[0].qty, Qty::units(1));
    assert_eq!(
        s.runner.store().event_count().expect("count"),
        count,
        "nothing was saved"
    );
}

fn screen(app: &App, w: u16, h: u16) -> String {
    let mut terminal = Terminal::new(TestBackend::new(w, h)).expect("terminal");
    terminal
        .draw(|f| galla::ui::draw(f, app, &Theme::mono()))
        .expect("draw");
    terminal.backend().to_string()
}

/// A bill with two lines, one of them discounted, at a fixed size.
fn bill_on_screen(w: u16, h: u16) -> Shop {
    let mut s = started();
    s.runner.settle(
        &mut s.app,
        Action::Resized {
            width: w,
            height: h,
        },
        false,
    );
    s.app.shop.name = "Sharma Garments".into();
    s.app.shop.upi_vpa = Some("sharma@okaxis".into());
    for code in [
        s.codes[0].1.clone(),
        s.codes[1].1.clone(),
        s.codes[1].1.clone(),
    ] {
        for c in code.chars() {
            s.runner
                .settle(&mut s.app, Action::Key(key(KeyCode::Char(c))), false);
        }
        s.runner
            .settle(&mut s.app, Action::Key(key(KeyCode::Enter)), false);
    }
    s.runner.settle(
        &mut s.app,
        Action::Key(KeyEvent::new(KeyCode::Char('d'), KeyModifiers::ALT)),
        false,
    );
    for c in "10%".chars() {
        s.runner
            .settle(&mut s.app, Action::Key(key(KeyCode::Char(c))), false);
    }
    s.runner
        .settle(&mut s.app, Action::Key(key(KeyCode::Enter)), false);
    s
}

#[test]
fn billing_pane_snapshots() {
    let s = bill_on_screen(80, 24);
    insta::assert_snapshot!("billing_80x24", screen(&s.app, 80, 24));
    let s = bill_on_screen(120, 40);
    insta::assert_snapshot!("billing_120x40", screen(&s.app, 120, 40));
}

#[test]
fn payment_popup_snapshots() {
    let mut s = bill_on_screen(80, 24);
    s.runner
        .settle(&mut s.app, Action::Key(key(KeyCode::F(10))), false);
    insta::assert_snapshot!("payment_cash_80x24", screen(&s.app, 80, 24));
    s.runner
        .settle(&mut s.app, Action::Key(key(KeyCode::Right)), false);
    let text = screen(&s.app, 80, 24);
    assert!(text.contains('█'), "the UPI QR is drawn:\n{text}");
    insta::assert_snapshot!("payment_upi_80x24", text);
    let mut s = bill_on_screen(120, 40);
    s.runner
        .settle(&mut s.app, Action::Key(key(KeyCode::F(10))), false);
    s.runner
        .settle(&mut s.app, Action::Key(key(KeyCode::Right)), false);
    insta::assert_snapshot!("payment_upi_120x40", screen(&s.app, 120, 40));
}

#[test]
fn the_drawn_upi_qr_decodes_to_the_exact_uri() {
    let mut s = bill_on_screen(80, 24);
    s.runner
        .settle(&mut s.app, Action::Key(key(KeyCode::F(10))), false);
    s.runner
        .settle(&mut s.app, Action::Key(key(KeyCode::Right)), false);
    let uri = s.app.upi_link().expect("a UPI link for the open payment");
    assert!(
        uri.starts_with("upi://pay?pa=sharma@okaxis&pn=Sharma%20Garments&am="),
        "{uri}"
    );
    assert!(uri.contains(&format!("&cu=INR&tn={}", s.first)), "{uri}");
    // Read the QR back off the drawn screen: two modules per character cell.
    let mut terminal = Terminal::new(TestBackend::new(80, 24)).expect("terminal");
    terminal
        .draw(|f| galla::ui::draw(f, &s.app, &Theme::mono()))
        .expect("draw");
    let buf = terminal.backend().buffer().clone();
    let (w, h) = (buf.area.width as usize, buf.area.height as usize);
    let dark = |x: usize, y: usize| -> bool {
        let sym = buf[(x as u16, (y / 2) as u16)].symbol();
        matches!((sym, y % 2), ("█", _) | ("▀", 0) | ("▄", 1))
    };
    let img = rqrr::PreparedImage::prepare_from_greyscale(w * 4, h * 2 * 2, |x, y| {
        if dark(x / 4, y / 2) { 0 } else { 255 }
    });
    let mut img = img;
    let grids = img.detect_grids();
    assert_eq!(grids.len(), 1, "one QR code on screen");
    let (_, content) = grids[0].decode().expect("decodes");
    assert_eq!(content, uri);
}
