//! GST: for a period (a month, normally), what GSTR-1 needs — B2B invoices
//! (to a buyer with a GSTIN), B2C large (inter-state to an unregistered
//! buyer above ₹1,00,000), B2C small by place of supply and rate, credit
//! notes, the HSN summary and the documents issued — and the GSTR-3B
//! totals (outward taxable, zero-rated, nil and exempt, inward supplies as
//! input tax). Cancelled bills are left out and counted in the documents.
//!
//! Credit notes: until the credit note series (issue 10) is merged, a
//! return has no number of its own; it is listed as "R<n>/<bill>" (its
//! place among the bill's returns) with the taxable value and tax its
//! goods were charged on the bill. [`credit_notes`] is the one place the
//! credit note events plug in. Input tax: purchases carry a cost and no
//! tax yet, so the cost is taken as the taxable value and the tax worked
//! out at each item's rate (CGST + SGST from a supplier in the shop's
//! state, IGST from another); a supplier without a GSTIN gives no credit.

use chrono::NaiveDate;
use galla_domain::projection::report::{ReportLine, TaxSums};
use galla_domain::{BillId, GstRate, Money, Party, PartyId, Qty};
use std::collections::{BTreeMap, HashMap};

use super::gst_sums::{documents, gstr3b, hsn_summary};
pub use super::gst_sums::{place_words, state_name, uqc};
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

/// The parties asked for, read once each.
struct Parties<'s> {
    store: &'s Store,
    seen: HashMap<PartyId, Option<Party>>,
}

impl Parties<'_> {
    fn get(&mut self, id: Option<PartyId>) -> anyhow::Result<Option<&Party>> {
        let Some(id) = id else { return Ok(None) };
        if !self.seen.contains_key(&id) {
            let p = self.store.party(id)?;
            self.seen.insert(id, p);
        }
        Ok(self.seen.get(&id).and_then(Option::as_ref))
    }
}

pub(super) fn registered(p: Option<&Party>) -> Option<String> {
    p.and_then(|p| p.gstin.clone())
        .filter(|g| !g.trim().is_empty())
}

/// Where a bill's goods were supplied: the shop's state for a counter
/// sale, the buyer's for an inter-state one.
fn place(inter: bool, party: Option<&Party>, shop: &str) -> String {
    match party.and_then(|p| p.state_code.clone()) {
        Some(code) if inter => code,
        _ => shop.to_string(),
    }
}

/// Works out the GST figures for `q` (every location: GST is per GSTIN).
pub fn compute(store: &Store, q: &Query) -> anyhow::Result<Gst> {
    let settings = store.shop_settings()?;
    let text = |k: &str| settings.get(k).and_then(|v| v.as_str()).map(str::to_string);
    let state = text("shop.state").unwrap_or_default();
    let slots = q.period.slots(q.tz);
    let mut parties = Parties {
        store,
        seen: HashMap::new(),
    };
    // Tax by customer, supply and rate, cancelled bills taken back out.
    let mut taxes: BTreeMap<(Option<PartyId>, bool, GstRate), TaxSums> = BTreeMap::new();
    for row in store.report_taxes(slots.clone())? {
        *taxes
            .entry((row.customer_id, row.inter_state, row.rate))
            .or_default() = row.sums;
    }
    let cancelled = store.report_cancelled(slots.clone(), None)?;
    for c in &cancelled {
        let inter = c.fact.supply == galla_domain::Supply::InterState;
        for l in &c.fact.lines {
            taxes
                .entry((c.fact.customer_id, inter, l.gst_rate))
                .or_default()
                .sub(l);
        }
    }
    let mut invoices = TaxSums::default();
    for t in taxes.values() {
        add(&mut invoices, t);
    }
    // B2B and B2C large, bill by bill; what they hold comes out of B2C small.
    let (mut b2b, mut b2cl) = (Vec::new(), Vec::new());
    for bill in store.report_customer_bills(slots.clone())? {
        if bill.cancelled_ms.is_some() {
            continue;
        }
        let f = &bill.fact;
        let inter = f.supply == galla_domain::Supply::InterState;
        let party = parties.get(f.customer_id)?.cloned();
        let gstin = registered(party.as_ref());
        let large = inter && gstin.is_none() && f.total > B2CL_LIMIT;
        if gstin.is_none() && !large {
            continue;
        }
        let invoice = Invoice {
            number: f.bill_no.clone(),
            date: local_date(f.at_ms, q.tz),
            value: f.total,
            gstin: gstin.clone(),
            name: party.as_ref().map(|p| p.name.clone()).unwrap_or_default(),
            place: place(inter, party.as_ref(), &state),
            rates: by_rate(&f.lines),
        };
        for r in &invoice.rates {
            let t = taxes.entry((f.customer_id, inter, r.rate)).or_default();
            sub(t, &r.sums);
        }
        if gstin.is_some() {
            b2b.push(invoice);
        } else {
            b2cl.push(invoice);
        }
    }
    let mut small: BTreeMap<(String, GstRate), TaxSums> = BTreeMap::new();
    for ((customer, inter, rate), t) in &taxes {
        if *t == TaxSums::default() {
            continue;
        }
        let party = parties.get(*customer)?.cloned();
        let at = place(*inter, party.as_ref(), &state);
        add(small.entry((at, *rate)).or_default(), t);
    }
    let b2cs = small
        .into_iter()
        .filter(|(_, t)| *t != TaxSums::default())
        .map(|((at, rate), sums)| (at, RateRow { rate, sums }))
        .collect();
    let credit_notes = credit_notes(store, q, &mut parties, &state)?;
    let cat = Catalogue::load(store)?;
    let hsn = hsn_summary(store, q, &cat, &cancelled)?;
    let docs = documents(store, slots.clone())?;
    let gstr3b = gstr3b(
        store,
        q,
        &cat,
        &taxes_by_rate(&b2b, &b2cl, &b2cs_rates(&taxes)),
        &credit_notes,
        &state,
    )?;
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

fn b2cs_rates(taxes: &BTreeMap<(Option<PartyId>, bool, GstRate), TaxSums>) -> Vec<RateRow> {
    taxes
        .iter()
        .map(|((_, _, rate), sums)| RateRow {
            rate: *rate,
            sums: *sums,
        })
        .collect()
}

/// Every invoice's sums by rate.
fn taxes_by_rate(
    b2b: &[Invoice],
    b2cl: &[Invoice],
    b2cs: &[RateRow],
) -> BTreeMap<GstRate, TaxSums> {
    let mut out: BTreeMap<GstRate, TaxSums> = BTreeMap::new();
    let rows = b2b
        .iter()
        .chain(b2cl)
        .flat_map(|i| i.rates.iter())
        .chain(b2cs);
    for r in rows {
        add(out.entry(r.rate).or_default(), &r.sums);
    }
    out
}

/// The credit notes of the period: each return, valued and taxed as its
/// bill charged its goods. (Issue 10's credit note events plug in here.)
fn credit_notes(
    store: &Store,
    q: &Query,
    parties: &mut Parties<'_>,
    state: &str,
) -> anyhow::Result<Vec<CreditNote>> {
    let returns = store.report_returns(q.period.slots(q.tz), None)?;
    let ids: Vec<BillId> = returns.iter().map(|(_, r)| r.bill_id).collect();
    let bills = store.report_bills_by_id(&ids)?;
    let mut count: HashMap<BillId, usize> = HashMap::new();
    let mut out = Vec::new();
    for (_, r) in &returns {
        let Some(ReportBillRow { fact: bill, .. }) = bills.get(&r.bill_id) else {
            continue;
        };
        let n = count.entry(r.bill_id).or_default();
        *n += 1;
        let credited: Vec<ReportLine> = r
            .lines
            .iter()
            .filter_map(|back| {
                let l = bill
                    .lines
                    .iter()
                    .find(|l| l.variant_id == back.variant_id)?;
                let share = |m: Money| part_of(m, back.qty, l.qty);
                Some(ReportLine {
                    variant_id: l.variant_id,
                    qty: back.qty,
                    taxable: share(l.taxable),
                    cgst: share(l.cgst),
                    sgst: share(l.sgst),
                    igst: share(l.igst),
                    gst_rate: l.gst_rate,
                })
            })
            .collect();
        let party = parties.get(bill.customer_id)?.cloned();
        let inter = bill.supply == galla_domain::Supply::InterState;
        out.push(CreditNote {
            number: format!("R{n}/{}", bill.bill_no),
            date: local_date(r.at_ms, q.tz),
            invoice: bill.bill_no.clone(),
            invoice_date: local_date(bill.at_ms, q.tz),
            gstin: registered(party.as_ref()),
            name: party.as_ref().map(|p| p.name.clone()).unwrap_or_default(),
            place: place(inter, party.as_ref(), state),
            value: r.refund,
            rates: by_rate(&credited),
        });
    }
    Ok(out)
}
