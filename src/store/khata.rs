//! Parties and their khata read back from the projections: a party by id,
//! name or phone; the parties list with balances, dues and their age; and
//! one party's ledger with its running balance. Read-only.
//!
//! Signs: an amount is what the party owes the shop (a customer's bill on
//! khata is positive; a supplier's purchase on credit negative). For a
//! supplier the dues are what the shop owes, so they are aged with the sign
//! turned round.

use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Tz;
use galla_domain::ledger::{Ageing, Dated, Why, age};
use galla_domain::payload::PayMode;
use galla_domain::{BillId, Money, Party, PartyId, PartyKind};
use rusqlite::{OptionalExtension, Row};
use std::collections::HashMap;

use super::project::{enum_from_text, enum_text};
use super::{Result, Store, StoreError};

/// The columns [`party_from_row`] reads, in order.
pub(crate) const PARTY_COLUMNS: &str = "party_id, kind, name, phone, gstin, state_code, \
     credit_limit, address, terms_days, notes, whatsapp";

fn bad(i: usize) -> rusqlite::Error {
    rusqlite::Error::FromSqlConversionFailure(i, rusqlite::types::Type::Text, "bad value".into())
}

/// A party from a row of [`PARTY_COLUMNS`], starting at column 0.
pub(crate) fn party_from_row(r: &Row<'_>) -> rusqlite::Result<Party> {
    let id: String = r.get(0)?;
    let kind: String = r.get(1)?;
    Ok(Party {
        party_id: id.parse().map_err(|_| bad(0))?,
        kind: enum_from_text(&kind).ok_or_else(|| bad(1))?,
        name: r.get(2)?,
        phone: r.get(3)?,
        gstin: r.get(4)?,
        state_code: r.get(5)?,
        credit_limit: Money::from_paise(r.get(6)?),
        address: r.get(7)?,
        terms_days: r.get(8)?,
        notes: r.get(9)?,
        whatsapp: r.get(10)?,
    })
}

/// A party in the parties list.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PartyRow {
    /// The party.
    pub party: Party,
    /// What they owe the shop (negative: the shop owes them).
    pub balance: Money,
    /// Their dues (for a supplier: what the shop owes), aged.
    pub ageing: Ageing,
    /// When their khata last moved.
    pub last_activity: Option<DateTime<Utc>>,
    /// When a reminder was last sent.
    pub last_reminder: Option<DateTime<Utc>>,
}

/// One line of a party's khata.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KhataLine {
    /// When.
    pub at: DateTime<Utc>,
    /// Signed amount (positive: the party owes more).
    pub amount: Money,
    /// The balance after this line.
    pub balance: Money,
    /// What it was.
    pub why: Why,
    /// How the money moved (`Khata`: no money moved).
    pub mode: Option<PayMode>,
    /// The bill, if it was one.
    pub bill_id: Option<BillId>,
    /// The bill's number.
    pub bill_no: Option<String>,
    /// The supplier's invoice number of a purchase.
    pub head: Option<String>,
    /// A note (a cancel's reason).
    pub note: Option<String>,
    /// UPI or card reference.
    pub reference: Option<String>,
}

fn millis(ms: i64) -> DateTime<Utc> {
    DateTime::from_timestamp_millis(ms).unwrap_or_default()
}

impl Store {
    /// Parties matching a SQL condition on one text parameter.
    pub(crate) fn parties_where(
        &self,
        condition: &str,
        arg: &str,
        limit: usize,
    ) -> Result<Vec<Party>> {
        let sql = format!(
            "SELECT {PARTY_COLUMNS} FROM parties WHERE {condition} ORDER BY name LIMIT {limit}"
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map([arg], party_from_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// A party by id.
    pub fn party(&self, party_id: PartyId) -> Result<Option<Party>> {
        Ok(self
            .parties_where("party_id = ?1", &party_id.to_string(), 1)?
            .pop())
    }

    /// What a party owes (0 when nothing was ever put on their khata).
    pub fn party_balance(&self, party_id: PartyId) -> Result<Money> {
        let b: Option<i64> = self
            .conn
            .prepare_cached("SELECT balance FROM party_balances WHERE party_id = ?1")?
            .query_row([party_id.to_string()], |r| r.get(0))
            .optional()?;
        Ok(Money::from_paise(b.unwrap_or(0)))
    }

    /// The one party `who` names: a phone number (any Indian format), or a
    /// name — exactly, then the only one that starts with it, then the only
    /// one that contains it (case does not matter).
    pub fn find_party(&self, who: &str) -> Result<Party> {
        let who = who.trim();
        if let Ok(phone) = crate::text::phone(who) {
            if let Some(p) = self.parties_where("phone = ?1", &phone, 1)?.pop() {
                return Ok(p);
            }
            return Err(StoreError::Invalid(format!(
                "no customer or supplier has the phone number {phone}"
            )));
        }
        let tries = [
            ("lower(name) = lower(?1)", who.to_string()),
            ("lower(name) LIKE lower(?1) || '%'", who.to_string()),
            ("lower(name) LIKE '%' || lower(?1) || '%'", who.to_string()),
        ];
        for (condition, arg) in tries {
            let mut found = self.parties_where(condition, &arg, 6)?;
            match found.len() {
                0 => continue,
                1 => return Ok(found.remove(0)),
                _ => {
                    let names: Vec<String> = found
                        .iter()
                        .take(5)
                        .map(|p| match &p.phone {
                            Some(ph) => format!("{} ({ph})", p.name),
                            None => p.name.clone(),
                        })
                        .collect();
                    return Err(StoreError::Invalid(format!(
                        "\"{who}\" could be {} — give the phone number or the full name",
                        names.join(", ")
                    )));
                }
            }
        }
        Err(StoreError::Invalid(format!(
            "no customer or supplier is called \"{who}\" — `galla parties` lists them"
        )))
    }

    /// Every party (of one kind, or all), by name, with balances and aged
    /// dues as of `today` (shop-local days in `tz`); a party without their
    /// own terms has `default_terms` days.
    pub fn party_rows(
        &self,
        kind: Option<PartyKind>,
        today: NaiveDate,
        tz: Tz,
        default_terms: u16,
    ) -> Result<Vec<PartyRow>> {
        let mut lines: HashMap<String, Vec<(i64, i64)>> = HashMap::new();
        {
            let mut stmt = self
                .conn
                .prepare_cached("SELECT party_id, at_ms, amount FROM khata_lines")?;
            let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
            for row in rows {
                let (id, at, amount): (String, i64, i64) = row?;
                lines.entry(id).or_default().push((at, amount));
            }
        }
        let reminded: HashMap<String, i64> = self
            .conn
            .prepare_cached(
                "SELECT party_id, substr(max(stamp), 1, 8) FROM reminders GROUP BY party_id",
            )?
            .query_map([], |r| {
                let id: String = r.get(0)?;
                let head: Vec<u8> = r.get(1)?;
                Ok((id, head))
            })?
            .filter_map(|row| {
                let (id, head) = row.ok()?;
                let bytes: [u8; 8] = head.try_into().ok()?;
                Some((id, (u64::from_be_bytes(bytes) ^ (1u64 << 63)) as i64))
            })
            .collect();
        let condition = match kind {
            Some(k) => format!("kind = '{}'", enum_text(&k)),
            None => "1".to_string(),
        };
        let sql = format!(
            "SELECT {PARTY_COLUMNS}, coalesce(b.balance, 0) FROM parties p
             LEFT JOIN party_balances b USING (party_id)
             WHERE {condition} ORDER BY name"
        );
        let mut stmt = self.conn.prepare(&sql)?;
        let rows = stmt.query_map([], |r| Ok((party_from_row(r)?, r.get::<_, i64>(11)?)))?;
        let mut out = Vec::new();
        for row in rows {
            let (party, balance) = row?;
            let id = party.party_id.to_string();
            let own = lines.get(&id).map(Vec::as_slice).unwrap_or(&[]);
            let sign = if party.kind == PartyKind::Supplier {
                -1
            } else {
                1
            };
            let dated: Vec<Dated> = own
                .iter()
                .map(|&(at, amount)| Dated {
                    date: millis(at).with_timezone(&tz).date_naive(),
                    amount: Money::from_paise(amount * sign),
                })
                .collect();
            let terms = party.terms_days.unwrap_or(default_terms);
            out.push(PartyRow {
                ageing: age(&dated, terms, today),
                last_activity: own.iter().map(|l| l.0).max().map(millis),
                last_reminder: reminded.get(&id).copied().map(millis),
                balance: Money::from_paise(balance),
                party,
            });
        }
        Ok(out)
    }

    /// Every line of a party's khata, oldest first, with the running balance.
    pub fn khata_lines(&self, party_id: PartyId) -> Result<Vec<KhataLine>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT k.at_ms, k.amount, k.why, k.mode, k.bill_id, b.bill_no, k.head, k.note, k.reference
             FROM khata_lines k LEFT JOIN bills b ON b.bill_id = k.bill_id
             WHERE k.party_id = ?1 ORDER BY k.stamp",
        )?;
        let rows = stmt.query_map([party_id.to_string()], |r| {
            let why: String = r.get(2)?;
            let mode: Option<String> = r.get(3)?;
            let bill: Option<uuid::Uuid> = r.get(4)?;
            let bill_no: Option<String> = r.get(5)?;
            Ok(KhataLine {
                at: millis(r.get(0)?),
                amount: Money::from_paise(r.get(1)?),
                balance: Money::ZERO,
                why: Why::parse(&why).ok_or_else(|| bad(2))?,
                mode: mode.as_deref().and_then(enum_from_text),
                bill_id: bill.map(BillId),
                bill_no: bill_no.filter(|n| !n.is_empty()),
                head: r.get(6)?,
                note: r.get(7)?,
                reference: r.get(8)?,
            })
        })?;
        let mut running = Money::ZERO;
        let mut out = Vec::new();
        for row in rows {
            let mut line = row?;
            running += line.amount;
            line.balance = running;
            out.push(line);
        }
        Ok(out)
    }
}
