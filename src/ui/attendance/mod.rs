//! The Staff pane (Alt+5; Ctrl+T from any pane to clock in): today's list
//! with the PIN box — type the PIN and Enter, and the person is clocked in
//! or out — the month's grid with days, hours and pay due, and the staff
//! list (Tab cycles them). Forms add or change a person, set a status, or
//! mark a day for one person or everyone; the month sheet prints.
//! `state` is the pure component; `view` draws it.

mod state;
mod view;

pub use state::{AttendancePane, FormFor, View};
