//! Saved bills read back from the events: each SALE with the BILL_CANCELLED
//! and SALE_RETURN events that name it, for `galla bills`, the bills popup
//! and reprints. Read-only: nothing here writes, and the `bills` projection
//! is not trusted for what a bill contained — the SALE event is.

use chrono::{DateTime, Utc};
use galla_domain::bill::DraftLine;
use galla_domain::bill::changes::{BillStatus, status};
use galla_domain::payload::{BillCancelled, Sale, SaleReturn};
use galla_domain::{BillId, EventPayload, Unit, VariantId};
use rusqlite::params;
use std::collections::HashMap;

use super::{Result, Store, StoreError, time_ms, time_of_ms};

/// A saved bill, with what later happened to it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BillRecord {
    /// The SALE as saved.
    pub sale: Sale,
    /// When it was saved.
    pub at: DateTime<Utc>,
    /// The cancellation, if it was cancelled.
    pub cancelled: Option<(BillCancelled, DateTime<Utc>)>,
    /// Goods returned against it, oldest first.
    pub returns: Vec<(SaleReturn, DateTime<Utc>)>,
}

impl BillRecord {
    /// Everything that came back, all returns together.
    pub fn returned(&self) -> Vec<galla_domain::payload::QtyLine> {
        self.returns
            .iter()
            .flat_map(|(r, _)| r.lines.iter().cloned())
            .collect()
    }

    /// Saved, partly returned, returned or cancelled (the domain's rule).
    pub fn status(&self) -> BillStatus {
        status(&self.sale, &self.returned(), self.cancelled.is_some())
    }

    /// How many of `variant` are still out with the customer (sold minus returned).
    pub fn returnable(&self, variant: VariantId) -> galla_domain::Qty {
        let sold: galla_domain::Qty = self
            .sale
            .lines
            .iter()
            .filter(|l| l.variant_id == variant)
            .map(|l| l.qty)
            .sum();
        let back: galla_domain::Qty = self
            .returns
            .iter()
            .flat_map(|(r, _)| &r.lines)
            .filter(|l| l.variant_id == variant)
            .map(|l| l.qty)
            .sum();
        sold - back
    }
}

/// What a bill line shows of its item.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ItemName {
    /// SKU.
    pub sku: String,
    /// Product name with size and colour.
    pub name: String,
    /// HSN code.
    pub hsn: String,
    /// How it is counted.
    pub unit: Unit,
}

impl Store {
    /// Bills saved in `[from, to)` (either end open), oldest first, each with
    /// its cancellation and returns.
    pub fn bills_between(
        &self,
        from: Option<DateTime<Utc>>,
        to: Option<DateTime<Utc>>,
    ) -> Result<Vec<BillRecord>> {
        let from = from.map_or(i64::MIN, |t| time_ms(&t));
        let to = to.map_or(i64::MAX, |t| time_ms(&t));
        let sales = self.bill_events(
            "SELECT seq, galla_kind(type), schema_version, occurred_at, galla_json(payload) FROM events
             WHERE type = galla_code('SALE') AND occurred_at >= ?1 AND occurred_at < ?2 ORDER BY seq",
            params![from, to],
        )?;
        self.with_later_events(sales)
    }

    /// One bill by its number (the latest if a number was ever seen twice).
    pub fn bill_by_no(&self, bill_no: &str) -> Result<Option<BillRecord>> {
        let sales = self.bill_events(
            "SELECT seq, galla_kind(type), schema_version, occurred_at, galla_json(payload) FROM events
             WHERE type = galla_code('SALE') AND json_extract(galla_json(payload), '$.bill_no') = ?1
             ORDER BY seq DESC LIMIT 1",
            params![bill_no],
        )?;
        Ok(self.with_later_events(sales)?.pop())
    }

    /// The shop settings as they stood at `at`: each key's latest
    /// SETTINGS_CHANGED made at or before it (by time, then event id, as the
    /// projection orders them) — what a bill written before bills kept their
    /// header was made under.
    pub fn settings_as_of(
        &self,
        at: DateTime<Utc>,
    ) -> Result<std::collections::BTreeMap<String, serde_json::Value>> {
        let changes = self.bill_events(
            "SELECT seq, galla_kind(type), schema_version, occurred_at, galla_json(payload) FROM events
             WHERE type = galla_code('SETTINGS_CHANGED') AND occurred_at <= ?1
             ORDER BY occurred_at, event_id",
            params![time_ms(&at)],
        )?;
        Ok(changes
            .into_iter()
            .filter_map(|(_, p)| match p {
                EventPayload::SettingsChanged(s) => Some((s.key, s.value)),
                _ => None,
            })
            .collect())
    }

    /// The name, SKU, HSN and unit of each variant, for bill lines.
    pub fn item_names(&self, ids: &[VariantId]) -> Result<HashMap<VariantId, ItemName>> {
        let mut out = HashMap::new();
        for &id in ids {
            if out.contains_key(&id) {
                continue;
            }
            if let Some((product, variant)) = self.sale_item(id)? {
                let line = DraftLine::from_variant(&product, &variant);
                out.insert(
                    id,
                    ItemName {
                        sku: line.sku,
                        name: line.name,
                        hsn: line.hsn,
                        unit: line.unit,
                    },
                );
            }
        }
        Ok(out)
    }

    fn with_later_events(
        &self,
        sales: Vec<(DateTime<Utc>, EventPayload)>,
    ) -> Result<Vec<BillRecord>> {
        let mut bills: Vec<BillRecord> = sales
            .into_iter()
            .filter_map(|(at, p)| match p {
                EventPayload::Sale(sale) => Some(BillRecord {
                    sale,
                    at,
                    cancelled: None,
                    returns: Vec::new(),
                }),
                _ => None,
            })
            .collect();
        if bills.is_empty() {
            return Ok(bills);
        }
        let index: HashMap<BillId, usize> = bills
            .iter()
            .enumerate()
            .map(|(i, b)| (b.sale.bill_id, i))
            .collect();
        let later = self.bill_events(
            "SELECT seq, galla_kind(type), schema_version, occurred_at, galla_json(payload) FROM events
             WHERE type IN (galla_code('BILL_CANCELLED'), galla_code('SALE_RETURN')) ORDER BY seq",
            params![],
        )?;
        for (at, payload) in later {
            match payload {
                EventPayload::BillCancelled(c) => {
                    if let Some(&i) = index.get(&c.bill_id) {
                        bills[i].cancelled = Some((c, at));
                    }
                }
                EventPayload::SaleReturn(r) => {
                    if let Some(&i) = index.get(&r.bill_id) {
                        bills[i].returns.push((r, at));
                    }
                }
                _ => {}
            }
        }
        Ok(bills)
    }

    fn bill_events(
        &self,
        sql: &str,
        args: &[&dyn rusqlite::ToSql],
    ) -> Result<Vec<(DateTime<Utc>, EventPayload)>> {
        let mut stmt = self.conn.prepare_cached(sql)?;
        let rows = stmt.query_map(args, |r| {
            let seq: i64 = r.get(0)?;
            let kind: String = r.get(1)?;
            let version: u32 = r.get(2)?;
            let at: i64 = r.get(3)?;
            let payload: String = r.get(4)?;
            Ok((seq, kind, version, at, payload))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (seq, kind, version, at, payload) = row?;
            let payload = EventPayload::decode(&kind, version, &payload)
                .map_err(|source| StoreError::Decode { seq, source })?;
            let at = time_of_ms(at)
                .ok_or_else(|| StoreError::Invalid(format!("event #{seq} has a bad time")))?;
            out.push((at, payload));
        }
        Ok(out)
    }
}
