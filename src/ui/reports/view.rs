//! Draws the Reports pane: the reports as tabs, the period and location,
//! the headline figures (in two columns when narrow), a chart (daily sales:
//! bars by hour for a day, by day for longer; products: the trend as a
//! sparkline), and the report's tables as lines that scroll. Amounts keep
//! their full width; names give way. Rows that need attention carry a word
//! ("reorder", "overdue" amounts) as well as a colour, so NO_COLOR reads
//! the same.

use ratatui::Frame;
use ratatui::crossterm::event::KeyEvent;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Bar, BarChart, BarGroup, Paragraph, Sparkline};

use super::state::{LineKind, ReportsPane};
use crate::app::action::Effect;
use crate::app::command::Command;
use crate::report::table::width as text_width;
use crate::report::{Cell, Kind, PeriodKind, Report};
use crate::ui::keymap::Scope;
use crate::ui::pane::{Pane, RenderCtx, edit_request};

/// Short names for narrow screens.
fn short(kind: Kind) -> &'static str {
    match kind {
        Kind::Daily => "Daily",
        Kind::Products => "Products",
        Kind::Sizes => "Sizes",
        Kind::Outstanding => "Outstanding",
        Kind::DeadStock => "Dead",
        Kind::LowStock => "Low",
        Kind::Gst => "GST",
        Kind::Staff => "Staff",
    }
}

/// (label, value in rupees) of each bar of the daily sales chart.
fn daily_bars(pane: &ReportsPane, report: &Report, room: usize) -> Vec<(String, u64)> {
    let Report::Daily(d) = report else {
        return Vec::new();
    };
    let rupees = |m: galla_domain::Money| (m.paise().max(0) / 100) as u64;
    let by_day = pane
        .by_day
        .unwrap_or(d.period.kind != PeriodKind::Day && d.period.days() > 1);
    if !by_day {
        let busy: Vec<usize> = (0..24)
            .filter(|&h| d.by_hour[h].bills != 0 || !d.by_hour[h].net.is_zero())
            .collect();
        let first = busy.first().copied().unwrap_or(9).min(9);
        let last = busy.last().copied().unwrap_or(21).max(21);
        return (first..=last)
            .map(|h| (format!("{h:02}"), rupees(d.by_hour[h].net)))
            .collect();
    }
    // One bar a day, or runs of days when the days do not fit.
    let n = d.by_day.len().max(1);
    let bars = n.min((room / 3).max(1));
    let mut out: Vec<(String, u64)> = Vec::with_capacity(bars);
    for b in 0..bars {
        let (from, to) = (b * n / bars, ((b + 1) * n / bars).max(b * n / bars + 1));
        let slice = &d.by_day[from.min(n - 1)..to.min(n)];
        let net: galla_domain::Money = slice.iter().map(|(_, t)| t.net()).sum();
        let label = slice
            .first()
            .map(|(day, _)| day.format("%d").to_string())
            .unwrap_or_default();
        out.push((label, rupees(net)));
    }
    out
}

impl ReportsPane {
    fn tabs(&self, area: Rect, ctx: &RenderCtx<'_>) -> Line<'static> {
        let full: usize = Kind::ALL.iter().map(|k| k.title().len() + 3).sum();
        let mut spans = Vec::new();
        for (i, k) in Kind::ALL.iter().enumerate() {
            let name = if full <= area.width as usize {
                k.title()
            } else {
                short(*k)
            };
            let style = if i == self.kind {
                ctx.theme.tab_active
            } else {
                ctx.theme.dim
            };
            spans.push(Span::styled(format!(" {name} "), style));
            spans.push(Span::raw(" "));
        }
        Line::from(spans)
    }

    fn place_line(&self, ctx: &RenderCtx<'_>) -> Line<'static> {
        let kind = self.kind();
        let p = self.period();
        let when = if kind.as_of() {
            format!("as of {}", p.to.format("%a %d %b %Y"))
        } else {
            p.label()
        };
        let mut text = format!(" {when}");
        if !matches!(kind, Kind::Outstanding | Kind::Gst) {
            let place = self
                .location()
                .map_or_else(|| "all locations".to_string(), |l| l.name.clone());
            text.push_str(&format!(" · {place}"));
        }
        if let Some((_, name)) = &self.product
            && kind == Kind::Sizes
        {
            text.push_str(&format!(" · {name}"));
        }
        if self.loading {
            text.push_str(" · reading…");
        }
        Line::styled(text, ctx.theme.header)
    }

    fn summary(
        &self,
        frame: &mut Frame<'_>,
        area: Rect,
        summary: &[(String, Cell)],
        ctx: &RenderCtx<'_>,
    ) {
        let cols = if area.height as usize >= summary.len() {
            1
        } else {
            2
        };
        let per = summary.len().div_ceil(cols);
        let areas = Layout::horizontal(vec![Constraint::Fill(1); cols]).split(area);
        for (c, chunk) in summary.chunks(per.max(1)).enumerate() {
            let w = areas[c].width.saturating_sub(2) as usize;
            let lines: Vec<Line> = chunk
                .iter()
                .map(|(label, value)| {
                    let v = value.show();
                    let pad = w.saturating_sub(text_width(label) + text_width(&v)).max(1);
                    let style = match value {
                        Cell::Money(m) if *m < galla_domain::Money::ZERO => ctx.theme.negative,
                        _ => ctx.theme.text,
                    };
                    Line::from(vec![
                        Span::styled(format!(" {label}{}", " ".repeat(pad)), ctx.theme.dim),
                        Span::styled(v, style),
                    ])
                })
                .collect();
            frame.render_widget(Paragraph::new(lines), areas[c]);
        }
    }

    fn chart(&self, frame: &mut Frame<'_>, area: Rect, report: &Report, ctx: &RenderCtx<'_>) {
        if area.height < 3 || area.width < 10 {
            return;
        }
        match report {
            Report::Daily(_) => {
                let data = daily_bars(self, report, area.width as usize);
                let n = data.len().max(1) as u16;
                let gap = if area.width / n >= 3 { 1 } else { 0 };
                let width = ((area.width.saturating_sub(n * gap)) / n).clamp(1, 6);
                let bars: Vec<Bar> = data
                    .iter()
                    .map(|(label, v)| {
                        Bar::default()
                            .value(*v)
                            .label(Line::from(label.clone()))
                            .text_value(String::new())
                    })
                    .collect();
                let title = if data.first().is_some_and(|(l, _)| l.len() == 2)
                    && self.by_day.unwrap_or(self.period().kind != PeriodKind::Day)
                {
                    " net sales by day"
                } else {
                    " net sales by hour"
                };
                let [head, body] =
                    Layout::vertical([Constraint::Length(1), Constraint::Fill(1)]).areas(area);
                frame.render_widget(Paragraph::new(Line::styled(title, ctx.theme.dim)), head);
                frame.render_widget(
                    BarChart::default()
                        .data(BarGroup::default().bars(&bars))
                        .bar_width(width)
                        .bar_gap(gap)
                        .bar_style(ctx.theme.header),
                    body,
                );
            }
            Report::Products(p) => {
                // Each point as wide as the chart allows.
                let points = p.total.trend.len().max(1);
                let each = (area.width as usize / points).max(1);
                let data: Vec<u64> = p
                    .total
                    .trend
                    .iter()
                    .flat_map(|m| std::iter::repeat_n((m.paise().max(0) / 100) as u64, each))
                    .collect();
                let [head, body] =
                    Layout::vertical([Constraint::Length(1), Constraint::Fill(1)]).areas(area);
                frame.render_widget(
                    Paragraph::new(Line::styled(" net revenue trend", ctx.theme.dim)),
                    head,
                );
                frame.render_widget(
                    Sparkline::default().data(&data).style(ctx.theme.header),
                    body,
                );
            }
            _ => {}
        }
    }

    fn table_lines(&self, frame: &mut Frame<'_>, area: Rect, ctx: &RenderCtx<'_>) {
        let height = area.height as usize;
        // The line index of the selected data line.
        let at = self
            .lines
            .iter()
            .enumerate()
            .filter(|(_, (_, k))| matches!(k, LineKind::Row { .. }))
            .nth(self.selected)
            .map_or(0, |(i, _)| i);
        let top = (at + 1).saturating_sub(height);
        let lines: Vec<Line> = self
            .lines
            .iter()
            .enumerate()
            .skip(top)
            .take(height)
            .map(|(i, (text, kind))| {
                let style = match kind {
                    LineKind::Title | LineKind::Head => ctx.theme.header,
                    _ if i == at => ctx.theme.selected,
                    LineKind::Row { flag: true, .. } => ctx.theme.low,
                    _ => ctx.theme.text,
                };
                Line::styled(text.clone(), style)
            })
            .collect();
        frame.render_widget(Paragraph::new(lines), area);
    }

    fn body(&self, frame: &mut Frame<'_>, area: Rect, ctx: &RenderCtx<'_>) {
        let Some(report) = self.report() else {
            let text = if self.loading {
                "reading the report…".to_string()
            } else {
                self.message.clone().unwrap_or_default()
            };
            frame.render_widget(Paragraph::new(text), area);
            return;
        };
        let summary = report.summary();
        let n = summary.len() as u16;
        let has_chart = matches!(report, Report::Daily(_) | Report::Products(_));
        if area.width >= 100 {
            // Figures on the left (one column if they fit in half the
            // height, else two), the chart on the right, tables below.
            let one = n <= area.height / 2;
            let rows = if one { n } else { n.div_ceil(2) };
            let top_h = rows.max(if has_chart { 8 } else { 0 }).min(area.height / 2);
            let left_w = if one { 44 } else { 84 }.min(area.width);
            let [top, rest] =
                Layout::vertical([Constraint::Length(top_h), Constraint::Fill(1)]).areas(area);
            let [left, right] =
                Layout::horizontal([Constraint::Length(left_w), Constraint::Fill(1)]).areas(top);
            self.summary(frame, left, &summary, ctx);
            self.chart(frame, right, report, ctx);
            self.table_lines(frame, rest, ctx);
        } else {
            let top_h = n.div_ceil(2).min(area.height / 3).max(1);
            let chart_h = if has_chart {
                (area.height / 4).max(4)
            } else {
                0
            };
            let [top, chart, rest] = Layout::vertical([
                Constraint::Length(top_h),
                Constraint::Length(chart_h),
                Constraint::Fill(1),
            ])
            .areas(area);
            self.summary(frame, top, &summary, ctx);
            self.chart(frame, chart, report, ctx);
            self.table_lines(frame, rest, ctx);
        }
    }
}

impl Pane for ReportsPane {
    fn title(&self) -> &'static str {
        "Reports"
    }

    fn scope(&self) -> Scope {
        if self.form.is_some() {
            Scope::Form
        } else {
            Scope::Reports
        }
    }

    fn accepts_char(&self, _c: char) -> bool {
        self.form.is_some()
    }

    fn on_char(&mut self, c: char, at: Option<u64>) -> Vec<Effect> {
        if let Some((_, f)) = &mut self.form {
            f.type_char(c, at);
        }
        Vec::new()
    }

    fn on_edit_key(&mut self, key: KeyEvent) -> Option<Vec<Effect>> {
        let request = edit_request(&key)?;
        if let Some((_, f)) = &mut self.form {
            f.edit(request);
        }
        Some(Vec::new())
    }

    fn on_command(&mut self, command: Command) -> Option<Vec<Effect>> {
        self.command(command)
    }

    fn offers(&self, command: Command) -> bool {
        use Command as C;
        if self.form.is_some() {
            return matches!(command, C::Submit | C::Close | C::NextField);
        }
        match command {
            C::Remind => self.kind() == Kind::Outstanding,
            C::Submit => self.kind() == Kind::Products,
            C::ChartBy => self.kind() == Kind::Daily,
            C::PrintSlip => self.kind() == Kind::Daily,
            C::Close => self.product.is_some(),
            C::NextLocation => !matches!(self.kind(), Kind::Outstanding | Kind::Gst),
            _ => true,
        }
    }

    fn render(&self, frame: &mut Frame<'_>, area: Rect, ctx: &RenderCtx<'_>) {
        let [tabs, place, body, foot] = Layout::vertical([
            Constraint::Length(1),
            Constraint::Length(1),
            Constraint::Fill(1),
            Constraint::Length(1),
        ])
        .areas(area);
        frame.render_widget(Paragraph::new(self.tabs(tabs, ctx)), tabs);
        frame.render_widget(Paragraph::new(self.place_line(ctx)), place);
        self.body(frame, body, ctx);
        if let Some(m) = &self.message {
            frame.render_widget(
                Paragraph::new(Line::styled(m.clone(), ctx.theme.text)),
                foot,
            );
        }
        if let Some((_, f)) = &self.form {
            f.render(frame, area, ctx.theme);
        }
    }

    fn cursor(&self, area: Rect) -> Option<(u16, u16)> {
        self.form.as_ref().and_then(|(_, f)| f.cursor(area))
    }
}
