//! GST table tests (hand-computed) and property tests of the rule.

use super::*;
use proptest::prelude::*;

const INTRA: Supply = Supply::IntraState;
const INTER: Supply = Supply::InterState;
const REG: Regime = Regime::Regular;

fn r(percent: &str) -> GstRate {
    GstRate::parse(percent).expect("standard rate")
}

#[test]
fn line_table() {
    // (amount paise, rate, mode, supply, taxable, cgst, sgst, igst)
    let cases = [
        (
            10_000,
            "18",
            PriceMode::Inclusive,
            INTRA,
            8_474,
            763,
            763,
            0,
        ),
        (
            10_000,
            "18",
            PriceMode::Exclusive,
            INTRA,
            10_000,
            900,
            900,
            0,
        ),
        (
            10_500,
            "5",
            PriceMode::Inclusive,
            INTRA,
            10_000,
            250,
            250,
            0,
        ),
        (
            10_000,
            "5",
            PriceMode::Exclusive,
            INTRA,
            10_000,
            250,
            250,
            0,
        ),
        (
            10_000,
            "0.25",
            PriceMode::Exclusive,
            INTRA,
            10_000,
            13,
            13,
            0,
        ),
        (
            10_000,
            "28",
            PriceMode::Inclusive,
            INTRA,
            7_812,
            1_094,
            1_094,
            0,
        ),
        (
            10_000,
            "18",
            PriceMode::Inclusive,
            INTER,
            8_475,
            0,
            0,
            1_525,
        ),
        (
            10_000,
            "18",
            PriceMode::Exclusive,
            INTER,
            10_000,
            0,
            0,
            1_800,
        ),
        // Odd paisa: 0.01 × 9% = 0.0009 → 0; 1.11 × 9% = 0.0999 → 0.10.
        (1, "18", PriceMode::Exclusive, INTRA, 1, 0, 0, 0),
        (111, "18", PriceMode::Exclusive, INTRA, 111, 10, 10, 0),
        // A return: negative amounts round symmetrically.
        (
            -10_000,
            "18",
            PriceMode::Inclusive,
            INTRA,
            -8_474,
            -763,
            -763,
            0,
        ),
        (49_900, "0", PriceMode::Inclusive, INTRA, 49_900, 0, 0, 0),
    ];
    for (amount, rate, mode, supply, taxable, cgst, sgst, igst) in cases {
        let t = line_tax(Money(amount), r(rate), mode, supply, REG);
        assert_eq!(
            (t.taxable.0, t.cgst.0, t.sgst.0, t.igst.0),
            (taxable, cgst, sgst, igst),
            "{amount} at {rate} {mode:?} {supply:?}"
        );
    }
}

#[test]
fn composition_charges_no_tax() {
    let t = line_tax(
        Money(10_000),
        r("18"),
        PriceMode::Exclusive,
        INTRA,
        Regime::Composition,
    );
    assert_eq!((t.taxable, t.tax()), (Money(10_000), Money::ZERO));
}

#[test]
fn bill_with_several_rates_and_round_off() {
    let lines = [
        line_tax(Money(49_900), r("5"), PriceMode::Inclusive, INTRA, REG),
        line_tax(Money(12_050), r("18"), PriceMode::Inclusive, INTRA, REG),
        line_tax(Money(10_000), r("12"), PriceMode::Exclusive, INTRA, REG),
        line_tax(Money(4_500), r("5"), PriceMode::Inclusive, INTRA, REG),
    ];
    let t = bill_totals(&lines);
    assert_eq!(
        t.by_rate.iter().map(|b| b.rate).collect::<Vec<_>>(),
        vec![r("5"), r("12"), r("18")]
    );
    // 499 + 120.50 + 112 + 45 = 776.50 → 777 (half goes up).
    assert_eq!(t.before_round_off, Money(77_650));
    assert_eq!(t.round_off, Money(50));
    assert_eq!(t.grand_total, Money(77_700));
    assert_eq!(t.cgst, t.sgst);
}

#[test]
fn round_to_rupee_table() {
    assert_eq!(round_to_rupee(Money(77_649)), (Money(-49), Money(77_600)));
    assert_eq!(round_to_rupee(Money(77_650)), (Money(50), Money(77_700)));
    assert_eq!(round_to_rupee(Money(77_601)), (Money(-1), Money(77_600)));
    assert_eq!(round_to_rupee(Money(77_600)), (Money(0), Money(77_600)));
    assert_eq!(round_to_rupee(Money(-150)), (Money(-50), Money(-200)));
}

#[test]
fn rate_parse_and_display() {
    assert_eq!(r("18").basis_points(), 1800);
    assert_eq!(r("5%").basis_points(), 500);
    assert_eq!(r("0.25").to_string(), "0.25%");
    assert_eq!(r("7.5").to_string(), "7.5%");
    assert_eq!(r("18").to_string(), "18%");
    for bad in ["17", "abc", "", "-5", "1.234", "100000"] {
        assert!(GstRate::parse(bad).is_err(), "{bad}");
    }
}

fn any_rate() -> impl Strategy<Value = GstRate> {
    proptest::sample::select(STANDARD_RATES.to_vec()).prop_map(GstRate::from_basis_points)
}

fn any_mode() -> impl Strategy<Value = PriceMode> {
    prop_oneof![Just(PriceMode::Inclusive), Just(PriceMode::Exclusive)]
}

fn any_supply() -> impl Strategy<Value = Supply> {
    prop_oneof![Just(INTRA), Just(INTER)]
}

proptest! {
    #[test]
    fn cgst_equals_sgst(amount in -10_000_000_000i64..10_000_000_000, rate in any_rate(), mode in any_mode()) {
        let t = line_tax(Money(amount), rate, mode, INTRA, REG);
        prop_assert_eq!(t.cgst, t.sgst);
        prop_assert_eq!(t.igst, Money::ZERO);
    }

    #[test]
    fn inclusive_lines_sum_exactly_to_the_price(amount in -10_000_000_000i64..10_000_000_000, rate in any_rate(), supply in any_supply()) {
        let t = line_tax(Money(amount), rate, PriceMode::Inclusive, supply, REG);
        prop_assert_eq!(t.total(), Money(amount));
    }

    #[test]
    fn bill_sums_and_rounds(
        lines in proptest::collection::vec((0i64..50_000_000, any_rate(), any_mode()), 1..30),
        supply in any_supply(),
    ) {
        let taxes: Vec<LineTax> = lines.iter().map(|&(a, rate, mode)| line_tax(Money(a), rate, mode, supply, REG)).collect();
        let t = bill_totals(&taxes);
        let line_sum: Money = taxes.iter().map(LineTax::total).sum();
        prop_assert_eq!(line_sum + t.round_off, t.grand_total);
        prop_assert_eq!(t.taxable + t.cgst + t.sgst + t.igst, t.before_round_off);
        prop_assert_eq!(t.grand_total.paise() % 100, 0);
        prop_assert!((-49..=50).contains(&t.round_off.paise()));
        prop_assert_eq!(t.cgst, t.sgst);
        let by_rate_tax: Money = t.by_rate.iter().map(|b| b.cgst + b.sgst + b.igst).sum();
        prop_assert_eq!(by_rate_tax, t.cgst + t.sgst + t.igst);
    }
}
