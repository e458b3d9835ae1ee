//! Every projection in memory, built by applying deltas: `galla check`
//! folds all events into one `Projections`, loads the stored tables into
//! another, and prints [`Projections::diff`]. Each projection is one module
//! here (its struct, its apply, its part of the diff) and one module in
//! `store::projection` (its SQL apply and its loader): the catalogue, the
//! stock, the bills, the books, the khata, the staff, the settings and the
//! reports, with the last-write-wins stamps of every "current value" in the
//! shared [`Registers`] (`lww`). This file only composes them and sends
//! each delta to the module that owns it, as `store::project` does. Every
//! value is a register won by the greatest [`crate::Stamp`], a sum or a
//! set, so the same events in any order give equal projections.

use crate::fold::Delta;

pub mod bills;
pub mod books;
pub mod catalogue;
mod diff;
pub mod khata;
pub mod lww;
pub mod report;
pub mod settings;
pub mod staff;
pub mod stock;

pub use bills::{BillRow, BillsProjection, CreditNoteRow};
pub use books::BooksProjection;
pub use catalogue::{CatalogueProjection, PriceRow};
pub use khata::KhataProjection;
pub use lww::{Register, Registers};
pub use report::ReportProjections;
pub use settings::SettingsProjection;
pub use staff::StaffProjection;
pub use stock::{StockMove, StockProjection};

/// Every projection, in memory.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Projections {
    /// Products, variants, prices, variant status, locations.
    pub catalogue: CatalogueProjection,
    /// Stock per item and place, and its history.
    pub stock: StockProjection,
    /// Bills (the till's view) and credit notes.
    pub bills: BillsProjection,
    /// Cash drawers, book lines and day closes, per counter.
    pub books: BooksProjection,
    /// Parties, balances, khata lines and reminders.
    pub khata: KhataProjection,
    /// People, their status and attendance marks.
    pub staff: StaffProjection,
    /// Shop settings.
    pub settings: SettingsProjection,
    /// The winning stamp of every "current value" register.
    pub registers: Registers,
    /// The facts the reports are summed from.
    pub report: ReportProjections,
}

impl Projections {
    /// Applies the deltas of the event with local sequence number `seq`.
    pub fn apply(&mut self, seq: i64, deltas: &[Delta]) {
        for d in deltas {
            self.apply_one(seq, d);
        }
    }

    /// Sends a delta to the projection that owns it.
    fn apply_one(&mut self, seq: i64, delta: &Delta) {
        match delta {
            Delta::Product(..)
            | Delta::Variant(..)
            | Delta::VariantDetails(..)
            | Delta::VariantActive { .. }
            | Delta::Price { .. }
            | Delta::Location(..) => self.catalogue.apply(delta, &mut self.registers),
            Delta::Party(..) | Delta::PartyBalance { .. } | Delta::Reminder { .. } => {
                self.khata.apply(delta, &mut self.registers)
            }
            Delta::Staff(..) | Delta::StaffActive { .. } | Delta::Attendance { .. } => {
                self.staff.apply(delta, &mut self.registers)
            }
            Delta::Stock { .. } => self.stock.apply(seq, delta),
            Delta::Setting { .. } => self.settings.apply(delta, &mut self.registers),
            Delta::Book { .. } | Delta::DayClosed { .. } => self.books.apply(delta),
            Delta::Bill { .. } | Delta::BillCancelled { .. } | Delta::CreditNote { .. } => {
                self.bills.apply(seq, delta)
            }
            Delta::Report(r) => self.report.apply(seq, r),
        }
    }
}
