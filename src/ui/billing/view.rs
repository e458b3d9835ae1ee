//! Draws the Billing pane: the item field and the last message, the bill's
//! lines, the totals (subtotal, discount, taxable value, tax per rate,
//! round-off, grand total) and the pick list over the lines while a name is
//! typed; and the one-field prompt (the payment form is `pay_view`).

use galla_domain::Money;
use ratatui::Frame;
use ratatui::crossterm::event::KeyEvent;
use ratatui::layout::{Alignment, Constraint, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Cell, Clear, Paragraph, Row, Table, TableState};
use unicode_width::UnicodeWidthStr;

use super::forms::Prompt;
use super::state::{BillingPane, Tone};
use crate::app::action::Effect;
use crate::app::command::Command;
use crate::ui::columns;
use crate::ui::keymap::Scope;
use crate::ui::pane::{Pane, RenderCtx};
use crate::ui::popup::{PopupCtx, centred};
use crate::ui::theme::Theme;

const ITEM_LABEL: &str = " Item: ";

fn right(text: String) -> Cell<'static> {
    Cell::from(Line::from(text).alignment(Alignment::Right))
}

impl BillingPane {
    fn tone_style(theme: &Theme, tone: Tone) -> Style {
        match tone {
            Tone::Info => theme.dim,
            Tone::Warning => theme.low,
            Tone::Error => theme.error,
        }
    }

    fn draw_lines(&self, frame: &mut Frame<'_>, area: Rect, ctx: &RenderCtx<'_>) {
        let totals = self.draft.totals();
        // Every cell's text first: the number columns are as wide as their
        // longest entry (up to ₹99,99,99,999.99), so an amount is never cut;
        // the item name takes what is left.
        let texts: Vec<[String; 7]> = self
            .draft
            .lines
            .iter()
            .zip(&totals.lines)
            .enumerate()
            .map(|(i, (l, t))| {
                let disc = t.line_discount + t.bill_discount_share;
                [
                    format!("{}", i + 1),
                    l.name.clone(),
                    l.qty.to_string(),
                    l.rate.format_plain(),
                    if disc.is_zero() {
                        String::new()
                    } else {
                        disc.format_plain()
                    },
                    l.gst_rate.to_string(),
                    t.total().format_plain(),
                ]
            })
            .collect();
        let heads = ["#", "Item", "Qty", "Rate", "Disc", "GST", "Amount"];
        let fit = |col: usize, least: u16| -> Constraint {
            let longest = texts
                .iter()
                .map(|r| r[col].width())
                .chain([heads[col].width()])
                .max()
                .unwrap_or(0);
            Constraint::Length(u16::try_from(longest).unwrap_or(u16::MAX).max(least))
        };
        let widths = [
            fit(0, 2),
            Constraint::Fill(1),
            fit(2, 5),
            fit(3, 8),
            fit(4, 6),
            fit(5, 4),
            fit(6, 10),
        ];
        let rows: Vec<Row<'static>> = texts
            .into_iter()
            .map(|cells| {
                Row::new(
                    cells
                        .into_iter()
                        .enumerate()
                        .map(|(c, t)| if c == 1 { Cell::from(t) } else { right(t) }),
                )
            })
            .collect();
        let header = Row::new(heads.map(|h| {
            if matches!(h, "#" | "Item") {
                Cell::from(h)
            } else {
                right(h.to_string())
            }
        }))
        .style(ctx.theme.header);
        let table = Table::new(rows, widths)
            .header(header)
            .row_highlight_style(ctx.theme.selected);
        let mut state =
            TableState::default().with_selected((!self.draft.is_empty()).then_some(self.selected));
        frame.render_stateful_widget(table, area, &mut state);
        if self.draft.is_empty() {
            let hint = Rect {
                y: area.y + 2,
                height: 1,
                ..area
            };
            let text = "Scan a barcode, or type a name or SKU and press Enter. 3*code adds three.";
            frame.render_widget(Paragraph::new(text).style(ctx.theme.dim), hint);
        }
    }

    /// The tax line in words, one entry per rate on the bill and only
    /// those: CGST + SGST, or IGST alone on an inter-state bill; "no tax"
    /// on a bill of supply or a cash memo.
    pub fn tax_words(&self) -> String {
        let t = self.draft.totals();
        let document = galla_domain::Document::of(self.draft.regime);
        if !document.charges_tax() {
            return format!(" {} — no tax collected", document.title().to_lowercase());
        }
        let inter = self.draft.supply == galla_domain::Supply::InterState;
        let tax: Vec<String> = t
            .gst
            .by_rate
            .iter()
            .map(|r| match (r.rate.basis_points(), inter) {
                (0, _) => format!("{}: nil", r.rate),
                (_, true) => format!("{}: IGST {}", r.rate, r.igst),
                (_, false) => format!("{}: CGST {} + SGST {}", r.rate, r.cgst, r.sgst),
            })
            .collect();
        let place = match &self.draft.place {
            Some(p) if inter => format!(" · to {}", galla_domain::gst::state_label(p)),
            _ => String::new(),
        };
        format!(" Tax {} · {}{place}", t.tax(), tax.join(" · "))
    }

    /// Rows the totals need at `width`: the tax line wraps.
    pub fn totals_height(&self, width: u16) -> u16 {
        let words = self.tax_words();
        let rows =
            crate::print::doc::wrap(&words, usize::from(width.saturating_sub(1).max(1))).len();
        u16::try_from(rows).unwrap_or(1).clamp(1, 4) + 3
    }

    fn draw_totals(&self, frame: &mut Frame<'_>, area: Rect, ctx: &RenderCtx<'_>) {
        let t = self.draft.totals();
        let g = &t.gst;
        let money = |m: Money| m.to_string();
        let mut lines = vec![Line::from(format!(
            " Subtotal {}   Discount {}   Taxable {}",
            money(t.subtotal),
            money(t.discount()),
            money(g.taxable)
        ))];
        let width = usize::from(area.width.saturating_sub(1).max(1));
        for row in crate::print::doc::wrap(&self.tax_words(), width) {
            lines.push(Line::from(format!(" {row}")));
        }
        lines.extend([Line::from(vec![
            Span::raw(format!(" Round-off {}   ", money(t.round_off()))),
            Span::styled(
                format!("TOTAL {}", money(t.grand_total())),
                ctx.theme.header,
            ),
            Span::styled(
                format!(
                    "   {}",
                    crate::text::count(self.draft.lines.len(), "line", "lines")
                ),
                ctx.theme.dim,
            ),
        ])]);
        let block = Block::default().borders(Borders::TOP);
        frame.render_widget(Paragraph::new(lines).block(block), area);
    }

    fn draw_picks(&self, frame: &mut Frame<'_>, area: Rect, ctx: &RenderCtx<'_>) {
        let h = (self.picks.len() as u16 + 2).min(area.height);
        let rect = Rect { height: h, ..area };
        frame.render_widget(Clear, rect);
        // Stock at the selling location: what adding it will be checked against.
        let texts: Vec<[String; 4]> = self
            .picks
            .iter()
            .map(|p| {
                let detail: Vec<&str> = [p.size.as_deref(), p.colour.as_deref()]
                    .into_iter()
                    .flatten()
                    .collect();
                [
                    p.sku.clone(),
                    format!("{} {}", p.name, detail.join(" ")),
                    p.price.format_plain(),
                    p.at(self.location).to_string(),
                ]
            })
            .collect();
        let price_width = columns::fit(texts.iter().map(|t| t[2].as_str()), 8);
        let qty_width = columns::fit(texts.iter().map(|t| t[3].as_str()), 4);
        let rows: Vec<Row<'static>> = texts
            .into_iter()
            .map(|[sku, name, price, qty]| {
                Row::new(vec![
                    Cell::from(sku),
                    Cell::from(name),
                    right(price),
                    right(qty),
                ])
            })
            .collect();
        let block = Block::default().borders(Borders::ALL).title(Span::styled(
            self.keys.hint_line(
                Scope::Billing,
                &[(Command::Down, "pick"), (Command::AddItem, "add")],
            ),
            ctx.theme.dim,
        ));
        let table = Table::new(
            rows,
            [
                Constraint::Length(12),
                Constraint::Fill(1),
                price_width,
                qty_width,
            ],
        )
        .block(block)
        .row_highlight_style(ctx.theme.selected);
        let mut state = TableState::default().with_selected(Some(self.pick));
        frame.render_stateful_widget(table, rect, &mut state);
    }
}

impl Pane for BillingPane {
    fn title(&self) -> &'static str {
        "Billing"
    }

    fn scope(&self) -> Scope {
        Scope::Billing
    }

    fn popup_scopes(&self) -> &'static [Scope] {
        &[
            Scope::Prompt,
            Scope::Payment,
            Scope::Customer,
            Scope::Held,
            Scope::Bills,
            Scope::Return,
            Scope::Recipient,
        ]
    }

    fn accepts_char(&self, c: char) -> bool {
        !c.is_control() && c != '?'
    }

    fn on_char(&mut self, c: char, at: Option<u64>) -> Vec<Effect> {
        self.type_char(c, at)
    }

    fn on_edit_key(&mut self, key: KeyEvent) -> Option<Vec<Effect>> {
        self.edit_key(key)
    }

    fn on_command(&mut self, command: Command) -> Option<Vec<Effect>> {
        // Prompts are opened by `update`, which owns the popup stack.
        match command {
            Command::EditQty
            | Command::EditRate
            | Command::EditDiscount
            | Command::BillDiscount
            | Command::Deliver
            | Command::Pay => None,
            other => self.command(other).map(|(effects, _)| effects),
        }
    }

    fn render(&self, frame: &mut Frame<'_>, area: Rect, ctx: &RenderCtx<'_>) {
        if area.height < 8 {
            return;
        }
        let mut head = vec![
            Span::styled(ITEM_LABEL, ctx.theme.header),
            Span::raw(self.item.value().to_string()),
        ];
        if let Some((no, total)) = &self.last_bill {
            head.push(Span::styled(
                format!("    last bill {no} {total}"),
                ctx.theme.dim,
            ));
        }
        if let Some(c) = self.customer_text() {
            head.push(Span::styled(format!("    {c}"), ctx.theme.key));
        }
        frame.render_widget(Paragraph::new(Line::from(head)), Rect { height: 1, ..area });
        // A message never is cut: a long one takes a second row (and a
        // third, at the narrowest) from the lines.
        let mut msg_rows = 1;
        if let Some((tone, text)) = &self.message {
            let style = Self::tone_style(ctx.theme, *tone);
            let text = format!(" {}", crate::text::printable(text));
            let width = usize::from(area.width.max(1));
            // Word wrapping loses up to a word's width per row: allow for it.
            let usable = width.saturating_sub(12).max(1);
            let needed = ratatui::text::Line::from(text.as_str())
                .width()
                .div_ceil(usable);
            msg_rows = needed.clamp(1, 3) as u16;
            let msg = Rect {
                y: area.y + 1,
                height: msg_rows,
                ..area
            };
            frame.render_widget(
                Paragraph::new(text)
                    .style(style)
                    .wrap(ratatui::widgets::Wrap { trim: false }),
                msg,
            );
        }
        let totals_rows = self
            .totals_height(area.width)
            .min(area.height.saturating_sub(4 + msg_rows));
        let lines = Rect {
            y: area.y + 1 + msg_rows,
            height: area.height - 1 - totals_rows - msg_rows,
            ..area
        };
        self.draw_lines(frame, lines, ctx);
        if let Some(change) = self.change_due {
            draw_change(change, frame, lines, ctx.theme);
        }
        let totals = Rect {
            y: area.y + area.height - totals_rows,
            height: totals_rows,
            ..area
        };
        self.draw_totals(frame, totals, ctx);
        if self.picking() {
            let picks = Rect {
                x: area.x + 1,
                y: area.y + 1,
                width: area.width.saturating_sub(2),
                height: area.height - 1 - totals_rows,
            };
            self.draw_picks(frame, picks, ctx);
        }
    }

    fn cursor(&self, area: Rect) -> Option<(u16, u16)> {
        Some((
            area.x + (ITEM_LABEL.len() + self.item.visual_cursor()) as u16,
            area.y,
        ))
    }
}

/// The change of the bill just saved, large over the (empty) lines until
/// the next key, so it cannot be missed.
fn draw_change(change: Money, frame: &mut Frame<'_>, area: Rect, theme: &Theme) {
    let text = format!("RETURN {change} CHANGE");
    let width = (text.chars().count() as u16 + 8).min(area.width);
    let rect = centred(area, width, 5);
    frame.render_widget(Clear, rect);
    let big = theme
        .header
        .add_modifier(ratatui::style::Modifier::BOLD | ratatui::style::Modifier::REVERSED);
    let lines = vec![
        Line::from(""),
        Line::from(Span::styled(format!("  {text}  "), big)),
    ];
    let block = Block::default().borders(Borders::ALL);
    frame.render_widget(
        Paragraph::new(lines)
            .alignment(Alignment::Center)
            .block(block),
        rect,
    );
}

/// Draws a one-field prompt.
pub fn draw_prompt(p: &Prompt, frame: &mut Frame<'_>, area: Rect, ctx: &PopupCtx<'_>) {
    let theme = ctx.theme;
    let rect = centred(area, 56, 7);
    frame.render_widget(Clear, rect);
    let mut lines = vec![Line::from(vec![
        Span::raw(" > "),
        Span::raw(p.input.value().to_string()),
    ])];
    if let Some(e) = &p.error {
        lines.push(Line::from(Span::styled(format!(" {e}"), theme.error)));
    }
    let block = Block::default()
        .borders(Borders::ALL)
        .title(Span::styled(format!(" {} ", p.title()), theme.header))
        .title_bottom(
            Line::from(ctx.keymap.hint_line(
                Scope::Prompt,
                &[(Command::Submit, "OK"), (Command::Close, "cancel")],
            ))
            .alignment(Alignment::Right),
        );
    frame.render_widget(
        Paragraph::new(lines)
            .wrap(ratatui::widgets::Wrap { trim: false })
            .block(block),
        rect,
    );
}
