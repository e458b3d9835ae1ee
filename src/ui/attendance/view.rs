//! Draws the Attendance pane: today (the PIN box, then each person — in
//! since when, out with the hours, late, not in yet, absent) or the month's
//! grid (one character a day, fitting 80 columns for 31 days, then days
//! present, half, leave, absent, hours and pay due).

use chrono::Datelike;
use galla_domain::attendance::{Day, DayStatus};
use ratatui::Frame;
use ratatui::layout::{Alignment, Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Paragraph, Row, Table, TableState};

use super::state::{AttendancePane, View};
use crate::app::action::Effect;
use crate::app::command::Command;
use crate::ui::keymap::Scope;
use crate::ui::pane::{Pane, RenderCtx};

const PIN_LABEL: &str = " PIN: ";

fn hm(minutes: i64) -> String {
    format!("{} h {:02} min", minutes / 60, minutes % 60)
}

/// Today's word for one person.
fn today_words(day: Option<&Day>) -> String {
    let Some(d) = day else {
        return String::new();
    };
    let late = if d.late { " · late" } else { "" };
    match (d.sessions.last(), d.status) {
        (Some(s), _) if s.end.is_none() => {
            format!("in since {}{late}", s.start.format("%H:%M"))
        }
        (Some(s), _) => format!(
            "out at {} · {} today{late}",
            s.end
                .map(|e| e.format("%H:%M").to_string())
                .unwrap_or_default(),
            hm(d.worked)
        ),
        (None, Some(DayStatus::Absent)) => "not in yet".into(),
        (None, Some(s)) => match s {
            DayStatus::WeekOff => "week off".into(),
            DayStatus::Holiday => "holiday".into(),
            DayStatus::PaidLeave | DayStatus::UnpaidLeave => "on leave".into(),
            DayStatus::HalfDay => "half day".into(),
            DayStatus::Present => "present (marked)".into(),
            DayStatus::Absent => "absent".into(),
        },
        (None, None) => String::new(),
    }
}

impl AttendancePane {
    fn today_view(&self, frame: &mut Frame<'_>, area: Rect, ctx: &RenderCtx<'_>) {
        let [pin, list, foot] = Layout::vertical([
            Constraint::Length(2),
            Constraint::Fill(1),
            Constraint::Length(1),
        ])
        .areas(area);
        let dots = "•".repeat(self.pin.value().chars().count());
        let mut lines = vec![Line::from(vec![
            Span::styled(PIN_LABEL, ctx.theme.header),
            Span::raw(dots),
            Span::styled(
                "  type your PIN and Enter to clock in or out",
                ctx.theme.dim,
            ),
        ])];
        match &self.message {
            Some(Ok(m)) => lines.push(Line::styled(format!(" {m}"), ctx.theme.get)),
            Some(Err(e)) => lines.push(Line::styled(format!(" {e}"), ctx.theme.error)),
            None => {}
        }
        frame.render_widget(Paragraph::new(lines), pin);
        let Some(data) = &self.data else {
            frame.render_widget(Paragraph::new("reading attendance…"), list);
            return;
        };
        let people = self.shown();
        if people.is_empty() {
            frame.render_widget(Paragraph::new(self.nobody_yet(ctx)), list);
            return;
        }
        let idx = data.today.day0() as usize;
        let rows = people.iter().map(|p| {
            let day = p.month.days.get(idx);
            Row::new(vec![
                Cell::from(p.row.staff.name.clone()),
                Cell::from(p.row.staff.role.clone()),
                Cell::from(today_words(day)),
            ])
        });
        let table = Table::new(
            rows,
            [
                Constraint::Length(24),
                Constraint::Length(9),
                Constraint::Fill(1),
            ],
        )
        .header(Row::new(["name", "role", "today"]).style(ctx.theme.header))
        .row_highlight_style(ctx.theme.selected);
        let mut state = TableState::default().with_selected(Some(self.selected));
        frame.render_stateful_widget(table, list, &mut state);
        let inside = people
            .iter()
            .filter(|p| {
                p.month
                    .days
                    .get(idx)
                    .and_then(|d| d.sessions.last())
                    .is_some_and(|s| s.end.is_none())
            })
            .count();
        frame.render_widget(
            Paragraph::new(Line::styled(
                format!(
                    "{inside} of {} in now · {}",
                    people.len(),
                    data.today.format("%a %d %b %Y")
                ),
                ctx.theme.dim,
            )),
            foot,
        );
    }

    fn month_view(&self, frame: &mut Frame<'_>, area: Rect, ctx: &RenderCtx<'_>) {
        let Some(data) = &self.data else {
            frame.render_widget(Paragraph::new("reading attendance…"), area);
            return;
        };
        let [top, grid, foot] = Layout::vertical([
            Constraint::Length(1),
            Constraint::Fill(1),
            Constraint::Length(1),
        ])
        .areas(area);
        let title = chrono::NaiveDate::from_ymd_opt(data.year, data.month, 1)
            .map(|d| d.format("%B %Y").to_string())
            .unwrap_or_default();
        frame.render_widget(
            Paragraph::new(Line::from(vec![
                Span::styled(format!(" {title} "), ctx.theme.header),
                Span::styled(
                    "P present A absent H half L leave O holiday W off ' late",
                    ctx.theme.dim,
                ),
            ])),
            top,
        );
        let days: String = (1..=31)
            .map(|d| char::from(b'0' + (d % 10) as u8))
            .collect();
        let people = self.shown();
        let n = people.first().map_or(31, |p| p.month.days.len());
        let rows = people.iter().map(|p| {
            let m = &p.month;
            let grid: String = m
                .days
                .iter()
                .map(|d| match d.status {
                    Some(DayStatus::Present) if d.late => '\'',
                    Some(s) => s.grid(),
                    None => '·',
                })
                .collect();
            Row::new(vec![
                Cell::from(p.row.staff.name.clone()),
                Cell::from(grid),
                Cell::from(format!(
                    "{}P {}H {}L {}A",
                    m.present, m.half_days, m.leaves, m.absent
                )),
                Cell::from(Line::from(m.pay_due.to_string()).alignment(Alignment::Right)),
            ])
        });
        let pay: Vec<String> = people.iter().map(|p| p.month.pay_due.to_string()).collect();
        let table = Table::new(
            rows,
            [
                Constraint::Fill(1),
                Constraint::Length(n as u16),
                Constraint::Length(14),
                crate::ui::columns::fit(pay.iter().map(String::as_str).chain(["pay due"]), 8),
            ],
        )
        .header(
            Row::new(vec![
                "name".to_string(),
                days[..n].to_string(),
                "days".to_string(),
                "pay due".to_string(),
            ])
            .style(ctx.theme.header),
        )
        .row_highlight_style(ctx.theme.selected);
        let mut state = TableState::default().with_selected(Some(self.selected));
        frame.render_stateful_widget(table, grid, &mut state);
        let note = match people.get(self.selected) {
            Some(p) => format!(
                "{}: {} worked · overtime {} · {} missing check-outs",
                p.row.staff.name,
                hm(p.month.worked),
                hm(p.month.overtime),
                p.month.days.iter().filter(|d| d.missing_out).count()
            ),
            None => String::new(),
        };
        frame.render_widget(Paragraph::new(Line::styled(note, ctx.theme.dim)), foot);
    }
}

/// A person's pay in words: "₹12,000.00/month", "₹500.00/day" or "—".
fn pay_words(s: &galla_domain::Staff) -> String {
    match (s.salary, s.wage) {
        (Some(m), _) => format!("{m}/month"),
        (None, Some(w)) => format!("{w}/day"),
        (None, None) => "—".into(),
    }
}

impl AttendancePane {
    fn nobody_yet(&self, ctx: &RenderCtx<'_>) -> Line<'static> {
        Line::styled(
            "No staff yet: add a person (the key is on the line below), or \
             `galla staff add --name … --pin …`.",
            ctx.theme.dim,
        )
    }

    fn people_view(&self, frame: &mut Frame<'_>, area: Rect, ctx: &RenderCtx<'_>) {
        let [msg, list, foot] = Layout::vertical([
            Constraint::Length(1),
            Constraint::Fill(1),
            Constraint::Length(1),
        ])
        .areas(area);
        match &self.message {
            Some(Ok(m)) => frame.render_widget(Line::styled(format!(" {m}"), ctx.theme.get), msg),
            Some(Err(e)) => {
                frame.render_widget(Line::styled(format!(" {e}"), ctx.theme.error), msg)
            }
            None => frame.render_widget(Line::styled(" Staff list", ctx.theme.header), msg),
        }
        let people = self.shown();
        if people.is_empty() {
            frame.render_widget(Paragraph::new(self.nobody_yet(ctx)), list);
            return;
        }
        let wide = area.width >= 110;
        let pays: Vec<String> = people.iter().map(|p| pay_words(&p.row.staff)).collect();
        let rows = people.iter().zip(&pays).map(|(p, pay)| {
            let s = &p.row.staff;
            let mut cells = vec![
                Cell::from(s.name.clone()),
                Cell::from(s.role.clone()),
                Cell::from(p.row.status_word()),
                Cell::from(Line::from(pay.clone()).alignment(Alignment::Right)),
                Cell::from(s.shift.clone().unwrap_or_else(|| "10:00-20:00".into())),
                Cell::from(s.weekly_off.clone().unwrap_or_else(|| "—".into())),
                Cell::from(if s.pin_hash.is_some() { "yes" } else { "no" }),
            ];
            if wide {
                cells.push(Cell::from(s.phone.clone().unwrap_or_default()));
                cells.push(Cell::from(
                    s.joined.map(|d| d.to_string()).unwrap_or_default(),
                ));
            }
            Row::new(cells)
        });
        let mut widths = vec![
            Constraint::Fill(1),
            Constraint::Length(8),
            Constraint::Length(9),
            crate::ui::columns::fit(pays.iter().map(String::as_str).chain(["pay"]), 6),
            Constraint::Length(11),
            Constraint::Length(4),
            Constraint::Length(3),
        ];
        let mut head = vec!["name", "role", "status", "pay", "shift", "off", "PIN"];
        if wide {
            widths.extend([Constraint::Length(10), Constraint::Length(10)]);
            head.extend(["phone", "joined"]);
        }
        let table = Table::new(rows, widths)
            .header(Row::new(head).style(ctx.theme.header))
            .row_highlight_style(ctx.theme.selected);
        let mut state = TableState::default().with_selected(Some(self.selected));
        frame.render_stateful_widget(table, list, &mut state);
        let active = people.iter().filter(|p| p.row.active).count();
        frame.render_widget(
            Paragraph::new(Line::styled(
                format!("{} people · {active} working here", people.len()),
                ctx.theme.dim,
            )),
            foot,
        );
    }
}

impl Pane for AttendancePane {
    fn title(&self) -> &'static str {
        "Staff"
    }

    fn scope(&self) -> Scope {
        if self.form.is_some() {
            Scope::Form
        } else {
            Scope::Attendance
        }
    }

    crate::ui::pane::typing_keys!(accepts: |pane, c| pane.takes(c));

    fn offers(&self, command: Command) -> bool {
        use Command as C;
        if self.form.is_some() {
            // Every staff form has a choice (role, status or mark).
            return matches!(command, C::Submit | C::Close | C::NextField | C::NextMode);
        }
        match self.view {
            View::Today => !matches!(command, C::PrevDay | C::NextDay | C::PrintSlip),
            View::Month => command != C::Submit,
            View::People => !matches!(command, C::Submit | C::PrevDay | C::NextDay),
        }
    }

    fn on_show(&mut self) -> Vec<Effect> {
        vec![self.reload()]
    }

    fn render(&self, frame: &mut Frame<'_>, area: Rect, ctx: &RenderCtx<'_>) {
        match self.view {
            View::Today => self.today_view(frame, area, ctx),
            View::Month => self.month_view(frame, area, ctx),
            View::People => self.people_view(frame, area, ctx),
        }
        if let Some((_, f)) = &self.form {
            f.render(frame, area, ctx.theme);
        }
    }

    fn cursor(&self, area: Rect) -> Option<(u16, u16)> {
        if let Some((_, f)) = &self.form {
            return f.cursor(area);
        }
        (self.view == View::Today).then(|| {
            let typed = self.pin.value().chars().count();
            (area.x + (PIN_LABEL.len() + typed) as u16, area.y)
        })
    }
}
