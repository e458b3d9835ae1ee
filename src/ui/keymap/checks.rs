//! Rules a keymap must keep after the user's overrides, so that no config
//! can leave a counter stuck: some key still quits, adds an item, confirms
//! and closes each form and popup; and no plain character is bound
//! where a text field would take it first (it would never run, or it would
//! stop the cashier typing that letter).

use super::{KeySpec, Keymap, KeymapError, Location, Scope};
use crate::app::command::Command;

/// Commands that must keep a key, per scope: every popup and form needs a
/// way to confirm and a way out (sign-in has no way out: it is the door).
pub const REQUIRED: &[(Scope, Command)] = &[
    (Scope::Global, Command::Quit),
    (Scope::Billing, Command::AddItem),
    (Scope::Form, Command::Submit),
    (Scope::Form, Command::Close),
    (Scope::Popup, Command::Close),
    (Scope::Payment, Command::Submit),
    (Scope::Payment, Command::Close),
    (Scope::Prompt, Command::Submit),
    (Scope::Prompt, Command::Close),
    (Scope::Customer, Command::Submit),
    (Scope::Customer, Command::Close),
    (Scope::Held, Command::Submit),
    (Scope::Held, Command::Close),
    (Scope::Bills, Command::Submit),
    (Scope::Bills, Command::Close),
    (Scope::Return, Command::Submit),
    (Scope::Return, Command::Close),
    (Scope::Recipient, Command::Submit),
    (Scope::Recipient, Command::Close),
    (Scope::Setup, Command::Submit),
    (Scope::Setup, Command::Close),
    (Scope::SignIn, Command::Submit),
    (Scope::Approve, Command::Submit),
    (Scope::Approve, Command::Close),
];

/// Scopes where a plain character goes to a text field first (global keys
/// are tried after the pane's field too; every popup with a text field).
fn typing(scope: Scope) -> bool {
    scope.is_text_popup()
        || matches!(
            scope,
            Scope::Global
                | Scope::Billing
                | Scope::Form
                | Scope::Stock
                | Scope::Khata
                | Scope::Attendance
                | Scope::Settings
                | Scope::Goods
        )
}

/// Whether binding `key` in `scope` is refused because typing takes it.
pub fn typed_key(scope: Scope, key: &KeySpec) -> bool {
    key.is_plain_char() && typing(scope)
}

/// The required commands the keymap has lost; `unbound_at` says where the
/// override that removed each one's last key is, when known.
pub fn holes(keymap: &Keymap, unbound_at: &[(Scope, Command, Location)]) -> Vec<KeymapError> {
    REQUIRED
        .iter()
        .filter(|(scope, command)| keymap.hint(*scope, *command).is_none())
        .map(|&(scope, command)| {
            let at = unbound_at
                .iter()
                .rev()
                .find(|(s, c, _)| *s == scope && *c == command)
                .map(|(_, _, at)| at.clone())
                .unwrap_or_else(|| Location::file(std::path::Path::new("keymap")));
            KeymapError::Hole {
                at,
                scope: scope.name(),
                command: command.name(),
            }
        })
        .collect()
}
