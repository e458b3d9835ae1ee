//! The audit trail's reads: a page of events in time order, newest first
//! (or oldest first for `galla audit`), filtered by time, person, type and
//! counter, continuing after the last row shown. Pages walk the
//! `events_time` index from a cursor, so a keystroke never reads the whole
//! ledger of a big shop; a filter that matches little may read further
//! along the index for one page. The names the summaries need (items,
//! parties, bills, people, places, counters) are looked up one by one for
//! the rows shown.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use galla_domain::{BillId, DeviceId, Event, LocationId, PartyId, StaffId, VariantId};
use rusqlite::OptionalExtension;
use rusqlite::types::Value as Sql;

use super::query::{EVENT_COLUMNS, event_at};
use super::{Result, Store, time_ms};

/// Which events to list.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AuditFilter {
    /// From this time on.
    pub from: Option<DateTime<Utc>>,
    /// Before this time.
    pub until: Option<DateTime<Utc>>,
    /// Made by this person.
    pub actor: Option<StaffId>,
    /// Of these types (empty: all).
    pub kinds: Vec<&'static str>,
    /// Recorded at this counter.
    pub device: Option<DeviceId>,
}

/// Where a page ends: the next page continues after it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AuditCursor {
    /// The last row's stored time.
    pub at: i64,
    /// The last row's local sequence number.
    pub seq: i64,
}

/// One event of the trail.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AuditRow {
    /// Its local sequence number.
    pub seq: i64,
    /// The event.
    pub event: Event,
    /// Where the next page goes on from, if this is the last row.
    pub cursor: AuditCursor,
}

/// The query for a page and its arguments: only the conditions asked
/// for, so SQLite walks the time index from the cursor.
fn page_sql(
    filter: &AuditFilter,
    after: Option<&AuditCursor>,
    limit: usize,
    oldest_first: bool,
) -> (String, Vec<Sql>) {
    // Always along the time index: the planner would otherwise take the
    // (device, seq) index for a counter filter and sort all its events.
    let mut sql = format!("SELECT {EVENT_COLUMNS} FROM events INDEXED BY events_time WHERE 1 = 1");
    let mut args: Vec<Sql> = Vec::new();
    let mut arg = |sql: &mut String, clause: &str, value: Sql| {
        args.push(value);
        sql.push_str(&clause.replace('?', &format!("?{}", args.len())));
    };
    if let Some(from) = filter.from {
        arg(
            &mut sql,
            " AND occurred_at >= ?",
            Sql::Integer(time_ms(&from)),
        );
    }
    if let Some(until) = filter.until {
        arg(
            &mut sql,
            " AND occurred_at < ?",
            Sql::Integer(time_ms(&until)),
        );
    }
    if let Some(actor) = filter.actor {
        arg(
            &mut sql,
            " AND actor_n = (SELECT n FROM envelope_ids WHERE id = ?)",
            Sql::Blob(actor.0.as_bytes().to_vec()),
        );
    }
    if let Some(device) = filter.device {
        arg(
            &mut sql,
            " AND device_n = (SELECT n FROM envelope_ids WHERE id = ?)",
            Sql::Blob(device.0.as_bytes().to_vec()),
        );
    }
    if !filter.kinds.is_empty() {
        sql.push_str(" AND type IN (");
        for (i, kind) in filter.kinds.iter().enumerate() {
            let comma = if i == 0 {
                "galla_code(?)"
            } else {
                ", galla_code(?)"
            };
            arg(&mut sql, comma, Sql::Text(kind.to_string()));
        }
        sql.push(')');
    }
    let (cmp, order) = if oldest_first {
        (">", "ASC")
    } else {
        ("<", "DESC")
    };
    if let Some(c) = after {
        args.push(Sql::Integer(c.at));
        args.push(Sql::Integer(c.seq));
        let (t, s) = (args.len() - 1, args.len());
        sql.push_str(&format!(
            " AND (occurred_at {cmp} ?{t} OR (occurred_at = ?{t} AND seq {cmp} ?{s}))"
        ));
    }
    args.push(Sql::Integer(i64::try_from(limit).unwrap_or(i64::MAX)));
    sql.push_str(&format!(
        " ORDER BY occurred_at {order}, seq {order} LIMIT ?{}",
        args.len()
    ));
    (sql, args)
}

impl Store {
    /// Up to `limit` events matching `filter` after `after` (`None`: from
    /// the newest, or with `oldest_first` the oldest).
    pub fn audit_page(
        &self,
        filter: &AuditFilter,
        after: Option<&AuditCursor>,
        limit: usize,
        oldest_first: bool,
    ) -> Result<Vec<AuditRow>> {
        let (sql, args) = page_sql(filter, after, limit, oldest_first);
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let mut rows = stmt.query(rusqlite::params_from_iter(args))?;
        let mut out = Vec::new();
        while let Some(r) = rows.next()? {
            let at: i64 = r.get(6)?;
            let (seq, event) = event_at(r)?;
            out.push(AuditRow {
                seq,
                event,
                cursor: AuditCursor { at, seq },
            });
        }
        Ok(out)
    }

    /// A name for every counter whose events are here: this one's code (as
    /// `galla init` kept it), and otherwise the series of the counter's
    /// latest bill ("C2"), else the start of its id.
    pub fn counter_labels(&self) -> Result<BTreeMap<DeviceId, String>> {
        let own = self.device_id();
        let mut out = BTreeMap::new();
        if let Some(code) = self.local(crate::settings::COUNTER_KEY)? {
            out.insert(own, code);
        }
        let devices: Vec<uuid::Uuid> = self
            .conn
            .prepare_cached(
                "SELECT id FROM envelope_ids WHERE n IN (SELECT DISTINCT device_n FROM events)",
            )?
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        let mut last_bill = self.conn.prepare_cached(
            "SELECT json_extract(galla_json(payload), '$.bill_no') FROM events
              WHERE device_n = (SELECT n FROM envelope_ids WHERE id = ?1) AND type = galla_code('SALE')
              ORDER BY device_seq DESC LIMIT 1",
        )?;
        for id in devices {
            let device = DeviceId(id);
            if out.contains_key(&device) {
                continue;
            }
            let bill: Option<String> = last_bill.query_row([id], |r| r.get(0)).optional()?;
            let id = id.to_string();
            let label = bill
                .map(|n| super::report::series_of(&n))
                .unwrap_or_else(|| format!("counter {}", &id[..8.min(id.len())]));
            out.insert(device, label);
        }
        out.entry(own).or_insert_with(|| "this counter".into());
        Ok(out)
    }

    fn name_of(&self, sql: &str, id: impl rusqlite::ToSql) -> Option<String> {
        self.conn
            .prepare_cached(sql)
            .ok()?
            .query_row([id], |r| r.get(0))
            .optional()
            .ok()
            .flatten()
    }

    /// An item's name for the audit trail ("KUR-M-RED Cotton Kurta M Red").
    pub fn item_words(&self, id: VariantId) -> Option<String> {
        self.name_of(
            "SELECT v.sku || ' ' || p.name || coalesce(' ' || v.size, '') || coalesce(' ' || v.colour, '')
               FROM variants v JOIN products p USING (product_id) WHERE v.variant_id = ?1",
            id.to_string(),
        )
    }

    /// A party's name.
    pub fn party_name(&self, id: PartyId) -> Option<String> {
        self.name_of(
            "SELECT name FROM parties WHERE party_id = ?1",
            id.to_string(),
        )
    }

    /// A bill's number.
    pub fn bill_no_of(&self, id: BillId) -> Option<String> {
        self.name_of("SELECT bill_no FROM bills WHERE bill_id = ?1", id.0)
    }

    /// A location's name.
    pub fn location_name(&self, id: LocationId) -> Option<String> {
        self.name_of(
            "SELECT name FROM locations WHERE location_id = ?1",
            id.to_string(),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Access;

    #[test]
    fn every_page_walks_the_time_index() {
        let dir = tempfile::tempdir().expect("dir");
        let store = Store::open(&dir.path().join("shop.db"), Access::ReadWrite).expect("open");
        let cursor = AuditCursor {
            at: 1_795_168_800_000,
            seq: 42,
        };
        let filters = [
            AuditFilter::default(),
            AuditFilter {
                actor: Some(galla_domain::StaffId::new()),
                kinds: vec!["BILL_CANCELLED", "SALE_RETURN"],
                ..AuditFilter::default()
            },
            AuditFilter {
                from: chrono::DateTime::from_timestamp(1_763_600_000, 0),
                until: chrono::DateTime::from_timestamp(1_763_700_000, 0),
                device: Some(DeviceId::new()),
                ..AuditFilter::default()
            },
        ];
        for filter in &filters {
            for (after, oldest_first) in
                [(None, false), (Some(&cursor), false), (Some(&cursor), true)]
            {
                let (sql, args) = page_sql(filter, after, 100, oldest_first);
                let plan: Vec<String> = store
                    .conn
                    .prepare(&format!("EXPLAIN QUERY PLAN {sql}"))
                    .expect("plan")
                    .query_map(rusqlite::params_from_iter(args), |r| r.get(3))
                    .expect("rows")
                    .collect::<rusqlite::Result<_>>()
                    .expect("plan");
                let plan = plan.join("; ");
                assert!(plan.contains("INDEX events_time"), "{filter:?}: {plan}");
                assert!(
                    !plan.contains("TEMP B-TREE"),
                    "no sort of every row: {plan}"
                );
            }
        }
    }
}
