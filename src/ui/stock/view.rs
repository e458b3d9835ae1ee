//! Draws the Stock pane: the search line, then a table whose columns fit the
//! width (MRP and colour drop out first at 80 columns). Low and negative stock
//! get a `!` mark as well as a style, so they stand out without colour.

use galla_domain::{Money, Qty, group_indian};
use ratatui::Frame;
use ratatui::crossterm::event::KeyEvent;
use ratatui::layout::{Alignment, Constraint, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Paragraph, Row, Table, TableState};

use super::state::StockPane;
use crate::app::action::Effect;
use crate::app::command::Command;
use crate::store::StockRow;
use crate::ui::keymap::Scope;
use crate::ui::pane::{Pane, RenderCtx};

const SEARCH_LABEL: &str = " Search: ";

fn right(text: String) -> Cell<'static> {
    Cell::from(Line::from(text).alignment(Alignment::Right))
}

fn rupees(m: Money) -> String {
    // Whole rupees without paise keep the column narrow; paise shown when present.
    if m.paise() % 100 == 0 {
        let sign = if m.paise() < 0 { "-" } else { "" };
        format!("{sign}{}", group_indian(m.paise().unsigned_abs() / 100))
    } else {
        m.format_plain()
    }
}

impl StockPane {
    fn location_label(&self) -> String {
        match self.location.and_then(|i| self.locations.get(i)) {
            Some(l) => l.name.clone(),
            None => "All locations".to_string(),
        }
    }

    fn search_line(&self, ctx: &RenderCtx<'_>) -> Line<'static> {
        let count = if !self.index_ready() {
            "indexing…".to_string()
        } else if self.filtering {
            "searching…".to_string()
        } else {
            let n = self.match_count();
            let word = if n == 1 { "item" } else { "items" };
            format!("{} {word}", group_indian(n as u64))
        };
        let spans = vec![
            Span::styled(SEARCH_LABEL, ctx.theme.header),
            Span::styled(self.search.value().to_string(), ctx.theme.text),
            Span::raw("  "),
            Span::styled(
                format!("{count} · {}", self.location_label()),
                ctx.theme.dim,
            ),
        ];
        Line::from(spans)
    }

    fn table_row(&self, row: &StockRow, wide: bool, ctx: &RenderCtx<'_>) -> Row<'static> {
        let shown = row.at(self.location_id());
        let low = shown < row.reorder_level;
        // Over all locations, one place below zero is marked too, even
        // when the total is not.
        let negative = match self.location_id() {
            Some(_) => shown < Qty::ZERO,
            None => shown < Qty::ZERO || row.qty.iter().any(|(_, q)| *q < Qty::ZERO),
        };
        let mark = if !row.active {
            "×"
        } else if negative || low {
            "!"
        } else {
            " "
        };
        let mut cells = vec![
            Cell::from(mark),
            Cell::from(row.sku.clone()),
            Cell::from(row.name.clone()),
            Cell::from(row.size.clone().unwrap_or_default()),
        ];
        if wide {
            cells.push(Cell::from(row.colour.clone().unwrap_or_default()));
        }
        cells.push(right(rupees(row.price)));
        if wide {
            cells.push(right(rupees(row.mrp)));
        }
        match self.location {
            None => {
                for (_, q) in &row.qty {
                    cells.push(right(q.to_string()));
                }
                cells.push(right(row.total().to_string()));
            }
            Some(_) => cells.push(right(shown.to_string())),
        }
        let style = if !row.active {
            ctx.theme.dim
        } else if negative {
            ctx.theme.negative
        } else if low {
            ctx.theme.low
        } else {
            ctx.theme.text
        };
        Row::new(cells).style(style)
    }

    fn columns(&self, wide: bool) -> (Vec<&'static str>, Vec<Constraint>, Vec<String>) {
        let mut names = vec!["", "SKU", "Item", "Size"];
        let mut widths = vec![
            Constraint::Length(1),
            crate::ui::columns::fit(self.rows.iter().map(|r| r.sku.as_str()), 11),
            Constraint::Fill(1),
            Constraint::Length(6),
        ];
        if wide {
            names.push("Colour");
            widths.push(Constraint::Length(7));
        }
        // As wide as the longest price on the page (up to ₹99,99,99,999.99):
        // a price is never cut.
        let longest = |f: fn(&StockRow) -> Money| -> Constraint {
            let w = self
                .rows
                .iter()
                .map(|r| rupees(f(r)).len())
                .max()
                .unwrap_or(0);
            Constraint::Length(u16::try_from(w).unwrap_or(u16::MAX).max(8))
        };
        names.push("Price");
        widths.push(longest(|r| r.price));
        if wide {
            names.push("MRP");
            widths.push(longest(|r| r.mrp));
        }
        let mut qty_headers = Vec::new();
        match self.location {
            None => {
                for l in &self.locations {
                    qty_headers.push(short(&l.name));
                    widths.push(Constraint::Length(6));
                }
                qty_headers.push("Total".to_string());
                widths.push(Constraint::Length(6));
            }
            Some(_) => {
                qty_headers.push("Qty".to_string());
                widths.push(Constraint::Length(7));
            }
        }
        (names, widths, qty_headers)
    }
}

/// A location name cut to fit a six-column header ("Shop floor" → "Shop").
fn short(name: &str) -> String {
    let first = name.split_whitespace().next().unwrap_or(name);
    first.chars().take(6).collect()
}

impl Pane for StockPane {
    fn title(&self) -> &'static str {
        "Stock"
    }

    fn scope(&self) -> Scope {
        let doc_form = self.goods.as_ref().is_some_and(|d| d.form.is_some());
        if self.form.is_some() || self.plan.is_some() || doc_form {
            Scope::Form
        } else if self.goods.is_some() {
            Scope::Goods
        } else {
            Scope::Stock
        }
    }

    fn accepts_char(&self, c: char) -> bool {
        if self.plan.is_some() {
            return false;
        }
        if self.form.is_some() {
            return true;
        }
        match &self.goods {
            Some(doc) => doc.typing() && !c.is_control(),
            None => StockPane::accepts(c),
        }
    }

    fn on_char(&mut self, c: char, at: Option<u64>) -> Vec<Effect> {
        if self.plan.is_some() {
            return Vec::new();
        }
        if let Some((_, f)) = &mut self.form {
            f.type_char(c, at);
            return Vec::new();
        }
        if let Some(doc) = &mut self.goods {
            return doc.type_char(c, at);
        }
        self.message = None;
        self.type_char(c)
    }

    fn on_edit_key(&mut self, key: KeyEvent) -> Option<Vec<Effect>> {
        if let Some((_, f)) = &mut self.form {
            f.edit(crate::ui::pane::edit_request(&key)?);
            return Some(Vec::new());
        }
        if let Some(doc) = &mut self.goods {
            return Some(doc.edit(crate::ui::pane::edit_request(&key)?));
        }
        self.edit_key(key)
    }

    fn on_command(&mut self, command: Command) -> Option<Vec<Effect>> {
        if self.form.is_some() || self.plan.is_some() || self.goods.is_some() {
            return self.work_command(command);
        }
        // A message stays until the next key (it takes the list's last row).
        self.message = None;
        self.command(command).or_else(|| self.list_work(command))
    }

    fn offers(&self, command: Command) -> bool {
        use Command as C;
        if self.plan.is_some() {
            return matches!(command, C::Submit | C::Close);
        }
        if let Some((form, _)) = &self.form {
            let modes = matches!(
                form,
                super::StockForm::NewProduct
                    | super::StockForm::EditItem(_)
                    | super::StockForm::Locations
                    | super::StockForm::Labels(_)
            );
            return matches!(command, C::Submit | C::Close)
                || (modes && matches!(command, C::NextField | C::NextMode));
        }
        match &self.goods {
            Some(doc) if doc.form.is_some() => matches!(command, C::Submit | C::Close),
            Some(doc) => match command {
                C::EditRate => matches!(
                    doc.kind,
                    super::GoodsKind::Purchase | super::GoodsKind::Return
                ),
                C::AddParty => matches!(
                    doc.kind,
                    super::GoodsKind::Purchase | super::GoodsKind::Return
                ),
                C::NextMode | C::PrevMode => doc.slot().is_choice(),
                _ => true,
            },
            None => true,
        }
    }

    fn render(&self, frame: &mut Frame<'_>, area: Rect, ctx: &RenderCtx<'_>) {
        if area.height < 3 {
            return;
        }
        if let Some(doc) = &self.goods {
            doc.render(frame, area, ctx);
        } else {
            self.list_view(frame, area, ctx);
        }
        // The grid to confirm hides the form it came from (Esc goes back).
        if let Some(plan) = &self.plan {
            plan_view(plan, frame, area, ctx);
        } else if let Some((_, f)) = &self.form {
            f.render(frame, area, ctx.theme);
        }
    }

    fn cursor(&self, area: Rect) -> Option<(u16, u16)> {
        if self.plan.is_some() {
            return None;
        }
        if let Some((_, f)) = &self.form {
            return f.cursor(area);
        }
        if let Some(doc) = &self.goods {
            return doc.cursor(area);
        }
        let column = SEARCH_LABEL.len() + self.search.visual_cursor();
        Some((area.x + column as u16, area.y))
    }
}

impl StockPane {
    fn list_view(&self, frame: &mut Frame<'_>, area: Rect, ctx: &RenderCtx<'_>) {
        // What the last catalogue or goods work did, on the last row.
        let area = match &self.message {
            Some(m) if area.height > 4 => {
                let last = Rect {
                    y: area.y + area.height - 1,
                    height: 1,
                    ..area
                };
                frame.render_widget(
                    Paragraph::new(Line::styled(m.clone(), ctx.theme.text)),
                    last,
                );
                Rect {
                    height: area.height - 1,
                    ..area
                }
            }
            _ => area,
        };
        let search = Rect { height: 1, ..area };
        frame.render_widget(Paragraph::new(self.search_line(ctx)), search);
        let table_area = Rect {
            y: area.y + 1,
            height: area.height - 1,
            ..area
        };
        let wide = area.width >= 100;
        let (names, widths, qty_headers) = self.columns(wide);
        let mut header: Vec<Cell<'static>> = names.into_iter().map(Cell::from).collect();
        header.extend(qty_headers.into_iter().map(right));
        let header_row = Row::new(header).style(ctx.theme.header);
        if self.match_count() == 0 && self.index_ready() && !self.filtering {
            let key = |c: Command| {
                self.keys
                    .hint(Scope::Stock, c)
                    .unwrap_or_else(|| c.name().to_string())
            };
            let text = if self.search.value().is_empty() {
                format!(
                    "The catalogue is empty — {} adds a product (every size and colour), {} brings \
                     goods in from a supplier; or import a catalogue with `galla import catalogue`.",
                    key(Command::AddProduct),
                    key(Command::GoodsIn)
                )
            } else {
                format!(
                    "No item matches “{}” — Esc clears the search.",
                    self.search.value()
                )
            };
            let body = Rect {
                y: table_area.y + 1,
                height: 1,
                ..table_area
            };
            frame.render_widget(
                Table::new(Vec::<Row>::new(), widths).header(header_row),
                table_area,
            );
            let body = Rect { height: 3, ..body };
            frame.render_widget(
                Paragraph::new(text)
                    .style(ctx.theme.dim)
                    .wrap(ratatui::widgets::Wrap { trim: true }),
                body,
            );
            return;
        }
        let rows: Vec<Row<'static>> = self
            .rows
            .iter()
            .map(|r| self.table_row(r, wide, ctx))
            .collect();
        let table = Table::new(rows, widths)
            .header(header_row)
            .column_spacing(1)
            .row_highlight_style(ctx.theme.selected);
        let mut state = TableState::default().with_selected(self.selected.checked_sub(self.offset));
        frame.render_stateful_widget(table, table_area, &mut state);
    }
}

/// A new product's grid, to confirm before it is written.
fn plan_view(
    plan: &crate::catalogue::ProductPlan,
    frame: &mut Frame<'_>,
    area: Rect,
    ctx: &RenderCtx<'_>,
) {
    let rect = crate::ui::popup::centred(area, 76, plan.variants.len() as u16 + 3);
    frame.render_widget(ratatui::widgets::Clear, rect);
    let p = &plan.product;
    let title = format!(
        " Add {} ({} · HSN {} · GST {})? ",
        p.name,
        p.category.as_deref().unwrap_or("no category"),
        p.hsn,
        p.gst_rate
    );
    let rows = plan.variants.iter().map(|v| {
        Row::new(vec![
            Cell::from(v.sku.clone()),
            Cell::from(v.barcode.clone().unwrap_or_default()),
            Cell::from(v.size.clone().unwrap_or_default()),
            Cell::from(v.colour.clone().unwrap_or_default()),
            right(rupees(v.mrp)),
            right(rupees(v.price)),
        ])
    });
    let t = Table::new(
        rows,
        [
            Constraint::Fill(1),
            Constraint::Length(13),
            Constraint::Length(6),
            Constraint::Length(8),
            Constraint::Length(7),
            Constraint::Length(7),
        ],
    )
    .header(Row::new(["SKU", "barcode", "size", "colour", "MRP", "price"]).style(ctx.theme.header))
    .block(
        ratatui::widgets::Block::default()
            .borders(ratatui::widgets::Borders::ALL)
            .title(title)
            .title_bottom(
                Line::from(" Enter adds them all · Esc goes back to change ")
                    .alignment(Alignment::Right),
            ),
    )
    .column_spacing(1);
    frame.render_widget(t, rect);
}
