//! Draws the Cashbook pane: the day and whether it is closed, the cash lines
//! with their running balance, then the summary (opening, in, out, expected
//! or counted and the difference, UPI and card into the bank). Money in and
//! out are signed and worded, not told by colour alone.

use galla_domain::Money;
use galla_domain::ledger::Why;
use ratatui::Frame;
use ratatui::layout::{Alignment, Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Paragraph, Row, Table, TableState};

use super::state::CashbookPane;
use crate::app::action::Effect;
use crate::app::command::Command;
use crate::store::BookLine;
use crate::ui::columns::fit;
use crate::ui::keymap::Scope;
use crate::ui::pane::{Pane, RenderCtx};

fn right(text: String) -> Cell<'static> {
    Cell::from(Line::from(text).alignment(Alignment::Right))
}

/// "bill C1-4", "got — Asha", "rent — June".
fn what(l: &BookLine) -> String {
    let mut text = match l.why {
        Why::Sale => format!("bill {}", l.bill_no.as_deref().unwrap_or("?")),
        Why::Return => format!("refund on {}", l.bill_no.as_deref().unwrap_or("?")),
        Why::Cancel => format!("cancelled {}", l.bill_no.as_deref().unwrap_or("?")),
        Why::Got => "khata got".into(),
        Why::Gave => "khata gave".into(),
        Why::Purchase => "purchase".into(),
        Why::CashIn | Why::CashOut => l.head.clone().unwrap_or_else(|| "cash".into()),
        Why::Close => "difference at close".into(),
        other => other.as_str().replace('_', " "),
    };
    for extra in [&l.party, &l.note, &l.reference].into_iter().flatten() {
        text.push_str(" — ");
        text.push_str(extra);
    }
    if l.late {
        text.push_str(" (after the close)");
    }
    text
}

impl CashbookPane {
    fn summary(&self, ctx: &RenderCtx<'_>) -> Vec<Line<'static>> {
        let Some(b) = &self.book else {
            return Vec::new();
        };
        let (cash_in, cash_out) = b.cash_in_out();
        let mut first = vec![
            Span::styled("Opening ", ctx.theme.dim),
            Span::raw(b.opening.to_string()),
            Span::styled(" · in ", ctx.theme.dim),
            Span::styled(cash_in.to_string(), ctx.theme.get),
            Span::styled(" · out ", ctx.theme.dim),
            Span::styled(cash_out.to_string(), ctx.theme.give),
        ];
        let second = match &b.close {
            Some(c) => {
                let diff = c.counted - c.expected;
                let word = match diff {
                    d if d < Money::ZERO => format!("short {}", -d),
                    d if d > Money::ZERO => format!("over {d}"),
                    _ => "no difference".into(),
                };
                Line::from(vec![
                    Span::styled("Closed ", ctx.theme.header),
                    Span::raw(format!(
                        "at {} · expected {} · counted {} · {word}",
                        c.at.with_timezone(&ctx.tz).format("%H:%M"),
                        c.expected,
                        c.counted
                    )),
                ])
            }
            None => Line::from(vec![
                Span::styled("Expected in drawer ", ctx.theme.header),
                Span::raw(b.expected().to_string()),
                Span::styled("  (not closed yet)", ctx.theme.dim),
            ]),
        };
        first.push(Span::styled(" · UPI/card to bank ", ctx.theme.dim));
        first.push(Span::raw(b.bank_total().to_string()));
        let mut out = vec![Line::from(first), second];
        if let Some(m) = &self.message {
            out.push(Line::raw(m.clone()));
        }
        out
    }
}

impl CashbookPane {
    /// The shop view: each counter's drawer and bank for the day, and the total.
    fn shop_view(&self, frame: &mut Frame<'_>, area: Rect, ctx: &RenderCtx<'_>) {
        let Some(books) = &self.shop else {
            frame.render_widget(Paragraph::new("reading every counter's book…"), area);
            return;
        };
        let [top, table, foot] = Layout::vertical([
            Constraint::Length(1),
            Constraint::Fill(1),
            Constraint::Length(2),
        ])
        .areas(area);
        let date = books
            .first()
            .map(|(_, b)| b.date.format("%a %d %b %Y").to_string());
        frame.render_widget(
            Paragraph::new(Line::from(vec![
                Span::styled(
                    format!(" Cash books {} ", date.unwrap_or_default()),
                    ctx.theme.header,
                ),
                Span::styled(format!("· all counters · {}", books.len()), ctx.theme.dim),
            ])),
            top,
        );
        let cells: Vec<[String; 5]> = books
            .iter()
            .map(|(label, b)| {
                [
                    label.clone(),
                    b.opening.to_string(),
                    b.closing().to_string(),
                    b.bank_total().to_string(),
                    match &b.close {
                        Some(c) => format!("closed, {} counted", c.counted),
                        None => "open".into(),
                    },
                ]
            })
            .collect();
        let col = |i: usize, head: &'static str| {
            fit(cells.iter().map(|c| c[i].as_str()).chain([head]), 8)
        };
        let widths = [
            Constraint::Length(14),
            col(1, "opening"),
            col(2, "drawer"),
            col(3, "UPI/card"),
            Constraint::Fill(1),
        ];
        let rows = cells.iter().map(|c| {
            Row::new(vec![
                Cell::from(c[0].clone()),
                right(c[1].clone()),
                right(c[2].clone()),
                right(c[3].clone()),
                Cell::from(c[4].clone()),
            ])
        });
        frame.render_widget(
            Table::new(rows, widths)
                .header(
                    Row::new(["counter", "opening", "drawer", "UPI/card", "day"])
                        .style(ctx.theme.header),
                )
                .column_spacing(1),
            table,
        );
        let cash: Money = books.iter().map(|(_, b)| b.closing()).sum();
        let bank: Money = books.iter().map(|(_, b)| b.bank_total()).sum();
        let mut lines = vec![Line::from(vec![
            Span::styled("Shop: cash in drawers ", ctx.theme.header),
            Span::raw(cash.to_string()),
            Span::styled(" · UPI/card to bank ", ctx.theme.dim),
            Span::raw(bank.to_string()),
        ])];
        if let Some(m) = &self.message {
            lines.push(Line::raw(m.clone()));
        }
        frame.render_widget(Paragraph::new(lines), foot);
    }
}

impl Pane for CashbookPane {
    fn title(&self) -> &'static str {
        "Cash"
    }

    fn scope(&self) -> Scope {
        if self.form.is_some() {
            Scope::Form
        } else {
            Scope::Cashbook
        }
    }

    crate::ui::pane::typing_keys!(accepts: |pane, _c| pane.form.is_some());

    fn offers(&self, command: Command) -> bool {
        use Command as C;
        match &self.form {
            Some((super::state::CashForm::Entry(_), _)) => {
                matches!(command, C::Submit | C::Close | C::NextField | C::NextMode)
            }
            Some(_) => matches!(command, C::Submit | C::Close | C::NextField),
            None => true,
        }
    }

    fn on_show(&mut self) -> Vec<Effect> {
        vec![self.reload()]
    }

    fn render(&self, frame: &mut Frame<'_>, area: Rect, ctx: &RenderCtx<'_>) {
        if self.all_counters {
            self.shop_view(frame, area, ctx);
            return;
        }
        let summary = self.summary(ctx);
        // Each summary line wraps rather than lose an amount off the right.
        let rows: usize = summary
            .iter()
            .map(|l| l.width().max(1).div_ceil(area.width.max(1) as usize))
            .sum();
        let [top, table, foot] = Layout::vertical([
            Constraint::Length(1),
            Constraint::Fill(1),
            Constraint::Length(rows as u16),
        ])
        .areas(area);
        let Some(b) = &self.book else {
            frame.render_widget(Paragraph::new("reading the cash book…"), area);
            return;
        };
        let state = if b.close.is_some() { "closed" } else { "open" };
        frame.render_widget(
            Paragraph::new(Line::from(vec![
                Span::styled(
                    format!(" Cash book {} ", b.date.format("%a %d %b %Y")),
                    ctx.theme.header,
                ),
                Span::styled(
                    format!("· this counter · {state} · {} lines", b.cash.len()),
                    ctx.theme.dim,
                ),
            ])),
            top,
        );
        if b.cash.is_empty() {
            frame.render_widget(
                Paragraph::new("No cash moved this day. Cash sales, khata payments in cash and cash in or out are listed here."),
                table,
            );
        } else {
            let amounts: Vec<String> = b.cash.iter().map(|l| l.amount.to_string()).collect();
            let balances: Vec<String> = b.cash.iter().map(|l| l.balance.to_string()).collect();
            let body = b.cash.iter().enumerate().map(|(i, l)| {
                let style = if l.amount < Money::ZERO {
                    ctx.theme.give
                } else {
                    ctx.theme.text
                };
                Row::new(vec![
                    Cell::from(l.at.with_timezone(&ctx.tz).format("%H:%M").to_string()),
                    Cell::from(what(l)),
                    right(amounts[i].clone()).style(style),
                    right(balances[i].clone()),
                ])
            });
            let widths = [
                Constraint::Length(5),
                Constraint::Fill(1),
                fit(amounts.iter().map(String::as_str).chain(["amount"]), 8),
                fit(balances.iter().map(String::as_str).chain(["drawer"]), 8),
            ];
            let t = Table::new(body, widths)
                .header(Row::new(["time", "what", "amount", "drawer"]).style(ctx.theme.header))
                .row_highlight_style(ctx.theme.selected)
                .column_spacing(1);
            let mut state = TableState::default().with_selected(Some(self.selected));
            frame.render_stateful_widget(t, table, &mut state);
        }
        frame.render_widget(
            Paragraph::new(summary).wrap(ratatui::widgets::Wrap { trim: true }),
            foot,
        );
        if let Some((_, f)) = &self.form {
            f.render(frame, area, ctx.theme);
        }
    }

    fn cursor(&self, area: Rect) -> Option<(u16, u16)> {
        self.form.as_ref().and_then(|(_, f)| f.cursor(area))
    }
}
