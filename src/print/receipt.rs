//! The facts a receipt prints, as CGST Rule 46 (tax invoice) and Rule 49
//! (bill of supply) ask — or a plain cash memo for an unregistered shop —
//! built from a saved SALE so a reprint says exactly what the first print
//! said, under the header the bill was made under, marked DUPLICATE (and
//! CANCELLED). Owns no layout and no bytes; amounts come from the SALE,
//! never recomputed differently.

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use galla_domain::gst::{self, LineTax, RateBreakup};
use galla_domain::payload::{Payment, Recipient, Sale, ShopHeader};
use galla_domain::{Document, GstRate, Money, Qty, Regime, Supply, Unit, VariantId};

/// What a composition dealer must print instead of tax lines.
pub const COMPOSITION_STATEMENT: &str =
    "Composition taxable person, not eligible to collect tax on supplies";

/// The shop as the receipt heads it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReceiptShop {
    /// Name.
    pub name: String,
    /// Address; one printed line per line here.
    pub address: String,
    /// GSTIN.
    pub gstin: Option<String>,
    /// Phone.
    pub phone: Option<String>,
    /// Two-digit GST state code.
    pub state_code: Option<String>,
    /// Regular (tax invoice), composition (bill of supply) or unregistered
    /// (cash memo).
    pub regime: Regime,
    /// Whether HSN codes are printed (optional for B2C up to ₹5 crore turnover).
    pub show_hsn: bool,
}

impl ReceiptShop {
    /// The shop as a bill made now keeps it in its SALE.
    pub fn header(&self) -> ShopHeader {
        ShopHeader {
            name: self.name.clone(),
            address: self
                .address
                .lines()
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .map(str::to_string)
                .collect(),
            phone: self.phone.clone(),
            gstin: self.gstin.clone(),
            state_code: self.state_code.clone(),
            registration: self.regime,
        }
    }

    /// This shop as a bill was made under (`header`), keeping today's
    /// printing choices (HSN codes).
    pub fn under(&self, header: &ShopHeader) -> ReceiptShop {
        ReceiptShop {
            name: header.name.clone(),
            address: header.address.join("\n"),
            gstin: header.gstin.clone(),
            phone: header.phone.clone(),
            state_code: header.state_code.clone(),
            regime: header.registration,
            show_hsn: self.show_hsn,
        }
    }
}

/// How a copy of a bill is marked.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Marks {
    /// A reprint: "DUPLICATE".
    pub duplicate: bool,
    /// The bill was cancelled since: "CANCELLED".
    pub cancelled: bool,
}

/// What the catalogue says about a sold variant.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ItemInfo {
    /// Name with size and colour.
    pub name: String,
    /// HSN code.
    pub hsn: String,
    /// How it is counted.
    pub unit: Unit,
}

/// One printed line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReceiptLine {
    /// Name (any script).
    pub name: String,
    /// HSN, when printed.
    pub hsn: Option<String>,
    /// Quantity.
    pub qty: Qty,
    /// Unit.
    pub unit: Unit,
    /// Rate per unit.
    pub rate: Money,
    /// Line discount.
    pub discount: Money,
    /// Rate × quantity less the line discount.
    pub amount: Money,
    /// GST rate.
    pub gst_rate: GstRate,
    /// Taxable value (after the bill discount's share too).
    pub taxable: Money,
    /// Central tax.
    pub cgst: Money,
    /// State tax.
    pub sgst: Money,
    /// Integrated tax.
    pub igst: Money,
}

/// Everything one receipt prints.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Receipt {
    /// The shop.
    pub shop: ReceiptShop,
    /// Tax invoice, bill of supply or cash memo.
    pub document: Document,
    /// DUPLICATE and CANCELLED.
    pub marks: Marks,
    /// Bill number.
    pub bill_no: String,
    /// When the bill was saved.
    pub issued_at: DateTime<Utc>,
    /// The shop's time zone, for the printed date.
    pub tz: Tz,
    /// The buyer as the bill names them.
    pub recipient: Option<Recipient>,
    /// Intra-state or inter-state.
    pub supply: Supply,
    /// The state the supply is made in (a two-digit code).
    pub place_of_supply: Option<String>,
    /// The lines.
    pub lines: Vec<ReceiptLine>,
    /// Sum of rate × quantity.
    pub subtotal: Money,
    /// Line discounts plus the bill discount.
    pub discount: Money,
    /// Taxable value and tax, per rate and in all.
    pub tax: gst::BillTotals,
    /// Round-off to the rupee.
    pub round_off: Money,
    /// Grand total.
    pub total: Money,
    /// Payments.
    pub payments: Vec<Payment>,
    /// Cash handed back.
    pub change: Money,
    /// A UPI link to print as a QR code.
    pub upi_uri: Option<String>,
}

impl Receipt {
    /// The receipt of a saved SALE, headed by `shop` (the shop as the bill
    /// was made under). `items` names each variant (an unknown one prints as
    /// "item"); `change` is what the payment popup worked out.
    pub fn from_sale(
        shop: ReceiptShop,
        sale: &Sale,
        issued_at: DateTime<Utc>,
        tz: Tz,
        items: impl Fn(VariantId) -> Option<ItemInfo>,
        change: Money,
        upi_uri: Option<String>,
    ) -> Receipt {
        let lines: Vec<ReceiptLine> = sale
            .lines
            .iter()
            .map(|l| {
                let info = items(l.variant_id);
                let hsn = info
                    .as_ref()
                    .map(|i| i.hsn.clone())
                    .filter(|h| shop.show_hsn && !h.is_empty());
                ReceiptLine {
                    name: info
                        .as_ref()
                        .map_or_else(|| "item".into(), |i| i.name.clone()),
                    hsn,
                    qty: l.qty,
                    unit: info.as_ref().map_or(Unit::Piece, |i| i.unit),
                    rate: l.rate,
                    discount: l.discount,
                    amount: l.rate.times_qty(l.qty) - l.discount,
                    gst_rate: l.gst_rate,
                    taxable: l.taxable,
                    cgst: l.cgst,
                    sgst: l.sgst,
                    igst: l.igst,
                }
            })
            .collect();
        let taxes: Vec<LineTax> = lines
            .iter()
            .map(|l| LineTax {
                rate: l.gst_rate,
                taxable: l.taxable,
                cgst: l.cgst,
                sgst: l.sgst,
                igst: l.igst,
            })
            .collect();
        let subtotal = sale.lines.iter().map(|l| l.rate.times_qty(l.qty)).sum();
        let line_discounts: Money = sale.lines.iter().map(|l| l.discount).sum();
        Receipt {
            shop,
            document: sale.document,
            marks: Marks::default(),
            bill_no: sale.bill_no.clone(),
            issued_at,
            tz,
            recipient: sale.recipient.clone(),
            supply: sale.supply,
            place_of_supply: sale.place_of_supply.clone(),
            lines,
            subtotal,
            discount: line_discounts + sale.bill_discount,
            tax: gst::bill_totals(&taxes),
            round_off: sale.round_off,
            total: sale.total,
            payments: sale.payments.clone(),
            change,
            upi_uri,
        }
    }

    /// Whether tax is printed (a tax invoice; not a bill of supply or a
    /// cash memo).
    pub fn charges_tax(&self) -> bool {
        self.document.charges_tax()
    }

    /// A bill to a registered buyer (B2B): every line shows its taxable
    /// value, rate and tax.
    pub fn is_b2b(&self) -> bool {
        self.charges_tax() && self.recipient.as_ref().is_some_and(|r| r.gstin.is_some())
    }

    /// "05-01-2026 14:05" in the shop's zone.
    pub fn date_time(&self) -> String {
        self.issued_at
            .with_timezone(&self.tz)
            .format("%d-%m-%Y %H:%M")
            .to_string()
    }

    /// Tax per rate, lowest first, leaving out untaxed rates.
    pub fn taxed_rates(&self) -> impl Iterator<Item = &RateBreakup> {
        self.tax.by_rate.iter().filter(|b| b.rate != GstRate::ZERO)
    }
}
