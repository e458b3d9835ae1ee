//! Table tests of a draft bill: editing rules and their messages, and totals
//! hand-computed for inclusive and exclusive prices, several rates, discounts
//! before tax, odd-paisa splits, round-off both ways, IGST and composition.

use super::*;
use crate::gst::RateBreakup;
use crate::ids::{BillId, LocationId};
use crate::payload::{PayMode, Payment};

pub(super) fn item(name: &str, rate: i64, gst: u16, mode: PriceMode, unit: Unit) -> DraftLine {
    DraftLine {
        variant_id: VariantId::new(),
        sku: name.to_uppercase(),
        name: name.to_string(),
        hsn: "6105".into(),
        qty: Qty::units(1),
        rate: Money(rate),
        mrp: Money(rate * 2),
        cost: Money(rate / 2),
        discount: LineDiscount::None,
        gst_rate: GstRate::from_basis_points(gst),
        price_mode: mode,
        unit,
    }
}

fn incl(name: &str, rate: i64, gst_percent: u16) -> DraftLine {
    item(
        name,
        rate,
        gst_percent * 100,
        PriceMode::Inclusive,
        Unit::Piece,
    )
}

fn excl(name: &str, rate: i64, gst_percent: u16) -> DraftLine {
    item(
        name,
        rate,
        gst_percent * 100,
        PriceMode::Exclusive,
        Unit::Piece,
    )
}

fn draft(lines: Vec<DraftLine>) -> Draft {
    let mut d = Draft::new(Supply::IntraState, Regime::Regular);
    for l in lines {
        d.add(l).expect("valid line");
    }
    d
}

fn tax(t: &LineTotals) -> (i64, i64, i64, i64) {
    (
        t.tax.taxable.paise(),
        t.tax.cgst.paise(),
        t.tax.sgst.paise(),
        t.tax.igst.paise(),
    )
}

#[test]
fn inclusive_and_exclusive_single_lines() {
    let t = draft(vec![incl("Shirt", 10_000, 18)]).totals();
    assert_eq!(tax(&t.lines[0]), (8_474, 763, 763, 0));
    assert_eq!(
        (t.subtotal, t.grand_total(), t.round_off()),
        (Money(10_000), Money(10_000), Money::ZERO)
    );

    let t = draft(vec![excl("Shirt", 10_000, 18)]).totals();
    assert_eq!(tax(&t.lines[0]), (10_000, 900, 900, 0));
    assert_eq!(t.grand_total(), Money(11_800));
    assert_eq!(t.tax(), Money(1_800));
}

#[test]
fn several_rates_on_one_bill() {
    let mut a = incl("Dal", 10_500, 5);
    a.qty = Qty::units(2);
    let mut c = excl("Soap", 5_000, 12);
    c.qty = Qty::units(3);
    let t = draft(vec![a, incl("Towel", 11_800, 18), c]).totals();
    assert_eq!(tax(&t.lines[0]), (20_000, 500, 500, 0));
    assert_eq!(tax(&t.lines[1]), (10_000, 900, 900, 0));
    assert_eq!(tax(&t.lines[2]), (15_000, 900, 900, 0));
    let rates: Vec<(u16, i64, i64)> = t
        .gst
        .by_rate
        .iter()
        .map(|b: &RateBreakup| (b.rate.basis_points(), b.taxable.paise(), b.cgst.paise()))
        .collect();
    assert_eq!(
        rates,
        vec![(500, 20_000, 500), (1200, 15_000, 900), (1800, 10_000, 900)]
    );
    assert_eq!(t.subtotal, Money(47_800));
    assert_eq!(t.gst.taxable, Money(45_000));
    assert_eq!(t.grand_total(), Money(49_600));
}

#[test]
fn discounts_come_off_before_tax_and_round_off_goes_down() {
    let mut d = draft(vec![excl("Kurta", 20_000, 18)]);
    d.set_discount(0, LineDiscount::Percent(1000)).expect("10%");
    let t = d.totals();
    assert_eq!(
        (t.lines[0].gross, t.lines[0].line_discount, t.lines[0].value),
        (Money(20_000), Money(2_000), Money(18_000))
    );
    assert_eq!(tax(&t.lines[0]), (18_000, 1_620, 1_620, 0));
    assert_eq!(t.gst.before_round_off, Money(21_240));
    assert_eq!(
        (t.round_off(), t.grand_total()),
        (Money(-40), Money(21_200))
    );
    assert_eq!(t.discount(), Money(2_000));
}

#[test]
fn round_off_goes_up_from_fifty_paise() {
    let t = draft(vec![excl("Biscuit", 9_990, 5)]).totals();
    assert_eq!(tax(&t.lines[0]), (9_990, 250, 250, 0));
    assert_eq!((t.round_off(), t.grand_total()), (Money(10), Money(10_500)));
}

#[test]
fn bill_discount_spreads_odd_paise_to_the_largest_line() {
    let mut d = draft(vec![
        incl("A", 1_000, 0),
        incl("B", 1_000, 0),
        incl("C", 1_000, 0),
    ]);
    d.set_bill_discount(BillDiscount::Amount(Money(100)))
        .expect("₹1");
    let t = d.totals();
    let shares: Vec<i64> = t
        .lines
        .iter()
        .map(|l| l.bill_discount_share.paise())
        .collect();
    assert_eq!(shares, vec![34, 33, 33]);
    assert_eq!(t.grand_total(), Money(2_900));

    let shares = spread(Money(100), &[Money(1_000), Money(2_000), Money(3_001)]);
    assert_eq!(shares, vec![Money(16), Money(33), Money(51)]);
    // Too little room on the largest line: the leftover moves on.
    let shares = spread(Money(2), &[Money(1), Money(1), Money(1)]);
    assert_eq!(shares, vec![Money(1), Money(1), Money(0)]);
    assert_eq!(spread(Money(5), &[]), Vec::<Money>::new());
}

#[test]
fn bill_discount_percent_is_of_the_value_after_line_discounts() {
    let mut d = draft(vec![excl("Saree", 100_000, 5), excl("Blouse", 50_000, 12)]);
    d.set_discount(1, LineDiscount::Amount(Money(10_000)))
        .expect("₹100 off");
    d.set_bill_discount(BillDiscount::Percent(500)).expect("5%");
    let t = d.totals();
    assert_eq!(t.bill_discount, Money(7_000));
    let shares: Vec<i64> = t
        .lines
        .iter()
        .map(|l| l.bill_discount_share.paise())
        .collect();
    assert_eq!(shares, vec![5_000, 2_000]);
    assert_eq!(tax(&t.lines[0]), (95_000, 2_375, 2_375, 0));
    assert_eq!(tax(&t.lines[1]), (38_000, 2_280, 2_280, 0));
    assert_eq!(t.discount(), Money(17_000));
}

#[test]
fn inter_state_bills_charge_igst() {
    let mut d = Draft::new(Supply::InterState, Regime::Regular);
    d.add(excl("Shirt", 10_000, 18)).expect("add");
    d.add(incl("Cap", 10_000, 18)).expect("add");
    let t = d.totals();
    assert_eq!(tax(&t.lines[0]), (10_000, 0, 0, 1_800));
    assert_eq!(tax(&t.lines[1]), (8_475, 0, 0, 1_525));
    assert_eq!(t.grand_total(), Money(21_800));
}

#[test]
fn composition_dealers_charge_no_tax() {
    let mut d = Draft::new(Supply::IntraState, Regime::Composition);
    d.add(excl("Shirt", 10_050, 18)).expect("add");
    let t = d.totals();
    assert_eq!(tax(&t.lines[0]), (10_050, 0, 0, 0));
    assert_eq!((t.round_off(), t.grand_total()), (Money(50), Money(10_100)));
}

#[test]
fn scanning_the_same_item_again_adds_one() {
    let shirt = incl("Shirt", 49_900, 5);
    let mut d = draft(vec![shirt.clone()]);
    assert_eq!(d.add(shirt.clone()), Ok(0));
    let mut three = shirt;
    three.qty = Qty::units(3);
    assert_eq!(d.add(three), Ok(0));
    assert_eq!(d.lines.len(), 1);
    assert_eq!(d.lines[0].qty, Qty::units(5));
}

#[test]
fn quantity_rules() {
    let mut d = draft(vec![incl("Shirt", 10_000, 5)]);
    let msg = |r: Result<(), BillError>| r.expect_err("refused").to_string();
    assert_eq!(
        msg(d.set_qty(0, Qty::ZERO)),
        "Shirt: quantity must be more than zero — remove the line instead"
    );
    assert_eq!(
        msg(d.set_qty(0, Qty::units(-2))),
        "Shirt: quantity must be more than zero — remove the line instead"
    );
    assert_eq!(
        msg(d.set_qty(0, Qty::from_milli(1_500))),
        "Shirt is sold in whole pieces — 1.5 is not a whole number"
    );
    assert_eq!(
        msg(d.set_qty(0, Qty::units(10_000_000))),
        "Shirt: 10000000 is too large a quantity for one line"
    );
    assert_eq!(
        msg(d.set_qty(3, Qty::units(1))),
        "there is no line 4 on this bill"
    );
    let mut rice = item("Rice", 6_000, 500, PriceMode::Inclusive, Unit::Kg);
    rice.qty = Qty::from_milli(1_250);
    assert_eq!(d.add(rice), Ok(1));
    assert_eq!(d.totals().lines[1].gross, Money(7_500));
}

#[test]
fn rate_rules_mrp_cost_and_sanity() {
    let mut d = draft(vec![incl("Shirt", 10_000, 5)]);
    // MRP 200.00, cost 50.00 (see `item`).
    let err = d.set_rate(0, Money(20_001)).expect_err("above MRP");
    assert_eq!(
        err.to_string(),
        "Shirt: ₹200.01 is above the MRP ₹200.00 — a shop may not charge more than MRP"
    );
    assert_eq!(
        d.set_rate(0, Money(-1)),
        Err(BillError::RateNegative {
            name: "Shirt".into()
        })
    );
    assert_eq!(d.set_rate(0, Money(15_000)), Ok(None));
    let warn = d.set_rate(0, Money(4_000)).expect("allowed");
    assert_eq!(
        warn.map(|w| w.to_string()).as_deref(),
        Some("Shirt: ₹40.00 is below the cost ₹50.00")
    );
    assert_eq!(d.warnings().len(), 1);
    assert_eq!(d.lines[0].rate, Money(4_000));
    d.lines[0].mrp = Money::ZERO;
    assert!(matches!(
        d.set_rate(0, Money::from_rupees(200_000_000)),
        Err(BillError::RateTooLarge { .. })
    ));
}

#[test]
fn discount_rules() {
    let mut d = draft(vec![incl("Shirt", 10_000, 5)]);
    let err = d
        .set_discount(0, LineDiscount::Amount(Money(10_001)))
        .expect_err("above line");
    assert_eq!(
        err.to_string(),
        "Shirt: discount ₹100.01 is more than the line's value ₹100.00"
    );
    assert_eq!(
        d.set_discount(0, LineDiscount::Amount(Money(-1))),
        Err(BillError::DiscountNegative)
    );
    assert_eq!(
        d.set_discount(0, LineDiscount::Percent(10_001)),
        Err(BillError::PercentTooLarge)
    );
    d.set_discount(0, LineDiscount::Amount(Money(6_000)))
        .expect("₹60 off");
    // Halving the quantity's value would leave the discount above the line.
    d.set_qty(0, Qty::units(2)).expect("two");
    assert!(matches!(
        d.set_rate(0, Money(2_000)),
        Err(BillError::DiscountAboveLine { .. })
    ));
    let err = d
        .set_bill_discount(BillDiscount::Amount(Money(14_001)))
        .expect_err("above bill");
    assert_eq!(
        err.to_string(),
        "bill discount ₹140.01 is more than the bill's value ₹140.00"
    );
    assert_eq!(
        d.set_bill_discount(BillDiscount::Percent(10_001)),
        Err(BillError::PercentTooLarge)
    );
    d.set_bill_discount(BillDiscount::Amount(Money(14_000)))
        .expect("all of it");
    assert_eq!(d.totals().grand_total(), Money::ZERO);
}

#[test]
fn removing_a_line_keeps_the_bill_discount_within_the_bill() {
    let mut d = draft(vec![incl("A", 10_000, 0), incl("B", 1_000, 0)]);
    d.set_bill_discount(BillDiscount::Amount(Money(5_000)))
        .expect("₹50");
    assert_eq!(d.remove(0).map(|l| l.name), Ok("A".to_string()));
    assert_eq!(d.remove(1), Err(BillError::NoSuchLine(2)));
    let t = d.totals();
    assert_eq!(
        (t.bill_discount, t.grand_total()),
        (Money(1_000), Money::ZERO)
    );
}

#[test]
fn to_sale_carries_the_totals_and_checks_payments() {
    let mut d = draft(vec![excl("Kurta", 20_000, 18), incl("Dal", 10_500, 5)]);
    d.set_bill_discount(BillDiscount::Amount(Money(1_001)))
        .expect("disc");
    let t = d.totals();
    let pay = |amount| {
        vec![Payment {
            mode: PayMode::Cash,
            amount,
            reference: None,
        }]
    };
    let (bill, loc) = (BillId::new(), LocationId::new());
    let sale = d
        .to_sale(bill, "C1-7".into(), loc, None, pay(t.grand_total()))
        .expect("sale");
    assert_eq!(
        (sale.total, sale.round_off, sale.bill_discount),
        (t.grand_total(), t.round_off(), Money(1_001))
    );
    assert_eq!(sale.lines.len(), 2);
    for (s, l) in sale.lines.iter().zip(&t.lines) {
        assert_eq!(
            (s.taxable, s.cgst, s.sgst, s.igst),
            (l.tax.taxable, l.tax.cgst, l.tax.sgst, l.tax.igst)
        );
    }
    let err = d
        .to_sale(bill, "C1-7".into(), loc, None, pay(Money(100)))
        .expect_err("short");
    assert_eq!(
        err.to_string(),
        format!(
            "payments add up to ₹1.00 but the bill is {}",
            t.grand_total()
        )
    );
    let empty = Draft::new(Supply::IntraState, Regime::Regular);
    assert_eq!(
        empty.to_sale(bill, "C1-8".into(), loc, None, vec![]),
        Err(BillError::Empty)
    );
}

#[test]
fn a_line_from_the_catalogue_names_size_and_colour() {
    use crate::catalogue::{Product, Variant};
    use crate::ids::ProductId;
    let product = Product {
        product_id: ProductId::new(),
        name: "कुर्ता".into(),
        hsn: "6211".into(),
        gst_rate: GstRate::from_percent(5),
        price_mode: PriceMode::Inclusive,
        unit: Unit::Piece,
        category: None,
    };
    let variant = Variant {
        variant_id: VariantId::new(),
        product_id: product.product_id,
        sku: "KUR-M-RED".into(),
        barcode: None,
        size: Some("M".into()),
        colour: Some("Red".into()),
        mrp: Money(99_900),
        price: Money(89_900),
        cost: Money(50_000),
        reorder_level: Qty::ZERO,
    };
    let l = DraftLine::from_variant(&product, &variant);
    assert_eq!(l.name, "कुर्ता M Red");
    assert_eq!(
        (l.qty, l.rate, l.hsn.as_str()),
        (Qty::units(1), Money(89_900), "6211")
    );
}
