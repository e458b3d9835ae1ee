//! SKUs that two counters created separately (both imported the same
//! catalogue while offline): every counter resolves them the same way, by
//! the order every counter agrees on — the variant created first (by its
//! `(occurred_at, event_id)` stamp) keeps the SKU; the others are
//! *duplicates*: no scan or typed SKU picks them, their stock and history
//! stay as they are, and they are listed under "needs attention" with what
//! to do. Derived from the projections alone, so it needs no table of its
//! own and cannot depend on arrival order.
//!
//! A barcode that two *live* (not duplicate) variants share is not guessed:
//! `exact_items` returns both and billing asks which one.

use galla_domain::{Stamp, VariantId};
use rusqlite::params;

use super::{AttentionRow, Result, Store, StoreError};

/// The state word of a duplicate in the Sync pane's list.
pub const DUPLICATE: &str = "duplicate";

/// A variant is live when no variant with its SKU was created before it.
///
/// The look-ups name `variants` first with `CROSS JOIN`, which SQLite never
/// reorders: left to itself (no statistics) it read all 100,000 `lww` rows
/// of register 'variant' and looked each variant up, 60 ms a scan on the
/// benchmark shop, instead of going through the barcode or SKU index and
/// then one `lww` row (a test reads the plans). The list of duplicates first
/// finds the SKUs that more than one variant has (one pass over the SKU
/// index, 20 ms on that shop instead of 75), then looks only those up.
const LIVE: &str = "NOT EXISTS (
    SELECT 1 FROM variants w CROSS JOIN lww t ON t.register = 'variant' AND t.key = w.variant_id
     WHERE w.sku = v.sku AND w.variant_id <> v.variant_id AND t.stamp < s.stamp)";

/// The live variants whose barcode is `?1`.
fn by_barcode() -> String {
    format!(
        "SELECT v.variant_id FROM variants v
           CROSS JOIN lww s ON s.register = 'variant' AND s.key = v.variant_id
          WHERE v.barcode = ?1 AND {LIVE} ORDER BY v.sku, v.variant_id"
    )
}

/// The live variant whose SKU is `?1` (in any case).
fn by_sku() -> String {
    format!(
        "SELECT v.variant_id FROM variants v
           CROSS JOIN lww s ON s.register = 'variant' AND s.key = v.variant_id
          WHERE v.sku IN (?1, upper(?1)) AND {LIVE} LIMIT 1"
    )
}

fn ids(rows: Vec<String>) -> Result<Vec<VariantId>> {
    rows.into_iter()
        .map(|t| {
            t.parse()
                .map_err(|_| StoreError::Invalid(format!("bad stored variant id {t:?}")))
        })
        .collect()
}

impl Store {
    /// The live variants whose barcode is `code`, or else the one whose SKU
    /// is (in any case): empty when none, several when live variants share
    /// the barcode.
    pub fn exact_items(&self, code: &str) -> Result<Vec<VariantId>> {
        let query = |sql: &str| -> Result<Vec<String>> {
            let mut stmt = self.conn.prepare_cached(sql)?;
            let rows = stmt.query_map(params![code], |r| r.get(0))?;
            Ok(rows.collect::<rusqlite::Result<_>>()?)
        };
        let found = query(&by_barcode())?;
        if !found.is_empty() {
            return ids(found);
        }
        ids(query(&by_sku())?)
    }

    /// The one live variant `code` names; an error in words when live
    /// variants share it as their barcode (name it by SKU instead).
    pub fn exact_item(&self, code: &str) -> Result<Option<VariantId>> {
        let found = self.exact_items(code)?;
        match found.as_slice() {
            [] => Ok(None),
            [one] => Ok(Some(*one)),
            many => Err(StoreError::Invalid(format!(
                "{} items share the barcode {code}: name the item by its SKU",
                many.len()
            ))),
        }
    }

    /// Every duplicate variant with the one that keeps its SKU, as rows of
    /// the Sync pane's list (oldest SKU first).
    pub fn duplicates(&self, limit: usize) -> Result<Vec<AttentionRow>> {
        let mut stmt = self.conn.prepare_cached(
            "WITH shared AS (SELECT sku FROM variants GROUP BY sku HAVING count(*) > 1)
             SELECT v.sku, v.variant_id, s.stamp, w.variant_id, t.stamp
               FROM shared CROSS JOIN variants v ON v.sku = shared.sku
               CROSS JOIN lww s ON s.register = 'variant' AND s.key = v.variant_id
               CROSS JOIN variants w ON w.sku = v.sku AND w.variant_id <> v.variant_id
               CROSS JOIN lww t ON t.register = 'variant' AND t.key = w.variant_id
              WHERE t.stamp < s.stamp
                AND NOT EXISTS (
                    SELECT 1 FROM variants x CROSS JOIN lww u ON u.register = 'variant' AND u.key = x.variant_id
                     WHERE x.sku = v.sku AND u.stamp < t.stamp)
              ORDER BY v.sku, s.stamp LIMIT ?1",
        )?;
        let rows = stmt.query_map([i64::try_from(limit).unwrap_or(i64::MAX)], |r| {
            let stamp = |i: usize| -> rusqlite::Result<Option<Stamp>> {
                Ok(Stamp::from_bytes(&r.get::<_, Vec<u8>>(i)?))
            };
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                stamp(2)?,
                r.get::<_, String>(3)?,
                stamp(4)?,
            ))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (sku, loser, loser_at, winner, winner_at) = row?;
            let when = |s: Option<Stamp>| {
                s.and_then(|s| chrono::DateTime::from_timestamp_millis(s.millis))
            };
            let short = |id: &str| {
                id.chars()
                    .rev()
                    .take(6)
                    .collect::<String>()
                    .chars()
                    .rev()
                    .collect::<String>()
            };
            let winner_when = when(winner_at)
                .map(|t| t.format("%d %b %H:%M UTC").to_string())
                .unwrap_or_default();
            out.push(AttentionRow {
                device_seq: 0,
                kind: "VARIANT".into(),
                occurred_at: when(loser_at),
                state: DUPLICATE.into(),
                reason: format!(
                    "SKU {sku} was added on two counters: the one added first (…{}, {winner_when}) \
                     keeps it; this one (…{}) is no longer scanned",
                    short(&winner),
                    short(&loser),
                ),
            });
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::{by_barcode, by_sku};
    use crate::store::schema::plan;

    /// A scan is a look-up: the barcode (or SKU) index first, then one
    /// register row per variant found, also inside the "is it live" check.
    /// Before, SQLite read every variant's register row (60 ms a scan on
    /// the 100,000-variant shop).
    #[test]
    fn a_scan_goes_through_the_code_index_then_one_register_row() {
        for (sql, index) in [
            (by_barcode(), "variants_barcode"),
            (by_sku(), "variants_sku"),
        ] {
            let plan = plan(&sql);
            let first = plan.lines().next().unwrap_or_default();
            assert!(first.contains(&format!("USING INDEX {index}")), "{plan}");
            assert!(
                !plan.contains("(register=?)"),
                "a range of registers is read:\n{plan}"
            );
            assert!(!plan.contains("SCAN"), "{plan}");
        }
    }
}
