//! The shop settings every counter shares (`settings`): each key a
//! last-write-wins value — the stored twin of the domain's `projection::settings`,
//! with its loader for `galla check`.

use galla_domain::{Delta, Register, SettingsProjection};
use rusqlite::{Connection, Transaction, params};

use super::lww::wins_tx;
use super::rows::collect;
use crate::store::Result;

/// Applies a `Delta::Setting` (others are not this projection's and change
/// nothing).
pub(crate) fn apply_tx(tx: &Transaction<'_>, delta: &Delta) -> Result<()> {
    if let Delta::Setting { key, value, stamp } = delta
        && wins_tx(tx, Register::Setting, key, *stamp)?
    {
        tx.prepare_cached("INSERT OR REPLACE INTO settings (key, value) VALUES (?1, ?2)")?
            .execute(params![key, value])?;
    }
    Ok(())
}

/// Reads the settings as stored into `s`.
pub(crate) fn load(conn: &Connection, s: &mut SettingsProjection) -> Result<()> {
    for (k, v) in collect(conn, "SELECT key, value FROM settings", |r| {
        Ok((r.get(0)?, r.get(1)?))
    })? {
        s.values.insert(k, v);
    }
    Ok(())
}
