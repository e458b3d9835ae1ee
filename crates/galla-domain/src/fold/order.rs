//! The proof that projections do not depend on arrival order: random sets of
//! events of every kind that has a projection — over a few shared ids, at a
//! few shared milliseconds so that ties happen — folded in a random
//! permutation give exactly the projections of the original order.

use super::*;
use crate::catalogue::PartyKind;
use crate::ids::{EventId, ProductId};
use crate::payload::{
    Adjustment, Attendance, BillCancelled, CashEntry, DayClosed, KhataEntry, Payment, PriceChanged,
    Purchase, PurchaseLine, PurchaseReturn, ReminderSent, Sale, SaleLine, SaleReturn,
    SettingChanged, StaffStatus, Transfer, VariantStatus,
};
use crate::projection::Projections;
use crate::projection::report::{ItemSums, span_of};
use crate::{AdjustReason, GstRate, PriceMode, Supply, Unit};
use chrono::{DateTime, Utc};
use proptest::prelude::*;
use std::collections::BTreeMap;
use uuid::Uuid;

fn id(n: u8) -> Uuid {
    Uuid::from_u128(0x0190_0000_0000_7000_8000_0000_0000_0000 | u128::from(n))
}

fn variant(n: u8, price: i64) -> Variant {
    Variant {
        variant_id: VariantId(id(n)),
        product_id: ProductId(id(1)),
        sku: format!("SKU-{n}"),
        barcode: None,
        size: None,
        colour: None,
        mrp: Money(price + 100),
        price: Money(price),
        cost: Money(price / 2),
        reorder_level: Qty::ZERO,
    }
}

/// One event made from a few small random numbers; `n` picks the kind, `i`
/// is its place in the list (a bill id is used by one SALE only; a cancel
/// names one of the first three events' bill ids, so it may come first).
pub(crate) fn payload(i: usize, n: u8, a: u8, b: u8, amount: i64) -> EventPayload {
    let (a, b) = (a % 3, b % 2);
    let v = VariantId(id(10 + a));
    let loc = LocationId(id(20 + b));
    let party = PartyId(id(30 + b));
    let staff = StaffId(id(40 + b));
    let bill = BillId(id(50 + a));
    use EventPayload as P;
    match n % 24 {
        0 => P::VariantCreated(variant(10 + a, amount)),
        1 | 2 => P::PriceChanged(PriceChanged {
            variant_id: v,
            price: Money(amount),
            mrp: Money(amount + 50),
        }),
        3 => P::PartyChanged(Party {
            party_id: party,
            phone: Some(format!("98765{amount:05}")),
            credit_limit: Money(amount),
            terms_days: Some(u16::from(a) * 7),
            ..Party::new(PartyKind::Customer, format!("Party {a}"))
        }),
        4 => P::StaffStatusChanged(StaffStatus {
            staff_id: staff,
            active: a != 1,
            on_leave: a == 2,
            note: (a == 2).then(|| "wedding in the family".into()),
        }),
        5 => P::Attendance(Attendance {
            staff_id: staff,
            date: chrono::NaiveDate::from_ymd_opt(2026, 12, 1 + u32::from(a)).expect("date"),
            mark: if b == 0 {
                AttendanceMark::CheckIn
            } else {
                AttendanceMark::CheckOut
            },
            note: (a == 2).then(|| "bus strike".into()),
        }),
        6 => P::SettingsChanged(SettingChanged {
            key: format!("key{b}"),
            value: serde_json::json!(amount),
        }),
        7 => P::Sale(Sale {
            bill_id: BillId(id(50 + (i % 200) as u8)),
            bill_no: format!("C1-{a}"),
            location_id: loc,
            customer_id: Some(party),
            supply: Supply::IntraState,
            // Two lines of one variant, and another: the report facts sum
            // them per variant.
            lines: [v, v, VariantId(id(10 + (a + 1) % 3))]
                .into_iter()
                .take(1 + usize::from(b) * 2)
                .map(|variant_id| SaleLine {
                    variant_id,
                    qty: Qty::units(1 + i64::from(a)),
                    rate: Money(amount),
                    discount: Money(i64::from(b) * 10),
                    gst_rate: GstRate::from_basis_points(500),
                    price_mode: PriceMode::Inclusive,
                    taxable: Money(amount - amount / 21),
                    cgst: Money(amount / 42),
                    sgst: Money(amount / 42),
                    igst: Money::ZERO,
                })
                .collect(),
            bill_discount: Money::ZERO,
            round_off: Money::ZERO,
            total: Money(amount * 2),
            payments: vec![
                Payment {
                    mode: PayMode::Cash,
                    amount: Money(amount),
                    reference: None,
                },
                Payment {
                    mode: PayMode::Khata,
                    amount: Money(amount),
                    reference: None,
                },
                Payment {
                    mode: PayMode::Upi,
                    amount: Money(amount / 2),
                    reference: Some("UTR1".into()),
                },
            ],
            document: crate::Document::TaxInvoice,
            place_of_supply: Some("27".into()),
            header: None,
            recipient: None,
        }),
        8 => P::BillCancelled(BillCancelled {
            bill_id: bill,
            reason: "wrong item".into(),
            location_id: loc,
            lines: vec![QtyLine {
                variant_id: v,
                qty: Qty::units(1),
            }],
            customer_id: Some(party),
            khata_reversed: Money(amount),
            cash_reversed: Money(amount),
            upi_reversed: Money(amount / 2),
            card_reversed: Money::ZERO,
        }),
        9 => P::KhataPayment(KhataEntry {
            party_id: party,
            amount: Money(amount),
            mode: [PayMode::Cash, PayMode::Upi, PayMode::Khata][usize::from(a)],
            note: None,
            reference: (a == 1).then(|| format!("UPI{amount}")),
            opening: a == 2 && b == 0,
        }),
        15 => P::DayClosed(DayClosed {
            date: chrono::NaiveDate::from_ymd_opt(2026, 12, 1 + u32::from(a)).expect("date"),
            expected: Money(amount),
            counted: Money(amount - 100 * i64::from(b)),
            denominations: vec![(Money(50_000), 2)],
            note: None,
        }),
        22 => P::SaleReturn(SaleReturn {
            bill_id: bill,
            location_id: loc,
            customer_id: (b == 1).then_some(party),
            lines: vec![QtyLine {
                variant_id: v,
                qty: Qty::units(1),
            }],
            refund: Money(amount),
            refund_mode: [PayMode::Cash, PayMode::Upi, PayMode::Khata][usize::from(a)],
            note_no: format!("C1-CN{i}"),
            bill_no: format!("C1-{a}"),
            bill_at: None,
            taxes: vec![crate::payload::RateTax {
                gst_rate: GstRate::from_basis_points(500),
                taxable: Money(amount - amount / 21),
                cgst: Money(amount / 42),
                sgst: Money(amount / 42),
                igst: Money::ZERO,
            }],
            header: None,
        }),
        23 => P::Purchase(Purchase {
            location_id: loc,
            supplier_id: (b == 0).then_some(party),
            invoice_no: Some(format!("INV/{a}")),
            lines: vec![PurchaseLine {
                variant_id: v,
                qty: Qty::units(amount % 9 + 1),
                cost: Money(amount / 2),
                gst_rate: None,
            }],
            on_credit: Money::ZERO,
            paid_cash: Money::ZERO,
            paid_upi: Money::ZERO,
            reference: None,
            invoice_date: None,
        }),
        16 => P::ReminderSent(ReminderSent {
            party_id: party,
            amount: Money(amount),
            channel: "whatsapp".into(),
        }),
        10 => P::CashbookOut(CashEntry {
            amount: Money(amount),
            head: if b == 1 { "salary advance" } else { "tea" }.into(),
            note: None,
            staff_id: (b == 1).then_some(staff),
        }),
        11 => P::Adjustment(Adjustment {
            location_id: loc,
            variant_id: v,
            qty_delta: Qty::units(amount % 50 - 25),
            reason: AdjustReason::Count,
            note: None,
        }),
        12 => P::Transfer(Transfer {
            from: loc,
            to: LocationId(id(21 - b)),
            lines: vec![QtyLine {
                variant_id: v,
                qty: Qty::units(amount % 7 + 1),
            }],
            note: None,
        }),
        13 => P::ProductCreated(Product {
            product_id: ProductId(id(1)),
            name: format!("Kurta {a}"),
            hsn: "6211".into(),
            gst_rate: GstRate::from_basis_points(500),
            price_mode: PriceMode::Inclusive,
            unit: Unit::Piece,
            category: None,
        }),
        17 => P::ProductChanged(Product {
            product_id: ProductId(id(1)),
            name: format!("Kurta {a} (renamed)"),
            hsn: "6211".into(),
            gst_rate: GstRate::from_basis_points(1200),
            price_mode: PriceMode::Exclusive,
            unit: Unit::Piece,
            category: Some(format!("Shelf {b}")),
        }),
        // A variant's details changed at one counter while its price
        // changed at another: neither write may undo the other.
        18 => P::VariantChanged(Variant {
            sku: format!("SKU-{a}-{b}"),
            size: Some(format!("size {b}")),
            ..variant(10 + a, amount)
        }),
        19 => P::VariantStatusChanged(VariantStatus {
            variant_id: v,
            active: b == 0,
            note: None,
        }),
        20 => P::LocationChanged(Location {
            location_id: loc,
            name: format!("Godown {a}"),
        }),
        14 if a == 1 => P::Purchase(Purchase {
            location_id: loc,
            supplier_id: Some(party),
            invoice_no: Some(format!("INV-{amount}")),
            lines: vec![PurchaseLine {
                variant_id: v,
                qty: Qty::units(amount % 9 + 1),
                cost: Money(amount),
                gst_rate: Some(GstRate::from_basis_points(500)),
            }],
            on_credit: Money(amount),
            paid_cash: Money(amount / 3),
            paid_upi: Money(amount / 2),
            reference: Some("UTR9".into()),
            invoice_date: None,
        }),
        21 => P::PurchaseReturn(PurchaseReturn {
            location_id: loc,
            supplier_id: Some(party),
            invoice_no: None,
            lines: vec![PurchaseLine {
                variant_id: v,
                qty: Qty::units(amount % 3 + 1),
                cost: Money(amount),
                gst_rate: None,
            }],
            on_credit: Money(amount),
            refund_cash: Money(amount / 4),
            refund_upi: Money(b.into()),
            note: Some("torn".into()),
        }),
        14 if a == 0 => P::SaleReturn(crate::payload::SaleReturn {
            bill_id: bill,
            location_id: loc,
            customer_id: Some(party),
            lines: vec![QtyLine {
                variant_id: v,
                qty: Qty::units(1),
            }],
            refund: Money(amount),
            refund_mode: if b == 0 {
                PayMode::Cash
            } else {
                PayMode::Khata
            },
            note_no: format!("C1-CN{i}"),
            bill_no: "C1-1".into(),
            bill_at: None,
            taxes: vec![crate::payload::RateTax {
                gst_rate: GstRate::from_basis_points(500),
                taxable: Money(amount),
                ..Default::default()
            }],
            header: None,
        }),
        _ if b == 1 => P::StaffChanged(crate::catalogue::Staff::new(
            staff,
            format!("Staff {a} (renamed)"),
            "manager",
        )),
        _ => P::StaffCreated(crate::catalogue::Staff::new(
            staff,
            format!("Staff {a}"),
            "cashier",
        )),
    }
}

pub(super) fn events(raw: &[(u8, u8, u8, i64, u8, u8)]) -> Vec<Event> {
    raw.iter()
        .enumerate()
        .map(|(i, &(n, a, b, amount, at, counter))| Event {
            // Ids in no relation to the list order, so ties are broken
            // both ways.
            event_id: EventId(Uuid::from_u128(
                (u128::from(amount.unsigned_abs()) << 64) | i as u128,
            )),
            device_id: DeviceId(id(60 + counter % 2)),
            device_seq: i as u64 + 1,
            occurred_at: DateTime::<Utc>::from_timestamp_millis(
                1_764_000_000_000 + i64::from(at % 4),
            )
            .expect("time"),
            actor: StaffId::OWNER,
            approved_by: None,
            location_id: None,
            payload: payload(i, n, a, b, amount),
        })
        .collect()
}

fn project(events: &[(i64, &Event)]) -> Projections {
    let mut p = Projections::default();
    for (seq, e) in events {
        p.apply(*seq, &fold(e));
    }
    // The stock history is a set of movements, each labelled with its
    // event's number (the store reads it back by number, never by arrival).
    p.stock.moves.sort();
    p
}

pub(super) fn raw_events() -> impl Strategy<Value = Vec<(u8, u8, u8, i64, u8, u8)>> {
    proptest::collection::vec(
        (
            any::<u8>(),
            any::<u8>(),
            any::<u8>(),
            1i64..10_000,
            any::<u8>(),
            any::<u8>(),
        ),
        1..40,
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]
    #[test]
    fn any_order_of_the_same_events_gives_the_same_projections(
        (raw, order) in raw_events().prop_flat_map(|raw| {
            let n = raw.len();
            (Just(raw), Just((0..n).collect::<Vec<_>>()).prop_shuffle())
        })
    ) {
        let all = events(&raw);
        // `seq` names the event (it is where the event sits in this store),
        // so each event keeps its own number in both orders.
        let in_order: Vec<(i64, &Event)> = all.iter().enumerate().map(|(i, e)| (i as i64 + 1, e)).collect();
        let shuffled: Vec<(i64, &Event)> = order.iter().map(|&i| in_order[i]).collect();
        let a = project(&in_order);
        let b = project(&shuffled);
        prop_assert!(a == b, "differences: {:?}", a.diff(&b, 5));
        // Every balance is the sum of its lines: the khata and the drawer
        // list exactly what moved them.
        for (party, balance) in &a.khata.balances {
            let lines: Money = a.khata.lines.iter().filter(|((p, _), _)| p == party).map(|(_, (m, _))| *m).sum();
            prop_assert_eq!(*balance, lines);
        }
        // The report's slot sums hold every bill and return folded.
        let billed: Money = a.report.bills.values().filter_map(|b| b.sale).map(|s| s.total).sum();
        let slotted: Money = a.report.slots.values().map(|s| s.total).sum();
        prop_assert_eq!(billed, slotted);
        // The sales by span are the sales by slot, summed.
        let mut spans = BTreeMap::new();
        for ((slot, v, l, r), s) in &a.report.items {
            spans.entry((span_of(*slot), *v, *l, *r)).or_insert_with(ItemSums::default).add(s);
        }
        prop_assert_eq!(&spans, &a.report.spans);
        // Every bill is counted once in the documents issued.
        let issued: i64 = a.report.docs.values().map(|d| d.bills).sum();
        prop_assert_eq!(issued, a.report.bills.values().filter(|b| b.sale.is_some()).count() as i64);
        let refunds: Money = a.report.returns.values().map(|r| r.refund).sum();
        let slot_refunds: Money = a.report.slots.values().flat_map(|s| s.refunded).sum();
        prop_assert_eq!(refunds, slot_refunds);
        for (device, cash) in &a.books.cash {
            let lines: Money = a.books.lines.iter()
                .filter(|((d, mode, _), _)| d == device && *mode == PayMode::Cash)
                .map(|(_, (m, _))| *m).sum();
            prop_assert_eq!(*cash, lines);
        }
    }
}

#[test]
fn a_later_price_wins_whichever_arrives_first() {
    let created = events(&[(0, 0, 0, 1_000, 0, 0)]);
    let mut change = events(&[(1, 0, 0, 0, 0, 0), (1, 0, 0, 2_500, 3, 1)]);
    let newer = change.pop().expect("two");
    for order in [
        vec![&created[0], &change[0], &newer],
        vec![&newer, &change[0], &created[0]],
        vec![&change[0], &newer, &created[0]],
    ] {
        let seqd: Vec<(i64, &Event)> = order
            .into_iter()
            .map(|e| (e.device_seq as i64, e))
            .collect();
        let p = project(&seqd);
        assert_eq!(p.catalogue.variants[&VariantId(id(10))].price, Money(2_500));
    }
}

#[test]
fn a_check_out_keeps_the_check_in() {
    let marks = events(&[(5, 0, 0, 1, 0, 0), (5, 0, 1, 1, 1, 0)]);
    let p = project(&[(1, &marks[0]), (2, &marks[1])]);
    let kept: Vec<_> = p.staff.attendance.values().map(|(m, _)| *m).collect();
    assert_eq!(
        kept,
        vec![AttendanceMark::CheckIn, AttendanceMark::CheckOut]
    );
}

#[test]
fn cash_is_kept_per_counter() {
    let two = events(&[(10, 0, 0, 300, 0, 0), (10, 0, 0, 200, 0, 1)]);
    let p = project(&[(1, &two[0]), (2, &two[1])]);
    assert_eq!(
        p.books.cash.len(),
        2,
        "one drawer per counter: {:?}",
        p.books.cash
    );
    assert_eq!(p.books.shop_cash(), Money(-500));
}

#[test]
fn a_details_change_never_undoes_a_price_change_from_another_counter() {
    // Counter A changes the price (stamp 1); counter B, not having seen
    // it, renames the variant later (stamp 3) with the old price in its
    // record: the new price stays, whichever arrives first.
    let created = events(&[(0, 0, 0, 1_000, 0, 0)]);
    let price = events(&[(1, 0, 0, 0, 0, 0), (1, 0, 0, 2_500, 1, 1)]);
    let renamed = events(&[
        (0, 0, 0, 0, 0, 0),
        (0, 0, 0, 0, 0, 0),
        (18, 0, 1, 1_000, 3, 0),
    ]);
    let (created, price, renamed) = (&created[0], &price[1], &renamed[2]);
    for order in [
        vec![created, price, renamed],
        vec![renamed, price, created],
        vec![created, renamed, price],
        vec![renamed, created, price],
    ] {
        let seqd: Vec<(i64, &Event)> = order
            .into_iter()
            .enumerate()
            .map(|(i, e)| (i as i64 + 1, e))
            .collect();
        let p = project(&seqd);
        let v = &p.catalogue.variants[&VariantId(id(10))];
        assert_eq!((v.price, v.sku.as_str()), (Money(2_500), "SKU-0-1"));
    }
}
