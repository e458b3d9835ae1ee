//! The last-write-wins registers (`lww`): for each "current value" (a
//! product, a variant's details or status, a location, a party, a person, a
//! person's status, a setting) the stamp of the write that holds it. A write
//! changes the value only when its stamp beats the one recorded, so the
//! tables do not depend on the order events arrive in. The stored twin of the
//! domain's `projection::lww` (one shared `Registers`, as here one table),
//! with its loader for `galla check`.

use galla_domain::{Register, Registers, Stamp};
use rusqlite::{Connection, Transaction, params};

use super::rows::{collect, stamp_col};
use crate::store::{Result, StoreError};

/// Whether a write at `stamp` wins `register` for `key`; records it if so.
pub(crate) fn wins_tx(
    tx: &Transaction<'_>,
    register: Register,
    key: &str,
    stamp: Stamp,
) -> Result<bool> {
    let changed = tx
        .prepare_cached(
            "INSERT INTO lww (register, key, stamp) VALUES (?1, ?2, ?3)
             ON CONFLICT (register, key) DO UPDATE SET stamp = excluded.stamp
             WHERE excluded.stamp > lww.stamp",
        )?
        .execute(params![register.as_str(), key, &stamp.to_bytes()[..]])?;
    Ok(changed == 1)
}

/// Reads the recorded stamps into `registers`.
pub(crate) fn load(conn: &Connection, registers: &mut Registers) -> Result<()> {
    for (register, key, stamp) in collect(conn, "SELECT register, key, stamp FROM lww", |r| {
        let register: String = r.get(0)?;
        Ok((register, r.get::<_, String>(1)?, stamp_col(r, 2)?))
    })? {
        let register = Register::parse(&register)
            .ok_or_else(|| StoreError::Invalid(format!("unknown stored register {register:?}")))?;
        registers.stamps.insert((register, key), stamp);
    }
    Ok(())
}
