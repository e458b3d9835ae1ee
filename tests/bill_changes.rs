//! Cancelling a saved bill and taking goods back, from the F6 bills popup,
//! through the real runner fed keys: the BILL_CANCELLED and SALE_RETURN
//! events, stock and khata put back, the number never reused, refusals with
//! reasons, reprints of today's and any past bill, and `galla check` clean.

mod common;

use common::till::{Till, alt, key, till};
use galla::ui::popup::Popup;
use galla_domain::payload::PayMode;
use galla_domain::{EventPayload, LocationId, Money, Qty, VariantId};
use ratatui::crossterm::event::KeyCode;

fn qty(t: &Till, code: &str) -> (VariantId, Qty) {
    let floor: LocationId = t.store().locations().expect("locations")[0].location_id;
    let v = t.store().exact_item(code).expect("lookup").expect("item");
    (v, t.store().qty_at(v, floor).expect("qty"))
}

fn bills_error(t: &Till) -> Option<String> {
    match t.app.popups.last() {
        Some(Popup::Bills(b)) => b.error.clone(),
        other => panic!("the bills popup is open: {other:?}"),
    }
}

#[test]
fn cancel_and_return_from_the_bills_popup() {
    let mut t = till();
    let codes = t.codes.clone();
    t.sell(&[&codes[0], &codes[1], &codes[1]]);
    // Bill 2 on a customer's khata.
    t.press(key(KeyCode::F(4)));
    t.press(key(KeyCode::Enter)); // the first customer listed
    let customer = t.app.panes.billing.customer.clone().expect("attached");
    let owed_before = customer.balance;
    t.scan(&codes[2]);
    t.press(key(KeyCode::F(10)));
    t.press(key(KeyCode::Left));
    t.press(key(KeyCode::Enter));
    let (c1, c2) = (t.no(1), t.no(2));
    assert!(
        t.message().contains(&format!("saved bill {c2}")),
        "{}",
        t.message()
    );
    let party = customer.party.party_id;
    assert!(t.store().party_balance(party).expect("balance") > owed_before);
    let (v2, after_sale) = qty(&t, &codes[2]);

    // F6: today's bills, newest first.
    t.press(key(KeyCode::F(6)));
    let Some(Popup::Bills(b)) = t.app.popups.last() else {
        panic!("bills popup");
    };
    let numbers: Vec<&str> = b.rows.iter().map(|r| r.sale.bill_no.as_str()).collect();
    assert_eq!(numbers, [c2.as_str(), c1.as_str()]);

    // Cancel C1-2: a reason is required.
    t.press(alt('x'));
    t.press(key(KeyCode::Enter));
    assert!(bills_error(&t).is_some_and(|e| e.contains("why")));
    t.type_text("customer changed mind");
    t.press(key(KeyCode::Enter));
    assert!(
        t.message().contains(&format!("cancelled bill {c2}")),
        "{}",
        t.message()
    );
    assert_eq!(qty(&t, &codes[2]), (v2, after_sale + Qty::units(1)));
    assert_eq!(
        t.store().party_balance(party).expect("balance"),
        owed_before
    );
    t.press(alt('x'));
    assert!(bills_error(&t).is_some_and(|e| e.contains("already cancelled")));

    // Return one of C1-1's second line; more than was sold is refused.
    let (v1, before_return) = qty(&t, &codes[1]);
    t.press(key(KeyCode::Down));
    t.press(alt('t'));
    // The bill's lines to pick from: line 2, three of it (one was sold).
    t.press(key(KeyCode::Enter));
    assert!(bills_error(&t).is_some_and(|e| e.contains("how many")));
    t.press(key(KeyCode::Down));
    t.type_text("3");
    t.press(key(KeyCode::Enter));
    assert!(bills_error(&t).is_some_and(|e| e.contains("still with the customer")));
    t.press(key(KeyCode::Esc)); // leaves the lines, not the list
    assert!(matches!(t.app.popups.last(), Some(Popup::Bills(b)) if b.pick.is_none()));
    t.press(alt('t'));
    t.press(key(KeyCode::Down));
    t.type_text("1");
    t.press(key(KeyCode::Enter));
    assert!(t.message().contains("refund"), "{}", t.message());
    assert_eq!(qty(&t, &codes[1]), (v1, before_return + Qty::units(1)));

    let mut kinds = Vec::new();
    t.store()
        .for_each_event(|_, e| {
            match e.payload {
                EventPayload::BillCancelled(c) => kinds.push(("cancel", c.reason)),
                EventPayload::SaleReturn(r) => {
                    assert_eq!(r.refund_mode, PayMode::Cash);
                    assert!(r.refund > Money::ZERO);
                    kinds.push(("return", String::new()));
                }
                _ => {}
            }
            Ok(())
        })
        .expect("events");
    assert_eq!(
        kinds,
        [
            ("cancel", "customer changed mind".to_string()),
            ("return", String::new())
        ]
    );
    assert!(galla::store::check(t.store()).expect("check").is_clean());

    // Reprint C1-1 (selected) with Enter; the number is never reused.
    t.press(key(KeyCode::Enter));
    assert!(t.app.popups.is_empty());
    assert!(t.message().contains("printed"), "{}", t.message());
    t.sell(&[&codes[0]]);
    let c3 = t.no(3);
    assert!(
        t.message().contains(&format!("saved bill {c3}")),
        "{}",
        t.message()
    );
}

#[test]
fn any_past_bill_reprints_by_number() {
    let mut t = till();
    let old = t
        .store()
        .bills_between(None, None)
        .expect("bills")
        .into_iter()
        .next()
        .expect("the demo shop has bills");
    let no = old.sale.bill_no.clone();
    t.press(key(KeyCode::F(6)));
    t.type_text(&no);
    t.press(key(KeyCode::Enter));
    assert!(t.app.popups.is_empty(), "{:?}", t.app.popups.last());
    assert!(
        t.message().contains(&format!("printed bill {no}")) || t.message().contains("printed"),
        "{}",
        t.message()
    );
    let bytes = std::fs::read(t.dir.path().join("receipts.escpos")).expect("printed");
    assert!(bytes.windows(no.len()).any(|w| w == no.as_bytes()));

    t.press(key(KeyCode::F(6)));
    t.type_text("NOPE-1");
    t.press(key(KeyCode::Enter));
    assert!(matches!(t.app.popups.last(), Some(Popup::Error(e)) if e.contains("no bill numbered")));
}

#[test]
fn a_refund_goes_back_the_way_the_bill_was_paid_or_as_chosen() {
    let mut t = till();
    let codes = t.codes.clone();
    // Paid by UPI: F10, → to UPI, Enter pays the rest.
    t.scan(&codes[0]);
    t.scan(&codes[1]);
    t.press(key(KeyCode::F(10)));
    t.press(key(KeyCode::Right));
    t.press(key(KeyCode::Enter));
    assert!(t.message().contains("saved bill"), "{}", t.message());
    t.press(key(KeyCode::F(6)));
    t.press(alt('t'));
    let mode = |t: &Till| match t.app.popups.last() {
        Some(Popup::Bills(b)) => b.pick.as_ref().map(|p| p.chosen_mode()),
        _ => None,
    };
    assert_eq!(mode(&t), Some(PayMode::Upi), "back the way it was paid");
    t.type_text("1");
    t.press(key(KeyCode::Enter));
    assert!(t.message().contains("by UPI"), "{}", t.message());
    // The other line back in cash instead: ← once from UPI.
    t.press(alt('t'));
    t.press(key(KeyCode::Down));
    t.press(key(KeyCode::Left));
    assert_eq!(mode(&t), Some(PayMode::Cash));
    t.type_text("1");
    t.press(key(KeyCode::Enter));
    assert!(t.message().contains("in cash"), "{}", t.message());
    // A bill with no customer cannot refund to a khata: it is not offered.
    t.press(alt('t'));
    let modes = match t.app.popups.last() {
        Some(Popup::Bills(b)) => b.pick.as_ref().map(|p| p.modes.clone()),
        _ => None,
    };
    assert_eq!(
        modes,
        Some(vec![PayMode::Cash, PayMode::Upi, PayMode::Card])
    );
    let mut refunds = Vec::new();
    t.store()
        .for_each_event(|_, e| {
            if let EventPayload::SaleReturn(r) = e.payload {
                refunds.push((r.refund_mode, r.note_no));
            }
            Ok(())
        })
        .expect("events");
    let modes: Vec<PayMode> = refunds.iter().map(|r| r.0).collect();
    assert_eq!(modes, vec![PayMode::Upi, PayMode::Cash]);
    assert!(galla::store::check(t.store()).expect("check").is_clean());
}
