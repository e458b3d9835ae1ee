//! One demo trading day: bills (most events), a few purchases, transfers from
//! the godown when the floor runs low, and adjustments, spread between 09:30
//! and 21:00 shop time. Never sells or moves more than the shop holds.

use chrono::NaiveDate;
use galla_domain::gst::{self, LineTax};
use galla_domain::payload::{
    Adjustment, Attendance, AttendanceMark, PayMode, Payment, Purchase, PurchaseLine, QtyLine,
    Sale, SaleLine, Transfer,
};
use galla_domain::{AdjustReason, BillId, EventPayload, Money, Qty, Regime, StaffId, Supply, Unit};

use super::{Shop, ist, purchase_qty};
use crate::store::Result;

/// The day's clock-ins and -outs of the staff (not on their weekly off):
/// in around ten, out around eight, a person now and then late or out for
/// lunch. Worked out from the day and the person, not drawn from the
/// generator's stream, so the rest of the shop is the same with or without.
pub fn clock(shop: &mut Shop<'_>, day: NaiveDate) -> Result<()> {
    use chrono::Datelike;
    let people = shop.clocking.clone();
    for (i, (id, off)) in people.into_iter().enumerate() {
        if day.weekday() == off {
            continue;
        }
        let h = (day.num_days_from_ce() as i64) * 7 + i as i64 * 13;
        let start = 9 * 60 + 50 + h % 17 + if h % 11 == 0 { 35 } else { 0 };
        let end = 19 * 60 + 55 + (h / 3) % 29;
        let mut marks = vec![(start, AttendanceMark::CheckIn)];
        if h % 3 == 0 {
            marks.push((14 * 60, AttendanceMark::CheckOut));
            marks.push((14 * 60 + 40, AttendanceMark::CheckIn));
        }
        marks.push((end, AttendanceMark::CheckOut));
        for (m, mark) in marks {
            let at = ist(day, m);
            if at > shop.now {
                break;
            }
            let a = Attendance {
                staff_id: id,
                date: day,
                mark,
                note: None,
            };
            shop.emit(at, StaffId::OWNER, None, EventPayload::Attendance(a))?;
        }
    }
    Ok(())
}

/// Writes one day of trading.
pub fn trade(shop: &mut Shop<'_>, day: NaiveDate, per_day: usize) -> Result<()> {
    let n = per_day * shop.rng.range(80, 120) as usize / 100;
    let open = 9 * 60 + 30;
    let close = 21 * 60;
    let mut minutes: Vec<i64> = (0..n).map(|_| shop.rng.range(open, close)).collect();
    minutes.sort_unstable();
    // Today's trading stops at the present: no bill from the future.
    for m in minutes {
        let at = ist(day, m);
        if at > shop.now {
            break;
        }
        let roll = shop.rng.below(100);
        match roll {
            0..=84 => sale(shop, at)?,
            85..=89 => purchase(shop, at)?,
            90..=95 => transfer(shop, at)?,
            _ => adjustment(shop, at)?,
        }
    }
    Ok(())
}

/// A random item index with stock on the shop floor, if one turns up quickly.
fn on_floor(shop: &mut Shop<'_>) -> Option<usize> {
    (0..12)
        .map(|_| shop.rng.below(shop.items.len() as u64) as usize)
        .find(|&i| shop.items[i].held[0] >= 1000)
}

fn sale(shop: &mut Shop<'_>, at: chrono::DateTime<chrono::Utc>) -> Result<()> {
    let wanted = shop.rng.range(1, 4);
    let mut lines: Vec<SaleLine> = Vec::new();
    let mut taxes: Vec<LineTax> = Vec::new();
    for _ in 0..wanted {
        let Some(i) = on_floor(shop) else { continue };
        if lines.iter().any(|l| l.variant_id == shop.items[i].id) {
            continue;
        }
        let loose = shop.items[i].unit != Unit::Piece;
        let qty = if loose {
            shop.rng.range(2, 12) * 250
        } else {
            shop.rng.range(1, 2) * 1000
        };
        let item = &mut shop.items[i];
        let qty = qty.min(item.held[0]);
        item.held[0] -= qty;
        let qty = Qty::from_milli(qty);
        let amount = item.price.times_qty(qty);
        let tax = gst::line_tax(
            amount,
            item.gst,
            item.mode,
            Supply::IntraState,
            Regime::Regular,
        );
        lines.push(SaleLine {
            variant_id: item.id,
            qty,
            rate: item.price,
            discount: Money::ZERO,
            gst_rate: item.gst,
            price_mode: item.mode,
            taxable: tax.taxable,
            cgst: tax.cgst,
            sgst: tax.sgst,
            igst: tax.igst,
        });
        taxes.push(tax);
    }
    if lines.is_empty() {
        return Ok(());
    }
    let totals = gst::bill_totals(&taxes);
    let roll = shop.rng.below(100);
    let customer = if roll >= 90 {
        Some(*shop.rng.pick(&shop.customers))
    } else {
        None
    };
    let mode = match roll {
        0..=64 => PayMode::Cash,
        65..=89 => PayMode::Upi,
        90..=94 => PayMode::Card,
        _ => PayMode::Khata,
    };
    shop.summary.bills += 1;
    // The counter's one series, as the till numbers its bills.
    let bill_no = galla_domain::bill::bill_number("", &shop.counter, shop.summary.bills as u64)
        .unwrap_or_else(|_| format!("{}-{}", shop.counter, shop.summary.bills));
    let floor = shop.floor;
    let sale = Sale {
        bill_id: BillId::new(),
        bill_no,
        location_id: floor,
        customer_id: customer,
        supply: Supply::IntraState,
        lines,
        bill_discount: Money::ZERO,
        round_off: totals.round_off,
        total: totals.grand_total,
        payments: vec![Payment {
            mode,
            amount: totals.grand_total,
            reference: None,
        }],
        document: galla_domain::Document::TaxInvoice,
        place_of_supply: Some("08".into()),
        // The header comes from the settings as they were (see the README):
        // a million demo bills need not carry it.
        header: None,
        recipient: None,
    };
    let cashier = *shop.rng.pick(&shop.cashiers);
    shop.emit(at, cashier, Some(floor), EventPayload::Sale(sale))
}

fn purchase(shop: &mut Shop<'_>, at: chrono::DateTime<chrono::Utc>) -> Result<()> {
    let count = shop.rng.range(3, 10);
    let mut lines: Vec<PurchaseLine> = Vec::new();
    let mut total = Money::ZERO;
    for _ in 0..count {
        let i = shop.rng.below(shop.items.len() as u64) as usize;
        if lines.iter().any(|l| l.variant_id == shop.items[i].id) {
            continue;
        }
        let qty = purchase_qty(&mut shop.rng, shop.items[i].unit);
        let item = &mut shop.items[i];
        item.held[1] += qty;
        let qty = Qty::from_milli(qty);
        total += item.cost.times_qty(qty);
        lines.push(PurchaseLine {
            variant_id: item.id,
            qty,
            cost: item.cost,
        });
    }
    let supplier = *shop.rng.pick(&shop.suppliers);
    // Drawn for the invoice's mode in older demo shops; kept so the same
    // seed still makes the same shop. Every restock is now bought on the
    // supplier's khata: a counter's drawer never pays for a lorry-load.
    let _paid_by_bank = shop.rng.chance(600);
    let godown = shop.godown;
    let p = Purchase {
        location_id: godown,
        supplier_id: Some(supplier),
        invoice_no: Some(format!("INV/{}", shop.rng.range(1000, 99_999))),
        lines,
        on_credit: total,
        paid_cash: Money::ZERO,
    };
    shop.emit(at, StaffId::OWNER, Some(godown), EventPayload::Purchase(p))
}

fn transfer(shop: &mut Shop<'_>, at: chrono::DateTime<chrono::Utc>) -> Result<()> {
    let mut lines = Vec::new();
    for _ in 0..shop.rng.range(1, 6) {
        let i = shop.rng.below(shop.items.len() as u64) as usize;
        let item = &shop.items[i];
        if item.held[1] < 1000
            || item.held[0] > item.reorder * 2
            || lines.iter().any(|l: &QtyLine| l.variant_id == item.id)
        {
            continue;
        }
        let want = shop.rng.range(3, 15) * 1000;
        let item = &mut shop.items[i];
        let qty = want.min(item.held[1] / 1000 * 1000);
        item.held[1] -= qty;
        item.held[0] += qty;
        lines.push(QtyLine {
            variant_id: item.id,
            qty: Qty::from_milli(qty),
        });
    }
    if lines.is_empty() {
        return Ok(());
    }
    let (from, to) = (shop.godown, shop.floor);
    let t = Transfer {
        from,
        to,
        lines,
        note: None,
    };
    shop.emit(at, StaffId::OWNER, Some(from), EventPayload::Transfer(t))
}

fn adjustment(shop: &mut Shop<'_>, at: chrono::DateTime<chrono::Utc>) -> Result<()> {
    let Some(i) = on_floor(shop) else {
        return Ok(());
    };
    let (reason, delta) = match shop.rng.below(3) {
        0 => (AdjustReason::Damage, -1000),
        1 => (AdjustReason::Count, -1000),
        _ => (AdjustReason::Count, 1000),
    };
    let item = &mut shop.items[i];
    item.held[0] += delta;
    let a = Adjustment {
        location_id: shop.floor,
        variant_id: item.id,
        qty_delta: Qty::from_milli(delta),
        reason,
        note: Some(match reason {
            AdjustReason::Damage => "torn at the seam".into(),
            _ => "weekly count".into(),
        }),
    };
    let floor = shop.floor;
    shop.emit(at, StaffId::OWNER, Some(floor), EventPayload::Adjustment(a))
}
