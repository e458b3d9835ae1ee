//! The billing screen's GST (issue 10), drawn at 80x24 and 120x40 with insta:
//! the tax line names every rate on the bill and only those, wrapping when
//! it must; a bill delivered to another state shows IGST alone and where it
//! goes; the delivery prompt offers the customer's state; an unregistered
//! shop's bill shows no tax; a name the printer would print as '?' is said.

mod common;

use common::till::{Till, alt, key, till};
use galla::app::action::Action;
use galla::ui::popup::Popup;
use galla_domain::bill::{DraftLine, LineDiscount};
use galla_domain::{GstRate, Money, PriceMode, Qty, Regime, Unit, VariantId};
use ratatui::crossterm::event::KeyCode;

fn sized(w: u16, h: u16) -> Till {
    let mut t = till();
    t.runner.settle(
        &mut t.app,
        Action::Resized {
            width: w,
            height: h,
        },
        false,
    );
    // The demo shop is in Rajasthan (08).
    t.app.panes.billing.shop_state = Some("08".into());
    t.app.panes.billing.place_again();
    t
}

/// One line at each of six rates, 0% to 40%.
fn every_rate(t: &mut Till) {
    for (i, gst) in [0u16, 5, 12, 18, 28, 40].into_iter().enumerate() {
        let line = DraftLine {
            variant_id: VariantId::new(),
            sku: format!("R{gst}"),
            name: format!("Item at {gst}%"),
            hsn: "9999".into(),
            qty: Qty::units(1),
            rate: Money::from_rupees(1_000 + 111 * i as i64),
            mrp: Money::ZERO,
            cost: Money::ZERO,
            discount: LineDiscount::None,
            gst_rate: GstRate::from_percent(gst),
            price_mode: PriceMode::Inclusive,
            unit: Unit::Piece,
        };
        t.app.panes.billing.draft.add(line).expect("line");
    }
}

fn tax_rows(screen: &str) -> String {
    screen
        .lines()
        .skip_while(|l| !l.contains("Subtotal"))
        .take_while(|l| !l.contains("TOTAL"))
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn the_tax_line_shows_every_rate_and_only_those() {
    for (w, h) in [(80, 24), (120, 40)] {
        let mut t = sized(w, h);
        every_rate(&mut t);
        let screen = t.screen(w, h);
        let tax = tax_rows(&screen);
        for rate in ["0%: nil", "5%:", "12%:", "18%:", "28%:", "40%: CGST"] {
            assert!(tax.contains(rate), "{rate} missing at {w}x{h}:\n{tax}");
        }
        assert!(!tax.contains("3%:") && !tax.contains("IGST"), "{tax}");
        insta::assert_snapshot!(format!("every_rate_{w}x{h}"), screen);
    }
}

#[test]
fn delivery_to_another_state_is_igst_alone() {
    for (w, h) in [(80, 24), (120, 40)] {
        let mut t = sized(w, h);
        every_rate(&mut t);
        // Alt+L asks where the goods go; the customer's state is offered.
        t.press(alt('l'));
        let Some(Popup::Prompt(p)) = t.app.popups.last() else {
            panic!("the delivery prompt: {:?}", t.app.popups.last());
        };
        assert_eq!(p.input.value(), "", "no customer, nothing offered");
        t.type_text("27");
        insta::assert_snapshot!(format!("delivery_prompt_{w}x{h}"), t.screen(w, h));
        t.press(key(KeyCode::Enter));
        assert!(t.app.popups.is_empty(), "{:?}", t.app.popups.last());
        assert!(
            t.message().contains("Maharashtra (27): IGST"),
            "{}",
            t.message()
        );
        let screen = t.screen(w, h);
        let tax = tax_rows(&screen);
        assert!(tax.contains("40%: IGST") && !tax.contains("CGST"), "{tax}");
        insta::assert_snapshot!(format!("igst_{w}x{h}"), screen);
        // Back to the counter: an empty answer.
        t.press(alt('l'));
        let Some(Popup::Prompt(p)) = t.app.popups.last() else {
            panic!("the delivery prompt");
        };
        assert_eq!(p.input.value(), "27", "the state it goes to is offered");
        t.press(key(KeyCode::Backspace));
        t.press(key(KeyCode::Backspace));
        t.press(key(KeyCode::Enter));
        assert!(tax_rows(&t.screen(w, h)).contains("CGST"));
    }
}

#[test]
fn a_composition_dealer_cannot_deliver_to_another_state() {
    let mut t = sized(80, 24);
    t.app.panes.billing.draft.regime = Regime::Composition;
    every_rate(&mut t);
    t.press(alt('l'));
    t.type_text("27");
    t.press(key(KeyCode::Enter));
    let Some(Popup::Prompt(p)) = t.app.popups.last() else {
        panic!("the prompt stays open with the reason");
    };
    assert!(
        p.error
            .as_deref()
            .is_some_and(|e| e.contains("composition dealer"))
    );
    assert_eq!(
        t.app.panes.billing.draft.supply,
        galla_domain::Supply::IntraState
    );
    t.press(key(KeyCode::Esc));
    assert!(tax_rows(&t.screen(80, 24)).contains("bill of supply — no tax collected"));
}

#[test]
fn an_unregistered_shop_bills_without_tax() {
    let mut t = sized(80, 24);
    t.app.panes.billing.draft.regime = Regime::Unregistered;
    let codes = t.codes.clone();
    t.sell(&[&codes[0]]);
    let no = t.no(1);
    let bill = t.store().bill_by_no(&no).expect("read").expect("bill");
    assert_eq!(bill.sale.document, galla_domain::Document::Bill);
    assert!(
        bill.sale
            .lines
            .iter()
            .all(|l| (l.cgst + l.sgst + l.igst).is_zero())
    );
    let receipt = std::fs::read(t.dir.path().join("receipts.escpos")).expect("printed");
    let text = String::from_utf8_lossy(&receipt);
    assert!(
        text.contains("CASH MEMO") && !text.contains("CGST"),
        "{text}"
    );
}

#[test]
fn a_name_the_printer_cannot_print_is_said_on_the_screen() {
    let mut t = sized(80, 24);
    t.app.panes.billing.printer.raster = false;
    let mut line = DraftLine {
        variant_id: VariantId::new(),
        sku: "SAB".into(),
        name: "साबुन".into(),
        hsn: "3401".into(),
        qty: Qty::units(1),
        rate: Money::from_rupees(38),
        mrp: Money::ZERO,
        cost: Money::ZERO,
        discount: LineDiscount::None,
        gst_rate: GstRate::from_percent(18),
        price_mode: PriceMode::Inclusive,
        unit: Unit::Piece,
    };
    let product = galla_domain::Product {
        product_id: galla_domain::ProductId::new(),
        name: line.name.clone(),
        hsn: line.hsn.clone(),
        gst_rate: line.gst_rate,
        price_mode: line.price_mode,
        unit: line.unit,
    };
    let variant = galla_domain::Variant {
        variant_id: line.variant_id,
        product_id: product.product_id,
        sku: line.sku.clone(),
        barcode: None,
        size: None,
        colour: None,
        mrp: line.mrp,
        price: line.rate,
        cost: line.cost,
        reorder_level: Qty::ZERO,
    };
    line.qty = Qty::units(1);
    t.app
        .panes
        .billing
        .item_found(&product, &variant, Qty::units(1), Qty::units(10));
    assert!(
        t.message().contains("will print its name as '?'"),
        "{}",
        t.message()
    );
    t.app.panes.billing.printer.raster = true;
    t.app
        .panes
        .billing
        .item_found(&product, &variant, Qty::units(1), Qty::units(10));
    assert!(!t.message().contains("'?'"), "{}", t.message());
}
