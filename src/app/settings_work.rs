//! The runner's work for the Settings pane: read the shared settings as
//! rows, and change one — checked by `settings::set`, the same rules as
//! `galla settings set`, so a refused value writes nothing. After a change
//! the till's receipt and bill-number facts follow the new settings, and
//! the app is told the settings as they now are.

use crate::app::action::{Action, SettingSaved};
use crate::app::till::TillSetup;
use crate::settings::{self, SETTINGS};
use crate::store::Store;
use crate::ui::settings::SettingRow;

/// Every shared setting with its value.
pub fn load(store: &Store) -> Action {
    match store.shop_settings() {
        Ok(stored) => Action::SettingsLoaded(
            SETTINGS
                .iter()
                .map(|s| {
                    let value = stored.get(s.key);
                    SettingRow {
                        key: s.key,
                        what: s.what,
                        value: settings::shown(value),
                        raw: value.map(|v| settings::shown(Some(v))).unwrap_or_default(),
                    }
                })
                .collect(),
        ),
        Err(e) => Action::EffectFailed(format!("The settings could not be read: {e}")),
    }
}

/// Checks and records `key` as `value`; on success the till follows.
pub fn write(
    store: &mut Store,
    till: &mut TillSetup,
    key: &str,
    value: &str,
    read_only: bool,
) -> Action {
    if read_only {
        return Action::SettingWritten(Err(
            "galla was started read-only (--read-only): settings cannot be changed here".into(),
        ));
    }
    let result = settings::set(store, key, value)
        .map_err(|e| e.to_string())
        .and_then(|v| {
            let stored = store.shop_settings().map_err(|e| e.to_string())?;
            settings::apply_till(&stored, till);
            Ok(SettingSaved {
                text: format!("{key} is now {}", settings::shown(Some(&v))),
                settings: stored,
            })
        });
    Action::SettingWritten(result.map(Box::new))
}
