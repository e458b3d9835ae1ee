//! The runner's work for held bills, customers and saved bills: hold and
//! recall drafts (local rows, not events), find or quick-add a customer
//! (PARTY_CREATED), read today's bills, rebuild a past bill's receipt, and
//! save a cancellation (BILL_CANCELLED) or a return (SALE_RETURN) — each
//! checked against the bill as the events tell it, never against the screen.

use chrono::Utc;
use galla_domain::bill::Draft;
use galla_domain::bill::changes::{credited, may_cancel, may_return, refund};
use galla_domain::payload::{BillCancelled, PayMode, QtyLine, SaleReturn};
use galla_domain::{EventPayload, Money, NewEvent, Party, PartyId, PartyKind, Qty, StaffId};

use super::action::{Action, ReceiptItem};
use super::till::TillSetup;
use crate::print::{CreditNote, Marks, ReceiptShop, encode, layout_note};
use crate::store::{BillRecord, Store};
use crate::ui::billing::Customer;

/// At most this many customers are listed for a search.
const CUSTOMER_ROWS: usize = 20;

/// A party with their khata balance.
pub fn customer(store: &Store, party_id: PartyId) -> crate::store::Result<Option<Customer>> {
    let Some(party) = store.party(party_id)? else {
        return Ok(None);
    };
    let balance = store.party_balance(party_id)?;
    Ok(Some(Customer { party, balance }))
}

/// Sets a draft aside.
pub fn hold(store: &Store, draft: &Draft, customer: Option<PartyId>) -> Action {
    match store.hold_bill(draft, customer, Utc::now()) {
        Ok(id) => Action::BillHeld(id),
        Err(e) => Action::EffectFailed(format!("The bill could not be held: {e}")),
    }
}

/// Reads the held bills.
pub fn load_held(store: &Store) -> Action {
    match store.held_bills() {
        Ok(rows) => Action::HeldLoaded(rows),
        Err(e) => Action::EffectFailed(e.to_string()),
    }
}

/// Takes a held bill back out, with its customer as they are now.
pub fn recall(store: &mut Store, id: i64) -> Action {
    let held = match store.take_held(id) {
        Ok(Some(h)) => h,
        Ok(None) => {
            return Action::EffectFailed(format!(
                "held bill #{id} was already taken back (at another screen?)"
            ));
        }
        Err(e) => return Action::EffectFailed(e.to_string()),
    };
    let customer = match held.customer_id.map(|c| customer(store, c)).transpose() {
        Ok(c) => c.flatten().map(Box::new),
        Err(e) => return Action::EffectFailed(e.to_string()),
    };
    Action::HeldRecalled {
        held: Box::new(held),
        customer,
    }
}

/// Customers whose name or phone contains `query` (all, by name, when blank).
pub fn search_customers(store: &Store, query: &str) -> Action {
    let q: String = query.chars().filter(|c| *c != '%' && *c != '_').collect();
    let found = store.parties_where(
        "kind = 'customer' AND (name LIKE ?1 OR phone LIKE ?1)",
        &format!("%{}%", q.trim()),
        CUSTOMER_ROWS,
    );
    let rows = found.and_then(|parties| {
        parties
            .into_iter()
            .map(|party| {
                let balance = store.party_balance(party.party_id)?;
                Ok(Customer { party, balance })
            })
            .collect::<crate::store::Result<Vec<_>>>()
    });
    match rows {
        Ok(rows) => Action::CustomersFound(rows),
        Err(e) => Action::EffectFailed(e.to_string()),
    }
}

/// Adds a customer (PARTY_CREATED) unless one already has that phone.
pub fn add_customer(store: &mut Store, name: String, phone: Option<String>) -> Action {
    if let Some(p) = &phone {
        match store.parties_where("phone = ?1", p, 1) {
            Ok(same) if !same.is_empty() => {
                return Action::EffectFailed(format!(
                    "{} already has the phone number {p} — search for them instead",
                    same[0].name
                ));
            }
            Ok(_) => {}
            Err(e) => return Action::EffectFailed(e.to_string()),
        }
    }
    let party = Party {
        phone,
        ..Party::new(PartyKind::Customer, name)
    };
    let event = NewEvent::now(
        StaffId::OWNER,
        None,
        EventPayload::PartyCreated(party.clone()),
    );
    match store.append(event) {
        Ok(_) => Action::CustomerAdded(Box::new(Customer {
            party,
            balance: Money::ZERO,
        })),
        Err(e) => Action::EffectFailed(format!("The customer was NOT added: {e}")),
    }
}

/// Today's bills (shop-local day), newest first.
pub fn load_bills(store: &Store, tz: chrono_tz::Tz) -> Action {
    let today = Utc::now().with_timezone(&tz).date_naive();
    let start = crate::bills_report::day_start(today, tz);
    match store.bills_between(start, None) {
        Ok(mut rows) => {
            rows.reverse();
            Action::BillsLoaded(rows)
        }
        Err(e) => Action::EffectFailed(e.to_string()),
    }
}

fn find(store: &Store, bill_no: &str) -> Result<BillRecord, Action> {
    match store.bill_by_no(bill_no) {
        Ok(Some(b)) => Ok(b),
        Ok(None) => Err(Action::BillChangeRefused(format!(
            "there is no bill numbered \"{bill_no}\""
        ))),
        Err(e) => Err(Action::EffectFailed(e.to_string())),
    }
}

/// The shop as a saved bill was made under: the header its SALE keeps,
/// else (a bill from before bills kept one) the settings as they stood then.
pub fn shop_for(store: &Store, setup: &TillSetup, bill: &BillRecord) -> ReceiptShop {
    if let Some(h) = &bill.sale.header {
        return setup.shop.under(h);
    }
    match store.settings_as_of(bill.at) {
        Ok(stored) if !stored.is_empty() => {
            let mut config = crate::config::Config::default();
            crate::settings::apply(&stored, &mut config);
            ReceiptShop {
                name: config.shop.name,
                address: config.shop.address,
                gstin: config.shop.gstin,
                phone: config.shop.phone,
                state_code: config.shop.state_code,
                regime: config.billing.registration,
                show_hsn: setup.shop.show_hsn,
            }
        }
        _ => setup.shop.clone(),
    }
}

/// The receipt of any saved bill, rebuilt from its SALE event under the
/// header it was made under, marked DUPLICATE (and CANCELLED).
pub fn reprint_bytes(
    store: &Store,
    setup: &TillSetup,
    bill_no: &str,
) -> Result<(String, Vec<u8>), Action> {
    let (bill, items) = bill_items(store, bill_no)?;
    let doc = reprint_doc(store, setup, &bill, &items);
    Ok((
        format!("bill {}", bill.sale.bill_no),
        encode(&doc, &setup.escpos),
    ))
}

fn reprint_doc(
    store: &Store,
    setup: &TillSetup,
    bill: &BillRecord,
    items: &[ReceiptItem],
) -> crate::print::Doc {
    let marks = Marks {
        duplicate: true,
        cancelled: bill.cancelled.is_some(),
    };
    let shop = shop_for(store, setup, bill);
    super::till::receipt_doc(setup, &shop, &bill.sale, bill.at, items, marks)
}

/// A saved bill as its receipt's text, for a popup (the khata's "bill lines").
pub fn bill_text(store: &Store, setup: &TillSetup, bill_no: &str) -> Action {
    match bill_items(store, bill_no) {
        Ok((bill, items)) => Action::NoticeReady {
            title: format!("Bill {}", bill.sale.bill_no),
            text: reprint_doc(store, setup, &bill, &items).to_text(),
        },
        Err(action) => action,
    }
}

fn bill_items(store: &Store, bill_no: &str) -> Result<(BillRecord, Vec<ReceiptItem>), Action> {
    let bill = find(store, bill_no)?;
    let ids: Vec<_> = bill.sale.lines.iter().map(|l| l.variant_id).collect();
    let names = store
        .item_names(&ids)
        .map_err(|e| Action::EffectFailed(e.to_string()))?;
    let items: Vec<ReceiptItem> = names
        .into_iter()
        .map(|(variant_id, n)| ReceiptItem {
            variant_id,
            name: n.name,
            hsn: n.hsn,
            unit: n.unit,
        })
        .collect();
    Ok((bill, items))
}

fn paid(bill: &BillRecord, mode: PayMode) -> Money {
    bill.sale
        .payments
        .iter()
        .filter(|p| p.mode == mode)
        .map(|p| p.amount)
        .sum()
}

fn save(store: &mut Store, bill: &BillRecord, payload: EventPayload, done: String) -> Action {
    let event = NewEvent::now(StaffId::OWNER, Some(bill.sale.location_id), payload);
    match store.append(event) {
        Ok(_) => Action::BillChanged(done),
        Err(e) => Action::BillChangeRefused(format!("NOT saved: {e}")),
    }
}

/// Cancels a bill: its stock goes back, and every payment is reversed the
/// way it came — cash out of the drawer, UPI and card out of the bank book,
/// khata off the customer's balance — each recorded as such.
pub fn cancel(store: &mut Store, bill_no: &str, reason: String) -> Action {
    let bill = match find(store, bill_no) {
        Ok(b) => b,
        Err(a) => return a,
    };
    if let Err(no) = may_cancel(bill.cancelled.is_some(), !bill.returns.is_empty()) {
        return Action::BillChangeRefused(no.words(bill_no));
    }
    let payload = EventPayload::BillCancelled(BillCancelled {
        bill_id: bill.sale.bill_id,
        reason,
        location_id: bill.sale.location_id,
        lines: bill
            .sale
            .lines
            .iter()
            .map(|l| QtyLine {
                variant_id: l.variant_id,
                qty: l.qty,
            })
            .collect(),
        customer_id: bill.sale.customer_id,
        khata_reversed: paid(&bill, PayMode::Khata),
        cash_reversed: paid(&bill, PayMode::Cash),
        upi_reversed: paid(&bill, PayMode::Upi),
        card_reversed: paid(&bill, PayMode::Card),
    });
    let back: Vec<String> = [
        (PayMode::Cash, "cash"),
        (PayMode::Upi, "by UPI"),
        (PayMode::Card, "to the card"),
        (PayMode::Khata, "off the khata"),
    ]
    .into_iter()
    .filter(|(m, _)| !paid(&bill, *m).is_zero())
    .map(|(m, how)| format!("{} {how}", paid(&bill, m)))
    .collect();
    let done = format!("cancelled bill {bill_no} · give back {}", back.join(", "));
    save(store, &bill, payload, done)
}

/// A bill's lines named (with size and colour), in order, to pick what
/// comes back.
pub fn line_names(store: &Store, bill_no: &str) -> Action {
    match bill_items(store, bill_no) {
        Ok((bill, items)) => Action::ReturnLinesLoaded {
            bill_no: bill.sale.bill_no.clone(),
            names: bill
                .sale
                .lines
                .iter()
                .map(|l| {
                    items
                        .iter()
                        .find(|i| i.variant_id == l.variant_id)
                        .map_or(("(an item no longer listed)".to_string(), true), |i| {
                            (i.name.clone(), i.unit != galla_domain::Unit::Piece)
                        })
                })
                .collect(),
        },
        Err(action) => action,
    }
}

/// Takes goods back: (line index, quantity) of the bill, as a credit note
/// with the counter's next credit-note number; the refund goes back in
/// `mode` (the khata only for a bill with a customer). Gives the message
/// and the credit note's printed bytes.
pub fn return_lines(
    store: &mut Store,
    setup: &TillSetup,
    bill_no: &str,
    lines: &[(usize, Qty)],
    mode: PayMode,
) -> Result<(String, String, Vec<u8>), Action> {
    let (bill, items) = bill_items(store, bill_no)?;
    if let Err(no) = may_return(bill.cancelled.is_some()) {
        return Err(Action::BillChangeRefused(no.words(bill_no)));
    }
    let mut back = Vec::new();
    for &(i, qty) in lines {
        let Some(l) = bill.sale.lines.get(i) else {
            return Err(Action::BillChangeRefused(format!(
                "bill {bill_no} has no line {}",
                i + 1
            )));
        };
        let left = bill.returnable(l.variant_id).min(l.qty);
        if qty <= Qty::ZERO || qty > left {
            return Err(Action::BillChangeRefused(format!(
                "line {}: only {left} is still with the customer",
                i + 1
            )));
        }
        back.push(QtyLine {
            variant_id: l.variant_id,
            qty,
        });
    }
    // Exactly what was paid for these goods, the round-off spread, and the
    // tax they carried (domain): returns in parts add up to the bill.
    let before = bill.returned();
    let refund = refund(&bill.sale, &before, &back);
    let taxes = credited(&bill.sale, &before, &back);
    if mode == PayMode::Khata && bill.sale.customer_id.is_none() {
        return Err(Action::BillChangeRefused(format!(
            "bill {bill_no} has no customer, so the refund cannot go to a khata"
        )));
    }
    let saved = store.save_credit_note(&setup.prefix, &setup.counter, |note_no| {
        let payload = EventPayload::SaleReturn(SaleReturn {
            bill_id: bill.sale.bill_id,
            location_id: bill.sale.location_id,
            customer_id: bill.sale.customer_id,
            lines: back,
            refund,
            refund_mode: mode,
            note_no,
            bill_no: bill.sale.bill_no.clone(),
            bill_at: Some(bill.at),
            taxes,
            header: Some(setup.shop.header()),
        });
        Ok(NewEvent::now(
            StaffId::OWNER,
            Some(bill.sale.location_id),
            payload,
        ))
    });
    let appended = saved.map_err(|e| Action::BillChangeRefused(format!("NOT saved: {e}")))?;
    let EventPayload::SaleReturn(ret) = &appended.event.payload else {
        return Err(Action::EffectFailed(
            "the saved event is not a return".into(),
        ));
    };
    let note = CreditNote::new(
        setup.shop.clone(),
        &bill.sale,
        bill.at,
        ret,
        appended.event.occurred_at,
        setup.tz,
        |v| super::till::item_info(&items, v),
    );
    let how = match mode {
        PayMode::Khata => "credited to the khata",
        PayMode::Cash => "in cash",
        PayMode::Upi => "by UPI",
        PayMode::Card => "to the card",
    };
    let done = format!(
        "credit note {} for bill {bill_no}: refund {refund} {how}",
        ret.note_no
    );
    let bytes = encode(&layout_note(&note, setup.paper), &setup.escpos);
    Ok((done, format!("credit note {}", ret.note_no), bytes))
}
