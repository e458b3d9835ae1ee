//! A popup to read a longer text — a bill's receipt, a reminder, a
//! statement — scrolled with the movement keys, with an optional QR code
//! beside it (a reminder's WhatsApp link, for the shopkeeper's phone to
//! scan). When the window is too small for the code it says so; the link
//! itself is in the text and on the clipboard.

use ratatui::Frame;
use ratatui::layout::{Alignment, Rect};
use ratatui::style::{Color, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};

use crate::app::command::Command;
use crate::ui::popup::PopupCtx;
use crate::upi::{Ink, TermQr};

/// A text to read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Reader {
    /// The title.
    pub title: String,
    /// The text, a line each.
    pub lines: Vec<String>,
    /// The first line shown.
    pub scroll: usize,
    /// Data to show as a QR code beside the text, when it fits.
    pub qr: Option<String>,
}

impl Reader {
    /// A reader at the top of `text`.
    pub fn new(title: impl Into<String>, text: &str, qr: Option<String>) -> Reader {
        Reader {
            title: title.into(),
            lines: text.lines().map(str::to_string).collect(),
            scroll: 0,
            qr,
        }
    }

    /// Scrolls for a movement command.
    pub fn scroll(&mut self, command: Command) {
        let last = self.lines.len().saturating_sub(1);
        self.scroll = match command {
            Command::Up => self.scroll.saturating_sub(1),
            Command::Down => (self.scroll + 1).min(last),
            Command::PageUp => self.scroll.saturating_sub(10),
            Command::PageDown => (self.scroll + 10).min(last),
            Command::First => 0,
            Command::Last => last,
            _ => self.scroll,
        };
    }

    /// Draws the reader over `area`.
    pub fn render(&self, frame: &mut Frame<'_>, area: Rect, ctx: &PopupCtx<'_>) {
        let rect = crate::ui::popup::centred(area, area.width, area.height);
        frame.render_widget(Clear, rect);
        let block = Block::default()
            .borders(Borders::ALL)
            .title(Span::styled(format!(" {} ", self.title), ctx.theme.header))
            .title_bottom(
                Line::from(" ↑/↓ scroll · Enter or Esc: close ").alignment(Alignment::Right),
            );
        let inner = block.inner(rect);
        frame.render_widget(block, rect);
        let mut text_area = inner;
        let mut lines: Vec<Line<'static>> = Vec::new();
        if let Some(data) = &self.qr {
            let room = (inner.width as usize).saturating_sub(36);
            match TermQr::fit(data, room, inner.height as usize) {
                Ok(q) => {
                    let (w, h) = q.size();
                    let ink = Style::default().fg(Color::Black).bg(Color::White);
                    let code: Vec<Line<'static>> = q
                        .lines(Ink::Dark)
                        .into_iter()
                        .map(|l| Line::styled(l, ink))
                        .collect();
                    let qr_area = Rect {
                        width: w as u16,
                        height: (h as u16).min(inner.height),
                        ..inner
                    };
                    frame.render_widget(Paragraph::new(code), qr_area);
                    text_area.x += w as u16 + 1;
                    text_area.width = inner.width.saturating_sub(w as u16 + 1);
                }
                Err(crate::upi::UpiError::DoesNotFit { cols, rows }) => lines.push(Line::styled(
                    format!(
                        "(a QR of the link needs {cols}x{rows} characters: make the window larger, or paste the copied link)"
                    ),
                    ctx.theme.dim,
                )),
                Err(_) => lines.push(Line::styled(
                    "(the link is too long for a QR code; paste the copied link)",
                    ctx.theme.dim,
                )),
            }
        }
        lines.extend(self.lines.iter().skip(self.scroll).cloned().map(Line::raw));
        frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), text_area);
    }
}
