//! A credit note (CGST s.34, Rule 53(1A)) for goods taken back: the shop as
//! the note was made under, "CREDIT NOTE", its own number and date, the
//! original bill's number and date, the recipient, the goods back, taxable
//! value and tax credited by rate, the round-off and the refund, and the
//! signature. Built from the saved SALE_RETURN and its bill; no bytes, no I/O.

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use galla_domain::payload::{PayMode, SaleReturn};
use galla_domain::{Document, Money, Qty, Supply, Unit};

use super::doc::{Align, Doc, row};
use super::layout::{Paper, half_rate, left, parties, shop_heading, signature};
use super::receipt::{ItemInfo, Marks, ReceiptShop};
use galla_domain::payload::{Recipient, Sale};

/// One line of goods taken back.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NoteLine {
    /// Name.
    pub name: String,
    /// How many came back.
    pub qty: Qty,
    /// Unit.
    pub unit: Unit,
    /// Rate per unit on the bill.
    pub rate: Money,
}

/// Everything a credit note prints.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CreditNote {
    /// The shop as the note was made under.
    pub shop: ReceiptShop,
    /// The original bill's document (tax lines only on a tax invoice's note).
    pub document: Document,
    /// The note's number.
    pub note_no: String,
    /// When the note was made.
    pub issued_at: DateTime<Utc>,
    /// The original bill's number.
    pub bill_no: String,
    /// When the original bill was made.
    pub bill_at: DateTime<Utc>,
    /// The shop's time zone.
    pub tz: Tz,
    /// The buyer.
    pub recipient: Option<Recipient>,
    /// Intra- or inter-state, as the bill was.
    pub supply: Supply,
    /// The bill's place of supply.
    pub place_of_supply: Option<String>,
    /// Goods back.
    pub lines: Vec<NoteLine>,
    /// The return as saved (tax by rate, refund and how).
    pub back: SaleReturn,
}

impl CreditNote {
    /// The credit note of `back`, a return against `sale` made at `bill_at`.
    pub fn new(
        shop: ReceiptShop,
        sale: &Sale,
        bill_at: DateTime<Utc>,
        back: &SaleReturn,
        issued_at: DateTime<Utc>,
        tz: Tz,
        items: impl Fn(galla_domain::VariantId) -> Option<ItemInfo>,
    ) -> CreditNote {
        let lines = back
            .lines
            .iter()
            .map(|l| {
                let info = items(l.variant_id);
                NoteLine {
                    name: info
                        .as_ref()
                        .map_or_else(|| "item".into(), |i| i.name.clone()),
                    qty: l.qty,
                    unit: info.as_ref().map_or(Unit::Piece, |i| i.unit),
                    rate: sale
                        .lines
                        .iter()
                        .find(|s| s.variant_id == l.variant_id)
                        .map_or(Money::ZERO, |s| s.rate),
                }
            })
            .collect();
        CreditNote {
            shop,
            document: sale.document,
            note_no: back.note_no.clone(),
            issued_at,
            bill_no: sale.bill_no.clone(),
            bill_at,
            tz,
            recipient: sale.recipient.clone(),
            supply: sale.supply,
            place_of_supply: sale.place_of_supply.clone(),
            lines,
            back: back.clone(),
        }
    }

    /// Taxable value plus tax credited.
    pub fn value(&self) -> Money {
        self.back.taxes.iter().map(|t| t.taxable + t.tax()).sum()
    }

    fn date(&self, at: DateTime<Utc>, with_time: bool) -> String {
        let format = if with_time {
            "%d-%m-%Y %H:%M"
        } else {
            "%d-%m-%Y"
        };
        at.with_timezone(&self.tz).format(format).to_string()
    }
}

/// The credit note laid out for `paper`.
pub fn layout_note(n: &CreditNote, paper: Paper) -> Doc {
    let mut d = Doc::new(paper.columns());
    let w = d.width;
    shop_heading(&mut d, &n.shop, "CREDIT NOTE", n.document, Marks::default());
    left(
        &mut d,
        row(&format!("No: {}", n.note_no), &n.date(n.issued_at, true), w),
        false,
    );
    left(
        &mut d,
        row(
            &format!("Against bill {}", n.bill_no),
            &format!("of {}", n.date(n.bill_at, false)),
            w,
        ),
        false,
    );
    parties(
        &mut d,
        n.recipient.as_ref(),
        n.document,
        n.supply,
        n.place_of_supply.as_deref(),
    );
    d.rule();
    left(&mut d, row("Goods back", "Rate", w), true);
    d.rule();
    for l in &n.lines {
        d.push(&l.name, Align::Left, false);
        let qty = format!("  {} {} x", l.qty, l.unit.label());
        left(&mut d, row(&qty, &l.rate.format_plain(), w), false);
    }
    d.rule();
    let mut put = |label: &str, amount: Money, bold: bool| {
        left(&mut d, row(label, &amount.format_plain(), w), bold);
    };
    let value = n.value();
    if n.document.charges_tax() {
        for t in &n.back.taxes {
            put(&format!("Taxable at GST {}", t.gst_rate), t.taxable, false);
            if t.tax().is_zero() {
                continue;
            }
            let half = half_rate(t.gst_rate.basis_points());
            match n.supply {
                Supply::IntraState => {
                    put(&format!("  CGST {half}"), t.cgst, false);
                    put(&format!("  SGST {half}"), t.sgst, false);
                }
                Supply::InterState => put(&format!("  IGST {}", t.gst_rate), t.igst, false),
            }
        }
        put("Value credited", value, false);
    } else {
        put("Value of goods back", value, false);
    }
    let round_off = n.back.refund - value;
    if !round_off.is_zero() {
        put("Round off", round_off, false);
    }
    let how = match n.back.refund_mode {
        PayMode::Khata => "CREDITED TO KHATA Rs",
        PayMode::Upi => "REFUND BY UPI Rs",
        PayMode::Card => "REFUND TO CARD Rs",
        PayMode::Cash => "REFUND CASH Rs",
    };
    put(how, n.back.refund, true);
    d.rule();
    signature(&mut d, &n.shop.name);
    d
}
