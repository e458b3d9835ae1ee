//! Schema 16's report tables, filled in place from schema 13's (renamed
//! `*_v13` by the migration) instead of folding every event again: a
//! year's shop upgrades in seconds. Each fact is the one the fold would
//! write — the same domain functions decide (`series_of`, `gst_list`) —
//! and `galla check` proves it afterwards. Used only by the migration, so
//! it writes schema 16's tables as they were then (`report_bills` with ids
//! as text, which migration 18 then merges into `bills`).

use std::collections::BTreeMap;

use galla_domain::Document;
use galla_domain::projection::report::{DocSums, GstList, SPAN_SLOTS, series_of};
use rusqlite::Transaction;

use super::report::add_docs_tx;
use crate::store::project::enum_from_text;
use crate::store::{Result, StoreError};

/// Schema 13's tables that schema 16 replaces.
const OLD_TABLES: &[&str] = &[
    "report_bills_v13",
    "report_items_v13",
    "report_received_v13",
    "report_last_v13",
];

/// Drops schema 13's tables (when a full rebuild follows instead).
pub(crate) fn drop_old_tx(tx: &Transaction<'_>) -> Result<()> {
    for table in OLD_TABLES {
        tx.execute(&format!("DROP TABLE {table}"), [])?;
    }
    Ok(())
}

/// Fills schema 16's report tables from schema 13's, then drops those.
pub(crate) fn upgrade_tx(tx: &Transaction<'_>) -> Result<()> {
    bills_tx(tx)?;
    numbered_tx(tx)?;
    drop_old_tx(tx)
}

/// Every id the item tables name gets its number; the rows are copied
/// with numbers for ids ('' — no supplier — is 0), and the sales summed
/// by span (`span_of`, flooring like `div_euclid`).
fn numbered_tx(tx: &Transaction<'_>) -> Result<()> {
    tx.execute_batch(&format!(
        "INSERT INTO report_ids (id)
             SELECT variant_id FROM report_last_v13
             UNION SELECT variant_id FROM report_items_v13
             UNION SELECT location_id FROM report_items_v13
             UNION SELECT variant_id FROM report_received_v13
             UNION SELECT location_id FROM report_received_v13
             UNION SELECT supplier_id FROM report_received_v13 WHERE supplier_id <> '';
         INSERT INTO report_items (slot, variant_n, location_n, gst_bp, sold_milli, taxable,
                 cgst, sgst, igst)
             SELECT i.slot, v.n, l.n, i.gst_bp, i.sold_milli, i.taxable, i.cgst, i.sgst, i.igst
             FROM report_items_v13 i JOIN report_ids v ON v.id = i.variant_id
                 JOIN report_ids l ON l.id = i.location_id;
         INSERT INTO report_item_spans (span, variant_n, location_n, gst_bp, sold_milli,
                 taxable, cgst, sgst, igst)
             SELECT CASE WHEN slot >= 0 THEN slot / {w} ELSE (slot - {w} + 1) / {w} END,
                 variant_n, location_n, gst_bp, SUM(sold_milli), SUM(taxable), SUM(cgst),
                 SUM(sgst), SUM(igst)
             FROM report_items GROUP BY 1, 2, 3, 4;
         INSERT INTO report_received (slot, supplier_n, variant_n, location_n, qty_milli, value)
             SELECT r.slot, COALESCE(s.n, 0), v.n, l.n, r.qty_milli, r.value
             FROM report_received_v13 r LEFT JOIN report_ids s ON s.id = r.supplier_id
                 JOIN report_ids v ON v.id = r.variant_id
                 JOIN report_ids l ON l.id = r.location_id;
         INSERT INTO report_last (variant_n, sold_ms, received_ms)
             SELECT v.n, r.sold_ms, r.received_ms
             FROM report_last_v13 r JOIN report_ids v ON v.id = r.variant_id;",
        w = SPAN_SLOTS
    ))?;
    Ok(())
}

/// Each bill's row: its SALE's seq (the `bills` projection has it), slot,
/// GSTR-1 list and total; the documents issued, summed by slot.
fn bills_tx(tx: &Transaction<'_>) -> Result<()> {
    tx.execute(
        &format!(
            "INSERT INTO report_bills (bill_id, seq, slot, gst_list, total, cancelled_ms)
             SELECT r.bill_id, CASE WHEN r.bill_no IS NULL THEN NULL ELSE b.seq END, r.slot,
                 CASE WHEN r.bill_no IS NULL OR r.document <> 'tax_invoice' THEN NULL
                      WHEN r.buyer_gstin IS NOT NULL THEN {registered}
                      WHEN r.supply = 'inter_state' THEN {inter_state} END,
                 r.total, r.cancelled_ms
             FROM report_bills_v13 r LEFT JOIN bills b ON b.bill_id = r.bill_id",
            registered = GstList::Registered.number(),
            inter_state = GstList::InterState.number(),
        ),
        [],
    )?;
    let mut docs: BTreeMap<(i64, String, Document), DocSums> = BTreeMap::new();
    {
        let mut stmt = tx.prepare(
            "SELECT slot, bill_no, document FROM report_bills_v13 WHERE bill_no IS NOT NULL",
        )?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let no: String = r.get(1)?;
            let document: String = r.get(2)?;
            let document = enum_from_text::<Document>(&document).ok_or_else(|| {
                StoreError::Invalid(format!("a report bill has no known document: {document:?}"))
            })?;
            let doc = DocSums::of(&no);
            docs.entry((r.get(0)?, series_of(&no), document))
                .and_modify(|d| d.merge(&doc))
                .or_insert(doc);
        }
    }
    for ((slot, series, document), d) in &docs {
        add_docs_tx(tx, *slot, series, *document, d)?;
    }
    Ok(())
}
