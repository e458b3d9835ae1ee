//! Draws the Audit pane: the filters in force, then one row per event —
//! when, which counter, who, and what in words — newest first, and at the
//! foot how many rows are read and how old the last good backup is.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Paragraph, Row, Table, TableState};

use super::state::AuditPane;
use crate::app::action::Effect;
use crate::app::command::Command;
use crate::sync::age_words;
use crate::ui::keymap::Scope;
use crate::ui::pane::{Pane, RenderCtx};

impl AuditPane {
    /// The last good backup: how old, and where (the end of the path,
    /// when all of it does not fit `width`).
    fn backup_lines(&self, ctx: &RenderCtx<'_>, width: usize) -> [String; 2] {
        let Some((at, path)) = &self.backup else {
            return [
                "No backup yet — galla makes one a day while it runs;".into(),
                "`galla backup` makes one now".into(),
            ];
        };
        let chars: Vec<char> = path.chars().collect();
        let room = width.saturating_sub(3).max(8);
        let shown = if chars.len() > room {
            let tail: String = chars[chars.len() + 1 - room..].iter().collect();
            format!("  …{tail}")
        } else {
            format!("  {path}")
        };
        [
            format!(
                "Last good backup: {} ago ({})",
                age_words((ctx.now - *at).num_seconds()),
                at.with_timezone(&ctx.tz).format("%d %b %H:%M")
            ),
            shown,
        ]
    }

    fn table(&self, frame: &mut Frame<'_>, area: Rect, ctx: &RenderCtx<'_>) {
        let wide = area.width >= 110;
        let time = if wide {
            "%d-%m-%Y %H:%M"
        } else {
            "%d-%m %H:%M"
        };
        let (when, who) = if wide { (16, 18) } else { (11, 12) };
        // What is left for "what", after the columns and their spaces.
        let what = usize::from(area.width).saturating_sub(when + 6 + who + 3);
        let body = self.rows.iter().map(|e| {
            Row::new(vec![
                Cell::from(e.at.with_timezone(&ctx.tz).format(time).to_string()),
                Cell::from(e.counter.clone()),
                Cell::from(crate::ui::columns::clip(&e.person, who)),
                Cell::from(crate::ui::columns::clip(&e.summary, what)),
            ])
        });
        let widths = [
            Constraint::Length(when as u16),
            Constraint::Length(6),
            Constraint::Length(who as u16),
            Constraint::Fill(1),
        ];
        let table = Table::new(body, widths)
            .header(Row::new(["when", "ctr", "who", "what"]).style(ctx.theme.header))
            .row_highlight_style(ctx.theme.selected)
            .column_spacing(1);
        let mut state = TableState::default().with_selected(Some(self.selected));
        frame.render_stateful_widget(table, area, &mut state);
    }
}

impl Pane for AuditPane {
    fn title(&self) -> &'static str {
        "Audit"
    }

    fn scope(&self) -> Scope {
        if self.form.is_some() {
            Scope::Form
        } else {
            Scope::Audit
        }
    }

    crate::ui::pane::typing_keys!(accepts: |pane, _c| pane.typing());

    fn offers(&self, command: Command) -> bool {
        if self.form.is_some() {
            return matches!(
                command,
                Command::Submit | Command::Close | Command::NextField
            );
        }
        command != Command::Close || !self.filters_words().is_empty()
    }

    fn on_show(&mut self) -> Vec<Effect> {
        vec![self.reload()]
    }

    fn render(&self, frame: &mut Frame<'_>, area: Rect, ctx: &RenderCtx<'_>) {
        let [top, table, foot] = Layout::vertical([
            Constraint::Length(1),
            Constraint::Fill(1),
            Constraint::Length(3),
        ])
        .areas(area);
        let filters = self.filters_words();
        let head = Line::from(vec![
            Span::styled("Audit trail ", ctx.theme.header),
            Span::styled(
                if filters.is_empty() {
                    "· every entry, newest first".to_string()
                } else {
                    format!("· {filters}")
                },
                ctx.theme.dim,
            ),
        ]);
        frame.render_widget(Paragraph::new(head), top);
        if let Some(e) = &self.error {
            frame.render_widget(
                Paragraph::new(Span::styled(e.clone(), ctx.theme.error))
                    .wrap(ratatui::widgets::Wrap { trim: true }),
                table,
            );
        } else if !self.loaded {
            frame.render_widget(Paragraph::new("reading the audit trail…"), table);
        } else if self.rows.is_empty() {
            frame.render_widget(Paragraph::new("No entries match."), table);
        } else {
            self.table(frame, table, ctx);
        }
        let count = crate::text::count(self.rows.len(), "entry", "entries");
        let more = if self.more { " · more below" } else { "" };
        let mut lines = vec![Line::styled(format!("{count} read{more}"), ctx.theme.dim)];
        for l in self.backup_lines(ctx, foot.width as usize) {
            lines.push(Line::styled(l, ctx.theme.dim));
        }
        frame.render_widget(Paragraph::new(lines), foot);
        if let Some(f) = &self.form {
            f.render(frame, area, ctx.theme);
        }
    }

    fn cursor(&self, area: Rect) -> Option<(u16, u16)> {
        self.form.as_ref().and_then(|f| f.cursor(area))
    }
}
