//! Rule 46(e) at the counter: a bill of ₹50,000 or more in taxable value to
//! a buyer with no GSTIN asks for the buyer's name, address and state
//! before payment; a missing one or a bad state is refused in the form, and
//! the saved bill names the buyer (in the SALE and `galla bills --json`).
//! A smaller bill goes straight to payment.

mod common;

use common::till::{Till, key, till};
use galla::ui::popup::Popup;
use galla_domain::EventPayload;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

fn form_error(t: &Till) -> Option<String> {
    match t.app.popups.last() {
        Some(Popup::Recipient(f)) => f.error.clone(),
        other => panic!("the buyer's form is open: {other:?}"),
    }
}

#[test]
fn a_big_bill_to_an_unregistered_buyer_names_them_first() {
    let mut t = till();
    let codes = t.codes.clone();
    // A small bill: straight to payment.
    t.scan(&codes[0]);
    t.press(key(KeyCode::F(10)));
    assert!(matches!(t.app.popups.last(), Some(Popup::Payment(_))));
    t.press(key(KeyCode::Esc));
    t.press(key(KeyCode::Delete));

    let (sku, _) = t.dearest();
    t.scan(&format!("20*{sku}"));
    let taxable = t.app.panes.billing.draft.totals().gst.taxable;
    assert!(
        taxable >= galla_domain::Money::from_rupees(50_000),
        "{taxable}"
    );
    t.press(key(KeyCode::F(10)));
    insta::assert_snapshot!("buyer_form_80x24", t.screen(80, 24));
    insta::assert_snapshot!("buyer_form_120x40", t.screen(120, 40));
    t.press(key(KeyCode::Enter));
    assert!(form_error(&t).is_some_and(|e| e.contains("name")));
    t.type_text("Meera Joshi");
    t.press(key(KeyCode::Tab));
    t.type_text("12 MI Road, Jaipur");
    t.press(key(KeyCode::Tab));
    t.type_text("99");
    t.press(key(KeyCode::Enter));
    assert!(
        form_error(&t).is_some_and(|e| e.contains("99")),
        "{:?}",
        form_error(&t)
    );
    t.press(KeyEvent::new(KeyCode::Char('u'), KeyModifiers::CONTROL));
    t.type_text("08");
    t.press(key(KeyCode::Enter));
    assert!(
        matches!(t.app.popups.last(), Some(Popup::Payment(_))),
        "on to payment"
    );
    t.press(key(KeyCode::Enter)); // the rest in cash
    assert!(t.message().contains("saved bill"), "{}", t.message());

    let mut named = None;
    t.store()
        .for_each_event(|_, e| {
            if let EventPayload::Sale(s) = e.payload
                && s.recipient.is_some()
            {
                named = s.recipient;
            }
            Ok(())
        })
        .expect("events");
    let r = named.expect("the bill names its buyer");
    assert_eq!(r.name, "Meera Joshi");
    assert_eq!(r.address.as_deref(), Some("12 MI Road, Jaipur"));
    assert_eq!(r.state_code.as_deref(), Some("08"));
    let receipt = std::fs::read(t.dir.path().join("receipts.escpos")).expect("printed");
    assert!(String::from_utf8_lossy(&receipt).contains("Meera Joshi"));
}
