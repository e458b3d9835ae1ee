//! The `Pane` trait: a component that owns its state, says whether it took a
//! key, asks for work through effects, and draws itself. The app holds every
//! pane in one struct (`app::Panes`) and routes keys to the focused one.

use ratatui::Frame;
use ratatui::crossterm::event::KeyEvent;
use ratatui::layout::Rect;

use super::keymap::Scope;
use super::theme::Theme;
use crate::app::action::Effect;
use crate::app::command::Command;

/// What every pane sees when it draws.
pub struct RenderCtx<'a> {
    /// Colours and marks.
    pub theme: &'a Theme,
    /// The shop's time zone, for dates.
    pub tz: chrono_tz::Tz,
    /// The app's clock (fixed in tests), for "12 s ago".
    pub now: chrono::DateTime<chrono::Utc>,
    /// When the last good backup of this database was made, if ever.
    pub last_backup: Option<chrono::DateTime<chrono::Utc>>,
}

/// A full-screen pane under the tab bar.
pub trait Pane {
    /// The name in the tab bar.
    fn title(&self) -> &'static str;
    /// The keymap scope of its keys.
    fn scope(&self) -> Scope;
    /// Whether the focused text field takes this printable character.
    fn accepts_char(&self, c: char) -> bool;
    /// Types a character into the focused text field; `at` is the
    /// millisecond the key was read, when known.
    fn on_char(&mut self, c: char, at: Option<u64>) -> Vec<Effect>;
    /// Editing keys (Backspace, Delete, Left, Right) for the focused field;
    /// `None` when the key is not one.
    fn on_edit_key(&mut self, key: KeyEvent) -> Option<Vec<Effect>>;
    /// Runs a command; `None` when this pane does not handle it.
    fn on_command(&mut self, command: Command) -> Option<Vec<Effect>>;
    /// Draws the pane into `area`.
    fn render(&self, frame: &mut Frame<'_>, area: Rect, ctx: &RenderCtx<'_>);
    /// Where the terminal cursor belongs (the focused field), if anywhere.
    fn cursor(&self, area: Rect) -> Option<(u16, u16)>;
    /// Whether `command` does something here now (the hint line leaves out
    /// the form keys a pane's own form does not use).
    fn offers(&self, _command: Command) -> bool {
        true
    }
    /// The keymap scopes of the popups this pane opens (each owns its
    /// scope), for help.
    fn popup_scopes(&self) -> &'static [Scope] {
        &[]
    }
    /// What to read when the pane comes into view (its rows may have
    /// changed while another pane showed, or by sync).
    fn on_show(&mut self) -> Vec<Effect> {
        Vec::new()
    }
}

/// The text-field edit an editing key asks for (Backspace, Delete, ←, →):
/// the one mapping every text field in galla uses.
pub fn edit_request(key: &KeyEvent) -> Option<tui_input::InputRequest> {
    use ratatui::crossterm::event::KeyCode;
    use ratatui::crossterm::event::KeyModifiers;
    use tui_input::InputRequest;
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    Some(match key.code {
        KeyCode::Backspace => InputRequest::DeletePrevChar,
        KeyCode::Delete => InputRequest::DeleteNextChar,
        KeyCode::Left if !ctrl => InputRequest::GoToPrevChar,
        KeyCode::Right if !ctrl => InputRequest::GoToNextChar,
        KeyCode::Home => InputRequest::GoToStart,
        KeyCode::End => InputRequest::GoToEnd,
        KeyCode::Char('w') if ctrl => InputRequest::DeletePrevWord,
        KeyCode::Char('u') if ctrl => InputRequest::DeleteFromStart,
        _ => return None,
    })
}

/// The key handling every pane with text to type shares (a filter, a form
/// over the pane): typed characters go to the pane's `type_char`, editing
/// keys to its `edit`, commands to its `command`; `accepts` says when a
/// typed character is taken. Used inside `impl Pane for …`.
macro_rules! typing_keys {
    (accepts: |$pane:ident, $c:ident| $accepts:expr) => {
        fn accepts_char(&self, $c: char) -> bool {
            let $pane = self;
            $accepts
        }

        fn on_char(&mut self, c: char, at: Option<u64>) -> Vec<$crate::app::action::Effect> {
            self.type_char(c, at);
            Vec::new()
        }

        fn on_edit_key(
            &mut self,
            key: ratatui::crossterm::event::KeyEvent,
        ) -> Option<Vec<$crate::app::action::Effect>> {
            let request = $crate::ui::pane::edit_request(&key)?;
            self.edit(request);
            Some(Vec::new())
        }

        fn on_command(
            &mut self,
            command: $crate::app::command::Command,
        ) -> Option<Vec<$crate::app::action::Effect>> {
            self.command(command)
        }
    };
}
pub(crate) use typing_keys;
