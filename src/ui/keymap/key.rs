//! `KeySpec`: one key with its modifiers, parsed from keymap names like
//! "ctrl-q" or "pgdn" and shown as "Ctrl+Q" or "PgDn". Both parsed names and
//! terminal events are normalised the same way, so a binding matches however
//! the terminal chose to report the key. Knows nothing of commands or scopes.

use std::fmt;
use std::str::FromStr;

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

/// A key and its modifiers, normalised: ASCII letters are stored lowercase
/// with SHIFT meaning "capital"; other characters never carry SHIFT (the
/// character already says it); Shift+Tab is always `BackTab` without SHIFT.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct KeySpec {
    code: KeyCode,
    mods: KeyModifiers,
}

/// Why a key name could not be read.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum KeyParseError {
    /// An empty string, or modifiers with no key after them.
    #[error("key name \"{0}\" has no key in it — expected e.g. \"ctrl-q\", \"f3\" or \"?\"")]
    Empty(String),
    /// Not a name we know.
    #[error(
        "unknown key name \"{0}\" — expected e.g. \"ctrl-q\", \"alt-1\", \"f3\", \"enter\", \
         \"esc\", \"tab\", \"pageup\", \"space\" or a single character like \"?\""
    )]
    Unknown(String),
    /// "f0", "f13" and the like.
    #[error("\"{0}\" is not a function key — expected f1 to f12")]
    FunctionKey(String),
    /// "shift-1": the terminal sends the shifted character, not Shift.
    #[error(
        "\"{0}\" cannot be typed — Shift goes only with letters and named keys; \
         write the character the shifted key types instead, e.g. \"!\" or \"?\""
    )]
    ShiftedSymbol(String),
    /// "ctrl-ctrl-q".
    #[error("key name \"{0}\" names a modifier twice — write it once, e.g. \"ctrl-q\"")]
    Repeated(String),
}

const MODIFIER_NAMES: &[(&str, KeyModifiers)] = &[
    ("ctrl", KeyModifiers::CONTROL),
    ("control", KeyModifiers::CONTROL),
    ("alt", KeyModifiers::ALT),
    ("shift", KeyModifiers::SHIFT),
];

const NAMED_KEYS: &[(&str, KeyCode)] = &[
    ("enter", KeyCode::Enter),
    ("return", KeyCode::Enter),
    ("esc", KeyCode::Esc),
    ("escape", KeyCode::Esc),
    ("tab", KeyCode::Tab),
    ("backtab", KeyCode::BackTab),
    ("backspace", KeyCode::Backspace),
    ("delete", KeyCode::Delete),
    ("del", KeyCode::Delete),
    ("insert", KeyCode::Insert),
    ("ins", KeyCode::Insert),
    ("up", KeyCode::Up),
    ("down", KeyCode::Down),
    ("left", KeyCode::Left),
    ("right", KeyCode::Right),
    ("home", KeyCode::Home),
    ("end", KeyCode::End),
    ("pageup", KeyCode::PageUp),
    ("pgup", KeyCode::PageUp),
    ("pagedown", KeyCode::PageDown),
    ("pgdn", KeyCode::PageDown),
    ("space", KeyCode::Char(' ')),
];

impl KeySpec {
    /// A key with modifiers, normalised (see the type's documentation).
    pub fn new(code: KeyCode, mods: KeyModifiers) -> KeySpec {
        let mut mods = mods & (KeyModifiers::CONTROL | KeyModifiers::ALT | KeyModifiers::SHIFT);
        let code = match code {
            KeyCode::BackTab => {
                mods.remove(KeyModifiers::SHIFT);
                KeyCode::BackTab
            }
            KeyCode::Tab if mods.contains(KeyModifiers::SHIFT) => {
                mods.remove(KeyModifiers::SHIFT);
                KeyCode::BackTab
            }
            KeyCode::Char(c) if c.is_ascii_uppercase() => {
                mods.insert(KeyModifiers::SHIFT);
                KeyCode::Char(c.to_ascii_lowercase())
            }
            KeyCode::Char(c) if c.is_ascii_lowercase() => KeyCode::Char(c),
            KeyCode::Char(c) => {
                mods.remove(KeyModifiers::SHIFT);
                KeyCode::Char(c)
            }
            other => other,
        };
        KeySpec { code, mods }
    }

    /// The key a terminal event stands for.
    pub fn from_event(event: &KeyEvent) -> KeySpec {
        KeySpec::new(event.code, event.modifiers)
    }

    /// Whether `event` is a press (or repeat) of this key. Releases, which
    /// some terminals report, never match.
    pub fn matches(&self, event: &KeyEvent) -> bool {
        event.kind != KeyEventKind::Release && KeySpec::from_event(event) == *self
    }

    /// The key, normalised.
    pub fn code(&self) -> KeyCode {
        self.code
    }

    /// The modifiers (only Ctrl, Alt and Shift), normalised.
    pub fn modifiers(&self) -> KeyModifiers {
        self.mods
    }
}

impl KeySpec {
    /// A character typed without Ctrl or Alt (what a text field takes).
    pub fn is_plain_char(&self) -> bool {
        matches!(self.code, KeyCode::Char(_)) && (self.mods - KeyModifiers::SHIFT).is_empty()
    }
}

impl FromStr for KeySpec {
    type Err = KeyParseError;

    /// Reads "ctrl-q", "Alt+3", "shift-tab", "F5", "pgdn", "?", "A".
    /// Modifier and key names ignore case; a single character does not,
    /// except after Ctrl, where terminals cannot tell "Q" from "q".
    fn from_str(s: &str) -> Result<KeySpec, KeyParseError> {
        let mut mods = KeyModifiers::NONE;
        let mut rest = s;
        'strip: loop {
            for &(name, m) in MODIFIER_NAMES {
                let is_prefix = rest
                    .get(..name.len())
                    .is_some_and(|p| p.eq_ignore_ascii_case(name));
                let sep = rest.as_bytes().get(name.len());
                if is_prefix && matches!(sep, Some(b'-' | b'+')) && rest.len() > name.len() + 1 {
                    if mods.contains(m) {
                        return Err(KeyParseError::Repeated(s.to_string()));
                    }
                    mods.insert(m);
                    rest = &rest[name.len() + 1..];
                    continue 'strip;
                }
            }
            break;
        }

        let mut chars = rest.chars();
        let code = match (chars.next(), chars.next()) {
            (None, _) => return Err(KeyParseError::Empty(s.to_string())),
            (Some(c), None) => single_char(s, c, mods)?,
            _ => named_key(rest)?,
        };
        Ok(KeySpec::new(code, mods))
    }
}

fn single_char(whole: &str, c: char, mods: KeyModifiers) -> Result<KeyCode, KeyParseError> {
    if c.is_control() {
        return Err(KeyParseError::Unknown(whole.to_string()));
    }
    if mods.contains(KeyModifiers::SHIFT) && !c.is_ascii_alphabetic() {
        return Err(KeyParseError::ShiftedSymbol(whole.to_string()));
    }
    if mods.contains(KeyModifiers::CONTROL) && !mods.contains(KeyModifiers::SHIFT) {
        return Ok(KeyCode::Char(c.to_ascii_lowercase()));
    }
    Ok(KeyCode::Char(c))
}

fn named_key(name: &str) -> Result<KeyCode, KeyParseError> {
    let lower = name.to_ascii_lowercase();
    if let Some(&(_, code)) = NAMED_KEYS.iter().find(|(n, _)| *n == lower) {
        return Ok(code);
    }
    if let Some(digits) = lower.strip_prefix('f')
        && !digits.is_empty()
        && digits.bytes().all(|b| b.is_ascii_digit())
    {
        return match digits.parse::<u8>() {
            Ok(n @ 1..=12) => Ok(KeyCode::F(n)),
            _ => Err(KeyParseError::FunctionKey(name.to_string())),
        };
    }
    Err(KeyParseError::Unknown(name.to_string()))
}

impl fmt::Display for KeySpec {
    /// "Ctrl+Q", "Alt+3", "Shift+Tab", "F3", "PgDn", "?", "A". Parses back.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let ctrl = self.mods.contains(KeyModifiers::CONTROL);
        let shift = self.mods.contains(KeyModifiers::SHIFT);
        let letter = matches!(self.code, KeyCode::Char(c) if c.is_ascii_alphabetic());
        if ctrl {
            f.write_str("Ctrl+")?;
        }
        if self.mods.contains(KeyModifiers::ALT) {
            f.write_str("Alt+")?;
        }
        // A capital letter already says Shift, except after Ctrl, where
        // letters are written as capitals by convention.
        if shift && (ctrl || !letter) {
            f.write_str("Shift+")?;
        }
        match self.code {
            KeyCode::Char(' ') => f.write_str("Space"),
            KeyCode::Char(c) if letter && (ctrl || shift) => {
                write!(f, "{}", c.to_ascii_uppercase())
            }
            KeyCode::Char(c) => write!(f, "{c}"),
            KeyCode::F(n) => write!(f, "F{n}"),
            KeyCode::BackTab => f.write_str("Shift+Tab"),
            KeyCode::Enter => f.write_str("Enter"),
            KeyCode::Esc => f.write_str("Esc"),
            KeyCode::Tab => f.write_str("Tab"),
            KeyCode::Backspace => f.write_str("Backspace"),
            KeyCode::Delete => f.write_str("Del"),
            KeyCode::Insert => f.write_str("Ins"),
            KeyCode::Up => f.write_str("Up"),
            KeyCode::Down => f.write_str("Down"),
            KeyCode::Left => f.write_str("Left"),
            KeyCode::Right => f.write_str("Right"),
            KeyCode::Home => f.write_str("Home"),
            KeyCode::End => f.write_str("End"),
            KeyCode::PageUp => f.write_str("PgUp"),
            KeyCode::PageDown => f.write_str("PgDn"),
            other => write!(f, "{other:?}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(s: &str) -> KeySpec {
        s.parse().expect("test key names are valid")
    }

    fn press(code: KeyCode, mods: KeyModifiers) -> KeyEvent {
        KeyEvent::new(code, mods)
    }

    #[test]
    fn names_parse_in_any_case_and_with_either_separator() {
        let ctrl_q = KeySpec::new(KeyCode::Char('q'), KeyModifiers::CONTROL);
        for name in ["ctrl-q", "Ctrl+Q", "CTRL-q", "control-q"] {
            assert_eq!(key(name), ctrl_q, "{name}");
        }
        assert_eq!(key("PgDn"), key("pagedown"));
        assert_eq!(key("F3").code(), KeyCode::F(3));
        assert_eq!(
            key("alt-3"),
            KeySpec::new(KeyCode::Char('3'), KeyModifiers::ALT)
        );
        assert_eq!(key("space").code(), KeyCode::Char(' '));
        assert_eq!(key("ctrl--").code(), KeyCode::Char('-'));
        assert_eq!(key("ctrl-+").code(), KeyCode::Char('+'));
    }

    #[test]
    fn shift_letters_and_capitals_are_the_same_key() {
        assert_eq!(key("A"), key("shift-a"));
        assert_ne!(key("A"), key("a"));
        assert_eq!(key("ctrl-shift-q"), key("Ctrl+Shift+Q"));
        assert_ne!(key("ctrl-shift-q"), key("ctrl-q"));
        // Terminals report Shift+a as 'A', sometimes with SHIFT set.
        assert!(key("A").matches(&press(KeyCode::Char('A'), KeyModifiers::SHIFT)));
        assert!(key("A").matches(&press(KeyCode::Char('A'), KeyModifiers::NONE)));
        assert!(!key("a").matches(&press(KeyCode::Char('A'), KeyModifiers::SHIFT)));
    }

    #[test]
    fn symbols_ignore_shift_and_backtab_is_shift_tab() {
        assert!(key("?").matches(&press(KeyCode::Char('?'), KeyModifiers::SHIFT)));
        assert!(key("?").matches(&press(KeyCode::Char('?'), KeyModifiers::NONE)));
        assert_eq!(key("shift-tab"), key("backtab"));
        assert!(key("backtab").matches(&press(KeyCode::BackTab, KeyModifiers::SHIFT)));
        assert!(key("backtab").matches(&press(KeyCode::BackTab, KeyModifiers::NONE)));
        assert!(key("backtab").matches(&press(KeyCode::Tab, KeyModifiers::SHIFT)));
        assert!(!key("tab").matches(&press(KeyCode::BackTab, KeyModifiers::NONE)));
    }

    #[test]
    fn releases_never_match() {
        let mut event = press(KeyCode::Char('q'), KeyModifiers::CONTROL);
        assert!(key("ctrl-q").matches(&event));
        event.kind = KeyEventKind::Release;
        assert!(!key("ctrl-q").matches(&event));
    }

    #[test]
    fn bad_names_are_errors_not_panics() {
        for bad in [
            "", "ctrl-", "shift", "f0", "f13", "f99999", "pagedwn", "shift-1", "\u{7}",
        ] {
            assert!(bad.parse::<KeySpec>().is_err(), "{bad:?} should not parse");
        }
        assert_eq!(
            "ñ".parse::<KeySpec>().map(|k| k.code()),
            Ok(KeyCode::Char('ñ'))
        );
        assert_eq!(
            "ctrl-ñ".parse::<KeySpec>().map(|k| k.code()),
            Ok(KeyCode::Char('ñ'))
        );
        let message = "shift-1".parse::<KeySpec>().err().map(|e| e.to_string());
        assert!(message.is_some_and(|m| m.contains("\"!\"")));
    }

    #[test]
    fn display_is_for_people_and_parses_back() {
        let cases = [
            ("ctrl-q", "Ctrl+Q"),
            ("f3", "F3"),
            ("enter", "Enter"),
            ("?", "?"),
            ("A", "A"),
            ("a", "a"),
            ("alt-3", "Alt+3"),
            ("alt-A", "Alt+A"),
            ("shift-tab", "Shift+Tab"),
            ("ctrl-shift-x", "Ctrl+Shift+X"),
            ("pgdn", "PgDn"),
            ("space", "Space"),
            ("ctrl-+", "Ctrl++"),
            ("shift-enter", "Shift+Enter"),
        ];
        for (name, shown) in cases {
            let k = key(name);
            assert_eq!(k.to_string(), shown);
            assert_eq!(key(shown), k, "{shown} parses back");
        }
    }
}
