//! Sales by the person who made them and by counter. The person is the
//! event's actor: until users sign in with PINs (issue 15) a counter's
//! events carry the owner, so the split by counter is the one to read.

use galla_domain::StaffId;
use serde_json::{Value, json};
use std::collections::{BTreeMap, HashMap};

use super::daily::{Totals, merge, totals_by, totals_json};
use super::table::{Cell, Table};
use super::{Period, Query};
use crate::store::Store;

/// Sales by person and by counter.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StaffSales {
    /// The days.
    pub period: Period,
    /// (name, totals), the most net sales first.
    pub people: Vec<(String, Totals)>,
    /// (counter, totals), by counter.
    pub counters: Vec<(String, Totals)>,
    /// Everything.
    pub totals: Totals,
}

/// Works out sales by person and counter for `q`.
pub fn compute(store: &Store, q: &Query) -> anyhow::Result<StaffSales> {
    let names: HashMap<StaffId, String> = store
        .staff_rows()?
        .into_iter()
        .map(|r| (r.staff.staff_id, r.staff.name))
        .collect();
    let labels = store.counter_labels()?;
    let split = totals_by(store, q, q.period, |r| (r.actor, r.device_id))?;
    let mut people: BTreeMap<String, Totals> = BTreeMap::new();
    let mut counters: BTreeMap<String, Totals> = BTreeMap::new();
    let mut totals = Totals::default();
    for ((actor, device), t) in &split {
        let name = names
            .get(actor)
            .cloned()
            .unwrap_or_else(|| format!("staff {}", &actor.to_string()[..8]));
        merge(people.entry(name).or_default(), t);
        let counter = labels
            .get(device)
            .cloned()
            .unwrap_or_else(|| device.to_string()[..8].to_string());
        merge(counters.entry(counter).or_default(), t);
        merge(&mut totals, t);
    }
    let mut people: Vec<(String, Totals)> = people.into_iter().collect();
    people.sort_by(|a, b| b.1.net().cmp(&a.1.net()).then(a.0.cmp(&b.0)));
    Ok(StaffSales {
        period: q.period,
        people,
        counters: counters.into_iter().collect(),
        totals,
    })
}

fn rows(title: &str, first: &str, list: &[(String, Totals)]) -> Table {
    let mut t = Table::new(
        title,
        &[
            first,
            "bills",
            "sales",
            "returns",
            "refunds",
            "net sales",
            "average",
        ],
    );
    for (name, x) in list {
        t.rows.push(vec![
            Cell::Text(name.clone()),
            Cell::Count(x.bills),
            Cell::Money(x.sales),
            Cell::Count(x.returns),
            Cell::Money(x.refunds()),
            Cell::Money(x.net()),
            Cell::Money(x.average()),
        ]);
    }
    t
}

impl StaffSales {
    /// JSON (paise).
    pub fn json(&self) -> Value {
        let list = |key: &str, l: &[(String, Totals)]| -> Vec<Value> {
            l.iter()
                .map(|(n, t)| {
                    let mut v = totals_json(t);
                    v[key] = json!(n);
                    v
                })
                .collect()
        };
        json!({
            "report": "staff",
            "from": self.period.from.to_string(),
            "to": self.period.to.to_string(),
            "people": list("name", &self.people),
            "counters": list("counter", &self.counters),
            "total": totals_json(&self.totals),
        })
    }

    /// Key figures.
    pub fn summary(&self) -> Vec<(String, Cell)> {
        vec![
            ("Bills".to_string(), Cell::Count(self.totals.bills)),
            ("Net sales".to_string(), Cell::Money(self.totals.net())),
            ("People".to_string(), Cell::Count(self.people.len() as i64)),
        ]
    }

    /// By person (the CSV), by counter.
    pub fn tables(&self) -> Vec<Table> {
        vec![
            rows("By person", "person", &self.people),
            rows("By counter", "counter", &self.counters),
        ]
    }
}
