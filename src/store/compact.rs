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
//! The queries that read the outbox name their partial index (`INDEXED BY`)
//! and repeat its condition, as SQLite only uses a partial index whose
//! condition appears in the query: a query that could not use it fails to
//! prepare instead of scanning every row.

/// Migration 17 (see the module header).
pub(crate) const MIGRATION: &str = r#"
CREATE TABLE outbox_v17 (
    device_seq INTEGER PRIMARY KEY,
    event_seq  INTEGER NOT NULL REFERENCES events (seq),
    state      TEXT NOT NULL DEFAULT 'pending'
               CHECK (state IN ('pending', 'acked', 'flagged', 'rejected')),
    server_seq INTEGER,
    attempts   INTEGER NOT NULL DEFAULT 0,
    last_error TEXT,
    updated_at TEXT
);
INSERT INTO outbox_v17 SELECT device_seq, event_seq, state, server_seq, attempts, last_error,
                              updated_at
  FROM outbox ORDER BY device_seq;
DROP TABLE outbox;
ALTER TABLE outbox_v17 RENAME TO outbox;
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
