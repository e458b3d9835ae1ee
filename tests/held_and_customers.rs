//! Holding and recalling bills (several at once, across a restart, never an
//! event) and customers on a bill (quick-add, search, khata with the credit
//! limit warning, CGST + SGST at the counter whatever the customer's state, and sharing the bill on WhatsApp),
//! all through the real runner fed keys.

mod common;

use common::till::{alt, key, open, till};
use galla::app::action::Action;
use galla::ui::billing::Customer;
use galla::ui::popup::Popup;
use galla_domain::payload::PayMode;
use galla_domain::{EventPayload, Money, Party, PartyKind, Qty, Supply};
use ratatui::crossterm::event::KeyCode;

#[test]
fn held_bills_survive_a_restart_and_come_back() {
    let mut t = till();
    let codes = t.codes.clone();
    let events = t.store().event_count().expect("count");
    t.scan(&codes[0]);
    t.scan(&codes[0]);
    t.press(key(KeyCode::F(8)));
    assert!(t.app.panes.billing.draft.is_empty(), "{}", t.message());
    assert!(t.message().contains("held bill #1"), "{}", t.message());
    t.scan(&codes[1]);
    t.press(key(KeyCode::F(8)));
    t.press(key(KeyCode::F(8)));
    assert!(t.message().contains("nothing to hold"), "{}", t.message());
    assert_eq!(
        t.store().event_count().expect("count"),
        events,
        "holding is not an event"
    );

    // Restart: the held bills are still there.
    let common::till::Till {
        dir, db, runner, ..
    } = t;
    drop(runner);
    let mut t = open(dir, db, codes.clone());
    t.scan(&codes[2]);
    t.press(key(KeyCode::F(9)));
    let Some(Popup::Held(list)) = t.app.popups.last() else {
        panic!("the held bills are listed: {:?}", t.app.popups.last());
    };
    assert_eq!(list.rows.len(), 2);
    t.press(key(KeyCode::Down));
    t.press(key(KeyCode::Enter));
    assert!(t.app.popups.is_empty());
    // The open bill (codes[2]) was held first, then the second came back.
    let bill = &t.app.panes.billing.draft;
    assert_eq!(bill.lines.len(), 1);
    let second = t
        .store()
        .exact_item(&codes[1])
        .expect("lookup")
        .expect("item");
    assert_eq!(bill.lines[0].variant_id, second);
    let held = t.store().held_bills().expect("held");
    assert_eq!(held.len(), 2, "the first and the one that was open");
    assert_eq!(held[0].draft.lines[0].qty, Qty::units(2));

    // Recall the first too and sell it: it is a normal bill.
    t.press(key(KeyCode::F(9)));
    t.press(key(KeyCode::Enter));
    assert_eq!(t.app.panes.billing.draft.lines[0].qty, Qty::units(2));
    t.press(key(KeyCode::F(10)));
    t.press(key(KeyCode::Enter));
    let first = t.no(1);
    assert!(
        t.message().contains(&format!("saved bill {first}")),
        "{}",
        t.message()
    );
    assert_eq!(t.store().held_bills().expect("held").len(), 2);
}

fn sales(t: &common::till::Till) -> Vec<galla_domain::payload::Sale> {
    let mut out = Vec::new();
    t.store()
        .for_each_event(|_, e| {
            if let EventPayload::Sale(s) = e.payload {
                out.push(s);
            }
            Ok(())
        })
        .expect("events");
    out
}

#[test]
fn a_quick_added_customer_buys_on_khata_and_is_found_again() {
    let mut t = till();
    let codes = t.codes.clone();
    t.press(key(KeyCode::F(4)));
    t.press(key(KeyCode::Tab));
    t.type_text("Asha Verma");
    t.press(key(KeyCode::Tab));
    t.type_text("98765 4321");
    t.press(key(KeyCode::Enter));
    let Some(Popup::Customer(f)) = t.app.popups.last() else {
        panic!("a bad phone keeps the form open");
    };
    assert!(f.error.as_deref().is_some_and(|e| e.contains("10 digits")));
    t.type_text("0");
    t.press(key(KeyCode::Enter));
    assert!(t.app.popups.is_empty(), "{:?}", t.app.popups.last());
    let customer = t.app.panes.billing.customer.clone().expect("attached");
    assert_eq!(customer.party.phone.as_deref(), Some("9876543210"));

    t.scan(&codes[0]);
    t.press(key(KeyCode::F(10)));
    t.press(key(KeyCode::Left)); // cash → khata
    t.press(key(KeyCode::Enter));
    let sale = sales(&t).pop().expect("a sale");
    assert_eq!(sale.customer_id, Some(customer.party.party_id));
    assert_eq!(sale.payments[0].mode, PayMode::Khata);
    let owed = t
        .store()
        .party_balance(customer.party.party_id)
        .expect("balance");
    assert_eq!(owed, sale.total);
    assert!(galla::store::check(t.store()).expect("check").is_clean());

    // Share the bill: a wa.me link for her phone, copied.
    t.press(alt('w'));
    let Some(Popup::Notice { text, .. }) = t.app.popups.last() else {
        panic!("the link is shown");
    };
    assert!(text.contains("https://wa.me/919876543210?text="), "{text}");
    assert!(
        t.runner
            .copied
            .as_deref()
            .is_some_and(|c| c.contains(&t.no(1)))
    );
    t.press(key(KeyCode::Esc));

    // Found again by phone, with what she owes.
    t.press(key(KeyCode::F(4)));
    t.type_text("43210");
    let Some(Popup::Customer(f)) = t.app.popups.last() else {
        panic!("the customer form");
    };
    assert_eq!(f.rows.len(), 1);
    assert_eq!(f.rows[0].balance, sale.total);
    t.press(key(KeyCode::Enter));
    let text = t.app.panes.billing.customer_text().expect("shown");
    assert!(
        text.contains("Asha Verma") && text.contains("khata"),
        "{text}"
    );

    // The same phone again is refused.
    t.press(key(KeyCode::F(4)));
    t.type_text("9876543210");
    t.press(key(KeyCode::Tab)); // the typed phone moves over; the name is next
    t.type_text("Someone Else");
    t.press(key(KeyCode::Enter));
    assert!(matches!(t.app.popups.last(), Some(Popup::Error(e)) if e.contains("already has")));
}

#[test]
fn khata_needs_a_customer_and_a_customer_from_another_state_pays_cgst_and_sgst_at_the_counter() {
    let mut t = till();
    let codes = t.codes.clone();
    t.scan(&codes[0]);
    t.press(key(KeyCode::F(10)));
    t.press(key(KeyCode::Left));
    t.press(key(KeyCode::Enter));
    let Some(Popup::Payment(f)) = t.app.popups.last() else {
        panic!("the payment form stays open");
    };
    assert!(
        f.error
            .as_deref()
            .is_some_and(|e| e.contains("needs a customer"))
    );
    t.press(key(KeyCode::Esc));

    t.app.panes.billing.shop_state = Some("07".into());
    let party = Party {
        state_code: Some("27".into()),
        credit_limit: Money::from_rupees(100),
        ..Party::new(PartyKind::Customer, "Mumbai Traders")
    };
    let customer = Customer {
        party,
        balance: Money::ZERO,
    };
    t.runner
        .settle(&mut t.app, Action::CustomerAdded(Box::new(customer)), false);
    // Goods handed over here are supplied here (IGST Act s.10(1)): a
    // customer who lives in state 27 at a shop in state 07 pays CGST + SGST.
    assert_eq!(t.app.panes.billing.draft.supply, Supply::IntraState);
    t.press(key(KeyCode::F(10)));
    t.press(key(KeyCode::Enter));
    let sale = sales(&t).pop().expect("a sale");
    assert_eq!(sale.supply, Supply::IntraState);
    assert!(sale.lines.iter().all(|l| l.igst.is_zero()));
    assert!(
        sale.lines
            .iter()
            .any(|l| !l.cgst.is_zero() && l.cgst == l.sgst)
    );
    // The next bill starts without a customer, within the state.
    assert_eq!(t.app.panes.billing.draft.supply, Supply::IntraState);
    assert!(t.app.panes.billing.customer.is_none());
}

#[test]
fn an_english_search_finds_a_hindi_named_item() {
    // The demo sells देसी घी; a cashier types "ghee" and picks it.
    let mut t = till();
    t.type_text("ghee");
    let picks: Vec<String> = t
        .app
        .panes
        .billing
        .picks
        .iter()
        .map(|p| p.name.clone())
        .collect();
    assert!(
        picks.first().is_some_and(|n| n.starts_with("देसी घी")),
        "{picks:?}"
    );
    t.press(key(KeyCode::Enter));
    assert_eq!(t.app.panes.billing.draft.lines.len(), 1, "{}", t.message());
}
