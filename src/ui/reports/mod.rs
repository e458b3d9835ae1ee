//! The Reports pane (Alt+6): pick a report (Tab), a period (today,
//! yesterday, this week, this month, last month in turn, ←/→ for the one
//! before or after, or typed dates), a location or all; the headline
//! figures, a chart and the report's tables. Enter on a product opens its
//! sizes × colours; the reminder is a key away on the Outstanding report.
//! `state` is the pure component; `view` draws it.

mod state;
mod view;

pub use state::{LineKind, ReportsPane, Shown, pane_tables, parse_day};

#[cfg(test)]
mod tests;
