//! Lays a `Receipt` out in columns: 32 on 58 mm paper, 48 on 80 mm; plain
//! text is the same `Doc` as text. Heading (the shop, the document's title,
//! DUPLICATE / CANCELLED, the number and date, the recipient, place of
//! supply, reverse charge), lines (name, then quantity × rate and amount,
//! then HSN and GST rate; a B2B invoice adds each line's taxable value and
//! tax), totals with an explicit round-off, the tax per rate, payments,
//! change, the UPI code and the signature. No bytes, no I/O.

use galla_domain::gst::state_label;
use galla_domain::payload::{PayMode, Recipient};
use galla_domain::{Document, Supply};

use super::doc::{Align, Block, Doc, row};
use super::receipt::{COMPOSITION_STATEMENT, Marks, Receipt, ReceiptShop};

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
    shop_heading(&mut d, &r.shop, r.document.title(), r.document, r.marks);
    let w = d.width;
    left(
        &mut d,
        row(&format!("Bill: {}", r.bill_no), &r.date_time(), w),
        false,
    );
    parties(
        &mut d,
        r.recipient.as_ref(),
        r.document,
        r.supply,
        r.place_of_supply.as_deref(),
    );
    d.rule();
    items(&mut d, r);
    totals(&mut d, r);
    if r.charges_tax() {
        tax_per_rate(&mut d, r);
    }
    payments(&mut d, r);
    if let Some(uri) = &r.upi_uri {
        d.push("Scan to pay by UPI", Align::Center, false);
        d.blocks.push(Block::Qr(uri.clone()));
    }
    signature(&mut d, &r.shop.name);
    d.push("Thank you! Visit again", Align::Center, false);
    d
}

/// "For <shop>", room to sign, "Authorised signatory" (Rule 46(q)).
pub(crate) fn signature(d: &mut Doc, shop: &str) {
    d.push(&format!("For {shop}"), Align::Left, false);
    d.push("", Align::Left, false);
    d.push("Authorised signatory", Align::Left, false);
    d.rule();
}

pub(crate) fn left(d: &mut Doc, lines: Vec<String>, bold: bool) {
    for l in lines {
        d.push(&l, Align::Left, bold);
    }
}

/// The shop, the document's title and the copy marks, centred.
pub(crate) fn shop_heading(
    d: &mut Doc,
    shop: &ReceiptShop,
    title: &str,
    document: Document,
    marks: Marks,
) {
    d.push(&shop.name, Align::Center, true);
    for line in shop
        .address
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
    {
        d.push(line, Align::Center, false);
    }
    if let Some(phone) = &shop.phone {
        d.push(&format!("Ph: {phone}"), Align::Center, false);
    }
    if let Some(gstin) = shop.gstin.as_ref().filter(|_| document != Document::Bill) {
        d.push(&format!("GSTIN: {gstin}"), Align::Center, false);
    }
    d.push(title, Align::Center, true);
    if document == Document::BillOfSupply {
        d.push(COMPOSITION_STATEMENT, Align::Center, false);
    }
    if marks.duplicate {
        d.push("DUPLICATE", Align::Center, true);
    }
    if marks.cancelled {
        d.push("*** CANCELLED ***", Align::Center, true);
    }
}

/// The recipient (name, address, state, GSTIN), the place of supply and,
/// on a tax invoice, the reverse-charge statement (Rule 46(e), (n), (p)).
pub(crate) fn parties(
    d: &mut Doc,
    recipient: Option<&Recipient>,
    document: Document,
    supply: Supply,
    place: Option<&str>,
) {
    if let Some(c) = recipient {
        d.push(&format!("Bill to: {}", c.name), Align::Left, false);
        if let Some(a) = c.address.as_deref().filter(|a| !a.trim().is_empty()) {
            d.push(&format!("  {a}"), Align::Left, false);
        }
        if let Some(s) = &c.state_code {
            d.push(&format!("  State: {}", state_label(s)), Align::Left, false);
        }
        if let Some(g) = c.gstin.as_ref().filter(|_| document.charges_tax()) {
            d.push(&format!("  GSTIN: {g}"), Align::Left, false);
        }
    }
    if document.charges_tax() {
        if let Some(p) = place {
            d.push(
                &format!("Place of supply: {}", state_label(p)),
                Align::Left,
                false,
            );
        }
        if supply == Supply::InterState {
            d.push("Inter-state supply: IGST", Align::Left, false);
        }
        d.push("Tax payable on reverse charge: No", Align::Left, false);
    }
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
        if r.charges_tax() {
            detail.push(format!("GST {}", l.gst_rate));
        }
        if !detail.is_empty() {
            d.push(&format!("  {}", detail.join("  ")), Align::Left, false);
        }
        if r.is_b2b() {
            left(
                d,
                row("  Taxable value", &l.taxable.format_plain(), w),
                false,
            );
            let taxes = match r.supply {
                Supply::IntraState => vec![
                    (
                        format!("  CGST {}", half_rate(l.gst_rate.basis_points())),
                        l.cgst,
                    ),
                    (
                        format!("  SGST {}", half_rate(l.gst_rate.basis_points())),
                        l.sgst,
                    ),
                ],
                Supply::InterState => vec![(format!("  IGST {}", l.gst_rate), l.igst)],
            };
            for (label, amount) in taxes {
                left(d, row(&label, &amount.format_plain(), w), false);
            }
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
    if r.charges_tax() {
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
pub(crate) fn half_rate(bp: u16) -> String {
    let thousandths = u32::from(bp) * 5;
    let (whole, frac) = (thousandths / 1000, thousandths % 1000);
    if frac == 0 {
        format!("{whole}%")
    } else {
        let text = format!("{frac:03}");
        format!("{whole}.{}%", text.trim_end_matches('0'))
    }
}

pub(crate) fn mode_label(mode: PayMode) -> &'static str {
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
