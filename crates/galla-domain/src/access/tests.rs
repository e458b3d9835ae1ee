//! Which events ask for which permission, and what each role may do.

use super::*;
use crate::payload::{
    BillCancelled, CashEntry, KhataEntry, PriceChanged, SaleLine, SettingChanged,
};
use crate::{BillId, GstRate, LocationId, PartyId, PriceMode, Qty, Supply};

fn line(variant: VariantId, qty: i64, rate: i64, discount: i64) -> SaleLine {
    SaleLine {
        variant_id: variant,
        qty: Qty::units(qty),
        rate: Money(rate),
        discount: Money(discount),
        gst_rate: GstRate::ZERO,
        price_mode: PriceMode::Inclusive,
        taxable: Money(rate * qty - discount),
        cgst: Money::ZERO,
        sgst: Money::ZERO,
        igst: Money::ZERO,
    }
}

fn sale(lines: Vec<SaleLine>, bill_discount: i64) -> EventPayload {
    EventPayload::Sale(Sale {
        bill_id: BillId::new(),
        bill_no: "C1-1".into(),
        location_id: LocationId::new(),
        customer_id: None,
        supply: Supply::IntraState,
        lines,
        bill_discount: Money(bill_discount),
        round_off: Money::ZERO,
        total: Money::ZERO,
        payments: Vec::new(),
        document: crate::Document::TaxInvoice,
        place_of_supply: None,
        header: None,
        recipient: None,
    })
}

/// A ₹100.00 item that cost ₹60.00.
fn book(v: VariantId) -> BTreeMap<VariantId, Listed> {
    [(
        v,
        Listed {
            price: Money(10_000),
            cost: Money(6_000),
        },
    )]
    .into()
}

#[test]
fn a_sale_asks_for_discount_above_the_limit_and_for_selling_below_cost() {
    let v = VariantId::new();
    let prices = book(v);
    let policy = Policy::default();
    let needs_of = |lines, bill| needs(&sale(lines, bill), &policy, &prices);
    // (rate, line discount, bill discount) → what it needs
    let table: [(i64, i64, i64, &[Permission]); 7] = [
        (10_000, 0, 0, &[]),
        (9_000, 0, 0, &[]), // exactly 10 %: allowed
        (8_999, 0, 0, &[Permission::Discount]),
        (10_000, 1_001, 0, &[Permission::Discount]),
        (10_000, 0, 2_002, &[Permission::Discount]), // bill-level, 2 units
        (5_000, 0, 0, &[Permission::Discount, Permission::BelowCost]),
        (12_000, 0, 0, &[]), // above the list price is no discount
    ];
    for (rate, discount, bill, want) in table {
        assert_eq!(
            needs_of(vec![line(v, 2, rate, discount * 2)], bill),
            want.to_vec(),
            "rate {rate}, line discount {discount}, bill discount {bill}"
        );
    }
    // An unknown item (created on another counter, not here yet) is not judged.
    assert!(
        needs(
            &sale(vec![line(VariantId::new(), 1, 1, 0)], 0),
            &policy,
            &prices
        )
        .is_empty()
    );
    let generous = Policy {
        discount_percent: 50,
        ..Policy::default()
    };
    assert_eq!(
        needs(&sale(vec![line(v, 1, 5_500, 0)], 0), &generous, &prices),
        vec![Permission::BelowCost]
    );
}

#[test]
fn each_guarded_event_asks_for_its_permission() {
    let policy = Policy::default();
    let prices = BTreeMap::new();
    let cash = |mode, opening| KhataEntry {
        party_id: PartyId::new(),
        amount: Money(100),
        mode,
        note: None,
        reference: None,
        opening,
    };
    let setting = |key: &str| {
        EventPayload::SettingsChanged(SettingChanged {
            key: key.into(),
            value: serde_json::Value::Null,
        })
    };
    let table = [
        (
            EventPayload::PriceChanged(PriceChanged {
                variant_id: VariantId::new(),
                price: Money(1),
                mrp: Money(1),
            }),
            Some(Permission::ChangePrice),
        ),
        (
            EventPayload::BillCancelled(BillCancelled {
                bill_id: BillId::new(),
                reason: "wrong item".into(),
                location_id: LocationId::new(),
                lines: Vec::new(),
                customer_id: None,
                khata_reversed: Money::ZERO,
                cash_reversed: Money::ZERO,
                upi_reversed: Money::ZERO,
                card_reversed: Money::ZERO,
            }),
            Some(Permission::CancelReturn),
        ),
        (
            EventPayload::CashbookOut(CashEntry {
                amount: Money(100),
                head: "tea".into(),
                note: None,
                staff_id: None,
            }),
            Some(Permission::PayOut),
        ),
        (
            EventPayload::CashbookIn(CashEntry {
                amount: Money(100),
                head: "capital".into(),
                note: None,
                staff_id: None,
            }),
            None,
        ),
        (
            EventPayload::KhataCredit(cash(PayMode::Cash, false)),
            Some(Permission::PayOut),
        ),
        (EventPayload::KhataCredit(cash(PayMode::Cash, true)), None),
        (EventPayload::KhataCredit(cash(PayMode::Upi, false)), None),
        (EventPayload::KhataPayment(cash(PayMode::Cash, false)), None),
        (setting("shop.name"), Some(Permission::ChangeSettings)),
        (setting("role.cashier"), Some(Permission::ManageUsers)),
        (
            setting("users.discount_percent"),
            Some(Permission::ManageUsers),
        ),
        (
            EventPayload::StaffCreated(crate::Staff::new(crate::StaffId::new(), "Ravi", "cashier")),
            Some(Permission::ManageUsers),
        ),
    ];
    for (payload, want) in table {
        assert_eq!(
            needs(&payload, &policy, &prices),
            want.into_iter().collect::<Vec<_>>(),
            "{}",
            payload.kind()
        );
    }
}

#[test]
fn owners_may_do_everything_and_other_roles_what_they_are_granted() {
    let mut policy = Policy::default();
    for p in Permission::ALL {
        assert!(policy.allows(Role::Owner, p));
        assert!(!policy.allows(Role::Cashier, p), "{p:?}");
        assert!(!policy.allows(Role::Stock, p), "{p:?}");
        assert_eq!(Permission::parse(p.name()), Some(p));
    }
    assert!(policy.allows(Role::Manager, Permission::CancelReturn));
    assert!(!policy.allows(Role::Manager, Permission::ManageUsers));
    policy.grant(Role::Cashier, [Permission::PayOut].into());
    policy.grant(Role::Owner, BTreeSet::new());
    assert!(policy.allows(Role::Cashier, Permission::PayOut));
    assert!(
        policy.allows(Role::Owner, Permission::PayOut),
        "never taken"
    );
    assert_eq!(Role::of("cook"), Role::Helper);
    assert!(!Role::Helper.signs_in() && Role::Stock.signs_in() && !Role::Stock.writes());
    assert_eq!(Permission::parse("Pay_Out"), Some(Permission::PayOut));
}

#[test]
fn the_back_date_lock_counts_whole_days() {
    let today = NaiveDate::from_ymd_opt(2026, 11, 20).expect("date");
    let day = |d| NaiveDate::from_ymd_opt(2026, 11, d).expect("date");
    assert!(!too_far_back(day(17), today, 3));
    assert!(too_far_back(day(16), today, 3));
    assert!(
        !too_far_back(day(21), today, 0),
        "a future day is not back-dated"
    );
    assert!(too_far_back(day(19), today, 0));
}
