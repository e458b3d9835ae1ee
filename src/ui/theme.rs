//! Colours and marks. Three themes: `auto` (colours), `16` (the 16 ANSI
//! colours only, for old terminals) and `mono` (no colour at all, used when
//! `NO_COLOR` is set): every state that colour shows is also shown by a mark
//! or by bold/reverse, so nothing depends on colour alone.

use ratatui::style::{Color, Modifier, Style};

/// Which palette.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Palette {
    /// Colours (ANSI 16 are enough; they follow the user's terminal scheme).
    Color,
    /// No colour.
    Mono,
}

/// The styles every pane draws with.
#[derive(Clone, Debug)]
pub struct Theme {
    /// Which palette this is.
    pub palette: Palette,
    /// Plain text.
    pub text: Style,
    /// Secondary text (hints, units).
    pub dim: Style,
    /// Titles and headers.
    pub header: Style,
    /// The selected row.
    pub selected: Style,
    /// The active tab.
    pub tab_active: Style,
    /// The status bar.
    pub status: Style,
    /// Low stock rows.
    pub low: Style,
    /// Negative stock.
    pub negative: Style,
    /// Errors.
    pub error: Style,
    /// Key names in hints.
    pub key: Style,
    /// Money the shop will get (a customer's dues).
    pub get: Style,
    /// Money the shop will give (a supplier's dues, an advance held).
    pub give: Style,
}

impl Theme {
    /// The colour theme.
    pub fn color() -> Theme {
        Theme {
            palette: Palette::Color,
            text: Style::default(),
            dim: Style::default().fg(Color::DarkGray),
            header: Style::default()
                .fg(Color::Cyan)
                .add_modifier(Modifier::BOLD),
            selected: Style::default()
                .bg(Color::Blue)
                .fg(Color::White)
                .add_modifier(Modifier::BOLD),
            tab_active: Style::default()
                .bg(Color::Cyan)
                .fg(Color::Black)
                .add_modifier(Modifier::BOLD),
            status: Style::default().bg(Color::DarkGray).fg(Color::White),
            low: Style::default()
                .fg(Color::Yellow)
                .add_modifier(Modifier::BOLD),
            negative: Style::default().fg(Color::Red).add_modifier(Modifier::BOLD),
            error: Style::default().fg(Color::Red).add_modifier(Modifier::BOLD),
            key: Style::default().fg(Color::Yellow),
            get: Style::default().fg(Color::Green),
            give: Style::default().fg(Color::Red),
        }
    }

    /// No colour: bold, reverse and marks only.
    pub fn mono() -> Theme {
        let bold = Style::default().add_modifier(Modifier::BOLD);
        Theme {
            palette: Palette::Mono,
            text: Style::default(),
            dim: Style::default(),
            header: bold,
            selected: Style::default().add_modifier(Modifier::REVERSED),
            tab_active: Style::default().add_modifier(Modifier::REVERSED | Modifier::BOLD),
            status: Style::default().add_modifier(Modifier::REVERSED),
            low: bold,
            negative: bold,
            error: bold,
            key: bold,
            get: Style::default(),
            give: bold,
        }
    }

    /// The theme for a config setting ("auto", "16", "mono"), honouring `NO_COLOR`.
    pub fn pick(setting: &str, no_color: bool) -> Theme {
        if no_color || setting == "mono" {
            Theme::mono()
        } else {
            Theme::color()
        }
    }
}
