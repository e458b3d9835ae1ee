//! GST: for a period (a month, normally), what GSTR-1 needs — B2B invoices
//! (to a buyer with a GSTIN), B2C large (inter-state to an unregistered
//! buyer above ₹1,00,000), B2C small by place of supply and rate, credit
//! notes, the HSN summary and the documents issued — and the GSTR-3B
//! totals (outward taxable, zero-rated, nil and exempt, inward supplies as
//! input tax). Cancelled bills are left out and counted in the documents.
//!
//! Each bill is placed by what it says (issue 10): its document (only tax
//! invoices are GSTR-1 supplies), its place of supply and the registered
//! buyer's GSTIN it names. Credit notes come with their own number and the
//! tax they credit by rate; a return made before credit notes were
//! numbered is listed as "R<n>/<bill>" with the tax its goods were charged
//! on the bill. Input tax: purchases carry a cost and no tax yet, so the
//! cost is taken as the taxable value and the tax worked out at each
//! item's rate (CGST + SGST from a supplier in the shop's state, IGST from
//! another); a supplier without a GSTIN gives no credit.

use chrono::NaiveDate;
use galla_domain::payload::QtyLine;
use galla_domain::projection::report::{ReportLine, TaxSums};
use galla_domain::{BillId, GstRate, Money, Qty};
use std::collections::{BTreeMap, HashMap};

use super::gst_sums::{documents, gstr3b, hsn_summary};
pub use super::gst_sums::{place_words, uqc};
use super::products::part_of;
use super::{Catalogue, Period, Query, local_date};
use crate::store::{ReportBillRow, Store};

/// B2C invoices above this go to B2C large when inter-state (₹1,00,000
/// since August 2024; it was ₹2,50,000).
pub const B2CL_LIMIT: Money = Money::from_rupees(100_000);

/// Taxable value and tax at one rate.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RateRow {
    /// The rate.
    pub rate: GstRate,
    /// Taxable value and tax.
    pub sums: TaxSums,
}

/// An invoice as GSTR-1 lists it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Invoice {
    /// Its number.
    pub number: String,
    /// Its date.
    pub date: NaiveDate,
    /// The invoice value (grand total).
    pub value: Money,
    /// The buyer's GSTIN (B2B).
    pub gstin: Option<String>,
    /// The buyer's name.
    pub name: String,
    /// Place of supply: a state code.
    pub place: String,
    /// By rate.
    pub rates: Vec<RateRow>,
}

/// A credit note (goods returned).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CreditNote {
    /// Its number (provisional until the credit note series exists).
    pub number: String,
    /// Its date.
    pub date: NaiveDate,
    /// The invoice it is against.
    pub invoice: String,
    /// That invoice's date.
    pub invoice_date: NaiveDate,
    /// The buyer's GSTIN, when registered.
    pub gstin: Option<String>,
    /// The buyer's name.
    pub name: String,
    /// Place of supply.
    pub place: String,
    /// What was refunded.
    pub value: Money,
    /// Taxable value and tax credited, by rate.
    pub rates: Vec<RateRow>,
    /// Whether it has a number of its own (a credit note, not an older
    /// return).
    pub numbered: bool,
}

/// One line of the HSN summary.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HsnRow {
    /// HSN code.
    pub hsn: String,
    /// What it is (the first product with that code).
    pub description: String,
    /// Unit quantity code as the GST tool writes it.
    pub uqc: &'static str,
    /// Quantity.
    pub qty: Qty,
    /// Rate.
    pub rate: GstRate,
    /// Taxable value and tax.
    pub sums: TaxSums,
}

/// A run of documents issued in one series.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DocRun {
    /// "Invoices for outward supply" or "Credit Note".
    pub nature: &'static str,
    /// The first number.
    pub from: String,
    /// The last number.
    pub to: String,
    /// How many.
    pub total: i64,
    /// How many of them were cancelled.
    pub cancelled: i64,
}

/// The GSTR-3B totals.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Gstr3b {
    /// 3.1(a): outward taxable supplies, less credit notes.
    pub outward: TaxSums,
    /// 3.1(b): zero-rated (exports) — none from a counter.
    pub zero_rated: TaxSums,
    /// 3.1(c): nil-rated and exempt (0%), less credit notes.
    pub nil_exempt: Money,
    /// 4: input tax credit on purchases from registered suppliers.
    pub itc: TaxSums,
    /// 5: inward supplies at 0% or from unregistered suppliers.
    pub inward_no_itc: Money,
}

/// The GST figures of a period.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Gst {
    /// The days.
    pub period: Period,
    /// The shop's GSTIN.
    pub gstin: Option<String>,
    /// The shop's state code.
    pub state: String,
    /// B2B invoices.
    pub b2b: Vec<Invoice>,
    /// B2C large invoices.
    pub b2cl: Vec<Invoice>,
    /// B2C small by (place, rate).
    pub b2cs: Vec<(String, RateRow)>,
    /// Credit notes.
    pub credit_notes: Vec<CreditNote>,
    /// HSN summary.
    pub hsn: Vec<HsnRow>,
    /// Documents issued.
    pub docs: Vec<DocRun>,
    /// GSTR-3B.
    pub gstr3b: Gstr3b,
    /// Every invoice's taxable value and tax (b2b + b2cl + b2cs).
    pub invoices: TaxSums,
}

/// Lines added up by rate, lowest rate first.
pub fn by_rate<'a>(lines: impl IntoIterator<Item = &'a ReportLine>) -> Vec<RateRow> {
    let mut m: BTreeMap<GstRate, TaxSums> = BTreeMap::new();
    for l in lines {
        m.entry(l.gst_rate).or_default().add(l);
    }
    m.into_iter()
        .map(|(rate, sums)| RateRow { rate, sums })
        .collect()
}

/// The place of supply a bill names, or the shop's state when it does not.
fn place_or(place: &str, shop: &str) -> String {
    if place.trim().is_empty() {
        shop.to_string()
    } else {
        place.to_string()
    }
}

/// Works out the GST figures for `q` (every location: GST is per GSTIN).
/// Only tax invoices are GSTR-1 supplies: a bill of supply (composition)
/// or a plain bill (unregistered shop) is counted in the documents only.
pub fn compute(store: &Store, q: &Query) -> anyhow::Result<Gst> {
    let settings = store.shop_settings()?;
    let text = |k: &str| settings.get(k).and_then(|v| v.as_str()).map(str::to_string);
    let state = text("shop.state").unwrap_or_default();
    let slots = q.period.slots(q.tz);
    // Tax invoices' tax by place, registered buyer and rate, cancelled
    // bills taken back out.
    let mut taxes: BTreeMap<(String, bool, GstRate), TaxSums> = BTreeMap::new();
    for row in store.report_taxes(slots.clone())? {
        let at = place_or(&row.place, &state);
        add(
            taxes.entry((at, row.registered, row.rate)).or_default(),
            &row.sums,
        );
    }
    let cancelled = store.report_cancelled(slots.clone(), None)?;
    for c in &cancelled {
        if let Some((at, registered)) = c.fact.tax_key() {
            let at = place_or(&at, &state);
            for l in &c.fact.lines {
                taxes
                    .entry((at.clone(), registered, l.gst_rate))
                    .or_default()
                    .sub(l);
            }
        }
    }
    let mut invoices = TaxSums::default();
    for t in taxes.values() {
        add(&mut invoices, t);
    }
    // B2B and B2C large, bill by bill; what they hold comes out of B2C small.
    let (mut b2b, mut b2cl) = (Vec::new(), Vec::new());
    for bill in store.report_gst_bills(slots.clone(), B2CL_LIMIT)? {
        if bill.cancelled_ms.is_some() {
            continue;
        }
        let f = &bill.fact;
        let at = place_or(f.place.as_deref().unwrap_or_default(), &state);
        let registered = f.buyer_gstin.is_some();
        if !registered && at == state {
            continue;
        }
        let invoice = Invoice {
            number: f.bill_no.clone(),
            date: local_date(f.at_ms, q.tz),
            value: f.total,
            gstin: f.buyer_gstin.clone(),
            name: f.buyer_name.clone().unwrap_or_default(),
            place: at.clone(),
            rates: by_rate(&f.lines),
        };
        for r in &invoice.rates {
            sub(
                taxes.entry((at.clone(), registered, r.rate)).or_default(),
                &r.sums,
            );
        }
        if registered {
            b2b.push(invoice);
        } else {
            b2cl.push(invoice);
        }
    }
    let mut b2cs = Vec::new();
    let mut all_rates: BTreeMap<GstRate, TaxSums> = BTreeMap::new();
    for i in b2b.iter().chain(&b2cl) {
        for r in &i.rates {
            add(all_rates.entry(r.rate).or_default(), &r.sums);
        }
    }
    for ((at, registered, rate), sums) in &taxes {
        add(all_rates.entry(*rate).or_default(), sums);
        if !*registered && *sums != TaxSums::default() {
            b2cs.push((
                at.clone(),
                RateRow {
                    rate: *rate,
                    sums: *sums,
                },
            ));
        }
    }
    let credit_notes = credit_notes(store, q, &state)?;
    let cat = Catalogue::load(store)?;
    let hsn = hsn_summary(store, q, &cat, &cancelled)?;
    let mut docs = documents(store, slots.clone(), &cancelled)?;
    docs.extend(note_runs(&credit_notes));
    let gstr3b = gstr3b(store, q, &cat, &all_rates, &credit_notes, &state)?;
    Ok(Gst {
        period: q.period,
        gstin: text("shop.gstin"),
        state,
        b2b,
        b2cl,
        b2cs,
        credit_notes,
        hsn,
        docs,
        gstr3b,
        invoices,
    })
}

pub(super) fn add(a: &mut TaxSums, b: &TaxSums) {
    a.taxable += b.taxable;
    a.cgst += b.cgst;
    a.sgst += b.sgst;
    a.igst += b.igst;
}

pub(super) fn sub(a: &mut TaxSums, b: &TaxSums) {
    a.taxable -= b.taxable;
    a.cgst -= b.cgst;
    a.sgst -= b.sgst;
    a.igst -= b.igst;
}

/// The credit notes of the period, each with the taxable value and tax by
/// rate it credits (a return made before credit notes were numbered is
/// listed as "R<n>/<bill>", its tax worked out from its bill's lines).
/// Only those against tax invoices: a bill of supply credits no tax.
fn credit_notes(store: &Store, q: &Query, state: &str) -> anyhow::Result<Vec<CreditNote>> {
    let returns = store.report_returns(q.period.slots(q.tz), None)?;
    let ids: Vec<BillId> = returns.iter().map(|(_, r)| r.bill_id).collect();
    let bills = store.report_bills_by_id(&ids)?;
    let mut count: HashMap<BillId, usize> = HashMap::new();
    let mut out = Vec::new();
    for (_, r) in &returns {
        let Some(ReportBillRow { fact: bill, .. }) = bills.get(&r.bill_id) else {
            continue;
        };
        if bill.document != galla_domain::Document::TaxInvoice {
            continue;
        }
        let n = count.entry(r.bill_id).or_default();
        *n += 1;
        let rates: Vec<RateRow> = if r.taxes.is_empty() {
            by_rate(&credited(bill, &r.lines))
        } else {
            r.taxes
                .iter()
                .map(|t| RateRow {
                    rate: t.gst_rate,
                    sums: TaxSums {
                        taxable: t.taxable,
                        cgst: t.cgst,
                        sgst: t.sgst,
                        igst: t.igst,
                    },
                })
                .collect()
        };
        out.push(CreditNote {
            number: if r.note_no.is_empty() {
                format!("R{n}/{}", bill.bill_no)
            } else {
                r.note_no.clone()
            },
            date: local_date(r.at_ms, q.tz),
            invoice: bill.bill_no.clone(),
            invoice_date: local_date(bill.at_ms, q.tz),
            gstin: bill.buyer_gstin.clone(),
            name: bill.buyer_name.clone().unwrap_or_default(),
            place: place_or(bill.place.as_deref().unwrap_or_default(), state),
            value: r.refund,
            rates,
            numbered: !r.note_no.is_empty(),
        });
    }
    Ok(out)
}

/// What `back` was charged on `bill`, line by line (for a return made
/// before credit notes carried their tax).
fn credited(
    bill: &galla_domain::projection::report::BillFact,
    back: &[QtyLine],
) -> Vec<ReportLine> {
    back.iter()
        .filter_map(|b| {
            let l = bill.lines.iter().find(|l| l.variant_id == b.variant_id)?;
            let share = |m: Money| part_of(m, b.qty, l.qty);
            Some(ReportLine {
                variant_id: l.variant_id,
                qty: b.qty,
                taxable: share(l.taxable),
                cgst: share(l.cgst),
                sgst: share(l.sgst),
                igst: share(l.igst),
                gst_rate: l.gst_rate,
            })
        })
        .collect()
}

/// The credit notes' runs, one per series.
fn note_runs(notes: &[CreditNote]) -> Vec<DocRun> {
    let numbered: Vec<(String, bool)> = notes
        .iter()
        .filter(|n| n.numbered)
        .map(|n| (n.number.clone(), false))
        .collect();
    super::gst_sums::runs("Credit Note", numbered)
}
