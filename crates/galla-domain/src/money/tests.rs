//! Table and property tests for parsing and formatting money.

use super::*;
use proptest::prelude::*;

#[test]
fn parse_table() {
    let good = [
        ("12", 1200),
        ("12.5", 1250),
        ("12.50", 1250),
        ("0.05", 5),
        (".5", 50),
        ("₹1,23,456.50", 12_345_650),
        ("₹ 1,00,00,000", 1_000_000_000),
        ("1,00,000", 10_000_000),
        ("Rs. 40", 4000),
        ("Rs 40.1", 4010),
        ("  7  ", 700),
        ("-5", -500),
        ("-₹1,234.05", -123_405),
        ("0", 0),
        ("12.", 1200),
    ];
    for (input, paise) in good {
        assert_eq!(Money::parse(input), Ok(Money(paise)), "{input}");
    }
    type Expect = fn(&MoneyError) -> bool;
    let bad: [(&str, Expect); 10] = [
        ("", |e| matches!(e, MoneyError::Empty)),
        ("   ", |e| matches!(e, MoneyError::Empty)),
        ("1.234", |e| matches!(e, MoneyError::TooPrecise(_))),
        ("abc", |e| matches!(e, MoneyError::Invalid(_))),
        ("1.2.3", |e| matches!(e, MoneyError::Invalid(_))),
        ("₹", |e| matches!(e, MoneyError::Invalid(_))),
        ("12-", |e| matches!(e, MoneyError::Invalid(_))),
        ("1,,000", |e| matches!(e, MoneyError::Invalid(_))),
        ("99999999999999999999", |e| {
            matches!(e, MoneyError::Overflow(_))
        }),
        ("92233720368547759", |e| {
            matches!(e, MoneyError::Overflow(_))
        }),
    ];
    for (input, is_expected) in bad {
        let err = Money::parse(input).expect_err(input);
        assert!(is_expected(&err), "{input}: {err:?}");
    }
}

#[test]
fn errors_read_as_sentences() {
    let err = Money::parse("1.234").expect_err("too precise");
    assert_eq!(
        err.to_string(),
        "\"1.234\" has more than two digits after the point — amounts are in rupees and paise"
    );
}

#[test]
fn format_table() {
    let cases = [
        (0, "₹0.00"),
        (5, "₹0.05"),
        (100, "₹1.00"),
        (99_999, "₹999.99"),
        (100_000, "₹1,000.00"),
        (12_345_650, "₹1,23,456.50"),
        (1_000_000_000, "₹1,00,00,000.00"),
        (123_456_789_012, "₹1,23,45,67,890.12"),
        (-123_405, "-₹1,234.05"),
        (-5, "-₹0.05"),
    ];
    for (paise, text) in cases {
        assert_eq!(Money(paise).to_string(), text, "{paise}");
    }
    assert_eq!(Money(12_345_650).format_plain(), "1,23,456.50");
    assert_eq!(Money(-100).format_plain(), "-1.00");
    // The extremes format without panicking.
    assert!(Money(i64::MIN).to_string().starts_with("-₹"));
    assert!(Money(i64::MAX).to_string().starts_with('₹'));
}

#[test]
fn times_qty_rounds_half_away_from_zero() {
    assert_eq!(
        Money(10_000).times_qty(Qty::from_milli(1_250)),
        Money(12_500)
    );
    assert_eq!(Money(333).times_qty(Qty::from_milli(500)), Money(167));
    assert_eq!(Money(-333).times_qty(Qty::from_milli(500)), Money(-167));
    assert_eq!(Money(999).times_qty(Qty::units(3)), Money(2997));
}

proptest! {
    #[test]
    fn format_then_parse_round_trips(paise in -1_000_000_000_000_000i64..1_000_000_000_000_000) {
        let m = Money(paise);
        prop_assert_eq!(Money::parse(&m.format_plain()), Ok(m));
        prop_assert_eq!(Money::parse(&m.to_string()), Ok(m));
    }
}
