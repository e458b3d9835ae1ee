//! The one table of panes. Each row names a pane's id, its field in
//! `Panes` and type, the command that shows it (its key is what the tab bar
//! shows), its keymap scope, whether a read-only galla (staff over SSH)
//! may open it, and whether the tab bar always shows it (a back-office pane
//! joins the tab bar only while it is open, so the counter's tabs keep
//! their key names at 80 columns; its key is in help). The tab bar, the `go-…` commands, next/previous pane,
//! help's "this pane" and key routing all read this table, so a new pane
//! is its own module under `ui/` plus one row here.

use super::command::Command;
use crate::ui::attendance::AttendancePane;
use crate::ui::audit::AuditPane;
use crate::ui::billing::BillingPane;
use crate::ui::cashbook::CashbookPane;
use crate::ui::keymap::Scope;
use crate::ui::khata::KhataPane;
use crate::ui::pane::Pane;
use crate::ui::reports::ReportsPane;
use crate::ui::settings::SettingsPane;
use crate::ui::stock::StockPane;
use crate::ui::sync_pane::SyncPane;

macro_rules! pane_table {
    ($( $(#[$doc:meta])* $id:ident => $field:ident: $ty:ty,
        go $go:ident, scope $scope:ident, read_only $ro:expr, tabbed $tab:expr; )*) => {
        /// Which pane is showing.
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        pub enum PaneId { $( $(#[$doc])* $id, )* }

        impl PaneId {
            /// The panes, in tab order.
            pub const ALL: &'static [PaneId] = &[$(PaneId::$id),*];

            /// The command that shows this pane (its key is in the tab bar).
            pub fn go_command(self) -> Command {
                match self { $(PaneId::$id => Command::$go,)* }
            }

            /// The pane a `go-…` command shows.
            pub fn for_command(command: Command) -> Option<PaneId> {
                PaneId::ALL.iter().copied().find(|p| p.go_command() == command)
            }

            /// The pane's own keymap scope (a form open over it has its own).
            pub fn scope(self) -> Scope {
                match self { $(PaneId::$id => Scope::$scope,)* }
            }

            /// Whether a read-only galla may show it.
            pub fn read_only(self) -> bool {
                match self { $(PaneId::$id => $ro,)* }
            }

            /// Whether the tab bar always shows it (else only while open).
            pub fn always_tabbed(self) -> bool {
                match self { $(PaneId::$id => $tab,)* }
            }
        }

        /// Every pane, one named field each.
        #[derive(Default)]
        pub struct Panes { $( $(#[$doc])* pub $field: $ty, )* }

        impl Panes {
            /// The pane `id`.
            pub fn get(&self, id: PaneId) -> &dyn Pane {
                match id { $(PaneId::$id => &self.$field,)* }
            }

            /// The pane `id`, for changes.
            pub fn get_mut(&mut self, id: PaneId) -> &mut dyn Pane {
                match id { $(PaneId::$id => &mut self.$field,)* }
            }
        }
    };
}

pane_table! {
    /// Billing at the counter.
    Billing => billing: BillingPane, go GoBilling, scope Billing, read_only false, tabbed true;
    /// Customers' and suppliers' khata.
    Khata => khata: KhataPane, go GoKhata, scope Khata, read_only true, tabbed true;
    /// Stock lookup.
    Stock => stock: StockPane, go GoStock, scope Stock, read_only true, tabbed true;
    /// This counter's cash book.
    Cashbook => cashbook: CashbookPane, go GoCashbook, scope Cashbook, read_only true, tabbed true;
    /// Staff: clocking in, the month's attendance and the staff list.
    Attendance => attendance: AttendancePane, go GoStaff, scope Attendance, read_only true,
        tabbed true;
    /// Reports: the day's sales, khata outstanding, stock, GST.
    Reports => reports: ReportsPane, go GoReports, scope Reports, read_only true, tabbed true;
    /// Sync details and events that need attention.
    Sync => sync: SyncPane, go GoSync, scope Sync, read_only true, tabbed true;
    /// The settings every counter shares, and this machine's.
    Settings => settings: SettingsPane, go GoSettings, scope Settings, read_only true, tabbed true;
    /// Who did what: every event in words.
    Audit => audit: AuditPane, go GoAudit, scope Audit, read_only true, tabbed false;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_pane_has_its_own_command_and_scope() {
        for &p in PaneId::ALL {
            assert_eq!(PaneId::for_command(p.go_command()), Some(p));
            let others = PaneId::ALL.iter().filter(|&&q| q != p);
            assert!(others.clone().all(|q| q.scope() != p.scope()), "{p:?}");
            assert_eq!(Panes::default().get(p).scope(), p.scope(), "{p:?}");
        }
        assert_eq!(PaneId::for_command(Command::Quit), None);
    }
}
