//! Popups drawn above the pane: help (generated from the keymap), an error
//! message, a notice, a variant's movement history, and billing's forms and
//! lists (drawn by `ui::billing`). The top popup gets keys first, from
//! its own keymap scope (`Popup::scope`); a pane's popups are handled
//! with that pane (`app::billing`, `app::counter`), the ones that only
//! show something by `app::popups`.

use ratatui::Frame;
use ratatui::layout::{Alignment, Constraint, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Cell, Clear, Paragraph, Row, Table, Wrap};

use super::keymap::{Keymap, Scope};
use super::theme::Theme;
use crate::app::command::Command;
use crate::store::HistoryRow;

/// A popup on the stack.
#[derive(Clone, Debug)]
pub enum Popup {
    /// Every key of the current pane and the global ones.
    Help {
        /// First line shown.
        scroll: usize,
    },
    /// Something failed.
    Error(String),
    /// A one-field form (a line's quantity, rate, discount).
    Prompt(crate::ui::billing::forms::Prompt),
    /// The payment form.
    Payment(Box<crate::ui::billing::payment::PaymentForm>),
    /// Held bills to recall.
    Held(crate::ui::billing::lists::HeldList),
    /// Attach a customer: search or quick-add.
    Customer(Box<crate::ui::billing::lists::CustomerForm>),
    /// Today's bills: reprint, cancel, return.
    Bills(Box<crate::ui::billing::lists::BillsList>),
    /// A message to read (and maybe copy), with a title.
    Notice {
        /// Title.
        title: String,
        /// The message.
        text: String,
    },
    /// A longer text to read and scroll (a bill, a reminder with its QR).
    Reader(Box<crate::ui::reader::Reader>),
    /// "Quit while a bill is being made?"
    ConfirmQuit(String),
    /// The first start on a new, empty shop file.
    Setup(Box<crate::ui::setup::SetupForm>),
    /// An unregistered buyer's name, address and state, asked before a
    /// bill of ₹50,000 or more is paid.
    Recipient(Box<crate::ui::entry_form::EntryForm>),
    /// Sign in with a PIN (users are set up; the pane is hidden).
    SignIn(Box<crate::ui::signin::SignIn>),
    /// A refused action waiting for a manager's PIN.
    Approve(Box<crate::ui::signin::Approve>),
    /// A variant's movements.
    History {
        /// "SKU name".
        title: String,
        /// Oldest first.
        rows: Vec<HistoryRow>,
        /// First row shown; `usize::MAX` means "the newest at the bottom".
        scroll: usize,
    },
}

impl Popup {
    /// The keymap scope this popup's keys come from: its own, so a key
    /// can be rebound for one popup alone. Its keys are exactly that
    /// scope's bindings (and Ctrl+Q), plus its text field's editing keys.
    pub fn scope(&self) -> Scope {
        match self {
            Popup::Prompt(_) => Scope::Prompt,
            Popup::Payment(_) => Scope::Payment,
            Popup::Held(_) => Scope::Held,
            Popup::Customer(_) => Scope::Customer,
            Popup::Bills(b) if b.pick.is_some() => Scope::Return,
            Popup::Bills(_) => Scope::Bills,
            Popup::Recipient(_) => Scope::Recipient,
            Popup::Setup(_) => Scope::Setup,
            Popup::SignIn(_) => Scope::SignIn,
            Popup::Approve(_) => Scope::Approve,
            Popup::Help { .. }
            | Popup::History { .. }
            | Popup::Error(_)
            | Popup::Notice { .. }
            | Popup::Reader(_)
            | Popup::ConfirmQuit(_) => Scope::Popup,
        }
    }

    /// Scrolls for a movement command.
    pub fn scroll(&mut self, command: Command) {
        if let Popup::Reader(r) = self {
            r.scroll(command);
            return;
        }
        let (scroll, len) = match self {
            Popup::Help { scroll } => (scroll, usize::MAX / 2),
            Popup::History { scroll, rows, .. } => {
                let len = rows.len();
                (scroll, len)
            }
            Popup::Error(_)
            | Popup::Prompt(_)
            | Popup::Setup(_)
            | Popup::Recipient(_)
            | Popup::SignIn(_)
            | Popup::Approve(_)
            | Popup::Payment(_)
            | Popup::Held(_)
            | Popup::Customer(_)
            | Popup::Bills(_)
            | Popup::Notice { .. }
            | Popup::Reader(_)
            | Popup::ConfirmQuit(_) => return,
        };
        if *scroll == usize::MAX {
            *scroll = len.saturating_sub(10);
        }
        *scroll = match command {
            Command::Up => scroll.saturating_sub(1),
            Command::Down => (*scroll + 1).min(len.saturating_sub(1)),
            Command::PageUp => scroll.saturating_sub(10),
            Command::PageDown => (*scroll + 10).min(len.saturating_sub(1)),
            Command::First => 0,
            Command::Last => len.saturating_sub(1),
            _ => *scroll,
        };
    }
}

/// A centred rectangle of at most `w` × `h` inside `area`.
pub fn centred(area: Rect, w: u16, h: u16) -> Rect {
    let w = w.min(area.width);
    let h = h.min(area.height);
    Rect {
        x: area.x + (area.width - w) / 2,
        y: area.y + (area.height - h) / 2,
        width: w,
        height: h,
    }
}

/// What a popup needs to draw.
pub struct PopupCtx<'a> {
    /// Styles.
    pub theme: &'a Theme,
    /// Keys, for help.
    pub keymap: &'a Keymap,
    /// The pane's scope, for help.
    pub pane_scope: Scope,
    /// The scopes of the popups the pane opens, for help.
    pub pane_popups: &'static [Scope],
    /// Dates in the shop's zone.
    pub tz: chrono_tz::Tz,
    /// The UPI link for what is left to pay, when a UPI ID is set.
    pub upi: Option<String>,
    /// The shop's name (the sign-in box shows it).
    pub shop: &'a str,
}

/// Draws `popup` over `area`.
pub fn render(popup: &Popup, frame: &mut Frame<'_>, area: Rect, ctx: &PopupCtx<'_>) {
    match popup {
        Popup::Help { scroll } => help(*scroll, frame, area, ctx),
        Popup::Error(message) => {
            let rect = centred(area, 60, 8);
            frame.render_widget(Clear, rect);
            let block = Block::default()
                .borders(Borders::ALL)
                .title(Span::styled(" Could not do that ", ctx.theme.error))
                .title_bottom(
                    Line::from(
                        ctx.keymap
                            .hint_line(Scope::Popup, &[(Command::Close, "close")]),
                    )
                    .alignment(Alignment::Right),
                );
            frame.render_widget(
                Paragraph::new(message.as_str())
                    .wrap(Wrap { trim: true })
                    .block(block),
                rect,
            );
        }
        Popup::History {
            title,
            rows,
            scroll,
        } => history(title, rows, *scroll, frame, area, ctx),
        Popup::Held(h) => crate::ui::billing::draw_held(h, frame, area, ctx),
        Popup::Customer(c) => crate::ui::billing::draw_customer(c, frame, area, ctx),
        Popup::Bills(b) => crate::ui::billing::draw_bills(b, frame, area, ctx),
        Popup::Notice { title, text } => {
            let rect = centred(area, 72, 10);
            frame.render_widget(Clear, rect);
            let block = Block::default()
                .borders(Borders::ALL)
                .title(Span::styled(format!(" {title} "), ctx.theme.header))
                .title_bottom(Line::from(" Enter or Esc: close ").alignment(Alignment::Right));
            frame.render_widget(
                Paragraph::new(text.as_str())
                    .wrap(Wrap { trim: false })
                    .block(block),
                rect,
            );
        }
        Popup::Reader(r) => r.render(frame, area, ctx),
        Popup::ConfirmQuit(text) => {
            let rect = centred(area, 60, 8);
            frame.render_widget(Clear, rect);
            let block = Block::default()
                .borders(Borders::ALL)
                .title(Span::styled(" Quit galla? ", ctx.theme.header));
            frame.render_widget(
                Paragraph::new(text.as_str())
                    .wrap(Wrap { trim: false })
                    .block(block),
                rect,
            );
        }
        Popup::Prompt(p) => crate::ui::billing::draw_prompt(p, frame, area, ctx),
        Popup::Setup(f) => crate::ui::setup::draw_setup(f, frame, area, ctx),
        Popup::Recipient(f) => f.render(frame, area, ctx.theme),
        Popup::SignIn(s) => crate::ui::signin::draw_sign_in(s, ctx.shop, frame, area, ctx),
        Popup::Approve(a) => crate::ui::signin::draw_approve(a, frame, area, ctx),
        Popup::Payment(f) => crate::ui::billing::draw_payment(
            f,
            ctx.upi.as_deref(),
            ctx.keymap,
            frame,
            area,
            ctx.theme,
        ),
    }
}

fn help(scroll: usize, frame: &mut Frame<'_>, area: Rect, ctx: &PopupCtx<'_>) {
    let rect = centred(area, 64, area.height.saturating_sub(2));
    frame.render_widget(Clear, rect);
    let mut lines: Vec<Line<'static>> = Vec::new();
    // The pane's keys, then each of its popups' own (from their scopes).
    let sections = [("This pane", ctx.pane_scope), ("Everywhere", Scope::Global)]
        .into_iter()
        .chain(
            ctx.pane_popups
                .iter()
                .chain(&[Scope::Popup])
                .map(|&s| (s.popup_heading().unwrap_or(s.name()), s)),
        );
    for (heading, scope) in sections {
        lines.push(Line::from(Span::styled(
            heading.to_string(),
            ctx.theme.header,
        )));
        for b in ctx.keymap.bindings(scope) {
            lines.push(Line::from(vec![
                Span::styled(format!("  {:<14}", b.key.to_string()), ctx.theme.key),
                Span::raw(b.desc.clone()),
            ]));
        }
        lines.push(Line::from(""));
    }
    lines.push(Line::from(Span::styled(
        "Typing letters or digits searches; keys can be changed in config.toml [keymap].",
        ctx.theme.dim,
    )));
    let block = Block::default()
        .borders(Borders::ALL)
        .title(Span::styled(" Keys ", ctx.theme.header))
        .title_bottom(
            Line::from(
                ctx.keymap
                    .hint_line(Scope::Popup, &[(Command::Close, "close")]),
            )
            .alignment(Alignment::Right),
        );
    let scroll = scroll.min(lines.len().saturating_sub(1)) as u16;
    frame.render_widget(Paragraph::new(lines).block(block).scroll((scroll, 0)), rect);
}

fn history(
    title: &str,
    rows: &[HistoryRow],
    scroll: usize,
    frame: &mut Frame<'_>,
    area: Rect,
    ctx: &PopupCtx<'_>,
) {
    let rect = centred(area, area.width.min(90), area.height);
    frame.render_widget(Clear, rect);
    let visible = rect.height.saturating_sub(3) as usize;
    let start = if scroll == usize::MAX {
        rows.len().saturating_sub(visible)
    } else {
        scroll.min(rows.len().saturating_sub(1))
    };
    let body: Vec<Row<'static>> = rows
        .iter()
        .skip(start)
        .take(visible)
        .map(|r| {
            let at = r.occurred_at.with_timezone(&ctx.tz);
            Row::new(vec![
                Cell::from(at.format("%d-%m-%Y %H:%M").to_string()),
                Cell::from(r.kind.as_str()),
                Cell::from(r.location.clone()),
                Cell::from(Line::from(QtySigned(r.qty).to_string()).alignment(Alignment::Right)),
                Cell::from(Line::from(r.running.to_string()).alignment(Alignment::Right)),
            ])
        })
        .collect();
    let header =
        Row::new(vec!["Date", "Movement", "Location", "Qty", "Balance"]).style(ctx.theme.header);
    let footer = if rows.is_empty() {
        " No movements yet · Esc: close ".to_string()
    } else {
        format!(
            " {}–{} of {} · ↑↓ PgUp PgDn · Esc: close ",
            start + 1,
            (start + visible).min(rows.len()),
            rows.len()
        )
    };
    let block = Block::default()
        .borders(Borders::ALL)
        .title(Span::styled(
            format!(" History: {title} "),
            ctx.theme.header,
        ))
        .title_bottom(Line::from(footer).alignment(Alignment::Right));
    let table = Table::new(
        body,
        [
            Constraint::Length(16),
            Constraint::Length(12),
            Constraint::Fill(1),
            Constraint::Length(8),
            Constraint::Length(8),
        ],
    )
    .header(header)
    .block(block);
    frame.render_widget(table, rect);
}

/// A quantity printed with its sign ("+12", "-1.5").
struct QtySigned(galla_domain::Qty);

impl std::fmt::Display for QtySigned {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.0.milli() > 0 {
            write!(f, "+{}", self.0)
        } else {
            write!(f, "{}", self.0)
        }
    }
}
