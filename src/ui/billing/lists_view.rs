//! Draws billing's list popups: held bills, the customer form, and today's
//! bills with the question being asked about one, or the goods being picked
//! to come back from one. Reads state only; the
//! keys each popup takes are listed on its bottom border.

use ratatui::Frame;
use ratatui::layout::{Alignment, Constraint, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Row, Table, TableState};

use super::lists::{BillAsk, BillsList, CustomerForm, CustomerMode, HeldList};
use super::return_pick::{ReturnPick, mode_word};
use crate::app::command::Command;
use crate::ui::keymap::Scope;
use crate::ui::popup::{PopupCtx, centred};
use crate::ui::theme::Theme;

/// "1 line", "3 lines".
fn lines_text(n: usize) -> String {
    crate::text::count(n, "line", "lines")
}

fn frame_block(title: String, keys: &str, theme: &Theme) -> Block<'static> {
    Block::default()
        .borders(Borders::ALL)
        .title(Span::styled(format!(" {title} "), theme.header))
        .title_bottom(Line::from(keys.to_string()).alignment(Alignment::Right))
}

/// Draws the held bills.
pub fn draw_held(h: &HeldList, frame: &mut Frame<'_>, area: Rect, ctx: &PopupCtx<'_>) {
    let rect = centred(area, 64, area.height.saturating_sub(4).max(8));
    frame.render_widget(Clear, rect);
    let block = frame_block(
        format!("Held bills ({})", h.rows.len()),
        &ctx.keymap.hint_line(
            Scope::Held,
            &[(Command::Submit, "recall"), (Command::Close, "close")],
        ),
        ctx.theme,
    );
    let rows: Vec<Row> = h
        .rows
        .iter()
        .map(|b| {
            let first = b.draft.lines.first().map_or("", |l| l.name.as_str());
            Row::new(vec![
                b.held_at.with_timezone(&ctx.tz).format("%H:%M").to_string(),
                lines_text(b.draft.lines.len()),
                b.total().to_string(),
                first.to_string(),
            ])
        })
        .collect();
    let totals: Vec<String> = h.rows.iter().map(|b| b.total().to_string()).collect();
    let widths = [
        Constraint::Length(6),
        Constraint::Length(9),
        crate::ui::columns::fit(totals.iter().map(String::as_str), 12),
        Constraint::Min(10),
    ];
    let table = Table::new(rows, widths)
        .block(block)
        .row_highlight_style(ctx.theme.selected)
        .highlight_symbol("▶ ");
    let mut state = TableState::default().with_selected(Some(h.selected));
    frame.render_stateful_widget(table, rect, &mut state);
}

/// Draws the customer form.
pub fn draw_customer(c: &CustomerForm, frame: &mut Frame<'_>, area: Rect, ctx: &PopupCtx<'_>) {
    let theme = ctx.theme;
    let rect = centred(area, 64, area.height.saturating_sub(4).max(10));
    frame.render_widget(Clear, rect);
    let hint = |items: &[(Command, &str)]| ctx.keymap.hint_line(Scope::Customer, items);
    let (title, keys) = match c.mode {
        CustomerMode::Search => (
            "Customer — type a name or phone",
            hint(&[
                (Command::Submit, "attach"),
                (Command::NextField, "new customer"),
                (Command::Close, "close"),
            ]),
        ),
        CustomerMode::Add => (
            "New customer",
            hint(&[
                (Command::NextField, "next field"),
                (Command::Submit, "add"),
                (Command::Close, "close"),
            ]),
        ),
    };
    let block = frame_block(title.to_string(), &keys, theme);
    let inner = block.inner(rect);
    frame.render_widget(block, rect);
    let field = |label: &str, value: &str, active: bool| {
        let style = if active { theme.key } else { theme.dim };
        Line::from(vec![
            Span::styled(format!(" {label}: "), style),
            Span::raw(value.to_string()),
        ])
    };
    let mut lines = match c.mode {
        CustomerMode::Search => vec![field("Search", c.query.value(), true)],
        CustomerMode::Add => vec![
            field("Name", c.name.value(), c.field == 0),
            field("Phone", c.phone.value(), c.field == 1),
        ],
    };
    if let Some(e) = &c.error {
        lines.push(Line::from(Span::styled(format!(" {e}"), theme.error)));
    }
    let head = lines.len() as u16;
    frame.render_widget(Paragraph::new(lines), inner);
    if c.mode == CustomerMode::Add {
        return;
    }
    let rows: Vec<Row> = c
        .rows
        .iter()
        .map(|r| {
            Row::new(vec![
                r.party.name.clone(),
                r.party.phone.clone().unwrap_or_default(),
                format!("owes {}", r.balance),
            ])
        })
        .collect();
    let owes: Vec<String> = c
        .rows
        .iter()
        .map(|r| format!("owes {}", r.balance))
        .collect();
    let widths = [
        Constraint::Min(16),
        Constraint::Length(11),
        crate::ui::columns::fit(owes.iter().map(String::as_str), 18),
    ];
    let list = Rect {
        y: inner.y + head + 1,
        height: inner.height.saturating_sub(head + 1),
        ..inner
    };
    let table = Table::new(rows, widths)
        .row_highlight_style(theme.selected)
        .highlight_symbol("▶ ");
    let mut state = TableState::default().with_selected(Some(c.selected));
    frame.render_stateful_widget(table, list, &mut state);
}

/// Draws today's bills and the question being asked.
pub fn draw_bills(b: &BillsList, frame: &mut Frame<'_>, area: Rect, ctx: &PopupCtx<'_>) {
    if let (Some(pick), Some(bill)) = (&b.pick, b.chosen()) {
        draw_pick(pick, bill, b.error.as_deref(), frame, area, ctx);
        return;
    }
    let rect = centred(area, 72, area.height.saturating_sub(2).max(10));
    frame.render_widget(Clear, rect);
    let block = frame_block(
        "Today's bills".to_string(),
        &ctx.keymap.hint_line(
            Scope::Bills,
            &[
                (Command::ReprintBill, "reprint"),
                (Command::CancelBill, "cancel"),
                (Command::ReturnBill, "return"),
                (Command::Close, "close"),
            ],
        ),
        ctx.theme,
    );
    let inner = block.inner(rect);
    frame.render_widget(block, rect);
    let mut lines = vec![Line::from(vec![
        Span::styled(" Bill no: ", ctx.theme.key),
        Span::raw(b.filter.value().to_string()),
        Span::styled("  (any past bill: type its number, Enter)", ctx.theme.dim),
    ])];
    if let Some((ask, input)) = &b.ask {
        let label = match ask {
            BillAsk::CancelReason => " Reason to cancel: ",
        };
        lines.push(Line::from(vec![
            Span::styled(label, ctx.theme.header),
            Span::raw(input.value().to_string()),
        ]));
    }
    if let Some(e) = &b.error {
        lines.push(Line::from(Span::styled(format!(" {e}"), ctx.theme.error)));
    }
    let head = lines.len() as u16;
    frame.render_widget(Paragraph::new(lines), inner);
    let rows: Vec<Row> = b
        .visible()
        .into_iter()
        .map(|r| {
            // The same status `galla bills --json` gives (the domain's rule).
            let status = r.status().words();
            Row::new(vec![
                r.sale.bill_no.clone(),
                r.at.with_timezone(&ctx.tz).format("%H:%M").to_string(),
                r.sale.total.to_string(),
                status.to_string(),
                lines_text(r.sale.lines.len()),
            ])
        })
        .collect();
    let totals: Vec<String> = b
        .visible()
        .into_iter()
        .map(|r| r.sale.total.to_string())
        .collect();
    let widths = [
        Constraint::Length(16),
        Constraint::Length(6),
        crate::ui::columns::fit(totals.iter().map(String::as_str), 12),
        Constraint::Length(15),
        Constraint::Min(8),
    ];
    let list = Rect {
        y: inner.y + head + 1,
        height: inner.height.saturating_sub(head + 1),
        ..inner
    };
    let table = Table::new(rows, widths)
        .row_highlight_style(ctx.theme.selected)
        .highlight_symbol("▶ ");
    let mut state = TableState::default().with_selected(Some(b.selected));
    frame.render_stateful_widget(table, list, &mut state);
}

/// Draws the goods being picked to come back from a bill: its lines with
/// what was sold, what is still out and how many come back, then the
/// refund and the mode it goes back in.
fn draw_pick(
    p: &ReturnPick,
    bill: &crate::store::BillRecord,
    error: Option<&str>,
    frame: &mut Frame<'_>,
    area: Rect,
    ctx: &PopupCtx<'_>,
) {
    let rect = centred(area, 72, area.height.saturating_sub(2).max(10));
    frame.render_widget(Clear, rect);
    let block = frame_block(
        format!("Goods back on bill {}", p.bill_no),
        &ctx.keymap.hint_line(
            Scope::Return,
            &[
                (Command::Submit, "take back"),
                (Command::NextMode, "refund mode"),
                (Command::Close, "back"),
            ],
        ),
        ctx.theme,
    );
    let inner = block.inner(rect);
    frame.render_widget(block, rect);
    let mut head = vec![Line::styled(
        " Type how many of the line come back; ↑↓ other lines.",
        ctx.theme.dim,
    )];
    let mut modes = vec![Span::raw(" Refund ")];
    match p.refund(bill) {
        Some(r) => modes.push(Span::styled(format!("{r} "), ctx.theme.header)),
        None => modes.push(Span::styled("— ", ctx.theme.dim)),
    }
    for (i, m) in p.modes.iter().enumerate() {
        let word = mode_word(*m);
        if i == p.mode {
            modes.push(Span::styled(format!("[{word}]"), ctx.theme.tab_active));
        } else {
            modes.push(Span::styled(format!(" {word} "), ctx.theme.dim));
        }
    }
    head.push(Line::from(modes));
    if let Some(e) = error {
        for l in crate::ui::wrap_words(e, inner.width.saturating_sub(2) as usize) {
            head.push(Line::styled(format!(" {l}"), ctx.theme.error));
        }
    }
    let n = head.len() as u16;
    frame.render_widget(Paragraph::new(head), inner);
    let rows: Vec<Row> = p
        .lines
        .iter()
        .map(|l| {
            Row::new(vec![
                Line::from(format!("{}", l.index + 1)),
                Line::from(l.name.clone()),
                Line::from(l.sold.to_string()).alignment(Alignment::Right),
                Line::from(l.left.to_string()).alignment(Alignment::Right),
                Line::from(l.back.value().to_string()).alignment(Alignment::Right),
            ])
        })
        .collect();
    let table = Table::new(
        rows,
        [
            Constraint::Length(3),
            Constraint::Fill(1),
            Constraint::Length(6),
            Constraint::Length(9),
            Constraint::Length(6),
        ],
    )
    .header(Row::new(["#", "item", "sold", "still out", "back"]).style(ctx.theme.header))
    .row_highlight_style(ctx.theme.selected)
    .highlight_symbol("▶ ");
    let list = Rect {
        y: inner.y + n + 1,
        height: inner.height.saturating_sub(n + 1),
        ..inner
    };
    let mut state = TableState::default().with_selected(Some(p.selected));
    frame.render_stateful_widget(table, list, &mut state);
}
