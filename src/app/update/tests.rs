//! `update` tests: key routing and search, with plain asserts on state and
//! the effects returned. No terminal and no database.

use chrono::{TimeZone, Utc};
use galla_domain::{Location, LocationId, VariantId};
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use crate::app::action::{Action, Effect};
use crate::app::command::Command;
use crate::app::{App, PaneId, Status, update};
use crate::search::SearchIndex;
use crate::store::SearchEntry;
use crate::ui::keymap::Keymap;
use crate::ui::popup::Popup;
use std::collections::VecDeque;

fn app() -> (App, SearchIndex) {
    let status = Status {
        shop: "Test".into(),
        counter: "C1".into(),
        user: "Owner".into(),
        tz: chrono_tz::Asia::Kolkata,
        read_only: false,
        sync: "offline".into(),
    };
    let now = Utc
        .with_ymd_and_hms(2026, 11, 20, 6, 0, 0)
        .single()
        .expect("time");
    let mut app = App::new(Keymap::defaults(), status, now, (80, 24));
    let entries = ["Cotton Kurta", "Silk Saree", "Quilt", "Denim Jeans"]
        .iter()
        .enumerate()
        .map(|(i, name)| SearchEntry {
            variant_id: VariantId::new(),
            sku: format!("SKU{i}"),
            barcode: Some(format!("890100000000{i}")),
            name: name.to_string(),
        })
        .collect();
    let mut index = SearchIndex::new(entries);
    let ids = (0..index.len() as u32)
        .filter_map(|r| index.id(r))
        .collect();
    drive(&mut app, &mut index, Action::IndexLoaded(ids));
    drive(
        &mut app,
        &mut index,
        Action::LocationsLoaded(vec![
            Location {
                location_id: LocationId::new(),
                name: "Shop floor".into(),
            },
            Location {
                location_id: LocationId::new(),
                name: "Godown".into(),
            },
        ]),
    );
    (app, index)
}

/// Runs `update`, answering filter effects from `index` as the runner's
/// searcher would; returns every other effect.
fn drive(app: &mut App, index: &mut SearchIndex, action: Action) -> Vec<Effect> {
    let mut out = Vec::new();
    let mut queue = VecDeque::from([action]);
    while let Some(action) = queue.pop_front() {
        for effect in update(app, action) {
            match effect {
                Effect::Filter {
                    target,
                    query,
                    generation,
                } => {
                    let rows = index.filter(&query, None).rows;
                    queue.push_back(Action::Filtered {
                        target,
                        generation,
                        rows,
                    });
                }
                other => out.push(other),
            }
        }
    }
    out
}

fn key(code: KeyCode) -> Action {
    Action::Key(KeyEvent::new(code, KeyModifiers::NONE))
}

fn ctrl(c: char) -> Action {
    Action::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL))
}

fn type_text(app: &mut App, index: &mut SearchIndex, text: &str) -> Vec<Effect> {
    text.chars()
        .flat_map(|c| drive(app, index, key(KeyCode::Char(c))))
        .collect()
}

#[test]
fn typing_q_searches_and_never_quits() {
    let (mut app, mut idx) = app();
    let effects = type_text(&mut app, &mut idx, "q");
    assert!(!app.quit);
    assert!(!effects.contains(&Effect::Quit));
    assert_eq!(app.panes.stock.search.value(), "q");
    assert_eq!(app.panes.stock.match_count(), 1, "only Quilt matches q");
    // Shifted letters type too.
    update(
        &mut app,
        Action::Key(KeyEvent::new(KeyCode::Char('Q'), KeyModifiers::SHIFT)),
    );
    assert_eq!(app.panes.stock.search.value(), "qQ");
    assert!(!app.quit);
}

#[test]
fn ctrl_q_quits() {
    let (mut app, mut idx) = app();
    type_text(&mut app, &mut idx, "kur");
    let effects = drive(&mut app, &mut idx, ctrl('q'));
    assert!(app.quit);
    assert_eq!(effects, vec![Effect::Quit]);
}

#[test]
fn typing_filters_and_asks_for_the_matching_rows() {
    let (mut app, mut idx) = app();
    let effects = type_text(&mut app, &mut idx, "saree");
    assert_eq!(app.panes.stock.match_count(), 1);
    let Some(Effect::LoadStockRows { ids, .. }) = effects.last() else {
        panic!("expected a row load, got {effects:?}");
    };
    assert_eq!(ids.len(), 1);
    // Backspace widens the search again; Esc clears it.
    for _ in 0..5 {
        drive(&mut app, &mut idx, key(KeyCode::Backspace));
    }
    assert_eq!(app.panes.stock.match_count(), 4);
    type_text(&mut app, &mut idx, "zzz");
    assert_eq!(app.panes.stock.match_count(), 0);
    drive(&mut app, &mut idx, key(KeyCode::Esc));
    assert_eq!(app.panes.stock.search.value(), "");
    assert_eq!(app.panes.stock.match_count(), 4);
}

#[test]
fn arrows_move_the_selection_within_bounds() {
    let (mut app, mut idx) = app();
    drive(&mut app, &mut idx, key(KeyCode::Down));
    drive(&mut app, &mut idx, key(KeyCode::Down));
    assert_eq!(app.panes.stock.selected, 2);
    drive(&mut app, &mut idx, key(KeyCode::End));
    assert_eq!(app.panes.stock.selected, 3);
    drive(&mut app, &mut idx, key(KeyCode::Down));
    assert_eq!(app.panes.stock.selected, 3);
    drive(&mut app, &mut idx, key(KeyCode::Home));
    drive(&mut app, &mut idx, key(KeyCode::Up));
    assert_eq!(app.panes.stock.selected, 0);
}

#[test]
fn tab_cycles_locations_through_all() {
    let (mut app, mut idx) = app();
    assert_eq!(app.panes.stock.location, None);
    drive(&mut app, &mut idx, key(KeyCode::Tab));
    assert_eq!(app.panes.stock.location, Some(0));
    drive(&mut app, &mut idx, key(KeyCode::Tab));
    assert_eq!(app.panes.stock.location, Some(1));
    drive(&mut app, &mut idx, key(KeyCode::Tab));
    assert_eq!(app.panes.stock.location, None);
    update(
        &mut app,
        Action::Key(KeyEvent::new(KeyCode::BackTab, KeyModifiers::SHIFT)),
    );
    assert_eq!(app.panes.stock.location, Some(1));
}

#[test]
fn question_mark_opens_help_and_popup_takes_keys_first() {
    let (mut app, mut idx) = app();
    drive(&mut app, &mut idx, key(KeyCode::Char('?')));
    assert!(matches!(app.popups.last(), Some(Popup::Help { .. })));
    // Letters typed under a popup do not reach the search field.
    type_text(&mut app, &mut idx, "abc");
    assert_eq!(app.panes.stock.search.value(), "");
    drive(&mut app, &mut idx, key(KeyCode::Esc));
    assert!(app.popups.is_empty());
    // Ctrl+Q still quits from a popup.
    drive(&mut app, &mut idx, key(KeyCode::Char('?')));
    drive(&mut app, &mut idx, ctrl('q'));
    assert!(app.quit);
}

#[test]
fn enter_asks_for_the_selected_variants_history() {
    let (mut app, mut idx) = app();
    let rows = vec![crate::store::StockRow {
        variant_id: VariantId::new(),
        sku: "SKU0".into(),
        barcode: None,
        name: "Cotton Kurta".into(),
        size: None,
        colour: None,
        price: galla_domain::Money::from_rupees(10),
        mrp: galla_domain::Money::from_rupees(10),
        reorder_level: galla_domain::Qty::ZERO,
        qty: Vec::new(),
    }];
    let effects = drive(&mut app, &mut idx, key(KeyCode::Char('k')));
    let Some(Effect::LoadStockRows { generation, .. }) = effects.last().cloned() else {
        panic!("expected a row load, got {effects:?}");
    };
    update(
        &mut app,
        Action::StockRowsLoaded {
            generation,
            rows: rows.clone(),
        },
    );
    let effects = drive(&mut app, &mut idx, key(KeyCode::Enter));
    assert_eq!(
        effects,
        vec![Effect::LoadHistory {
            variant: rows[0].variant_id,
            location: None,
            title: "SKU0 Cotton Kurta".into()
        }]
    );
}

#[test]
fn stale_row_loads_are_ignored() {
    let (mut app, mut idx) = app();
    let first = type_text(&mut app, &mut idx, "s");
    let second = type_text(&mut app, &mut idx, "i");
    let (
        Some(Effect::LoadStockRows { generation: g1, .. }),
        Some(Effect::LoadStockRows { generation: g2, .. }),
    ) = (first.last(), second.last())
    else {
        panic!("expected row loads");
    };
    assert!(g2 > g1);
    update(
        &mut app,
        Action::StockRowsLoaded {
            generation: *g1,
            rows: vec![],
        },
    );
    assert!(app.panes.stock.rows.is_empty());
}

#[test]
fn errors_open_a_popup_that_enter_closes() {
    let (mut app, mut idx) = app();
    drive(&mut app, &mut idx, Action::EffectFailed("disk full".into()));
    assert!(matches!(app.popups.last(), Some(Popup::Error(m)) if m == "disk full"));
    drive(&mut app, &mut idx, key(KeyCode::Enter));
    assert!(app.popups.is_empty());
    drive(&mut app, &mut idx, Action::Command(Command::Help));
    assert_eq!(app.popups.len(), 1);
}

#[test]
fn read_only_pane_switching_never_lands_on_billing() {
    let (mut app, mut index) = app();
    app.status.read_only = true;
    app.active = PaneId::Stock;
    let ctrl_arrow = |code| Action::Key(KeyEvent::new(code, KeyModifiers::CONTROL));
    for _ in 0..4 {
        drive(&mut app, &mut index, ctrl_arrow(KeyCode::Right));
        assert_ne!(app.active, PaneId::Billing);
    }
    for _ in 0..4 {
        drive(&mut app, &mut index, ctrl_arrow(KeyCode::Left));
        assert_ne!(app.active, PaneId::Billing);
    }
}

#[test]
fn a_shop_made_on_first_start_bills_as_registered_at_once() {
    let (mut app, _) = app();
    app.popups.push(Popup::Setup(Box::default()));
    let made = crate::app::action::ShopMade {
        name: "Gupta Kirana".into(),
        counter: "C2".into(),
        regime: galla_domain::Regime::Unregistered,
        state_code: Some("09".into()),
        upi_vpa: Some("gupta@upi".into()),
    };
    let effects = update(&mut app, Action::ShopSetUp(Ok(Box::new(made))));
    assert_eq!(effects, vec![Effect::LoadLocations]);
    assert!(app.popups.is_empty());
    assert_eq!(app.active, PaneId::Billing);
    let bill = &app.panes.billing;
    assert_eq!(bill.draft.regime, galla_domain::Regime::Unregistered);
    assert_eq!(bill.shop_state.as_deref(), Some("09"));
    assert_eq!(
        galla_domain::Document::of(bill.draft.regime),
        galla_domain::Document::Bill,
        "a cash memo, no tax, without a restart"
    );
    assert_eq!(app.shop.upi_vpa.as_deref(), Some("gupta@upi"));
    assert_eq!(app.status.counter, "C2");
}
