//! The Audit pane (owner and manager): every event with its time, counter,
//! person and a line in words, newest first, filtered by days, person, type
//! and counter (one form, one key), the details of a row on Enter, and the
//! age of the last good backup at the foot. `state` is the pure component;
//! `view` draws it.

mod state;
mod view;

pub use state::AuditPane;
