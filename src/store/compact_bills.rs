//! Migration 18: the bills and the cash book made smaller.
//!
//! - `bills` and `report_bills` become one table: a bill was kept twice,
//!   once for the till (number, customer, document, buyer) and once for the
//!   reports (slot, GSTR-1 list, cancelled when), each with its 36-character
//!   id, its SALE's `seq` and its total. One row now holds both, keyed by
//!   the id's 16 bytes, the customer as 16 bytes too and the document by a
//!   code ([`document_code`]). A bill whose cancel came first is a row with
//!   no `seq` (its other columns empty) and `cancelled_ms` set; a bill is
//!   cancelled when `cancelled_ms` is set. The reports' two partial indexes
//!   (cancelled bills, bills GSTR-1 lists one by one) move with them.
//! - The cash and bank books (`book_lines`) name the counter, the party
//!   and the person by this file's local numbers (`report_ids`, as the stock
//!   history does since migration 17) and the bill by its 16 bytes, and
//!   keep no `at_ms`: the stamp starts with the time (`Stamp::to_bytes`), so
//!   a day's lines are a range of the key instead of a scan of the counter.
//! - A party's khata (`khata_lines`) names its bill by its 16 bytes, so it
//!   joins the bills as the books do.
//!
//! The rows are converted in place; `galla check` compares the stored
//! tables with the events folded again, as before.

use galla_domain::Document;

/// A document's stored code (0 costs a row no bytes: most bills are tax
/// invoices).
pub(crate) fn document_code(document: Document) -> i64 {
    match document {
        Document::TaxInvoice => 0,
        Document::BillOfSupply => 1,
        Document::Bill => 2,
    }
}

/// Reads [`document_code`] back.
pub(crate) fn document_from_code(code: i64) -> Option<Document> {
    [Document::TaxInvoice, Document::BillOfSupply, Document::Bill]
        .into_iter()
        .find(|d| document_code(*d) == code)
}

/// Migration 18 (see the module header). A bill whose row in `bills` is a
/// cancel's placeholder (seq 0) keeps no bill columns; a bill only the
/// reports knew (none in a consistent file) is kept as they had it, so
/// `galla check` would name it rather than it being lost.
pub(crate) const MIGRATION: &str = r#"
CREATE TABLE bills_v18 (
    bill_id         BLOB PRIMARY KEY CHECK (length(bill_id) = 16),
    seq             INTEGER,
    bill_no         TEXT,
    customer_id     BLOB CHECK (length(customer_id) = 16),
    total           INTEGER,
    document        INTEGER,
    place_of_supply TEXT,
    buyer_gstin     TEXT,
    at_ms           INTEGER,
    slot            INTEGER,
    gst_list        INTEGER,
    cancelled_ms    INTEGER
) WITHOUT ROWID;
INSERT INTO bills_v18 (bill_id, seq, bill_no, customer_id, total, document, place_of_supply,
                       buyer_gstin, at_ms, slot, gst_list, cancelled_ms)
SELECT galla_id(b.bill_id),
       CASE WHEN b.seq = 0 THEN NULL ELSE b.seq END,
       CASE WHEN b.seq = 0 THEN NULL ELSE b.bill_no END,
       CASE WHEN b.seq = 0 THEN NULL ELSE galla_id(b.customer_id) END,
       CASE WHEN b.seq = 0 THEN NULL ELSE b.total END,
       CASE WHEN b.seq = 0 THEN NULL
            ELSE CASE b.document WHEN 'tax_invoice' THEN 0 WHEN 'bill_of_supply' THEN 1
                                 WHEN 'bill' THEN 2 END END,
       CASE WHEN b.seq = 0 THEN NULL ELSE b.place_of_supply END,
       CASE WHEN b.seq = 0 THEN NULL ELSE b.buyer_gstin END,
       CASE WHEN b.seq = 0 THEN NULL ELSE b.at_ms END,
       r.slot, r.gst_list,
       CASE WHEN b.cancelled = 0 THEN NULL ELSE coalesce(r.cancelled_ms, b.at_ms) END
  FROM bills b LEFT JOIN report_bills r ON r.bill_id = b.bill_id
UNION ALL
SELECT galla_id(r.bill_id), r.seq, NULL, NULL, r.total, NULL, NULL, NULL, NULL, r.slot,
       r.gst_list, r.cancelled_ms
  FROM report_bills r WHERE NOT EXISTS (SELECT 1 FROM bills b WHERE b.bill_id = r.bill_id)
 ORDER BY 1;
DROP TABLE bills;
DROP TABLE report_bills;
ALTER TABLE bills_v18 RENAME TO bills;
CREATE INDEX bills_cancelled ON bills (slot) WHERE cancelled_ms IS NOT NULL;
CREATE INDEX bills_listed ON bills (slot) WHERE gst_list IS NOT NULL;

INSERT OR IGNORE INTO report_ids (id) SELECT DISTINCT device_id FROM book_lines;
INSERT OR IGNORE INTO report_ids (id)
    SELECT DISTINCT party_id FROM book_lines WHERE party_id IS NOT NULL;
INSERT OR IGNORE INTO report_ids (id)
    SELECT DISTINCT staff_id FROM book_lines WHERE staff_id IS NOT NULL;
CREATE TABLE book_lines_v18 (
    device_n  INTEGER NOT NULL,
    mode      TEXT NOT NULL,
    stamp     BLOB NOT NULL,
    amount    INTEGER NOT NULL,
    why       TEXT NOT NULL,
    party_n   INTEGER,
    bill_id   BLOB CHECK (length(bill_id) = 16),
    staff_n   INTEGER,
    head      TEXT,
    note      TEXT,
    reference TEXT,
    PRIMARY KEY (device_n, mode, stamp)
) WITHOUT ROWID;
INSERT INTO book_lines_v18 (device_n, mode, stamp, amount, why, party_n, bill_id, staff_n, head,
                            note, reference)
SELECT d.n, l.mode, l.stamp, l.amount, l.why, p.n, galla_id(l.bill_id), s.n, l.head, l.note,
       l.reference
  FROM book_lines l
  JOIN report_ids d ON d.id = l.device_id
  LEFT JOIN report_ids p ON p.id = l.party_id
  LEFT JOIN report_ids s ON s.id = l.staff_id
 ORDER BY 1, 2, 3;
DROP TABLE book_lines;
ALTER TABLE book_lines_v18 RENAME TO book_lines;

CREATE TABLE khata_lines_v18 (
    party_id  TEXT NOT NULL,
    stamp     BLOB NOT NULL,
    at_ms     INTEGER NOT NULL,
    amount    INTEGER NOT NULL,
    why       TEXT NOT NULL,
    mode      TEXT,
    bill_id   BLOB CHECK (length(bill_id) = 16),
    head      TEXT,
    note      TEXT,
    reference TEXT,
    PRIMARY KEY (party_id, stamp)
) WITHOUT ROWID;
INSERT INTO khata_lines_v18 (party_id, stamp, at_ms, amount, why, mode, bill_id, head, note,
                             reference)
SELECT party_id, stamp, at_ms, amount, why, mode, galla_id(bill_id), head, note, reference
  FROM khata_lines ORDER BY party_id, stamp;
DROP TABLE khata_lines;
ALTER TABLE khata_lines_v18 RENAME TO khata_lines;
"#;

#[cfg(test)]
mod tests {
    use galla_domain::Document;

    #[test]
    fn the_migration_spells_each_document_as_the_store_codes_it() {
        let conn = rusqlite::Connection::open_in_memory().expect("memory");
        let start = super::MIGRATION.find("CASE b.document").expect("the CASE");
        let end = super::MIGRATION[start..].find(" END").expect("its END") + start + 4;
        let case = super::MIGRATION[start..end].replace("b.document", "?1");
        for document in [Document::TaxInvoice, Document::BillOfSupply, Document::Bill] {
            let code: Option<i64> = conn
                .query_row(&format!("SELECT {case}"), [document.as_str()], |r| r.get(0))
                .expect("case");
            assert_eq!(code, Some(super::document_code(document)), "{document:?}");
            assert_eq!(
                super::document_from_code(super::document_code(document)),
                Some(document)
            );
        }
    }
}
