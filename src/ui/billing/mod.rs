//! The Billing pane: the item field (scanner, `3*` quantities, a live pick
//! list), the bill's lines and totals on every keystroke, line edits through
//! small forms, payment, held bills, customers and today's bills. `state` is
//! the pure component, `entry` reads what was typed, `forms`, `payment` and
//! `lists` hold the popups, `view`, `pay_view` and `lists_view` draw them.

mod entry;
pub mod forms;
pub mod lists;
mod lists_view;
mod park;
mod pay_view;
pub mod payment;
mod place;
pub mod return_pick;
mod state;
mod view;

pub use entry::{BURST_GAP_MS, Entry, MIN_SCAN_LEN, parse_entry};
pub use lists::Customer;
pub use lists_view::{draw_bills, draw_customer, draw_held};
pub use pay_view::draw_payment;
pub use state::{BillingPane, Tone};
pub use view::draw_prompt;

/// How many rows the pick list shows.
pub const PICK_ROWS: usize = 6;
