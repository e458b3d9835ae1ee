//! Lays a `Receipt` out in columns: 32 on 58 mm paper, 48 on 80 mm; plain
//! text is the same `Doc` as text. Heading, lines (name, then quantity × rate
//! and amount, then HSN and GST rate), totals with an explicit round-off, the
//! tax per rate, payments, change and the UPI code; the shop's own header
//! and footer lines (settings) under its name and at the foot. No bytes,
//! no I/O.

use galla_domain::Supply;
use galla_domain::payload::PayMode;

use super::doc::{Align, Block, Doc, row};
use super::receipt::{COMPOSITION_STATEMENT, Receipt};

/// Thermal paper widths.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Paper {
    /// 58 mm: 32 columns of the standard font.
    Mm58,
    /// 80 mm: 48 columns.
    Mm80,
}

impl Paper {
    /// Characters per line.
    pub fn columns(self) -> usize {
        match self {
            Paper::Mm58 => 32,
            Paper::Mm80 => 48,
        }
    }
}

/// The receipt laid out for `paper`.
pub fn layout(r: &Receipt, paper: Paper) -> Doc {
    let mut d = Doc::new(paper.columns());
    heading(&mut d, r);
    items(&mut d, r);
    totals(&mut d, r);
    if !r.is_bill_of_supply() {
        tax_per_rate(&mut d, r);
    }
    payments(&mut d, r);
    if let Some(uri) = &r.upi_uri {
        d.push("Scan to pay by UPI", Align::Center, false);
        d.blocks.push(Block::Qr(uri.clone()));
    }
    if r.shop.footer.is_empty() {
        d.push("Thank you! Visit again", Align::Center, false);
    }
    for line in &r.shop.footer {
        d.push(line, Align::Center, false);
    }
    d
}

fn left(d: &mut Doc, lines: Vec<String>, bold: bool) {
    for l in lines {
        d.push(&l, Align::Left, bold);
    }
}

fn heading(d: &mut Doc, r: &Receipt) {
    let w = d.width;
    d.push(&r.shop.name, Align::Center, true);
    for line in r
        .shop
        .address
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
    {
        d.push(line, Align::Center, false);
    }
    if let Some(phone) = &r.shop.phone {
        d.push(&format!("Ph: {phone}"), Align::Center, false);
    }
    if let Some(gstin) = &r.shop.gstin {
        d.push(&format!("GSTIN: {gstin}"), Align::Center, false);
    }
    for line in &r.shop.header {
        d.push(line, Align::Center, false);
    }
    if r.is_bill_of_supply() {
        d.push("BILL OF SUPPLY", Align::Center, true);
        d.push(COMPOSITION_STATEMENT, Align::Center, false);
    } else {
        d.push("TAX INVOICE", Align::Center, true);
    }
    left(
        d,
        row(&format!("Bill: {}", r.bill_no), &r.date_time(), w),
        false,
    );
    if let Some(c) = &r.customer {
        d.push(&format!("Customer: {c}"), Align::Left, false);
    }
    if let Some(g) = &r.customer_gstin {
        d.push(&format!("Customer GSTIN: {g}"), Align::Left, false);
    }
    if r.supply == Supply::InterState && !r.is_bill_of_supply() {
        d.push("Inter-state supply: IGST", Align::Left, false);
    }
    d.rule();
}

fn items(d: &mut Doc, r: &Receipt) {
    let w = d.width;
    left(d, row("Item", "Amount", w), true);
    d.rule();
    for l in &r.lines {
        d.push(&l.name, Align::Left, false);
        let qty = format!("  {} {} x {}", l.qty, l.unit.label(), l.rate.format_plain());
        left(
            d,
            row(&qty, &l.rate.times_qty(l.qty).format_plain(), w),
            false,
        );
        if !l.discount.is_zero() {
            left(
                d,
                row("  Discount", &(-l.discount).format_plain(), w),
                false,
            );
        }
        let mut detail: Vec<String> = Vec::new();
        if let Some(hsn) = &l.hsn {
            detail.push(format!("HSN {hsn}"));
        }
        if !r.is_bill_of_supply() {
            detail.push(format!("GST {}", l.gst_rate));
        }
        if !detail.is_empty() {
            d.push(&format!("  {}", detail.join("  ")), Align::Left, false);
        }
    }
    d.rule();
}

fn totals(d: &mut Doc, r: &Receipt) {
    let w = d.width;
    let mut put = |label: &str, amount: galla_domain::Money| {
        left(d, row(label, &amount.format_plain(), w), false);
    };
    put("Subtotal", r.subtotal);
    if !r.discount.is_zero() {
        put("Discount", -r.discount);
    }
    if !r.is_bill_of_supply() {
        put("Taxable value", r.tax.taxable);
        match r.supply {
            Supply::IntraState => {
                put("CGST", r.tax.cgst);
                put("SGST", r.tax.sgst);
            }
            Supply::InterState => put("IGST", r.tax.igst),
        }
    }
    if !r.round_off.is_zero() {
        put("Round off", r.round_off);
    }
    left(d, row("TOTAL Rs", &r.total.format_plain(), w), true);
    d.rule();
}

fn tax_per_rate(d: &mut Doc, r: &Receipt) {
    let w = d.width;
    let mut any = false;
    for b in r.taxed_rates() {
        any = true;
        let head = format!("GST {} on", b.rate);
        left(d, row(&head, &b.taxable.format_plain(), w), false);
        let half = half_rate(b.rate.basis_points());
        let taxes = match r.supply {
            Supply::IntraState => vec![
                (format!("  CGST {half}"), b.cgst),
                (format!("  SGST {half}"), b.sgst),
            ],
            Supply::InterState => vec![(format!("  IGST {}", b.rate), b.igst)],
        };
        for (label, amount) in taxes {
            left(d, row(&label, &amount.format_plain(), w), false);
        }
    }
    if any {
        d.rule();
    }
}

/// Half a rate, as printed for CGST and SGST: 500 bp → "2.5%", 25 → "0.125%".
fn half_rate(bp: u16) -> String {
    let thousandths = u32::from(bp) * 5;
    let (whole, frac) = (thousandths / 1000, thousandths % 1000);
    if frac == 0 {
        format!("{whole}%")
    } else {
        let text = format!("{frac:03}");
        format!("{whole}.{}%", text.trim_end_matches('0'))
    }
}

fn mode_label(mode: PayMode) -> &'static str {
    match mode {
        PayMode::Cash => "Cash",
        PayMode::Upi => "UPI",
        PayMode::Card => "Card",
        PayMode::Khata => "Khata (credit)",
    }
}

fn payments(d: &mut Doc, r: &Receipt) {
    let w = d.width;
    for p in &r.payments {
        let label = match &p.reference {
            Some(reference) => format!("Paid {} ref {reference}", mode_label(p.mode)),
            None => format!("Paid {}", mode_label(p.mode)),
        };
        left(d, row(&label, &p.amount.format_plain(), w), false);
    }
    if !r.change.is_zero() {
        left(d, row("Change", &r.change.format_plain(), w), false);
    }
    if !r.payments.is_empty() || !r.change.is_zero() {
        d.rule();
    }
}
