//! The sales reports from the real binary on a fixed shop, each checked
//! against figures worked out here, independently, from `galla bills
//! --json` and `galla export events` (never from galla's report code):
//! daily sales (and the rule that its net sales are the bills of the
//! period less the credit notes), sales by person, product performance and
//! size demand.

mod report_shop;

use chrono::NaiveDate;
use report_shop::expect::{catalogue, part, per_variant, within};
use report_shop::{Shop, int, local_day, local_hour, milli, nov, shop};
use serde_json::Value;
use std::collections::{BTreeMap, HashMap};

/// The figures of some bills and returns, as this test adds them up.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
struct Sums {
    bills: i64,
    sales: i64,
    discount: i64,
    taxable: i64,
    cgst: i64,
    sgst: i64,
    igst: i64,
    cancelled: i64,
    cancelled_value: i64,
    returns: i64,
    refunds: i64,
    paid: BTreeMap<String, i64>,
    refunded: BTreeMap<String, i64>,
}

impl Sums {
    fn net(&self) -> i64 {
        self.sales - self.refunds
    }
}

use report_shop::expect::is_return;

/// Adds up bills and returns per key (a day, an hour, nothing).
fn sums_by<K: Ord>(
    bills: &[Value],
    events: &[Value],
    from: NaiveDate,
    to: NaiveDate,
    key: impl Fn(&str) -> K,
) -> BTreeMap<K, Sums> {
    let mut out: BTreeMap<K, Sums> = BTreeMap::new();
    for b in bills {
        let time = b["time_local"].as_str().expect("time");
        if !within(local_day(time), from, to) {
            continue;
        }
        let s = out.entry(key(time)).or_default();
        if b["status"] == "cancelled" {
            s.cancelled += 1;
            s.cancelled_value += int(b, "total_paise");
            continue;
        }
        s.bills += 1;
        s.sales += int(b, "total_paise");
        s.discount += int(b, "bill_discount_paise");
        for l in b["lines"].as_array().expect("lines") {
            s.discount += int(l, "discount_paise");
        }
        for t in b["taxes"].as_array().expect("taxes") {
            s.taxable += int(t, "taxable_paise");
            s.cgst += int(t, "cgst_paise");
            s.sgst += int(t, "sgst_paise");
            s.igst += int(t, "igst_paise");
        }
        for p in b["payments"].as_array().expect("payments") {
            let mode = p["mode"].as_str().expect("mode").to_string();
            *s.paid.entry(mode).or_default() += int(p, "amount_paise");
        }
    }
    for e in events.iter().filter(|e| is_return(e)) {
        let time = e["occurred_at"].as_str().expect("time");
        if !within(local_day(time), from, to) {
            continue;
        }
        let s = out.entry(key(time)).or_default();
        s.returns += 1;
        let refund = int(&e["payload"], "refund");
        s.refunds += refund;
        let mode = e["payload"]["refund_mode"]
            .as_str()
            .expect("mode")
            .to_string();
        *s.refunded.entry(mode).or_default() += refund;
    }
    out
}

fn total(bills: &[Value], events: &[Value], from: NaiveDate, to: NaiveDate) -> Sums {
    sums_by(bills, events, from, to, |_| ())
        .remove(&())
        .unwrap_or_default()
}

fn check_totals(what: &str, got: &Value, want: &Sums) {
    let pairs = [
        ("bills", want.bills),
        ("sales_paise", want.sales),
        ("discount_paise", want.discount),
        ("taxable_paise", want.taxable),
        ("cgst_paise", want.cgst),
        ("sgst_paise", want.sgst),
        ("igst_paise", want.igst),
        ("cancelled_bills", want.cancelled),
        ("cancelled_paise", want.cancelled_value),
        ("returns", want.returns),
        ("refunds_paise", want.refunds),
        ("net_sales_paise", want.net()),
    ];
    for (key, value) in pairs {
        assert_eq!(int(got, key), value, "{what}: {key}");
    }
    let avg = if want.bills > 0 {
        (2 * want.sales + want.bills) / (2 * want.bills)
    } else {
        0
    };
    assert_eq!(int(got, "average_bill_paise"), avg, "{what}: average bill");
}

fn daily_matches(s: &Shop, bills: &[Value], events: &[Value], from: NaiveDate, to: NaiveDate) {
    let (f, t) = (from.to_string(), to.to_string());
    let got = s.report("daily", &["--from", &f, "--to", &t]);
    let want = total(bills, events, from, to);
    check_totals(&format!("{from}..{to}"), &got, &want);
    for m in got["by_mode"].as_array().expect("modes") {
        let mode = m["mode"].as_str().expect("mode");
        let paid = want.paid.get(mode).copied().unwrap_or(0);
        let back = want.refunded.get(mode).copied().unwrap_or(0);
        assert_eq!(int(m, "sales_paise"), paid, "{mode} sales");
        assert_eq!(int(m, "net_paise"), paid - back, "{mode} net");
    }
    let days = sums_by(bills, events, from, to, local_day);
    let got_days = got["by_day"].as_array().expect("days");
    assert_eq!(
        got_days.len() as i64,
        (to - from).num_days() + 1,
        "every day listed"
    );
    for d in got_days {
        let day: NaiveDate = d["date"].as_str().expect("date").parse().expect("date");
        check_totals(
            &day.to_string(),
            d,
            &days.get(&day).cloned().unwrap_or_default(),
        );
    }
    let hours = sums_by(bills, events, from, to, local_hour);
    for h in got["by_hour"].as_array().expect("hours") {
        let hour = int(h, "hour") as u32;
        let want = hours.get(&hour).cloned().unwrap_or_default();
        assert_eq!(int(h, "bills"), want.bills, "hour {hour} bills");
        assert_eq!(int(h, "net_sales_paise"), want.net(), "hour {hour} net");
    }
    let c = &got["compare"];
    let (cf, ct): (NaiveDate, NaiveDate) = (
        c["from"].as_str().expect("from").parse().expect("date"),
        c["to"].as_str().expect("to").parse().expect("date"),
    );
    assert_eq!(
        int(c, "net_sales_paise"),
        total(bills, events, cf, ct).net(),
        "compared"
    );
}

#[test]
fn daily_sales_match_the_bills_and_returns_for_a_day_a_week_and_a_month() {
    let s = shop();
    let (bills, events) = (s.bills(), s.events());
    // The 20th has a cancelled bill and a khata return; the 19th the part
    // return and the GSTIN bill; the week and the month have everything.
    daily_matches(&s, &bills, &events, nov(20), nov(20));
    daily_matches(&s, &bills, &events, nov(19), nov(19));
    daily_matches(&s, &bills, &events, nov(14), nov(20));
    daily_matches(&s, &bills, &events, nov(1), nov(30));
    let day = s.report("daily", &["--to", "2026-11-20"]);
    let c = &day["compare"];
    assert_eq!(
        (c["from"].as_str(), c["to"].as_str()),
        (Some("2026-11-13"), Some("2026-11-13"))
    );
    assert!(int(&day, "cancelled_bills") >= 1 && int(&day, "returns") >= 1);
}

#[test]
fn net_sales_are_the_bills_of_the_period_less_the_credit_notes() {
    let s = shop();
    let events = s.events();
    for (from, to) in [
        (nov(20), nov(20)),
        (nov(18), nov(18)),
        (nov(15), nov(19)),
        (nov(1), nov(20)),
    ] {
        let (f, t) = (from.to_string(), to.to_string());
        // `galla bills` for the same days, cancelled bills left out.
        let listed: i64 = s
            .galla(&["bills", "--json", "--from", &f, "--to", &t])
            .lines()
            .map(|l| serde_json::from_str::<Value>(l).expect("bill"))
            .filter(|b| b["status"] != "cancelled")
            .map(|b| int(&b, "total_paise"))
            .sum();
        let credit_notes: i64 = events
            .iter()
            .filter(|e| is_return(e))
            .filter(|e| within(local_day(e["occurred_at"].as_str().expect("t")), from, to))
            .map(|e| int(&e["payload"], "refund"))
            .sum();
        let got = s.report("daily", &["--from", &f, "--to", &t]);
        assert_eq!(
            int(&got, "net_sales_paise"),
            listed - credit_notes,
            "{f}..{t}"
        );
    }
    // The same rule holds in UTC days (no time zone in the config).
    let utc_bills: i64 = report_shop::common::cli::ok(
        &[
            "bills",
            "--json",
            "--from",
            "2026-11-19",
            "--to",
            "2026-11-19",
            "--db",
            s.db.to_str().expect("p"),
        ],
        s.dir.path(),
    )
    .lines()
    .map(|l| serde_json::from_str::<Value>(l).expect("bill"))
    .filter(|b| b["status"] != "cancelled")
    .map(|b| int(&b, "total_paise"))
    .sum();
    let utc_returns: i64 = events
        .iter()
        .filter(|e| {
            is_return(e)
                && e["occurred_at"]
                    .as_str()
                    .is_some_and(|t| t.starts_with("2026-11-19"))
        })
        .map(|e| int(&e["payload"], "refund"))
        .sum();
    let got: Value = serde_json::from_str(
        report_shop::common::cli::ok(
            &[
                "report",
                "daily",
                "--json",
                "--to",
                "2026-11-19",
                "--db",
                s.db.to_str().expect("p"),
            ],
            s.dir.path(),
        )
        .trim(),
    )
    .expect("json");
    assert_eq!(
        int(&got, "net_sales_paise"),
        utc_bills - utc_returns,
        "UTC days"
    );
}

#[test]
fn sales_by_person_match_the_events() {
    let s = shop();
    let events = s.events();
    let (from, to) = (nov(14), nov(20));
    let mut names: HashMap<String, String> = HashMap::new();
    for e in events
        .iter()
        .filter(|e| e["type"] == "STAFF_CREATED" || e["type"] == "STAFF_CHANGED")
    {
        let p = &e["payload"];
        names.insert(
            p["staff_id"].as_str().expect("id").into(),
            p["name"].as_str().expect("name").into(),
        );
    }
    let cancelled: Vec<&str> = events
        .iter()
        .filter(|e| e["type"] == "BILL_CANCELLED")
        .map(|e| e["payload"]["bill_id"].as_str().expect("id"))
        .collect();
    let mut want: BTreeMap<String, (i64, i64)> = BTreeMap::new();
    for e in &events {
        let day = local_day(e["occurred_at"].as_str().expect("time"));
        if !within(day, from, to) {
            continue;
        }
        let who = names
            .get(e["actor_id"].as_str().expect("actor"))
            .cloned()
            .unwrap_or_default();
        let p = &e["payload"];
        match e["type"].as_str() {
            Some("SALE") if !cancelled.contains(&p["bill_id"].as_str().expect("id")) => {
                let w = want.entry(who).or_default();
                w.0 += 1;
                w.1 += int(p, "total");
            }
            Some("SALE_RETURN") => want.entry(who).or_default().1 -= int(p, "refund"),
            _ => {}
        }
    }
    let got = s.report("staff", &["--from", "2026-11-14", "--to", "2026-11-20"]);
    let people: BTreeMap<String, (i64, i64)> = got["people"]
        .as_array()
        .expect("people")
        .iter()
        .map(|p| {
            (
                p["name"].as_str().expect("name").to_string(),
                (int(p, "bills"), int(p, "net_sales_paise")),
            )
        })
        .collect();
    assert_eq!(people, want);
    assert!(people.len() >= 3, "the demo's cashiers and the owner");
}

#[test]
fn product_performance_matches_the_bills() {
    let s = shop();
    let (bills, events) = (s.bills(), s.events());
    let cat = catalogue(&events);
    let mut want: BTreeMap<String, [i64; 5]> = BTreeMap::new();
    for (variant, [sold, back, revenue, returns]) in per_variant(&bills, &events, nov(1), nov(30)) {
        let (product, cost, ..) = &cat.variants[&variant];
        let w = want.entry(product.clone()).or_default();
        w[0] += sold;
        w[1] += back;
        w[2] += revenue;
        w[3] += returns;
        w[4] += part(*cost, sold - back, 1000);
    }
    let got = s.report("products", &["--month", "2026-11"]);
    let products = got["products"].as_array().expect("products");
    assert_eq!(products.len(), want.len());
    let mut nets = Vec::new();
    for p in products {
        let id = p["product_id"].as_str().expect("id");
        let w = want[id];
        let (name, _) = &cat.products[id];
        assert_eq!(p["name"].as_str(), Some(name.as_str()));
        assert_eq!(milli(&p["sold"]), w[0], "{name} sold");
        assert_eq!(milli(&p["returned"]), w[1], "{name} returned");
        assert_eq!(int(p, "revenue_paise"), w[2], "{name} revenue");
        assert_eq!(int(p, "returns_paise"), w[3], "{name} returns");
        assert_eq!(int(p, "net_revenue_paise"), w[2] - w[3], "{name} net");
        assert_eq!(int(p, "cost_paise"), w[4], "{name} cost");
        assert_eq!(int(p, "margin_paise"), w[2] - w[3] - w[4], "{name} margin");
        let trend: i64 = p["trend_paise"]
            .as_array()
            .expect("trend")
            .iter()
            .map(|x| x.as_i64().expect("n"))
            .sum();
        assert_eq!(trend, w[2] - w[3], "{name}: the trend adds up to the net");
        nets.push(w[2] - w[3]);
    }
    assert!(
        nets.windows(2).all(|w| w[0] >= w[1]),
        "the most net revenue first"
    );
    let top: Vec<&str> = got["top"]
        .as_array()
        .expect("top")
        .iter()
        .map(|n| n.as_str().expect("n"))
        .collect();
    let first20: Vec<&str> = products
        .iter()
        .take(20)
        .map(|p| p["name"].as_str().expect("n"))
        .collect();
    assert_eq!(top, first20);
    let total = &got["total"];
    assert_eq!(int(total, "net_revenue_paise"), nets.iter().sum::<i64>());
    assert!(
        int(total, "returns_paise") > 0,
        "the month has a valued return"
    );
    // Categories add up to the shop.
    let cats: i64 = got["categories"]
        .as_array()
        .expect("cats")
        .iter()
        .map(|c| int(c, "net_revenue_paise"))
        .sum();
    assert_eq!(cats, int(total, "net_revenue_paise"));
}

#[test]
fn size_demand_matches_the_bills_and_the_stock() {
    let s = shop();
    let (bills, events) = (s.bills(), s.events());
    let cat = catalogue(&events);
    let mut stock: HashMap<String, i64> = HashMap::new();
    for l in s.galla(&["stock", "--json"]).lines() {
        let v: Value = serde_json::from_str(l).expect("stock");
        *stock
            .entry(v["sku"].as_str().expect("sku").into())
            .or_default() += milli(&v["qty"]);
    }
    let sold = per_variant(&bills, &events, nov(1), nov(20));
    let recent = per_variant(
        &bills,
        &events,
        nov(20) - chrono::Duration::days(27),
        nov(20),
    );
    let mut want: BTreeMap<(String, String), (i64, i64, i64)> = BTreeMap::new();
    for (variant, (_, _, size, sku)) in &cat.variants {
        let net = |m: &HashMap<String, [i64; 4]>| m.get(variant).map_or(0, |x| x[0] - x[1]);
        let (s_, st, w) = (
            net(&sold),
            stock.get(sku).copied().unwrap_or(0),
            net(&recent),
        );
        if s_ == 0 && st <= 0 && w == 0 {
            continue;
        }
        let row = want
            .entry((cat.category(variant), size.clone()))
            .or_default();
        row.0 += s_;
        row.1 += st;
        row.2 += w;
    }
    let got = s.report("sizes", &["--from", "2026-11-01", "--to", "2026-11-20"]);
    let rows = got["rows"].as_array().expect("rows");
    assert_eq!(rows.len(), want.len());
    for r in rows {
        let key = (
            r["group"].as_str().expect("g").to_string(),
            r["size"].as_str().expect("s").to_string(),
        );
        let (sold, stock, weekly) = want[&key];
        assert_eq!(milli(&r["sold"]), sold, "{key:?} sold");
        assert_eq!(milli(&r["stock"]), stock, "{key:?} stock");
        assert_eq!(milli(&r["weekly_demand"]), weekly / 4, "{key:?} weekly");
        assert_eq!(
            r["below_demand"].as_bool(),
            Some(weekly / 4 > 0 && stock < weekly / 4),
            "{key:?}"
        );
        let through = r["sell_through_bp"].as_i64();
        if sold + stock.max(0) != 0 {
            let want_bp = part(10_000, sold, sold + stock.max(0));
            assert_eq!(through, Some(want_bp), "{key:?} sell-through");
        }
    }
}
