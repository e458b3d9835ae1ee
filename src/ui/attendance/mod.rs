//! The Staff pane (Alt+5; Ctrl+T from any pane to clock in): today's list
//! with the PIN box — type the PIN and Enter, and the person is clocked in
//! or out — and the month's grid with days, hours and pay due (Tab).
//! `state` is the pure component; `view` draws it.

mod state;
mod view;

pub use state::{AttendancePane, View};
