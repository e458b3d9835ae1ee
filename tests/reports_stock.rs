//! The "as of" reports from the real binary on a fixed shop, against
//! figures worked out here from `galla export events`, `galla bills --json`
//! and `galla stock --json`: outstanding (balances and their ageing, oldest
//! dues settled first), dead stock and low stock. Also the PDF parsed back
//! and words for bad input.

mod report_shop;

use chrono::NaiveDate;
use report_shop::expect::{catalogue, part, per_variant};
use report_shop::{int, local_day, milli, nov, shop};
use serde_json::Value;
use std::collections::{BTreeMap, HashMap, VecDeque};

/// A party's dated khata amounts, oldest first (time, then event id).
fn khata(events: &[Value]) -> HashMap<String, Vec<(NaiveDate, i64)>> {
    let mut sorted: Vec<&Value> = events.iter().collect();
    sorted.sort_by(|a, b| {
        (a["occurred_at"].as_str(), a["event_id"].as_str())
            .cmp(&(b["occurred_at"].as_str(), b["event_id"].as_str()))
    });
    let mut out: HashMap<String, Vec<(NaiveDate, i64)>> = HashMap::new();
    for e in sorted {
        let p = &e["payload"];
        let day = local_day(e["occurred_at"].as_str().expect("time"));
        let mut put = |party: &Value, amount: i64| {
            if let Some(id) = party.as_str()
                && amount != 0
            {
                out.entry(id.to_string()).or_default().push((day, amount));
            }
        };
        match e["type"].as_str() {
            Some("SALE") => {
                let on_khata: i64 = p["payments"]
                    .as_array()
                    .expect("payments")
                    .iter()
                    .filter(|x| x["mode"] == "khata")
                    .map(|x| int(x, "amount"))
                    .sum();
                put(&p["customer_id"], on_khata);
            }
            Some("SALE_RETURN") if p["refund_mode"] == "khata" => {
                put(&p["customer_id"], -int(p, "refund"))
            }
            Some("BILL_CANCELLED") => put(&p["customer_id"], -int(p, "khata_reversed")),
            Some("KHATA_CREDIT") => put(&p["party_id"], int(p, "amount")),
            Some("KHATA_PAYMENT") => put(&p["party_id"], -int(p, "amount")),
            Some("PURCHASE") => put(&p["supplier_id"], -int(p, "on_credit")),
            _ => {}
        }
    }
    out
}

/// Open amounts, oldest first, after settling credits against the oldest
/// debits; their (age buckets, overdue) as of `as_of`.
fn aged(entries: &[(NaiveDate, i64)], terms: i64, as_of: NaiveDate) -> ([i64; 4], i64) {
    let mut sorted = entries.to_vec();
    sorted.sort_by_key(|e| e.0);
    let mut open: VecDeque<(NaiveDate, i64)> = VecDeque::new();
    let mut advance = 0i64;
    for (day, amount) in sorted {
        if amount > 0 {
            let used = advance.min(amount);
            advance -= used;
            if amount - used > 0 {
                open.push_back((day, amount - used));
            }
        } else {
            let mut credit = -amount;
            while credit > 0 {
                let Some(first) = open.front_mut() else {
                    advance += credit;
                    break;
                };
                let used = credit.min(first.1);
                first.1 -= used;
                credit -= used;
                if first.1 == 0 {
                    open.pop_front();
                }
            }
        }
    }
    let mut buckets = [0i64; 4];
    let mut overdue = 0;
    for (day, amount) in open {
        let days = (as_of - day).num_days();
        buckets[match days {
            ..=30 => 0,
            31..=60 => 1,
            61..=90 => 2,
            _ => 3,
        }] += amount;
        if as_of > day + chrono::Duration::days(terms) {
            overdue += amount;
        }
    }
    (buckets, overdue)
}

#[test]
fn outstanding_matches_the_khata_events_aged_oldest_first() {
    let s = shop();
    let events = s.events();
    let mut parties: HashMap<String, (String, String, i64)> = HashMap::new();
    for e in events
        .iter()
        .filter(|e| e["type"] == "PARTY_CREATED" || e["type"] == "PARTY_CHANGED")
    {
        let p = &e["payload"];
        parties.insert(
            p["party_id"].as_str().expect("id").into(),
            (
                p["name"].as_str().expect("name").into(),
                p["kind"].as_str().expect("kind").into(),
                p["terms_days"].as_i64().unwrap_or(30),
            ),
        );
    }
    let as_of = nov(20);
    let mut receivable = BTreeMap::new();
    let mut payable = BTreeMap::new();
    for (id, entries) in khata(&events) {
        let (name, kind, terms) = parties[&id].clone();
        let balance: i64 = entries.iter().map(|e| e.1).sum();
        let sign = if kind == "supplier" { -1 } else { 1 };
        let flipped: Vec<(NaiveDate, i64)> = entries.iter().map(|(d, a)| (*d, a * sign)).collect();
        let (buckets, overdue) = aged(&flipped, terms, as_of);
        match balance {
            b if b > 0 => receivable.insert(name, (b, buckets, overdue)),
            b if b < 0 => payable.insert(name, (-b, buckets, overdue)),
            _ => None,
        };
    }
    let got = s.report("outstanding", &["--to", "2026-11-20"]);
    let read = |key: &str| -> BTreeMap<String, (i64, [i64; 4], i64)> {
        got[key]
            .as_array()
            .expect("list")
            .iter()
            .map(|r| {
                let a = r["ageing_paise"].as_array().expect("ageing");
                let b: Vec<i64> = a.iter().map(|x| x.as_i64().expect("n")).collect();
                (
                    r["name"].as_str().expect("name").to_string(),
                    (
                        int(r, "amount_paise"),
                        [b[0], b[1], b[2], b[3]],
                        int(r, "overdue_paise"),
                    ),
                )
            })
            .collect()
    };
    assert_eq!(read("receivable"), receivable);
    assert_eq!(read("payable"), payable);
    assert!(
        receivable.contains_key("Mehta Traders"),
        "the GSTIN bill went on khata"
    );
    let total: i64 = receivable.values().map(|r| r.0).sum();
    assert_eq!(int(&got, "receivable_paise"), total);
}

/// A dead item: quantity, value at cost and at MRP, days since its last
/// sale and receipt.
type Dead = (i64, i64, i64, Option<i64>, Option<i64>);

#[test]
fn dead_and_low_stock_match_the_events_and_the_stock() {
    let s = shop();
    let (bills, events) = (s.bills(), s.events());
    let cat = catalogue(&events);
    let as_of = nov(20);
    let mut stock: HashMap<String, i64> = HashMap::new();
    for l in s.galla(&["stock", "--json"]).lines() {
        let v: Value = serde_json::from_str(l).expect("stock");
        *stock
            .entry(v["sku"].as_str().expect("sku").into())
            .or_default() += milli(&v["qty"]);
    }
    let mut last_sale: HashMap<String, NaiveDate> = HashMap::new();
    let mut last_in: HashMap<String, NaiveDate> = HashMap::new();
    let mut mrp: HashMap<String, (String, i64)> = HashMap::new();
    let mut reorder: HashMap<String, i64> = HashMap::new();
    let mut units: HashMap<String, String> = HashMap::new();
    for e in &events {
        let p = &e["payload"];
        let day = local_day(e["occurred_at"].as_str().expect("t"));
        let stamp = format!("{}{}", e["occurred_at"], e["event_id"]);
        let later = |map: &mut HashMap<String, NaiveDate>, v: &Value| {
            let d = map.entry(v.as_str().expect("v").into()).or_insert(day);
            *d = (*d).max(day);
        };
        let lines = p["lines"].as_array().cloned().unwrap_or_default();
        match e["type"].as_str() {
            Some("SALE") => lines
                .iter()
                .for_each(|l| later(&mut last_sale, &l["variant_id"])),
            Some("PURCHASE") => lines
                .iter()
                .for_each(|l| later(&mut last_in, &l["variant_id"])),
            Some("PRODUCT_CREATED") => {
                let id = p["product_id"].as_str().expect("id").to_string();
                units.insert(id, p["unit"].as_str().expect("unit").to_string());
            }
            Some("VARIANT_CREATED") | Some("PRICE_CHANGED") => {
                let v = p["variant_id"].as_str().expect("v").to_string();
                if e["type"] == "VARIANT_CREATED" {
                    reorder.insert(v.clone(), int(p, "reorder_level"));
                }
                let m = mrp.entry(v).or_insert((stamp.clone(), int(p, "mrp")));
                if stamp > m.0 {
                    *m = (stamp, int(p, "mrp"));
                }
            }
            _ => {}
        }
    }
    // Dead stock: in stock, no sale for 10 days.
    let mut dead: BTreeMap<String, Dead> = BTreeMap::new();
    for (variant, (_, cost, _, sku)) in &cat.variants {
        let qty = stock.get(sku).copied().unwrap_or(0);
        let since = last_sale.get(variant).map(|d| (as_of - *d).num_days());
        if qty <= 0 || since.is_some_and(|d| d < 10) {
            continue;
        }
        let received = last_in.get(variant).map(|d| (as_of - *d).num_days());
        let m = mrp[variant].1;
        dead.insert(
            sku.clone(),
            (
                qty,
                part(*cost, qty, 1000),
                part(m, qty, 1000),
                since,
                received,
            ),
        );
    }
    let got = s.report("dead-stock", &["--to", "2026-11-20", "--days", "10"]);
    let items: BTreeMap<String, Dead> = got["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|i| {
            (
                i["sku"].as_str().expect("sku").to_string(),
                (
                    milli(&i["qty"]),
                    int(i, "cost_value_paise"),
                    int(i, "mrp_value_paise"),
                    i["days_since_sale"].as_i64(),
                    i["days_since_received"].as_i64(),
                ),
            )
        })
        .collect();
    assert!(
        !dead.is_empty(),
        "a 40-day shop has items unsold for 10 days"
    );
    assert_eq!(items, dead);
    // Low stock: below the reorder level, the order covering two weeks.
    let recent = per_variant(&bills, &events, as_of - chrono::Duration::days(27), as_of);
    let mut low: BTreeMap<String, (i64, i64, i64)> = BTreeMap::new();
    for (variant, (_, _, _, sku)) in &cat.variants {
        let (held, level) = (stock.get(sku).copied().unwrap_or(0), reorder[variant]);
        if level <= 0 || held >= level {
            continue;
        }
        let weekly = recent.get(variant).map_or(0, |x| x[0] - x[1]) / 4;
        let need = (level.max(2 * weekly) - held).max(0);
        // Pieces are ordered whole: the need rounded up to a unit.
        let need = if units[&cat.variants[variant].0] == "piece" {
            (need + 999) / 1000 * 1000
        } else {
            need
        };
        low.insert(sku.clone(), (held, weekly, need));
    }
    let got = s.report("low-stock", &["--to", "2026-11-20"]);
    let items = got["items"].as_array().expect("items");
    assert_eq!(items.len(), low.len());
    for i in items {
        let sku = i["sku"].as_str().expect("sku");
        let (held, weekly, need) = low[sku];
        assert_eq!(milli(&i["stock"]), held, "{sku}");
        assert_eq!(milli(&i["weekly_demand"]), weekly, "{sku}");
        assert_eq!(milli(&i["suggested"]), need, "{sku}");
    }
}

#[test]
fn the_pdf_reads_back_and_bad_input_is_refused_in_words() {
    let s = shop();
    for (name, words) in [("daily", "Net sales"), ("outstanding", "You will get")] {
        let file = s.path(&format!("{name}.pdf"));
        let path = file.to_str().expect("path");
        s.galla(&["report", name, "--to", "2026-11-20", "--pdf", path]);
        let doc = lopdf::Document::load(&file).expect("a PDF");
        let pages: Vec<u32> = doc.get_pages().keys().copied().collect();
        let text = doc.extract_text(&pages).expect("text");
        assert!(text.contains("Sharma Garments"), "{text}");
        assert!(text.contains(words), "{name}: {text}");
        assert!(text.contains("Amounts in rupees"));
    }
    // The day close on the receipt printer (a file beside the database
    // when no printer is set), and the projections still equal a rebuild.
    s.galla(&["report", "day-close", "--to", "2026-11-20", "--print"]);
    let printed = std::fs::read(s.path("shop-receipts.escpos")).expect("printed");
    let slip = String::from_utf8_lossy(&printed);
    assert!(
        slip.contains("DAILY SALES") && slip.contains("CASH BOOK"),
        "{slip}"
    );
    assert!(s.galla(&["check"]).starts_with("ok:"));
    let daily = s.report("daily", &["--to", "2026-11-20"]);
    let pdf = s.path("day.pdf");
    s.galla(&[
        "report",
        "daily",
        "--to",
        "2026-11-20",
        "--pdf",
        pdf.to_str().expect("p"),
    ]);
    let doc = lopdf::Document::load(&pdf).expect("pdf");
    let text = doc.extract_text(&[1]).expect("text");
    let net = galla_domain::Money::from_paise(int(&daily, "net_sales_paise")).format_plain();
    assert!(
        text.contains(&net),
        "the net sales {net} are on the PDF: {text}"
    );
    for (args, words) in [
        (
            vec!["report", "weekly"],
            "there is no report called \"weekly\"",
        ),
        (
            vec![
                "report",
                "daily",
                "--from",
                "2026-11-20",
                "--to",
                "2026-11-01",
            ],
            "starts",
        ),
        (
            vec!["report", "daily", "--month", "2026-13"],
            "is not a month",
        ),
        (
            vec!["report", "daily", "--location", "Attic"],
            "no location named \"Attic\"",
        ),
        (
            vec!["report", "products", "--print"],
            "--print is for the daily sales",
        ),
        (vec!["report", "gst", "--csv"], "give --out DIR"),
        (
            vec!["report", "sizes", "--product", "Flying Carpet"],
            "no product is called",
        ),
    ] {
        let err = s.refused(&args);
        assert!(err.contains(words), "{args:?}: {err}");
    }
}
