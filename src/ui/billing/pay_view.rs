//! Draws the payment form: modes, the amount and reference fields, the
//! split so far, what is left, the change in large type while cash is typed
//! (and after), a question waiting for its confirming key, and the UPI QR
//! for what is left when UPI is chosen. Every key named comes from the
//! keymap in force.

use galla_domain::bill::mode_name;
use galla_domain::payload::PayMode;
use ratatui::Frame;
use ratatui::layout::{Alignment, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};

use super::payment::{MODES, PaymentForm};
use crate::app::command::Command;
use crate::ui::keymap::{Keymap, Scope};
use crate::ui::popup::centred;
use crate::ui::theme::Theme;
use crate::upi::{Ink, TermQr};

/// The form's key hints, from the keymap.
fn hints(keymap: &Keymap) -> String {
    let key = |c| {
        let k = keymap.hint(Scope::Payment, c).unwrap_or_else(|| "—".into());
        match k.as_str() {
            "Left" => "←".into(),
            "Right" => "→".into(),
            _ => k,
        }
    };
    format!(
        " {}{} mode · {} field · {}: pay (blank = the rest) · {} undo · {} ",
        key(Command::PrevMode),
        key(Command::NextMode),
        key(Command::NextField),
        key(Command::Submit),
        key(Command::UndoPayment),
        key(Command::Close),
    )
}

/// Draws the payment form, with the UPI QR for what is left when UPI is chosen.
pub fn draw_payment(
    f: &PaymentForm,
    upi: Option<&str>,
    keymap: &Keymap,
    frame: &mut Frame<'_>,
    area: Rect,
    theme: &Theme,
) {
    let rect = centred(area, area.width.min(100), area.height);
    frame.render_widget(Clear, rect);
    let block = Block::default()
        .borders(Borders::ALL)
        .title(Span::styled(
            format!(" Payment — bill total {} ", f.plan.total()),
            theme.header,
        ))
        .title_bottom(Line::from(hints(keymap)).alignment(Alignment::Right));
    let inner = block.inner(rect);
    frame.render_widget(block, rect);
    let qr = upi.filter(|_| f.mode() == PayMode::Upi).and_then(|uri| {
        TermQr::fit(
            uri,
            (inner.width as usize).saturating_sub(34),
            inner.height as usize,
        )
        .ok()
    });
    let text_x = match &qr {
        Some(q) => {
            let (w, h) = q.size();
            let qr_area = Rect {
                x: inner.x,
                y: inner.y,
                width: (w as u16).min(inner.width),
                height: (h as u16).min(inner.height),
            };
            let ink = Style::default().fg(Color::Black).bg(Color::White);
            let lines: Vec<Line<'static>> = q
                .lines(Ink::Dark)
                .into_iter()
                .map(|l| Line::styled(l, ink))
                .collect();
            frame.render_widget(Paragraph::new(lines), qr_area);
            inner.x + w as u16 + 1
        }
        None => inner.x,
    };
    let text_area = Rect {
        x: text_x,
        width: inner.width.saturating_sub(text_x - inner.x),
        ..inner
    };
    let lines = form_lines(f, upi.is_some(), keymap, theme);
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), text_area);
}

fn form_lines(
    f: &PaymentForm,
    has_upi: bool,
    keymap: &Keymap,
    theme: &Theme,
) -> Vec<Line<'static>> {
    let mut modes = vec![Span::raw(" Mode: ")];
    for (i, m) in MODES.iter().enumerate() {
        let style = if i == f.mode {
            theme.selected
        } else {
            theme.text
        };
        modes.push(Span::styled(format!(" {} ", mode_name(*m)), style));
        modes.push(Span::raw(" "));
    }
    let field = |label: &str, value: &str, active: bool| -> Line<'static> {
        let style = if active { theme.key } else { theme.dim };
        Line::from(vec![
            Span::styled(format!(" {label}: "), style),
            Span::raw(crate::text::printable(value).into_owned()),
        ])
    };
    let mut lines = vec![
        Line::from(modes),
        field("Amount", f.amount.value(), f.field == 0),
        field("Reference", f.reference.value(), f.field == 1),
        Line::from(""),
    ];
    for e in f.plan.entries() {
        lines.push(Line::from(format!(
            " paid {:<6} {}",
            mode_name(e.mode),
            e.amount
        )));
    }
    lines.push(Line::from(Span::styled(
        format!(" Left to pay {}", f.plan.remaining()),
        theme.header,
    )));
    let big = theme
        .header
        .add_modifier(Modifier::BOLD | Modifier::REVERSED);
    let change = f.change_preview().unwrap_or(f.plan.change());
    if !change.is_zero() {
        lines.push(Line::from(Span::styled(
            format!("  RETURN {change}  "),
            big,
        )));
    }
    if let Some((_, question)) = &f.ask {
        let key = keymap
            .hint(Scope::Payment, Command::Submit)
            .unwrap_or_else(|| "Enter".into());
        lines.push(Line::from(Span::styled(
            format!(" {question} — press {key} again to take it, or change the amount"),
            theme.low,
        )));
    }
    if let Some(e) = &f.error {
        lines.push(Line::from(Span::styled(format!(" {e}"), theme.error)));
    }
    if f.mode() == PayMode::Upi && !has_upi {
        lines.push(Line::from(Span::styled(
            " no UPI ID set: add upi_vpa under [shop] in config.toml for a QR",
            theme.dim,
        )));
    }
    lines
}
