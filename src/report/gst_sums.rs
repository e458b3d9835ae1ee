//! The GST report's summaries: the HSN summary (sales by HSN code and
//! rate, cancelled bills left out), the documents issued in each series,
//! the GSTR-3B totals (see `gst` for how input tax is worked out), and the
//! places and unit codes as the GST offline tool writes them.

use galla_domain::projection::report::TaxSums;
use galla_domain::{Document, GstRate, Qty, Unit};
use std::collections::{BTreeMap, HashMap};

use super::gst::{CreditNote, DocRun, Gstr3b, HsnRow, add, sub};
use super::products::part_of;
use super::{Catalogue, Query};
use galla_domain::projection::report::{serial, series_of};

use crate::store::{FastMap, NONE, ReportBillRow, Store};

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
/// Summed first by (the item's HSN code and unit as the catalogue's groups
/// number them, rate) — a handful of keys however many rows — then named.
pub(super) fn hsn_summary(
    store: &Store,
    q: &Query,
    cat: &Catalogue,
    cancelled: &[ReportBillRow],
) -> anyhow::Result<Vec<HsnRow>> {
    let groups = &cat.groups;
    let numbers = store.report_numbers(&cat.items)?;
    // Items not in the catalogue yet: HSN "?" counted in pieces.
    let unknown = groups.hsns.len() as u32;
    let group = |place: Option<usize>| place.map_or(unknown, |at| groups.hsn[at]);
    // Each report number's HSN group: one lookup a row.
    let hsn_of: Vec<u32> = numbers
        .iter()
        .map(|&at| group((at != NONE).then_some(at as usize)))
        .collect();
    let mut sums = ByHsnRate::new(unknown as usize + 1);
    store.for_each_report_item(q.period.slots(q.tz), None, |v, rate, s| {
        let g = hsn_of.get(v as usize).copied().unwrap_or(unknown);
        let row = sums.at(g, rate);
        row.0 += s.sold;
        row.1.taxable += s.taxable;
        row.1.cgst += s.cgst;
        row.1.sgst += s.sgst;
        row.1.igst += s.igst;
    })?;
    for c in cancelled {
        for l in &c.fact.lines {
            let row = sums.at(group(cat.items.place(&l.variant_id)), l.gst_rate);
            row.0 -= l.qty;
            row.1.sub(l);
        }
    }
    let mut rows: BTreeMap<(String, &'static str, GstRate), (Qty, TaxSums, String)> =
        BTreeMap::new();
    for (g, rate, (qty, s)) in sums.into_iter() {
        let (hsn, unit, description) = match groups.hsns.get(g as usize) {
            Some((hsn, unit, name)) => (hsn.clone(), *unit, name.clone()),
            None => ("?".to_string(), Unit::Piece, String::new()),
        };
        let row = rows
            .entry((hsn, uqc(unit), rate))
            .or_insert_with(|| (Qty::ZERO, TaxSums::default(), description));
        row.0 += qty;
        add(&mut row.1, &s);
    }
    Ok(rows
        .into_iter()
        .filter(|(_, (qty, sums, _))| *qty != Qty::ZERO || *sums != TaxSums::default())
        .map(|((hsn, unit, rate), (qty, sums, description))| HsnRow {
            description,
            hsn,
            uqc: unit,
            qty,
            rate,
            sums,
        })
        .collect())
}

/// Quantity and tax by (HSN group, rate): an array a rate, the rates
/// found by a short search (a shop has a handful), so a year's rows add up
/// without hashing.
struct ByHsnRate {
    width: usize,
    rates: Vec<GstRate>,
    sums: Vec<Vec<(Qty, TaxSums)>>,
}

impl ByHsnRate {
    fn new(width: usize) -> ByHsnRate {
        ByHsnRate {
            width,
            rates: Vec::new(),
            sums: Vec::new(),
        }
    }

    fn at(&mut self, group: u32, rate: GstRate) -> &mut (Qty, TaxSums) {
        let r = match self.rates.iter().position(|x| *x == rate) {
            Some(r) => r,
            None => {
                self.rates.push(rate);
                self.sums.push(vec![Default::default(); self.width]);
                self.rates.len() - 1
            }
        };
        &mut self.sums[r][(group as usize).min(self.width - 1)]
    }

    fn into_iter(self) -> impl Iterator<Item = (u32, GstRate, (Qty, TaxSums))> {
        self.rates
            .into_iter()
            .zip(self.sums)
            .flat_map(|(rate, row)| {
                row.into_iter()
                    .enumerate()
                    .map(move |(g, sums)| (g as u32, rate, sums))
            })
    }
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
    let numbers = store.report_numbers(&cat.items)?;
    // Each supplier once: no GSTIN, no credit (None); else whether it is
    // in the shop's state (CGST + SGST) or not (IGST).
    let mut suppliers: FastMap<u32, Option<bool>> = FastMap::default();
    for row in store.report_received(q.period.slots(q.tz))? {
        let credit = match suppliers.get(&row.supplier) {
            Some(c) => *c,
            None => {
                let party = match store.report_party(row.supplier)? {
                    Some(id) => store.party(id)?,
                    None => None,
                };
                let c = party
                    .as_ref()
                    .and_then(|p| p.gstin.as_deref())
                    .filter(|g| !g.trim().is_empty())
                    .map(|g| g.starts_with(state));
                suppliers.insert(row.supplier, c);
                c
            }
        };
        let rate = numbers
            .get(row.variant as usize)
            .and_then(|&at| cat.items.items().get(at as usize))
            .map_or(GstRate::ZERO, |i| i.gst_rate);
        let Some(intra) = credit.filter(|_| rate != GstRate::ZERO) else {
            out.inward_no_itc += row.value;
            continue;
        };
        let bp = i64::from(rate.basis_points());
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
