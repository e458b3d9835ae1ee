//! The GST figures written out: JSON (paise) and the tables shown on
//! screen and on paper. The offline tool's CSV sheets are in `gst_sheets`.

use galla_domain::projection::report::TaxSums;
use serde_json::{Value, json};

use super::gst::{CreditNote, Gst, Invoice, RateRow, place_words};
use super::table::{Cell, Table};

fn sums_json(s: &TaxSums) -> Value {
    json!({
        "taxable_paise": s.taxable.paise(),
        "igst_paise": s.igst.paise(),
        "cgst_paise": s.cgst.paise(),
        "sgst_paise": s.sgst.paise(),
        "tax_paise": s.tax().paise(),
    })
}

fn rates_json(rates: &[RateRow]) -> Value {
    json!(
        rates
            .iter()
            .map(|r| {
                let mut v = sums_json(&r.sums);
                v["rate"] = json!(r.rate.to_string());
                v["rate_bp"] = json!(r.rate.basis_points());
                v
            })
            .collect::<Vec<_>>()
    )
}

fn invoice_json(i: &Invoice) -> Value {
    json!({
        "gstin": i.gstin,
        "name": i.name,
        "number": i.number,
        "date": i.date.to_string(),
        "value_paise": i.value.paise(),
        "place_of_supply": place_words(&i.place),
        "reverse_charge": "N",
        "rates": rates_json(&i.rates),
    })
}

fn note_json(n: &CreditNote) -> Value {
    json!({
        "gstin": n.gstin,
        "name": n.name,
        "number": n.number,
        "date": n.date.to_string(),
        "invoice": n.invoice,
        "invoice_date": n.invoice_date.to_string(),
        "place_of_supply": place_words(&n.place),
        "value_paise": n.value.paise(),
        "rates": rates_json(&n.rates),
    })
}

fn note_tax(n: &CreditNote) -> TaxSums {
    let mut t = TaxSums::default();
    for r in &n.rates {
        t.taxable += r.sums.taxable;
        t.cgst += r.sums.cgst;
        t.sgst += r.sums.sgst;
        t.igst += r.sums.igst;
    }
    t
}

impl Gst {
    /// The credit notes' taxable value and tax together.
    pub fn credited(&self) -> TaxSums {
        let mut t = TaxSums::default();
        for n in &self.credit_notes {
            let s = note_tax(n);
            t.taxable += s.taxable;
            t.cgst += s.cgst;
            t.sgst += s.sgst;
            t.igst += s.igst;
        }
        t
    }

    /// JSON (paise).
    pub fn json(&self) -> Value {
        let b = &self.gstr3b;
        json!({
            "report": "gst",
            "from": self.period.from.to_string(),
            "to": self.period.to.to_string(),
            "gstin": self.gstin,
            "state": self.state,
            "b2b": self.b2b.iter().map(invoice_json).collect::<Vec<_>>(),
            "b2cl": self.b2cl.iter().map(invoice_json).collect::<Vec<_>>(),
            "b2cs": self.b2cs.iter().map(|(place, r)| {
                let mut v = sums_json(&r.sums);
                v["type"] = json!("OE");
                v["place_of_supply"] = json!(place_words(place));
                v["rate"] = json!(r.rate.to_string());
                v["rate_bp"] = json!(r.rate.basis_points());
                v
            }).collect::<Vec<_>>(),
            "credit_notes": self.credit_notes.iter().map(note_json).collect::<Vec<_>>(),
            "hsn": self.hsn.iter().map(|h| {
                let mut v = sums_json(&h.sums);
                v["hsn"] = json!(h.hsn);
                v["description"] = json!(h.description);
                v["uqc"] = json!(h.uqc);
                v["qty"] = json!(crate::store::qty_json(h.qty));
                v["value_paise"] = json!((h.sums.taxable + h.sums.tax()).paise());
                v["rate"] = json!(h.rate.to_string());
                v["rate_bp"] = json!(h.rate.basis_points());
                v
            }).collect::<Vec<_>>(),
            "docs": self.docs.iter().map(|d| json!({
                "nature": d.nature,
                "from": d.from,
                "to": d.to,
                "total": d.total,
                "cancelled": d.cancelled,
                "net_issued": d.total - d.cancelled,
            })).collect::<Vec<_>>(),
            "invoices": sums_json(&self.invoices),
            "credited": sums_json(&self.credited()),
            "gstr3b": {
                "outward_taxable": sums_json(&b.outward),
                "zero_rated": sums_json(&b.zero_rated),
                "nil_exempt_paise": b.nil_exempt.paise(),
                "itc": sums_json(&b.itc),
                "inward_no_itc_paise": b.inward_no_itc.paise(),
            },
        })
    }

    /// Key figures.
    pub fn summary(&self) -> Vec<(String, Cell)> {
        let i = &self.invoices;
        let c = self.credited();
        let b = &self.gstr3b;
        vec![
            (
                "Invoices: taxable value".to_string(),
                Cell::Money(i.taxable),
            ),
            ("  CGST".to_string(), Cell::Money(i.cgst)),
            ("  SGST".to_string(), Cell::Money(i.sgst)),
            ("  IGST".to_string(), Cell::Money(i.igst)),
            (
                format!("Credit notes ({})", self.credit_notes.len()),
                Cell::Money(-(c.taxable + c.tax())),
            ),
            (
                "3B outward taxable".to_string(),
                Cell::Money(b.outward.taxable),
            ),
            ("3B output tax".to_string(), Cell::Money(b.outward.tax())),
            (
                "3B nil-rated and exempt".to_string(),
                Cell::Money(b.nil_exempt),
            ),
            ("3B input tax credit".to_string(), Cell::Money(b.itc.tax())),
        ]
    }

    /// B2B, B2C large, B2C small, credit notes, HSN, documents, 3B.
    pub fn tables(&self) -> Vec<Table> {
        let mut b2b = Table::new(
            "B2B invoices",
            &[
                "invoice", "GSTIN", "date", "rate", "taxable", "CGST", "SGST", "IGST",
            ],
        );
        let mut b2cl = Table::new(
            "B2C large (inter-state above ₹1,00,000)",
            &["invoice", "place", "date", "rate", "taxable", "IGST"],
        );
        for i in &self.b2b {
            for r in &i.rates {
                b2b.rows.push(vec![
                    Cell::Text(i.number.clone()),
                    Cell::Text(i.gstin.clone().unwrap_or_default()),
                    Cell::Text(i.date.format("%d %b").to_string()),
                    Cell::Text(r.rate.to_string()),
                    Cell::Money(r.sums.taxable),
                    Cell::Money(r.sums.cgst),
                    Cell::Money(r.sums.sgst),
                    Cell::Money(r.sums.igst),
                ]);
            }
        }
        for i in &self.b2cl {
            for r in &i.rates {
                b2cl.rows.push(vec![
                    Cell::Text(i.number.clone()),
                    Cell::Text(place_words(&i.place)),
                    Cell::Text(i.date.format("%d %b").to_string()),
                    Cell::Text(r.rate.to_string()),
                    Cell::Money(r.sums.taxable),
                    Cell::Money(r.sums.igst),
                ]);
            }
        }
        let mut b2cs = Table::new(
            "B2C small by place of supply and rate",
            &["place", "rate", "taxable", "CGST", "SGST", "IGST"],
        );
        for (place, r) in &self.b2cs {
            b2cs.rows.push(vec![
                Cell::Text(place_words(place)),
                Cell::Text(r.rate.to_string()),
                Cell::Money(r.sums.taxable),
                Cell::Money(r.sums.cgst),
                Cell::Money(r.sums.sgst),
                Cell::Money(r.sums.igst),
            ]);
        }
        let mut notes = Table::new(
            "Credit notes",
            &[
                "note", "against", "GSTIN", "date", "value", "taxable", "tax",
            ],
        );
        for n in &self.credit_notes {
            let t = note_tax(n);
            notes.rows.push(vec![
                Cell::Text(n.number.clone()),
                Cell::Text(n.invoice.clone()),
                Cell::Text(n.gstin.clone().unwrap_or_else(|| "unregistered".into())),
                Cell::Text(n.date.format("%d %b").to_string()),
                Cell::Money(n.value),
                Cell::Money(t.taxable),
                Cell::Money(t.tax()),
            ]);
        }
        let mut hsn = Table::new(
            "HSN summary",
            &[
                "HSN", "UQC", "qty", "rate", "taxable", "CGST", "SGST", "IGST",
            ],
        );
        for h in &self.hsn {
            hsn.rows.push(vec![
                Cell::Text(h.hsn.clone()),
                Cell::Text(h.uqc.split('-').next().unwrap_or_default().to_string()),
                Cell::Qty(h.qty),
                Cell::Text(h.rate.to_string()),
                Cell::Money(h.sums.taxable),
                Cell::Money(h.sums.cgst),
                Cell::Money(h.sums.sgst),
                Cell::Money(h.sums.igst),
            ]);
        }
        let mut docs = Table::new(
            "Documents issued",
            &["series from", "to", "total", "cancelled", "net"],
        );
        for d in &self.docs {
            docs.rows.push(vec![
                Cell::Text(d.from.clone()),
                Cell::Text(d.to.clone()),
                Cell::Count(d.total),
                Cell::Count(d.cancelled),
                Cell::Count(d.total - d.cancelled),
            ]);
        }
        let b = &self.gstr3b;
        let mut three = Table::new("GSTR-3B", &["", "taxable", "IGST", "CGST", "SGST"]);
        let row = |label: &str, s: &TaxSums| {
            vec![
                Cell::Text(label.into()),
                Cell::Money(s.taxable),
                Cell::Money(s.igst),
                Cell::Money(s.cgst),
                Cell::Money(s.sgst),
            ]
        };
        three.rows.push(row("3.1(a) outward taxable", &b.outward));
        three.rows.push(row("3.1(b) zero-rated", &b.zero_rated));
        let nil = TaxSums {
            taxable: b.nil_exempt,
            ..TaxSums::default()
        };
        three.rows.push(row("3.1(c) nil and exempt", &nil));
        three.rows.push(row("4 input tax credit", &b.itc));
        let inward = TaxSums {
            taxable: b.inward_no_itc,
            ..TaxSums::default()
        };
        three.rows.push(row("5 inward, no credit", &inward));
        vec![b2b, b2cl, b2cs, notes, hsn, docs, three]
    }
}
