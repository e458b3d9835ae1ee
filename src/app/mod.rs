//! The application: its state (`App`), the three enums that carry every
//! interaction (`Command`, `Action`, `Effect`), the pure `update`, and the
//! runner that owns the terminal loop and performs effects.

pub mod action;
mod billing;
mod books_work;
pub mod command;
mod counter;
mod report_work;
pub mod runner;
pub mod searcher;
mod setup;
pub mod share;
mod staff_work;
pub mod till;
pub mod till_bills;
mod update;

pub use update::update;

use chrono::{DateTime, Utc};

use crate::ui::attendance::AttendancePane;
use crate::ui::billing::BillingPane;
use crate::ui::cashbook::CashbookPane;
use crate::ui::keymap::{Keymap, Scope};
use crate::ui::khata::KhataPane;
use crate::ui::pane::Pane;
use crate::ui::popup::Popup;
use crate::ui::reports::ReportsPane;
use crate::ui::stock::StockPane;
use crate::ui::sync_pane::SyncPane;

/// Which pane is showing.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PaneId {
    /// Billing at the counter.
    Billing,
    /// Stock lookup.
    Stock,
    /// Sync details and events that need attention.
    Sync,
    /// Customers' and suppliers' khata.
    Khata,
    /// This counter's cash book.
    Cashbook,
    /// Staff: clocking in and the month's attendance.
    Attendance,
    /// Reports.
    Reports,
}

impl PaneId {
    /// The panes that exist, in tab order.
    pub const ALL: &'static [PaneId] = &[
        PaneId::Billing,
        PaneId::Khata,
        PaneId::Stock,
        PaneId::Cashbook,
        PaneId::Attendance,
        PaneId::Reports,
        PaneId::Sync,
    ];

    /// The command that shows this pane (its key is shown in the tab bar).
    pub fn go_command(self) -> crate::app::command::Command {
        use crate::app::command::Command;
        match self {
            PaneId::Billing => Command::GoBilling,
            PaneId::Stock => Command::GoStock,
            PaneId::Sync => Command::GoSync,
            PaneId::Khata => Command::GoKhata,
            PaneId::Cashbook => Command::GoCashbook,
            PaneId::Attendance => Command::GoStaff,
            PaneId::Reports => Command::GoReports,
        }
    }
}

/// Every pane, one named field each.
pub struct Panes {
    /// The Billing pane.
    pub billing: BillingPane,
    /// The Stock pane.
    pub stock: StockPane,
    /// The Sync pane.
    pub sync: SyncPane,
    /// The Khata pane.
    pub khata: KhataPane,
    /// The Cashbook pane.
    pub cashbook: CashbookPane,
    /// The Staff (attendance) pane.
    pub attendance: AttendancePane,
    /// The Reports pane.
    pub reports: ReportsPane,
}

impl Default for Panes {
    fn default() -> Self {
        Panes {
            billing: BillingPane::new(galla_domain::Regime::Regular, false),
            stock: StockPane::default(),
            sync: SyncPane::default(),
            khata: KhataPane::default(),
            cashbook: CashbookPane::default(),
            attendance: AttendancePane::default(),
            reports: ReportsPane::default(),
        }
    }
}

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
        };
        let _ = app
            .panes
            .stock
            .set_viewport(crate::ui::table_rows(size.1) as usize);
        app.panes.billing.keys = app.keymap.clone();
        app
    }

    /// The pane showing.
    pub fn pane(&self) -> &dyn Pane {
        match self.active {
            PaneId::Billing => &self.panes.billing,
            PaneId::Stock => &self.panes.stock,
            PaneId::Sync => &self.panes.sync,
            PaneId::Khata => &self.panes.khata,
            PaneId::Cashbook => &self.panes.cashbook,
            PaneId::Attendance => &self.panes.attendance,
            PaneId::Reports => &self.panes.reports,
        }
    }

    /// The pane showing, for changes.
    pub fn pane_mut(&mut self) -> &mut dyn Pane {
        match self.active {
            PaneId::Billing => &mut self.panes.billing,
            PaneId::Stock => &mut self.panes.stock,
            PaneId::Sync => &mut self.panes.sync,
            PaneId::Khata => &mut self.panes.khata,
            PaneId::Cashbook => &mut self.panes.cashbook,
            PaneId::Attendance => &mut self.panes.attendance,
            PaneId::Reports => &mut self.panes.reports,
        }
    }

    /// The keymap scope keys go to now.
    pub fn scope(&self) -> Scope {
        match self.popups.last() {
            None => self.pane().scope(),
            Some(p) if p.is_form() => Scope::Form,
            Some(_) => Scope::Popup,
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
