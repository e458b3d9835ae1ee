//! The GST figures as CSV files in the layout of the GST offline tool's
//! sheets (b2b, b2cl, b2cs, cdnr, hsn, docs): its column names, dates as
//! 19-Nov-2026, rupees with two decimals, the place of supply as
//! "08-Rajasthan", rates as plain numbers, units as "PCS-PIECES".

use galla_domain::{GstRate, Money};
use std::path::{Path, PathBuf};

use super::gst::{Gst, RateRow, place_words};
use super::table::{Cell, Table, rupees};

/// A rate as the GST tool writes it: "5", "0.25".
fn rate_number(r: GstRate) -> String {
    r.to_string().trim_end_matches('%').to_string()
}

fn date(d: chrono::NaiveDate) -> String {
    d.format("%d-%b-%Y").to_string()
}

fn money(m: Money) -> String {
    rupees(m)
}

impl Gst {
    /// The offline tool's sheets as (file name, CSV text).
    pub fn sheets(&self) -> Vec<(&'static str, String)> {
        let mut b2b = Table::new(
            "",
            &[
                "GSTIN/UIN of Recipient",
                "Receiver Name",
                "Invoice Number",
                "Invoice date",
                "Invoice Value",
                "Place Of Supply",
                "Reverse Charge",
                "Applicable % of Tax Rate",
                "Invoice Type",
                "E-Commerce GSTIN",
                "Rate",
                "Taxable Value",
                "Cess Amount",
            ],
        );
        for i in &self.b2b {
            for r in &i.rates {
                let head = [
                    i.gstin.clone().unwrap_or_default(),
                    i.name.clone(),
                    i.number.clone(),
                    date(i.date),
                    money(i.value),
                    place_words(&i.place),
                    "N".into(),
                    String::new(),
                    "Regular B2B".into(),
                    String::new(),
                ];
                b2b.rows.push(text(&[&head[..], &rated(r)].concat()));
            }
        }
        let mut b2cl = Table::new(
            "",
            &[
                "Invoice Number",
                "Invoice date",
                "Invoice Value",
                "Place Of Supply",
                "Applicable % of Tax Rate",
                "Rate",
                "Taxable Value",
                "Cess Amount",
                "E-Commerce GSTIN",
            ],
        );
        for i in &self.b2cl {
            for r in &i.rates {
                let head = [
                    i.number.clone(),
                    date(i.date),
                    money(i.value),
                    place_words(&i.place),
                    String::new(),
                ];
                b2cl.rows
                    .push(text(&[&head[..], &rated(r), &[String::new()]].concat()));
            }
        }
        let mut b2cs = Table::new(
            "",
            &[
                "Type",
                "Place Of Supply",
                "Applicable % of Tax Rate",
                "Rate",
                "Taxable Value",
                "Cess Amount",
                "E-Commerce GSTIN",
            ],
        );
        for (place, r) in &self.b2cs {
            let head = ["OE".into(), place_words(place), String::new()];
            b2cs.rows
                .push(text(&[&head[..], &rated(r), &[String::new()]].concat()));
        }
        let mut cdnr = Table::new(
            "",
            &[
                "GSTIN/UIN of Recipient",
                "Receiver Name",
                "Note Number",
                "Note Date",
                "Note Type",
                "Place Of Supply",
                "Reverse Charge",
                "Note Supply Type",
                "Note Value",
                "Applicable % of Tax Rate",
                "Rate",
                "Taxable Value",
                "Cess Amount",
            ],
        );
        for n in self.credit_notes.iter().filter(|n| n.gstin.is_some()) {
            for r in &n.rates {
                let head = [
                    n.gstin.clone().unwrap_or_default(),
                    n.name.clone(),
                    n.number.clone(),
                    date(n.date),
                    "C".into(),
                    place_words(&n.place),
                    "N".into(),
                    "Regular B2B".into(),
                    money(n.value),
                    String::new(),
                ];
                cdnr.rows.push(text(&[&head[..], &rated(r)].concat()));
            }
        }
        let mut hsn = Table::new(
            "",
            &[
                "HSN",
                "Description",
                "UQC",
                "Total Quantity",
                "Total Value",
                "Rate",
                "Taxable Value",
                "Integrated Tax Amount",
                "Central Tax Amount",
                "State/UT Tax Amount",
                "Cess Amount",
            ],
        );
        for h in &self.hsn {
            hsn.rows.push(text(&[
                h.hsn.clone(),
                h.description.clone(),
                h.uqc.into(),
                h.qty.to_string(),
                money(h.sums.taxable + h.sums.tax()),
                rate_number(h.rate),
                money(h.sums.taxable),
                money(h.sums.igst),
                money(h.sums.cgst),
                money(h.sums.sgst),
                String::new(),
            ]));
        }
        let mut docs = Table::new(
            "",
            &[
                "Nature of Document",
                "Sr. No. From",
                "Sr. No. To",
                "Total Number",
                "Cancelled",
            ],
        );
        for d in &self.docs {
            docs.rows.push(text(&[
                d.nature.into(),
                d.from.clone(),
                d.to.clone(),
                d.total.to_string(),
                d.cancelled.to_string(),
            ]));
        }
        vec![
            ("b2b.csv", b2b.to_csv()),
            ("b2cl.csv", b2cl.to_csv()),
            ("b2cs.csv", b2cs.to_csv()),
            ("cdnr.csv", cdnr.to_csv()),
            ("hsn.csv", hsn.to_csv()),
            ("docs.csv", docs.to_csv()),
        ]
    }

    /// Writes the sheets into `dir` (made if missing); the files written.
    pub fn write_csvs(&self, dir: &Path) -> anyhow::Result<Vec<PathBuf>> {
        std::fs::create_dir_all(dir)
            .map_err(|e| anyhow::anyhow!("cannot make the folder {}: {e}", dir.display()))?;
        let mut out = Vec::new();
        for (name, csv) in self.sheets() {
            let path = dir.join(name);
            std::fs::write(&path, csv)
                .map_err(|e| anyhow::anyhow!("cannot write {}: {e}", path.display()))?;
            out.push(path);
        }
        Ok(out)
    }
}

/// Rate, taxable value and (no) cess: how every rated sheet row ends.
fn rated(r: &RateRow) -> [String; 3] {
    [rate_number(r.rate), money(r.sums.taxable), String::new()]
}

fn text(cells: &[String]) -> Vec<Cell> {
    cells.iter().cloned().map(Cell::Text).collect()
}
