//! The Khata pane's state without a screen: filtering by name or phone,
//! the kind toggle and sorts, a scanned amount refused, and a got entry
//! leaving as one effect with the mode chosen.

use super::*;
use galla_domain::{Money, Party};

fn party_row(name: &str, phone: &str, kind: PartyKind, rupees: i64) -> PartyRow {
    let mut party = Party::new(kind, name);
    party.phone = Some(phone.into());
    PartyRow {
        party,
        balance: Money::from_rupees(rupees),
        ageing: Default::default(),
        last_activity: None,
        last_reminder: None,
    }
}

fn pane() -> KhataPane {
    let mut p = KhataPane::default();
    p.rows_loaded(vec![
        party_row("Asha Verma", "9876500011", PartyKind::Customer, 1_200),
        party_row("सुनीता देवी", "9811122334", PartyKind::Customer, 5_000),
        party_row("Mehta Textiles", "9822001122", PartyKind::Supplier, -8_000),
    ]);
    p
}

fn names(p: &KhataPane) -> Vec<String> {
    p.visible().map(|r| r.party.name.clone()).collect()
}

#[test]
fn filters_by_name_or_phone_and_toggles_to_suppliers() {
    let mut p = pane();
    assert_eq!(names(&p), ["सुनीता देवी", "Asha Verma"], "largest first");
    p.command(Command::SortParties);
    p.command(Command::SortParties);
    assert_eq!(names(&p), ["Asha Verma", "सुनीता देवी"], "by name");
    for c in "500011".chars() {
        p.type_char(c, None);
    }
    assert_eq!(names(&p), ["Asha Verma"]);
    p.command(Command::Close);
    for c in "सुनी".chars() {
        p.type_char(c, None);
    }
    assert_eq!(names(&p), ["सुनीता देवी"]);
    p.command(Command::Close);
    p.command(Command::ToggleParties);
    assert_eq!(names(&p), ["Mehta Textiles"]);
    assert_eq!(p.totals(), (Money::ZERO, Money::from_rupees(8_000)));
}

#[test]
fn a_got_entry_leaves_as_one_effect_and_a_scan_is_refused() {
    let mut p = pane();
    p.command(Command::MoneyGot);
    assert!(p.form.is_some());
    for (i, c) in "8901000006547".chars().enumerate() {
        p.type_char(c, Some(100 + i as u64 * 3));
    }
    assert_eq!(p.command(Command::Submit), Some(Vec::new()));
    let (_, f) = p.form.as_ref().expect("still open");
    assert!(f.error.as_deref().is_some_and(|e| e.contains("barcode")));
    for c in "500".chars() {
        p.type_char(c, None);
    }
    p.command(Command::NextMode); // UPI
    p.command(Command::NextField);
    for c in "UTR1".chars() {
        p.type_char(c, None);
    }
    let effects = p.command(Command::Submit).expect("handled");
    let [
        Effect::WriteKhata(KhataWrite::Entry {
            amount,
            mode,
            reference,
            direction,
            ..
        }),
    ] = effects.as_slice()
    else {
        panic!("one write: {effects:?}");
    };
    assert_eq!(amount, "500");
    assert_eq!(*mode, PayMode::Upi);
    assert_eq!(reference.as_deref(), Some("UTR1"));
    assert_eq!(*direction, Direction::Got);
    let after = p.written(Err("no".into()));
    assert!(
        after.is_empty() && p.form.is_some(),
        "a refusal keeps the form"
    );
    let after = p.written(Ok("recorded".into()));
    assert_eq!(after, vec![Effect::LoadParties]);
    assert!(p.form.is_none());
}
