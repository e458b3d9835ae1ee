//! The reports' reads by slot: ranges of the report projections (see
//! `galla_domain::projection::report`) — slot sums, bills, documents,
//! returns, tax — and the few bills a report needs whole, read from their
//! SALE events by `seq` (item by item reads: `report_catalogue`).
//! Read-only; every query is a range or a key lookup, never a walk of the
//! events.

/// A bill number's series (the domain's rule, shared with the documents issued).
pub use galla_domain::projection::report::series_of;
use galla_domain::projection::report::{
    BillFact, DocSums, GstList, ReportDelta, ReturnFact, SlotSums, TaxSums, deltas,
};
use galla_domain::stamp::Meta;
use galla_domain::{BillId, DeviceId, Document, EventId, GstRate, LocationId, Money, StaffId};
use rusqlite::{Row, params};
use std::collections::{BTreeMap, HashMap};

/// A map keyed by ids that the reports fill with hundreds of thousands of
/// entries: foldhash instead of SipHash (no untrusted keys here).
pub type FastMap<K, V> = HashMap<K, V, foldhash::fast::RandomState>;

use std::ops::Range;

use super::projection::report_load::{RETURN_COLUMNS, SLOT_SUM_COLUMNS, return_fact, slot_sums};
use super::{Result, Store, StoreError};

/// One row of the slot sums.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SlotRow {
    /// The slot (15 minutes of UTC time).
    pub slot: i64,
    /// The counter.
    pub device_id: DeviceId,
    /// The location.
    pub location_id: LocationId,
    /// The person.
    pub actor: StaffId,
    /// The sums.
    pub sums: SlotSums,
}

/// A bill with when it was cancelled, if it was.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReportBillRow {
    /// The bill's id.
    pub bill_id: BillId,
    /// The bill.
    pub fact: BillFact,
    /// When it was cancelled.
    pub cancelled_ms: Option<i64>,
}

/// Tax invoices' tax of a period at one place, registration and rate.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TaxRow {
    /// The place of supply (a state code; empty when the bills do not say).
    pub place: String,
    /// Whether the buyer was registered (B2B).
    pub registered: bool,
    /// The GST rate.
    pub rate: GstRate,
    /// Taxable value and tax.
    pub sums: TaxSums,
}

fn bad(i: usize) -> rusqlite::Error {
    rusqlite::Error::FromSqlConversionFailure(i, rusqlite::types::Type::Text, "bad id".into())
}

/// An id stored as text, parsed where it lies (no copy: the reports read
/// hundreds of thousands of them).
pub(super) fn id<T: std::str::FromStr>(r: &Row<'_>, i: usize) -> rusqlite::Result<T> {
    r.get_ref(i)?.as_str()?.parse().map_err(|_| bad(i))
}

pub(super) fn money(r: &Row<'_>, i: usize) -> rusqlite::Result<Money> {
    Ok(Money::from_paise(r.get(i)?))
}

fn location_arg(location: Option<LocationId>) -> Option<String> {
    location.map(|l| l.to_string())
}

impl Store {
    /// The slot sums in `slots`, at one location or all.
    pub fn report_slots(
        &self,
        slots: Range<i64>,
        location: Option<LocationId>,
    ) -> Result<Vec<SlotRow>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT slot, device_id, location_id, actor_id, {SLOT_SUM_COLUMNS}
             FROM report_slots
             WHERE slot >= ?1 AND slot < ?2 AND (?3 IS NULL OR location_id = ?3)
             ORDER BY slot"
        ))?;
        let rows = stmt.query_map(
            params![slots.start, slots.end, location_arg(location)],
            |r| {
                Ok(SlotRow {
                    slot: r.get(0)?,
                    device_id: id(r, 1)?,
                    location_id: id(r, 2)?,
                    actor: id(r, 3)?,
                    sums: slot_sums(r, 4)?,
                })
            },
        )?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The bills of `sales` ((SALE seq, cancelled when), as `bills`
    /// keeps them), each read whole from its SALE event, in time order.
    fn bills_of(&self, sales: Vec<(i64, Option<i64>)>) -> Result<Vec<ReportBillRow>> {
        let mut out = Vec::with_capacity(sales.len());
        for (seq, cancelled_ms) in sales {
            let (bill_id, fact) = self.sale_fact(seq)?;
            out.push(ReportBillRow {
                bill_id,
                fact,
                cancelled_ms,
            });
        }
        out.sort_by(|a, b| {
            (a.fact.at_ms, &a.fact.bill_no, a.bill_id).cmp(&(
                b.fact.at_ms,
                &b.fact.bill_no,
                b.bill_id,
            ))
        });
        Ok(out)
    }

    /// The bill the SALE event stored at `seq` saved, as the reports keep
    /// it (the same fold as the projections).
    fn sale_fact(&self, seq: i64) -> Result<(BillId, BillFact)> {
        let event = super::query::event_by_seq(&self.conn, seq)?;
        match event
            .as_ref()
            .and_then(|e| deltas(&Meta::of(e), &e.payload))
        {
            Some(ReportDelta::Bill(bill_id, fact)) => Ok((bill_id, *fact)),
            _ => Err(StoreError::Invalid(format!(
                "the reports name event #{seq} as a bill, and it is not one: run galla check"
            ))),
        }
    }

    fn sale_refs(
        &self,
        sql: &str,
        args: &[&dyn rusqlite::ToSql],
    ) -> Result<Vec<(i64, Option<i64>)>> {
        let mut stmt = self.conn.prepare_cached(sql)?;
        let rows = stmt.query_map(args, |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The cancelled bills saved in `slots` (at one location or all): the
    /// reports take them back out of the slot sums.
    pub fn report_cancelled(
        &self,
        slots: Range<i64>,
        location: Option<LocationId>,
    ) -> Result<Vec<ReportBillRow>> {
        let sales = self.sale_refs(
            "SELECT seq, cancelled_ms FROM bills INDEXED BY bills_cancelled
             WHERE cancelled_ms IS NOT NULL AND slot >= ?1 AND slot < ?2 AND seq IS NOT NULL",
            params![slots.start, slots.end],
        )?;
        let mut bills = self.bills_of(sales)?;
        bills.retain(|b| location.is_none_or(|l| b.fact.location_id == l));
        Ok(bills)
    }

    /// The tax invoices saved in `slots` that GSTR-1 lists one by one: to
    /// a registered buyer, or inter-state above `large`; cancelled or not.
    pub fn report_gst_bills(&self, slots: Range<i64>, large: Money) -> Result<Vec<ReportBillRow>> {
        let sales = self.sale_refs(
            "SELECT seq, cancelled_ms FROM bills INDEXED BY bills_listed
             WHERE gst_list IS NOT NULL AND slot >= ?1 AND slot < ?2
               AND (gst_list = ?3 OR total > ?4)",
            params![
                slots.start,
                slots.end,
                GstList::Registered.number(),
                large.paise()
            ],
        )?;
        self.bills_of(sales)
    }

    /// The documents issued in `slots`, by series and document.
    pub fn report_docs(&self, slots: Range<i64>) -> Result<BTreeMap<(String, Document), DocSums>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT series, document, bills, first_serial, first_no, last_serial, last_no
             FROM report_docs WHERE slot >= ?1 AND slot < ?2",
        )?;
        let mut rows = stmt.query(params![slots.start, slots.end])?;
        let mut out: BTreeMap<(String, Document), DocSums> = BTreeMap::new();
        while let Some(r) = rows.next()? {
            let document = match r.get_ref(1)?.as_str().map_err(rusqlite::Error::from)? {
                "tax_invoice" => Document::TaxInvoice,
                "bill_of_supply" => Document::BillOfSupply,
                _ => Document::Bill,
            };
            let sums = DocSums {
                bills: r.get(2)?,
                first: (r.get(3)?, r.get(4)?),
                last: (r.get(5)?, r.get(6)?),
            };
            out.entry((r.get(0)?, document))
                .and_modify(|d| d.merge(&sums))
                .or_insert(sums);
        }
        Ok(out)
    }

    /// The bills with these ids (those that are known).
    pub fn report_bills_by_id(&self, ids: &[BillId]) -> Result<HashMap<BillId, ReportBillRow>> {
        let mut out = HashMap::new();
        for bill in ids {
            if out.contains_key(bill) {
                continue;
            }
            let sales = self.sale_refs(
                "SELECT seq, cancelled_ms FROM bills WHERE bill_id = ?1 AND seq IS NOT NULL",
                params![bill.0],
            )?;
            for row in self.bills_of(sales)? {
                out.insert(row.bill_id, row);
            }
        }
        Ok(out)
    }

    /// The returns taken in `slots`, at one location or all, in time order.
    pub fn report_returns(
        &self,
        slots: Range<i64>,
        location: Option<LocationId>,
    ) -> Result<Vec<(EventId, ReturnFact)>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT event_id, {RETURN_COLUMNS} FROM report_returns
             WHERE slot >= ?1 AND slot < ?2 AND (?3 IS NULL OR location_id = ?3)
             ORDER BY at_ms, event_id"
        ))?;
        let rows = stmt.query_map(
            params![slots.start, slots.end, location_arg(location)],
            |r| Ok((id(r, 0)?, return_fact(r, 1)?)),
        )?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Tax invoices' tax in `slots` by place of supply, registered buyer or
    /// not, and GST rate, summed over the slots.
    pub fn report_taxes(&self, slots: Range<i64>) -> Result<Vec<TaxRow>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT place, registered, gst_bp, SUM(taxable), SUM(cgst), SUM(sgst), SUM(igst)
             FROM report_tax WHERE slot >= ?1 AND slot < ?2
             GROUP BY place, registered, gst_bp",
        )?;
        let rows = stmt.query_map(params![slots.start, slots.end], |r| {
            Ok(TaxRow {
                place: r.get(0)?,
                registered: r.get(1)?,
                rate: GstRate::from_basis_points(r.get(2)?),
                sums: TaxSums {
                    taxable: money(r, 3)?,
                    cgst: money(r, 4)?,
                    sgst: money(r, 5)?,
                    igst: money(r, 6)?,
                },
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}
