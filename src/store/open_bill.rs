//! The bill being made, kept durably: one local row (`open_bill`) rewritten
//! whenever the bill on screen changes — lines, customer, payments already
//! entered — and read back on the next start, so Ctrl+Q, a crash, kill -9 or
//! a power cut (the store commits with `synchronous=FULL`) never loses a
//! half-made or part-paid bill. Like held bills it is not a business event:
//! nothing here touches `events`, stock or khata, and it never syncs.

use chrono::{DateTime, Utc};
use galla_domain::PartyId;
use galla_domain::bill::{Draft, PlanEntry};
use rusqlite::{OptionalExtension, params};
use serde::{Deserialize, Serialize};

use super::{Result, Store, StoreError, format_time};

/// The bill on screen, as it is kept.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OpenBill {
    /// The lines and discounts.
    pub draft: Draft,
    /// The customer attached, if any.
    pub customer_id: Option<PartyId>,
    /// Payments already entered.
    #[serde(default)]
    pub payments: Vec<PlanEntry>,
}

impl OpenBill {
    /// What the payments entered so far add up to.
    pub fn paid(&self) -> galla_domain::Money {
        self.payments.iter().map(|p| p.amount).sum()
    }

    /// Whether there is anything to keep.
    pub fn is_empty(&self) -> bool {
        self.draft.is_empty() && self.customer_id.is_none() && self.payments.is_empty()
    }
}

impl Store {
    /// Keeps the bill on screen (an empty one clears the row).
    pub fn keep_open_bill(&self, bill: &OpenBill, at: DateTime<Utc>) -> Result<()> {
        if self.is_read_only() {
            return Err(StoreError::ReadOnly);
        }
        if bill.is_empty() {
            self.conn
                .prepare_cached("DELETE FROM open_bill")?
                .execute([])?;
            return Ok(());
        }
        let body = serde_json::to_string(bill)
            .map_err(|e| StoreError::Invalid(format!("cannot keep the bill: {e}")))?;
        self.conn
            .prepare_cached(
                "INSERT INTO open_bill (slot, saved_at, body) VALUES (1, ?1, ?2)
                 ON CONFLICT (slot) DO UPDATE SET saved_at = excluded.saved_at, body = excluded.body",
            )?
            .execute(params![format_time(&at), body])?;
        Ok(())
    }

    /// The bill that was being made when galla last stopped, if any.
    pub fn open_bill(&self) -> Result<Option<OpenBill>> {
        let body: Option<String> = self
            .conn
            .prepare_cached("SELECT body FROM open_bill WHERE slot = 1")?
            .query_row([], |r| r.get(0))
            .optional()?;
        body.map(|b| {
            serde_json::from_str(&b).map_err(|_| {
                StoreError::Invalid(
                    "the bill kept from the last run cannot be read — it was left as it is".into(),
                )
            })
        })
        .transpose()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Access;
    use galla_domain::bill::{DraftLine, LineDiscount};
    use galla_domain::payload::PayMode;
    use galla_domain::{GstRate, Money, PriceMode, Qty, Regime, Supply, Unit, VariantId};

    #[test]
    fn kept_bill_reads_back_and_an_empty_one_clears_it() {
        let dir = tempfile::tempdir().expect("dir");
        let db = dir.path().join("shop.db");
        let store = Store::open(&db, Access::ReadWrite).expect("open");
        assert_eq!(store.open_bill().expect("read"), None);
        let mut draft = Draft::new(Supply::IntraState, Regime::Regular);
        let line = DraftLine {
            variant_id: VariantId::new(),
            sku: "JUTE-1".into(),
            name: "Jute Bag".into(),
            hsn: "4202".into(),
            qty: Qty::units(2),
            rate: Money::from_rupees(79),
            mrp: Money::from_rupees(99),
            cost: Money::from_rupees(40),
            discount: LineDiscount::None,
            gst_rate: GstRate::from_basis_points(500),
            price_mode: PriceMode::Inclusive,
            unit: Unit::Piece,
        };
        draft.add(line).expect("line");
        let bill = OpenBill {
            draft,
            customer_id: Some(PartyId::new()),
            payments: vec![PlanEntry {
                mode: PayMode::Upi,
                amount: Money::from_rupees(100),
                tendered: Money::from_rupees(100),
                reference: Some("4123".into()),
            }],
        };
        store.keep_open_bill(&bill, Utc::now()).expect("keep");
        drop(store);
        let store = Store::open(&db, Access::ReadWrite).expect("reopen");
        assert_eq!(store.open_bill().expect("read"), Some(bill.clone()));
        let empty = OpenBill {
            draft: Draft::new(Supply::IntraState, Regime::Regular),
            customer_id: None,
            payments: Vec::new(),
        };
        store.keep_open_bill(&empty, Utc::now()).expect("clear");
        assert_eq!(store.open_bill().expect("read"), None);
    }
}
