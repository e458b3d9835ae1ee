//! Everything drawn: the frame layout (tab bar, pane, key hints, status bar),
//! popups, panes, the keymap and the theme. Only this module uses ratatui's
//! widgets; it reads the app's state and never changes it.

pub mod attendance;
pub mod audit;
pub mod billing;
pub mod cashbook;
pub mod clusters;
pub mod columns;
pub mod entry_form;
pub mod field;
pub mod keymap;
pub mod khata;
pub mod pane;
pub mod popup;
pub mod reader;
pub mod reports;
pub mod settings;
pub mod setup;
pub mod signin;
pub mod stock;
pub mod sync_pane;
pub mod theme;

pub(crate) use sync_pane::wrap as wrap_words;

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::app::command::Command;
use crate::app::{App, PaneId};
use keymap::Scope;
use pane::RenderCtx;
use popup::PopupCtx;
use theme::Theme;

/// Rows the frame uses besides the pane: tab bar, hint line, status bar.
const FRAME_ROWS: u16 = 3;

/// How many table rows the Stock pane shows in a terminal `height` rows tall.
pub fn table_rows(height: u16) -> u16 {
    height
        .saturating_sub(FRAME_ROWS + stock::CHROME_ROWS)
        .max(1)
}

/// The smallest screen galla draws panes on; below it, it says so rather
/// than draw amounts or names that do not fit.
pub const MIN_SIZE: (u16, u16) = (80, 24);

/// Draws the whole screen.
pub fn draw(frame: &mut Frame<'_>, app: &App, theme: &Theme) {
    let [tabs, body, hints, status] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Fill(1),
        Constraint::Length(1),
        Constraint::Length(1),
    ])
    .areas(frame.area());
    let size = frame.area();
    if size.width < MIN_SIZE.0 || size.height < MIN_SIZE.1 {
        let text = format!(
            "terminal too small (needs {}x{}, this one is {}x{}) — make the window larger",
            MIN_SIZE.0, MIN_SIZE.1, size.width, size.height
        );
        let area = Rect {
            height: size.height.saturating_sub(1),
            ..size
        };
        frame.render_widget(
            ratatui::widgets::Paragraph::new(text)
                .style(theme.error)
                .wrap(ratatui::widgets::Wrap { trim: true }),
            area,
        );
        draw_status(frame, status, app, theme);
        clusters::split(frame.buffer_mut());
        return;
    }
    draw_tabs(frame, tabs, app, theme);
    let ctx = RenderCtx {
        theme,
        tz: app.status.tz,
        now: app.now,
        last_backup: app.session.last_backup,
    };
    app.pane().render(frame, body, &ctx);
    draw_hints(frame, hints, app, theme);
    draw_status(frame, status, app, theme);
    clusters::split(frame.buffer_mut());
    let pctx = PopupCtx {
        theme,
        keymap: &app.keymap,
        pane_scope: app.pane().scope(),
        pane_popups: app.pane().popup_scopes(),
        tz: app.status.tz,
        upi: app.upi_link(),
        shop: &app.status.shop,
    };
    for p in &app.popups {
        popup::render(p, frame, body, &pctx);
        clusters::split(frame.buffer_mut());
    }
    if app.popups.is_empty()
        && let Some((x, y)) = app.pane().cursor(body)
    {
        frame.set_cursor_position((x, y));
    }
}

fn draw_tabs(frame: &mut Frame<'_>, area: Rect, app: &App, theme: &Theme) {
    let tab = |id: PaneId, with_key: bool| {
        let title = app.panes.get(id).title();
        match app.keymap.hint(Scope::Global, id.go_command()) {
            Some(key) if with_key => format!(" {key} {title} "),
            _ => format!(" {title} "),
        }
    };
    let read_only = if app.status.read_only {
        " READ-ONLY "
    } else {
        ""
    };
    let mut shown: Vec<PaneId> = PaneId::ALL
        .iter()
        .copied()
        .filter(|&id| id.always_tabbed() || id == app.active)
        .collect();
    // Key names go when the tabs would not fit, the rightmost first; the
    // name "galla" goes before the counter's own keys (F1, F2, F3), which
    // go last (help lists all). Then tabs from the right (never the one
    // showing), with "…" saying some are left out: nothing is cut.
    let mut with_key = vec![true; shown.len()];
    let mut brand = true;
    let mut more = false;
    let width = |shown: &[PaneId], with_key: &[bool], brand: bool, more: bool| -> usize {
        shown
            .iter()
            .zip(with_key)
            .map(|(&id, &k)| Line::from(tab(id, k)).width() + 1)
            .sum::<usize>()
            + if brand { 7 } else { 1 }
            + if more { 2 } else { 0 }
            + read_only.len()
    };
    let fits = area.width as usize;
    while width(&shown, &with_key, brand, more) > fits {
        let last_key = with_key.iter().rposition(|k| *k);
        if let Some(i) = last_key.filter(|&i| i >= 3 || !brand) {
            with_key[i] = false;
        } else if brand {
            brand = false;
        } else if let Some(i) = shown.iter().rposition(|&id| id != app.active) {
            shown.remove(i);
            with_key.remove(i);
            more = true;
        } else {
            break;
        }
    }
    let mut spans = vec![if brand {
        Span::styled(" galla ", theme.header)
    } else {
        Span::raw(" ")
    }];
    for (&id, &key) in shown.iter().zip(&with_key) {
        let style = if id == app.active {
            theme.tab_active
        } else {
            theme.text
        };
        spans.push(Span::styled(tab(id, key), style));
        spans.push(Span::raw(" "));
    }
    if more {
        spans.push(Span::raw("… "));
    }
    if app.status.read_only {
        spans.push(Span::styled(read_only, theme.error));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}

fn draw_hints(frame: &mut Frame<'_>, area: Rect, app: &App, theme: &Theme) {
    // Movement keys and "previous" twins are in help; the line keeps the rest,
    // and always ends with help and quit, dropping pane hints that do not fit.
    let skip = [
        Command::Up,
        Command::Down,
        Command::PageUp,
        Command::PageDown,
        Command::First,
        Command::Last,
        Command::PrevLocation,
        Command::PrevPane,
        Command::PrevReport,
    ];
    let hint = |b: &keymap::Binding| (b.key.to_string(), b.desc.clone(), b.command);
    let mut pane: Vec<(String, String, Command)> = Vec::new();
    let top = app.popups.last();
    for b in app.keymap.bindings(app.scope()) {
        // A popup's keys are exactly its own scope's.
        let useful = top.is_some() || app.pane().offers(b.command);
        if useful && !skip.contains(&b.command) && !pane.iter().any(|h| h.2 == b.command) {
            pane.push(hint(b));
        }
    }
    let mut tail: Vec<(String, String, Command)> = Vec::new();
    for command in [Command::Help, Command::Quit] {
        if let Some(b) = app
            .keymap
            .bindings(Scope::Global)
            .iter()
            .find(|b| b.command == command)
        {
            tail.push(hint(b));
        }
    }
    let width = |hs: &[(String, String, Command)]| -> usize {
        hs.iter()
            .map(|(k, d, _)| Line::from(format!("{k} {d}  ")).width())
            .sum()
    };
    while !pane.is_empty() && width(&pane) + width(&tail) > area.width as usize {
        pane.pop();
    }
    let mut spans: Vec<Span<'static>> = Vec::new();
    for (key, desc, _) in pane.into_iter().chain(tail) {
        spans.push(Span::styled(key, theme.key));
        spans.push(Span::styled(format!(" {desc}  "), theme.dim));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}

fn draw_status(frame: &mut Frame<'_>, area: Rect, app: &App, theme: &Theme) {
    let s = &app.status;
    let clock = app
        .now
        .with_timezone(&s.tz)
        .format("%d %b %H:%M")
        .to_string();
    let right = match app.session.backup_warning(app.now) {
        Some(warning) => format!(" {warning} · {} · {} ", s.sync, clock),
        None => format!(" {} · {} ", s.sync, clock),
    };
    let mut left = format!(" {} · {} · {} ", s.shop, s.counter, s.user);
    // The sync state is live and matters more than the shop's name.
    if Line::from(left.as_str()).width() + Line::from(right.as_str()).width() > area.width as usize
    {
        left = format!(" {} ", s.counter);
    }
    let pad = (area.width as usize)
        .saturating_sub(Line::from(left.as_str()).width() + Line::from(right.as_str()).width());
    let line = Line::from(vec![
        Span::raw(left),
        Span::raw(" ".repeat(pad)),
        Span::raw(right),
    ]);
    frame.render_widget(Paragraph::new(line).style(theme.status), area);
}
