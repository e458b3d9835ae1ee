//! The application: its state (`App`), the three enums that carry every
//! interaction (`Command`, `Action`, `Effect`), the pure `update`, and the
//! runner that owns the terminal loop and performs effects.

pub mod action;
pub mod command;
pub mod runner;
pub mod searcher;
mod update;

pub use update::update;

use chrono::{DateTime, Utc};

use crate::ui::keymap::{Keymap, Scope};
use crate::ui::pane::Pane;
use crate::ui::popup::Popup;
use crate::ui::stock::StockPane;

/// Which pane is showing.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PaneId {
    /// Stock lookup.
    Stock,
}

impl PaneId {
    /// The panes that exist, in tab order.
    pub const ALL: &'static [PaneId] = &[PaneId::Stock];

    /// The function key shown in the tab bar.
    pub fn key_label(self) -> &'static str {
        match self {
            PaneId::Stock => "F3",
        }
    }
}

/// Every pane, one named field each.
#[derive(Default)]
pub struct Panes {
    /// The Stock pane.
    pub stock: StockPane,
}

impl Panes {
    /// The Stock pane's tab title.
    pub fn stock_title(&self) -> &'static str {
        self.stock.title()
    }
}

/// What the status bar shows besides the clock.
#[derive(Clone, Debug)]
pub struct Status {
    /// Shop name.
    pub shop: String,
    /// Counter code.
    pub counter: String,
    /// Who is using galla.
    pub user: String,
    /// The shop's time zone.
    pub tz: chrono_tz::Tz,
    /// Started with --read-only.
    pub read_only: bool,
    /// The sync state in words.
    pub sync: String,
}

/// The whole UI state.
pub struct App {
    /// The panes.
    pub panes: Panes,
    /// The pane showing.
    pub active: PaneId,
    /// Popups, the top one last.
    pub popups: Vec<Popup>,
    /// Key bindings.
    pub keymap: Keymap,
    /// Status bar facts.
    pub status: Status,
    /// The clock, moved by ticks (fixed in tests).
    pub now: DateTime<Utc>,
    /// Terminal size (columns, rows).
    pub size: (u16, u16),
    /// Set when the user asked to quit.
    pub quit: bool,
}

impl App {
    /// A new app on the Stock pane.
    pub fn new(keymap: Keymap, status: Status, now: DateTime<Utc>, size: (u16, u16)) -> App {
        let mut app = App {
            panes: Panes::default(),
            active: PaneId::Stock,
            popups: Vec::new(),
            keymap,
            status,
            now,
            size,
            quit: false,
        };
        let _ = app
            .panes
            .stock
            .set_viewport(crate::ui::table_rows(size.1) as usize);
        app
    }

    /// The pane showing.
    pub fn pane(&self) -> &dyn Pane {
        match self.active {
            PaneId::Stock => &self.panes.stock,
        }
    }

    /// The pane showing, for changes.
    pub fn pane_mut(&mut self) -> &mut dyn Pane {
        match self.active {
            PaneId::Stock => &mut self.panes.stock,
        }
    }

    /// The keymap scope keys go to now.
    pub fn scope(&self) -> Scope {
        if self.popups.is_empty() {
            self.pane().scope()
        } else {
            Scope::Popup
        }
    }
}
