//! Each popup owns its keymap scope. A key rebound in the config's
//! `[keymap.payment]` changes the payment box — its key and the hint that
//! names it — and not today's bills; a key bound only in `[keymap.bills]`
//! does nothing in the payment box; an old config's `[keymap.form]` still
//! reaches every popup with a text field; a letter may be bound where a
//! popup has no text field (held bills); a config that leaves a popup no
//! way out is refused with its place in the file; and help in Billing lists
//! each popup's keys under its own heading.

mod common;

use std::path::Path;

use common::till::{Till, key, till};
use galla::config::Config;
use galla::ui::keymap::Scope;
use galla::ui::popup::Popup;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// The config's keymap, as galla's start loads it.
fn keymap(toml: &str) -> Result<galla::ui::keymap::Keymap, String> {
    let config =
        Config::from_str_with_path(toml, Path::new("config.toml")).map_err(|e| e.to_string())?;
    config.keymap().map_err(|e| e.to_string())
}

/// A till whose keys come from `toml`.
fn till_keyed(toml: &str) -> Till {
    let mut t = till();
    let keys = keymap(toml).expect("the config's keymap is valid");
    t.app.panes.billing.keys = keys.clone();
    t.app.keymap = keys;
    t
}

fn top_is(t: &Till, what: fn(&Popup) -> bool) -> bool {
    t.app.popups.last().is_some_and(what)
}

fn is_payment(p: &Popup) -> bool {
    matches!(p, Popup::Payment(_))
}

fn is_bills(p: &Popup) -> bool {
    matches!(p, Popup::Bills(_))
}

/// The key-hint line (above the status line).
fn hint_line(t: &Till, w: u16, h: u16) -> String {
    let screen = t.screen(w, h);
    screen.lines().rev().nth(1).unwrap_or_default().to_string()
}

/// A bill sold, so today's bills has one, and one item on the next bill.
fn ready(t: &mut Till) {
    let codes = t.codes.clone();
    t.sell(&[&codes[0]]);
    t.scan(&codes[1]);
}

#[test]
fn a_key_rebound_for_the_payment_box_changes_it_and_its_hint_not_the_bills_list() {
    let mut t = till_keyed("[keymap.payment]\n\"f5\" = \"close\"\n\"esc\" = \"none\"\n");
    ready(&mut t);
    t.press(key(KeyCode::F(10)));
    assert!(top_is(&t, is_payment));
    let screen = t.screen(80, 24);
    assert!(screen.contains("undo · F5 "), "the box names F5: {screen}");
    assert!(!screen.contains("Esc"), "Esc is named nowhere: {screen}");
    t.press(key(KeyCode::Esc));
    assert!(
        top_is(&t, is_payment),
        "Esc no longer closes the payment box"
    );
    t.press(key(KeyCode::F(5)));
    assert!(t.app.popups.is_empty(), "F5 closes it");

    // Today's bills keep their own keys: Esc closes, F5 does nothing.
    t.press(key(KeyCode::F(6)));
    assert!(top_is(&t, is_bills));
    let screen = t.screen(80, 24);
    assert!(screen.contains("Esc: close"), "{screen}");
    assert!(!screen.contains("F5"), "{screen}");
    t.press(key(KeyCode::F(5)));
    assert!(top_is(&t, is_bills), "F5 is the payment box's alone");
    t.press(key(KeyCode::Esc));
    assert!(t.app.popups.is_empty());
}

#[test]
fn a_key_bound_only_for_todays_bills_does_nothing_in_the_payment_box() {
    let mut t = till_keyed("[keymap.bills]\n\"f5\" = \"reprint-bill\"\n\"alt-p\" = \"none\"\n");
    ready(&mut t);
    t.press(key(KeyCode::F(10)));
    t.type_text("50");
    let before = format!("{:?}", t.app.popups.last());
    t.press(key(KeyCode::F(5)));
    assert_eq!(
        format!("{:?}", t.app.popups.last()),
        before,
        "nothing changed"
    );
    assert!(!t.message().contains("print"), "{}", t.message());
    // The bills list's hint line names it, and it reprints there.
    t.press(key(KeyCode::Esc));
    t.press(key(KeyCode::F(6)));
    let screen = t.screen(80, 24);
    assert!(screen.contains("F5: reprint"), "{screen}");
    let hints = hint_line(&t, 120, 40);
    assert!(hints.contains("F5 Reprint bill"), "{hints}");
    t.press(key(KeyCode::F(5)));
    assert!(t.app.popups.is_empty());
    let reprinted = format!("printed bill {}", t.no(1));
    assert!(t.message().contains(&reprinted), "{}", t.message());
}

#[test]
fn the_hint_line_shows_exactly_the_top_popups_scope() {
    let mut t = till();
    ready(&mut t);
    t.press(key(KeyCode::F(10)));
    let last = hint_line(&t, 120, 40);
    assert!(last.contains("Undo payment"), "{last}");
    assert!(!last.contains("Reprint"), "{last}");
    t.press(key(KeyCode::Esc));
    t.press(key(KeyCode::F(6)));
    let last = hint_line(&t, 120, 40);
    assert!(last.contains("Reprint bill"), "{last}");
    assert!(
        !last.contains("Undo payment") && !last.contains("Next mode"),
        "{last}"
    );
}

#[test]
fn an_old_form_table_still_reaches_the_popups_with_a_text_field() {
    let keys = keymap("[keymap.form]\n\"f5\" = \"submit\"\n").expect("an old config loads");
    let f5 = KeyEvent::new(KeyCode::F(5), KeyModifiers::NONE);
    for scope in [
        Scope::Form,
        Scope::Payment,
        Scope::Prompt,
        Scope::Bills,
        Scope::Setup,
    ] {
        assert_eq!(
            keys.lookup(scope, &f5),
            Some(galla::app::command::Command::Submit),
            "{scope:?}"
        );
    }
    // Only where the popup uses the command: no popup gains undo-payment.
    let keys = keymap("[keymap.form]\n\"f6\" = \"undo-payment\"\n").expect("loads");
    let f6 = KeyEvent::new(KeyCode::F(6), KeyModifiers::NONE);
    assert!(keys.lookup(Scope::Payment, &f6).is_some());
    assert_eq!(keys.lookup(Scope::Bills, &f6), None);
    assert_eq!(keys.lookup(Scope::Prompt, &f6), None);
    // A popup's own table has the last word, wherever it is in the file.
    let keys =
        keymap("[keymap.payment]\n\"f5\" = \"next-field\"\n[keymap.form]\n\"f5\" = \"submit\"\n")
            .expect("loads");
    assert_eq!(
        keys.lookup(Scope::Payment, &f5),
        Some(galla::app::command::Command::NextField)
    );
    assert_eq!(
        keys.lookup(Scope::Prompt, &f5),
        Some(galla::app::command::Command::Submit)
    );
}

#[test]
fn a_config_that_leaves_a_popup_no_way_out_is_refused_where_it_says_so() {
    let err = keymap("[counter]\ncode = \"C2\"\n\n[keymap.bills]\n\"esc\" = \"none\"\n")
        .expect_err("refused");
    assert_eq!(
        err,
        "config.toml:5:1: this leaves no key for \"close\" in bills — bind another key to it first"
    );
    let err = keymap("[keymap.prompt]\n\"enter\" = \"none\"\n").expect_err("refused");
    assert!(err.contains("no key for \"submit\" in prompt"), "{err}");
    // A plain letter where a popup's text field types is refused too.
    let err = keymap("[keymap.customer]\n\"a\" = \"submit\"\n").expect_err("refused");
    assert!(
        err.starts_with("config.toml:2:1: a types into the text field in customer"),
        "{err}"
    );
    // Held bills have no text field: a letter may recall one.
    let keys = keymap("[keymap.held]\n\"r\" = \"submit\"\n").expect("a letter is fine there");
    let r = KeyEvent::new(KeyCode::Char('r'), KeyModifiers::NONE);
    assert_eq!(
        keys.lookup(Scope::Held, &r),
        Some(galla::app::command::Command::Submit)
    );
    // An old `[keymap.form]` that unbinds Esc leaves every popup with a text
    // field without a way out: each is named, at the line that did it.
    let err = keymap("[keymap.form]\n\"esc\" = \"none\"\n").expect_err("refused");
    assert!(
        err.contains("config.toml:2:1: this leaves no key for \"close\" in payment"),
        "{err}"
    );
    assert!(err.contains("in form"), "{err}");
}

#[test]
fn help_in_billing_lists_each_popups_own_keys() {
    let mut t = till();
    t.press(key(KeyCode::F(12)));
    let mut pages = Vec::new();
    for _ in 0..4 {
        pages.push(t.screen(120, 40));
        for _ in 0..3 {
            t.press(key(KeyCode::PageDown));
        }
    }
    let all = pages.join("\n");
    for heading in [
        "In the payment box",
        "In today's bills",
        "Taking goods back on a bill",
        "In held bills",
        "In the customer box",
        "In a quantity, rate or discount prompt",
        "In the buyer's details",
        "In popups",
    ] {
        assert!(all.contains(heading), "{heading}: {all}");
    }
    insta::assert_snapshot!("billing_help_120x40", pages[1]);
    insta::assert_snapshot!("billing_help_further_120x40", pages[2]);
}

#[test]
fn a_letter_bound_for_held_bills_recalls_one_there_and_types_elsewhere() {
    let mut t = till_keyed("[keymap.held]\n\"r\" = \"submit\"\n");
    let codes = t.codes.clone();
    t.scan(&codes[0]);
    t.press(key(KeyCode::F(8)));
    assert!(t.app.panes.billing.draft.is_empty(), "{}", t.message());
    t.press(key(KeyCode::F(9)));
    assert!(matches!(t.app.popups.last(), Some(Popup::Held(_))));
    t.press(key(KeyCode::Char('r')));
    assert!(t.app.popups.is_empty(), "r recalls the held bill");
    assert_eq!(t.app.panes.billing.draft.lines.len(), 1);
    // In the customer box, r is still a letter of the search.
    t.press(key(KeyCode::F(4)));
    t.press(key(KeyCode::Char('r')));
    match t.app.popups.last() {
        Some(Popup::Customer(c)) => assert_eq!(c.query.value(), "r"),
        other => panic!("the customer box is open: {other:?}"),
    }
}
