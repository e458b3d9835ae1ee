//! The Khata pane (F2): customers and suppliers with what they owe or are
//! owed, filtered as you type and sorted by balance, age or name, with the
//! receivable and payable totals; Enter opens a party's ledger with its
//! running balance. Money got or given, a new party and a reminder are a
//! key each. `state` is the pure component; `view` draws it.

mod state;
mod view;

pub use state::{FormFor, KhataPane, Ledger, MODES, Sort};
