//! insta snapshots of billing's list popups at 80x24 and 120x40: held bills,
//! the customer search, and today's bills with a return being asked. Times
//! are pinned after loading so the snapshots do not depend on the clock.

mod common;

use chrono::{TimeZone, Utc};
use common::till::{Till, alt, key, till};
use galla::app::action::Action;
use galla::ui::popup::Popup;
use ratatui::crossterm::event::KeyCode;

fn screen(t: &Till, w: u16, h: u16) -> String {
    t.screen(w, h)
}

fn sized(w: u16, h: u16) -> Till {
    let mut t = till();
    t.runner.settle(
        &mut t.app,
        Action::Resized {
            width: w,
            height: h,
        },
        false,
    );
    t
}

fn pinned() -> chrono::DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 20, 6, 15, 0)
        .single()
        .expect("time")
}

fn held(w: u16, h: u16) -> String {
    let mut t = sized(w, h);
    let codes = t.codes.clone();
    t.scan(&codes[0]);
    t.press(key(KeyCode::F(8)));
    t.scan(&codes[1]);
    t.scan(&codes[2]);
    t.press(key(KeyCode::F(8)));
    t.press(key(KeyCode::F(9)));
    if let Some(Popup::Held(list)) = t.app.popups.last_mut() {
        for r in &mut list.rows {
            r.held_at = pinned();
        }
    }
    screen(&t, w, h)
}

fn customers(w: u16, h: u16) -> String {
    let mut t = sized(w, h);
    t.press(key(KeyCode::F(4)));
    t.type_text("94140");
    screen(&t, w, h)
}

fn bills(w: u16, h: u16) -> String {
    let mut t = sized(w, h);
    let codes = t.codes.clone();
    t.sell(&[&codes[0], &codes[1]]);
    t.sell(&[&codes[2]]);
    t.press(key(KeyCode::F(6)));
    t.press(key(KeyCode::Down));
    t.press(alt('t'));
    t.type_text("1");
    if let Some(Popup::Bills(b)) = t.app.popups.last_mut() {
        for r in &mut b.rows {
            r.at = pinned();
        }
    }
    screen(&t, w, h)
}

#[test]
fn held_bills_popup_snapshots() {
    insta::assert_snapshot!("held_80x24", held(80, 24));
    insta::assert_snapshot!("held_120x40", held(120, 40));
}

#[test]
fn customer_popup_snapshots() {
    insta::assert_snapshot!("customer_80x24", customers(80, 24));
    insta::assert_snapshot!("customer_120x40", customers(120, 40));
}

#[test]
fn bills_popup_snapshots() {
    insta::assert_snapshot!("bills_80x24", bills(80, 24));
    insta::assert_snapshot!("bills_120x40", bills(120, 40));
}

#[test]
fn crore_amounts_are_never_cut_at_80x24() {
    let mut t = sized(80, 24);
    let (sku, price) = t.dearest();
    t.scan(&format!("9999*{sku}"));
    t.scan(&format!("9999*{sku}"));
    let lines = &t.app.panes.billing.draft.lines;
    assert_eq!(lines.len(), 1, "{}", t.message());
    let amount = galla_domain::Money::from_paise(price.paise() * 19_998);
    assert!(
        amount >= galla_domain::Money::from_paise(10_000_000_000),
        "at least ₹1 crore: {amount}"
    );
    let shown = screen(&t, 80, 24);
    let plain = amount.format_plain();
    assert!(
        shown.contains(&plain),
        "the whole amount {plain} is on screen:\n{shown}"
    );
    insta::assert_snapshot!("crore_line_80x24", shown);
}
