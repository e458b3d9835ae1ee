//! Outstanding, as of a day: receivables and payables per party with
//! their ageing (0–30, 31–60, 61–90, 90+ days; payments settle the oldest
//! dues first), read from the khata projection — the same figures as the
//! Khata pane and `galla parties`. A supplier's dues are what the shop owes.

use chrono::NaiveDate;
use galla_domain::{Money, PartyId};
use serde_json::{Value, json};

use super::Query;
use super::table::{Cell, Table};
use crate::store::{PartyRow, Store};

/// Receivables and payables.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Outstanding {
    /// The day dues are aged to.
    pub as_of: NaiveDate,
    /// Parties who owe the shop, the most first.
    pub receivable: Vec<PartyRow>,
    /// Parties the shop owes, the most first.
    pub payable: Vec<PartyRow>,
}

/// Reads the outstanding balances, aged as of `q`'s last day.
pub fn outstanding(store: &Store, q: &Query) -> anyhow::Result<Outstanding> {
    let terms = crate::settings::terms_days(&store.shop_settings()?);
    let rows = store.party_rows(None, q.period.to, q.tz, terms)?;
    let (mut receivable, mut payable): (Vec<PartyRow>, Vec<PartyRow>) = rows
        .into_iter()
        .filter(|r| !r.balance.is_zero())
        .partition(|r| r.balance > Money::ZERO);
    receivable.sort_by(|a, b| {
        b.balance
            .cmp(&a.balance)
            .then(a.party.name.cmp(&b.party.name))
    });
    payable.sort_by(|a, b| {
        a.balance
            .cmp(&b.balance)
            .then(a.party.name.cmp(&b.party.name))
    });
    Ok(Outstanding {
        as_of: q.period.to,
        receivable,
        payable,
    })
}

fn buckets(rows: &[PartyRow]) -> [Money; 4] {
    let mut out = [Money::ZERO; 4];
    for r in rows {
        for (o, b) in out.iter_mut().zip(r.ageing.buckets) {
            *o += b;
        }
    }
    out
}

impl Outstanding {
    /// The party on row `i` of [`Outstanding::tables`]' first table (the
    /// receivables, then the payables).
    pub fn party_at(&self, i: usize) -> Option<&PartyRow> {
        self.receivable.iter().chain(&self.payable).nth(i)
    }

    /// JSON (paise).
    pub fn json(&self) -> Value {
        let list = |rows: &[PartyRow], sign: i64| -> Vec<Value> {
            rows.iter()
                .map(|r| {
                    json!({
                        "party_id": r.party.party_id,
                        "name": r.party.name,
                        "phone": r.party.phone,
                        "kind": crate::store::enum_name(&r.party.kind),
                        "amount_paise": r.balance.paise() * sign,
                        "overdue_paise": r.ageing.overdue.paise(),
                        "oldest_due_date": r.ageing.oldest_due.map(|d| d.to_string()),
                        "ageing_paise": r.ageing.buckets.map(|m| m.paise()),
                    })
                })
                .collect()
        };
        let total =
            |rows: &[PartyRow]| -> i64 { rows.iter().map(|r| r.balance.paise().abs()).sum() };
        json!({
            "report": "outstanding",
            "as_of": self.as_of.to_string(),
            "receivable": list(&self.receivable, 1),
            "payable": list(&self.payable, -1),
            "receivable_paise": total(&self.receivable),
            "payable_paise": total(&self.payable),
            "receivable_ageing_paise": buckets(&self.receivable).map(|m| m.paise()),
            "payable_ageing_paise": buckets(&self.payable).map(|m| m.paise()),
        })
    }

    /// Key figures.
    pub fn summary(&self) -> Vec<(String, Cell)> {
        let total = |rows: &[PartyRow]| -> Money { rows.iter().map(|r| r.balance.abs()).sum() };
        let r = buckets(&self.receivable);
        vec![
            (
                "You will get".to_string(),
                Cell::Money(total(&self.receivable)),
            ),
            ("  of it 90+ days".to_string(), Cell::Money(r[3])),
            (
                "You will give".to_string(),
                Cell::Money(total(&self.payable)),
            ),
        ]
    }

    /// One table: receivables, then payables.
    pub fn tables(&self) -> Vec<Table> {
        let mut t = Table::new(
            "",
            &[
                "party", "", "amount", "0-30", "31-60", "61-90", "90+", "overdue",
            ],
        );
        for (rows, word) in [(&self.receivable, "get"), (&self.payable, "give")] {
            for r in rows.iter() {
                let mut row = vec![
                    Cell::Text(r.party.name.clone()),
                    Cell::Text(word.into()),
                    Cell::Money(r.balance.abs()),
                ];
                row.extend(r.ageing.buckets.map(Cell::Money));
                row.push(Cell::Money(r.ageing.overdue));
                t.rows.push(row);
            }
        }
        vec![t]
    }

    /// The party id on row `i`, for the reminder key.
    pub fn party_id_at(&self, i: usize) -> Option<PartyId> {
        self.party_at(i).map(|r| r.party.party_id)
    }
}
