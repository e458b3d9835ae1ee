//! Draws the Khata pane: the filter line, the parties table (balance in
//! words as well as colour — "get" / "give" — so the mono theme reads the
//! same), the totals; or one party's ledger with the running balance; and
//! the form over either. Amount columns are as wide as their widest amount,
//! so nothing is cut from the left.

use chrono::NaiveDate;
use galla_domain::{Money, PartyKind};
use ratatui::Frame;
use ratatui::layout::{Alignment, Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Paragraph, Row, Table, TableState};

use super::state::KhataPane;
use crate::app::action::Effect;
use crate::app::command::Command;
use crate::store::PartyRow;
use crate::ui::columns::fit;
use crate::ui::keymap::Scope;
use crate::ui::pane::{Pane, RenderCtx};

const FILTER_LABEL: &str = " Find: ";

fn right(text: String) -> Cell<'static> {
    Cell::from(Line::from(text).alignment(Alignment::Right))
}

fn kind_words(kind: PartyKind) -> &'static str {
    match kind {
        PartyKind::Customer => "Customers",
        _ => "Suppliers",
    }
}

/// "get ₹700.00", "give ₹300.00" or "settled".
fn direction(balance: Money) -> (&'static str, String) {
    if balance > Money::ZERO {
        ("get", balance.to_string())
    } else if balance < Money::ZERO {
        ("give", (-balance).to_string())
    } else {
        ("", "settled".to_string())
    }
}

fn days_old(row: &PartyRow, today: NaiveDate) -> String {
    row.ageing
        .oldest
        .map(|d| format!("{} d", (today - d).num_days()))
        .unwrap_or_default()
}

impl KhataPane {
    fn parties(&self, frame: &mut Frame<'_>, area: Rect, ctx: &RenderCtx<'_>) {
        let [top, table, foot] = Layout::vertical([
            Constraint::Length(1),
            Constraint::Fill(1),
            Constraint::Length(2),
        ])
        .areas(area);
        let count = self.shown.len();
        let head = Line::from(vec![
            Span::styled(FILTER_LABEL, ctx.theme.header),
            Span::styled(self.filter.value().to_string(), ctx.theme.text),
            Span::raw("  "),
            Span::styled(
                format!(
                    "{} · {} · {}",
                    kind_words(self.kind),
                    crate::text::count(count, "party", "parties"),
                    self.sort.words()
                ),
                ctx.theme.dim,
            ),
        ]);
        frame.render_widget(Paragraph::new(head), top);
        let today = ctx.now.with_timezone(&ctx.tz).date_naive();
        if !self.loaded {
            frame.render_widget(Paragraph::new("reading the khata…"), table);
        } else if self.rows.iter().all(|r| r.party.kind != self.kind) {
            let text = format!(
                "No {} yet. Add one with the key shown below (a new party, with an opening balance if they already owe).",
                kind_words(self.kind).to_lowercase()
            );
            frame.render_widget(
                Paragraph::new(text).wrap(ratatui::widgets::Wrap { trim: true }),
                table,
            );
        } else {
            self.party_table(frame, table, ctx, today);
        }
        let (get, give) = self.totals();
        let mut lines = vec![Line::from(vec![
            Span::styled("You will get ", ctx.theme.dim),
            Span::styled(get.to_string(), ctx.theme.get),
            Span::styled(" · you will give ", ctx.theme.dim),
            Span::styled(give.to_string(), ctx.theme.give),
        ])];
        if let Some(m) = &self.message {
            lines.push(Line::styled(m.clone(), ctx.theme.text));
        }
        frame.render_widget(Paragraph::new(lines), foot);
    }

    fn party_table(
        &self,
        frame: &mut Frame<'_>,
        area: Rect,
        ctx: &RenderCtx<'_>,
        today: NaiveDate,
    ) {
        let rows: Vec<&PartyRow> = self.visible().collect();
        let amounts: Vec<(&str, String)> = rows.iter().map(|r| direction(r.balance)).collect();
        let overdue: Vec<String> = rows
            .iter()
            .map(|r| {
                if r.ageing.overdue.is_zero() {
                    String::new()
                } else {
                    r.ageing.overdue.to_string()
                }
            })
            .collect();
        let wide = area.width >= 110;
        let mut widths = vec![
            Constraint::Fill(1),
            Constraint::Length(10),
            Constraint::Length(4),
            fit(amounts.iter().map(|a| a.1.as_str()).chain(["balance"]), 9),
            fit(overdue.iter().map(String::as_str).chain(["overdue"]), 7),
            Constraint::Length(6),
        ];
        let mut header = vec!["name", "phone", "", "balance", "overdue", "oldest"];
        if wide {
            widths.push(Constraint::Length(12));
            widths.push(Constraint::Length(7));
            header.extend(["limit", "last"]);
        }
        let body = rows.iter().enumerate().map(|(i, r)| {
            let (word, amount) = &amounts[i];
            let style = if *word == "get" {
                ctx.theme.get
            } else {
                ctx.theme.give
            };
            let mut cells = vec![
                Cell::from(r.party.name.clone()),
                Cell::from(r.party.phone.clone().unwrap_or_default()),
                Cell::from(Span::styled(*word, style)),
                right(amount.clone()).style(style),
                right(overdue[i].clone()).style(ctx.theme.negative),
                right(days_old(r, today)),
            ];
            if wide {
                let limit = if r.party.credit_limit.is_zero() {
                    String::new()
                } else {
                    r.party.credit_limit.to_string()
                };
                cells.push(right(limit));
                cells.push(right(
                    r.last_activity
                        .map(|t| t.with_timezone(&ctx.tz).format("%d %b").to_string())
                        .unwrap_or_default(),
                ));
            }
            Row::new(cells)
        });
        let table = Table::new(body, widths)
            .header(Row::new(header).style(ctx.theme.header))
            .row_highlight_style(ctx.theme.selected)
            .column_spacing(1);
        let mut state = TableState::default().with_selected(Some(self.selected));
        frame.render_stateful_widget(table, area, &mut state);
    }

    fn ledger_view(&self, frame: &mut Frame<'_>, area: Rect, ctx: &RenderCtx<'_>) {
        let Some(l) = &self.ledger else {
            return;
        };
        let p = &l.row.party;
        let (word, amount) = direction(l.row.balance);
        let title = Line::from(vec![
            Span::styled(format!(" {} ", p.name), ctx.theme.header),
            Span::styled(p.phone.clone().unwrap_or_default(), ctx.theme.dim),
            Span::raw("  "),
            Span::styled(
                if word.is_empty() {
                    amount
                } else {
                    format!("you will {word} {amount}")
                },
                if word == "get" {
                    ctx.theme.get
                } else {
                    ctx.theme.give
                },
            ),
        ]);
        let a = &l.row.ageing;
        let mut facts = Vec::new();
        if !a.overdue.is_zero() {
            facts.push(format!("overdue {}", a.overdue));
        }
        for (label, m) in ["0-30", "31-60", "61-90", "90+"].iter().zip(a.buckets) {
            if !m.is_zero() {
                facts.push(format!("{label} d: {m}"));
            }
        }
        if !p.credit_limit.is_zero() {
            facts.push(format!("limit {}", p.credit_limit));
        }
        if let Some(at) = l.row.last_reminder {
            let days = (ctx.now - at).num_days().max(0);
            facts.push(match days {
                0 => "reminded today".to_string(),
                1 => "reminded yesterday".to_string(),
                n => format!("reminded {n} days ago"),
            });
        }
        let facts = Line::styled(facts.join(" · "), ctx.theme.dim);
        // The ageing wraps onto a second line rather than lose an amount.
        let head = 1 + facts.width().max(1).div_ceil(area.width.max(1) as usize);
        let [top, table, foot] = Layout::vertical([
            Constraint::Length(head as u16),
            Constraint::Fill(1),
            Constraint::Length(1),
        ])
        .areas(area);
        frame.render_widget(
            Paragraph::new(vec![title, facts]).wrap(ratatui::widgets::Wrap { trim: true }),
            top,
        );
        let amounts: Vec<String> = l.lines.iter().map(|x| x.amount.to_string()).collect();
        let balances: Vec<String> = l.lines.iter().map(|x| x.balance.to_string()).collect();
        let body = l.lines.iter().enumerate().map(|(i, x)| {
            Row::new(vec![
                Cell::from(x.at.with_timezone(&ctx.tz).format("%d %b %y").to_string()),
                Cell::from(crate::books::khata::describe(x)),
                right(amounts[i].clone()),
                right(balances[i].clone()),
            ])
        });
        let widths = [
            Constraint::Length(9),
            Constraint::Fill(1),
            fit(amounts.iter().map(String::as_str).chain(["amount"]), 8),
            fit(balances.iter().map(String::as_str).chain(["balance"]), 8),
        ];
        let t = Table::new(body, widths)
            .header(Row::new(["date", "what", "amount", "balance"]).style(ctx.theme.header))
            .row_highlight_style(ctx.theme.selected)
            .column_spacing(1);
        let mut state = TableState::default().with_selected(Some(l.selected));
        frame.render_stateful_widget(t, table, &mut state);
        let note = self.message.clone().unwrap_or_else(|| {
            "+ owes more · − paid or credited · a mistake is put right by an opposite entry".into()
        });
        frame.render_widget(Paragraph::new(Line::styled(note, ctx.theme.dim)), foot);
    }
}

impl Pane for KhataPane {
    fn title(&self) -> &'static str {
        "Khata"
    }

    fn scope(&self) -> Scope {
        if self.form.is_some() {
            Scope::Form
        } else {
            Scope::Khata
        }
    }

    crate::ui::pane::typing_keys!(accepts: |pane, _c| pane.typing());

    fn offers(&self, command: Command) -> bool {
        use Command as C;
        if self.form.is_some() {
            let modes = matches!(self.form, Some((super::state::FormFor::Entry(_), _)));
            return matches!(command, C::Submit | C::Close | C::NextField)
                || (modes && matches!(command, C::NextMode));
        }
        if self.ledger.is_some() {
            return !matches!(command, C::ToggleParties | C::SortParties | C::AddParty);
        }
        true
    }

    fn on_show(&mut self) -> Vec<Effect> {
        let mut effects = vec![Effect::LoadParties];
        if let Some(l) = &self.ledger {
            effects.push(Effect::LoadKhata(l.row.party.party_id));
        }
        effects
    }

    fn render(&self, frame: &mut Frame<'_>, area: Rect, ctx: &RenderCtx<'_>) {
        if self.ledger.is_some() {
            self.ledger_view(frame, area, ctx);
        } else {
            self.parties(frame, area, ctx);
        }
        if let Some((_, f)) = &self.form {
            f.render(frame, area, ctx.theme);
        }
    }

    fn cursor(&self, area: Rect) -> Option<(u16, u16)> {
        if let Some((_, f)) = &self.form {
            return f.cursor(area);
        }
        if self.ledger.is_some() {
            return None;
        }
        let typed = unicode_width::UnicodeWidthStr::width(self.filter.value());
        Some((area.x + (FILTER_LABEL.len() + typed) as u16, area.y))
    }
}
