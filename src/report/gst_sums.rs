//! The GST report's summaries: the HSN summary (sales by HSN code and
//! rate, cancelled bills left out), the documents issued in each series,
//! the GSTR-3B totals (see `gst` for how input tax is worked out), and the
//! places and unit codes as the GST offline tool writes them.

use galla_domain::projection::report::TaxSums;
use galla_domain::{Document, GstRate, Party, PartyId, Qty, Unit};
use std::collections::{BTreeMap, HashMap};

use super::gst::{CreditNote, DocRun, Gstr3b, HsnRow, add, sub};
use super::products::part_of;
use super::{Catalogue, Query};
use galla_domain::projection::report::{serial, series_of};

use crate::store::{ReportBillRow, Store};

/// "08-Rajasthan", the place of supply as the GST offline tool writes it
/// (its list joins names with "&": "01-Jammu & Kashmir").
pub fn place_words(code: &str) -> String {
    match galla_domain::gst::state_name(code) {
        Some(name) => format!("{code}-{}", name.replace(" and ", " & ")),
        None => code.to_string(),
    }
}

/// The unit quantity code of a unit, as the GST tool lists them.
pub fn uqc(unit: Unit) -> &'static str {
    match unit {
        Unit::Piece => "PCS-PIECES",
        Unit::Kg => "KGS-KILOGRAMS",
        Unit::Litre => "LTR-LITRES",
        Unit::Metre => "MTR-METERS",
    }
}

/// The HSN summary: sales by HSN code and rate, cancelled bills left out.
pub(super) fn hsn_summary(
    store: &Store,
    q: &Query,
    cat: &Catalogue,
    cancelled: &[ReportBillRow],
) -> anyhow::Result<Vec<HsnRow>> {
    let mut first: HashMap<String, String> = HashMap::new();
    for i in cat.items.values() {
        first
            .entry(i.hsn.clone())
            .and_modify(|n| {
                if i.name < *n {
                    *n = i.name.clone()
                }
            })
            .or_insert_with(|| i.name.clone());
    }
    let key = |v: galla_domain::VariantId| -> (String, &'static str) {
        cat.items
            .get(&v)
            .map_or(("?".to_string(), uqc(Unit::Piece)), |i| {
                (i.hsn.clone(), uqc(i.unit))
            })
    };
    let mut rows: BTreeMap<(String, &'static str, GstRate), (Qty, TaxSums)> = BTreeMap::new();
    store.for_each_report_item(q.period.slots(q.tz), None, |_, v, rate, s| {
        let (hsn, unit) = key(v);
        let row = rows.entry((hsn, unit, rate)).or_default();
        row.0 += s.sold;
        row.1.taxable += s.taxable;
        row.1.cgst += s.cgst;
        row.1.sgst += s.sgst;
        row.1.igst += s.igst;
    })?;
    for c in cancelled {
        for l in &c.fact.lines {
            let (hsn, unit) = key(l.variant_id);
            let row = rows.entry((hsn, unit, l.gst_rate)).or_default();
            row.0 -= l.qty;
            row.1.sub(l);
        }
    }
    Ok(rows
        .into_iter()
        .filter(|(_, (qty, sums))| *qty != Qty::ZERO || *sums != TaxSums::default())
        .map(|((hsn, unit, rate), (qty, sums))| HsnRow {
            description: first.get(&hsn).cloned().unwrap_or_default(),
            hsn,
            uqc: unit,
            qty,
            rate,
            sums,
        })
        .collect())
}

/// The bills issued in each series and document (tax invoices, bills of
/// supply): first and last number and how many, from the documents summed
/// by slot; how many cancelled, from the period's `cancelled` bills.
pub(super) fn documents(
    store: &Store,
    slots: std::ops::Range<i64>,
    cancelled: &[ReportBillRow],
) -> anyhow::Result<Vec<DocRun>> {
    let mut undone: HashMap<(String, Document), i64> = HashMap::new();
    for c in cancelled {
        *undone
            .entry((series_of(&c.fact.bill_no), c.fact.document))
            .or_default() += 1;
    }
    let issued = store.report_docs(slots)?;
    let mut out = Vec::new();
    for (nature, document) in [
        ("Invoices for outward supply", Document::TaxInvoice),
        ("Bill of Supply", Document::BillOfSupply),
    ] {
        for (key, d) in issued.iter().filter(|((_, doc), _)| *doc == document) {
            out.push(DocRun {
                nature,
                from: d.first.1.clone(),
                to: d.last.1.clone(),
                total: d.bills,
                cancelled: undone.get(key).copied().unwrap_or(0),
            });
        }
    }
    Ok(out)
}

/// Documents of one nature split into their series: first and last
/// number, how many, how many cancelled.
pub(super) fn runs(nature: &'static str, numbers: Vec<(String, bool)>) -> Vec<DocRun> {
    let mut series: BTreeMap<String, Vec<(i64, String, bool)>> = BTreeMap::new();
    for (no, cancelled) in numbers {
        series
            .entry(series_of(&no))
            .or_default()
            .push((serial(&no), no, cancelled));
    }
    series
        .into_values()
        .map(|mut v| {
            v.sort();
            DocRun {
                nature,
                from: v.first().map(|x| x.1.clone()).unwrap_or_default(),
                to: v.last().map(|x| x.1.clone()).unwrap_or_default(),
                total: v.len() as i64,
                cancelled: v.iter().filter(|x| x.2).count() as i64,
            }
        })
        .collect()
}

/// GSTR-3B: outward supplies less credit notes, and input tax on goods
/// received from registered suppliers (see the module's words).
pub(super) fn gstr3b(
    store: &Store,
    q: &Query,
    cat: &Catalogue,
    outward: &BTreeMap<GstRate, TaxSums>,
    notes: &[CreditNote],
    state: &str,
) -> anyhow::Result<Gstr3b> {
    let mut out = Gstr3b::default();
    let mut by_rate = outward.clone();
    for r in notes.iter().flat_map(|n| n.rates.iter()) {
        sub(by_rate.entry(r.rate).or_default(), &r.sums);
    }
    for (rate, sums) in &by_rate {
        if *rate == GstRate::ZERO {
            out.nil_exempt += sums.taxable;
        } else {
            add(&mut out.outward, sums);
        }
    }
    let mut suppliers: HashMap<Option<PartyId>, Option<Party>> = HashMap::new();
    for row in store.report_received(q.period.slots(q.tz))? {
        let supplier = match suppliers.get(&row.supplier_id) {
            Some(p) => p.clone(),
            None => {
                let p = match row.supplier_id {
                    Some(id) => store.party(id)?,
                    None => None,
                };
                suppliers.insert(row.supplier_id, p.clone());
                p
            }
        };
        let rate = cat
            .items
            .get(&row.variant_id)
            .map_or(GstRate::ZERO, |i| i.gst_rate);
        let gstin = supplier
            .as_ref()
            .and_then(|p| p.gstin.as_deref())
            .filter(|g| !g.trim().is_empty());
        if rate == GstRate::ZERO || gstin.is_none() {
            out.inward_no_itc += row.value;
            continue;
        }
        let bp = i64::from(rate.basis_points());
        let intra = gstin.is_some_and(|g| g.starts_with(state));
        let tax = |basis: i64| part_of(row.value, Qty::from_milli(basis), Qty::from_milli(10_000));
        out.itc.taxable += row.value;
        if intra {
            out.itc.cgst += tax(bp / 2);
            out.itc.sgst += tax(bp - bp / 2);
        } else {
            out.itc.igst += tax(bp);
        }
    }
    Ok(out)
}
