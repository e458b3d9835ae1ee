//! Migration 17: the outbox and the stock history made smaller.
//!
//! - The outbox is one B-tree keyed by (state, device_seq), its state a
//!   code ([`state`]): the sync task's "pending rows in order", the Sync
//!   pane's flagged and refused rows and each count are ranges of the key,
//!   so it needs no index besides (it had three: the rows, a unique index on
//!   `event_seq` that nothing looked up, and one on every row's state). A
//!   query that looks a row up by `device_seq` alone names every state
//!   (`state IN (0, 1, 2, 3)`), which SQLite reads as four seeks.
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
//!   and in the time index; its payload is packed again without the
//!   dictionary's id in the frame (`packed`: 4 bytes an event), its kind is
//!   a code (`packed::kind_code`) instead of a name; whether it
//!   was made here is 1 or 0 (which
//!   SQLite keeps in the row's header alone) instead of a word.
//!

use rusqlite::{OptionalExtension, Transaction};

use super::Result;

/// The outbox's states as stored (migration 17 spells the same codes out).
pub(crate) mod state {
    /// Not yet sent, or to be sent again.
    pub(crate) const PENDING: i64 = 0;
    /// The server has it.
    pub(crate) const ACKED: i64 = 1;
    /// The server has it, with a question for the shop.
    pub(crate) const FLAGGED: i64 = 2;
    /// The server refused it.
    pub(crate) const REJECTED: i64 = 3;
}

/// A table that numbers ids (`n INTEGER PRIMARY KEY, id UNIQUE`).
#[derive(Clone, Copy)]
pub(crate) enum Numbering {
    /// `envelope_ids`: the events' counters, people and places (16 bytes).
    Envelope,
    /// `report_ids`: the projections' items, places, parties... (text),
    /// renumbered by a rebuild.
    Report,
}

/// The number `numbering` gives `id`, given now if it has none yet (call
/// inside the write transaction that uses it).
pub(crate) fn numbered_tx(
    tx: &Transaction<'_>,
    numbering: Numbering,
    id: impl rusqlite::ToSql,
) -> Result<i64> {
    let (find, add) = match numbering {
        Numbering::Envelope => (
            "SELECT n FROM envelope_ids WHERE id = ?1",
            "INSERT INTO envelope_ids (id) VALUES (?1)",
        ),
        Numbering::Report => (
            "SELECT n FROM report_ids WHERE id = ?1",
            "INSERT INTO report_ids (id) VALUES (?1)",
        ),
    };
    let known = tx
        .prepare_cached(find)?
        .query_row([&id], |r| r.get(0))
        .optional()?;
    if let Some(n) = known {
        return Ok(n);
    }
    tx.prepare_cached(add)?.execute([&id])?;
    Ok(tx.last_insert_rowid())
}

/// The number `envelope_ids` gives an event's counter, person or place.
pub(crate) fn envelope_n_tx(tx: &Transaction<'_>, id: uuid::Uuid) -> Result<i64> {
    numbered_tx(tx, Numbering::Envelope, id)
}

/// The highest `device_seq` this counter has given (0: none), as an SQL
/// expression: the largest of each state's largest, each a seek into the
/// outbox's key. Rows of an earlier identity are negative (`identity`).
macro_rules! own_head_sql {
    () => {
        "max(0, coalesce((SELECT max(device_seq) FROM outbox WHERE state = 0), 0),
                coalesce((SELECT max(device_seq) FROM outbox WHERE state = 1), 0),
                coalesce((SELECT max(device_seq) FROM outbox WHERE state = 2), 0),
                coalesce((SELECT max(device_seq) FROM outbox WHERE state = 3), 0))"
    };
}
pub(crate) use own_head_sql;

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
    type           INTEGER NOT NULL,
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
SELECT e.seq, e.event_id, d.n, e.device_seq, galla_code(e.type), e.schema_version,
       galla_ms(e.occurred_at),
       a.n, l.n,
       galla_repack(e.payload), e.origin = 'local', e.approved_by
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
    state      INTEGER NOT NULL DEFAULT 0 CHECK (state BETWEEN 0 AND 3),
    device_seq INTEGER NOT NULL,
    event_seq  INTEGER NOT NULL REFERENCES events (seq),
    server_seq INTEGER,
    attempts   INTEGER NOT NULL DEFAULT 0,
    last_error TEXT,
    updated_at TEXT,
    PRIMARY KEY (state, device_seq)
) WITHOUT ROWID;
INSERT INTO outbox (state, device_seq, event_seq, server_seq, attempts, last_error, updated_at)
SELECT CASE state WHEN 'pending' THEN 0 WHEN 'acked' THEN 1 WHEN 'flagged' THEN 2
                  WHEN 'rejected' THEN 3 END,
       device_seq, event_seq, server_seq, attempts, last_error, updated_at
  FROM outbox_kept ORDER BY 1, 2;
DROP TABLE outbox_kept;

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

    use crate::store::schema::plan;

    #[test]
    fn the_outbox_is_read_by_its_key_never_scanned() {
        for sql in [
            concat!("SELECT ", own_head_sql!()),
            "SELECT event_seq FROM outbox WHERE state = 0 AND device_seq > 5 ORDER BY device_seq",
            "SELECT event_seq FROM outbox WHERE state IN (0, 1, 2, 3) AND device_seq = 5",
            "SELECT device_seq FROM outbox WHERE state IN (2, 3) ORDER BY device_seq LIMIT 9",
        ] {
            let plan = plan(sql);
            assert!(!plan.contains("SCAN outbox"), "{sql}: {plan}");
            assert!(plan.contains("SEARCH outbox"), "{sql}: {plan}");
        }
    }

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
