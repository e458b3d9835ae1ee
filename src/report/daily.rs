//! Daily sales (the day book): bills, cancellations, returns, net sales,
//! tax and discounts, by payment mode, counter, hour and day, the average
//! bill, and the same figures for the period it is compared with (a day or
//! a week: the same days a week before). Net sales are the bills' totals
//! less the refunds of the returns taken in the period, so they equal the
//! sum of `galla bills` for the same days (cancelled bills left out) less
//! the credit notes.

use chrono::NaiveDate;
use galla_domain::Money;
use galla_domain::projection::report::{BillFact, MODES, SlotSums, mode_index};
use serde_json::{Value, json};
use std::collections::BTreeMap;

use super::table::{Cell, Table, share};
use super::{Period, Query, local_hour};
use crate::store::{SlotRow, Store};

/// The figures of some bills and returns.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Totals {
    /// Bills kept (not cancelled).
    pub bills: i64,
    /// Their grand totals.
    pub sales: Money,
    /// Discounts on them.
    pub discount: Money,
    /// Taxable value.
    pub taxable: Money,
    /// Central tax.
    pub cgst: Money,
    /// State tax.
    pub sgst: Money,
    /// Integrated tax.
    pub igst: Money,
    /// Round-off.
    pub round_off: Money,
    /// Paid by mode (cash, UPI, card, khata).
    pub paid: [Money; 4],
    /// Bills cancelled.
    pub cancelled: i64,
    /// What they were worth.
    pub cancelled_value: Money,
    /// Returns taken (credit notes).
    pub returns: i64,
    /// Refunded by mode.
    pub refunded: [Money; 4],
}

impl Totals {
    /// Adds a slot's sums (cancelled bills still in them).
    pub fn add(&mut self, s: &SlotSums) {
        self.bills += s.bills;
        self.sales += s.total;
        self.discount += s.discount;
        self.taxable += s.taxable;
        self.cgst += s.cgst;
        self.sgst += s.sgst;
        self.igst += s.igst;
        self.round_off += s.round_off;
        self.returns += s.returns;
        for i in 0..4 {
            self.paid[i] += s.paid[i];
            self.refunded[i] += s.refunded[i];
        }
    }

    /// Takes a cancelled bill back out, and counts it as cancelled.
    pub fn cancel(&mut self, b: &BillFact) {
        let (taxable, cgst, sgst, igst) = b.taxes();
        self.bills -= 1;
        self.sales -= b.total;
        self.discount -= b.discount;
        self.taxable -= taxable;
        self.cgst -= cgst;
        self.sgst -= sgst;
        self.igst -= igst;
        self.round_off -= b.round_off;
        for i in 0..4 {
            self.paid[i] -= b.paid[i];
        }
        self.cancelled += 1;
        self.cancelled_value += b.total;
    }

    /// Everything refunded.
    pub fn refunds(&self) -> Money {
        self.refunded.iter().copied().sum()
    }

    /// Sales less refunds.
    pub fn net(&self) -> Money {
        self.sales - self.refunds()
    }

    /// All the tax.
    pub fn tax(&self) -> Money {
        self.cgst + self.sgst + self.igst
    }

    /// The average bill (0 with no bills).
    pub fn average(&self) -> Money {
        if self.bills <= 0 {
            return Money::ZERO;
        }
        let (s, n) = (self.sales.paise(), self.bills);
        Money::from_paise((2 * s + n) / (2 * n))
    }
}

/// Slot sums and cancelled bills of `q`'s location over `period`, each
/// added to the totals `key` picks for its slot (a day, an hour, a
/// counter, a person).
pub fn totals_by<K: Ord>(
    store: &Store,
    q: &Query,
    period: Period,
    mut key: impl FnMut(&SlotRow) -> K,
) -> anyhow::Result<BTreeMap<K, Totals>> {
    let slots = period.slots(q.tz);
    let mut out: BTreeMap<K, Totals> = BTreeMap::new();
    for row in store.report_slots(slots.clone(), q.location_id())? {
        out.entry(key(&row)).or_default().add(&row.sums);
    }
    for c in store.report_cancelled(slots, q.location_id())? {
        let f = &c.fact;
        let row = SlotRow {
            slot: galla_domain::projection::report::slot_of(f.at_ms),
            device_id: f.device_id,
            location_id: f.location_id,
            actor: f.actor,
            sums: SlotSums::default(),
        };
        out.entry(key(&row)).or_default().cancel(f);
    }
    Ok(out)
}

/// One hour's or one day's bills and net sales.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Bucket {
    /// Bills kept.
    pub bills: i64,
    /// Net sales.
    pub net: Money,
}

/// The daily sales report.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Daily {
    /// The days.
    pub period: Period,
    /// Everything in the period.
    pub totals: Totals,
    /// By counter: (label, totals).
    pub by_counter: Vec<(String, Totals)>,
    /// By shop-local hour, 0–23.
    pub by_hour: [Bucket; 24],
    /// By day, every day of the period.
    pub by_day: Vec<(NaiveDate, Totals)>,
    /// The period compared with, and its totals.
    pub compare: (Period, Totals),
}

/// Works out the daily sales for `q`.
pub fn compute(store: &Store, q: &Query) -> anyhow::Result<Daily> {
    let tz = q.tz;
    let labels = store.counter_labels()?;
    let detailed = totals_by(store, q, q.period, |r| {
        let (date, hour) = local_hour(r.slot, tz);
        (date, hour, r.device_id)
    })?;
    let mut totals = Totals::default();
    let mut by_hour = [Bucket::default(); 24];
    let mut by_day: BTreeMap<NaiveDate, Totals> =
        q.period.dates().map(|d| (d, Totals::default())).collect();
    let mut by_counter: BTreeMap<String, Totals> = BTreeMap::new();
    for ((date, hour, device), t) in &detailed {
        merge(&mut totals, t);
        let b = &mut by_hour[*hour as usize % 24];
        b.bills += t.bills;
        b.net += t.net();
        merge(by_day.entry(*date).or_default(), t);
        let label = labels
            .get(device)
            .cloned()
            .unwrap_or_else(|| device.to_string()[..8].to_string());
        merge(by_counter.entry(label).or_default(), t);
    }
    let compare = q.period.comparison();
    let mut before = Totals::default();
    for t in totals_by(store, q, compare, |_| ())?.values() {
        merge(&mut before, t);
    }
    Ok(Daily {
        period: q.period,
        totals,
        by_counter: by_counter.into_iter().collect(),
        by_hour,
        by_day: by_day.into_iter().collect(),
        compare: (compare, before),
    })
}

/// Adds `b` into `a`.
pub fn merge(a: &mut Totals, b: &Totals) {
    a.bills += b.bills;
    a.sales += b.sales;
    a.discount += b.discount;
    a.taxable += b.taxable;
    a.cgst += b.cgst;
    a.sgst += b.sgst;
    a.igst += b.igst;
    a.round_off += b.round_off;
    a.cancelled += b.cancelled;
    a.cancelled_value += b.cancelled_value;
    a.returns += b.returns;
    for i in 0..4 {
        a.paid[i] += b.paid[i];
        a.refunded[i] += b.refunded[i];
    }
}

/// The lower-case name of the mode at `i` of [`MODES`].
pub fn mode_name(i: usize) -> &'static str {
    ["cash", "upi", "card", "khata"][i % 4]
}

/// The totals as JSON (paise).
pub fn totals_json(t: &Totals) -> Value {
    json!({
        "bills": t.bills,
        "sales_paise": t.sales.paise(),
        "discount_paise": t.discount.paise(),
        "taxable_paise": t.taxable.paise(),
        "cgst_paise": t.cgst.paise(),
        "sgst_paise": t.sgst.paise(),
        "igst_paise": t.igst.paise(),
        "tax_paise": t.tax().paise(),
        "round_off_paise": t.round_off.paise(),
        "cancelled_bills": t.cancelled,
        "cancelled_paise": t.cancelled_value.paise(),
        "returns": t.returns,
        "refunds_paise": t.refunds().paise(),
        "net_sales_paise": t.net().paise(),
        "average_bill_paise": t.average().paise(),
    })
}

impl Daily {
    /// The change in net sales from the period compared with, in basis points.
    pub fn change(&self) -> Option<i64> {
        let before = self.compare.1.net().paise();
        share(self.totals.net().paise() - before, before)
    }

    /// JSON (paise).
    pub fn json(&self) -> Value {
        let t = &self.totals;
        let mut v = totals_json(t);
        let modes: Vec<Value> = MODES
            .iter()
            .map(|&m| {
                let i = mode_index(m);
                json!({
                    "mode": mode_name(i),
                    "sales_paise": t.paid[i].paise(),
                    "refunds_paise": t.refunded[i].paise(),
                    "net_paise": (t.paid[i] - t.refunded[i]).paise(),
                })
            })
            .collect();
        let counters: Vec<Value> = self
            .by_counter
            .iter()
            .map(|(c, t)| {
                let mut v = totals_json(t);
                v["counter"] = json!(c);
                v
            })
            .collect();
        let hours: Vec<Value> = self
            .by_hour
            .iter()
            .enumerate()
            .map(|(h, b)| json!({"hour": h, "bills": b.bills, "net_sales_paise": b.net.paise()}))
            .collect();
        let days: Vec<Value> = self
            .by_day
            .iter()
            .map(|(d, t)| {
                let mut v = totals_json(t);
                v["date"] = json!(d.to_string());
                v
            })
            .collect();
        let (p, before) = &self.compare;
        v["report"] = json!("daily");
        v["from"] = json!(self.period.from.to_string());
        v["to"] = json!(self.period.to.to_string());
        v["by_mode"] = json!(modes);
        v["by_counter"] = json!(counters);
        v["by_hour"] = json!(hours);
        v["by_day"] = json!(days);
        v["compare"] = json!({
            "from": p.from.to_string(),
            "to": p.to.to_string(),
            "bills": before.bills,
            "net_sales_paise": before.net().paise(),
        });
        v
    }

    /// Key figures.
    pub fn summary(&self) -> Vec<(String, Cell)> {
        let t = &self.totals;
        let mut out = vec![
            ("Bills".to_string(), Cell::Count(t.bills)),
            ("Sales".to_string(), Cell::Money(t.sales)),
            ("Discounts".to_string(), Cell::Money(t.discount)),
            ("Taxable value".to_string(), Cell::Money(t.taxable)),
            ("CGST".to_string(), Cell::Money(t.cgst)),
            ("SGST".to_string(), Cell::Money(t.sgst)),
        ];
        if !t.igst.is_zero() {
            out.push(("IGST".to_string(), Cell::Money(t.igst)));
        }
        out.push((
            format!("Cancelled ({})", t.cancelled),
            Cell::Money(t.cancelled_value),
        ));
        out.push((
            format!("Returns ({})", t.returns),
            Cell::Money(-t.refunds()),
        ));
        out.push(("Net sales".to_string(), Cell::Money(t.net())));
        out.push(("Average bill".to_string(), Cell::Money(t.average())));
        let (p, before) = &self.compare;
        out.push((
            format!("Net sales {}", p.label()),
            Cell::Money(before.net()),
        ));
        out.push(("Change".to_string(), Cell::Pct(self.change())));
        out
    }

    /// Every figure of every day (the CSV).
    pub fn csv_table(&self) -> Table {
        let mut days = Table::new(
            "By day",
            &[
                "date",
                "bills",
                "sales",
                "discount",
                "taxable",
                "cgst",
                "sgst",
                "igst",
                "cancelled",
                "returns",
                "refunds",
                "net sales",
                "cash",
                "upi",
                "card",
                "khata",
            ],
        );
        for (d, t) in &self.by_day {
            let mut row = vec![
                Cell::Text(d.to_string()),
                Cell::Count(t.bills),
                Cell::Money(t.sales),
                Cell::Money(t.discount),
                Cell::Money(t.taxable),
                Cell::Money(t.cgst),
                Cell::Money(t.sgst),
                Cell::Money(t.igst),
                Cell::Count(t.cancelled),
                Cell::Count(t.returns),
                Cell::Money(t.refunds()),
                Cell::Money(t.net()),
            ];
            row.extend((0..4).map(|i| Cell::Money(t.paid[i] - t.refunded[i])));
            days.rows.push(row);
        }
        days
    }

    /// By day, by mode, by counter, by hour.
    pub fn tables(&self) -> Vec<Table> {
        let mut days = Table::new(
            "By day",
            &[
                "date",
                "bills",
                "sales",
                "tax",
                "cancelled",
                "refunds",
                "net sales",
            ],
        );
        for (d, t) in &self.by_day {
            days.rows.push(vec![
                Cell::Text(d.format("%a %d %b").to_string()),
                Cell::Count(t.bills),
                Cell::Money(t.sales),
                Cell::Money(t.tax()),
                Cell::Count(t.cancelled),
                Cell::Money(t.refunds()),
                Cell::Money(t.net()),
            ]);
        }
        let mut modes = Table::new("By mode", &["mode", "sales", "refunds", "net"]);
        let t = &self.totals;
        for i in 0..4 {
            modes.rows.push(vec![
                Cell::Text(["Cash", "UPI", "Card", "Khata"][i].to_string()),
                Cell::Money(t.paid[i]),
                Cell::Money(t.refunded[i]),
                Cell::Money(t.paid[i] - t.refunded[i]),
            ]);
        }
        let mut counters = Table::new("By counter", &["counter", "bills", "net sales", "average"]);
        for (c, t) in &self.by_counter {
            counters.rows.push(vec![
                Cell::Text(c.clone()),
                Cell::Count(t.bills),
                Cell::Money(t.net()),
                Cell::Money(t.average()),
            ]);
        }
        let mut hours = Table::new("By hour", &["hour", "bills", "net sales"]);
        for (h, b) in self.by_hour.iter().enumerate() {
            if b.bills != 0 || !b.net.is_zero() {
                hours.rows.push(vec![
                    Cell::Text(format!("{h:02}:00")),
                    Cell::Count(b.bills),
                    Cell::Money(b.net),
                ]);
            }
        }
        vec![days, modes, counters, hours]
    }
}
