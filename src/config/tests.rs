//! Config loading tests: a good file, the example file (as shipped and with
//! its values uncommented), and the exact wording and location of errors.

use std::path::Path;

use serde::Deserialize;

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::*;
use crate::app::command::Command;
use crate::ui::keymap::Scope;

const EXAMPLE: &str = include_str!("../../config.example.toml");

fn load(text: &str) -> Result<Config, ConfigError> {
    Config::from_str_with_path(text, Path::new("config.toml"))
}

fn error(text: &str) -> String {
    match load(text) {
        Ok(_) => String::from("no error"),
        Err(e) => e.to_string(),
    }
}

#[test]
fn empty_file_gives_defaults() {
    let c = load("").expect("an empty file is valid");
    assert_eq!(c, Config::default());
    assert_eq!(c.shop.name, "My Shop");
    assert_eq!(c.counter.code, "C1");
    assert_eq!(c.ui.theme, ThemeChoice::Auto);
    assert_eq!(c.keymap(), Ok(Keymap::defaults()));
}

#[test]
fn good_file_loads_every_value() {
    let text = r#"
db = "shop.db"
timezone = "Asia/Kolkata"

[shop]
name = "Sharma General Store"
address = """
Shop 4, Laxmi Road
Pune 411030
"""
gstin = "27aapfu0939f1zv"
phone = "+91 98765 43210"
upi_vpa = "sharma@okaxis"

[counter]
code = "C2"

[ui]
theme = 16

[keymap.stock]
"f5" = "next-location"

[server]
url = "https://sync.example.in/"
"#;
    let c = Config::from_str_with_path(text, Path::new("/etc/galla/config.toml")).expect("valid");
    assert_eq!(c.db.as_deref(), Some(Path::new("/etc/galla/shop.db")));
    assert_eq!(c.timezone(), chrono_tz::Asia::Kolkata);
    assert_eq!(c.shop.name, "Sharma General Store");
    assert_eq!(c.shop.address, "Shop 4, Laxmi Road\nPune 411030");
    assert_eq!(c.shop.gstin.as_deref(), Some("27AAPFU0939F1ZV"));
    assert_eq!(
        c.shop.state_code.as_deref(),
        Some("27"),
        "taken from the GSTIN"
    );
    assert_eq!(c.shop.upi_vpa.as_deref(), Some("sharma@okaxis"));
    assert_eq!(c.counter.code, "C2");
    assert_eq!(c.ui.theme, ThemeChoice::Sixteen);
    assert_eq!(c.ui.theme.with_no_color(true), ThemeChoice::Mono);
    assert_eq!(c.server.url.as_deref(), Some("https://sync.example.in"));
    let keymap = c.keymap().expect("valid overrides");
    let f5 = KeyEvent::new(KeyCode::F(5), KeyModifiers::NONE);
    assert_eq!(
        keymap.lookup(Scope::Stock, &f5),
        Some(Command::NextLocation)
    );
}

#[test]
fn example_file_parses_as_shipped() {
    let c = load(EXAMPLE).expect("config.example.toml parses");
    assert_eq!(c, Config::default(), "every value is commented out");
}

/// The example with `# key = value` lines uncommented (prose stays).
fn uncommented(text: &str) -> String {
    text.lines()
        .map(|line| match line.strip_prefix("# ") {
            Some(rest) if looks_like_setting(rest) => rest,
            _ => line,
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn looks_like_setting(line: &str) -> bool {
    let Some((key, _)) = line.split_once(" = ") else {
        return false;
    };
    let bare = key.bytes().all(|b| b.is_ascii_lowercase() || b == b'_');
    let quoted = key.len() >= 2 && key.starts_with('"') && key.ends_with('"');
    !key.is_empty() && (bare || quoted)
}

#[test]
fn example_file_parses_with_every_value_uncommented() {
    let text = uncommented(EXAMPLE);
    let set_lines = text
        .lines()
        .zip(EXAMPLE.lines())
        .filter(|(a, b)| a != b)
        .count();
    assert!(set_lines >= 14, "uncommented {set_lines} lines:\n{text}");
    let c = load(&text).expect("uncommented example parses");
    assert_eq!(c.timezone, Some(chrono_tz::Asia::Kolkata));
    assert_eq!(c.shop.name, "My Shop");
    assert_eq!(c.shop.gstin.as_deref(), Some("27AAPFU0939F1ZV"));
    assert_eq!(c.shop.state_code.as_deref(), Some("27"));
    assert_eq!(c.counter.code, "C1");
    assert_eq!(c.ui.theme, ThemeChoice::Auto);
    assert!(!c.keymap.is_empty());
    assert!(c.keymap().is_ok());
}

#[test]
fn unknown_keys_name_the_table_line_and_choices() {
    let text = "[shop]\nname = \"A\"\n\n[ui]\nthme = \"mono\"\n";
    assert_eq!(
        error(text),
        "config.toml:5:1: unknown key \"thme\" in [ui] — expected one of: theme"
    );
    assert_eq!(
        error("[counter]\ncode = \"C1\"\ntimezone = \"Asia/Kolkata\"\n"),
        "config.toml:3:1: unknown key \"timezone\" in [counter] — expected one of: code \
         (\"timezone\" belongs above the first [section] in the file)"
    );
    assert_eq!(
        error("gstin = \"x\"\n"),
        "config.toml:1:1: unknown key \"gstin\" — expected one of: db, timezone, shop, \
         counter, ui, keymap, server, billing, printer, backup (\"gstin\" belongs in [shop])"
    );
    assert!(error("[sever]\nurl = \"x\"\n").starts_with("config.toml:1:2: unknown key \"sever\""));
}

#[test]
fn bad_values_say_where_and_what_was_expected() {
    assert_eq!(
        error("# counter\n\n[counter]\ncode = \"c-1\"\n"),
        "config.toml:4:8: counter code \"c-1\" is not valid — expected 1 to 4 capital letters \
         or digits, e.g. \"C1\""
    );
    assert_eq!(
        error("timezone = \"Asia/Kolkatta\"\n"),
        "config.toml:1:12: time zone \"Asia/Kolkatta\" is not known — did you mean \"Asia/Kolkata\"?"
    );
    assert_eq!(
        error("[shop]\ngstin = \"27AAPFU0939F1ZW\"\n"),
        "config.toml:2:9: GSTIN \"27AAPFU0939F1ZW\" is not valid — its last character should \
         be \"V\" — check it for a typing mistake"
    );
    assert_eq!(
        error("[server]\nurl = \"sync.example.in\"\n"),
        "config.toml:2:7: server url \"sync.example.in\" is not valid — expected an address \
         starting with http:// or https://, e.g. \"https://sync.example.in\""
    );
    assert_eq!(
        error("[ui]\ntheme = \"dark\"\n"),
        "config.toml:2:9: theme \"dark\" is not valid — expected one of: \"auto\", \"16\", \"mono\""
    );
    assert!(
        error("[shop]\nupi_vpa = \"myshop\"\n").starts_with("config.toml:2:11: UPI ID \"myshop\"")
    );
    assert!(error("[shop]\nstate_code = 45\n").starts_with("config.toml:2:14: state code \"45\""));
    assert!(
        error("[shop]\ngstin = \"27AAPFU0939F1ZV\"\nstate_code = \"29\"\n")
            .starts_with("config.toml:3:14: state code \"29\" does not match the GSTIN")
    );
    assert!(error("[shop]\nname = \"  \"\n").starts_with("config.toml:2:8: shop name is empty"));
    assert!(error("[counter]\ncode = 1\n").starts_with("config.toml:2:8: wrong kind of value"));
}

#[test]
fn keymap_mistakes_are_config_errors_with_lines() {
    assert_eq!(
        error("[keymap.stock]\n\"f5\" = \"next-locaton\"\n"),
        "config.toml:2:8: unknown command \"next-locaton\" — did you mean \"next-location\"?"
    );
    assert!(
        error("[keymap.global]\n\"hyper-x\" = \"quit\"\n")
            .starts_with("config.toml:2:1: unknown key name")
    );
    assert_eq!(
        error("[keymap.stock]\n\"f5\" = 5\n"),
        "config.toml:2:8: wrong kind of value: expected a string, found integer 5"
    );
    assert_eq!(
        error("shop = \"Sharma\"\n"),
        "config.toml:1:8: wrong kind of value: expected a table, found string \"Sharma\""
    );
    assert!(
        error("[keymap.bill]\n\"f5\" = \"quit\"\n")
            .starts_with("config.toml:1:9: unknown keymap scope")
    );
}

#[test]
fn broken_toml_gives_a_location() {
    assert!(error("[shop\nname = 1\n").starts_with("config.toml:1:"));
    assert_eq!(
        error("[shop]\nname = \"A\nB\"\n"),
        "config.toml:2:10: invalid basic string, expected '\"'"
    );
    assert_eq!(
        error("[ui]\ntheme = \"16\"\ntheme = \"mono\"\n"),
        "config.toml:3:1: this key is already set earlier in the same table"
    );
}

#[test]
fn missing_files() {
    let dir = tempfile::tempdir().expect("temp dir");
    let missing = dir.path().join("nope.toml");
    let err = Config::load(&missing)
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
    assert!(
        err.ends_with("nope.toml: no such config file — check the --config path"),
        "{err}"
    );
    assert!(
        Config::load_or_default(Some(&missing)).is_err(),
        "explicit file must exist"
    );
    let good = dir.path().join("config.toml");
    std::fs::write(&good, "[counter]\ncode = \"C9\"\n").expect("write");
    let c = Config::load_or_default(Some(&good)).expect("loads");
    assert_eq!(c.counter.code, "C9");
}

#[test]
fn section_key_lists_match_the_structs() {
    // serde lists a struct's keys in its "unknown field" message.
    fn keys<T: for<'de> Deserialize<'de>>(table: &str) -> Vec<String> {
        let text = format!("{table}zzz_not_a_key = 1\n");
        let message = toml::from_str::<T>(&text)
            .err()
            .map(|e| e.message().to_string());
        message
            .and_then(|m| crate::ui::keymap::parse_unknown_field(&m))
            .map(|(_, expected)| expected)
            .unwrap_or_default()
    }
    let actual = [
        keys::<raw::Config>(""),
        keys::<raw::Shop>(""),
        keys::<raw::Counter>(""),
        keys::<raw::Ui>(""),
        keys::<raw::Server>(""),
    ];
    for ((_, listed), actual) in raw::SECTIONS.iter().zip(actual) {
        assert_eq!(*listed, actual.as_slice());
    }
}

#[test]
fn the_backup_folder_is_beside_the_config_and_keep_is_bounded() {
    let c = load("[backup]\nfolder = \"backups-usb\"\nkeep = 14\n").expect("valid");
    assert_eq!(c.backup.folder, Some(PathBuf::from("backups-usb")));
    assert_eq!(c.backup.keep, 14);
    assert_eq!(Config::default().backup.keep, 7);
    assert_eq!(
        error("[backup]\nkeep = 0\n"),
        "config.toml:2:8: keep 0 is not valid — expected how many daily backups to keep, 1 to 365"
    );
    assert!(error("[backup]\nfolder = \" \"\n").contains("backup folder is empty"));
}

#[test]
fn the_demo_runs_on_india_s_clock_unless_the_config_says_otherwise() {
    let plain = Config::default();
    assert_eq!(
        plain.for_screen(true).timezone,
        Some(chrono_tz::Asia::Kolkata)
    );
    assert_eq!(plain.for_screen(false).timezone, None);
    let set = Config {
        timezone: Some(chrono_tz::Europe::London),
        ..Config::default()
    };
    assert_eq!(
        set.for_screen(true).timezone,
        Some(chrono_tz::Europe::London)
    );
}
