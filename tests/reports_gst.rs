//! The GST report from the real binary on the fixed shop: its tax is the
//! bills' tax; B2B, B2C large and B2C small, the credit notes and the
//! documents issued agree with figures worked out here from `galla bills
//! --json` and `galla export events`; the six sheets for the GST offline
//! tool match the golden files in tests/golden/gst/ (GALLA_UPDATE_GOLDEN=1
//! writes them); the PDF reads back.

mod report_shop;

use report_shop::expect::{is_return, part, within};
use report_shop::{int, local_day, nov, shop};
use serde_json::Value;
use std::collections::{BTreeMap, HashMap};

const GOLDEN: &str = "tests/golden/gst";

/// (taxable, cgst, sgst, igst) by rate in basis points.
type ByRate = BTreeMap<i64, [i64; 4]>;

fn rate_bp(rate: &str) -> i64 {
    let percent: f64 = rate.trim_end_matches('%').parse().expect("rate");
    (percent * 100.0).round() as i64
}

fn taxes_of(bill: &Value) -> ByRate {
    let mut out = ByRate::new();
    for t in bill["taxes"].as_array().expect("taxes") {
        let r = out
            .entry(rate_bp(t["gst_rate"].as_str().expect("rate")))
            .or_default();
        r[0] += int(t, "taxable_paise");
        r[1] += int(t, "cgst_paise");
        r[2] += int(t, "sgst_paise");
        r[3] += int(t, "igst_paise");
    }
    out
}

fn rates_of(v: &Value) -> ByRate {
    v["rates"]
        .as_array()
        .expect("rates")
        .iter()
        .map(|r| {
            (
                int(r, "rate_bp"),
                [
                    int(r, "taxable_paise"),
                    int(r, "cgst_paise"),
                    int(r, "sgst_paise"),
                    int(r, "igst_paise"),
                ],
            )
        })
        .collect()
}

fn add(a: &mut ByRate, b: &ByRate) {
    for (rate, x) in b {
        let r = a.entry(*rate).or_default();
        for i in 0..4 {
            r[i] += x[i];
        }
    }
}

#[test]
fn gst_figures_match_the_bills_and_the_sheets_match_the_golden_files() {
    let s = shop();
    let (bills, events) = (s.bills(), s.events());
    let (from, to) = (nov(1), nov(30));
    let got = s.report("gst", &["--month", "2026-11"]);
    let month: Vec<&Value> = bills
        .iter()
        .filter(|b| within(local_day(b["time_local"].as_str().expect("t")), from, to))
        .collect();
    let kept: Vec<&&Value> = month
        .iter()
        .filter(|b| b["status"] != "cancelled")
        .collect();
    // The reconciliation: the report's tax is the bills' tax.
    let mut all = ByRate::new();
    for b in &kept {
        add(&mut all, &taxes_of(b));
    }
    let tax: i64 = all.values().map(|r| r[1] + r[2] + r[3]).sum();
    let taxable: i64 = all.values().map(|r| r[0]).sum();
    assert_eq!(
        int(&got["invoices"], "tax_paise"),
        tax,
        "the GST report's tax is the bills' tax"
    );
    assert_eq!(int(&got["invoices"], "taxable_paise"), taxable);
    let hsn_tax: i64 = got["hsn"]
        .as_array()
        .expect("hsn")
        .iter()
        .map(|h| int(h, "tax_paise"))
        .sum();
    assert_eq!(hsn_tax, tax, "the HSN summary holds every bill's tax");
    // B2B, B2C large and B2C small, bill by bill, as each bill says: the
    // GSTIN of the buyer it names, and its place of supply.
    let (mut b2b, mut b2cl) = (Vec::new(), Vec::new());
    let mut small: BTreeMap<(String, i64), [i64; 4]> = BTreeMap::new();
    for b in &kept {
        let place = b["place_of_supply"].as_str().unwrap_or("08").to_string();
        if b["recipient"]["gstin"].is_string() {
            b2b.push((b["number"].as_str().expect("no").to_string(), taxes_of(b)));
        } else if place != "08" && int(b, "total_paise") > 10_000_000 {
            b2cl.push((
                b["number"].as_str().expect("no").to_string(),
                place,
                taxes_of(b),
            ));
        } else {
            for (rate, x) in taxes_of(b) {
                let r = small.entry((place.clone(), rate)).or_default();
                for i in 0..4 {
                    r[i] += x[i];
                }
            }
        }
    }
    let got_b2b: Vec<(String, ByRate)> = got["b2b"]
        .as_array()
        .expect("b2b")
        .iter()
        .map(|i| (i["number"].as_str().expect("no").to_string(), rates_of(i)))
        .collect();
    assert_eq!(got_b2b, b2b);
    assert_eq!(got["b2b"][0]["gstin"], "08AAACM1234F1Z5");
    assert_eq!(got["b2b"][0]["place_of_supply"], "08-Rajasthan");
    let got_b2cl: Vec<(String, String, ByRate)> = got["b2cl"]
        .as_array()
        .expect("b2cl")
        .iter()
        .map(|i| {
            let place = i["place_of_supply"].as_str().expect("pos")[..2].to_string();
            (
                i["number"].as_str().expect("no").to_string(),
                place,
                rates_of(i),
            )
        })
        .collect();
    assert_eq!(got_b2cl, b2cl);
    assert_eq!(got["b2cl"][0]["place_of_supply"], "27-Maharashtra");
    let got_small: BTreeMap<(String, i64), [i64; 4]> = got["b2cs"]
        .as_array()
        .expect("b2cs")
        .iter()
        .map(|r| {
            (
                (
                    r["place_of_supply"].as_str().expect("pos")[..2].to_string(),
                    int(r, "rate_bp"),
                ),
                [
                    int(r, "taxable_paise"),
                    int(r, "cgst_paise"),
                    int(r, "sgst_paise"),
                    int(r, "igst_paise"),
                ],
            )
        })
        .collect();
    assert_eq!(got_small, small);
    // Credit notes: each with the tax it credits by rate; a return from
    // before credit notes were numbered at what its bill charged the goods.
    let by_id: HashMap<&str, &Value> = bills
        .iter()
        .map(|b| (b["bill_id"].as_str().expect("id"), b))
        .collect();
    let mut notes = Vec::new();
    for e in events.iter().filter(|e| is_return(e)) {
        if !within(local_day(e["occurred_at"].as_str().expect("t")), from, to) {
            continue;
        }
        let p = &e["payload"];
        let bill = by_id[p["bill_id"].as_str().expect("bill")];
        let mut credited = ByRate::new();
        if p["note_no"].as_str().is_some_and(|n| !n.is_empty()) {
            for t in p["taxes"].as_array().expect("taxes") {
                credited.insert(
                    t["gst_rate"].as_i64().expect("bp"),
                    [
                        int(t, "taxable"),
                        int(t, "cgst"),
                        int(t, "sgst"),
                        int(t, "igst"),
                    ],
                );
            }
        } else {
            for back in p["lines"].as_array().expect("lines") {
                let line = bill["lines"]
                    .as_array()
                    .expect("lines")
                    .iter()
                    .find(|l| l["variant_id"] == back["variant_id"])
                    .expect("line");
                let (qty, whole) = (int(back, "qty"), report_shop::milli(&line["qty"]));
                let r = credited
                    .entry(rate_bp(line["gst_rate"].as_str().expect("rate")))
                    .or_default();
                for (i, key) in ["taxable_paise", "cgst_paise", "sgst_paise", "igst_paise"]
                    .iter()
                    .enumerate()
                {
                    r[i] += part(int(line, key), qty, whole);
                }
            }
        }
        notes.push((
            bill["number"].as_str().expect("no").to_string(),
            int(p, "refund"),
            credited,
        ));
    }
    let got_notes: Vec<(String, i64, ByRate)> = got["credit_notes"]
        .as_array()
        .expect("notes")
        .iter()
        .map(|n| {
            (
                n["invoice"].as_str().expect("no").to_string(),
                int(n, "value_paise"),
                rates_of(n),
            )
        })
        .collect();
    assert_eq!(got_notes, notes);
    assert_eq!(
        notes.len(),
        3,
        "the part return, the khata bill and the B2B return"
    );
    assert_eq!(got["credit_notes"][2]["gstin"], "08AAACM1234F1Z5");
    // Documents issued: one series, the month's first and last numbers.
    let mut numbers: Vec<(&str, bool)> = month
        .iter()
        .map(|b| {
            (
                b["number"].as_str().expect("no"),
                b["status"] == "cancelled",
            )
        })
        .collect();
    numbers.sort();
    let docs = &got["docs"][0];
    assert_eq!(docs["from"].as_str(), numbers.first().map(|n| n.0));
    assert_eq!(docs["to"].as_str(), numbers.last().map(|n| n.0));
    assert_eq!(int(docs, "total"), numbers.len() as i64);
    assert_eq!(
        int(docs, "cancelled"),
        numbers.iter().filter(|n| n.1).count() as i64
    );
    assert_eq!(int(docs, "cancelled"), 2);
    let notes_run = &got["docs"][1];
    assert_eq!(notes_run["nature"], "Credit Note");
    assert_eq!(
        (notes_run["from"].as_str(), notes_run["to"].as_str()),
        (Some("C1-CN1"), Some("C1-CN2"))
    );
    // GSTR-3B: the invoices less the credit notes.
    let credited: i64 = got["credit_notes"]
        .as_array()
        .expect("notes")
        .iter()
        .flat_map(|n| n["rates"].as_array().cloned().unwrap_or_default())
        .filter(|r| int(r, "rate_bp") > 0)
        .map(|r| int(&r, "tax_paise"))
        .sum();
    assert_eq!(
        int(&got["gstr3b"]["outward_taxable"], "tax_paise"),
        tax - credited
    );
    // The sheets, against the golden files.
    let dir = s.path("gst");
    s.galla(&[
        "report",
        "gst",
        "--month",
        "2026-11",
        "--csv",
        "--out",
        dir.to_str().expect("p"),
    ]);
    for name in ["b2b", "b2cl", "b2cs", "cdnr", "hsn", "docs"] {
        let file = format!("{name}.csv");
        let got = std::fs::read_to_string(dir.join(&file)).expect("sheet written");
        let golden = std::path::Path::new(GOLDEN).join(&file);
        if std::env::var_os("GALLA_UPDATE_GOLDEN").is_some() {
            std::fs::create_dir_all(GOLDEN).expect("golden dir");
            std::fs::write(&golden, &got).expect("write golden");
        }
        let want = std::fs::read_to_string(&golden)
            .expect("golden file (GALLA_UPDATE_GOLDEN=1 cargo test --test reports_gst writes it)");
        assert_eq!(got, want, "{file} differs from {}", golden.display());
    }
    // The PDF reads back with the month's tax on it.
    let pdf = s.path("gst.pdf");
    s.galla(&[
        "report",
        "gst",
        "--month",
        "2026-11",
        "--pdf",
        pdf.to_str().expect("p"),
    ]);
    let doc = lopdf::Document::load(&pdf).expect("pdf");
    let pages: Vec<u32> = doc.get_pages().keys().copied().collect();
    let text = doc.extract_text(&pages).expect("text");
    assert!(
        text.contains("HSN summary") && text.contains("GSTR-3B"),
        "{text}"
    );
    let cgst = galla_domain::Money::from_paise(int(&got["invoices"], "cgst_paise")).format_plain();
    assert!(text.contains(&cgst), "CGST {cgst} on the PDF");
}
