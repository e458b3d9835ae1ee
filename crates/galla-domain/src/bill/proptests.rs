//! Property tests of a draft's totals: CGST equals SGST, the lines plus the
//! round-off make the grand total, the bill discount's shares sum exactly,
//! and the SALE payload agrees with the totals line by line.

use super::*;
use crate::gst::STANDARD_RATES;
use crate::ids::{BillId, LocationId};
use crate::payload::{PayMode, Payment};
use proptest::prelude::*;

fn any_line() -> impl Strategy<Value = DraftLine> {
    (
        0i64..5_000_000,
        prop::sample::select(STANDARD_RATES),
        any::<bool>(),
        any::<bool>(),
        1i64..50_000,
        0u16..=10_000,
        0u8..3,
    )
        .prop_map(|(rate, gst, inclusive, loose, qty, disc, kind)| {
            let mode = if inclusive {
                PriceMode::Inclusive
            } else {
                PriceMode::Exclusive
            };
            let unit = if loose { Unit::Kg } else { Unit::Piece };
            let mut l = super::tests::item("x", rate, gst, mode, unit);
            l.qty = if loose {
                Qty::from_milli(qty)
            } else {
                Qty::units(qty % 50 + 1)
            };
            l.discount = match kind {
                0 => LineDiscount::None,
                1 => LineDiscount::Percent(disc),
                _ => LineDiscount::Amount(percent_of(l.gross(), disc)),
            };
            l
        })
}

fn any_draft() -> impl Strategy<Value = Draft> {
    (
        prop::collection::vec(any_line(), 1..8),
        any::<bool>(),
        any::<bool>(),
        0u16..=10_000,
        any::<bool>(),
    )
        .prop_map(|(lines, inter, composition, disc, percent)| {
            let supply = if inter {
                Supply::InterState
            } else {
                Supply::IntraState
            };
            let regime = if composition {
                Regime::Composition
            } else {
                Regime::Regular
            };
            let mut d = Draft {
                lines,
                bill_discount: BillDiscount::None,
                supply,
                regime,
                place: None,
                delivery: crate::gst::Delivery::Counter,
                recipient: None,
            };
            let value = d.totals().gst.taxable.max(Money::ZERO);
            d.bill_discount = if percent {
                BillDiscount::Percent(disc)
            } else {
                BillDiscount::Amount(percent_of(value, disc).min(value))
            };
            d
        })
}

proptest! {
    #[test]
    fn cgst_equals_sgst(d in any_draft()) {
        let t = d.totals();
        for l in &t.lines {
            prop_assert_eq!(l.tax.cgst, l.tax.sgst);
        }
        prop_assert_eq!(t.gst.cgst, t.gst.sgst);
    }

    #[test]
    fn lines_plus_round_off_make_the_grand_total(d in any_draft()) {
        let t = d.totals();
        let lines: Money = t.lines.iter().map(LineTotals::total).sum();
        prop_assert_eq!(lines + t.round_off(), t.grand_total());
        prop_assert_eq!(t.grand_total().paise() % 100, 0);
        prop_assert!(t.round_off().abs() <= Money(50));
        prop_assert_eq!(t.subtotal - t.discount(), t.lines.iter().map(|l| l.value).sum::<Money>());
    }

    #[test]
    fn bill_discount_shares_sum_exactly(d in any_draft()) {
        let t = d.totals();
        let shares: Money = t.lines.iter().map(|l| l.bill_discount_share).sum();
        prop_assert_eq!(shares, t.bill_discount);
        for l in &t.lines {
            prop_assert!(l.bill_discount_share >= Money::ZERO);
            prop_assert!(l.value >= Money::ZERO);
        }
    }

    #[test]
    fn spread_is_exact_and_within_each_line(
        values in prop::collection::vec(0i64..1_000_000, 0..10),
        d in 0i64..10_000_000,
    ) {
        let values: Vec<Money> = values.into_iter().map(Money).collect();
        let total: Money = values.iter().copied().sum();
        let shares = spread(Money(d), &values);
        prop_assert_eq!(shares.iter().copied().sum::<Money>(), Money(d).min(total));
        for (s, v) in shares.iter().zip(&values) {
            prop_assert!(*s >= Money::ZERO && s <= v);
        }
    }

    #[test]
    fn to_sale_lines_match_the_totals(d in any_draft()) {
        let t = d.totals();
        let pay = vec![Payment { mode: PayMode::Upi, amount: t.grand_total(), reference: None }];
        let sale = d
            .to_sale(BillId::new(), "C1-1".into(), LocationId::new(), None, pay)
            .expect("sale");
        prop_assert_eq!(sale.total, t.grand_total());
        prop_assert_eq!(sale.round_off, t.round_off());
        prop_assert_eq!(sale.bill_discount, t.bill_discount);
        let mut value_sum = Money::ZERO;
        for ((s, l), dl) in sale.lines.iter().zip(&t.lines).zip(&d.lines) {
            prop_assert_eq!(s.variant_id, dl.variant_id);
            prop_assert_eq!(s.rate.times_qty(s.qty) - s.discount, l.gross - l.line_discount);
            prop_assert_eq!((s.taxable, s.cgst, s.sgst, s.igst), (l.tax.taxable, l.tax.cgst, l.tax.sgst, l.tax.igst));
            value_sum += l.value;
        }
        let net: Money = sale.lines.iter().map(|s| s.rate.times_qty(s.qty) - s.discount).sum();
        prop_assert_eq!(net - sale.bill_discount, value_sum);
        let line_totals: Money = sale.lines.iter().map(|s| s.taxable + s.cgst + s.sgst + s.igst).sum();
        prop_assert_eq!(line_totals + sale.round_off, sale.total);
    }
}
