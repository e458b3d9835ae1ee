//! Draws the Settings pane: the filter line, the shared settings (key and
//! value; the selected one's meaning under the table), or this machine's
//! values; and the form over them. Long values wrap under the table rather
//! than being cut.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Paragraph, Row, Table, TableState, Wrap};

use super::state::SettingsPane;
use crate::app::action::Effect;
use crate::app::command::Command;
use crate::ui::keymap::Scope;
use crate::ui::pane::{Pane, RenderCtx};

const FILTER_LABEL: &str = " Find: ";

impl SettingsPane {
    /// How old the last good backup is, in words.
    fn backup_words(&self, ctx: &RenderCtx<'_>) -> String {
        match ctx.last_backup {
            Some(at) => format!(
                "last good backup {} ago ({})",
                crate::sync::age_words((ctx.now - at).num_seconds()),
                at.with_timezone(&ctx.tz).format("%d %b %H:%M")
            ),
            None => "no backup yet — galla makes one a day while it runs".into(),
        }
    }

    fn shop_view(&self, frame: &mut Frame<'_>, area: Rect, ctx: &RenderCtx<'_>) {
        let [top, table, foot] = Layout::vertical([
            Constraint::Length(1),
            Constraint::Fill(1),
            Constraint::Length(3),
        ])
        .areas(area);
        let head = Line::from(vec![
            Span::styled(FILTER_LABEL, ctx.theme.header),
            Span::styled(self.filter.value().to_string(), ctx.theme.text),
            Span::raw("  "),
            Span::styled(
                format!(
                    "shared by every counter · {}",
                    crate::text::count(self.shown.len(), "setting", "settings")
                ),
                ctx.theme.dim,
            ),
        ]);
        frame.render_widget(Paragraph::new(head), top);
        if !self.loaded {
            frame.render_widget(Paragraph::new("reading the settings…"), table);
        } else {
            let body = self.visible().map(|r| {
                let style = if r.raw.is_empty() {
                    ctx.theme.dim
                } else {
                    ctx.theme.text
                };
                Row::new(vec![
                    Cell::from(r.key),
                    Cell::from(Span::styled(r.value.clone(), style)),
                ])
            });
            let t = Table::new(body, [Constraint::Length(26), Constraint::Fill(1)])
                .header(Row::new(["setting", "value"]).style(ctx.theme.header))
                .row_highlight_style(ctx.theme.selected)
                .column_spacing(1);
            let mut state = TableState::default().with_selected(Some(self.selected));
            frame.render_stateful_widget(t, table, &mut state);
        }
        let mut lines = Vec::new();
        if let Some(r) = self.selected_row() {
            lines.push(Line::styled(
                format!("{}: {}", r.key, r.what),
                ctx.theme.dim,
            ));
        }
        if let Some(m) = &self.message {
            lines.push(Line::styled(m.clone(), ctx.theme.text));
        }
        lines.push(Line::styled(self.backup_words(ctx), ctx.theme.dim));
        frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: true }), foot);
    }

    fn machine_view(&self, frame: &mut Frame<'_>, area: Rect, ctx: &RenderCtx<'_>) {
        let [top, table] =
            Layout::vertical([Constraint::Length(2), Constraint::Fill(1)]).areas(area);
        frame.render_widget(
            Paragraph::new(Line::styled(
                " This machine only (config.toml and this database) — change them in \
                 config.toml; read-only here",
                ctx.theme.dim,
            ))
            .wrap(Wrap { trim: true }),
            top,
        );
        let backup = ("backup".to_string(), self.backup_words(ctx));
        let body = self
            .machine
            .iter()
            .chain(std::iter::once(&backup))
            .map(|(k, v)| Row::new(vec![Cell::from(k.clone()), Cell::from(v.clone())]));
        let t = Table::new(body, [Constraint::Length(16), Constraint::Fill(1)])
            .header(Row::new(["what", "value"]).style(ctx.theme.header))
            .column_spacing(1);
        frame.render_widget(t, table);
    }
}

impl Pane for SettingsPane {
    fn title(&self) -> &'static str {
        "Settings"
    }

    fn scope(&self) -> Scope {
        if self.form.is_some() {
            Scope::Form
        } else {
            Scope::Settings
        }
    }

    crate::ui::pane::typing_keys!(accepts: |pane, _c| pane.typing());

    fn offers(&self, command: Command) -> bool {
        if self.form.is_some() {
            return matches!(command, Command::Submit | Command::Close);
        }
        !(self.machine_view && command == Command::Submit)
    }

    fn on_show(&mut self) -> Vec<Effect> {
        vec![Effect::LoadSettings]
    }

    fn render(&self, frame: &mut Frame<'_>, area: Rect, ctx: &RenderCtx<'_>) {
        if self.machine_view {
            self.machine_view(frame, area, ctx);
        } else {
            self.shop_view(frame, area, ctx);
        }
        if let Some((_, f)) = &self.form {
            f.render(frame, area, ctx.theme);
        }
    }

    fn cursor(&self, area: Rect) -> Option<(u16, u16)> {
        if let Some((_, f)) = &self.form {
            return f.cursor(area);
        }
        if self.machine_view {
            return None;
        }
        let typed = unicode_width::UnicodeWidthStr::width(self.filter.value());
        Some((area.x + (FILTER_LABEL.len() + typed) as u16, area.y))
    }
}
