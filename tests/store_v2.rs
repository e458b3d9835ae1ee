//! Store v2 on real files and a real server (upgrading older files is in
//! `store_upgrade.rs`): two counters that make conflicting changes while offline end with the
//! same projections as each other and as a rebuild, whichever order the
//! events reached them in; each counter's cash drawer holds only its own cash.

mod common;
mod sync_common;

use chrono::{DateTime, Duration, Utc};
use common::rows::{dump, one};
use galla::store::{Access, Store};
use galla_domain::payload::{CashEntry, PriceChanged, SettingChanged, StaffStatus};
use galla_domain::{EventId, EventPayload, Money, NewEvent, Party, PartyId, StaffId, VariantId};
use std::path::Path;
use sync_common::*;

/// Every projection table that must be equal on two counters holding the
/// same events (`stock_moves` and `bills` carry local sequence numbers).
const SHARED_TABLES: &[&str] = &[
    "products",
    "variants",
    "prices",
    "locations",
    "parties",
    "party_balances",
    "staff",
    "staff_status",
    "stock",
    "cash_drawers",
    "attendance_marks",
    "settings",
    "lww",
    "khata_lines",
    "book_lines",
    "day_closes",
    "reminders",
];

fn at(t: DateTime<Utc>, payload: EventPayload) -> NewEvent {
    NewEvent {
        event_id: EventId::new(),
        occurred_at: t,
        actor: StaffId::OWNER,
        approved_by: None,
        location_id: None,
        payload,
    }
}

struct Shop {
    variant: VariantId,
    party: Party,
    staff: StaffId,
}

fn shop(db: &Path) -> Shop {
    let store = Store::open(db, Access::ReadOnly).expect("open");
    let variant = store.search_entries().expect("entries")[0].variant_id;
    let party_id: String = one(db, "SELECT party_id FROM parties ORDER BY party_id LIMIT 1");
    let party_id: PartyId = party_id.parse().expect("id");
    let party = store.party(party_id).expect("party").expect("known");
    let staff: String = one(db, "SELECT staff_id FROM staff ORDER BY staff_id LIMIT 1");
    Shop {
        variant,
        party,
        staff: staff.parse().expect("id"),
    }
}

/// The same four registers changed at `early` and `late` times by one
/// counter; `flip` swaps which change is the late one.
fn changes(
    s: &Shop,
    early: DateTime<Utc>,
    late: DateTime<Utc>,
    me: &str,
    flip: bool,
) -> Vec<NewEvent> {
    let (price_t, party_t) = if flip { (late, early) } else { (early, late) };
    let mut party = s.party.clone();
    party.phone = Some(if flip { "9800000002" } else { "9800000001" }.into());
    vec![
        at(
            price_t,
            EventPayload::PriceChanged(PriceChanged {
                variant_id: s.variant,
                price: Money::from_paise(if flip { 22_200 } else { 11_100 }),
                mrp: Money::from_paise(30_000),
            }),
        ),
        at(party_t, EventPayload::PartyChanged(party)),
        at(
            party_t,
            EventPayload::SettingsChanged(SettingChanged {
                key: "shop.footer".into(),
                value: serde_json::json!(format!("thank you from {me}")),
            }),
        ),
        at(
            price_t,
            EventPayload::StaffStatusChanged(StaffStatus {
                staff_id: s.staff,
                active: flip,
                on_leave: false,
                note: None,
            }),
        ),
        at(
            late,
            EventPayload::CashbookIn(CashEntry {
                amount: Money::from_paise(if flip { 20_000 } else { 10_000 }),
                head: "float".into(),
                note: None,
                staff_id: None,
            }),
        ),
    ]
}

#[test]
fn two_counters_changing_the_same_things_offline_end_equal_whatever_the_order() {
    let server = TestServer::start();
    let dir = tempfile::tempdir().expect("dir");
    let (a, b) = two_counters(&server, dir.path());
    let s = shop(&a);
    let cash_a = Store::open(&a, Access::ReadOnly)
        .expect("a")
        .cash_in_drawer()
        .expect("cash");

    // Offline, both change the price, the party's phone, a setting and a
    // staff status; A's price and status are the later ones, B's phone and
    // setting are.
    let early = Utc::now() - Duration::minutes(10);
    let late = early + Duration::minutes(5);
    Store::open(&a, Access::ReadWrite)
        .expect("a")
        .append_batch(changes(&s, early, late, "A", true))
        .expect("a appends");
    Store::open(&b, Access::ReadWrite)
        .expect("b")
        .append_batch(changes(&s, early, late, "B", false))
        .expect("b appends");

    // B reaches the server first; A then gets B's changes after its own,
    // and B gets A's after its own: opposite orders.
    for db in [&b, &a, &b] {
        let (ok, v) = sync_once(db);
        assert!(ok, "{v}");
    }
    assert_eq!(event_ids(&a), event_ids(&b));
    for table in SHARED_TABLES {
        assert_eq!(dump(&a, table), dump(&b, table), "table {table} differs");
    }
    for db in [&a, &b] {
        assert_check_clean(db);
    }
    // The later write won each register, on both counters.
    let v = s.variant.to_string();
    assert_eq!(
        one::<i64>(
            &a,
            &format!("SELECT price FROM variants WHERE variant_id = '{v}'")
        ),
        22_200
    );
    assert_eq!(
        one::<String>(
            &a,
            &format!(
                "SELECT phone FROM parties WHERE party_id = '{}'",
                s.party.party_id
            )
        ),
        "9800000001"
    );
    assert_eq!(
        one::<String>(&a, "SELECT value FROM settings WHERE key = 'shop.footer'"),
        "\"thank you from B\""
    );
    assert!(one::<bool>(
        &a,
        &format!(
            "SELECT active FROM staff_status WHERE staff_id = '{}'",
            s.staff
        )
    ));

    // Each drawer holds its own counter's cash only; the shop's is the sum.
    let store_a = Store::open(&a, Access::ReadOnly).expect("a");
    let store_b = Store::open(&b, Access::ReadOnly).expect("b");
    assert_eq!(
        store_a.cash_in_drawer().expect("cash"),
        cash_a + Money::from_paise(20_000)
    );
    assert_eq!(
        store_b.cash_in_drawer().expect("cash"),
        Money::from_paise(10_000)
    );
    assert_eq!(
        store_a.shop_cash().expect("cash"),
        store_b.shop_cash().expect("cash")
    );
}
