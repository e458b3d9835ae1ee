//! The Cashbook pane (Alt+4): this counter's cash book for a day — each cash
//! line with the drawer's running balance, UPI and card into the bank, the
//! expected drawer — with cash in, cash out and the day's close a key each,
//! and the days before one key away. `state` is the pure component; `view`
//! draws it.

mod state;
mod view;

pub use state::{CashForm, CashbookPane};
