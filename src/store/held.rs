//! Held (parked) bills: drafts the cashier set aside to serve someone else,
//! kept in the local `held_bills` table so they survive a restart. Holding
//! is not a business event — nothing here touches `events`, stock or khata,
//! and held bills never sync.

use chrono::{DateTime, Utc};
use galla_domain::bill::Draft;
use galla_domain::{Money, PartyId};
use rusqlite::{OptionalExtension, params};

use super::{Result, Store, StoreError, format_time, parse_time};

/// A bill set aside.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HeldBill {
    /// Its row in `held_bills`.
    pub id: i64,
    /// When it was held.
    pub held_at: DateTime<Utc>,
    /// The customer attached, if any.
    pub customer_id: Option<PartyId>,
    /// The bill as it was.
    pub draft: Draft,
}

impl HeldBill {
    /// What it comes to now.
    pub fn total(&self) -> Money {
        self.draft.totals().grand_total()
    }
}

impl Store {
    /// Sets a draft aside; returns its id.
    pub fn hold_bill(
        &self,
        draft: &Draft,
        customer_id: Option<PartyId>,
        at: DateTime<Utc>,
    ) -> Result<i64> {
        if self.is_read_only() {
            return Err(StoreError::ReadOnly);
        }
        let json = serde_json::to_string(draft)
            .map_err(|e| StoreError::Invalid(format!("cannot keep the bill: {e}")))?;
        // Held and no longer "being made", in one commit: a crash between the
        // two can neither lose the bill nor keep it twice.
        let tx = self.conn.unchecked_transaction()?;
        tx.prepare_cached(
            "INSERT INTO held_bills (held_at, customer_id, draft) VALUES (?1, ?2, ?3)",
        )?
        .execute(params![
            format_time(&at),
            customer_id.map(|c| c.to_string()),
            json
        ])?;
        let id = tx.last_insert_rowid();
        tx.prepare_cached("DELETE FROM open_bill")?.execute([])?;
        tx.commit()?;
        Ok(id)
    }

    /// Every held bill, oldest first.
    pub fn held_bills(&self) -> Result<Vec<HeldBill>> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT id, held_at, customer_id, draft FROM held_bills ORDER BY id")?;
        let rows = stmt.query_map([], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, Option<String>>(2)?,
                r.get::<_, String>(3)?,
            ))
        })?;
        let mut out = Vec::new();
        for row in rows {
            out.push(read_held(row?)?);
        }
        Ok(out)
    }

    /// Takes a held bill back out (it is no longer held); `None` if another
    /// process took it first.
    pub fn take_held(&mut self, id: i64) -> Result<Option<HeldBill>> {
        if self.is_read_only() {
            return Err(StoreError::ReadOnly);
        }
        let tx = self.conn.transaction()?;
        let row = tx
            .prepare_cached("SELECT id, held_at, customer_id, draft FROM held_bills WHERE id = ?1")?
            .query_row([id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
            .optional()?;
        let Some(row) = row else {
            return Ok(None);
        };
        let held = read_held(row)?;
        tx.prepare_cached("DELETE FROM held_bills WHERE id = ?1")?
            .execute([id])?;
        // Taken back and "being made" again in one commit.
        let open = super::OpenBill {
            draft: held.draft.clone(),
            customer_id: held.customer_id,
            payments: Vec::new(),
        };
        let body = serde_json::to_string(&open)
            .map_err(|e| StoreError::Invalid(format!("cannot keep the bill: {e}")))?;
        tx.prepare_cached(
            "INSERT INTO open_bill (slot, saved_at, body) VALUES (1, ?1, ?2)
             ON CONFLICT (slot) DO UPDATE SET saved_at = excluded.saved_at, body = excluded.body",
        )?
        .execute(params![format_time(&Utc::now()), body])?;
        tx.commit()?;
        Ok(Some(held))
    }
}

fn read_held(row: (i64, String, Option<String>, String)) -> Result<HeldBill> {
    let (id, at, customer, draft) = row;
    let bad = |what: &str| StoreError::Invalid(format!("held bill {id} has a bad {what}"));
    Ok(HeldBill {
        id,
        held_at: parse_time(&at).ok_or_else(|| bad("time"))?,
        customer_id: customer
            .map(|c| c.parse().map_err(|_| bad("customer")))
            .transpose()?,
        draft: serde_json::from_str(&draft).map_err(|_| bad("bill"))?,
    })
}
