//! Counter safety on a real demo shop file, key by key (issue 9): a scanner
//! burst into the payment box takes nothing; cash far above the bill and
//! khata above the credit limit wait for a second Enter; Esc keeps payments
//! already entered; Ctrl+Q with a bill asks first; the bill being made —
//! lines, customer, payments — is on disk after every key and comes back in
//! the next run, and is gone once the bill is saved or held.

mod common;

use common::till::{Till, key, open, till};
use galla::app::action::Action;
use galla::ui::billing::Customer;
use galla::ui::popup::Popup;
use galla_domain::payload::PayMode;
use galla_domain::{Money, Party, PartyKind};
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

fn ctrl(c: char) -> KeyEvent {
    KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL)
}

fn form_error(t: &Till) -> Option<String> {
    match t.app.popups.last() {
        Some(Popup::Payment(f)) => f.error.clone(),
        _ => None,
    }
}

fn sales(t: &Till) -> i64 {
    t.store().event_count().expect("count")
}

/// Closes the till and opens a new one on the same file (a restart).
fn restart(t: Till) -> Till {
    let Till { dir, db, codes, .. } = t;
    open(dir, db, codes)
}

#[test]
fn a_scan_into_the_payment_box_takes_nothing() {
    let mut t = till();
    let code = t.codes[0].clone();
    t.burst(&code, 1_000);
    assert_eq!(t.app.panes.billing.draft.lines.len(), 1, "{}", t.message());
    let before = sales(&t);
    t.press_at(key(KeyCode::F(10)), 5_000);
    // The reproduced defect: this scan was saved as ₹89 crore of cash.
    t.burst("8901000006547", 9_000);
    assert!(
        matches!(t.app.popups.last(), Some(Popup::Payment(_))),
        "the payment box stays open"
    );
    assert!(
        form_error(&t).is_some_and(|e| e.contains("barcode scan")),
        "{:?}",
        form_error(&t)
    );
    assert_eq!(sales(&t), before, "no bill was saved");
    assert_eq!(
        t.app.panes.billing.draft.lines.len(),
        1,
        "no line was added"
    );
    assert!(
        t.app.panes.billing.payments.is_empty(),
        "no payment was taken"
    );
    assert!(
        !t.dir.path().join("receipts.escpos").exists(),
        "nothing printed"
    );
    // The cashier then takes the cash as usual.
    t.press(key(KeyCode::Enter));
    assert!(t.app.panes.billing.draft.is_empty(), "{}", t.message());
    assert_eq!(sales(&t), before + 1);
}

#[test]
fn a_scan_into_the_quantity_prompt_changes_nothing() {
    let mut t = till();
    let code = t.codes[0].clone();
    t.scan(&code);
    t.press(KeyEvent::new(KeyCode::Char('q'), KeyModifiers::ALT));
    t.burst("8901000006547", 2_000);
    match t.app.popups.last() {
        Some(Popup::Prompt(p)) => assert!(
            p.error
                .as_deref()
                .is_some_and(|e| e.contains("barcode scan")),
            "{:?}",
            p.error
        ),
        other => panic!("the prompt stays open: {other:?}"),
    }
    assert_eq!(
        t.app.panes.billing.draft.lines[0].qty,
        galla_domain::Qty::units(1)
    );
}

#[test]
fn cash_far_above_the_bill_waits_for_a_second_enter() {
    let mut t = till();
    let code = t.codes[0].clone();
    t.scan(&code);
    let total = t.app.panes.billing.draft.totals().grand_total();
    let before = sales(&t);
    t.press(key(KeyCode::F(10)));
    let given = total + Money::from_rupees(5_000);
    t.type_text(&given.format_plain().replace(',', ""));
    t.press(key(KeyCode::Enter));
    assert_eq!(sales(&t), before, "asked, not saved");
    match t.app.popups.last() {
        Some(Popup::Payment(f)) => {
            let (_, q) = f.ask.clone().expect("a question");
            assert!(q.contains("₹5,000.00 change"), "{q}");
            assert_eq!(f.change_preview(), Some(Money::from_rupees(5_000)));
        }
        other => panic!("the payment box stays open: {other:?}"),
    }
    t.press(key(KeyCode::Enter));
    assert_eq!(sales(&t), before + 1);
    assert!(t.message().contains("change ₹5,000.00"), "{}", t.message());
    assert_eq!(
        t.app.panes.billing.change_due,
        Some(Money::from_rupees(5_000)),
        "the change shows large"
    );
    t.press(key(KeyCode::Char('x')));
    assert_eq!(t.app.panes.billing.change_due, None, "until the next key");
}

#[test]
fn khata_above_the_credit_limit_says_by_how_much_and_waits() {
    let mut t = till();
    let code = t.codes[0].clone();
    t.scan(&code);
    let party = Party {
        credit_limit: Money::from_rupees(5_000),
        ..Party::new(PartyKind::Customer, "Sunita")
    };
    t.app.panes.billing.attach(Customer {
        party,
        balance: Money::from_rupees(28_728),
    });
    let total = t.app.panes.billing.draft.totals().grand_total();
    let before = sales(&t);
    t.press(key(KeyCode::F(10)));
    t.press(key(KeyCode::Left)); // khata
    t.press(key(KeyCode::Enter));
    assert_eq!(sales(&t), before, "not saved straight away");
    let over = Money::from_rupees(28_728) + total - Money::from_rupees(5_000);
    match t.app.popups.last() {
        Some(Popup::Payment(f)) => {
            let (_, q) = f.ask.clone().expect("asked");
            assert!(
                q.contains(&format!("{over} above their credit limit")),
                "{q}"
            );
        }
        other => panic!("the payment box stays open: {other:?}"),
    }
}

#[test]
fn esc_keeps_payments_already_entered() {
    let mut t = till();
    let code = t.codes[0].clone();
    t.scan(&code);
    t.scan(&code);
    let total = t.app.panes.billing.draft.totals().grand_total();
    t.press(key(KeyCode::F(10)));
    t.type_text("10");
    t.press(key(KeyCode::Enter));
    t.press(key(KeyCode::Esc));
    assert!(t.app.popups.is_empty());
    assert!(
        t.message().contains("₹10.00 already paid"),
        "{}",
        t.message()
    );
    t.press(key(KeyCode::F(10)));
    match t.app.popups.last() {
        Some(Popup::Payment(f)) => assert_eq!(f.plan.remaining(), total - Money::from_rupees(10)),
        other => panic!("payment box: {other:?}"),
    }
    t.press(key(KeyCode::Right)); // UPI for the rest
    t.press(key(KeyCode::Enter));
    assert!(t.app.panes.billing.draft.is_empty(), "{}", t.message());
    let bills = t.store().bills_between(None, None).expect("bills");
    let last = bills.last().expect("the bill");
    let modes: Vec<(PayMode, Money)> = last
        .sale
        .payments
        .iter()
        .map(|p| (p.mode, p.amount))
        .collect();
    assert_eq!(
        modes,
        vec![
            (PayMode::Cash, Money::from_rupees(10)),
            (PayMode::Upi, total - Money::from_rupees(10))
        ]
    );
}

#[test]
fn ctrl_q_with_a_bill_asks_and_the_bill_comes_back_with_its_payments() {
    let mut t = till();
    let code = t.codes[0].clone();
    t.scan(&code);
    t.scan(&t.codes[1].clone());
    t.press(key(KeyCode::F(10)));
    t.type_text("10");
    t.press(key(KeyCode::Enter));
    t.press(ctrl('q'));
    assert!(!t.app.quit, "asks first");
    assert!(matches!(t.app.popups.last(), Some(Popup::ConfirmQuit(_))));
    t.press(key(KeyCode::Esc));
    assert!(!t.app.quit, "Esc stays");
    let draft = t.app.panes.billing.draft.clone();
    t.press(ctrl('q'));
    t.press(ctrl('q'));
    assert!(t.app.quit, "the quit key again quits");
    let mut t = restart(t);
    let bill = &t.app.panes.billing;
    assert_eq!(bill.draft, draft, "the same lines");
    assert_eq!(
        bill.payments.iter().map(|p| p.amount).collect::<Vec<_>>(),
        vec![Money::from_rupees(10)]
    );
    assert!(t.message().contains("brought back"), "{}", t.message());
    // Finishing it clears what was kept.
    t.press(key(KeyCode::F(10)));
    t.press(key(KeyCode::Enter));
    assert!(t.app.panes.billing.draft.is_empty(), "{}", t.message());
    assert_eq!(t.store().open_bill().expect("read"), None);
    let t = restart(t);
    assert!(
        t.app.panes.billing.draft.is_empty(),
        "a saved bill never comes back"
    );
}

#[test]
fn a_held_bill_is_not_kept_twice_and_a_part_paid_one_is_not_held() {
    let mut t = till();
    let code = t.codes[0].clone();
    t.scan(&code);
    t.press(key(KeyCode::F(8)));
    assert_eq!(t.store().open_bill().expect("read"), None);
    assert_eq!(t.store().held_bills().expect("held").len(), 1);
    t.scan(&code);
    t.press(key(KeyCode::F(10)));
    t.type_text("1");
    t.press(key(KeyCode::Enter));
    t.press(key(KeyCode::Esc));
    t.press(key(KeyCode::F(8)));
    assert!(t.message().contains("already paid"), "{}", t.message());
    assert_eq!(t.store().held_bills().expect("held").len(), 1, "not held");
    // Recalling the held one over a part-paid bill is refused too.
    t.press(key(KeyCode::F(9)));
    t.press(key(KeyCode::Enter));
    assert_eq!(t.store().held_bills().expect("held").len(), 1);
    assert_eq!(t.app.panes.billing.payments.len(), 1);
    let t = restart(t);
    assert_eq!(
        t.app.panes.billing.payments.len(),
        1,
        "kept across a restart"
    );
}

#[test]
fn sigterm_and_sighup_leave_at_once() {
    let mut t = till();
    let code = t.codes[0].clone();
    t.scan(&code);
    t.runner.settle(&mut t.app, Action::Stop, false);
    assert!(t.app.quit, "no question on a signal");
    let t = restart(t);
    assert_eq!(t.app.panes.billing.draft.lines.len(), 1);
}

#[test]
fn below_80x24_the_screen_says_it_is_too_small_instead_of_cutting_amounts() {
    let mut t = till();
    let code = t.codes[0].clone();
    t.scan(&format!("9999*{code}"));
    for (w, h) in [(60, 20), (40, 12), (79, 24), (80, 23)] {
        let mut terminal =
            ratatui::Terminal::new(ratatui::backend::TestBackend::new(w, h)).expect("terminal");
        terminal
            .draw(|f| galla::ui::draw(f, &t.app, &galla::ui::theme::Theme::mono()))
            .expect("draw");
        let screen = terminal.backend().to_string();
        assert!(screen.contains("terminal too small"), "{w}x{h}:\n{screen}");
        assert!(!screen.contains("Item:"), "no pane drawn at {w}x{h}");
    }
}

#[test]
fn keys_named_on_screen_follow_the_keymap() {
    use galla::ui::keymap::{Keymap, Overrides};
    let keymap = Keymap::defaults()
        .apply(&Overrides::from_entries([
            ("global", "f3", "none"),
            ("global", "alt-3", "none"),
            ("global", "f6", "go-stock"),
            ("billing", "alt-p", "none"),
            ("billing", "alt-y", "retry-print"),
            ("billing", "f9", "none"),
            ("billing", "f11", "held"),
        ]))
        .expect("valid overrides");
    let mut t = till();
    t.app.keymap = keymap.clone();
    t.app.panes.billing.keys = keymap;
    // The tab bar (at 120 columns: at 80 it has no room for every pane's key).
    let mut terminal =
        ratatui::Terminal::new(ratatui::backend::TestBackend::new(120, 24)).expect("terminal");
    terminal
        .draw(|f| galla::ui::draw(f, &t.app, &galla::ui::theme::Theme::mono()))
        .expect("draw");
    let top: String = terminal
        .backend()
        .to_string()
        .lines()
        .next()
        .unwrap_or_default()
        .into();
    assert!(top.contains("F6 Stock") && !top.contains("F3"), "{top}");
    // A printer error, and the message after holding a bill.
    let bill = &mut t.app.panes.billing;
    bill.printed(Err("Printer not found at /dev/usb/lp0 — bill saved".into()));
    let said = bill.message.clone().map(|(_, m)| m).unwrap_or_default();
    assert!(said.ends_with("Alt+y prints it again"), "{said}");
    let code = t.codes[0].clone();
    t.scan(&code);
    t.press(key(KeyCode::F(8)));
    assert!(t.message().contains("(F11 recalls)"), "{}", t.message());
}

#[test]
fn printed_is_added_once_to_its_own_bill_only() {
    let mut t = till();
    let code = t.codes[0].clone();
    t.sell(&[&code]);
    let saved = t.message();
    assert!(
        saved.starts_with("saved bill ") && saved.ends_with(" · printed"),
        "{saved}"
    );
    // A reprint (Alt+P) does not glue a second "printed" on.
    t.app.panes.billing.printed(Ok(format!(
        "bill {}",
        saved.split_whitespace().nth(2).unwrap_or("")
    )));
    assert!(t.message().starts_with("printed bill "), "{}", t.message());
    t.app
        .panes
        .billing
        .say(galla::ui::billing::Tone::Info, "added Kurta × 1");
    t.app.panes.billing.printed(Ok("bill C1-1".into()));
    assert_eq!(t.message(), "printed bill C1-1");
}

#[test]
fn text_fields_in_popups_get_the_editing_keys() {
    let mut t = till();
    let code = t.codes[0].clone();
    t.scan(&code);
    // The quantity prompt: ← moves the cursor, it does not change a mode.
    t.press(KeyEvent::new(KeyCode::Char('q'), KeyModifiers::ALT));
    t.type_text("12");
    t.press(key(KeyCode::Left));
    t.type_text("3");
    t.press(key(KeyCode::Home));
    t.type_text("4");
    t.press(key(KeyCode::End));
    t.press(key(KeyCode::Backspace));
    match t.app.popups.last() {
        Some(Popup::Prompt(p)) => assert_eq!(p.input.value(), "413"),
        other => panic!("the prompt stays open: {other:?}"),
    }
    t.press(ctrl('u'));
    match t.app.popups.last() {
        Some(Popup::Prompt(p)) => assert_eq!(p.input.value(), ""),
        other => panic!("the prompt stays open: {other:?}"),
    }
    t.press(key(KeyCode::Esc));
    // The customer search: Delete deletes.
    t.press(key(KeyCode::F(4)));
    t.type_text("anil");
    t.press(key(KeyCode::Home));
    t.press(key(KeyCode::Delete));
    match t.app.popups.last() {
        Some(Popup::Customer(c)) => assert_eq!(c.query.value(), "nil"),
        other => panic!("the customer search is open: {other:?}"),
    }
    // Its key hints name only what it does: no payment modes.
    let mut terminal =
        ratatui::Terminal::new(ratatui::backend::TestBackend::new(120, 40)).expect("terminal");
    terminal
        .draw(|f| galla::ui::draw(f, &t.app, &galla::ui::theme::Theme::mono()))
        .expect("draw");
    let screen = terminal.backend().to_string();
    assert!(
        !screen.contains("Next mode") && !screen.contains("Undo payment"),
        "{screen}"
    );
}
