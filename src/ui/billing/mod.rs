//! The Billing pane: the item field (scanner, `3*` quantities, a live pick
//! list), the bill's lines and totals on every keystroke, line edits through
//! small forms, and payment. `state` is the pure component, `entry` reads
//! what was typed, `forms` holds the popup forms, `view` draws it all.

mod entry;
pub mod forms;
mod state;
mod view;

pub use entry::{Entry, parse_entry};
pub use state::{BillingPane, Tone};
pub use view::{draw_payment, draw_prompt};

/// How many rows the pick list shows.
pub const PICK_ROWS: usize = 6;
