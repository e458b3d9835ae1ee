//! The Settings pane (Alt+9): every setting the shop's counters share —
//! name, address, GSTIN, bill prefix, receipt lines, policies — with its
//! value, filtered as you type; Enter changes one in a small form checked
//! by the same rules as `galla settings set` (a refused value says why and
//! changes nothing), and the change is a SETTINGS_CHANGED event that syncs.
//! Tab shows what belongs to this machine alone (config.toml), read-only.
//! `state` is the pure component; `view` draws it.

mod state;
mod view;

pub use state::{SettingRow, SettingsPane};
