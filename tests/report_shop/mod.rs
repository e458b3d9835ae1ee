//! The shop the report tests read: the 40-day demo shop (seed 7, last day
//! 20 Nov 2026) plus what the demo never does — two bills cancelled, a
//! part return on a later day and a khata bill returned whole, a bill to a
//! registered buyer (GSTIN) with discounts and two GST rates, and an
//! inter-state bill over ₹1,00,000 to an unregistered buyer — each at a
//! fixed time; and one of that buyer's goods returned. Also: the real binary run with the shop's time zone
//! (Asia/Kolkata) in its config, and the two outputs the expected figures
//! are worked out from, `galla bills --json` and `galla export events`.

#![allow(dead_code)]

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use galla::store::{Access, BillRecord, Store};
use galla_domain::bill::{Draft, DraftLine, LineDiscount};
use galla_domain::payload::{BillCancelled, PayMode, Payment, QtyLine, SaleReturn};
use galla_domain::{
    BillId, EventPayload, NewEvent, Party, PartyKind, Qty, Regime, StaffId, Supply,
};
use serde_json::Value;
use std::path::{Path, PathBuf};

#[path = "../common/mod.rs"]
pub mod common;
pub mod expect;

/// The shop's time zone.
pub const TZ: chrono_tz::Tz = chrono_tz::Asia::Kolkata;

/// `hh:mm` shop time on 2026-11-`day`, in UTC.
pub fn at(day: u32, hh: u32, mm: u32) -> DateTime<Utc> {
    TZ.with_ymd_and_hms(2026, 11, day, hh, mm, 0)
        .single()
        .expect("time")
        .with_timezone(&Utc)
}

/// A day of November 2026.
pub fn nov(day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, day).expect("date")
}

/// The shop: its directory (kept alive), database and config file.
pub struct Shop {
    /// Keeps the files.
    pub dir: tempfile::TempDir,
    /// The database.
    pub db: PathBuf,
    /// A config naming the shop's time zone.
    pub config: PathBuf,
}

fn append(store: &mut Store, when: DateTime<Utc>, payload: EventPayload) {
    let mut e = NewEvent::now(StaffId::OWNER, None, payload);
    e.occurred_at = when;
    store.append(e).expect("append");
}

fn first_bill(bills: &[BillRecord], day: u32, pick: impl Fn(&BillRecord) -> bool) -> BillRecord {
    bills
        .iter()
        .find(|b| b.at.with_timezone(&TZ).date_naive() == nov(day) && pick(b))
        .cloned()
        .unwrap_or_else(|| panic!("the demo has such a bill on {day} Nov"))
}

/// Every line of a bill, as goods to put back.
fn everything(bill: &BillRecord) -> Vec<QtyLine> {
    bill.sale
        .lines
        .iter()
        .map(|l| QtyLine {
            variant_id: l.variant_id,
            qty: l.qty,
        })
        .collect()
}

fn cancel(store: &mut Store, bill: &BillRecord, when: DateTime<Utc>) {
    let paid = |m: PayMode| -> galla_domain::Money {
        bill.sale
            .payments
            .iter()
            .filter(|p| p.mode == m)
            .map(|p| p.amount)
            .sum()
    };
    append(
        store,
        when,
        EventPayload::BillCancelled(BillCancelled {
            bill_id: bill.sale.bill_id,
            reason: "wrong size billed".into(),
            location_id: bill.sale.location_id,
            lines: everything(bill),
            customer_id: bill.sale.customer_id,
            khata_reversed: paid(PayMode::Khata),
            cash_reversed: paid(PayMode::Cash),
            upi_reversed: paid(PayMode::Upi),
            card_reversed: paid(PayMode::Card),
        }),
    );
}

/// Goods back on `sale`: a credit note numbered `note_no` with the tax
/// it credits, as the till makes it; an empty number makes a return as
/// galla kept them before credit notes (no number, no tax).
fn give_back(
    store: &mut Store,
    sale: &galla_domain::payload::Sale,
    back: Vec<QtyLine>,
    mode: PayMode,
    when: DateTime<Utc>,
    note_no: &str,
) {
    let refund = galla_domain::bill::changes::refund(sale, &[], &back);
    let taxes = if note_no.is_empty() {
        Vec::new()
    } else {
        galla_domain::bill::changes::credited(sale, &[], &back)
    };
    append(
        store,
        when,
        EventPayload::SaleReturn(SaleReturn {
            bill_id: sale.bill_id,
            location_id: sale.location_id,
            customer_id: sale.customer_id,
            lines: back,
            refund,
            refund_mode: mode,
            note_no: note_no.into(),
            bill_no: sale.bill_no.clone(),
            bill_at: None,
            taxes,
            header: None,
        }),
    );
}

/// A bill of `items` (variant index, quantity, discount %) to `customer`.
#[allow(clippy::too_many_arguments)]
fn sell(
    store: &mut Store,
    bill_no: &str,
    when: DateTime<Utc>,
    supply: Supply,
    customer: Option<galla_domain::PartyId>,
    items: &[(galla_domain::VariantId, i64, u16)],
    bill_discount: Option<galla_domain::Money>,
    mode: PayMode,
    buyer: Option<&Party>,
) -> galla_domain::payload::Sale {
    let floor = store.locations().expect("locations")[0].location_id;
    let mut draft = Draft::new(supply, Regime::Regular);
    // Where the goods go, and the buyer the bill names, as the till does.
    draft.place = Some(match supply {
        Supply::InterState => buyer.and_then(|b| b.state_code.clone()).expect("a state"),
        Supply::IntraState => "08".into(),
    });
    draft.recipient = buyer.map(|b| galla_domain::payload::Recipient {
        name: b.name.clone(),
        address: b.address.clone(),
        state_code: b.state_code.clone(),
        gstin: b.gstin.clone(),
    });
    for &(variant, qty, pct) in items {
        let (product, v) = store.sale_item(variant).expect("read").expect("item");
        let i = draft
            .add(DraftLine::from_variant(&product, &v))
            .expect("add");
        draft.set_qty(i, Qty::units(qty)).expect("qty");
        if pct > 0 {
            draft
                .set_discount(i, LineDiscount::Percent(pct * 100))
                .expect("discount");
        }
    }
    if let Some(d) = bill_discount {
        draft
            .set_bill_discount(galla_domain::bill::BillDiscount::Amount(d))
            .expect("bill discount");
    }
    let total = draft.totals().grand_total();
    let sale = draft
        .to_sale(
            BillId::new(),
            bill_no.into(),
            floor,
            customer,
            vec![Payment {
                mode,
                amount: total,
                reference: None,
            }],
        )
        .expect("a bill");
    append(store, when, EventPayload::Sale(sale.clone()));
    sale
}

/// The items of a product line (its SKU prefix) the shop has.
fn items(store: &Store, prefix: &str) -> Vec<galla_domain::VariantId> {
    let mut e: Vec<_> = store
        .search_entries()
        .expect("entries")
        .into_iter()
        .filter(|e| e.sku.starts_with(prefix))
        .collect();
    e.sort_by(|a, b| a.sku.cmp(&b.sku));
    e.into_iter().map(|e| e.variant_id).collect()
}

/// Makes the shop.
pub fn shop() -> Shop {
    let (dir, db) = common::demo_shop(300, 40);
    let config = dir.path().join("config.toml");
    std::fs::write(&config, "timezone = \"Asia/Kolkata\"\n").expect("config");
    let mut store = Store::open(&db, Access::ReadWrite).expect("open");
    let bills = store.bills_between(None, None).expect("bills");
    let plain = |b: &BillRecord| b.sale.customer_id.is_none();
    let b18 = first_bill(&bills, 18, plain);
    cancel(&mut store, &b18, b18.at + chrono::Duration::minutes(20));
    let b20 = first_bill(&bills, 20, plain);
    cancel(&mut store, &b20, b20.at + chrono::Duration::minutes(5));
    let part = first_bill(&bills, 15, |b| plain(b) && b.sale.lines.len() >= 2);
    let line = &part.sale.lines[0];
    let back = vec![QtyLine {
        variant_id: line.variant_id,
        qty: Qty::from_milli(line.qty.milli().min(1000)),
    }];
    give_back(
        &mut store,
        &part.sale,
        back,
        PayMode::Cash,
        at(19, 12, 10),
        "",
    );
    let khata = first_bill(&bills, 17, |b| {
        b.sale.payments.iter().any(|p| p.mode == PayMode::Khata) && b.sale.customer_id.is_some()
    });
    give_back(
        &mut store,
        &khata.sale,
        everything(&khata),
        PayMode::Khata,
        at(20, 11, 40),
        "C1-CN1",
    );
    // A registered buyer in the shop's state, and an unregistered one in
    // Maharashtra who has goods delivered there.
    let mehta = Party {
        gstin: Some("08AAACM1234F1Z5".into()),
        state_code: Some("08".into()),
        phone: Some("9414099901".into()),
        ..Party::new(PartyKind::Customer, "Mehta Traders")
    };
    let rao = Party {
        state_code: Some("27".into()),
        address: Some("12 FC Road, Pune".into()),
        phone: Some("9820099902".into()),
        ..Party::new(PartyKind::Customer, "Sunil Rao")
    };
    for p in [&mehta, &rao] {
        append(
            &mut store,
            at(1, 9, 0),
            EventPayload::PartyCreated(p.clone()),
        );
    }
    let last_no = bills
        .iter()
        .filter_map(|b| b.sale.bill_no.rsplit('-').next()?.parse::<u64>().ok())
        .max()
        .unwrap_or(0);
    let kurtas = items(&store, "KUR");
    let shirts = items(&store, "SHT");
    let sarees = items(&store, "SAR");
    let to_mehta = sell(
        &mut store,
        &format!("C1-{}", last_no + 1),
        at(19, 16, 45),
        Supply::IntraState,
        Some(mehta.party_id),
        &[(kurtas[0], 3, 10), (shirts[0], 2, 0)],
        Some(galla_domain::Money::from_rupees(50)),
        PayMode::Khata,
        Some(&mehta),
    );
    // One kurta comes back from the registered buyer: a B2B credit note.
    let kurta = vec![QtyLine {
        variant_id: kurtas[0],
        qty: Qty::units(1),
    }];
    give_back(
        &mut store,
        &to_mehta,
        kurta,
        PayMode::Khata,
        at(20, 16, 0),
        "C1-CN2",
    );
    sell(
        &mut store,
        &format!("C1-{}", last_no + 2),
        at(20, 10, 15),
        Supply::InterState,
        Some(rao.party_id),
        &[(sarees[0], 40, 0)],
        None,
        PayMode::Card,
        Some(&rao),
    );
    drop(store);
    Shop { dir, db, config }
}

impl Shop {
    /// Runs `galla` with the shop's database and config; its standard output.
    pub fn galla(&self, args: &[&str]) -> String {
        let mut all: Vec<&str> = args.to_vec();
        let db = self.db.to_str().expect("path");
        let config = self.config.to_str().expect("path");
        all.extend(["--db", db, "--config", config]);
        common::cli::ok(&all, self.dir.path())
    }

    /// Runs `galla`, which must refuse; its error.
    pub fn refused(&self, args: &[&str]) -> String {
        let mut all: Vec<&str> = args.to_vec();
        let db = self.db.to_str().expect("path");
        all.extend(["--db", db]);
        common::cli::refused(&all, self.dir.path())
    }

    /// `galla report NAME args --json`, parsed.
    pub fn report(&self, name: &str, args: &[&str]) -> Value {
        let mut all = vec!["report", name, "--json"];
        all.extend_from_slice(args);
        serde_json::from_str(self.galla(&all).trim()).expect("one JSON object")
    }

    /// Every bill, from `galla bills --json`.
    pub fn bills(&self) -> Vec<Value> {
        self.galla(&["bills", "--json"])
            .lines()
            .map(|l| serde_json::from_str(l).expect("a bill"))
            .collect()
    }

    /// Every event, from `galla export events`.
    pub fn events(&self) -> Vec<Value> {
        self.galla(&["export", "events"])
            .lines()
            .map(|l| serde_json::from_str(l).expect("an event"))
            .collect()
    }

    /// The path of a file in the shop's directory.
    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }
}

/// The shop-local date of an RFC 3339 time.
pub fn local_day(time: &str) -> NaiveDate {
    DateTime::parse_from_rfc3339(time)
        .expect("time")
        .with_timezone(&TZ)
        .date_naive()
}

/// The shop-local hour of an RFC 3339 time.
pub fn local_hour(time: &str) -> u32 {
    use chrono::Timelike;
    DateTime::parse_from_rfc3339(time)
        .expect("time")
        .with_timezone(&TZ)
        .hour()
}

/// An integer field.
pub fn int(v: &Value, key: &str) -> i64 {
    v[key].as_i64().unwrap_or_else(|| panic!("{key} in {v}"))
}

/// A quantity in thousandths (JSON numbers may have decimals).
pub fn milli(v: &Value) -> i64 {
    (v.as_f64().unwrap_or_else(|| panic!("a number: {v}")) * 1000.0).round() as i64
}

/// Whether `path` exists (for tests of written files).
pub fn exists(path: &Path) -> bool {
    path.exists()
}
