//! Migration 18 on a real file: the reports' schema-14 fixture (four bills
//! cancelled, one a cancel whose bill never came; returns; two counters;
//! khata sales) goes through 15, 16 and 17 as main made them, then 18
//! merges the bills with the reports' copy and compacts the books. Every
//! bill, cancel, return and cash-book line the file held before reads back
//! through the store's API afterwards, and cancels are still judged right.

mod common;

use chrono::{DateTime, Duration, NaiveDate};
use galla::app::action::Action;
use galla::app::till_bills::cancel;
use galla::store::{Access, Store, check};
use galla_domain::payload::BillCancelled;
use galla_domain::{BillId, DeviceId, EventPayload, Money, NewEvent, PartyId, StaffId};
use rusqlite::Connection;
use std::path::Path;

const FIXTURE: &str = "tests/fixtures/shop-v14-reports.db";

/// A line of a book or khata: (counter or party, when, amount, why, party
/// name, bill number, reference).
type Line = (
    String,
    i64,
    i64,
    String,
    Option<String>,
    Option<String>,
    Option<String>,
);

/// The rows of `sql` on the fixture as it was (schema 14, ids as text).
fn before(sql: &str) -> Vec<Line> {
    let conn = Connection::open(FIXTURE).expect("open");
    let mut stmt = conn.prepare(sql).expect("prepare");
    let mut rows: Vec<Line> = stmt
        .query_map([], |r| {
            Ok((
                r.get(0)?,
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
                r.get(5)?,
                r.get(6)?,
            ))
        })
        .expect("query")
        .collect::<rusqlite::Result<_>>()
        .expect("rows");
    rows.sort();
    rows
}

fn upgraded(dir: &Path) -> Store {
    let db = dir.join("shop.db");
    std::fs::copy(FIXTURE, &db).expect("copy the fixture");
    let store = Store::open(&db, Access::ReadWrite).expect("upgrades");
    let found = check(&store).expect("check");
    assert!(found.is_clean(), "{:?}", found.differences);
    store
}

#[test]
fn every_bill_cancel_return_and_book_line_reads_back_after_migration_18() {
    let bills: Vec<(String, String, bool)> = Connection::open(FIXTURE)
        .expect("open")
        .prepare("SELECT bill_id, bill_no, cancelled FROM bills")
        .expect("prepare")
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .expect("query")
        .collect::<rusqlite::Result<_>>()
        .expect("bills");
    let books = before(
        "SELECT l.device_id, l.at_ms, l.amount, l.why, p.name, nullif(b.bill_no, ''), l.reference
         FROM book_lines l LEFT JOIN parties p USING (party_id) LEFT JOIN bills b USING (bill_id)",
    );
    let khata = before(
        "SELECT k.party_id, k.at_ms, k.amount, k.why, NULL, nullif(b.bill_no, ''), k.reference
         FROM khata_lines k LEFT JOIN bills b USING (bill_id)",
    );
    assert_eq!(
        bills.iter().filter(|b| b.2).count(),
        4,
        "the fixture's cancels"
    );
    assert!(books.iter().any(|l| l.3 == "return") && books.iter().any(|l| l.3 == "cancel"));
    assert!(!khata.is_empty());

    let dir = tempfile::tempdir().expect("dir");
    let mut store = upgraded(dir.path());

    // Each bill keeps its number and whether it was cancelled; the cancel
    // whose bill never came is no bill the reports can name.
    for (id, no, cancelled) in &bills {
        let id: BillId = id.parse().expect("id");
        let known = store.report_bills_by_id(&[id]).expect("bills by id");
        if no.is_empty() {
            assert_eq!(store.bill_no_of(id), None, "a placeholder has no number");
            assert!(known.is_empty());
            continue;
        }
        assert_eq!(store.bill_no_of(id).as_deref(), Some(no.as_str()));
        let row = known.get(&id).expect("the reports know the bill");
        assert_eq!(&row.fact.bill_no, no);
        assert_eq!(row.cancelled_ms.is_some(), *cancelled, "{no}");
    }

    // Every counter's every day: the same lines, with party and bill.
    let tz = chrono_tz::Asia::Kolkata;
    let day = |ms: i64| {
        DateTime::from_timestamp_millis(ms)
            .expect("time")
            .with_timezone(&tz)
            .date_naive()
    };
    let first = books.iter().map(|l| day(l.1)).min().expect("lines");
    let last = books.iter().map(|l| day(l.1)).max().expect("lines") + Duration::days(1);
    let mut devices: Vec<&str> = books.iter().map(|l| l.0.as_str()).collect();
    devices.dedup();
    let mut read: Vec<Line> = Vec::new();
    for device in devices {
        let id: DeviceId = device.parse().expect("device");
        let mut date: NaiveDate = first;
        while date <= last {
            let book = store.day_book(id, date, tz).expect("day book");
            for l in book.cash.iter().chain(&book.bank) {
                read.push((
                    device.to_string(),
                    l.at.timestamp_millis(),
                    l.amount.paise(),
                    l.why.as_str().to_string(),
                    l.party.clone(),
                    l.bill_no.clone(),
                    l.reference.clone(),
                ));
            }
            date += Duration::days(1);
        }
    }
    read.sort();
    assert_eq!(read, books, "every cash and bank line");

    // Every party's khata, with its bills' numbers.
    let mut parties: Vec<&str> = khata.iter().map(|l| l.0.as_str()).collect();
    parties.dedup();
    let mut read: Vec<Line> = Vec::new();
    for party in parties {
        let id: PartyId = party.parse().expect("party");
        for l in store.khata_lines(id).expect("khata") {
            read.push((
                party.to_string(),
                l.at.timestamp_millis(),
                l.amount.paise(),
                l.why.as_str().to_string(),
                None,
                l.bill_no,
                l.reference,
            ));
        }
    }
    read.sort();
    assert_eq!(read, khata, "every khata line");

    // A bill cancelled before the upgrade, or one never saved, cannot be
    // cancelled (again); a live one can, and reads back cancelled.
    let location = store.locations().expect("locations")[0].location_id;
    for (id, no, _) in bills.iter().filter(|b| b.2) {
        let payload = EventPayload::BillCancelled(BillCancelled {
            bill_id: id.parse().expect("id"),
            reason: "again".into(),
            location_id: location,
            lines: Vec::new(),
            customer_id: None,
            khata_reversed: Money::ZERO,
            cash_reversed: Money::ZERO,
            upi_reversed: Money::ZERO,
            card_reversed: Money::ZERO,
        });
        let refused = store.append(NewEvent::now(StaffId::OWNER, Some(location), payload));
        let err = refused.expect_err(&format!("bill {no:?} cancelled twice"));
        assert!(err.to_string().contains("already cancelled"), "{err}");
    }
    let (live_id, live_no, _) = bills
        .iter()
        .find(|b| {
            !b.1.is_empty()
                && !b.2
                && store
                    .bill_by_no(&b.1)
                    .expect("bill")
                    .is_some_and(|r| r.returns.is_empty())
        })
        .expect("a live bill with nothing returned");
    let done = cancel(&mut store, live_no, "upgrade test".into());
    assert!(matches!(done, Action::BillChanged(_)), "{done:?}");
    let id: BillId = live_id.parse().expect("id");
    let row = store.report_bills_by_id(&[id]).expect("by id");
    assert!(
        row[&id].cancelled_ms.is_some(),
        "cancelled after the upgrade"
    );
    assert!(check(&store).expect("check").is_clean());
}
