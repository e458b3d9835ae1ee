//! Draws a goods document: its title, the header fields two to a row (a
//! choice in ‹ › so it reads without colour), the item field, the lines
//! (a count shows expected, counted and the difference), the totals (for
//! a purchase: taxable value, GST by rate, total) and the last message;
//! the pick list or the supplier list under the field being typed.

use ratatui::Frame;
use ratatui::layout::{Alignment, Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Cell, Clear, Paragraph, Row, Table, TableState, Wrap};
use unicode_width::UnicodeWidthStr;

use super::goods::{GoodsDoc, GoodsKind, Slot};
use super::goods_lines::count_view;
use crate::ui::columns::fit;
use crate::ui::pane::RenderCtx;

fn right(text: String) -> Cell<'static> {
    Cell::from(Line::from(text).alignment(Alignment::Right))
}

/// Where each field sits: header fields two to a row, then the item field.
fn cells(doc: &GoodsDoc, area: Rect) -> Vec<(Slot, Rect)> {
    let header: Vec<Slot> = doc
        .slots()
        .iter()
        .copied()
        .filter(|s| *s != Slot::Item)
        .collect();
    let half = area.width / 2;
    let mut out = Vec::new();
    for (i, slot) in header.iter().enumerate() {
        out.push((
            *slot,
            Rect {
                x: area.x + if i % 2 == 0 { 0 } else { half },
                y: area.y + 1 + (i / 2) as u16,
                width: half.saturating_sub(1),
                height: 1,
            },
        ));
    }
    let rows = header.len().div_ceil(2) as u16;
    out.push((
        Slot::Item,
        Rect {
            x: area.x,
            y: area.y + 1 + rows,
            width: area.width,
            height: 1,
        },
    ));
    out
}

fn label(doc: &GoodsDoc, slot: Slot) -> String {
    let word = match (doc.kind, slot) {
        (GoodsKind::Transfer, Slot::Place) => "From",
        _ => slot.label(),
    };
    format!(" {word}: ")
}

impl GoodsDoc {
    /// Draws the document over `area`.
    pub fn render(&self, frame: &mut Frame<'_>, area: Rect, ctx: &RenderCtx<'_>) {
        let cells = cells(self, area);
        let below = cells.last().map_or(area.y + 1, |(_, r)| r.y + 1);
        let title = Line::from(vec![
            Span::styled(format!(" {} ", self.kind.title()), ctx.theme.header),
            Span::styled(
                format!(
                    " · {}",
                    crate::text::count(self.lines.len(), "line", "lines")
                ),
                ctx.theme.dim,
            ),
        ]);
        frame.render_widget(Paragraph::new(title), Rect { height: 1, ..area });
        for (slot, r) in &cells {
            let focused = *slot == self.slot();
            let style = if focused {
                ctx.theme.key
            } else {
                ctx.theme.text
            };
            let value = match self.text(*slot) {
                Some(f) if f.value().is_empty() && *slot == Slot::Item => Span::styled(
                    "scan, or type a name, SKU or barcode (3* for three)",
                    ctx.theme.dim,
                ),
                Some(f) if f.value().is_empty() && *slot == Slot::Date => {
                    Span::styled("today", ctx.theme.dim)
                }
                Some(f) => Span::raw(f.value().to_string()),
                None => Span::styled(format!("‹ {} ›", self.choice(*slot)), style),
            };
            frame.render_widget(
                Paragraph::new(Line::from(vec![
                    Span::styled(label(self, *slot), style),
                    value,
                ])),
                *r,
            );
        }
        let [table, foot] =
            Layout::vertical([Constraint::Fill(1), Constraint::Length(2)]).areas(Rect {
                y: below,
                height: (area.y + area.height).saturating_sub(below),
                ..area
            });
        self.lines_table(frame, table, ctx);
        self.foot(frame, foot, ctx);
        match self.slot() {
            Slot::Item if !self.picks.is_empty() => self.pick_list(frame, table, ctx),
            Slot::Supplier if !self.suppliers.is_empty() && self.supplier_id.is_none() => {
                self.supplier_list(frame, table, ctx)
            }
            _ => {}
        }
        if let Some((_, f)) = &self.form {
            f.render(frame, area, ctx.theme);
        }
    }

    fn lines_table(&self, frame: &mut Frame<'_>, area: Rect, ctx: &RenderCtx<'_>) {
        let (header, rows, numbers): (Vec<&str>, Vec<Vec<String>>, usize) = match self.kind {
            GoodsKind::Purchase | GoodsKind::Return => (
                vec!["SKU", "item", "qty", "cost", "GST", "amount"],
                self.lines
                    .iter()
                    .map(|l| {
                        vec![
                            l.item.sku.clone(),
                            l.item.name.clone(),
                            l.qty.to_string(),
                            l.cost.format_plain(),
                            l.gst_rate.to_string(),
                            l.cost.times_qty(l.qty).format_plain(),
                        ]
                    })
                    .collect(),
                4,
            ),
            GoodsKind::Transfer => (
                vec!["SKU", "item", "qty", "there now"],
                self.lines
                    .iter()
                    .map(|l| {
                        vec![
                            l.item.sku.clone(),
                            l.item.name.clone(),
                            l.qty.to_string(),
                            l.item.on_hand.to_string(),
                        ]
                    })
                    .collect(),
                2,
            ),
            GoodsKind::Adjust => (
                vec!["SKU", "item", "change", "there now"],
                self.lines
                    .iter()
                    .map(|l| {
                        let sign = if l.qty.milli() > 0 { "+" } else { "" };
                        vec![
                            l.item.sku.clone(),
                            l.item.name.clone(),
                            format!("{sign}{}", l.qty),
                            l.item.on_hand.to_string(),
                        ]
                    })
                    .collect(),
                2,
            ),
            GoodsKind::Count => (
                vec!["SKU", "item", "books", "counted", "diff"],
                count_view(self)
                    .into_iter()
                    .map(|(sku, name, expected, counted)| {
                        let d = counted.milli() - expected.milli();
                        let diff = match d {
                            0 => "ok".to_string(),
                            d if d > 0 => format!("+{}", galla_domain::Qty::from_milli(d)),
                            d => galla_domain::Qty::from_milli(d).to_string(),
                        };
                        vec![sku, name, expected.to_string(), counted.to_string(), diff]
                    })
                    .collect(),
                3,
            ),
        };
        let texts = header.len() - numbers;
        let mut widths = vec![Constraint::Length(14), Constraint::Fill(1)];
        widths.truncate(texts);
        for c in texts..header.len() {
            widths.push(fit(
                rows.iter().map(|r| r[c].as_str()).chain([header[c]]),
                5,
            ));
        }
        let body = rows.into_iter().map(|r| {
            Row::new(
                r.into_iter()
                    .enumerate()
                    .map(|(i, t)| if i >= texts { right(t) } else { Cell::from(t) })
                    .collect::<Vec<_>>(),
            )
        });
        let head = Row::new(
            header
                .iter()
                .enumerate()
                .map(|(i, h)| {
                    if i >= texts {
                        right(h.to_string())
                    } else {
                        Cell::from(*h)
                    }
                })
                .collect::<Vec<_>>(),
        )
        .style(ctx.theme.header);
        let t = Table::new(body, widths)
            .header(head)
            .row_highlight_style(ctx.theme.selected)
            .column_spacing(1);
        let selected =
            (self.kind != GoodsKind::Count && !self.lines.is_empty()).then_some(self.selected);
        let mut state = TableState::default().with_selected(selected);
        frame.render_stateful_widget(t, area, &mut state);
    }

    fn foot(&self, frame: &mut Frame<'_>, area: Rect, ctx: &RenderCtx<'_>) {
        let sums = match self.kind {
            GoodsKind::Purchase | GoodsKind::Return => {
                let t = self.totals();
                let mut parts = vec![format!("taxable {}", t.taxable)];
                for r in &t.rates {
                    parts.push(format!("GST {} {}", r.rate, r.tax));
                }
                parts.push(format!("total {}", t.total));
                parts.join(" · ")
            }
            GoodsKind::Count => format!(
                "{} on the books here, {} counted; an item not scanned counts as 0",
                self.sheet.len(),
                self.lines.len()
            ),
            _ => {
                let units: i64 = self.lines.iter().map(|l| l.qty.milli().abs()).sum();
                format!("{} units", galla_domain::Qty::from_milli(units))
            }
        };
        let mut lines = vec![Line::styled(sums, ctx.theme.header)];
        if let Some(m) = &self.message {
            lines.push(Line::styled(m.clone(), ctx.theme.text));
        }
        frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: true }), area);
    }

    fn pick_list(&self, frame: &mut Frame<'_>, area: Rect, ctx: &RenderCtx<'_>) {
        let rect = Rect {
            height: (self.picks.len() as u16 + 2).min(area.height),
            ..area
        };
        frame.render_widget(Clear, rect);
        let at = self.location_id();
        let prices: Vec<String> = self.picks.iter().map(|r| r.price.format_plain()).collect();
        let rows = self.picks.iter().enumerate().map(|(i, r)| {
            Row::new(vec![
                Cell::from(r.sku.clone()),
                Cell::from(r.full_name()),
                right(prices[i].clone()),
                right(r.at(Some(at)).to_string()),
            ])
        });
        let widths = [
            Constraint::Length(14),
            Constraint::Fill(1),
            fit(prices.iter().map(String::as_str), 6),
            Constraint::Length(6),
        ];
        let t = Table::new(rows, widths)
            .block(
                Block::default()
                    .borders(Borders::ALL)
                    .title(" ↑↓ choose · Enter adds "),
            )
            .row_highlight_style(ctx.theme.selected)
            .column_spacing(1);
        let mut state = TableState::default().with_selected(Some(self.pick));
        frame.render_stateful_widget(t, rect, &mut state);
    }

    fn supplier_list(&self, frame: &mut Frame<'_>, area: Rect, ctx: &RenderCtx<'_>) {
        let rect = Rect {
            height: (self.suppliers.len() as u16 + 2).min(area.height),
            ..area
        };
        frame.render_widget(Clear, rect);
        let rows = self.suppliers.iter().map(|p| {
            Row::new(vec![
                Cell::from(p.name.clone()),
                Cell::from(p.phone.clone().unwrap_or_default()),
            ])
        });
        let t = Table::new(rows, [Constraint::Fill(1), Constraint::Length(12)])
            .block(
                Block::default()
                    .borders(Borders::ALL)
                    .title(" suppliers · ↑↓ choose · Enter picks "),
            )
            .row_highlight_style(ctx.theme.selected);
        let mut state = TableState::default().with_selected(Some(self.supplier_pick));
        frame.render_stateful_widget(t, rect, &mut state);
    }

    /// Where the cursor goes: in the form, else the focused typed field.
    pub fn cursor(&self, area: Rect) -> Option<(u16, u16)> {
        if let Some((_, f)) = &self.form {
            return f.cursor(area);
        }
        let slot = self.slot();
        let field = self.text(slot)?;
        let (_, r) = cells(self, area).into_iter().find(|(s, _)| *s == slot)?;
        let typed = field.value().width().min(field.input().visual_cursor());
        Some((r.x + (label(self, slot).width() + typed) as u16, r.y))
    }
}
