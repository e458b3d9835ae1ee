//! The payment form's rules, key by key.

use super::*;
use galla_domain::PartyId;

fn rs(r: i64) -> Money {
    Money::from_rupees(r)
}

/// Types `text` with `gap` ms between keys, starting at `start`.
fn type_at(f: &mut PaymentForm, text: &str, start: u64, gap: u64) {
    for (i, c) in text.chars().enumerate() {
        f.type_char(c, Some(start + i as u64 * gap));
    }
}

#[test]
fn blank_enter_pays_the_rest_in_cash() {
    let mut f = PaymentForm::new(rs(250), &[]);
    assert_eq!(f.submit(), PaySubmit::Done);
    assert_eq!(f.plan.paid(), rs(250));
}

#[test]
fn split_cash_then_upi() {
    let mut f = PaymentForm::new(rs(250), &[]);
    type_at(&mut f, "100", 0, 300);
    assert_eq!(f.submit(), PaySubmit::Added);
    f.step_mode(true);
    assert_eq!(f.submit(), PaySubmit::Done);
    let modes: Vec<PayMode> = f.plan.entries().iter().map(|e| e.mode).collect();
    assert_eq!(modes, vec![PayMode::Cash, PayMode::Upi]);
}

#[test]
fn bad_amounts_and_khata_without_customer_are_refused() {
    let mut f = PaymentForm::new(rs(250), &[]);
    f.type_char('x', None);
    assert_eq!(f.submit(), PaySubmit::Refused);
    assert!(
        f.error
            .as_deref()
            .is_some_and(|e| e.contains("not an amount"))
    );
    f.amount.reset();
    f.mode = 3;
    assert_eq!(f.submit(), PaySubmit::Refused);
    assert!(
        f.error
            .as_deref()
            .is_some_and(|e| e.contains("needs a customer"))
    );
    assert_eq!(f.plan.paid(), Money::ZERO);
}

#[test]
fn a_scan_into_the_amount_takes_nothing_and_clears_the_field() {
    // The reproduced defect: ₹79 bill, F10, scan 8901000006547 + Enter.
    let mut f = PaymentForm::new(rs(79), &[]);
    type_at(&mut f, "8901000006547", 10_000, 4);
    assert_eq!(f.submit(), PaySubmit::Refused);
    assert!(f.plan.entries().is_empty(), "nothing was taken");
    assert_eq!(f.amount.value(), "");
    assert!(
        f.error
            .as_deref()
            .is_some_and(|e| e.contains("barcode scan"))
    );
    // Typed by hand, the cashier's own ₹100 works at once.
    type_at(&mut f, "100", 20_000, 250);
    assert_eq!(f.change_preview(), Some(rs(21)));
    assert_eq!(f.submit(), PaySubmit::Done);
    assert_eq!(f.plan.change(), rs(21));
}

#[test]
fn a_scan_into_the_reference_is_refused_too() {
    let mut f = PaymentForm::new(rs(79), &[]);
    f.mode = 2;
    f.field = 1;
    type_at(&mut f, "8901000006547", 0, 3);
    assert_eq!(f.submit(), PaySubmit::Refused);
    assert!(f.plan.entries().is_empty());
}

#[test]
fn cash_far_above_the_bill_asks_and_enter_again_takes_it() {
    let mut f = PaymentForm::new(rs(79), &[]);
    type_at(&mut f, "5000", 0, 300);
    assert_eq!(f.submit(), PaySubmit::Asked);
    assert!(f.plan.entries().is_empty());
    let (_, question) = f.ask.clone().expect("a question");
    assert_eq!(
        question,
        "cash ₹5,000.00 for ₹79.00 due means ₹4,921.00 change"
    );
    assert_eq!(f.submit(), PaySubmit::Done, "the same entry again confirms");
    assert_eq!(f.plan.change(), rs(4_921));
}

#[test]
fn changing_the_amount_after_a_question_asks_again() {
    let mut f = PaymentForm::new(rs(79), &[]);
    type_at(&mut f, "5000", 0, 300);
    assert_eq!(f.submit(), PaySubmit::Asked);
    f.amount.type_char('0', None);
    assert_eq!(f.submit(), PaySubmit::Asked, "₹50,000 is a new question");
    assert!(f.plan.entries().is_empty());
}

#[test]
fn khata_above_the_limit_asks_by_how_much() {
    let mut f = PaymentForm::new(rs(79), &[]);
    f.khata = Some(KhataAccount {
        party_id: PartyId::new(),
        name: "Sunita".into(),
        balance: rs(28_728),
        credit_limit: rs(5_000),
        refuse_above_limit: false,
    });
    f.mode = 3;
    assert_eq!(f.submit(), PaySubmit::Asked);
    let (_, question) = f.ask.clone().expect("asked");
    assert!(
        question.contains("₹23,807.00 above their credit limit ₹5,000.00"),
        "{question}"
    );
    assert!(f.plan.entries().is_empty());
    assert_eq!(f.submit(), PaySubmit::Done);
}
