//! Reports on paper: any report as an A4 PDF (the text lines in Courier;
//! amounts without the rupee sign, which the PDF's font lacks, under a
//! heading that says they are rupees), and the daily sales and the day
//! close (daily sales with this counter's cash book) as a thermal slip.

use chrono_tz::Tz;
use galla_domain::Money;

use super::daily::{Daily, mode_name};
use super::{Query, Report};
use crate::print::doc::row;
use crate::print::pdf::latin1;
use crate::store::DayBook;

/// The text width of a PDF page at 9 points (Courier is 0.6 em wide).
pub const PDF_COLUMNS: usize = 90;

/// The report as an A4 PDF, headed by the shop's name.
pub fn pdf(report: &Report, q: &Query, shop: &str) -> Vec<u8> {
    let mut rows: Vec<(f32, String)> = vec![(16.0, latin1(shop))];
    let mut lines = report.text(q, PDF_COLUMNS).into_iter();
    if let Some(heading) = lines.next() {
        rows.push((12.0, latin1(&heading)));
    }
    rows.push((9.0, "Amounts in rupees.".to_string()));
    for line in lines {
        rows.push((9.0, latin1(&line.replace('₹', " "))));
    }
    crate::print::pdf::document(&rows)
}

fn amount(m: Money) -> String {
    m.format_plain()
}

/// The daily sales as slip lines `width` characters wide.
pub fn daily_slip(d: &Daily, q: &Query, width: usize) -> Vec<String> {
    let t = &d.totals;
    let rule = "-".repeat(width);
    let mut out = vec![
        format!("DAILY SALES {}", d.period.label()),
        q.location_words(),
        rule.clone(),
    ];
    let mut put = |label: &str, m: Money| out.extend(row(label, &amount(m), width));
    put(&format!("Bills ({})", t.bills), t.sales);
    put("Discounts", t.discount);
    put("Taxable value", t.taxable);
    put("CGST", t.cgst);
    put("SGST", t.sgst);
    if !t.igst.is_zero() {
        put("IGST", t.igst);
    }
    put(&format!("Cancelled ({})", t.cancelled), t.cancelled_value);
    put(&format!("Returns ({})", t.returns), -t.refunds());
    put("NET SALES", t.net());
    put("Average bill", t.average());
    out.push(rule.clone());
    for i in 0..4 {
        let net = t.paid[i] - t.refunded[i];
        if !net.is_zero() || !t.paid[i].is_zero() {
            out.extend(row(&mode_name(i).to_uppercase(), &amount(net), width));
        }
    }
    if d.by_counter.len() > 1 {
        out.push(rule.clone());
        for (c, x) in &d.by_counter {
            out.extend(row(
                &format!("Counter {c} ({})", x.bills),
                &amount(x.net()),
                width,
            ));
        }
    }
    out.push(rule);
    let (p, before) = &d.compare;
    out.extend(row(
        &format!("Net {}", p.label()),
        &amount(before.net()),
        width,
    ));
    out
}

/// The day close: the day's sales, then this counter's cash book slip.
pub fn day_close(d: &Daily, book: &DayBook, q: &Query, width: usize, tz: Tz) -> Vec<String> {
    let mut out = daily_slip(d, q, width);
    out.push(String::new());
    out.extend(crate::print::close_slip(book, width, tz));
    out
}

/// Prints `lines` under the shop's name on the till's printer.
pub fn print(lines: &[String], till: &crate::app::till::TillSetup) -> anyhow::Result<()> {
    let mut doc = crate::print::Doc::new(till.paper.columns());
    doc.push(&till.shop.name, crate::print::Align::Center, true);
    for line in lines {
        doc.push(line, crate::print::Align::Left, false);
    }
    let bytes = crate::print::encode(&doc, &till.escpos);
    crate::print::print(&bytes, &till.printer)
        .map_err(|e| anyhow::anyhow!("the report did not print: {e}"))
}
