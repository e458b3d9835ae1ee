//! The Khata and Cashbook panes driven by keys as a shopkeeper would, on a
//! demo shop's real file: find a customer as you type, open her ledger,
//! record a UPI payment with a reference, refuse a scanned amount, add a
//! supplier, make a reminder whose WhatsApp link is copied; then put cash
//! in, take some out and close the day, a difference needing a note.
//! Screens at 80x24 and 120x40 are kept as snapshots.

mod common;

use common::till::{Till, alt, key, till};
use galla::app::action::Action;
use galla::ui::popup::Popup;
use galla::ui::theme::Theme;
use galla_domain::{Money, PartyKind};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::KeyCode;

fn screen(t: &Till, w: u16, h: u16) -> String {
    t.screen(w, h)
}

/// The QR code drawn on the screen, decoded (two modules per cell).
fn qr_on_screen(t: &Till, w: u16, h: u16) -> Option<String> {
    let mut terminal = Terminal::new(TestBackend::new(w, h)).expect("terminal");
    terminal
        .draw(|f| galla::ui::draw(f, &t.app, &Theme::mono()))
        .expect("draw");
    let buf = terminal.backend().buffer().clone();
    let (w, h) = (buf.area.width as usize, buf.area.height as usize);
    let dark = |x: usize, y: usize| -> bool {
        let sym = buf[(x as u16, (y / 2) as u16)].symbol();
        matches!((sym, y % 2), ("█", _) | ("▀", 0) | ("▄", 1))
    };
    let mut img = rqrr::PreparedImage::prepare_from_greyscale(w * 4, h * 2 * 2, |x, y| {
        if dark(x / 4, y / 2) { 0 } else { 255 }
    });
    let grids = img.detect_grids();
    grids.first().and_then(|g| g.decode().ok()).map(|(_, c)| c)
}

fn printed(t: &Till) -> String {
    let bytes = std::fs::read(t.dir.path().join("receipts.escpos")).unwrap_or_default();
    String::from_utf8_lossy(&bytes).into_owned()
}

fn resize(t: &mut Till, width: u16, height: u16) {
    t.runner
        .settle(&mut t.app, Action::Resized { width, height }, false);
}

/// A customer of the demo shop who owes something, with a phone.
fn debtor(t: &Till) -> (galla_domain::Party, Money) {
    let tz = chrono_tz::Asia::Kolkata;
    let today = chrono::Utc::now().with_timezone(&tz).date_naive();
    t.store()
        .party_rows(Some(PartyKind::Customer), today, tz, 30)
        .expect("parties")
        .into_iter()
        .filter(|r| r.balance > Money::ZERO && r.party.phone.is_some())
        .map(|r| (r.party, r.balance))
        .next()
        .expect("the demo shop has a customer who owes")
}

#[test]
fn a_payment_a_new_supplier_and_a_reminder_from_the_khata_pane() {
    let mut t = till();
    let (party, owed) = debtor(&t);
    let phone = party.phone.clone().expect("phone");
    t.press(key(KeyCode::F(2)));
    assert!(t.app.panes.khata.loaded);
    assert!(t.app.panes.khata.visible().count() > 1);
    t.type_text(&phone[5..]);
    let names: Vec<String> = t
        .app
        .panes
        .khata
        .visible()
        .map(|r| r.party.name.clone())
        .collect();
    assert_eq!(
        names,
        std::slice::from_ref(&party.name),
        "found by phone as typed"
    );

    // Her ledger; money got by UPI. A scanned amount is refused first.
    t.press(key(KeyCode::Enter));
    let ledger = t.app.panes.khata.ledger.as_ref().expect("ledger open");
    assert_eq!(ledger.lines.last().map(|l| l.balance), Some(owed));
    t.press(alt('g'));
    t.burst("8901000006547", 10_000);
    assert!(
        t.app
            .panes
            .khata
            .form
            .as_ref()
            .is_some_and(|(_, f)| f.error.as_deref().is_some_and(|e| e.contains("barcode"))),
        "a scan is not an amount"
    );
    t.type_text("100");
    t.press(key(KeyCode::Right)); // UPI
    t.press(key(KeyCode::Tab));
    t.type_text("UTR991");
    t.press(key(KeyCode::Enter));
    assert!(
        t.app.panes.khata.form.is_none(),
        "{:?}",
        t.app.panes.khata.form
    );
    let now_owed = t.store().party_balance(party.party_id).expect("balance");
    assert_eq!(now_owed, owed - Money::from_rupees(100));
    let ledger = t.app.panes.khata.ledger.as_ref().expect("still open");
    let last = ledger.lines.last().expect("a line");
    assert_eq!(last.reference.as_deref(), Some("UTR991"));
    assert_eq!(last.balance, now_owed);

    // A bill's lines are one key away: Enter on a bill line of the ledger.
    let bill_line = ledger
        .lines
        .iter()
        .rposition(|l| l.bill_no.is_some())
        .expect("the demo customer bought on khata");
    let bill_no = ledger.lines[bill_line].bill_no.clone().expect("number");
    t.press(key(KeyCode::Home));
    for _ in 0..bill_line {
        t.press(key(KeyCode::Down));
    }
    t.press(key(KeyCode::Enter));
    let Some(Popup::Reader(r)) = t.app.popups.last() else {
        panic!("the bill: {:?}", t.app.popups.last());
    };
    assert_eq!(r.title, format!("Bill {bill_no}"));
    assert!(
        r.lines.iter().any(|l| l.contains(&bill_no)),
        "{:?}",
        r.lines
    );
    t.press(key(KeyCode::Esc));

    // The statement prints on the till's printer.
    t.press(alt('p'));
    let slip = printed(&t);
    assert!(
        slip.contains("STATEMENT") && slip.contains("UTR991"),
        "{slip}"
    );

    // A reminder: the text in a popup, the wa.me link copied and drawn as
    // a QR code that reads back to the same link.
    resize(&mut t, 120, 40);
    t.press(alt('r'));
    let Some(Popup::Reader(r)) = t.app.popups.last() else {
        panic!("a reminder popup: {:?}", t.app.popups.last());
    };
    assert!(r.title.contains(&now_owed.to_string()), "{}", r.title);
    assert!(r.lines.iter().any(|l| l.contains("https://wa.me/91")));
    let link = t.runner.copied.clone().expect("copied");
    assert!(
        link.starts_with(&format!("https://wa.me/91{phone}")),
        "{link}"
    );
    // The code carries the message's first and last lines (a full message
    // with its UPI link is too dense for a terminal's cells).
    let code = qr_on_screen(&t, 120, 40).expect("a QR code on screen");
    let greeting = link.split("%0A").next().expect("first line");
    assert!(code.starts_with(greeting), "{code}");
    assert!(code.ends_with("%0AThank%20you%21"), "{code}");
    t.press(key(KeyCode::Esc));
    let text = screen(&t, 120, 40);
    assert!(text.contains("reminded "), "the ledger says when: {text}");
    t.press(key(KeyCode::Esc)); // back to the list
    assert!(t.app.panes.khata.ledger.is_none());

    // A new supplier: a bad GSTIN is refused in the form, then added.
    t.press(key(KeyCode::Esc)); // clear the filter
    t.press(key(KeyCode::Tab)); // suppliers
    assert_eq!(t.app.panes.khata.kind, PartyKind::Supplier);
    t.press(alt('n'));
    t.type_text("Gupta Traders");
    t.press(key(KeyCode::Tab));
    t.type_text("99887 76655");
    for _ in 0..4 {
        t.press(key(KeyCode::Tab));
    }
    t.type_text("27AAPFU0939F1ZX");
    t.press(key(KeyCode::Enter));
    let err = t
        .app
        .panes
        .khata
        .form
        .as_ref()
        .and_then(|(_, f)| f.error.clone())
        .expect("refused");
    assert!(err.to_lowercase().contains("gstin"), "{err}");
    t.press(key(KeyCode::Backspace));
    t.type_text("V");
    t.press(key(KeyCode::Enter));
    assert!(t.app.panes.khata.form.is_none());
    let added = t
        .app
        .panes
        .khata
        .visible()
        .find(|r| r.party.name == "Gupta Traders")
        .expect("listed");
    assert_eq!(added.party.phone.as_deref(), Some("9988776655"));
    let id = added.party.party_id;

    // Changed later: a credit limit given, the balance untouched.
    let pos = t
        .app
        .panes
        .khata
        .visible()
        .position(|r| r.party.party_id == id)
        .expect("listed");
    t.press(key(KeyCode::Home));
    for _ in 0..pos {
        t.press(key(KeyCode::Down));
    }
    t.press(alt('e'));
    t.press(key(KeyCode::Tab));
    t.press(key(KeyCode::Tab));
    t.type_text("20000");
    t.press(key(KeyCode::Enter));
    assert!(
        t.app.panes.khata.form.is_none(),
        "{:?}",
        t.app.panes.khata.form
    );
    let changed = t.store().party(id).expect("read").expect("party");
    assert_eq!(changed.credit_limit, Money::from_rupees(20_000));
    assert_eq!(changed.gstin.as_deref(), Some("27AAPFU0939F1ZV"));
    assert_eq!(t.store().party_balance(id).expect("balance"), Money::ZERO);

    t.press(key(KeyCode::Tab)); // customers again
    resize(&mut t, 80, 24);
    let small = screen(&t, 80, 24);
    assert!(small.contains("You will get"), "{small}");
    resize(&mut t, 120, 40);
    let big = screen(&t, 120, 40);
    assert!(big.contains("limit"), "{big}");
}

#[test]
fn cash_in_out_and_the_days_close_from_the_cashbook_pane() {
    let mut t = till();
    t.press(alt('4'));
    let opening = t.app.panes.cashbook.book.as_ref().expect("book").closing();
    t.press(alt('i'));
    t.type_text("2000");
    t.press(key(KeyCode::Enter));
    let book = t.app.panes.cashbook.book.as_ref().expect("book");
    assert_eq!(book.closing(), opening + Money::from_rupees(2_000));

    // Out: more than the drawer holds is refused; tea is taken.
    t.press(alt('o'));
    t.press(key(KeyCode::Right)); // the second head
    t.type_text("999999");
    t.press(key(KeyCode::Enter));
    assert!(
        t.app
            .panes
            .cashbook
            .form
            .as_ref()
            .and_then(|(_, f)| f.error.clone())
            .is_some_and(|e| e.contains("the drawer holds")),
        "{:?}",
        t.app.panes.cashbook.form
    );
    t.press(key(KeyCode::Esc));
    t.press(alt('o'));
    t.type_text("150");
    t.press(key(KeyCode::Enter));
    let expected = opening + Money::from_rupees(1_850);
    assert_eq!(
        t.app.panes.cashbook.book.as_ref().expect("book").expected(),
        expected
    );

    // Close: a difference needs a note.
    t.press(alt('z'));
    let short = expected - Money::from_rupees(10);
    t.type_text(&short.format_plain().replace(',', ""));
    t.press(key(KeyCode::Enter));
    let err = t
        .app
        .panes
        .cashbook
        .form
        .as_ref()
        .and_then(|(_, f)| f.error.clone())
        .expect("a note is needed");
    assert!(err.contains("short"), "{err}");
    t.press(key(KeyCode::Tab));
    t.type_text("₹10 given as change twice");
    t.press(key(KeyCode::Enter));
    let book = t.app.panes.cashbook.book.clone().expect("book");
    let close = book.close.expect("closed");
    assert_eq!(close.counted, short);
    assert_eq!(book.closing(), short);
    t.press(alt('z'));
    assert!(
        t.app
            .panes
            .cashbook
            .message
            .as_deref()
            .is_some_and(|m| m.contains("already closed"))
    );
    // The day before, and back.
    t.press(key(KeyCode::Left));
    let before = t.app.panes.cashbook.book.as_ref().expect("book").date;
    assert_eq!(before, book.date.pred_opt().expect("date"));
    t.press(key(KeyCode::Right));
    t.press(key(KeyCode::Right));
    assert_eq!(
        t.app.panes.cashbook.book.as_ref().expect("book").date,
        book.date,
        "never past today"
    );
    // The shop view: every counter's drawer; recording waits for Tab back.
    t.press(key(KeyCode::Tab));
    let shop = t.app.panes.cashbook.shop.clone().expect("all counters");
    assert_eq!(shop[0].0, "this counter");
    assert_eq!(shop[0].1.closing(), short);
    t.press(alt('i'));
    assert!(t.app.panes.cashbook.form.is_none());
    resize(&mut t, 80, 24);
    let text = screen(&t, 80, 24);
    assert!(text.contains("Shop: cash in drawers"), "{text}");
    t.press(key(KeyCode::Tab));

    // The day's slip prints: the Z-report with what was counted.
    t.press(alt('p'));
    let slip = printed(&t);
    assert!(
        slip.contains("Counted") && slip.contains("Difference"),
        "{slip}"
    );
    assert!(galla::store::check(t.store()).expect("check").is_clean());
}

#[test]
fn billing_shows_the_credit_left_as_soon_as_a_customer_is_attached() {
    let mut t = till();
    let (party, owed) = debtor(&t);
    t.press(key(KeyCode::F(4)));
    t.type_text(party.phone.as_deref().expect("phone"));
    t.press(key(KeyCode::Enter));
    let text = t.app.panes.billing.customer_text().expect("attached");
    let left = party.credit_limit - owed;
    if left > Money::ZERO {
        assert!(text.contains(&format!("{left} available")), "{text}");
    } else {
        assert!(text.contains(&format!("over by {}", -left)), "{text}");
    }
}

#[test]
fn khata_and_cashbook_snapshots() {
    let mut t = till();
    resize(&mut t, 80, 24);
    t.press(key(KeyCode::F(2)));
    let tz = chrono_tz::Asia::Kolkata;
    // Stable rows: the demo's parties, aged as of a fixed day.
    let day = chrono::NaiveDate::from_ymd_opt(2026, 11, 20).expect("day");
    let rows = t.store().party_rows(None, day, tz, 30).expect("rows");
    t.runner
        .settle(&mut t.app, Action::PartiesLoaded(rows.clone()), false);
    insta::assert_snapshot!("khata_80x24", screen(&t, 80, 24));
    resize(&mut t, 120, 40);
    insta::assert_snapshot!("khata_120x40", screen(&t, 120, 40));
    t.press(alt('g'));
    insta::assert_snapshot!("khata_got_form_120x40", screen(&t, 120, 40));
    t.press(key(KeyCode::Esc));
    // The first party's ledger, aged as of the same day.
    let row = rows
        .iter()
        .filter(|r| r.party.kind == PartyKind::Customer)
        .max_by_key(|r| r.balance)
        .cloned()
        .expect("a customer");
    let lines = t.store().khata_lines(row.party.party_id).expect("lines");
    t.runner.settle(
        &mut t.app,
        Action::KhataLoaded {
            row: Box::new(row),
            lines,
        },
        false,
    );
    insta::assert_snapshot!("ledger_120x40", screen(&t, 120, 40));
    resize(&mut t, 80, 24);
    insta::assert_snapshot!("ledger_80x24", screen(&t, 80, 24));
    t.press(key(KeyCode::Esc));
    let device = t.store().device_id();
    let book = t.store().day_book(device, day, tz).expect("book");
    t.press(alt('4'));
    t.runner
        .settle(&mut t.app, Action::DayBookLoaded(Box::new(book)), false);
    resize(&mut t, 80, 24);
    insta::assert_snapshot!("cashbook_80x24", screen(&t, 80, 24));
    resize(&mut t, 120, 40);
    insta::assert_snapshot!("cashbook_120x40", screen(&t, 120, 40));
    t.press(key(KeyCode::Tab));
    let shop = t.store().shop_day(day, tz).expect("shop");
    t.runner
        .settle(&mut t.app, Action::ShopDayLoaded(shop), false);
    insta::assert_snapshot!("cashbook_all_counters_120x40", screen(&t, 120, 40));
    resize(&mut t, 80, 24);
    insta::assert_snapshot!("cashbook_all_counters_80x24", screen(&t, 80, 24));
}
