//! The Stock pane's catalogue and goods screens and the Settings pane,
//! driven by keys as a shopkeeper would on a new shop's real file: a
//! product added as a grid and confirmed, goods bought on credit from a
//! supplier picked as typed, moved to the shop floor, a shelf counted, an
//! item changed, stopped, a location added, labels written; a setting
//! changed and a bad one refused. Each ends in assertions on the database;
//! every new screen is kept as a snapshot at 80x24 and 120x40.

mod common;

use common::cli::ok;
use common::till::{Till, alt, key, open};
use galla::app::action::Action;
use galla_domain::{Money, Qty};
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use std::path::Path;

/// A new shop: two locations, a supplier, a kurta in M and L (fixed
/// barcodes), a till on it at the Stock pane.
fn shop() -> Till {
    let dir = tempfile::tempdir().expect("tmp");
    let d = dir.path();
    common::cli::new_shop(d);
    ok(
        &[
            "party",
            "add",
            "--db",
            "shop.db",
            "--kind",
            "supplier",
            "--name",
            "Mehta Textiles",
            "--phone",
            "9822000111",
        ],
        d,
    );
    common::cli::add_kurta(
        d,
        "M,L",
        "Red",
        &[
            "--category",
            "Kurtas",
            "--cost",
            "450",
            "--price",
            "749",
            "--barcodes",
            "2001234567893,2000000000015",
        ],
    );
    let db = d.join("shop.db");
    let mut t = open(dir, db, Vec::new());
    t.press(key(KeyCode::F(3)));
    t
}

fn both(t: &mut Till, name: &str) {
    for (w, h) in [(80, 24), (120, 40)] {
        t.runner.settle(
            &mut t.app,
            Action::Resized {
                width: w,
                height: h,
            },
            false,
        );
        insta::assert_snapshot!(format!("{name}_{w}x{h}"), t.screen(w, h));
    }
    t.runner.settle(
        &mut t.app,
        Action::Resized {
            width: 80,
            height: 24,
        },
        false,
    );
}

fn tab(t: &mut Till, n: usize) {
    for _ in 0..n {
        t.press(key(KeyCode::Tab));
    }
}

/// Types each value and Tabs on; `""` leaves a field as it is.
fn fill(t: &mut Till, values: &[&str]) {
    for v in values {
        t.type_text(v);
        tab(t, 1);
    }
}

fn variant(t: &Till, code: &str) -> galla_domain::VariantId {
    t.store()
        .exact_item(code)
        .expect("read")
        .expect("the item is there")
}

fn qty(t: &Till, code: &str, place: &str) -> Qty {
    let at = t
        .store()
        .locations()
        .expect("locations")
        .into_iter()
        .find(|l| l.name == place)
        .expect("location");
    t.store()
        .qty_at(variant(t, code), at.location_id)
        .expect("qty")
}

fn stock_message(t: &Till) -> String {
    t.app.panes.stock.message.clone().unwrap_or_default()
}

#[test]
fn a_product_is_added_as_a_grid_changed_and_stopped() {
    let mut t = shop();
    t.press(alt('n'));
    fill(
        &mut t,
        &[
            "Silk Saree",
            "Sarees",
            "5007",
            "5",
            "",
            "Free",
            "Red, Green",
            "",
            "2500",
            "2300",
            "1800",
            "2",
        ],
    );
    t.type_text("2009876543213,2001111111119");
    both(&mut t, "new_product_form");
    t.press(key(KeyCode::Enter));
    assert!(
        t.app.panes.stock.plan.is_some(),
        "the grid to confirm: {:?}",
        t.app.panes.stock.form
    );
    both(&mut t, "new_product_grid");
    t.press(key(KeyCode::Enter));
    assert_eq!(stock_message(&t), "added Silk Saree with 2 variants");
    let green = variant(&t, "SILSAR-FREE-GREEN");
    assert_eq!(
        t.store().exact_item("2001111111119").expect("read"),
        Some(green)
    );

    // Change its price: the history keeps both.
    t.type_text("SILSAR-FREE-GREEN");
    t.press(alt('e'));
    both(&mut t, "edit_item_form");
    // The price is the eleventh field.
    tab(&mut t, 10);
    clear(&mut t);
    t.type_text("2100");
    t.press(key(KeyCode::Enter));
    assert!(
        stock_message(&t).contains("price ₹2,100.00"),
        "{}",
        stock_message(&t)
    );
    let prices: Vec<i64> = t
        .store()
        .price_history(green)
        .expect("history")
        .iter()
        .map(|p| p.price_paise)
        .collect();
    assert_eq!(prices, [230_000, 210_000]);

    t.press(alt('x'));
    both(&mut t, "stop_selling");
    t.press(key(KeyCode::Enter));
    assert!(!t.store().variant_active(green).expect("read"));
    // Billing refuses it now.
    t.press(key(KeyCode::F(1)));
    t.scan("2001111111119");
    assert!(
        matches!(t.app.popups.last(), Some(galla::ui::popup::Popup::Error(e)) if e.contains("no longer sold"))
    );
    t.press(key(KeyCode::Esc));
    t.press(key(KeyCode::F(3)));

    // A bad product is refused in the form, nothing written.
    let before = t.store().event_count().expect("count");
    t.press(alt('n'));
    fill(&mut t, &["Bad", "", "62", "5", "", "", "", "", "100"]);
    t.press(key(KeyCode::Enter));
    let err = t
        .app
        .panes
        .stock
        .form
        .as_ref()
        .and_then(|(_, f)| f.error.clone())
        .unwrap_or_default();
    assert!(err.contains("HSN \"62\""), "{err}");
    t.press(key(KeyCode::Esc));
    assert_eq!(t.store().event_count().expect("count"), before);

    t.press(alt('l'));
    both(&mut t, "locations_form");
    // ←/→ to "a new location" (after the two there are).
    t.press(key(KeyCode::Left));
    t.type_text("Back room");
    t.press(key(KeyCode::Enter));
    assert_eq!(t.store().locations().expect("locations").len(), 3);

    t.press(key(KeyCode::Esc));
    t.type_text("COTKUR-M-RED");
    t.press(alt('p'));
    both(&mut t, "labels_form");
    clear(&mut t);
    t.type_text("3");
    t.press(key(KeyCode::Enter));
    // A file named without a folder is written beside the database.
    let pdf = t.dir.path().join("labels.pdf");
    assert!(pdf.exists(), "{}", stock_message(&t));
}

/// Empties the focused field.
fn clear(t: &mut Till) {
    for _ in 0..30 {
        t.press(key(KeyCode::Backspace));
    }
}

/// Presses `k` with modifiers.
fn with(code: KeyCode, m: KeyModifiers) -> KeyEvent {
    KeyEvent::new(code, m)
}

#[test]
fn goods_in_on_credit_moved_counted_and_corrected() {
    let mut t = shop();
    t.press(alt('i'));
    t.type_text("meh");
    both(&mut t, "purchase_supplier_list");
    t.press(key(KeyCode::Enter));
    assert!(
        t.app
            .panes
            .stock
            .goods
            .as_ref()
            .is_some_and(|d| d.supplier_id.is_some())
    );
    fill(&mut t, &["MT-501", "", "", "", ""]);
    t.type_text("10*2001234567893");
    t.press(key(KeyCode::Enter));
    t.type_text("kurta l");
    both(&mut t, "purchase_pick_list");
    t.press(key(KeyCode::Enter));
    // Six of the L, at ₹460 each.
    t.press(alt('q'));
    clear(&mut t);
    t.type_text("6");
    t.press(key(KeyCode::Enter));
    t.press(alt('r'));
    clear(&mut t);
    t.type_text("460");
    t.press(key(KeyCode::Enter));
    both(&mut t, "purchase");
    t.press(key(KeyCode::F(10)));
    both(&mut t, "purchase_confirm");
    t.press(key(KeyCode::Enter));
    assert!(
        stock_message(&t).starts_with("bought: 2 lines"),
        "{}",
        stock_message(&t)
    );
    assert_eq!(qty(&t, "COTKUR-M-RED", "Godown"), Qty::units(10));
    assert_eq!(qty(&t, "COTKUR-L-RED", "Godown"), Qty::units(6));
    // 10 × 450 + 6 × 460 = 7,260, + 5% GST = 7,623.
    let mehta = t.store().find_party("Mehta").expect("supplier");
    assert_eq!(
        t.store().party_balance(mehta.party_id).expect("balance"),
        -Money::from_rupees(7_623)
    );

    // Four to the shop floor by scanning.
    t.press(alt('t'));
    tab(&mut t, 3);
    t.type_text("4*2001234567893");
    t.press(key(KeyCode::Enter));
    both(&mut t, "transfer");
    t.press(key(KeyCode::F(10)));
    t.press(key(KeyCode::Enter));
    assert_eq!(qty(&t, "COTKUR-M-RED", "Shop floor"), Qty::units(4));

    // Two damaged in the godown (→ from the shop floor, the first).
    t.press(alt('a'));
    t.press(key(KeyCode::Right));
    tab(&mut t, 3);
    t.type_text("2*2000000000015");
    t.press(key(KeyCode::Enter));
    both(&mut t, "adjust");
    t.press(key(KeyCode::F(10)));
    t.press(key(KeyCode::Enter));
    assert_eq!(qty(&t, "COTKUR-L-RED", "Godown"), Qty::units(4));

    // The shop floor counted: three of the M on the shelf.
    t.press(alt('c'));
    tab(&mut t, 2);
    t.type_text("3*2001234567893");
    t.press(key(KeyCode::Enter));
    both(&mut t, "count");
    t.press(key(KeyCode::F(10)));
    t.press(key(KeyCode::Enter));
    assert_eq!(qty(&t, "COTKUR-M-RED", "Shop floor"), Qty::units(3));
    assert!(
        stock_message(&t).contains("1 item corrected"),
        "{}",
        stock_message(&t)
    );

    // Back to the supplier: one L, taken off their khata.
    t.press(alt('o'));
    t.press(key(KeyCode::Enter));
    fill(&mut t, &["DN-1", "", "", "torn"]);
    t.type_text("2000000000015");
    t.press(key(KeyCode::Enter));
    t.press(with(KeyCode::Char('p'), KeyModifiers::CONTROL));
    t.press(key(KeyCode::Enter));
    assert_eq!(qty(&t, "COTKUR-L-RED", "Godown"), Qty::units(3));
    assert_eq!(
        t.store().party_balance(mehta.party_id).expect("balance"),
        -Money::from_rupees(7_623) + Money::from_paise(47_250)
    );
    let report = galla::store::check(t.store()).expect("check");
    assert!(report.is_clean(), "{:?}", report.differences);
}

#[test]
fn a_setting_is_changed_and_a_bad_one_refused() {
    let mut t = shop();
    let config = galla::config::Config {
        timezone: Some(chrono_tz::Asia::Kolkata),
        ..galla::config::Config::default()
    };
    t.app.panes.settings.machine =
        galla::tui::machine_facts(&config, Path::new("/shops/gupta/shop.db"));
    t.press(alt('9'));
    assert!(t.app.panes.settings.loaded);
    both(&mut t, "settings");
    t.type_text("footer");
    t.press(key(KeyCode::Enter));
    t.type_text("No exchange after 7 days | Thank you");
    both(&mut t, "settings_form");
    t.press(key(KeyCode::Enter));
    let stored = t.store().shop_settings().expect("settings");
    assert_eq!(
        stored["receipt.footer"],
        serde_json::json!(["No exchange after 7 days", "Thank you"])
    );
    assert_eq!(
        t.runner.till.shop.footer,
        ["No exchange after 7 days", "Thank you"],
        "the receipt follows"
    );

    // A GSTIN with a wrong check character: said in the form, not written.
    let before = t.store().event_count().expect("count");
    t.press(key(KeyCode::Esc));
    t.type_text("gstin");
    t.press(key(KeyCode::Enter));
    t.type_text("27AAPFU0939F1ZW");
    t.press(key(KeyCode::Enter));
    let err = t
        .app
        .panes
        .settings
        .form
        .as_ref()
        .and_then(|(_, f)| f.error.clone())
        .unwrap_or_default();
    assert!(err.contains("last character"), "{err}");
    assert_eq!(t.store().event_count().expect("count"), before);
    t.press(key(KeyCode::Esc));
    t.press(key(KeyCode::Esc));
    t.type_text("shop.name");
    t.press(key(KeyCode::Enter));
    clear(&mut t);
    t.type_text("Gupta Cloth House");
    t.press(key(KeyCode::Enter));
    assert_eq!(
        t.app.status.shop, "Gupta Cloth House",
        "the status bar follows"
    );
    t.press(key(KeyCode::Esc));
    t.press(key(KeyCode::Tab));
    both(&mut t, "settings_machine");

    // The last good backup's age, in both views (issue 15: "shown in
    // Settings").
    let text = |t: &Till| t.screen(80, 24);
    assert!(text(&t).contains("no backup yet"), "{}", text(&t));
    let at = t.app.now - chrono::Duration::hours(3);
    t.runner
        .settle(&mut t.app, Action::BackupDone(Ok(at)), false);
    assert!(
        text(&t).contains("last good backup 3 h ago"),
        "{}",
        text(&t)
    );
    t.press(key(KeyCode::Tab));
    assert!(
        text(&t).contains("last good backup 3 h ago"),
        "{}",
        text(&t)
    );
}
