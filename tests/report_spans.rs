//! Item sales are kept twice — by 15-minute slot and by 31-day span — and
//! a long period reads its whole spans from the second: what it reads must
//! equal the same period read day by day (days hold no whole span, so
//! they read slots only), at every location and at one, on a shop whose
//! events arrived out of order: a second counter's cancel stored before
//! the bill it cancels, and its bill after. `galla check` compares both
//! tables with the events folded again, in both orders.

mod common;

use chrono::{Duration, NaiveDate, TimeZone, Utc};
use galla::store::{Access, Imported, Store, check};
use galla_domain::payload::BillCancelled;
use galla_domain::projection::report::{ItemSums, SPAN_SLOTS, slot_of};
use galla_domain::{DeviceId, Event, EventId, EventPayload, GstRate, LocationId, Qty};
use std::collections::BTreeMap;
use std::ops::Range;

type Sums = BTreeMap<(u32, GstRate), ItemSums>;

/// Every item's sales in `slots`, read as the reports read them.
fn items(store: &Store, slots: Range<i64>, at: Option<LocationId>) -> Sums {
    let mut out = Sums::new();
    store
        .for_each_report_item(slots, at, |v, rate, s| {
            out.entry((v, rate)).or_default().add(s)
        })
        .expect("items");
    out
}

/// Every item's quantity sold in `slots`.
fn sold(store: &Store, slots: Range<i64>, at: Option<LocationId>) -> BTreeMap<u32, Qty> {
    let mut out = BTreeMap::new();
    store
        .for_each_report_sold(slots, at, |v, q| *out.entry(v).or_default() += q)
        .expect("sold");
    out
}

/// The shop's days as slot ranges (UTC days: they never hold a span).
fn days(first: NaiveDate, last: NaiveDate) -> Vec<Range<i64>> {
    let slot = |d: NaiveDate| {
        let at = Utc.from_utc_datetime(&d.and_hms_opt(0, 0, 0).expect("midnight"));
        slot_of(at.timestamp_millis())
    };
    first
        .iter_days()
        .take_while(|d| *d <= last)
        .map(|d| slot(d)..slot(d + Duration::days(1)))
        .collect()
}

#[test]
fn a_long_period_read_by_span_equals_it_read_day_by_day() {
    // A 100-day demo shop, its events read back, and a second counter's
    // bill whose cancel is stored first: imported into a new file in that
    // order.
    let (_demo_dir, demo) = common::demo_shop(40, 100);
    let mut events: Vec<Imported> = Vec::new();
    Store::open(&demo, Access::ReadOnly)
        .expect("open")
        .for_each_event(|_, event| {
            events.push(Imported { event, own: true });
            Ok(())
        })
        .expect("events");
    let sale = events
        .iter()
        .rev()
        .find_map(|e| match &e.event.payload {
            EventPayload::Sale(s) => Some((e.event.clone(), s.clone())),
            _ => None,
        })
        .expect("the demo sells");
    let other = DeviceId::new();
    let mut bill = sale.1.clone();
    bill.bill_id = galla_domain::BillId::new();
    bill.bill_no = "C2-1".into();
    let theirs = |n: u64, minutes: i64, payload: EventPayload| Imported {
        event: Event {
            event_id: EventId::new(),
            device_id: other,
            device_seq: n,
            occurred_at: sale.0.occurred_at + Duration::minutes(minutes),
            payload,
            ..sale.0.clone()
        },
        own: false,
    };
    let cancel = BillCancelled {
        bill_id: bill.bill_id,
        reason: "billed twice".into(),
        location_id: bill.location_id,
        lines: Vec::new(),
        customer_id: None,
        khata_reversed: Default::default(),
        cash_reversed: Default::default(),
        upi_reversed: Default::default(),
        card_reversed: Default::default(),
    };
    events.push(theirs(2, 3, EventPayload::BillCancelled(cancel)));
    events.push(theirs(1, 1, EventPayload::Sale(bill)));
    let dir = tempfile::tempdir().expect("dir");
    let db = dir.path().join("shop.db");
    let mut store = Store::open(&db, Access::ReadWrite).expect("open");
    store.import_events(events).expect("import");
    let found = check(&store).expect("check");
    assert!(found.is_clean(), "{:?}", found.differences);

    let last = common::fixed_end() + Duration::days(1);
    let days = days(last - Duration::days(110), last);
    let whole = days[0].start..days[days.len() - 1].end;
    assert!(
        whole.end - whole.start > 3 * SPAN_SLOTS,
        "the period holds whole spans"
    );
    let floor = store.locations().expect("locations")[0].location_id;
    for at in [None, Some(floor)] {
        let mut by_day = Sums::new();
        let mut sold_by_day: BTreeMap<u32, Qty> = BTreeMap::new();
        for day in &days {
            for (k, s) in items(&store, day.clone(), at) {
                by_day.entry(k).or_default().add(&s);
            }
            for (v, q) in sold(&store, day.clone(), at) {
                *sold_by_day.entry(v).or_default() += q;
            }
        }
        assert!(!by_day.is_empty(), "the shop sold something");
        assert_eq!(items(&store, whole.clone(), at), by_day, "at {at:?}");
        assert_eq!(sold(&store, whole.clone(), at), sold_by_day, "at {at:?}");
    }
}
