//! The Sync pane (F7): the sync task's details — state, last push and pull,
//! next retry, the last error, clock skew, the queue — and the "needs
//! attention" list of flagged and rejected events with what to do about
//! each. `state` is the pure component; `view` draws it. Neither talks to
//! the network or the database: rows arrive as actions, "sync now" leaves
//! as an effect.

mod state;
mod view;

pub use state::{SyncPane, advice};
pub(crate) use view::wrap;
