//! What each event does to the projections, checked on the in-memory model.

use super::*;
use crate::payload::{Payment, Sale, SaleLine, Transfer};
use crate::projection::Projections;
use crate::{GstRate, LocationId, PriceMode, Supply};
use proptest::prelude::*;

const COUNTER: DeviceId = DeviceId(uuid::Uuid::from_u128(7));

/// `payload` as an event recorded now at one counter.
fn ev(payload: EventPayload) -> Event {
    Event {
        event_id: crate::EventId::new(),
        device_id: COUNTER,
        device_seq: 1,
        occurred_at: chrono::Utc::now(),
        actor: StaffId::OWNER,
        approved_by: None,
        location_id: None,
        payload,
    }
}

fn sale(
    variant: VariantId,
    at: LocationId,
    qty: i64,
    pay: &[(PayMode, i64)],
    customer: Option<PartyId>,
) -> EventPayload {
    let total: i64 = pay.iter().map(|(_, a)| a).sum();
    EventPayload::Sale(Sale {
        bill_id: BillId::new(),
        bill_no: "C1-1".into(),
        location_id: at,
        customer_id: customer,
        supply: Supply::IntraState,
        lines: vec![SaleLine {
            variant_id: variant,
            qty: Qty::units(qty),
            rate: Money(total),
            discount: Money::ZERO,
            gst_rate: GstRate::ZERO,
            price_mode: PriceMode::Inclusive,
            taxable: Money(total),
            cgst: Money::ZERO,
            sgst: Money::ZERO,
            igst: Money::ZERO,
        }],
        bill_discount: Money::ZERO,
        round_off: Money::ZERO,
        total: Money(total),
        document: crate::Document::TaxInvoice,
        place_of_supply: Some("27".into()),
        header: None,
        recipient: None,
        payments: pay
            .iter()
            .map(|&(mode, a)| Payment {
                mode,
                amount: Money(a),
                reference: None,
            })
            .collect(),
    })
}

#[test]
fn split_sale_moves_stock_cash_and_khata() {
    let (v, floor, cust) = (VariantId::new(), LocationId::new(), PartyId::new());
    let mut p = Projections::default();
    p.apply(
        1,
        &fold(&ev(sale(
            v,
            floor,
            2,
            &[
                (PayMode::Cash, 300),
                (PayMode::Upi, 200),
                (PayMode::Khata, 500),
            ],
            Some(cust),
        ))),
    );
    assert_eq!(p.stock.levels[&(v, floor)], Qty::units(-2));
    assert_eq!(p.books.cash[&COUNTER], Money(300));
    assert_eq!(p.khata.balances[&cust], Money(500));
    assert_eq!(p.bills.rows.len(), 1);
    assert_eq!(p.stock.moves.len(), 1);
    assert_eq!(p.stock.moves[0].kind, MoveKind::Sale);
}

#[test]
fn khata_payment_in_cash_lowers_the_balance_and_fills_the_drawer() {
    let party = PartyId::new();
    let entry = crate::payload::KhataEntry {
        party_id: party,
        amount: Money(1_000),
        mode: PayMode::Cash,
        note: None,
        reference: None,
        opening: false,
    };
    let mut p = Projections::default();
    p.apply(1, &fold(&ev(EventPayload::KhataCredit(entry.clone()))));
    p.apply(2, &fold(&ev(EventPayload::KhataPayment(entry))));
    assert_eq!(p.khata.balances[&party], Money::ZERO);
    assert_eq!(p.books.shop_cash(), Money::ZERO);
}

proptest! {
    #[test]
    fn transfers_keep_the_total(qtys in proptest::collection::vec(1i64..1_000, 1..20)) {
        let (v, a, b) = (VariantId::new(), LocationId::new(), LocationId::new());
        let mut p = Projections::default();
        for (i, q) in qtys.iter().enumerate() {
            let (from, to) = if i % 2 == 0 { (a, b) } else { (b, a) };
            let t = EventPayload::Transfer(Transfer { from, to, lines: vec![QtyLine { variant_id: v, qty: Qty::units(*q) }], note: None });
            p.apply(i as i64, &fold(&ev(t)));
        }
        let total: Qty = p.stock.levels.values().copied().sum();
        prop_assert_eq!(total, Qty::ZERO);
        prop_assert_eq!(p.stock.moves.len(), qtys.len() * 2);
    }
}

#[test]
fn a_refused_stock_movement_is_withdrawn_but_a_refused_sale_stays() {
    let (v, floor, godown) = (VariantId::new(), LocationId::new(), LocationId::new());
    let transfer = ev(EventPayload::Transfer(Transfer {
        from: floor,
        to: godown,
        lines: vec![QtyLine {
            variant_id: v,
            qty: Qty::units(4),
        }],
        note: None,
    }));
    assert_eq!(withdrawn_when_refused(&transfer.payload), fold(&transfer));
    let bill = ev(sale(v, floor, 1, &[(PayMode::Cash, 100)], None));
    assert!(
        withdrawn_when_refused(&bill.payload).is_empty(),
        "a paid sale is a fact"
    );

    let mut p = Projections::default();
    p.apply(1, &fold(&bill));
    let before = p.clone();
    p.apply(2, &fold(&transfer));
    p.stock
        .withdraw(2, &withdrawn_when_refused(&transfer.payload));
    assert_eq!(
        p.stock.levels[&(v, floor)],
        before.stock.levels[&(v, floor)]
    );
    assert_eq!(
        p.stock.levels[&(v, godown)],
        Qty::ZERO,
        "the row stays, at zero"
    );
    assert_eq!(p.stock.moves, before.stock.moves, "its movements are gone");
    assert_eq!(p.books.cash, before.books.cash);
}

proptest! {
    #[test]
    fn withdrawing_undoes_applying(qtys in proptest::collection::vec(-500i64..500, 1..20), refused in proptest::collection::vec(any::<bool>(), 20)) {
        let (v, a) = (VariantId::new(), LocationId::new());
        let mut all = Projections::default();
        let mut kept = Projections::default();
        for (i, q) in qtys.iter().enumerate() {
            let adj = ev(EventPayload::Adjustment(crate::payload::Adjustment {
                location_id: a,
                variant_id: v,
                qty_delta: Qty::units(*q),
                reason: crate::AdjustReason::Count,
                note: None,
            }));
            all.apply(i as i64, &fold(&adj));
            if refused[i] {
                all.stock.withdraw(i as i64, &withdrawn_when_refused(&adj.payload));
            } else {
                kept.apply(i as i64, &fold(&adj));
            }
        }
        prop_assert_eq!(all.stock.levels.get(&(v, a)).copied().unwrap_or_default(), kept.stock.levels.get(&(v, a)).copied().unwrap_or_default());
        prop_assert_eq!(all.stock.moves, kept.stock.moves);
    }
}
