//! Keys for the top popup. A popup owns its keymap scope
//! (`Popup::scope`: `payment`, `bills`, `prompt`…): a key bound there runs
//! that command; otherwise the quit key still quits; otherwise a typed
//! character or an editing key (←→ Home End Delete Backspace Ctrl+W
//! Ctrl+U) goes to the popup's text field. Nothing else reaches a popup,
//! and nothing reaches the pane under it. The popup's owner handles what
//! arrives: billing's popups in `app::billing` and `app::counter`, the PIN
//! boxes in `app::session`, the first-start form in `app::setup`, and the
//! popups that only show something (help, errors, readers) here. Pure,
//! like the rest of `update`.

use ratatui::crossterm::event::KeyEvent;
use tui_input::InputRequest;

use super::App;
use super::action::Effect;
use super::command::Command;
use crate::ui::keymap::Scope;
use crate::ui::pane::edit_request;
use crate::ui::popup::Popup;

/// What a key is to the top popup.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PopupKey {
    /// A command bound in the popup's own scope.
    Command(Command),
    /// A character for its text field.
    Char(char),
    /// An editing key for its text field.
    Edit(InputRequest),
}

/// A key while a popup is open; `typed` is the character it types, if any.
pub fn popup_key(app: &mut App, key: KeyEvent, typed: Option<char>) -> Vec<Effect> {
    let Some(scope) = app.popups.last().map(Popup::scope) else {
        return Vec::new();
    };
    let input = if let Some(command) = app.keymap.lookup(scope, &key) {
        PopupKey::Command(command)
    } else if app.keymap.lookup(Scope::Global, &key) == Some(Command::Quit) {
        return super::update::quit(app);
    } else if let Some(c) = typed {
        PopupKey::Char(c)
    } else if let Some(request) = edit_request(&key) {
        PopupKey::Edit(request)
    } else {
        return Vec::new();
    };
    to_owner(app, input)
}

/// Runs `command` (from a script, or after an approval) on the top popup.
pub fn popup_command(app: &mut App, command: Command) -> Vec<Effect> {
    to_owner(app, PopupKey::Command(command))
}

/// Hands `input` to the code that owns the popup on top.
fn to_owner(app: &mut App, input: PopupKey) -> Vec<Effect> {
    match app.popups.last() {
        Some(
            Popup::Payment(_)
            | Popup::Prompt(_)
            | Popup::Customer(_)
            | Popup::Held(_)
            | Popup::Bills(_)
            | Popup::Recipient(_),
        ) => super::billing::popup_key(app, input),
        Some(Popup::Setup(_)) => super::setup::setup_key(app, input),
        Some(Popup::SignIn(_) | Popup::Approve(_)) => super::session::pin_key(app, input),
        Some(
            Popup::Help { .. }
            | Popup::History { .. }
            | Popup::Error(_)
            | Popup::Notice { .. }
            | Popup::Reader(_)
            | Popup::ConfirmQuit(_),
        ) => match input {
            PopupKey::Command(command) => shown_command(app, command),
            PopupKey::Char(_) | PopupKey::Edit(_) => Vec::new(),
        },
        None => Vec::new(),
    }
}

/// A command on a popup that shows something: close it, or scroll.
fn shown_command(app: &mut App, command: Command) -> Vec<Effect> {
    match command {
        Command::Close => {
            app.popups.pop();
        }
        other => {
            if let Some(top) = app.popups.last_mut() {
                top.scroll(other);
            }
        }
    }
    Vec::new()
}
