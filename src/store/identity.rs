//! A database's identity as a counter, when it changes: a copy of an
//! enrolled counter's database (a new PC set up from the old one's file) is
//! told apart by the server at enrollment and given an id of its own. From
//! then on its events are the new counter's, numbered from 1; the
//! original's events it holds stay the original's — the original sends its
//! own, and they come back here by pull like any other counter's. The
//! original's events the server refused stay in the outbox as refused, at
//! negative numbers (never sent again; their stock stays withdrawn).

use galla_domain::DeviceId;
use rusqlite::TransactionBehavior;

use super::{Result, Store, StoreError};

/// What becoming a new counter changed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Renamed {
    /// The id this database had (the original counter's).
    pub was: DeviceId,
    /// Events of the original that it had not sent yet when the file was
    /// copied: they stay for the original to send.
    pub left_to_original: u64,
}

impl Store {
    /// Makes this database counter `id` (see the module header).
    pub fn become_new_counter(&mut self, id: DeviceId) -> Result<Renamed> {
        if self.is_read_only() {
            return Err(StoreError::ReadOnly);
        }
        let was = self.device_id;
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let unsent: i64 = tx.query_row("SELECT COUNT(*) FROM outbox WHERE state = 0", [], |r| {
            r.get(0)
        })?;
        // What the server refused stays refused (its stock stays withdrawn),
        // kept at negative numbers so this counter's own start again at 1.
        tx.execute("DELETE FROM outbox WHERE state IN (0, 1, 2)", [])?;
        tx.execute(
            "UPDATE outbox SET device_seq = -device_seq WHERE state = 3 AND device_seq > 0",
            [],
        )?;
        tx.execute(
            "UPDATE meta SET value = ?1 WHERE key = 'device_id'",
            [id.to_string()],
        )?;
        tx.commit()?;
        self.device_id = id;
        Ok(Renamed {
            was,
            left_to_original: unsent.unsigned_abs(),
        })
    }
}
