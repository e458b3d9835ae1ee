//! Shelf and price labels: the item's name, size and colour, its EAN-13
//! barcode with the digits under it, its price and MRP. Two outputs from
//! one list: an A4 PDF sheet of 3 × 8 labels (the bars drawn as filled
//! rectangles, so any viewer and any office printer shows them), and
//! ESC/POS bytes for the thermal printer (GS k, the printer draws the bars)
//! — one label after another on the roll, cut once at the end. The PDF
//! uses the standard Courier fonts, so names outside Latin-1 (Devanagari)
//! print as `?` there; the thermal printer gets them as it gets receipts.

use galla_domain::{Money, ean};

use super::doc::{Align, Block, Doc};
use super::escpos::{EscPos, encode};
use super::pdf::{Mark, PAGE_H, PAGE_W, latin1, marks_document, rs};

/// Labels a sheet holds across and down.
pub const COLUMNS: usize = 3;
/// Rows of labels on a sheet.
pub const ROWS: usize = 8;

/// One label.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Label {
    /// The product's name.
    pub name: String,
    /// Size and colour ("M / Red"), may be empty.
    pub detail: String,
    /// The SKU.
    pub sku: String,
    /// 13 digits with a valid check digit.
    pub barcode: String,
    /// Selling price.
    pub price: Money,
    /// MRP.
    pub mrp: Money,
}

impl Label {
    /// "MRP Rs. 799.00  Price Rs. 749.00" (the price only when below MRP).
    fn prices(&self, money: impl Fn(Money) -> String) -> String {
        if self.price < self.mrp {
            format!("MRP {}  Price {}", money(self.mrp), money(self.price))
        } else {
            format!("MRP {}", money(self.mrp))
        }
    }
}

fn cut(text: &str, chars: usize) -> String {
    text.chars().take(chars).collect()
}

/// Width of one bar module on the sheet, in points.
const MODULE: f32 = 1.4;

/// The marks of one label whose cell has its bottom-left corner at (x, y).
fn label_marks(l: &Label, x: f32, y: f32, w: f32, h: f32, out: &mut Vec<Mark>) {
    let text = |x, y, size, bold, t: String| Mark::Text {
        x,
        y,
        size,
        bold,
        text: latin1(&t),
    };
    out.push(text(x + 10.0, y + h - 18.0, 9.0, true, cut(&l.name, 32)));
    let detail = if l.detail.is_empty() {
        l.sku.clone()
    } else {
        format!("{}  {}", l.detail, l.sku)
    };
    out.push(text(x + 10.0, y + h - 29.0, 7.0, false, cut(&detail, 44)));
    if let Some(modules) = ean::modules(&l.barcode) {
        let left = x + (w - 95.0 * MODULE) / 2.0;
        let mut i = 0;
        while i < modules.len() {
            if !modules[i] {
                i += 1;
                continue;
            }
            let start = i;
            while i < modules.len() && modules[i] {
                i += 1;
            }
            // The guard bars reach lower than the digits' bars.
            let guard = start < 3 || (45..50).contains(&start) || start >= 92;
            let (bottom, height) = if guard {
                (y + 24.0, 46.0)
            } else {
                (y + 29.0, 41.0)
            };
            out.push(Mark::Rect {
                x: left + start as f32 * MODULE,
                y: bottom,
                w: (i - start) as f32 * MODULE,
                h: height,
            });
        }
        let digits_w = 13.0 * 0.6 * 8.0;
        out.push(text(
            x + (w - digits_w) / 2.0,
            y + 17.0,
            8.0,
            false,
            l.barcode.clone(),
        ));
    }
    out.push(text(x + 10.0, y + 6.0, 8.0, true, cut(&l.prices(rs), 36)));
}

/// A PDF of A4 sheets of labels, 24 to a sheet, left to right and top down.
pub fn pdf(labels: &[Label]) -> Vec<u8> {
    let per_page = COLUMNS * ROWS;
    let (w, h) = (PAGE_W / COLUMNS as f32, PAGE_H / ROWS as f32);
    let pages: Vec<Vec<Mark>> = labels
        .chunks(per_page)
        .map(|sheet| {
            let mut marks = Vec::new();
            for (i, l) in sheet.iter().enumerate() {
                let (col, row) = (i % COLUMNS, i / COLUMNS);
                let x = col as f32 * w;
                let y = PAGE_H - (row + 1) as f32 * h;
                label_marks(l, x, y, w, h, &mut marks);
            }
            marks
        })
        .collect();
    marks_document(&pages)
}

/// The labels as ESC/POS bytes for a roll `width` columns wide.
pub fn escpos(labels: &[Label], width: usize, opts: &EscPos) -> Vec<u8> {
    let mut doc = Doc::new(width);
    for l in labels {
        doc.push(&l.name, Align::Center, true);
        if !l.detail.is_empty() {
            doc.push(&l.detail, Align::Center, false);
        }
        doc.blocks.push(Block::Ean13(l.barcode.clone()));
        doc.push(
            &l.prices(|m| format!("Rs.{}", m.format_plain())),
            Align::Center,
            true,
        );
        doc.push("", Align::Left, false);
    }
    encode(&doc, opts)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn label(code: &str) -> Label {
        Label {
            name: "Cotton Kurta".into(),
            detail: "M / Red".into(),
            sku: "COTKUR-M-RED".into(),
            barcode: code.into(),
            price: Money::from_rupees(749),
            mrp: Money::from_rupees(799),
        }
    }

    #[test]
    fn a_sheet_draws_the_bars_as_runs_of_modules() {
        let mut marks = Vec::new();
        label_marks(&label("8901000000019"), 0.0, 0.0, 198.0, 105.0, &mut marks);
        let bars: Vec<&Mark> = marks
            .iter()
            .filter(|m| matches!(m, Mark::Rect { .. }))
            .collect();
        // 30 bars in every EAN-13: 2 in each of the three guards, 2 in
        // each of the 12 digits, none touching another.
        assert_eq!(bars.len(), 30);
        let width: f32 = bars
            .iter()
            .map(|m| {
                if let Mark::Rect { w, .. } = m {
                    *w
                } else {
                    0.0
                }
            })
            .sum();
        let dark = ean::modules("8901000000019")
            .expect("valid")
            .iter()
            .filter(|b| **b)
            .count();
        assert!((width - dark as f32 * MODULE).abs() < 0.01);
        let pdf = pdf(&vec![label("8901000000019"); 25]);
        assert!(
            String::from_utf8_lossy(&pdf).contains("/Count 2"),
            "25 labels take two sheets"
        );
    }
}
