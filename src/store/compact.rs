//! Migration 17: the outbox and the stock history made smaller.
//!
//! - The outbox loses the unique index on `event_seq` (nothing looks an
//!   outbox row up by its event) and its index on every row's state: two
//!   partial indexes keep only what the sync task and the Sync pane look
//!   for — the pending rows in order, and the few flagged or refused ones.
//!   A synced counter's outbox then has next to no index at all.
//! - The stock history names items and places by this file's local
//!   numbers (`report_ids`, the numbers the report tables use), and its
//!   kind by a small code (`MoveKind::code`), instead of 16-byte ids and
//!   words: a row is about a third of what it was.
//!
//! - The events name their counter, person and place by a number of this
//!   file (`envelope_ids`: a handful of rows, append-only like the events)
//!   instead of three 16-byte ids on every row, and the (counter,
//!   device_seq) index shrinks with them. The ids are read back through
//!   subqueries (`envelope_id!`), so an event leaves the store as it
//!   came in. Its time is kept as milliseconds since 1970 UTC (the
//!   precision the text always had) instead of 24 characters, in the row
//!   and in the time index; whether it was made here is 1 or 0 (which
//!   SQLite keeps in the row's header alone) instead of a word.
//!
//! The queries that read the outbox name their partial index (`INDEXED BY`)
//! and repeat its condition, as SQLite only uses a partial index whose
//! condition appears in the query: a query that could not use it fails to
//! prepare instead of scanning every row.

use rusqlite::{OptionalExtension, Transaction};

use super::Result;

/// The number `envelope_ids` gives `id`, given now if it has none yet
/// (call inside the write transaction that stores the event).
pub(crate) fn envelope_n_tx(tx: &Transaction<'_>, id: uuid::Uuid) -> Result<i64> {
    let known = tx
        .prepare_cached("SELECT n FROM envelope_ids WHERE id = ?1")?
        .query_row([id], |r| r.get(0))
        .optional()?;
    if let Some(n) = known {
        return Ok(n);
    }
    tx.prepare_cached("INSERT INTO envelope_ids (id) VALUES (?1)")?
        .execute([id])?;
    Ok(tx.last_insert_rowid())
}

/// The id behind an events row's number column, as a subquery (`column`
/// is `device_n`, `actor_n` or `location_n`, optionally qualified).
macro_rules! envelope_id {
    ($column:literal) => {
        concat!("(SELECT id FROM envelope_ids WHERE n = ", $column, ")")
    };
}
pub(crate) use envelope_id;

/// Migration 17 (see the module header).
pub(crate) const MIGRATION: &str = r#"
CREATE TEMP TABLE outbox_kept AS SELECT * FROM outbox;
DROP TABLE outbox;

CREATE TABLE envelope_ids (
    n  INTEGER PRIMARY KEY,
    id BLOB NOT NULL UNIQUE CHECK (length(id) = 16)
);
CREATE TRIGGER envelope_ids_no_update BEFORE UPDATE ON envelope_ids
BEGIN
    SELECT RAISE(ABORT, 'the numbers the events use for ids never change');
END;
CREATE TRIGGER envelope_ids_no_delete BEFORE DELETE ON envelope_ids
BEGIN
    SELECT RAISE(ABORT, 'the numbers the events use for ids never change');
END;
INSERT INTO envelope_ids (id)
    SELECT device_id FROM events
    UNION SELECT actor_id FROM events
    UNION SELECT location_id FROM events WHERE location_id IS NOT NULL;

CREATE TABLE events_v17 (
    seq            INTEGER PRIMARY KEY,
    event_id       BLOB NOT NULL UNIQUE CHECK (length(event_id) = 16),
    device_n       INTEGER NOT NULL REFERENCES envelope_ids (n),
    device_seq     INTEGER NOT NULL CHECK (device_seq > 0),
    type           TEXT NOT NULL,
    schema_version INTEGER NOT NULL,
    occurred_at    INTEGER NOT NULL,
    actor_n        INTEGER NOT NULL REFERENCES envelope_ids (n),
    location_n     INTEGER REFERENCES envelope_ids (n),
    payload        BLOB NOT NULL,
    local          INTEGER NOT NULL CHECK (local IN (0, 1)),
    approved_by    BLOB CHECK (length(approved_by) = 16),
    UNIQUE (device_n, device_seq)
);
INSERT INTO events_v17 (seq, event_id, device_n, device_seq, type, schema_version, occurred_at,
                        actor_n, location_n, payload, local, approved_by)
SELECT e.seq, e.event_id, d.n, e.device_seq, e.type, e.schema_version, galla_ms(e.occurred_at),
       a.n, l.n,
       e.payload, e.origin = 'local', e.approved_by
  FROM events e
  JOIN envelope_ids d ON d.id = e.device_id
  JOIN envelope_ids a ON a.id = e.actor_id
  LEFT JOIN envelope_ids l ON l.id = e.location_id
 ORDER BY e.seq;
DROP TABLE events;
ALTER TABLE events_v17 RENAME TO events;
CREATE INDEX events_time ON events (occurred_at);
CREATE TRIGGER events_no_update BEFORE UPDATE ON events
BEGIN
    SELECT RAISE(ABORT, 'events are append-only: correct a mistake with a new event');
END;
CREATE TRIGGER events_no_delete BEFORE DELETE ON events
BEGIN
    SELECT RAISE(ABORT, 'events are append-only: correct a mistake with a new event');
END;

CREATE TABLE outbox (
    device_seq INTEGER PRIMARY KEY,
    event_seq  INTEGER NOT NULL REFERENCES events (seq),
    state      TEXT NOT NULL DEFAULT 'pending'
               CHECK (state IN ('pending', 'acked', 'flagged', 'rejected')),
    server_seq INTEGER,
    attempts   INTEGER NOT NULL DEFAULT 0,
    last_error TEXT,
    updated_at TEXT
);
INSERT INTO outbox SELECT device_seq, event_seq, state, server_seq, attempts, last_error,
                          updated_at
  FROM outbox_kept ORDER BY device_seq;
DROP TABLE outbox_kept;
CREATE INDEX outbox_pending ON outbox (device_seq) WHERE state = 'pending';
CREATE INDEX outbox_trouble ON outbox (state, device_seq)
    WHERE state IN ('flagged', 'rejected');

INSERT OR IGNORE INTO report_ids (id)
    SELECT DISTINCT galla_id_text(variant_id) FROM stock_moves;
INSERT OR IGNORE INTO report_ids (id)
    SELECT DISTINCT galla_id_text(location_id) FROM stock_moves;
CREATE TABLE stock_moves_v17 (
    variant_n  INTEGER NOT NULL,
    seq        INTEGER NOT NULL,
    location_n INTEGER NOT NULL,
    kind       INTEGER NOT NULL,
    qty_milli  INTEGER NOT NULL,
    PRIMARY KEY (variant_n, seq, location_n, kind)
) WITHOUT ROWID;
INSERT INTO stock_moves_v17 (variant_n, seq, location_n, kind, qty_milli)
SELECT v.n, m.seq, l.n,
       CASE m.kind WHEN 'purchase' THEN 1 WHEN 'sale' THEN 2 WHEN 'return' THEN 3
                   WHEN 'cancel' THEN 4 WHEN 'transfer out' THEN 5 WHEN 'transfer in' THEN 6
                   WHEN 'adjustment' THEN 7 WHEN 'supplier return' THEN 8 END,
       m.qty_milli
  FROM stock_moves m
  JOIN report_ids v ON v.id = galla_id_text(m.variant_id)
  JOIN report_ids l ON l.id = galla_id_text(m.location_id)
 ORDER BY 1, 2, 3, 4;
DROP TABLE stock_moves;
ALTER TABLE stock_moves_v17 RENAME TO stock_moves;
"#;

#[cfg(test)]
mod tests {
    use galla_domain::MoveKind;

    #[test]
    fn the_migration_spells_each_movement_as_the_domain_codes_it() {
        let conn = rusqlite::Connection::open_in_memory().expect("memory");
        let start = super::MIGRATION.find("CASE m.kind").expect("the CASE");
        let end = super::MIGRATION[start..].find(" END").expect("its END") + start + 4;
        let case = super::MIGRATION[start..end].replace("m.kind", "?1");
        for kind in MoveKind::ALL {
            let code: Option<i64> = conn
                .query_row(&format!("SELECT {case}"), [kind.as_str()], |r| r.get(0))
                .expect("case");
            assert_eq!(code, Some(i64::from(kind.code())), "{kind:?}");
            assert_eq!(MoveKind::from_code(i64::from(kind.code())), Some(kind));
        }
    }
}
