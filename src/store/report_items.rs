//! The item facts the reports read, keyed by report number: sales (by
//! slot, or by span for a long period's whole spans), goods received, last
//! dates, and the stock by catalogue place. Columns are read where they
//! lie, only those a report uses: a year is 1.5 million rows. Read-only.

use galla_domain::projection::report::{ItemSums, LastDates, SPAN_SLOTS};
use galla_domain::{GstRate, LocationId, Money, PartyId, Qty};
use rusqlite::{OptionalExtension, params};
use std::ops::Range;

use super::report_catalogue::{NONE, ReportCatalogue};
use super::{Result, Store};

/// An integer column, read where it lies (a year is millions of them).
fn int(r: &rusqlite::Row<'_>, i: usize) -> rusqlite::Result<i64> {
    Ok(r.get_ref(i)?.as_i64()?)
}

/// An integer column that may be NULL, read where it lies.
fn int_or_null(r: &rusqlite::Row<'_>, i: usize) -> rusqlite::Result<Option<i64>> {
    Ok(r.get_ref(i)?.as_i64_or_null()?)
}

/// `slots` as the spans wholly inside it and the slots before and after
/// them (no spans, and all of `slots`, when none fits).
fn split(slots: Range<i64>) -> (Range<i64>, [Range<i64>; 2]) {
    let first = -(-slots.start).div_euclid(SPAN_SLOTS);
    let end = slots.end.div_euclid(SPAN_SLOTS);
    if first < end {
        (
            first..end,
            [slots.start..first * SPAN_SLOTS, end * SPAN_SLOTS..slots.end],
        )
    } else {
        (0..0, [slots, 0..0])
    }
}

/// Goods of one variant received in one slot from one supplier.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReceivedRow {
    /// The supplier's report number (0: none named; see
    /// [`Store::report_party`]).
    pub supplier: u32,
    /// The variant's report number (see [`Store::report_numbers`]).
    pub variant: u32,
    /// At cost.
    pub value: Money,
}

impl Store {
    /// The party a report number names (a supplier of goods received; 0
    /// names none).
    pub fn report_party(&self, number: u32) -> Result<Option<PartyId>> {
        let text: Option<String> = self
            .conn
            .prepare_cached("SELECT id FROM report_ids WHERE n = ?1")?
            .query_row([number], |r| r.get(0))
            .optional()?;
        Ok(text.and_then(|t| t.parse().ok()))
    }

    /// Calls `f` with every item's sales in `slots` (at one location or
    /// all): the variant's report number, GST rate billed, sums — an item
    /// may come more than once (by span, then by slot at the ends).
    pub fn for_each_report_item(
        &self,
        slots: Range<i64>,
        location: Option<LocationId>,
        mut f: impl FnMut(u32, GstRate, &ItemSums),
    ) -> Result<()> {
        self.item_rows(
            slots,
            location,
            "variant_n, gst_bp, sold_milli, taxable, cgst, sgst, igst",
            |r| {
                let sums = ItemSums {
                    sold: Qty::from_milli(int(r, 2)?),
                    taxable: Money::from_paise(int(r, 3)?),
                    cgst: Money::from_paise(int(r, 4)?),
                    sgst: Money::from_paise(int(r, 5)?),
                    igst: Money::from_paise(int(r, 6)?),
                };
                let variant = u32::try_from(int(r, 0)?).unwrap_or(NONE);
                let rate = u16::try_from(int(r, 1)?).unwrap_or(0);
                f(variant, GstRate::from_basis_points(rate), &sums);
                Ok(())
            },
        )
    }

    /// Calls `f` with the quantity of every item sold in `slots` (at one
    /// location or all): the variant's report number and quantity, an
    /// item more than once (by span, then by slot at the ends).
    pub fn for_each_report_sold(
        &self,
        slots: Range<i64>,
        location: Option<LocationId>,
        mut f: impl FnMut(u32, Qty),
    ) -> Result<()> {
        self.item_rows(slots, location, "variant_n, sold_milli", |r| {
            let variant = u32::try_from(int(r, 0)?).unwrap_or(NONE);
            f(variant, Qty::from_milli(int(r, 1)?));
            Ok(())
        })
    }

    /// Calls `f` with `columns` of the item rows that make up `slots`: the
    /// spans wholly inside it from `report_item_spans`, the slots at its
    /// two ends from `report_items`.
    fn item_rows(
        &self,
        slots: Range<i64>,
        location: Option<LocationId>,
        columns: &str,
        mut f: impl FnMut(&rusqlite::Row<'_>) -> rusqlite::Result<()>,
    ) -> Result<()> {
        let Some(location) = self.location_number(location)? else {
            return Ok(());
        };
        let (spans, ends) = split(slots);
        let parts = [("report_item_spans", "span", spans)]
            .into_iter()
            .chain(ends.map(|r| ("report_items", "slot", r)));
        for (table, key, range) in parts.filter(|p| !p.2.is_empty()) {
            let mut stmt = self.conn.prepare_cached(&format!(
                "SELECT {columns} FROM {table}
                 WHERE {key} >= ?1 AND {key} < ?2 AND (?3 IS NULL OR location_n = ?3)"
            ))?;
            let mut rows = stmt.query(params![range.start, range.end, location])?;
            while let Some(r) = rows.next()? {
                f(r)?;
            }
        }
        Ok(())
    }

    /// Calls `f` with what every item sold in `slots` (at one location or
    /// all): the variant's report number, quantity, taxable value, from the
    /// slot rows (a caller that needs the time asks slot range by slot
    /// range: a column less on every row of a year's 1.5 million).
    pub fn for_each_report_sale(
        &self,
        slots: Range<i64>,
        location: Option<LocationId>,
        mut f: impl FnMut(u32, Qty, Money),
    ) -> Result<()> {
        let Some(location) = self.location_number(location)? else {
            return Ok(());
        };
        let mut stmt = self.conn.prepare_cached(
            "SELECT variant_n, sold_milli, taxable FROM report_items
             WHERE slot >= ?1 AND slot < ?2 AND (?3 IS NULL OR location_n = ?3)",
        )?;
        let mut rows = stmt.query(params![slots.start, slots.end, location])?;
        while let Some(r) = rows.next()? {
            let variant = u32::try_from(int(r, 0)?).unwrap_or(NONE);
            f(
                variant,
                Qty::from_milli(int(r, 1)?),
                Money::from_paise(int(r, 2)?),
            );
        }
        Ok(())
    }

    /// The report number of `location` (`Some(None)`: every location;
    /// `None`: one that nothing was ever sold at).
    fn location_number(&self, location: Option<LocationId>) -> Result<Option<Option<i64>>> {
        match location {
            Some(l) => Ok(self.report_number(&l.to_string())?.map(Some)),
            None => Ok(Some(None)),
        }
    }

    /// The report number of `id`, if it has one.
    fn report_number(&self, id: &str) -> Result<Option<i64>> {
        Ok(self
            .conn
            .prepare_cached("SELECT n FROM report_ids WHERE id = ?1")?
            .query_row([id], |r| r.get(0))
            .optional()?)
    }

    /// Goods received in `slots`.
    pub fn report_received(&self, slots: Range<i64>) -> Result<Vec<ReceivedRow>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT supplier_n, variant_n, value
             FROM report_received WHERE slot >= ?1 AND slot < ?2",
        )?;
        let rows = stmt.query_map(params![slots.start, slots.end], |r| {
            Ok(ReceivedRow {
                supplier: u32::try_from(int(r, 0)?).unwrap_or(NONE),
                variant: u32::try_from(int(r, 1)?).unwrap_or(NONE),
                value: Money::from_paise(int(r, 2)?),
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Each item's last sale and receipt, by its place in `cat`.
    pub fn report_last_dates(&self, cat: &ReportCatalogue) -> Result<Vec<LastDates>> {
        let numbers = self.report_numbers(cat)?;
        let mut out = vec![LastDates::default(); cat.len()];
        let mut stmt = self
            .conn
            .prepare_cached("SELECT variant_n, sold_ms, received_ms FROM report_last")?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let n = usize::try_from(r.get::<_, i64>(0)?).unwrap_or(usize::MAX);
            if let Some(&at) = numbers.get(n)
                && let Some(dates) = out.get_mut(at as usize)
            {
                *dates = LastDates {
                    sold_ms: int_or_null(r, 1)?,
                    received_ms: int_or_null(r, 2)?,
                };
            }
        }
        Ok(out)
    }

    /// Each item's stock at one location or in all, by its place in `cat`.
    pub fn report_stock(
        &self,
        cat: &ReportCatalogue,
        location: Option<LocationId>,
    ) -> Result<Vec<Qty>> {
        // Items go by their report number, as the other report tables do.
        let numbers = self.report_numbers(cat)?;
        let mut stmt = self.conn.prepare_cached(
            "SELECT variant_n, qty_milli FROM stock
             WHERE qty_milli <> 0
               AND (?1 IS NULL OR location_n = (SELECT n FROM report_ids WHERE id = ?1))",
        )?;
        let mut rows = stmt.query([location.map(|l| l.to_string())])?;
        let mut out = vec![Qty::ZERO; cat.len()];
        while let Some(r) = rows.next()? {
            let n = usize::try_from(int(r, 0)?).unwrap_or(usize::MAX);
            if let Some(&at) = numbers.get(n)
                && let Some(qty) = out.get_mut(at as usize)
            {
                *qty += Qty::from_milli(int(r, 1)?);
            }
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::{SPAN_SLOTS, split};

    #[test]
    fn a_period_splits_into_whole_spans_and_its_two_ends() {
        let w = SPAN_SLOTS;
        assert_eq!(split(10..20), (0..0, [10..20, 0..0]), "inside one span");
        assert_eq!(split(0..w), (0..1, [0..0, w..w]), "exactly one span");
        assert_eq!(
            split(w - 5..3 * w + 7),
            (1..3, [w - 5..w, 3 * w..3 * w + 7])
        );
        assert_eq!(split(-w - 1..w), (-1..1, [-w - 1..-w, w..w]), "before 1970");
        assert_eq!(split(w - 5..w + 5), (0..0, [w - 5..w + 5, 0..0]));
    }
}
