//! The runner's billing work: look items up, save a bill (the SALE event with
//! the counter's next number, in one transaction), and print its receipt on
//! a thread so a slow or missing printer never holds the screen. A receipt
//! is only ever built from a bill that is already saved.

use chrono::Utc;
use galla_domain::bill::bill_number;
use galla_domain::{BillId, EventPayload, NewEvent, Regime, StaffId};
use std::path::Path;
use tokio::sync::mpsc::UnboundedSender;

use super::action::{Action, BillToSave, ReceiptItem};
use crate::print::{
    EscPos, ItemInfo, Marks, Paper, PrintTarget, Receipt, ReceiptShop, encode, layout, print,
};
use crate::store::Store;

/// What the till needs from the config.
#[derive(Clone, Debug)]
pub struct TillSetup {
    /// Bill number prefix.
    pub prefix: String,
    /// This counter's code.
    pub counter: String,
    /// The shop as printed.
    pub shop: ReceiptShop,
    /// The shop's time zone for the receipt.
    pub tz: chrono_tz::Tz,
    /// Where receipts go.
    pub printer: PrintTarget,
    /// Paper width.
    pub paper: Paper,
    /// Printer options.
    pub escpos: EscPos,
}

impl TillSetup {
    /// Defaults for a database at `db`: receipts go to a file beside it.
    pub fn for_db(db: &Path) -> TillSetup {
        let stem = db.file_stem().and_then(|s| s.to_str()).unwrap_or("galla");
        TillSetup {
            prefix: String::new(),
            counter: "C1".to_string(),
            shop: ReceiptShop {
                name: "My Shop".to_string(),
                address: String::new(),
                gstin: None,
                phone: None,
                state_code: None,
                regime: Regime::Regular,
                show_hsn: false,
            },
            tz: chrono_tz::Asia::Kolkata,
            printer: PrintTarget::File(db.with_file_name(format!("{stem}-receipts.escpos"))),
            paper: Paper::Mm80,
            escpos: EscPos::default(),
        }
    }
}

/// Looks an item up by code or id, with its quantity at `location`.
pub fn lookup(
    store: &Store,
    code: Option<String>,
    variant: Option<galla_domain::VariantId>,
    qty: galla_domain::Qty,
    location: galla_domain::LocationId,
) -> Action {
    let found = match (variant, &code) {
        (Some(v), _) => Ok(vec![v]),
        (None, Some(c)) => store.exact_items(c),
        (None, None) => Ok(Vec::new()),
    };
    let item = match found {
        // Live items that share a barcode: the cashier picks, galla does not guess.
        Ok(ids) if ids.len() > 1 => {
            return Action::ItemAmbiguous {
                code: code.unwrap_or_default(),
                qty,
                ids,
            };
        }
        Ok(ids) => match ids.first() {
            Some(v) => store.sale_item(*v),
            None => Ok(None),
        },
        Err(e) => Err(e),
    };
    match item {
        Ok(Some((product, variant))) => match store.qty_at(variant.variant_id, location) {
            Ok(on_hand) => Action::ItemFound {
                product: Box::new(product),
                variant: Box::new(variant),
                qty,
                on_hand,
            },
            Err(e) => Action::EffectFailed(e.to_string()),
        },
        Ok(None) => Action::ItemNotFound(code.unwrap_or_default()),
        Err(e) => Action::EffectFailed(e.to_string()),
    }
}

/// Saves the bill durably; returns `BillSaved` or `SaveFailed`.
pub fn save(store: &mut Store, setup: &TillSetup, bill: BillToSave) -> Action {
    let BillToSave {
        draft,
        payments,
        change,
        location,
        customer,
    } = bill;
    let items: Vec<ReceiptItem> = draft
        .lines
        .iter()
        .map(|l| ReceiptItem {
            variant_id: l.variant_id,
            name: l.name.clone(),
            hsn: l.hsn.clone(),
            unit: l.unit,
        })
        .collect();
    let saved = store.save_sale(&setup.prefix, &setup.counter, |bill_no| {
        let mut sale = draft
            .to_sale(BillId::new(), bill_no, location, customer, payments)
            .map_err(|e| e.to_string())?;
        // The shop as this bill is made under: its reprints say the same.
        sale.header = Some(setup.shop.header());
        Ok(NewEvent::now(
            StaffId::OWNER,
            Some(location),
            EventPayload::Sale(sale),
        ))
    });
    match saved {
        Ok(appended) => match appended.event.payload {
            EventPayload::Sale(sale) => Action::BillSaved {
                sale: Box::new(sale),
                items,
                at: appended.event.occurred_at,
                change,
            },
            _ => Action::SaveFailed("the saved event is not a bill".into()),
        },
        Err(e) => Action::SaveFailed(e.to_string()),
    }
}

/// The number the next bill will get.
pub fn peek_bill_no(store: &Store, setup: &TillSetup) -> Action {
    match store.last_bill_seq(&setup.prefix, &setup.counter) {
        Ok(n) => match bill_number(&setup.prefix, &setup.counter, n + 1) {
            Ok(no) => Action::NextBillNo(no),
            Err(e) => Action::EffectFailed(e.to_string()),
        },
        Err(e) => Action::EffectFailed(e.to_string()),
    }
}

/// What `items` says of variant `v`, for a printed line.
pub fn item_info(items: &[ReceiptItem], v: galla_domain::VariantId) -> Option<ItemInfo> {
    items.iter().find(|i| i.variant_id == v).map(|i| ItemInfo {
        name: i.name.clone(),
        hsn: i.hsn.clone(),
        unit: i.unit,
    })
}

/// The receipt of a saved bill, laid out for the paper, headed by `shop`
/// (the shop as the bill was made under) and marked as `marks` say.
pub fn receipt_doc(
    setup: &TillSetup,
    shop: &ReceiptShop,
    sale: &galla_domain::payload::Sale,
    at: chrono::DateTime<Utc>,
    items: &[ReceiptItem],
    marks: Marks,
) -> crate::print::Doc {
    let mut receipt = Receipt::from_sale(
        shop.clone(),
        sale,
        at,
        setup.tz,
        |v| item_info(items, v),
        galla_domain::Money::ZERO,
        None,
    );
    receipt.marks = marks;
    layout(&receipt, setup.paper)
}

/// The receipt bytes for a bill just saved: its own header, the change.
pub fn receipt_bytes(
    setup: &TillSetup,
    sale: &galla_domain::payload::Sale,
    at: chrono::DateTime<Utc>,
    items: &[ReceiptItem],
    change: galla_domain::Money,
) -> Vec<u8> {
    let shop = match &sale.header {
        Some(h) => setup.shop.under(h),
        None => setup.shop.clone(),
    };
    let mut receipt = Receipt::from_sale(
        shop,
        sale,
        at,
        setup.tz,
        |v| item_info(items, v),
        change,
        None,
    );
    receipt.marks = Marks::default();
    encode(&layout(&receipt, setup.paper), &setup.escpos)
}

/// Prints on a thread; the result comes back as `Printed` or `PrintFailed`.
/// `what` names the paper ("bill C1-4", "credit note C1-CN1").
pub fn print_in_background(
    bytes: Vec<u8>,
    target: PrintTarget,
    what: String,
    results: UnboundedSender<Action>,
) {
    std::thread::spawn(move || {
        let _ = results.send(print_now(&bytes, &target, what));
    });
}

/// Prints here and now (scripts and tests).
pub fn print_now(bytes: &[u8], target: &PrintTarget, what: String) -> Action {
    match print(bytes, target) {
        Ok(()) => Action::Printed(what),
        Err(e) => {
            let mut head = what.clone();
            if let Some(first) = head.get_mut(0..1) {
                first.make_ascii_uppercase();
            }
            Action::PrintFailed(format!("{head}: {e}"))
        }
    }
}
