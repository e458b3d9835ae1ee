//! The report tables read back: the row readers the reports' queries
//! share (slot sums, returns) and `load`, every report table as stored,
//! for `galla check` to compare with the events folded again (numbered ids
//! read back as ids).

use galla_domain::payload::{PayMode, QtyLine};
use galla_domain::projection::report::{
    DocSums, GstList, ItemKey, ItemSums, LastDates, ReportBill, ReportProjections, ReturnFact,
    SaleRef, SlotSums, TaxSums,
};
use galla_domain::{BillId, Document, GstRate, Money, Qty};
use rusqlite::{Connection, Row};

use crate::store::Result;
use crate::store::project::enum_from_text;

fn bad(i: usize, what: &str) -> rusqlite::Error {
    rusqlite::Error::FromSqlConversionFailure(
        i,
        rusqlite::types::Type::Text,
        format!("bad {what}").into(),
    )
}

fn id<T: std::str::FromStr>(r: &Row<'_>, i: usize) -> rusqlite::Result<T> {
    let s: String = r.get(i)?;
    s.parse().map_err(|_| bad(i, "id"))
}

fn opt_id<T: std::str::FromStr>(r: &Row<'_>, i: usize) -> rusqlite::Result<Option<T>> {
    match r.get::<_, Option<String>>(i)? {
        Some(s) if !s.is_empty() => s.parse().map(Some).map_err(|_| bad(i, "id")),
        _ => Ok(None),
    }
}

fn money(r: &Row<'_>, i: usize) -> rusqlite::Result<Money> {
    Ok(Money::from_paise(r.get(i)?))
}

fn from_json<T: serde::de::DeserializeOwned>(r: &Row<'_>, i: usize) -> rusqlite::Result<T> {
    let s: String = r.get(i)?;
    serde_json::from_str(&s).map_err(|_| bad(i, "lines"))
}

/// The columns [`slot_sums`] reads, in order.
pub(crate) const SLOT_SUM_COLUMNS: &str = "bills, total, taxable, cgst, sgst, igst, discount, \
     round_off, cash, upi, card, khata, returns, refund_cash, refund_upi, refund_card, \
     refund_khata";

/// A slot's sums from a row of [`SLOT_SUM_COLUMNS`] starting at column `at`.
pub(crate) fn slot_sums(r: &Row<'_>, at: usize) -> rusqlite::Result<SlotSums> {
    let m = |i: usize| money(r, at + i);
    Ok(SlotSums {
        bills: r.get(at)?,
        total: m(1)?,
        taxable: m(2)?,
        cgst: m(3)?,
        sgst: m(4)?,
        igst: m(5)?,
        discount: m(6)?,
        round_off: m(7)?,
        paid: [m(8)?, m(9)?, m(10)?, m(11)?],
        returns: r.get(at + 12)?,
        refunded: [m(13)?, m(14)?, m(15)?, m(16)?],
    })
}

/// The columns [`return_fact`] reads, in order.
pub(crate) const RETURN_COLUMNS: &str =
    "bill_id, at_ms, device_id, location_id, actor_id, refund, refund_mode, lines, note_no, taxes";

/// A return from a row of [`RETURN_COLUMNS`] starting at column `at`.
pub(crate) fn return_fact(r: &Row<'_>, at: usize) -> rusqlite::Result<ReturnFact> {
    let mode: String = r.get(at + 6)?;
    let lines: Vec<QtyLine> = from_json(r, at + 7)?;
    Ok(ReturnFact {
        bill_id: id(r, at)?,
        at_ms: r.get(at + 1)?,
        device_id: id(r, at + 2)?,
        location_id: id(r, at + 3)?,
        actor: id(r, at + 4)?,
        refund: money(r, at + 5)?,
        refund_mode: enum_from_text::<PayMode>(&mode).ok_or_else(|| bad(at + 6, "mode"))?,
        lines,
        note_no: r.get(at + 8)?,
        taxes: from_json(r, at + 9)?,
    })
}

fn each(
    conn: &Connection,
    sql: &str,
    mut f: impl FnMut(&Row<'_>) -> rusqlite::Result<()>,
) -> Result<()> {
    let mut stmt = conn.prepare(sql)?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        f(r)?;
    }
    Ok(())
}

/// An item's key (its slot or span first) and sums, from a row of
/// (slot or span, variant id, location id, rate, sold, taxable, cgst,
/// sgst, igst).
fn item_row(r: &Row<'_>) -> rusqlite::Result<(ItemKey, ItemSums)> {
    let sums = ItemSums {
        sold: Qty::from_milli(r.get(4)?),
        taxable: money(r, 5)?,
        cgst: money(r, 6)?,
        sgst: money(r, 7)?,
        igst: money(r, 8)?,
    };
    let rate = GstRate::from_basis_points(r.get(3)?);
    Ok(((r.get(0)?, id(r, 1)?, id(r, 2)?, rate), sums))
}

/// Every report table as stored, for `galla check`.
pub(crate) fn load(conn: &Connection) -> Result<ReportProjections> {
    let mut p = ReportProjections::default();
    each(
        conn,
        "SELECT bill_id, cancelled_ms, seq, slot, gst_list, total FROM bills",
        |r| {
            let sale = match r.get::<_, Option<i64>>(2)? {
                Some(seq) => Some(SaleRef {
                    seq,
                    slot: r.get(3)?,
                    gst_list: r.get::<_, Option<i64>>(4)?.and_then(GstList::from_number),
                    total: money(r, 5)?,
                }),
                None => None,
            };
            let row = ReportBill {
                sale,
                cancelled_ms: r.get(1)?,
            };
            p.bills.insert(BillId(r.get(0)?), row);
            Ok(())
        },
    )?;
    each(
        conn,
        "SELECT slot, series, document, bills, first_serial, first_no, last_serial, last_no
         FROM report_docs",
        |r| {
            let document: String = r.get(2)?;
            let document =
                enum_from_text::<Document>(&document).ok_or_else(|| bad(2, "document"))?;
            p.docs.insert(
                (r.get(0)?, r.get(1)?, document),
                DocSums {
                    bills: r.get(3)?,
                    first: (r.get(4)?, r.get(5)?),
                    last: (r.get(6)?, r.get(7)?),
                },
            );
            Ok(())
        },
    )?;
    each(
        conn,
        &format!(
            "SELECT slot, device_id, location_id, actor_id, {SLOT_SUM_COLUMNS} FROM report_slots"
        ),
        |r| {
            let sums = slot_sums(r, 4)?;
            p.slots
                .insert((r.get(0)?, id(r, 1)?, id(r, 2)?, id(r, 3)?), sums);
            Ok(())
        },
    )?;
    for (table, key, into) in [
        ("report_items", "slot", &mut p.items),
        ("report_item_spans", "span", &mut p.spans),
    ] {
        each(
            conn,
            &format!(
                "SELECT i.{key}, v.id, l.id, i.gst_bp, i.sold_milli, i.taxable, i.cgst, i.sgst,
                     i.igst
                 FROM {table} i JOIN report_ids v ON v.n = i.variant_n
                     JOIN report_ids l ON l.n = i.location_n"
            ),
            |r| {
                let (k, sums) = item_row(r)?;
                into.insert(k, sums);
                Ok(())
            },
        )?;
    }
    each(
        conn,
        "SELECT slot, place, registered, gst_bp, taxable, cgst, sgst, igst FROM report_tax",
        |r| {
            let sums = TaxSums {
                taxable: money(r, 4)?,
                cgst: money(r, 5)?,
                sgst: money(r, 6)?,
                igst: money(r, 7)?,
            };
            let key = (
                r.get(0)?,
                r.get(1)?,
                r.get(2)?,
                GstRate::from_basis_points(r.get(3)?),
            );
            p.taxes.insert(key, sums);
            Ok(())
        },
    )?;
    each(
        conn,
        &format!("SELECT event_id, {RETURN_COLUMNS} FROM report_returns"),
        |r| {
            p.returns.insert(id(r, 0)?, return_fact(r, 1)?);
            Ok(())
        },
    )?;
    each(
        conn,
        "SELECT r.slot, s.id, v.id, l.id, r.qty_milli, r.value
         FROM report_received r LEFT JOIN report_ids s ON s.n = r.supplier_n
             JOIN report_ids v ON v.n = r.variant_n JOIN report_ids l ON l.n = r.location_n",
        |r| {
            p.received.insert(
                (r.get(0)?, opt_id(r, 1)?, id(r, 2)?, id(r, 3)?),
                (Qty::from_milli(r.get(4)?), money(r, 5)?),
            );
            Ok(())
        },
    )?;
    each(
        conn,
        "SELECT v.id, r.sold_ms, r.received_ms
         FROM report_last r JOIN report_ids v ON v.n = r.variant_n",
        |r| {
            let dates = LastDates {
                sold_ms: r.get(1)?,
                received_ms: r.get(2)?,
            };
            p.last.insert(id(r, 0)?, dates);
            Ok(())
        },
    )?;
    Ok(p)
}
