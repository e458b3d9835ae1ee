//! The SQLite schema as numbered migrations (rusqlite_migration keeps the
//! number in `user_version`). A shipped migration is never edited: add the
//! next one. `events` is append-only by trigger; sync bookkeeping lives in
//! `outbox`; every other table is a projection that `galla check` rebuilds.

use rusqlite::OptionalExtension;
use rusqlite_migration::{HookError, HookResult, M, Migrations};

const V1: &str = r#"
CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE events (
    seq            INTEGER PRIMARY KEY,
    event_id       TEXT NOT NULL UNIQUE,
    device_id      TEXT NOT NULL,
    device_seq     INTEGER NOT NULL CHECK (device_seq > 0),
    type           TEXT NOT NULL,
    schema_version INTEGER NOT NULL,
    occurred_at    TEXT NOT NULL,
    actor_id       TEXT NOT NULL,
    location_id    TEXT,
    payload        TEXT NOT NULL CHECK (json_valid(payload)),
    origin         TEXT NOT NULL CHECK (origin IN ('local', 'remote')),
    UNIQUE (device_id, device_seq)
);

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
    event_seq  INTEGER NOT NULL UNIQUE REFERENCES events (seq),
    state      TEXT NOT NULL DEFAULT 'pending'
               CHECK (state IN ('pending', 'acked', 'flagged', 'rejected')),
    server_seq INTEGER,
    attempts   INTEGER NOT NULL DEFAULT 0,
    last_error TEXT,
    updated_at TEXT
);
CREATE INDEX outbox_state ON outbox (state, device_seq);

CREATE TABLE products (
    product_id TEXT PRIMARY KEY,
    name       TEXT NOT NULL,
    hsn        TEXT NOT NULL,
    gst_bp     INTEGER NOT NULL,
    price_mode TEXT NOT NULL,
    unit       TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE variants (
    variant_id    TEXT PRIMARY KEY,
    product_id    TEXT NOT NULL,
    sku           TEXT NOT NULL,
    barcode       TEXT,
    size          TEXT,
    colour        TEXT,
    mrp           INTEGER NOT NULL,
    price         INTEGER NOT NULL,
    cost          INTEGER NOT NULL,
    reorder_milli INTEGER NOT NULL
);
CREATE INDEX variants_sku ON variants (sku);
CREATE INDEX variants_barcode ON variants (barcode) WHERE barcode IS NOT NULL;
CREATE INDEX variants_product ON variants (product_id);

CREATE TABLE locations (
    location_id TEXT PRIMARY KEY,
    name        TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE parties (
    party_id     TEXT PRIMARY KEY,
    kind         TEXT NOT NULL,
    name         TEXT NOT NULL,
    phone        TEXT,
    gstin        TEXT,
    state_code   TEXT,
    credit_limit INTEGER NOT NULL
) WITHOUT ROWID;

CREATE TABLE party_balances (
    party_id TEXT PRIMARY KEY,
    balance  INTEGER NOT NULL
) WITHOUT ROWID;

CREATE TABLE staff (
    staff_id TEXT PRIMARY KEY,
    name     TEXT NOT NULL,
    phone    TEXT,
    role     TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE staff_status (
    staff_id TEXT PRIMARY KEY,
    active   INTEGER NOT NULL
) WITHOUT ROWID;

CREATE TABLE stock (
    variant_id  TEXT NOT NULL,
    location_id TEXT NOT NULL,
    qty_milli   INTEGER NOT NULL,
    PRIMARY KEY (variant_id, location_id)
) WITHOUT ROWID;

CREATE TABLE stock_moves (
    seq         INTEGER NOT NULL,
    variant_id  TEXT NOT NULL,
    location_id TEXT NOT NULL,
    qty_milli   INTEGER NOT NULL,
    kind        TEXT NOT NULL
);
CREATE INDEX stock_moves_variant ON stock_moves (variant_id, seq);

CREATE TABLE cash (
    id      INTEGER PRIMARY KEY CHECK (id = 1),
    balance INTEGER NOT NULL
);
INSERT INTO cash (id, balance) VALUES (1, 0);

CREATE TABLE bills (
    bill_id     TEXT PRIMARY KEY,
    bill_no     TEXT NOT NULL,
    seq         INTEGER NOT NULL,
    customer_id TEXT,
    total       INTEGER NOT NULL,
    cancelled   INTEGER NOT NULL DEFAULT 0
) WITHOUT ROWID;

CREATE TABLE attendance (
    staff_id TEXT NOT NULL,
    date     TEXT NOT NULL,
    mark     TEXT NOT NULL,
    PRIMARY KEY (staff_id, date)
) WITHOUT ROWID;

CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) WITHOUT ROWID;
"#;

/// Sync bookkeeping (issue 4): key/values of the client's sync task (pull
/// cursor, ledger epoch, server address, last successful push and pull).
const V2: &str = r#"
CREATE TABLE sync_state (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) WITHOUT ROWID;
"#;

/// Held (parked) bills at this counter (issue 3): local drafts, not business
/// events, kept so they survive a restart. `draft` is the `Draft` as JSON.
const V3: &str = r#"
CREATE TABLE held_bills (
    id          INTEGER PRIMARY KEY,
    held_at     TEXT NOT NULL,
    customer_id TEXT,
    draft       TEXT NOT NULL CHECK (json_valid(draft))
);
"#;

/// The bill being made at this counter (issue 9): one local row, written on
/// every change so a quit, crash, kill -9 or power cut loses nothing; not an
/// event, never synced. `body` is the `OpenBill` as JSON.
const V4: &str = r#"
CREATE TABLE open_bill (
    slot     INTEGER PRIMARY KEY CHECK (slot = 1),
    saved_at TEXT NOT NULL,
    body     TEXT NOT NULL CHECK (json_valid(body))
);
"#;

/// Store v2 (issue 8): projections that do not depend on arrival order.
/// `lww` keeps the winning stamp of every "current value" register and
/// `prices` the price register (a price may arrive before its variant);
/// cash is kept per counter; every attendance mark is kept. The projection
/// tables are then rebuilt from the events (see `rebuild.rs`).
const V5: &str = r#"
CREATE TABLE lww (
    register TEXT NOT NULL,
    key      TEXT NOT NULL,
    stamp    BLOB NOT NULL,
    PRIMARY KEY (register, key)
) WITHOUT ROWID;

CREATE TABLE prices (
    variant_id TEXT PRIMARY KEY,
    price      INTEGER NOT NULL,
    mrp        INTEGER NOT NULL,
    stamp      BLOB NOT NULL
) WITHOUT ROWID;

DROP TABLE cash;
CREATE TABLE cash_drawers (
    device_id TEXT PRIMARY KEY,
    balance   INTEGER NOT NULL
) WITHOUT ROWID;

DROP TABLE attendance;
CREATE TABLE attendance_marks (
    staff_id TEXT NOT NULL,
    date     TEXT NOT NULL,
    stamp    BLOB NOT NULL,
    mark     TEXT NOT NULL,
    PRIMARY KEY (staff_id, date, stamp)
) WITHOUT ROWID;
"#;

/// Pulled events this galla cannot use, kept aside (issue 8): see
/// `quarantine.rs`. `wire` is the event as pulled (JSON), to try again.
const V6: &str = r#"
CREATE TABLE quarantine (
    server_seq  INTEGER PRIMARY KEY,
    event_id    TEXT NOT NULL,
    device_id   TEXT NOT NULL,
    type        TEXT NOT NULL,
    occurred_at TEXT NOT NULL,
    reason      TEXT NOT NULL,
    wire        TEXT NOT NULL CHECK (json_valid(wire)),
    received_at TEXT NOT NULL
);
"#;

/// Khata and cash book (issue 12): every line of a party's khata and of a
/// counter's cash and bank books, keyed by the event's stamp so listings do
/// not depend on arrival order; day closes; reminders sent; and the party
/// details of PARTY_* v2. The projection tables are then rebuilt.
const V7: &str = r#"
ALTER TABLE parties ADD COLUMN address TEXT;
ALTER TABLE parties ADD COLUMN terms_days INTEGER;
ALTER TABLE parties ADD COLUMN notes TEXT;
ALTER TABLE parties ADD COLUMN whatsapp INTEGER NOT NULL DEFAULT 0;

CREATE TABLE khata_lines (
    party_id  TEXT NOT NULL,
    stamp     BLOB NOT NULL,
    at_ms     INTEGER NOT NULL,
    amount    INTEGER NOT NULL,
    why       TEXT NOT NULL,
    mode      TEXT,
    bill_id   TEXT,
    head      TEXT,
    note      TEXT,
    reference TEXT,
    PRIMARY KEY (party_id, stamp)
) WITHOUT ROWID;

CREATE TABLE book_lines (
    device_id TEXT NOT NULL,
    mode      TEXT NOT NULL,
    stamp     BLOB NOT NULL,
    at_ms     INTEGER NOT NULL,
    amount    INTEGER NOT NULL,
    why       TEXT NOT NULL,
    party_id  TEXT,
    bill_id   TEXT,
    head      TEXT,
    note      TEXT,
    reference TEXT,
    PRIMARY KEY (device_id, mode, stamp)
) WITHOUT ROWID;

CREATE TABLE day_closes (
    device_id TEXT NOT NULL,
    date      TEXT NOT NULL,
    stamp     BLOB NOT NULL,
    expected  INTEGER NOT NULL,
    counted   INTEGER NOT NULL,
    PRIMARY KEY (device_id, date, stamp)
) WITHOUT ROWID;

CREATE TABLE reminders (
    party_id TEXT NOT NULL,
    stamp    BLOB NOT NULL,
    amount   INTEGER NOT NULL,
    PRIMARY KEY (party_id, stamp)
) WITHOUT ROWID;
"#;

/// Staff v2 (issue 13): the whole STAFF_CREATED payload (pay, shift,
/// weekly off, PIN hash) beside the columns billing reads.
const V8: &str = r#"
ALTER TABLE staff ADD COLUMN detail TEXT;
"#;

/// Staff and cash book v2 (issue 13): a person on leave, a note on a mark
/// and on a status change, and the person a salary advance was paid to.
const V9: &str = r#"
ALTER TABLE staff_status ADD COLUMN on_leave INTEGER NOT NULL DEFAULT 0;
ALTER TABLE attendance_marks ADD COLUMN note TEXT;
ALTER TABLE book_lines ADD COLUMN staff_id TEXT;
"#;

/// GST documents (issue 10): each bill's document (tax invoice, bill of
/// supply, plain bill), place of supply, registered buyer and time; credit
/// notes (numbered returns) with their tax by rate. The projections are then
/// rebuilt, and each bill series is moved past the highest number already
/// used in it (old demo shops numbered `C1-000001…` outside the series).
const V10: &str = r#"
ALTER TABLE bills ADD COLUMN document TEXT NOT NULL DEFAULT 'tax_invoice';
ALTER TABLE bills ADD COLUMN place_of_supply TEXT;
ALTER TABLE bills ADD COLUMN buyer_gstin TEXT;
ALTER TABLE bills ADD COLUMN at_ms INTEGER NOT NULL DEFAULT 0;

CREATE TABLE credit_notes (
    stamp       BLOB PRIMARY KEY,
    at_ms       INTEGER NOT NULL,
    note_no     TEXT NOT NULL,
    bill_id     TEXT NOT NULL,
    bill_no     TEXT NOT NULL,
    customer_id TEXT,
    refund      INTEGER NOT NULL,
    refund_mode TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX credit_notes_bill ON credit_notes (bill_id);
CREATE INDEX credit_notes_at ON credit_notes (at_ms);

CREATE TABLE credit_note_taxes (
    stamp   BLOB NOT NULL,
    gst_bp  INTEGER NOT NULL,
    taxable INTEGER NOT NULL,
    cgst    INTEGER NOT NULL,
    sgst    INTEGER NOT NULL,
    igst    INTEGER NOT NULL,
    PRIMARY KEY (stamp, gst_bp)
) WITHOUT ROWID;
"#;

/// A new shop from nothing (issue 11; migration number 11 as assigned,
/// after GST's V10): a product's category
/// (PRODUCT_* v2), and whether each variant is still sold
/// (VARIANT_STATUS_CHANGED, a last-write-wins register). The projections
/// are then rebuilt (the hook runs after the last migration).
const V11: &str = r#"
ALTER TABLE products ADD COLUMN category TEXT;

CREATE TABLE variant_status (
    variant_id TEXT PRIMARY KEY,
    active     INTEGER NOT NULL
) WITHOUT ROWID;
"#;

/// Users, approvals and the audit trail (issue 15): who approved an
/// event, and an index on when events happened so the audit trail pages
/// through a big shop by time instead of reading every event.
const V12: &str = r#"
ALTER TABLE events ADD COLUMN approved_by TEXT;
CREATE INDEX events_time ON events (occurred_at);
"#;

/// Reports (issue 14): the facts every report is summed from (see
/// `galla_domain::projection::report`), keyed by the 15-minute slot of UTC
/// time they happened in, so a shop-local day in any time zone is a range
/// of slots. Bills with their lines (a cancel that comes first leaves a
/// placeholder), sums by slot, counter, location and person, sales by
/// slot, variant, location and GST rate, tax invoices' tax by slot, place
/// of supply, registered buyer or not, and rate, returns (credit notes),
/// goods received, and each variant's last sale and receipt. Ids none of
/// these have are '' in keys. The projection tables are then rebuilt from
/// the events (the hook runs after this, the last migration).
const V13: &str = r#"
CREATE TABLE report_bills (
    bill_id      TEXT NOT NULL UNIQUE,
    bill_no      TEXT,
    at_ms        INTEGER,
    slot         INTEGER,
    device_id    TEXT,
    location_id  TEXT,
    actor_id     TEXT,
    customer_id  TEXT,
    supply       TEXT,
    document     TEXT,
    place        TEXT,
    buyer_gstin  TEXT,
    buyer_name   TEXT,
    total        INTEGER,
    round_off    INTEGER,
    discount     INTEGER,
    cash         INTEGER,
    upi          INTEGER,
    card         INTEGER,
    khata        INTEGER,
    lines        TEXT CHECK (lines IS NULL OR json_valid(lines)),
    cancelled_ms INTEGER
);
CREATE INDEX report_bills_slot ON report_bills (slot);
CREATE INDEX report_bills_cancelled ON report_bills (slot) WHERE cancelled_ms IS NOT NULL;

CREATE TABLE report_slots (
    slot         INTEGER NOT NULL,
    device_id    TEXT NOT NULL,
    location_id  TEXT NOT NULL,
    actor_id     TEXT NOT NULL,
    bills        INTEGER NOT NULL,
    total        INTEGER NOT NULL,
    taxable      INTEGER NOT NULL,
    cgst         INTEGER NOT NULL,
    sgst         INTEGER NOT NULL,
    igst         INTEGER NOT NULL,
    discount     INTEGER NOT NULL,
    round_off    INTEGER NOT NULL,
    cash         INTEGER NOT NULL,
    upi          INTEGER NOT NULL,
    card         INTEGER NOT NULL,
    khata        INTEGER NOT NULL,
    returns      INTEGER NOT NULL,
    refund_cash  INTEGER NOT NULL,
    refund_upi   INTEGER NOT NULL,
    refund_card  INTEGER NOT NULL,
    refund_khata INTEGER NOT NULL,
    PRIMARY KEY (slot, device_id, location_id, actor_id)
) WITHOUT ROWID;

CREATE TABLE report_items (
    slot        INTEGER NOT NULL,
    variant_id  TEXT NOT NULL,
    location_id TEXT NOT NULL,
    gst_bp      INTEGER NOT NULL,
    sold_milli  INTEGER NOT NULL,
    taxable     INTEGER NOT NULL,
    cgst        INTEGER NOT NULL,
    sgst        INTEGER NOT NULL,
    igst        INTEGER NOT NULL,
    PRIMARY KEY (slot, variant_id, location_id, gst_bp)
) WITHOUT ROWID;

CREATE TABLE report_tax (
    slot       INTEGER NOT NULL,
    place      TEXT NOT NULL,
    registered INTEGER NOT NULL,
    gst_bp     INTEGER NOT NULL,
    taxable    INTEGER NOT NULL,
    cgst       INTEGER NOT NULL,
    sgst       INTEGER NOT NULL,
    igst       INTEGER NOT NULL,
    PRIMARY KEY (slot, place, registered, gst_bp)
) WITHOUT ROWID;

CREATE TABLE report_returns (
    event_id    TEXT PRIMARY KEY,
    bill_id     TEXT NOT NULL,
    at_ms       INTEGER NOT NULL,
    slot        INTEGER NOT NULL,
    device_id   TEXT NOT NULL,
    location_id TEXT NOT NULL,
    actor_id    TEXT NOT NULL,
    refund      INTEGER NOT NULL,
    refund_mode TEXT NOT NULL,
    lines       TEXT NOT NULL CHECK (json_valid(lines)),
    note_no     TEXT NOT NULL,
    taxes       TEXT NOT NULL CHECK (json_valid(taxes))
);
CREATE INDEX report_returns_slot ON report_returns (slot);

CREATE TABLE report_received (
    slot        INTEGER NOT NULL,
    supplier_id TEXT NOT NULL,
    variant_id  TEXT NOT NULL,
    location_id TEXT NOT NULL,
    qty_milli   INTEGER NOT NULL,
    value       INTEGER NOT NULL,
    PRIMARY KEY (slot, supplier_id, variant_id, location_id)
) WITHOUT ROWID;

CREATE TABLE report_last (
    variant_id  TEXT PRIMARY KEY,
    sold_ms     INTEGER,
    received_ms INTEGER
) WITHOUT ROWID;
"#;

/// The catalogue's version (issue 14's reports keep the catalogue they
/// read until it changes): a counter in `meta` that every change to
/// `products` or `variants`, by any connection, moves on. Triggers, so no
/// write path can forget it.
const V14: &str = r#"
INSERT OR IGNORE INTO meta (key, value) VALUES ('catalogue_version', '0');

CREATE TRIGGER catalogue_products_insert AFTER INSERT ON products BEGIN
    UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'catalogue_version';
END;
CREATE TRIGGER catalogue_products_update AFTER UPDATE ON products BEGIN
    UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'catalogue_version';
END;
CREATE TRIGGER catalogue_products_delete AFTER DELETE ON products BEGIN
    UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'catalogue_version';
END;
CREATE TRIGGER catalogue_variants_insert AFTER INSERT ON variants BEGIN
    UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'catalogue_version';
END;
CREATE TRIGGER catalogue_variants_update AFTER UPDATE ON variants BEGIN
    UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'catalogue_version';
END;
CREATE TRIGGER catalogue_variants_delete AFTER DELETE ON variants BEGIN
    UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'catalogue_version';
END;
"#;

/// Reports, faster and smaller (issue 14's speed; issue 8's "no fact kept
/// twice"): a bill's row keeps where its SALE event is (`seq`) instead of
/// the bill and its lines again, with what the reports pick bills by (the
/// GSTR-1 list it may go to, its total) and partial indexes for the few
/// they pick; the documents issued are summed by slot, series and
/// document. The sales, receipts and last dates of items key variants,
/// locations and suppliers by a number this file gives each id
/// (`report_ids`; 0 for no supplier), so a year's hundreds of thousands
/// of rows are small and the reports index arrays instead of hashing ids;
/// sales are summed by 31-day span as well (`report_item_spans`), so a
/// year reads a row per item and span for its whole spans.
/// The old tables are renamed here; the hook fills the new ones from them
/// (`projection::report_upgrade`) and drops them.
const V16: &str = r#"
CREATE TABLE report_ids (
    n  INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE
);

ALTER TABLE report_items RENAME TO report_items_v13;
CREATE TABLE report_items (
    slot        INTEGER NOT NULL,
    variant_n   INTEGER NOT NULL,
    location_n  INTEGER NOT NULL,
    gst_bp      INTEGER NOT NULL,
    sold_milli  INTEGER NOT NULL,
    taxable     INTEGER NOT NULL,
    cgst        INTEGER NOT NULL,
    sgst        INTEGER NOT NULL,
    igst        INTEGER NOT NULL,
    PRIMARY KEY (slot, variant_n, location_n, gst_bp)
) WITHOUT ROWID;

CREATE TABLE report_item_spans (
    span        INTEGER NOT NULL,
    variant_n   INTEGER NOT NULL,
    location_n  INTEGER NOT NULL,
    gst_bp      INTEGER NOT NULL,
    sold_milli  INTEGER NOT NULL,
    taxable     INTEGER NOT NULL,
    cgst        INTEGER NOT NULL,
    sgst        INTEGER NOT NULL,
    igst        INTEGER NOT NULL,
    PRIMARY KEY (span, variant_n, location_n, gst_bp)
) WITHOUT ROWID;

ALTER TABLE report_received RENAME TO report_received_v13;
CREATE TABLE report_received (
    slot       INTEGER NOT NULL,
    supplier_n INTEGER NOT NULL,
    variant_n  INTEGER NOT NULL,
    location_n INTEGER NOT NULL,
    qty_milli  INTEGER NOT NULL,
    value      INTEGER NOT NULL,
    PRIMARY KEY (slot, supplier_n, variant_n, location_n)
) WITHOUT ROWID;

ALTER TABLE report_last RENAME TO report_last_v13;
CREATE TABLE report_last (
    variant_n   INTEGER PRIMARY KEY,
    sold_ms     INTEGER,
    received_ms INTEGER
);

ALTER TABLE report_bills RENAME TO report_bills_v13;
DROP INDEX report_bills_slot;
DROP INDEX report_bills_cancelled;

CREATE TABLE report_bills (
    bill_id      TEXT PRIMARY KEY,
    seq          INTEGER,
    slot         INTEGER,
    gst_list     INTEGER,
    total        INTEGER,
    cancelled_ms INTEGER
) WITHOUT ROWID;
CREATE INDEX report_bills_cancelled ON report_bills (slot) WHERE cancelled_ms IS NOT NULL;
CREATE INDEX report_bills_listed ON report_bills (slot) WHERE gst_list IS NOT NULL;

CREATE TABLE report_docs (
    slot         INTEGER NOT NULL,
    series       TEXT NOT NULL,
    document     TEXT NOT NULL,
    bills        INTEGER NOT NULL,
    first_serial INTEGER NOT NULL,
    first_no     TEXT NOT NULL,
    last_serial  INTEGER NOT NULL,
    last_no      TEXT NOT NULL,
    PRIMARY KEY (slot, series, document)
) WITHOUT ROWID;
"#;

/// The `user_version` of a fully migrated database.
pub const LATEST: i64 = 20;

/// The projections need a full rebuild at the end of the migrations: set
/// by migration 13 (the report tables it makes are empty), done by the
/// hook of the last one.
const REBUILD_MARK: &str = "rebuild_projections";

fn mark_rebuild(tx: &rusqlite::Transaction<'_>) -> HookResult {
    tx.execute(
        "INSERT OR REPLACE INTO meta (key, value) VALUES (?1, '1')",
        [REBUILD_MARK],
    )?;
    Ok(())
}

/// Migration 16's hook: the report tables of schema 13 moved to 16's, or
/// dropped when a full rebuild follows (migration 13 marked it).
fn report_tables_hook(tx: &rusqlite::Transaction<'_>) -> HookResult {
    let moved = if rebuild_marked(tx)? {
        super::projection::report_upgrade::drop_old_tx(tx)
    } else {
        super::projection::report_upgrade::upgrade_tx(tx)
    };
    moved.map_err(|e| HookError::Hook(format!("upgrading the report tables: {e}")))?;
    Ok(())
}

fn rebuild_marked(tx: &rusqlite::Transaction<'_>) -> rusqlite::Result<bool> {
    Ok(tx
        .query_row("SELECT 1 FROM meta WHERE key = ?1", [REBUILD_MARK], |_| {
            Ok(())
        })
        .optional()?
        .is_some())
}

/// The last migration's hook: the full rebuild an earlier migration asked
/// for. It folds with today's code, so it must run after every table has
/// today's shape: a new migration takes this hook over.
fn finish_hook(tx: &rusqlite::Transaction<'_>) -> HookResult {
    if rebuild_marked(tx)? {
        rebuild_hook(tx)?;
        tx.execute("DELETE FROM meta WHERE key = ?1", [REBUILD_MARK])?;
    }
    Ok(())
}

fn rebuild_hook(tx: &rusqlite::Transaction<'_>) -> HookResult {
    super::rebuild::rebuild_tx(tx)
        .map(|_| ())
        .map_err(|e| HookError::Hook(format!("rebuilding the projections: {e}")))?;
    super::billing::advance_series_tx(tx)
        .map_err(|e| HookError::Hook(format!("numbering the bill series: {e}")))
}

/// A person's salary advances in a month are read by person and time (the
/// Staff pane, the pay sheet): without an index each person's read was a
/// pass over the whole cash book, 150 ms to open the Staff pane on the
/// benchmark shop. Partial, so a bill's book line (no person) costs nothing.
const V20: &str = "
CREATE INDEX book_lines_staff ON book_lines (staff_n, stamp) WHERE staff_n IS NOT NULL;
";

/// Every migration, in order.
pub fn migrations() -> Migrations<'static> {
    Migrations::new(vec![
        M::up(V1),
        M::up(V2),
        M::up(V3),
        M::up(V4),
        // V5, V7, V8, V9, V10, V11 and V13 changed how projections are kept;
        // the rebuild runs once, after the last of them, with every table
        // it fills in place (an earlier hook would fold into tables or
        // columns not made yet).
        M::up(V5),
        M::up(V6),
        M::up(V7),
        M::up(V8),
        M::up(V9),
        M::up(V10),
        M::up(V11),
        M::up(V12),
        // The projections are rebuilt once, after the last migration that
        // changes them or the events they are read from: V13 marks it, the
        // hook of the last migration does it (V16 changes the report
        // tables, and a rebuild folds into them as V16 has them).
        M::up_with_hook(V13, mark_rebuild),
        // Projections are not changed by V14 (only watched).
        M::up(V14),
        // V15 packs the events and keys the stock history by item, converting
        // the rows in place (so a file at 14 needs no rebuild).
        M::up(super::packed::MIGRATION),
        M::up_with_hook(V16, report_tables_hook),
        // V17, V18 and V19 convert their tables in place.
        M::up(super::compact::MIGRATION),
        M::up(super::compact_bills::MIGRATION),
        M::up(super::compact_stock::MIGRATION),
        // The last migration runs the rebuild marked above.
        M::up_with_hook(V20, finish_hook),
    ])
}

/// The plan of `sql` on a fully migrated database, one line per step (tests
/// that a query goes through the index it is written for).
#[cfg(test)]
pub(crate) fn plan(sql: &str) -> String {
    let mut conn = rusqlite::Connection::open_in_memory().expect("memory");
    crate::store::packed::register(&conn).expect("functions");
    migrations().to_latest(&mut conn).expect("migrate");
    let mut stmt = conn
        .prepare(&format!("EXPLAIN QUERY PLAN {sql}"))
        .expect("plan");
    let unbound = vec![rusqlite::types::Null; stmt.parameter_count()];
    let steps = stmt
        .query_map(rusqlite::params_from_iter(unbound), |r| {
            r.get::<_, String>(3)
        })
        .expect("steps")
        .collect::<rusqlite::Result<Vec<_>>>()
        .expect("rows");
    steps.join("\n")
}

#[cfg(test)]
mod tests {
    #[test]
    fn migrations_are_valid() {
        // Migration 15 calls the SQL functions every store connection has.
        let mut conn = rusqlite::Connection::open_in_memory().expect("memory");
        super::super::packed::register(&conn).expect("functions");
        super::migrations().to_latest(&mut conn).expect("migrate");
        let version: i64 = conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .expect("version");
        assert_eq!(version, super::LATEST);
    }
}
