//! Goods bought from a supplier (PURCHASE) and sent back (PURCHASE_RETURN,
//! a debit note): one code path for the Stock pane's purchase screen,
//! `galla purchase` and `galla receive` (a purchase with no supplier and
//! nothing paid). The cost per unit is before GST; input GST is added at
//! each item's rate (or the rate the file gives), CGST + SGST, or IGST from
//! a supplier in another state (`galla_domain::purchase`). Paid now in cash
//! (never more than the drawer holds), by UPI or bank, or on credit: the
//! supplier's khata then shows what the shop owes. A return takes the goods
//! out of a location (never below zero) and the supplier's khata down, or
//! brings the money back.

use anyhow::{Result, anyhow, bail};
use chrono::NaiveDate;
use galla_domain::payload::{Purchase, PurchaseLine, PurchaseReturn};
use galla_domain::purchase::{PurchaseTotals, totals};
use galla_domain::{
    EventPayload, GstRate, LocationId, Money, NewEvent, PartyId, PartyKind, StaffId, Supply,
};
use std::path::Path;

use super::{location, location_by_id, never_below_zero};
use crate::csvfile::CsvFile;
use crate::store::Store;

/// The highest cost per unit accepted (₹1 crore).
const MAX_UNIT_COST: Money = Money::from_paise(1_000_000_000);

/// How a purchase is settled, or a return made good.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Payment {
    /// Nothing recorded: the goods alone (`galla receive`).
    None,
    /// On the supplier's khata (a return: taken off what the shop owes).
    Credit,
    /// Cash from the drawer (a return: cash back into it).
    Cash,
    /// UPI or a bank transfer.
    Upi,
}

impl Payment {
    /// The choices a purchase screen offers, in order.
    pub const CHOICES: [Payment; 3] = [Payment::Credit, Payment::Cash, Payment::Upi];

    /// In words ("on credit", "cash", "UPI/bank").
    pub fn words(self) -> &'static str {
        match self {
            Payment::None => "nothing paid",
            Payment::Credit => "on credit",
            Payment::Cash => "cash",
            Payment::Upi => "UPI/bank",
        }
    }

    /// Reads `cash`, `upi` (or `bank`), `credit`.
    pub fn parse(raw: &str) -> Result<Payment> {
        Ok(match raw.trim().to_lowercase().as_str() {
            "cash" => Payment::Cash,
            "upi" | "bank" | "neft" | "imps" => Payment::Upi,
            "credit" | "khata" => Payment::Credit,
            other => bail!("{other:?} is not a way to pay: use cash, upi (or bank) or credit"),
        })
    }
}

/// A purchase (or a return to the supplier) before it is posted.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PurchaseDoc {
    /// Goods going back to the supplier rather than coming in.
    pub returning: bool,
    /// Where the goods go (or leave from).
    pub location: LocationId,
    /// The supplier.
    pub supplier: Option<PartyId>,
    /// Their invoice number (or the debit note's).
    pub invoice_no: Option<String>,
    /// The date on their invoice.
    pub invoice_date: Option<NaiveDate>,
    /// The items, with cost per unit before GST and the GST rate.
    pub lines: Vec<PurchaseLine>,
    /// How it is settled.
    pub payment: Payment,
    /// The UPI or bank reference.
    pub reference: Option<String>,
    /// Why goods go back.
    pub note: Option<String>,
}

/// What a purchase or a return wrote, for the screen and `--json`.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Bought {
    /// "purchase" or "return".
    pub kind: &'static str,
    /// Lines posted.
    pub lines: usize,
    /// Where the goods went (or left from).
    pub location: String,
    /// The supplier's name.
    pub supplier: Option<String>,
    /// The invoice number.
    pub invoice: Option<String>,
    /// Cost before GST, in paise.
    pub taxable_paise: i64,
    /// Input GST, in paise.
    pub tax_paise: i64,
    /// What the invoice comes to, in paise.
    pub total_paise: i64,
    /// How it was settled.
    pub payment: &'static str,
    /// What the shop owes the supplier now (positive), in paise.
    pub owed_to_supplier_paise: Option<i64>,
}

impl Bought {
    /// The total, as money.
    pub fn total(&self) -> Money {
        Money::from_paise(self.total_paise)
    }

    /// The cost before GST, as money.
    pub fn taxable(&self) -> Money {
        Money::from_paise(self.taxable_paise)
    }
}

fn short_text(raw: Option<&str>, what: &str, most: usize) -> Result<Option<String>> {
    let Some(t) = raw.map(str::trim).filter(|t| !t.is_empty()) else {
        return Ok(None);
    };
    if t.chars().count() > most {
        bail!("the {what} has at most {most} characters");
    }
    if t.chars().any(char::is_control) {
        bail!("the {what} has an invisible control character; type it again");
    }
    Ok(Some(t.to_string()))
}

/// The sums a screen shows for `lines` from `supplier`.
pub fn doc_totals(
    store: &Store,
    supplier: Option<PartyId>,
    lines: &[PurchaseLine],
) -> Result<PurchaseTotals> {
    totals(lines, supply(store, supplier)?).ok_or_else(|| anyhow!("the invoice is too large"))
}

/// IGST when the supplier's state is known and not the shop's.
fn supply(store: &Store, supplier: Option<PartyId>) -> Result<Supply> {
    let ours = crate::settings::shop_state(&store.shop_settings()?);
    let theirs = match supplier {
        Some(id) => store.party(id)?.and_then(|p| {
            p.state_code
                .or_else(|| p.gstin.as_ref().map(|g| g.chars().take(2).collect()))
        }),
        None => None,
    };
    Ok(match (ours, theirs) {
        (Some(a), Some(b)) if a != b => Supply::InterState,
        _ => Supply::IntraState,
    })
}

/// Checks `doc` and posts it as one PURCHASE or PURCHASE_RETURN event.
pub fn purchase(store: &mut Store, doc: &PurchaseDoc) -> Result<Bought> {
    let place = location_by_id(store, doc.location)?;
    if doc.lines.is_empty() {
        bail!("there are no items on it: scan or type an item first");
    }
    for l in &doc.lines {
        let Some((_, v)) = store.sale_item(l.variant_id)? else {
            bail!("an item on it is not in the catalogue");
        };
        if l.qty.milli() <= 0 {
            bail!("{}: the quantity must be more than zero", v.sku);
        }
        if l.cost < Money::ZERO || l.cost > MAX_UNIT_COST {
            bail!(
                "{}: a cost per unit is between ₹0 and {MAX_UNIT_COST}",
                v.sku
            );
        }
        if !doc.returning && !store.variant_active(l.variant_id)? {
            bail!(
                "{} is no longer sold — make it active again before buying more",
                v.sku
            );
        }
    }
    let supplier = match doc.supplier {
        Some(id) => {
            let p = store
                .party(id)?
                .ok_or_else(|| anyhow!("that supplier is not in the khata any more"))?;
            if p.kind != PartyKind::Supplier {
                bail!("{} is a customer, not a supplier", p.name);
            }
            Some(p)
        }
        None => None,
    };
    if doc.payment == Payment::Credit && supplier.is_none() {
        bail!("on credit needs a supplier: the amount goes on their khata");
    }
    let invoice_no = short_text(doc.invoice_no.as_deref(), "invoice number", 40)?;
    let reference = short_text(doc.reference.as_deref(), "payment reference", 40)?;
    let note = crate::books::note(doc.note.as_deref())?;
    let sums = doc_totals(store, doc.supplier, &doc.lines)?;
    let total = sums.total;
    let paid = |p: Payment| if doc.payment == p { total } else { Money::ZERO };
    let payload = if doc.returning {
        let out: Vec<_> = doc.lines.iter().map(|l| (l.variant_id, l.qty)).collect();
        never_below_zero(store, &place, &out, "send back")?;
        EventPayload::PurchaseReturn(PurchaseReturn {
            location_id: place.location_id,
            supplier_id: doc.supplier,
            invoice_no: invoice_no.clone(),
            lines: doc.lines.clone(),
            on_credit: paid(Payment::Credit),
            refund_cash: paid(Payment::Cash),
            refund_upi: paid(Payment::Upi),
            note,
        })
    } else {
        if doc.payment == Payment::Cash {
            let drawer = store.cash_in_drawer()?;
            if total > drawer {
                bail!("the drawer holds {drawer}, not {total} — pay by UPI or bank, or on credit");
            }
        }
        EventPayload::Purchase(Purchase {
            location_id: place.location_id,
            supplier_id: doc.supplier,
            invoice_no: invoice_no.clone(),
            lines: doc.lines.clone(),
            on_credit: paid(Payment::Credit),
            paid_cash: paid(Payment::Cash),
            paid_upi: paid(Payment::Upi),
            reference,
            invoice_date: doc.invoice_date,
        })
    };
    store.append(NewEvent::now(
        StaffId::OWNER,
        Some(place.location_id),
        payload,
    ))?;
    let owed = match &supplier {
        Some(p) => Some(-store.party_balance(p.party_id)?.paise()),
        None => None,
    };
    Ok(Bought {
        kind: if doc.returning { "return" } else { "purchase" },
        lines: doc.lines.len(),
        location: place.name,
        supplier: supplier.map(|p| p.name),
        invoice: invoice_no,
        taxable_paise: sums.taxable.paise(),
        tax_paise: sums.tax.paise(),
        total_paise: total.paise(),
        payment: doc.payment.words(),
        owed_to_supplier_paise: owed,
    })
}

/// Reads the lines of a goods file: columns `sku` (or `barcode`), `qty`,
/// optionally `cost` per unit before GST (default: the item's cost) and
/// `gst_rate` (default: the item's rate). Every bad line is reported with
/// its number; nothing is returned unless all are good.
pub fn read_lines(store: &Store, file: &Path) -> Result<Vec<PurchaseLine>> {
    let csv = CsvFile::read(file)?;
    let name = &csv.name;
    let sku = csv
        .column("sku")
        .or_else(|| csv.column("barcode"))
        .ok_or_else(|| anyhow!("{name}: the header needs a `sku` column"))?;
    let qty = csv
        .column("qty")
        .ok_or_else(|| anyhow!("{name}: the header needs a `qty` column"))?;
    let (cost, rate) = (csv.column("cost"), csv.column("gst_rate"));
    let mut lines = Vec::new();
    let mut bad = Vec::new();
    for (line, row) in &csv.rows {
        let at = |i: usize| row.get(i).unwrap_or("");
        let read = || -> Result<PurchaseLine> {
            let code = at(sku);
            let (variant_id, product, variant) = super::item(store, code)?;
            let q = super::quantity(at(qty), product.unit.allows_fraction(), code)?;
            if q.milli() <= 0 {
                bail!("{code}: the quantity received must be more than zero");
            }
            let unit_cost = match cost.map(at).filter(|c| !c.is_empty()) {
                Some(c) => Money::parse(c).map_err(|e| anyhow!("{code}: cost {c:?}: {e}"))?,
                None => variant.cost,
            };
            if unit_cost < Money::ZERO || unit_cost > MAX_UNIT_COST {
                bail!("{code}: a cost per unit is between ₹0 and {MAX_UNIT_COST}");
            }
            let gst_rate = match rate.map(at).filter(|r| !r.is_empty()) {
                Some(r) => GstRate::parse(r).map_err(|e| anyhow!("{code}: {e}"))?,
                None => product.gst_rate,
            };
            Ok(PurchaseLine {
                variant_id,
                qty: q,
                cost: unit_cost,
                gst_rate: Some(gst_rate),
            })
        };
        match read() {
            Ok(l) => lines.push(l),
            Err(e) => bad.push(format!("{name} line {line}: {e}")),
        }
    }
    crate::csvfile::refuse_bad(bad)?;
    if lines.is_empty() {
        bail!("{name} has no lines");
    }
    Ok(lines)
}

/// `galla receive`: goods into `location_name`, no supplier, nothing paid.
pub fn receive(
    store: &mut Store,
    location_name: &str,
    file: &Path,
    invoice_no: Option<String>,
) -> Result<Bought> {
    let place = location(store, location_name)?;
    let lines = read_lines(store, file)?;
    purchase(
        store,
        &PurchaseDoc {
            returning: false,
            location: place.location_id,
            supplier: None,
            invoice_no,
            invoice_date: None,
            lines,
            payment: Payment::None,
            reference: None,
            note: None,
        },
    )
}

/// What `galla purchase` was asked, as typed.
#[derive(Clone, Debug, Default)]
pub struct PurchaseArgs<'a> {
    /// The supplier (a name, part of one, or a phone).
    pub supplier: &'a str,
    /// Their invoice number.
    pub invoice: Option<&'a str>,
    /// Its date.
    pub date: Option<NaiveDate>,
    /// Where (default: the first location).
    pub location: Option<&'a str>,
    /// Goods going back.
    pub returning: bool,
    /// `credit`, `cash` or `upi`.
    pub payment: &'a str,
    /// UPI or bank reference.
    pub reference: Option<&'a str>,
    /// Why goods go back.
    pub note: Option<&'a str>,
}

/// `galla purchase`: a supplier's invoice from a lines file.
pub fn purchase_file(store: &mut Store, args: &PurchaseArgs<'_>, file: &Path) -> Result<Bought> {
    let payment = Payment::parse(args.payment)?;
    let supplier = store.find_party(args.supplier)?;
    if supplier.kind != PartyKind::Supplier {
        bail!(
            "{} is a customer — add the supplier with `galla party add --kind supplier --name …`",
            supplier.name
        );
    }
    let place = match args.location {
        Some(name) => location(store, name)?,
        None => store.locations()?.into_iter().next().ok_or_else(|| {
            anyhow!("there are no locations yet: add one with `galla location add`")
        })?,
    };
    let lines = read_lines(store, file)?;
    purchase(
        store,
        &PurchaseDoc {
            returning: args.returning,
            location: place.location_id,
            supplier: Some(supplier.party_id),
            invoice_no: args.invoice.map(str::to_string),
            invoice_date: args.date,
            lines,
            payment,
            reference: args.reference.map(str::to_string),
            note: args.note.map(str::to_string),
        },
    )
}
