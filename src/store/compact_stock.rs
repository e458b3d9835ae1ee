//! Migration 19: the stock table keyed by numbers.
//!
//! `stock` keeps one row per item and place. Each row repeated the item's
//! and the place's 36-character ids; it now names both by this file's local
//! numbers (`report_ids`, as the stock history has since migration 17 and
//! the cash book since 18), so a row is a few bytes instead of some 80.
//! The key still begins with the item, so an item's places come together;
//! the till's stock check is a point lookup on both numbers, each read
//! from `report_ids`' unique index on the id.
//!
//! The rows are converted in place (no rebuild): an id not numbered yet
//! gets its number here. `report_ids` is a projection table, numbered
//! anew by a rebuild, which refills `stock` with it.

/// Migration 19 (see the module header).
pub(crate) const MIGRATION: &str = r#"
INSERT OR IGNORE INTO report_ids (id) SELECT DISTINCT variant_id FROM stock;
INSERT OR IGNORE INTO report_ids (id) SELECT DISTINCT location_id FROM stock;
CREATE TABLE stock_v19 (
    variant_n  INTEGER NOT NULL,
    location_n INTEGER NOT NULL,
    qty_milli  INTEGER NOT NULL,
    PRIMARY KEY (variant_n, location_n)
) WITHOUT ROWID;
INSERT INTO stock_v19 (variant_n, location_n, qty_milli)
SELECT v.n, l.n, s.qty_milli
  FROM stock s
  JOIN report_ids v ON v.id = s.variant_id
  JOIN report_ids l ON l.id = s.location_id
 ORDER BY 1, 2;
DROP TABLE stock;
ALTER TABLE stock_v19 RENAME TO stock;
"#;
