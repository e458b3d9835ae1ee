//! Changes to saved bills: refusals, refunds that reverse exactly what was
//! paid (tables and a property), credit-note taxes and the bill's status.

use super::*;

#[test]
fn a_cancelled_bill_takes_nothing_and_a_returned_one_is_not_cancelled() {
    assert_eq!(may_cancel(false, false), Ok(()));
    assert_eq!(may_cancel(true, false), Err(ChangeRefused::Cancelled));
    assert_eq!(may_cancel(false, true), Err(ChangeRefused::HasReturns));
    assert_eq!(may_return(true), Err(ChangeRefused::Cancelled));
    assert_eq!(may_return(false), Ok(()));
    assert!(
        ChangeRefused::HasReturns
            .words("C1-4")
            .contains("take the rest back")
    );
}

fn sale(lines: &[(u128, i64, i64)], total: i64) -> Sale {
    use crate::payload::SaleLine;
    let lines: Vec<SaleLine> = lines
        .iter()
        .map(|&(v, qty, paise)| SaleLine {
            variant_id: VariantId(uuid::Uuid::from_u128(v)),
            qty: Qty::units(qty),
            rate: Money(paise),
            discount: Money::ZERO,
            gst_rate: crate::GstRate::ZERO,
            price_mode: crate::PriceMode::Inclusive,
            taxable: Money(paise),
            cgst: Money::ZERO,
            sgst: Money::ZERO,
            igst: Money::ZERO,
        })
        .collect();
    let sum: i64 = lines.iter().map(|l| l.taxable.paise()).sum();
    Sale {
        bill_id: crate::BillId::new(),
        bill_no: "C1-4".into(),
        location_id: crate::LocationId::new(),
        customer_id: None,
        supply: crate::Supply::IntraState,
        lines,
        bill_discount: Money::ZERO,
        round_off: Money(total - sum),
        total: Money(total),
        payments: Vec::new(),
        document: crate::Document::TaxInvoice,
        place_of_supply: None,
        header: None,
        recipient: None,
    }
}

fn back(v: u128, qty: i64) -> QtyLine {
    QtyLine {
        variant_id: VariantId(uuid::Uuid::from_u128(v)),
        qty: Qty::units(qty),
    }
}

#[test]
fn returns_in_parts_refund_exactly_what_was_paid() {
    // Lines ₹1,944.41, paid ₹1,944.00 (round-off −₹0.41), back in two parts.
    let bill = sale(&[(1, 1, 100_000), (2, 1, 94_441)], 194_400);
    let first = refund(&bill, &[], &[back(1, 1)]);
    let second = refund(&bill, &[back(1, 1)], &[back(2, 1)]);
    assert_eq!(first + second, Money(194_400), "{first} + {second}");
    assert_eq!(first.paise() % 100, 0, "rounded to the rupee like the bill");
    // A ₹30.85 line of three units, one unit at a time, on a ₹31 bill.
    let soap = sale(&[(3, 3, 3_085)], 3_100);
    let mut refunds = Vec::new();
    let mut before = Vec::new();
    for _ in 0..3 {
        refunds.push(refund(&soap, &before, &[back(3, 1)]));
        before.push(back(3, 1));
    }
    assert_eq!(
        refunds.iter().copied().sum::<Money>(),
        Money(3_100),
        "{refunds:?}"
    );
}

/// A real bill made by the draft's arithmetic: (units, rate in paise, GST %)
/// per line, inclusive prices, with a bill discount in paise.
fn taxed(lines: &[(i64, i64, u16)], discount: i64, supply: crate::Supply) -> Sale {
    use crate::bill::{BillDiscount, Draft, DraftLine, LineDiscount};
    let mut draft = Draft::new(supply, crate::Regime::Regular);
    for (i, &(qty, rate, gst)) in lines.iter().enumerate() {
        draft
            .add(DraftLine {
                variant_id: VariantId(uuid::Uuid::from_u128(i as u128 + 1)),
                sku: format!("S{i}"),
                name: format!("item {i}"),
                hsn: "6109".into(),
                qty: Qty::units(qty),
                rate: Money(rate),
                mrp: Money::ZERO,
                cost: Money::ZERO,
                discount: LineDiscount::None,
                gst_rate: crate::GstRate::from_percent(gst),
                price_mode: crate::PriceMode::Inclusive,
                unit: crate::Unit::Piece,
            })
            .expect("line");
    }
    if discount > 0 {
        draft
            .set_bill_discount(BillDiscount::Amount(Money(discount)))
            .expect("discount");
    }
    let total = draft.totals().grand_total();
    let pay = vec![crate::payload::Payment {
        mode: crate::payload::PayMode::Cash,
        amount: total,
        reference: None,
    }];
    draft
        .to_sale(
            crate::BillId::new(),
            "C1-9".into(),
            crate::LocationId::new(),
            None,
            pay,
        )
        .expect("sale")
}

/// The bill's own taxable value and tax by rate.
fn bill_taxes(sale: &Sale) -> Vec<RateTax> {
    credited(sale, &[], &sale_lines(sale))
}

fn sale_lines(sale: &Sale) -> Vec<QtyLine> {
    sale.lines
        .iter()
        .map(|l| QtyLine {
            variant_id: l.variant_id,
            qty: l.qty,
        })
        .collect()
}

fn add_up(parts: &[Vec<RateTax>]) -> Vec<RateTax> {
    let mut out: Vec<RateTax> = Vec::new();
    for r in parts.iter().flatten() {
        match out.iter_mut().find(|o| o.gst_rate == r.gst_rate) {
            Some(o) => {
                o.taxable += r.taxable;
                o.cgst += r.cgst;
                o.sgst += r.sgst;
                o.igst += r.igst;
            }
            None => out.push(*r),
        }
    }
    out.sort_by_key(|r| r.gst_rate);
    out
}

#[test]
fn returns_in_one_two_and_three_parts_add_up_to_what_was_paid() {
    // Each bill has a round-off; each is returned in 1, 2 and 3 parts.
    let bills = [
        taxed(&[(3, 3_085, 18)], 0, crate::Supply::IntraState),
        taxed(
            &[(1, 100_000, 5), (1, 94_441, 12)],
            0,
            crate::Supply::IntraState,
        ),
        taxed(
            &[(2, 49_949, 5), (3, 3_800, 18), (1, 12_345, 0)],
            2_017,
            crate::Supply::InterState,
        ),
        taxed(
            &[(7, 1_999, 28), (2, 26_950, 40)],
            0,
            crate::Supply::IntraState,
        ),
    ];
    for sale in &bills {
        assert!(!sale.round_off.is_zero(), "{} has a round-off", sale.total);
        let all = sale_lines(sale);
        let units: Vec<QtyLine> = all
            .iter()
            .flat_map(|l| {
                (0..l.qty.milli() / 1000).map(|_| QtyLine {
                    variant_id: l.variant_id,
                    qty: Qty::units(1),
                })
            })
            .collect();
        for parts in 1..=3usize {
            // Split the units into `parts` runs, as even as they go.
            let size = units.len().div_ceil(parts);
            let runs: Vec<&[QtyLine]> = units.chunks(size.max(1)).collect();
            let mut before: Vec<QtyLine> = Vec::new();
            let mut refunds = Vec::new();
            let mut credits = Vec::new();
            for run in &runs {
                refunds.push(refund(sale, &before, run));
                credits.push(credited(sale, &before, run));
                before.extend_from_slice(run);
            }
            let paid: Money = refunds.iter().copied().sum();
            assert_eq!(paid, sale.total, "{parts} parts: {refunds:?}");
            assert_eq!(add_up(&credits), bill_taxes(sale), "{parts} parts");
            assert_eq!(status(sale, &before, false), BillStatus::Returned);
        }
    }
}

#[test]
fn the_status_follows_what_came_back() {
    let sale = taxed(
        &[(2, 10_000, 5), (1, 5_000, 18)],
        0,
        crate::Supply::IntraState,
    );
    let v = |i: usize| sale.lines[i].variant_id;
    let q = |i: usize, n: i64| QtyLine {
        variant_id: v(i),
        qty: Qty::units(n),
    };
    assert_eq!(status(&sale, &[], false), BillStatus::Saved);
    assert_eq!(status(&sale, &[q(0, 1)], false), BillStatus::PartlyReturned);
    assert_eq!(
        status(&sale, &[q(0, 1), q(1, 1)], false),
        BillStatus::PartlyReturned
    );
    assert_eq!(
        status(&sale, &[q(0, 1), q(1, 1), q(0, 1)], false),
        BillStatus::Returned
    );
    assert_eq!(status(&sale, &[q(0, 1)], true), BillStatus::Cancelled);
    assert_eq!(BillStatus::PartlyReturned.as_str(), "partly_returned");
    assert_eq!(BillStatus::PartlyReturned.words(), "partly returned");
}

mod property {
    use super::*;
    use proptest::prelude::*;

    fn line() -> impl Strategy<Value = (i64, i64, u16)> {
        (
            1i64..6,
            1i64..2_000_000,
            proptest::sample::select(vec![0u16, 3, 5, 12, 18, 28, 40]),
        )
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(300))]

        /// Any sequence of partial returns never refunds more than was paid,
        /// no refund is negative, and the goods all back refund exactly what
        /// was paid and credit exactly the bill's tax.
        #[test]
        fn partial_returns_never_refund_more_than_paid(
            lines in proptest::collection::vec(line(), 1..5),
            discount_pct in 0i64..30,
            inter in any::<bool>(),
            picks in proptest::collection::vec((0usize..5, 1i64..4), 0..20),
        ) {
            let supply = if inter { crate::Supply::InterState } else { crate::Supply::IntraState };
            let value: i64 = lines.iter().map(|(q, r, _)| q * r).sum();
            let sale = taxed(&lines, value * discount_pct / 100, supply);
            let mut left: Vec<i64> = sale.lines.iter().map(|l| l.qty.milli() / 1000).collect();
            let mut before: Vec<QtyLine> = Vec::new();
            let mut refunded = Money::ZERO;
            let mut credits = Vec::new();
            // The picks in order, then whatever is left, one part per line.
            let rest: Vec<(usize, i64)> = (0..left.len()).map(|i| (i, i64::MAX)).collect();
            for (n, (i, want)) in picks.into_iter().chain(rest).enumerate() {
                let i = i % left.len();
                let take = want.min(left[i]);
                if take == 0 {
                    continue;
                }
                left[i] -= take;
                let now = [QtyLine { variant_id: sale.lines[i].variant_id, qty: Qty::units(take) }];
                let r = refund(&sale, &before, &now);
                prop_assert!(r >= Money::ZERO, "refund {} at step {}", r, n);
                refunded += r;
                prop_assert!(refunded <= sale.total, "{} refunded of {}", refunded, sale.total);
                credits.push(credited(&sale, &before, &now));
                before.extend_from_slice(&now);
            }
            prop_assert_eq!(refunded, sale.total);
            prop_assert_eq!(add_up(&credits), bill_taxes(&sale));
            prop_assert_eq!(status(&sale, &before, false), BillStatus::Returned);
        }
    }
}
