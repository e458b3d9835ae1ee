//! Returns are credit notes, on a real shop file: each return takes the
//! counter's next credit-note number (gapless: a refused return uses none),
//! carries the original bill and its tax by rate, lands in the
//! `credit_notes` projection, and the parts of a full return refund exactly
//! what was paid. A cancel reverses every payment mode, UPI out of the bank.

mod common;

use common::till::{key, till};
use galla::app::till::TillSetup;
use galla::app::till_bills::{cancel, return_lines};
use galla_domain::payload::PayMode;
use galla_domain::{EventPayload, Money, Qty};
use ratatui::crossterm::event::KeyCode;

#[test]
fn credit_notes_are_numbered_without_gaps_and_add_up_to_the_bill() {
    let mut t = till();
    let codes = t.codes.clone();
    t.sell(&[&codes[0], &codes[1], &codes[1], &codes[2]]);
    let bill_no = t.no(1);
    let db = t.db.clone();
    drop(t.runner);
    let mut store = galla::store::Store::open(&db, galla::store::Access::ReadWrite).expect("open");
    let setup = TillSetup::for_db(&db);
    let bill = store.bill_by_no(&bill_no).expect("read").expect("bill");
    let mut notes = Vec::new();
    let mut refunds = Money::ZERO;
    // Line 2 (two units) one at a time, with a refused return between.
    for (i, (line, qty)) in [(1, 1), (1, 5), (1, 1), (0, 1), (2, 1)]
        .into_iter()
        .enumerate()
    {
        let back = [(line, Qty::units(qty))];
        match return_lines(&mut store, &setup, &bill_no, &back, PayMode::Cash) {
            Ok((words, what, bytes)) => {
                let no = what.trim_start_matches("credit note ").to_string();
                assert!(words.starts_with(&format!("credit note {no} for bill {bill_no}")));
                assert!(bytes.windows(no.len()).any(|w| w == no.as_bytes()));
                notes.push(no);
            }
            Err(refused) => {
                assert_eq!(i, 1, "only the second return asks for too much");
                assert!(format!("{refused:?}").contains("still with the customer"));
            }
        }
    }
    assert_eq!(notes, ["C1-CN1", "C1-CN2", "C1-CN3", "C1-CN4"]);
    store
        .for_each_event(|_, e| {
            if let EventPayload::SaleReturn(r) = e.payload {
                assert_eq!(r.bill_no, bill_no);
                assert_eq!(r.bill_at, Some(bill.at));
                assert!(!r.taxes.is_empty() && r.header.is_some());
                refunds += r.refund;
            }
            Ok(())
        })
        .expect("events");
    assert_eq!(refunds, bill.sale.total, "all back: exactly what was paid");
    let rows: i64 = store
        .connection()
        .query_row(
            "SELECT count(*) FROM credit_notes WHERE bill_no = ?1",
            [&bill_no],
            |r| r.get(0),
        )
        .expect("credit notes");
    assert_eq!(rows, 4);
    let status = store
        .bill_by_no(&bill_no)
        .expect("read")
        .expect("bill")
        .status();
    assert_eq!(status.as_str(), "returned");
    assert!(galla::store::check(&store).expect("check").is_clean());
}

#[test]
fn a_cancel_reverses_upi_out_of_the_bank_book() {
    let mut t = till();
    let codes = t.codes.clone();
    // Paid by UPI: F10, → to UPI, Enter for the whole amount.
    t.scan(&codes[0]);
    t.press(key(KeyCode::F(10)));
    t.press(key(KeyCode::Right));
    t.press(key(KeyCode::Enter));
    let no = t.no(1);
    assert!(
        t.message().contains(&format!("saved bill {no}")),
        "{}",
        t.message()
    );
    let db = t.db.clone();
    drop(t.runner);
    let mut store = galla::store::Store::open(&db, galla::store::Access::ReadWrite).expect("open");
    let bill = store.bill_by_no(&no).expect("read").expect("bill");
    assert_eq!(bill.sale.payments[0].mode, PayMode::Upi);
    let done = cancel(&mut store, &no, "wrong item".into());
    assert!(format!("{done:?}").contains("by UPI"), "{done:?}");
    let bank: i64 = store
        .connection()
        .query_row(
            "SELECT coalesce(sum(amount), 0) FROM book_lines WHERE mode = 'upi' AND bill_id = ?1",
            [bill.sale.bill_id.0],
            |r| r.get(0),
        )
        .expect("bank lines");
    assert_eq!(bank, 0, "the UPI in and its reversal out");
    let reversal: i64 = store
        .connection()
        .query_row(
            "SELECT amount FROM book_lines WHERE mode = 'upi' AND bill_id = ?1 AND why = 'cancel'",
            [bill.sale.bill_id.0],
            |r| r.get(0),
        )
        .expect("the reversal is recorded as UPI");
    assert_eq!(reversal, -bill.sale.total.paise());
    assert!(galla::store::check(&store).expect("check").is_clean());
}
