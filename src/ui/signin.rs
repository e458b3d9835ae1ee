//! The two PIN boxes of users: *Sign in* (on start once users are set up,
//! after the idle time, and on the switch-user key), which covers the pane
//! so a locked counter shows nothing of the shop; and *Needs approval*,
//! over a refused action, where a manager's PIN lets it through once (the
//! approval is recorded on the event). Digits show as dots. Pure state and
//! drawing; the runner checks the PINs (`crate::users`).

use galla_domain::access::Permission;
use ratatui::Frame;
use ratatui::layout::{Alignment, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};

use crate::app::action::Effect;
use crate::app::command::Command;
use crate::ui::keymap::Scope;
use crate::ui::popup::{PopupCtx, centred};

/// The longest PIN.
pub const PIN_MAX: usize = 6;

/// A PIN being typed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Pin {
    digits: String,
    /// Why the last PIN was refused.
    pub error: Option<String>,
}

impl Pin {
    /// Takes a typed character (digits only, up to [`PIN_MAX`]).
    pub fn type_char(&mut self, c: char) {
        if c.is_ascii_digit() && self.digits.len() < PIN_MAX {
            self.digits.push(c);
            self.error = None;
        }
    }

    /// Backspace.
    pub fn back(&mut self) {
        self.digits.pop();
    }

    /// The PIN, when it is long enough to try; else says so.
    pub fn take(&mut self) -> Option<String> {
        if self.digits.len() < 4 {
            self.error = Some("type your 4 to 6 digit PIN, then Enter".into());
            return None;
        }
        Some(std::mem::take(&mut self.digits))
    }

    /// Clears what was typed after a wrong PIN and says why.
    pub fn refused(&mut self, why: String) {
        self.digits.clear();
        self.error = Some(why);
    }

    fn dots(&self) -> String {
        let shown: String = self.digits.chars().map(|_| '●').collect();
        let empty: String = "·".repeat(PIN_MAX - self.digits.len().min(PIN_MAX));
        format!("{shown}{empty}")
    }
}

/// What an approval lets through.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Then {
    /// The refused write, done again with the approver on the event.
    Effect(Box<Effect>),
    /// A view the person may not open alone (the audit trail).
    Command(Command),
}

/// The sign-in box.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SignIn {
    /// The PIN.
    pub pin: Pin,
    /// Why it is showing ("signed out after 15 minutes without a key").
    pub why: Option<String>,
}

/// The approval box over a refused action.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Approve {
    /// What was refused, in words.
    pub refused: String,
    /// The permission the approver needs.
    pub permission: Option<Permission>,
    /// What approval lets through.
    pub then: Then,
    /// The manager's PIN.
    pub pin: Pin,
}

fn pin_line(pin: &Pin, ctx: &PopupCtx<'_>) -> Vec<Line<'static>> {
    let mut lines = vec![Line::from(vec![
        Span::raw("   PIN  "),
        Span::styled(pin.dots(), ctx.theme.header),
    ])];
    if let Some(e) = &pin.error {
        lines.push(Line::from(""));
        lines.push(Line::from(Span::styled(format!("   {e}"), ctx.theme.error)));
    }
    lines
}

/// `lines` in a bordered box at `rect` with `title` and key `hints`.
fn boxed(
    frame: &mut Frame<'_>,
    rect: Rect,
    title: &str,
    hints: String,
    lines: Vec<Line<'static>>,
    ctx: &PopupCtx<'_>,
) {
    let block = Block::default()
        .borders(Borders::ALL)
        .title(Span::styled(format!(" {title} "), ctx.theme.header))
        .title_bottom(Line::from(hints).alignment(Alignment::Right));
    frame.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .block(block),
        rect,
    );
}

/// Draws the sign-in box over the whole of `area` (the pane is hidden).
pub fn draw_sign_in(s: &SignIn, shop: &str, frame: &mut Frame<'_>, area: Rect, ctx: &PopupCtx<'_>) {
    frame.render_widget(Clear, area);
    let rect = centred(area, 60, 11);
    let mut lines = vec![
        Line::from(Span::styled(format!("   {shop}"), ctx.theme.header)),
        Line::from(""),
        Line::from(
            s.why
                .clone()
                .unwrap_or_else(|| "   Type your PIN to start.".into()),
        ),
        Line::from(""),
    ];
    lines.extend(pin_line(&s.pin, ctx));
    let hints = format!(
        "{}· {}: quit ",
        ctx.keymap
            .hint_line(Scope::SignIn, &[(Command::Submit, "sign in")]),
        ctx.keymap.key_name(Scope::Global, Command::Quit)
    );
    boxed(frame, rect, "Sign in", hints, lines, ctx);
}

/// Draws the approval box.
pub fn draw_approve(a: &Approve, frame: &mut Frame<'_>, area: Rect, ctx: &PopupCtx<'_>) {
    let rect = centred(area, 64, 12);
    frame.render_widget(Clear, rect);
    let mut lines = vec![
        Line::from(format!(" {}", a.refused)),
        Line::from(""),
        Line::from(Span::styled(
            " The approval is kept with the entry.",
            ctx.theme.dim,
        )),
        Line::from(""),
    ];
    lines.extend(pin_line(&a.pin, ctx));
    let hints = ctx.keymap.hint_line(
        Scope::Approve,
        &[(Command::Submit, "approve"), (Command::Close, "don't")],
    );
    boxed(frame, rect, "Needs approval", hints, lines, ctx);
}
