//! `galla bills`: saved bills as JSON lines (or a short table), built from the
//! SALE, BILL_CANCELLED and SALE_RETURN events the store reads back. Money is
//! whole paise (`..._paise`), quantities plain numbers, times both UTC and
//! shop-local. Reads only; never writes to the database.

use anyhow::{Result, bail};
use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use chrono_tz::Tz;
use galla_domain::gst::state_name;
use galla_domain::payload::PayMode;
use galla_domain::{GstRate, Money, VariantId};
use serde_json::{Value, json};
use std::collections::{BTreeMap, HashMap};
use std::io::Write;

use crate::store::{BillRecord, ItemName, Store, qty_json};

/// The UTC instant a shop-local date starts.
pub fn day_start(date: NaiveDate, tz: Tz) -> Option<DateTime<Utc>> {
    let midnight = date.and_hms_opt(0, 0, 0)?;
    tz.from_local_datetime(&midnight)
        .earliest()
        .map(|t| t.with_timezone(&Utc))
}

/// Writes the bills saved from `from` to `to` (shop-local dates, inclusive).
pub fn write_bills(
    store: &Store,
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
    tz: Tz,
    as_json: bool,
    out: &mut impl Write,
) -> Result<()> {
    if let (Some(f), Some(t)) = (from, to)
        && f > t
    {
        bail!("--from {f} is after --to {t}: nothing can match");
    }
    let start = from.and_then(|d| day_start(d, tz));
    let end = to.and_then(|d| d.succ_opt()).and_then(|d| day_start(d, tz));
    let bills = store.bills_between(start, end)?;
    let ids: Vec<VariantId> = bills
        .iter()
        .flat_map(|b| b.sale.lines.iter().map(|l| l.variant_id))
        .collect();
    let names = store.item_names(&ids)?;
    for bill in &bills {
        let customer = match bill.sale.customer_id {
            Some(id) => store.party(id)?,
            None => None,
        };
        if as_json {
            let value = bill_json(bill, &names, customer.as_ref(), tz);
            writeln!(out, "{value}")?;
        } else {
            let status = bill.status().as_str();
            writeln!(
                out,
                "{:<16} {}  {:>14}  {:<9} {}",
                crate::text::printable(&bill.sale.bill_no),
                bill.at.with_timezone(&tz).format("%Y-%m-%d %H:%M"),
                bill.sale.total.to_string(),
                status,
                crate::text::printable(&customer.map(|c| c.name).unwrap_or_default())
            )?;
        }
    }
    Ok(())
}

/// One bill as a JSON object.
pub fn bill_json(
    bill: &BillRecord,
    names: &HashMap<VariantId, ItemName>,
    customer: Option<&galla_domain::Party>,
    tz: Tz,
) -> Value {
    let sale = &bill.sale;
    let name = |v: &VariantId| names.get(v);
    let lines: Vec<Value> = sale
        .lines
        .iter()
        .map(|l| {
            json!({
                "variant_id": l.variant_id,
                "sku": name(&l.variant_id).map(|n| n.sku.as_str()),
                "name": name(&l.variant_id).map(|n| n.name.as_str()),
                "qty": qty_json(l.qty),
                "rate_paise": l.rate.paise(),
                "discount_paise": l.discount.paise(),
                "gst_rate": l.gst_rate.to_string(),
                "taxable_paise": l.taxable.paise(),
                "cgst_paise": l.cgst.paise(),
                "sgst_paise": l.sgst.paise(),
                "igst_paise": l.igst.paise(),
            })
        })
        .collect();
    let mut by_rate: BTreeMap<u16, [Money; 4]> = BTreeMap::new();
    for l in &sale.lines {
        let t = by_rate
            .entry(l.gst_rate.basis_points())
            .or_insert([Money::ZERO; 4]);
        t[0] += l.taxable;
        t[1] += l.cgst;
        t[2] += l.sgst;
        t[3] += l.igst;
    }
    let taxes: Vec<Value> = by_rate
        .iter()
        .map(|(bp, t)| {
            json!({
                "gst_rate": GstRate::from_basis_points(*bp).to_string(),
                "taxable_paise": t[0].paise(),
                "cgst_paise": t[1].paise(),
                "sgst_paise": t[2].paise(),
                "igst_paise": t[3].paise(),
            })
        })
        .collect();
    let payments: Vec<Value> = sale
        .payments
        .iter()
        .map(|p| {
            json!({
                "mode": mode_text(p.mode),
                "amount_paise": p.amount.paise(),
                "reference": p.reference,
            })
        })
        .collect();
    let returns: Vec<Value> = bill
        .returns
        .iter()
        .map(|(r, at)| {
            let lines: Vec<Value> = r
                .lines
                .iter()
                .map(|l| {
                    json!({
                        "variant_id": l.variant_id,
                        "sku": name(&l.variant_id).map(|n| n.sku.as_str()),
                        "qty": qty_json(l.qty),
                    })
                })
                .collect();
            json!({
                "credit_note": (!r.note_no.is_empty()).then_some(r.note_no.as_str()),
                "time_utc": at.to_rfc3339(),
                "time_local": at.with_timezone(&tz).to_rfc3339(),
                "lines": lines,
                "taxes": r.taxes.iter().map(|t| json!({
                    "gst_rate": t.gst_rate.to_string(),
                    "taxable_paise": t.taxable.paise(),
                    "cgst_paise": t.cgst.paise(),
                    "sgst_paise": t.sgst.paise(),
                    "igst_paise": t.igst.paise(),
                })).collect::<Vec<Value>>(),
                "refund_paise": r.refund.paise(),
                "refund_mode": mode_text(r.refund_mode),
            })
        })
        .collect();
    let cancelled = bill.cancelled.as_ref().map(|(c, at)| {
        json!({
            "reason": c.reason,
            "time_utc": at.to_rfc3339(),
            "time_local": at.with_timezone(&tz).to_rfc3339(),
            "reversed": {
                "cash_paise": c.cash_reversed.paise(),
                "upi_paise": c.upi_reversed.paise(),
                "card_paise": c.card_reversed.paise(),
                "khata_paise": c.khata_reversed.paise(),
            },
        })
    });
    json!({
        "bill_id": sale.bill_id,
        "number": sale.bill_no,
        "time_utc": bill.at.to_rfc3339(),
        "time_local": bill.at.with_timezone(&tz).to_rfc3339(),
        "customer": customer.map(|c| json!({
            "party_id": c.party_id,
            "name": c.name,
            "phone": c.phone,
        })),
        "document": sale.document.as_str(),
        "supply": sale.supply,
        "place_of_supply": sale.place_of_supply,
        "place_of_supply_name": sale.place_of_supply.as_deref().and_then(state_name),
        "recipient": sale.recipient.as_ref().map(|r| json!({
            "name": r.name,
            "address": r.address,
            "state_code": r.state_code,
            "gstin": r.gstin,
        })),
        "lines": lines,
        "taxes": taxes,
        "bill_discount_paise": sale.bill_discount.paise(),
        "round_off_paise": sale.round_off.paise(),
        "total_paise": sale.total.paise(),
        "payments": payments,
        "status": bill.status().as_str(),
        "cancelled": cancelled,
        "returns": returns,
    })
}

/// The lower-case name of a payment mode.
fn mode_text(mode: PayMode) -> &'static str {
    match mode {
        PayMode::Cash => "cash",
        PayMode::Upi => "upi",
        PayMode::Card => "card",
        PayMode::Khata => "khata",
    }
}
