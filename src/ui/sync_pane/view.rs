//! Draws the Sync pane: without a server, how to set one up; otherwise the
//! details, one per line, then the "needs attention" list with two lines
//! per event (what, when and why; then what to do). Marks, not colour
//! alone, show what is wrong (⚠), so the mono theme reads the same.

use chrono::{DateTime, Utc};
use ratatui::Frame;
use ratatui::crossterm::event::KeyEvent;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{List, ListItem, ListState, Paragraph};
use unicode_width::UnicodeWidthStr;

use super::state::{SyncPane, advice};
use crate::app::action::Effect;
use crate::app::command::Command;
use crate::store::AttentionRow;
use crate::sync::{SyncState, age_words};
use crate::ui::keymap::Scope;
use crate::ui::pane::{Pane, RenderCtx};

/// How to set a server up, from the README's "Sync server" section.
const SETUP: &[&str] = &[
    "On the shop's server (see server/README.md):",
    "  galla-server migrate --database-url URL",
    "  galla-server serve --database-url URL --listen 0.0.0.0:8080",
    "  galla-server tenant create --name \"My Shop\"          → tenant id",
    "  galla-server enroll-code --tenant ID --name \"Counter 1\"  → code",
    "On this counter: set [server] url = \"http://HOST:8080\" in config.toml, then",
    "  galla enroll --db shop.db --server http://HOST:8080 --code CODE",
    "and start galla again: it then syncs by itself.",
];

/// Breaks `text` into lines at most `width` columns wide, at spaces where
/// it can (long words are cut), so reasons and errors are never cut off.
pub(crate) fn wrap(text: &str, width: usize) -> Vec<String> {
    let width = width.max(8);
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split(' ') {
        let mut word = word.to_string();
        while word.width() > width {
            // At least one whole character, so the loop always moves on.
            let first = word.chars().next().map_or(1, char::len_utf8);
            let cut = word
                .char_indices()
                .map(|(i, _)| i)
                .take_while(|&i| word[..i].width() <= width)
                .last()
                .unwrap_or(0)
                .max(first);
            if !line.is_empty() {
                lines.push(std::mem::take(&mut line));
            }
            lines.push(word[..cut].to_string());
            word = word[cut..].to_string();
        }
        if !line.is_empty() && line.width() + 1 + word.width() > width {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(&word);
    }
    lines.push(line);
    lines
}

/// Width of the label column of the details.
const LABEL: usize = 16;

/// What the drawing helpers need: the context and the pane's width.
struct Draw<'a, 'b> {
    ctx: &'a RenderCtx<'b>,
    width: usize,
}

impl Draw<'_, '_> {
    /// `label` and `value`, the value wrapped under itself.
    fn field(&self, label: &str, value: &str, style: Style) -> Vec<Line<'static>> {
        wrap(value, self.width.saturating_sub(LABEL + 2))
            .into_iter()
            .enumerate()
            .map(|(i, part)| {
                let label = if i == 0 { label } else { "" };
                Line::from(vec![
                    Span::styled(format!(" {label:<LABEL$} "), self.ctx.theme.dim),
                    Span::styled(part, style),
                ])
            })
            .collect()
    }

    /// `text` wrapped to the pane, each line after `indent` spaces.
    fn indented(&self, text: &str, indent: usize, style: Style) -> Vec<Line<'static>> {
        wrap(text, self.width.saturating_sub(indent + 1))
            .into_iter()
            .map(|part| Line::from(Span::styled(format!("{:indent$}{part}", ""), style)))
            .collect()
    }

    fn when(&self, t: Option<DateTime<Utc>>) -> String {
        match t {
            Some(t) => format!(
                "{} ago ({})",
                age_words((self.ctx.now - t).num_seconds()),
                t.with_timezone(&self.ctx.tz).format("%d %b %H:%M:%S")
            ),
            None => "never".to_string(),
        }
    }
}

impl SyncPane {
    fn details(&self, d: &Draw<'_, '_>) -> Vec<Line<'static>> {
        let (s, theme, now) = (&self.snapshot, d.ctx.theme, d.ctx.now);
        let (text, bad) = (theme.text, theme.error);
        let state_style = match s.state {
            SyncState::UpToDate | SyncState::Syncing | SyncState::Connecting => theme.header,
            _ => bad,
        };
        let retry = match s.next_retry {
            Some(t) if t > now => format!(
                "in {}",
                age_words(((t - now).num_milliseconds() + 999) / 1000)
            ),
            _ => "—".to_string(),
        };
        let skew = match s.clock_skew_ms {
            None => "not known yet".to_string(),
            Some(ms) if ms.abs() < 2_000 => "in step with the server".to_string(),
            Some(ms) => {
                let side = if ms >= 0 { "behind" } else { "ahead of" };
                let mark = if s.skew_warning() {
                    " ⚠ set this computer's clock"
                } else {
                    ""
                };
                format!("{} {side} the server{mark}", age_words(ms.abs() / 1000))
            }
        };
        let queued = match (s.pending, s.oldest_pending) {
            (0, _) => "nothing waiting".to_string(),
            (n, Some(t)) => format!(
                "{n} events, oldest {} old",
                age_words((now - t).num_seconds())
            ),
            (n, None) => format!("{n} events"),
        };
        let attention = if s.attention() == 0 {
            "none".to_string()
        } else {
            match s.kept_aside {
                0 => format!("⚠ {} flagged, {} rejected", s.flagged, s.rejected),
                n => format!(
                    "⚠ {} flagged, {} rejected, {n} kept aside",
                    s.flagged, s.rejected
                ),
            }
        };
        let error = s.last_error.as_deref().unwrap_or("none");
        let pick = |warn: bool| if warn { bad } else { text };
        let mut lines = Vec::new();
        lines.extend(d.field("State", s.state.words(), state_style));
        lines.extend(d.field("Last push", &d.when(s.last_push_ok), text));
        lines.extend(d.field("Last pull", &d.when(s.last_pull_ok), text));
        lines.extend(d.field("Next retry", &retry, text));
        lines.extend(d.field("Last error", error, pick(s.last_error.is_some())));
        lines.extend(d.field("Clock", &skew, pick(s.skew_warning())));
        lines.extend(d.field("Queued here", &queued, text));
        let session = format!("↑ {} sent · ↓ {} received", s.pushed, s.pulled);
        lines.extend(d.field("This session", &session, text));
        lines.extend(d.field("Flagged/rejected", &attention, pick(s.attention() > 0)));
        if let Some(note) = &self.note {
            lines.extend(d.indented(note, 1, theme.key));
        }
        lines
    }

    fn setup(&self, d: &Draw<'_, '_>) -> Vec<Line<'static>> {
        let theme = d.ctx.theme;
        let heading = if self.snapshot.state == SyncState::NoServer {
            "No sync server is set: this counter works alone. To share sales and stock \
             between counters, set up a galla-server:"
        } else {
            "A server is set but this counter is not enrolled with it yet:"
        };
        let mut lines = vec![
            Line::from(Span::styled(" Sync".to_string(), theme.header)),
            Line::from(""),
        ];
        lines.extend(d.indented(heading, 1, theme.text));
        lines.push(Line::from(""));
        for step in SETUP {
            lines.push(Line::from(Span::styled(format!(" {step}"), theme.text)));
        }
        if let Some(note) = &self.note {
            lines.push(Line::from(""));
            lines.extend(d.indented(note, 1, theme.key));
        }
        lines
    }

    fn item(&self, row: &AttentionRow, d: &Draw<'_, '_>) -> ListItem<'static> {
        let theme = d.ctx.theme;
        let at = row.occurred_at.map_or_else(
            || "—".to_string(),
            |t| t.with_timezone(&d.ctx.tz).format("%d %b %H:%M").to_string(),
        );
        let mut lines = vec![Line::from(vec![
            Span::styled(format!(" ⚠ {:<8} ", row.state), theme.error),
            Span::styled(
                format!("{:<12} {at}  #{}", row.kind, row.device_seq),
                theme.text,
            ),
        ])];
        lines.extend(d.indented(&row.reason, 3, theme.text));
        let todo = format!("→ {}", advice(&row.state, &row.kind, &row.reason));
        lines.extend(d.indented(&todo, 3, theme.dim));
        ListItem::new(lines)
    }
}

impl Pane for SyncPane {
    fn title(&self) -> &'static str {
        "Sync"
    }

    fn scope(&self) -> Scope {
        Scope::Sync
    }

    fn accepts_char(&self, _c: char) -> bool {
        false
    }

    fn on_char(&mut self, _c: char, _at: Option<u64>) -> Vec<Effect> {
        Vec::new()
    }

    fn on_edit_key(&mut self, _key: KeyEvent) -> Option<Vec<Effect>> {
        None
    }

    fn on_command(&mut self, command: Command) -> Option<Vec<Effect>> {
        self.command(command)
    }

    fn on_show(&self) -> Vec<Effect> {
        vec![Effect::LoadAttention]
    }

    fn render(&self, frame: &mut Frame<'_>, area: Rect, ctx: &RenderCtx<'_>) {
        let d = Draw {
            ctx,
            width: usize::from(area.width),
        };
        // The list shows even without a server: rows from an earlier one stay.
        let (details, list) = if self.has_server() {
            (self.details(&d), true)
        } else {
            (self.setup(&d), !self.rows.is_empty())
        };
        let top = (details.len() as u16 + 1).min(area.height);
        frame.render_widget(
            Paragraph::new(details),
            Rect {
                height: top,
                ..area
            },
        );
        let rest = Rect {
            y: area.y + top,
            height: area.height - top,
            ..area
        };
        if rest.height < 2 || !list {
            return;
        }
        let heading = if self.rows.is_empty() {
            " Needs attention: nothing — every event sent was accepted.".to_string()
        } else {
            format!(" Needs attention ({}) — ↑↓ to move", self.rows.len())
        };
        frame.render_widget(
            Paragraph::new(Span::styled(heading, ctx.theme.header)),
            Rect { height: 1, ..rest },
        );
        let items: Vec<ListItem<'static>> = self.rows.iter().map(|r| self.item(r, &d)).collect();
        let list = List::new(items).highlight_style(ctx.theme.selected);
        let mut state =
            ListState::default().with_selected((!self.rows.is_empty()).then_some(self.selected));
        let list_area = Rect {
            y: rest.y + 1,
            height: rest.height - 1,
            ..rest
        };
        frame.render_stateful_widget(list, list_area, &mut state);
    }

    fn cursor(&self, _area: Rect) -> Option<(u16, u16)> {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::wrap;

    #[test]
    fn wraps_at_spaces_and_cuts_long_words() {
        assert_eq!(wrap("one two three", 9), vec!["one two", "three"]);
        assert_eq!(wrap("", 9), vec![""]);
        assert_eq!(
            wrap("http://10.0.0.5:8080/v1/sync", 10),
            vec!["http://10.", "0.0.5:8080", "/v1/sync"]
        );
        assert_eq!(wrap("कुर्ता x", 8), vec!["कुर्ता x"]);
    }
}
