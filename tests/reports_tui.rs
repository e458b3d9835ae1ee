//! The Reports pane driven by keys on a demo shop's real file, with the
//! app's clock fixed at 20 Nov 2026: every report's screen at 80x24 and
//! 120x40 in the mono (NO_COLOR) theme, kept as snapshots; the period,
//! dates and location keys; a product's sizes from the Products report and
//! back; the reminder from Outstanding; the day close printed and a report
//! exported beside the database.

mod common;

use common::till::{Till, alt, key, open};
use galla::app::PaneId;
use galla::app::action::Action;
use galla::report::{Kind, PeriodKind};
use galla::store::{Access, Store};
use galla::ui::popup::Popup;
use ratatui::crossterm::event::KeyCode;

/// A 40-day demo shop whose dead stock is what has not sold for 10 days.
fn shop() -> Till {
    let (dir, db) = common::demo_shop(300, 40);
    let mut store = Store::open(&db, Access::ReadWrite).expect("open");
    galla::settings::set(&mut store, "report.dead_stock_days", "10").expect("setting");
    drop(store);
    open(dir, db, Vec::new())
}

fn resize(t: &mut Till, width: u16, height: u16) {
    t.runner
        .settle(&mut t.app, Action::Resized { width, height }, false);
}

/// The screen at `w` x `h`, laid out for that width.
fn screen(t: &mut Till, w: u16, h: u16) -> String {
    resize(t, w, h);
    t.screen(w, h)
}

fn type_text(t: &mut Till, text: &str) {
    for c in text.chars() {
        t.press(key(KeyCode::Char(c)));
    }
}

#[test]
fn every_report_screen_at_80x24_and_120x40() {
    let mut t = shop();
    t.press(alt('6'));
    assert_eq!(t.app.active, PaneId::Reports);
    for kind in Kind::ALL {
        assert_eq!(t.app.panes.reports.kind(), kind);
        assert!(t.app.panes.reports.report().is_some(), "{kind:?} was read");
        for (w, h) in [(80, 24), (120, 40)] {
            let s = screen(&mut t, w, h);
            insta::assert_snapshot!(format!("{}_{w}x{h}", kind.name()), s);
        }
        t.press(key(KeyCode::Tab));
    }
    assert_eq!(t.app.panes.reports.kind(), Kind::Daily, "Tab goes round");
    t.press(key(KeyCode::BackTab));
    assert_eq!(t.app.panes.reports.kind(), Kind::Staff);
}

#[test]
fn periods_dates_and_locations_change_what_is_read() {
    let mut t = shop();
    t.press(alt('6'));
    let pane = |t: &Till| t.app.panes.reports.period();
    let day = |d: u32| chrono::NaiveDate::from_ymd_opt(2026, 11, d).expect("date");
    assert_eq!((pane(&t).from, pane(&t).kind), (day(20), PeriodKind::Day));
    t.press(alt('t'));
    assert_eq!(pane(&t).from, day(19), "yesterday");
    t.press(alt('t'));
    assert_eq!(
        (pane(&t).from, pane(&t).to),
        (day(16), day(22)),
        "this week"
    );
    t.press(alt('t'));
    assert_eq!(pane(&t).kind, PeriodKind::Month);
    t.press(key(KeyCode::Left));
    assert_eq!(
        pane(&t).from,
        chrono::NaiveDate::from_ymd_opt(2026, 10, 1).expect("date")
    );
    let shown = t.app.panes.reports.shown.as_ref().expect("read");
    assert_eq!(shown.query.period, pane(&t), "the month before was read");
    // Typed dates: a bad one is refused in the form, a good range is read.
    t.press(alt('d'));
    assert!(t.app.panes.reports.form.is_some());
    for _ in 0..12 {
        t.press(key(KeyCode::Backspace));
    }
    type_text(&mut t, "31-02-2026");
    t.press(key(KeyCode::Enter));
    let (_, form) = t.app.panes.reports.form.as_ref().expect("still open");
    assert!(
        form.error
            .as_deref()
            .is_some_and(|e| e.contains("not a day")),
        "{:?}",
        form.error
    );
    for _ in 0..12 {
        t.press(key(KeyCode::Backspace));
    }
    type_text(&mut t, "10-11-2026");
    t.press(key(KeyCode::Tab));
    for _ in 0..12 {
        t.press(key(KeyCode::Backspace));
    }
    type_text(&mut t, "2026-11-20");
    t.press(key(KeyCode::Enter));
    assert!(t.app.panes.reports.form.is_none());
    assert_eq!((pane(&t).from, pane(&t).to), (day(10), day(20)));
    let shown = t.app.panes.reports.shown.as_ref().expect("read");
    assert_eq!(shown.query.period.from, day(10));
    // Locations: all → shop floor → godown → all.
    t.press(alt('l'));
    let shown = t.app.panes.reports.shown.as_ref().expect("read");
    assert_eq!(
        shown.query.location.as_ref().map(|l| l.1.as_str()),
        Some("Shop floor")
    );
    t.press(alt('l'));
    t.press(alt('l'));
    let shown = t.app.panes.reports.shown.as_ref().expect("read");
    assert!(shown.query.location.is_none());
    // Each report keeps its own period: Products is still this month.
    t.press(key(KeyCode::Tab));
    assert_eq!(pane(&t).kind, PeriodKind::Month);
    assert_eq!(pane(&t).from, day(1));
}

#[test]
fn a_product_opens_its_sizes_and_esc_comes_back() {
    let mut t = shop();
    t.press(alt('6'));
    t.press(key(KeyCode::Tab));
    assert_eq!(t.app.panes.reports.kind(), Kind::Products);
    let (_, name) = t
        .app
        .panes
        .reports
        .selected_product()
        .expect("the top product");
    t.press(key(KeyCode::Enter));
    assert_eq!(t.app.panes.reports.kind(), Kind::Sizes);
    let Some(galla::report::Report::Sizes(s)) = t.app.panes.reports.report() else {
        panic!("sizes read");
    };
    assert_eq!(s.product.as_deref(), Some(name.as_str()));
    assert!(!s.rows.is_empty());
    let s = screen(&mut t, 80, 24);
    insta::assert_snapshot!("sizes_of_one_product_80x24", s);
    t.press(key(KeyCode::Esc));
    assert_eq!(t.app.panes.reports.kind(), Kind::Products);
}

#[test]
fn the_reminder_is_one_key_away_on_outstanding() {
    let mut t = shop();
    t.press(alt('6'));
    for _ in 0..3 {
        t.press(key(KeyCode::Tab));
    }
    assert_eq!(t.app.panes.reports.kind(), Kind::Outstanding);
    let party = t
        .app
        .panes
        .reports
        .selected_party()
        .expect("a party who owes");
    t.press(alt('r'));
    let Some(Popup::Reader(r)) = t.app.popups.last() else {
        panic!("a reminder popup: {:?}", t.app.popups.last());
    };
    assert!(r.title.starts_with("Reminder to"), "{}", r.title);
    let link = t.runner.copied.clone().expect("the link was copied");
    assert!(link.starts_with("https://wa.me/91"), "{link}");
    let name = t.store().party(party).expect("read").expect("party").name;
    assert!(r.title.contains(&name), "{} for {name}", r.title);
    // On another report the key says where reminders are.
    t.press(key(KeyCode::Esc));
    t.press(key(KeyCode::Tab));
    t.press(alt('r'));
    assert!(
        t.app
            .panes
            .reports
            .message
            .as_deref()
            .is_some_and(|m| m.contains("Outstanding")),
        "{:?}",
        t.app.panes.reports.message
    );
}

#[test]
fn the_day_close_prints_and_a_report_is_exported_beside_the_database() {
    let mut t = shop();
    t.press(alt('6'));
    t.press(alt('p'));
    let printed = std::fs::read(t.dir.path().join("receipts.escpos")).expect("printed");
    let text = String::from_utf8_lossy(&printed);
    assert!(text.contains("DAILY SALES"), "{text}");
    assert!(text.contains("NET SALES"));
    assert!(text.contains("CASH BOOK"), "a day's print is the day close");
    t.press(alt('e'));
    let message = t.app.panes.reports.message.clone().unwrap_or_default();
    let pdf = t.dir.path().join("shop-daily-2026-11-20.pdf");
    assert!(message.contains("shop-daily-2026-11-20.pdf"), "{message}");
    let doc = lopdf::Document::load(&pdf).expect("a PDF");
    let text = doc.extract_text(&[1]).expect("text");
    assert!(text.contains("Net sales"), "{text}");
    // Low stock goes out as CSV.
    for _ in 0..5 {
        t.press(key(KeyCode::Tab));
    }
    assert_eq!(t.app.panes.reports.kind(), Kind::LowStock);
    t.press(alt('e'));
    let csv = std::fs::read_to_string(t.dir.path().join("shop-low-stock-2026-11-20.csv"))
        .expect("csv written");
    assert!(csv.starts_with("item,sku,category,stock"), "{csv}");
    // Printing anything but the daily sales says what to do instead.
    t.press(alt('p'));
    assert!(
        t.app
            .panes
            .reports
            .message
            .as_deref()
            .is_some_and(|m| m.contains("export")),
        "{:?}",
        t.app.panes.reports.message
    );
}
