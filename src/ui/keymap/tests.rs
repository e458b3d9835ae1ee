//! Keymap tests: the embedded defaults, lookups as terminals report keys,
//! overrides, and the wording and location of every kind of error.

use std::path::Path;

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::*;

fn press(code: KeyCode, mods: KeyModifiers) -> KeyEvent {
    KeyEvent::new(code, mods)
}

fn key(name: &str) -> KeySpec {
    name.parse().expect("test key names are valid")
}

/// Overrides as the config loader builds them: parsed from `[keymap]` TOML
/// with the file remembered.
fn overrides(text: &str) -> Overrides {
    #[derive(Deserialize)]
    struct File {
        keymap: Overrides,
    }
    let file: File = toml::from_str(text).expect("test overrides are valid TOML");
    file.keymap.with_origin(Path::new("config.toml"), text)
}

fn file_error(text: &str) -> String {
    match Keymap::from_toml(text, Path::new("keymap.toml")) {
        Ok(_) => String::from("no error"),
        Err(e) => e.to_string(),
    }
}

#[test]
fn defaults_parse_and_are_not_the_fallback() {
    let parsed = Keymap::from_toml(DEFAULTS, Path::new(DEFAULTS_PATH));
    assert!(parsed.is_ok(), "{parsed:?}");
    let defaults = Keymap::defaults();
    assert_ne!(defaults, Keymap::minimal());
    for scope in Scope::ALL {
        assert!(!defaults.bindings(scope).is_empty(), "{scope:?} has keys");
    }
}

#[test]
fn defaults_bind_no_key_twice_in_a_scope() {
    let defaults = Keymap::defaults();
    for scope in Scope::ALL {
        let keys: Vec<KeySpec> = defaults.bindings(scope).iter().map(|b| b.key).collect();
        for (i, k) in keys.iter().enumerate() {
            assert!(!keys[i + 1..].contains(k), "{k} twice in {scope:?}");
        }
    }
}

#[test]
fn lookup_matches_keys_as_terminals_report_them() {
    let km = Keymap::defaults();
    let global = |code, mods| km.lookup(Scope::Global, &press(code, mods));
    assert_eq!(
        global(KeyCode::Char('q'), KeyModifiers::CONTROL),
        Some(Command::Quit)
    );
    assert_eq!(global(KeyCode::Char('q'), KeyModifiers::NONE), None);
    assert_eq!(
        global(KeyCode::F(3), KeyModifiers::NONE),
        Some(Command::GoStock)
    );
    assert_eq!(
        global(KeyCode::Char('3'), KeyModifiers::ALT),
        Some(Command::GoStock)
    );
    assert_eq!(
        global(KeyCode::Char('?'), KeyModifiers::SHIFT),
        Some(Command::Help)
    );
    assert_eq!(
        global(KeyCode::Char('?'), KeyModifiers::NONE),
        Some(Command::Help)
    );
    let stock = |code, mods| km.lookup(Scope::Stock, &press(code, mods));
    assert_eq!(
        stock(KeyCode::BackTab, KeyModifiers::SHIFT),
        Some(Command::PrevLocation)
    );
    assert_eq!(
        stock(KeyCode::BackTab, KeyModifiers::NONE),
        Some(Command::PrevLocation)
    );
    assert_eq!(
        stock(KeyCode::Tab, KeyModifiers::NONE),
        Some(Command::NextLocation)
    );
    // Lookup is per scope: Ctrl+Q is not a Stock key.
    assert_eq!(stock(KeyCode::Char('q'), KeyModifiers::CONTROL), None);
}

#[test]
fn shift_letters_match_capital_bindings() {
    let km = Keymap::defaults()
        .apply(&Overrides::from_entries([("sync", "H", "show-history")]))
        .expect("valid override");
    // The Sync pane has no text field, so a letter can run a command there.
    let stock = |code, mods| km.lookup(Scope::Sync, &press(code, mods));
    assert_eq!(
        stock(KeyCode::Char('H'), KeyModifiers::SHIFT),
        Some(Command::ShowHistory)
    );
    assert_eq!(
        stock(KeyCode::Char('H'), KeyModifiers::NONE),
        Some(Command::ShowHistory)
    );
    assert_eq!(stock(KeyCode::Char('h'), KeyModifiers::NONE), None);
}

#[test]
fn hints_show_the_first_key_for_people() {
    let km = Keymap::defaults();
    assert_eq!(
        km.hint(Scope::Global, Command::Quit).as_deref(),
        Some("Ctrl+Q")
    );
    assert_eq!(
        km.hint(Scope::Global, Command::GoStock).as_deref(),
        Some("F3")
    );
    assert_eq!(
        km.hint(Scope::Global, Command::Help).as_deref(),
        Some("F12")
    );
    assert_eq!(
        km.hint(Scope::Stock, Command::ShowHistory).as_deref(),
        Some("Enter")
    );
    assert_eq!(
        km.hint(Scope::Stock, Command::PrevLocation).as_deref(),
        Some("Shift+Tab")
    );
    assert_eq!(km.hint(Scope::Stock, Command::Quit), None);
}

#[test]
fn overrides_rebind_and_unbind() {
    let ov = overrides(
        "[keymap.stock]\n\"f5\" = \"next-location\"\n\"tab\" = \"none\"\n\"enter\" = \"clear-search\"\n",
    );
    let km = Keymap::with_overrides(&ov).expect("valid overrides");
    let stock = |code| km.lookup(Scope::Stock, &press(code, KeyModifiers::NONE));
    assert_eq!(stock(KeyCode::F(5)), Some(Command::NextLocation));
    assert_eq!(stock(KeyCode::Tab), None);
    assert_eq!(stock(KeyCode::Enter), Some(Command::ClearSearch));
    assert_eq!(
        stock(KeyCode::Esc),
        Some(Command::ClearSearch),
        "others stay"
    );
    // A rebound key keeps its place in help and takes the command's desc.
    let enter = km
        .bindings(Scope::Stock)
        .iter()
        .position(|b| b.key == key("enter"));
    let default_enter = Keymap::defaults()
        .bindings(Scope::Stock)
        .iter()
        .position(|b| b.key == key("enter"));
    assert_eq!(enter, default_enter);
    let f5 = km
        .bindings(Scope::Stock)
        .iter()
        .find(|b| b.key == key("f5"));
    assert_eq!(f5.map(|b| b.desc.as_str()), Some("Next location"));
    assert_eq!(
        km.hint(Scope::Stock, Command::NextLocation).as_deref(),
        Some("F5")
    );
    // Other scopes are untouched.
    assert_eq!(
        km.bindings(Scope::Global),
        Keymap::defaults().bindings(Scope::Global)
    );
}

#[test]
fn empty_overrides_change_nothing() {
    let ov = Overrides::default();
    assert!(ov.is_empty());
    assert_eq!(Keymap::with_overrides(&ov), Ok(Keymap::defaults()));
}

#[test]
fn override_errors_point_at_the_config_file() {
    let err = |text: &str| match Keymap::with_overrides(&overrides(text)) {
        Ok(_) => String::from("no error"),
        Err(e) => e.to_string(),
    };
    assert_eq!(
        err("# keys\n[keymap.stock]\n\"f55\" = \"up\"\n"),
        "config.toml:3:1: \"f55\" is not a function key — expected f1 to f12"
    );
    assert_eq!(
        err("[keymap.global]\n\"f5\" = \"nxt-pane\"\n"),
        "config.toml:2:8: unknown command \"nxt-pane\" — did you mean \"next-pane\"?"
    );
    assert_eq!(
        err("[keymap.global]\nf5 = \"frobnicate\"\n"),
        "config.toml:2:6: unknown command \"frobnicate\" — see `galla --help` or the README \
         for the list of commands"
    );
    assert_eq!(
        err("[keymap.stok]\nf5 = \"up\"\n"),
        "config.toml:1:9: unknown keymap scope \"stok\" — expected one of: global, stock, popup, billing, form, sync, khata, cashbook, staff, audit, settings, goods, reports, payment, prompt, customer, held, bills, return, recipient, setup, sign-in, approve"
    );
    assert_eq!(
        err("[keymap.stock]\nf5 = \"up\"\nF5 = \"down\"\n"),
        "config.toml:3:1: F5 is bound twice in stock — first at line 2"
    );
    assert!(
        err("[keymap.stock]\n\"pagedwn\" = \"up\"\n")
            .starts_with("config.toml:2:1: unknown key name \"pagedwn\"")
    );
}

#[test]
fn keymap_file_errors_say_where_and_what() {
    assert!(
        file_error(
            "[[global]]\non = \"ctrl-q\"\nrun = \"quit\"\n\n[[global]]\non = \"f12\"\nrun = \"help\"\n"
        ) == "no error"
    );
    assert_eq!(
        file_error(
            "[[global]]\non = \"ctrl-q\"\nrun = \"quit\"\n\n[[global]]\non = [\"f1\", \"Ctrl+Q\"]\nrun = \"help\"\n"
        ),
        "keymap.toml:6:13: Ctrl+Q is bound twice in global — first at line 2"
    );
    assert_eq!(
        file_error("[[global]]\non = \"ctrl-q\"\nrun = \"quitt\"\n"),
        "keymap.toml:3:7: unknown command \"quitt\" — did you mean \"quit\"?"
    );
    assert!(
        file_error("[[global]]\non = \"hyper-q\"\nrun = \"quit\"\n")
            .starts_with("keymap.toml:2:6: unknown key name \"hyper-q\"")
    );
    assert_eq!(
        file_error("[[biling]]\non = \"f1\"\nrun = \"help\"\n"),
        "keymap.toml:1:3: unknown keymap scope \"biling\" — expected one of: global, stock, popup, billing, form, sync, khata, cashbook, staff, audit, settings, goods, reports, payment, prompt, customer, held, bills, return, recipient, setup, sign-in, approve"
    );
    assert_eq!(
        file_error("[[global]]\non = \"f1\"\nrun = \"help\"\ndesk = \"Help\"\n"),
        "keymap.toml:4:1: unknown key \"desk\" — expected one of: on, run, desc"
    );
    assert!(file_error("[[global]]\non = \"f1\"\n").contains("missing key \"run\""));
    assert!(
        file_error("[[global]]\non = []\nrun = \"help\"\n")
            .starts_with("keymap.toml:2:6: `on` lists no keys")
    );
    assert!(file_error("[[global]\n").starts_with("keymap.toml:1:"));
}

#[test]
fn same_key_in_different_scopes_is_fine() {
    let text = "[[stock]]\non = \"up\"\nrun = \"up\"\n\n[[popup]]\non = \"up\"\nrun = \"up\"\n";
    assert_eq!(file_error(text), "no error");
}

#[test]
fn sync_scope_has_sync_now_and_f7_opens_it() {
    let km = Keymap::defaults();
    assert_eq!(Scope::from_name("sync"), Some(Scope::Sync));
    let sync = |code, mods| km.lookup(Scope::Sync, &press(code, mods));
    assert_eq!(
        sync(KeyCode::Char('s'), KeyModifiers::CONTROL),
        Some(Command::SyncNow)
    );
    assert_eq!(
        sync(KeyCode::F(5), KeyModifiers::NONE),
        Some(Command::SyncNow)
    );
    assert_eq!(sync(KeyCode::Down, KeyModifiers::NONE), Some(Command::Down));
    let global = |code, mods| km.lookup(Scope::Global, &press(code, mods));
    assert_eq!(
        global(KeyCode::F(7), KeyModifiers::NONE),
        Some(Command::GoSync)
    );
    assert_eq!(
        global(KeyCode::Char('7'), KeyModifiers::ALT),
        Some(Command::GoSync)
    );
    let o = overrides("[keymap.sync]\nf6 = \"sync-now\"\n");
    let rebound = Keymap::with_overrides(&o).expect("sync overrides apply");
    assert_eq!(
        rebound.lookup(Scope::Sync, &press(KeyCode::F(6), KeyModifiers::NONE)),
        Some(Command::SyncNow)
    );
}

fn override_error(text: &str) -> String {
    match Keymap::defaults().apply(&overrides(text)) {
        Ok(_) => String::from("no error"),
        Err(e) => e.to_string(),
    }
}

#[test]
fn a_keymap_that_leaves_no_way_to_quit_or_to_scan_is_refused_where_it_says_so() {
    let err = override_error("[keymap.global]\n\"ctrl-q\" = \"none\"\n");
    assert_eq!(
        err,
        "config.toml:2:1: this leaves no key for \"quit\" in global — bind another key to it first"
    );
    // Rebinding quit first makes unbinding Ctrl+Q fine.
    let ok = override_error("[keymap.global]\n\"ctrl-x\" = \"quit\"\n\"ctrl-q\" = \"none\"\n");
    assert_eq!(ok, "no error");
    let err = override_error("[keymap.billing]\n\"enter\" = \"none\"\n");
    assert!(err.contains("no key for \"add-item\" in billing"), "{err}");
}

#[test]
fn a_plain_letter_where_a_text_field_types_and_a_doubled_modifier_are_refused() {
    let err = override_error("[keymap.billing]\n\"a\" = \"pay\"\n");
    assert!(
        err.starts_with("config.toml:2:1: a types into the text field in billing"),
        "{err}"
    );
    let err = override_error("[keymap.global]\n\"ctrl-ctrl-q\" = \"quit\"\n");
    assert!(err.contains("names a modifier twice"), "{err}");
}

#[test]
fn every_mistake_in_the_file_is_reported_not_only_the_first() {
    let err = override_error(
        "[keymap.billing]\n\"a\" = \"pay\"\n\"f99\" = \"pay\"\n\"enter\" = \"none\"\n",
    );
    let lines: Vec<&str> = err.lines().collect();
    assert_eq!(lines.len(), 3, "{err}");
    assert!(lines[0].starts_with("config.toml:2:"), "{err}");
    assert!(lines[1].starts_with("config.toml:3:"), "{err}");
    assert!(lines[2].contains("add-item"), "{err}");
}

#[test]
fn messages_name_the_key_in_force() {
    let km = Keymap::defaults()
        .apply(&Overrides::from_entries([
            ("billing", "alt-p", "none"),
            ("billing", "alt-y", "retry-print"),
            ("billing", "f9", "none"),
        ]))
        .expect("valid overrides");
    assert_eq!(km.key_name(Scope::Billing, Command::RetryPrint), "Alt+y");
    // Nothing bound: the command in words, never a key that does nothing.
    let none = km.key_name(Scope::Billing, Command::Held);
    assert!(none.contains("no key bound"), "{none}");
}
