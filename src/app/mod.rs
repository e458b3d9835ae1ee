//! The application: its state (`App`), the three enums that carry every
//! interaction (`Command`, `Action`, `Effect`), the pure `update`, the one
//! table of panes (`panes`), and the runner that owns the terminal loop and
//! performs effects.

pub mod action;
pub mod audit_work;
pub mod backup_work;
mod billing;
mod books_work;
pub mod command;
mod counter;
pub mod effect;
mod panes;
mod popups;
mod report_work;
pub mod runner;
pub mod searcher;
pub mod session;
mod session_work;
mod settings_work;
mod setup;
pub mod share;
mod staff_work;
pub mod stock_work;
pub mod till;
pub mod till_bills;
mod update;

pub use update::update;

use chrono::{DateTime, Utc};

pub use panes::{PaneId, Panes};

use crate::ui::keymap::{Keymap, Scope};
use crate::ui::pane::Pane;
use crate::ui::popup::Popup;

/// Shop facts billing shows: for the UPI QR and the bill number.
#[derive(Clone, Debug, Default)]
pub struct ShopInfo {
    /// Shop name (the UPI payee name).
    pub name: String,
    /// The shop's UPI ID.
    pub upi_vpa: Option<String>,
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
    /// Shop facts for billing.
    pub shop: ShopInfo,
    /// The number the next bill will get, when known.
    pub next_bill_no: Option<String>,
    /// When the key being handled was read (ms), for scanner bursts.
    pub key_at: Option<u64>,
    /// Who is signed in, and users' settings.
    pub session: session::Session,
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
            shop: ShopInfo::default(),
            next_bill_no: None,
            key_at: None,
            session: session::Session::default(),
        };
        let _ = app
            .panes
            .stock
            .set_viewport(crate::ui::table_rows(size.1) as usize);
        app.panes.billing.keys = app.keymap.clone();
        app.panes.stock.keys = app.keymap.clone();
        app
    }

    /// The pane showing.
    pub fn pane(&self) -> &dyn Pane {
        self.panes.get(self.active)
    }

    /// The pane showing, for changes.
    pub fn pane_mut(&mut self) -> &mut dyn Pane {
        self.panes.get_mut(self.active)
    }

    /// The keymap scope keys go to now.
    pub fn scope(&self) -> Scope {
        match self.popups.last() {
            None => self.pane().scope(),
            Some(p) => p.scope(),
        }
    }

    /// The UPI link for what is left to pay on the open payment form.
    pub fn upi_link(&self) -> Option<String> {
        let Some(Popup::Payment(form)) = self.popups.last() else {
            return None;
        };
        let vpa = self.shop.upi_vpa.as_deref()?;
        let note = self.next_bill_no.as_deref().unwrap_or("bill");
        crate::upi::upi_uri(vpa, &self.shop.name, form.plan.remaining(), note).ok()
    }
}
