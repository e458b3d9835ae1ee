//! `galla demo`: writes a realistic shop through the same store code the UI
//! uses — locations, staff, parties, a catalogue of sizes × colours with EAN-13
//! barcodes, opening stock, then D days of sales, purchases, transfers and
//! adjustments. A seed gives the same shop every time (ids aside).

mod catalogue;
mod days;
mod rng;

use chrono::{DateTime, Duration, NaiveDate, NaiveTime, Utc, Weekday};
use galla_domain::payload::{Purchase, PurchaseLine, QtyLine, Transfer};
use galla_domain::{
    EventPayload, GstRate, Location, LocationId, Money, NewEvent, Party, PartyId, PartyKind,
    Product, ProductId, Qty, Staff, StaffId, Unit, Variant, VariantId, ean,
};

use crate::store::{Result, Store};
use catalogue::BASES;
use rng::Rng;

/// What to generate.
#[derive(Clone, Debug)]
pub struct DemoSpec {
    /// How many variants (default 1,500; the benchmark shop uses 100,000).
    pub variants: usize,
    /// How many days of trading (default 60).
    pub days: u32,
    /// Random seed.
    pub seed: u64,
    /// The last trading day (default: today).
    pub end: NaiveDate,
    /// This counter's code, used in bill numbers.
    pub counter: String,
}

impl Default for DemoSpec {
    fn default() -> Self {
        DemoSpec {
            variants: 1_500,
            days: 60,
            seed: 1,
            end: Utc::now().date_naive(),
            counter: "C1".into(),
        }
    }
}

/// What was written.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DemoSummary {
    /// Products created.
    pub products: usize,
    /// Variants created.
    pub variants: usize,
    /// Events written in all.
    pub events: usize,
    /// Bills among them.
    pub bills: usize,
}

/// One variant as the generator tracks it.
pub(crate) struct Item {
    pub id: VariantId,
    pub unit: Unit,
    pub price: Money,
    pub cost: Money,
    pub gst: GstRate,
    pub mode: galla_domain::PriceMode,
    pub reorder: i64,
    /// Quantity in thousandths at [shop floor, godown].
    pub held: [i64; 2],
}

/// The shop being written.
pub(crate) struct Shop<'s> {
    pub store: &'s mut Store,
    pub rng: Rng,
    pub floor: LocationId,
    pub godown: LocationId,
    pub cashiers: Vec<StaffId>,
    /// Those who clock in each day: (id, weekly off).
    pub clocking: Vec<(StaffId, Weekday)>,
    pub customers: Vec<PartyId>,
    pub suppliers: Vec<PartyId>,
    pub items: Vec<Item>,
    pub pending: Vec<NewEvent>,
    pub summary: DemoSummary,
    pub counter: String,
    /// Nothing is dated after this.
    pub now: DateTime<Utc>,
}

/// Events written per transaction (in `Store::bulk`: 20,000 took the
/// benchmark shop from about 58 s to 52 s against 5,000, as each commit
/// writes the pages its batch changed once).
const BATCH: usize = 20_000;

impl Shop<'_> {
    /// Queues an event; writes a batch of them in one transaction.
    pub fn emit(
        &mut self,
        at: DateTime<Utc>,
        actor: StaffId,
        location: Option<LocationId>,
        payload: EventPayload,
    ) -> Result<()> {
        let mut e = NewEvent::now(actor, location, payload);
        e.occurred_at = at;
        self.pending.push(e);
        self.summary.events += 1;
        if self.pending.len() >= BATCH {
            self.flush()?;
        }
        Ok(())
    }

    /// Writes what is queued.
    pub fn flush(&mut self) -> Result<()> {
        if !self.pending.is_empty() {
            let batch = std::mem::take(&mut self.pending);
            self.store.append_batch(batch)?;
        }
        Ok(())
    }
}

/// The instant `hh:mm` shop time (IST) on `day`, in UTC.
pub(crate) fn ist(day: NaiveDate, minutes_after_midnight: i64) -> DateTime<Utc> {
    let local = day.and_time(NaiveTime::MIN) + Duration::minutes(minutes_after_midnight);
    (local - Duration::minutes(330)).and_utc()
}

/// For tests: a small demo shop (`variants`, `days`, `seed`) ending on
/// 20 November 2026, and the moment after its last day's trading.
#[cfg(test)]
pub(crate) fn small(variants: usize, days: u32, seed: u64) -> (DemoSpec, DateTime<Utc>) {
    let end = NaiveDate::from_ymd_opt(2026, 11, 20).expect("date");
    let spec = DemoSpec {
        variants,
        days,
        seed,
        end,
        counter: "C1".into(),
    };
    (spec, end.and_hms_opt(23, 0, 0).expect("time").and_utc())
}

/// For tests: a stock count correction of `units` of `variant` at `place`.
#[cfg(test)]
pub(crate) fn count(
    place: LocationId,
    variant: galla_domain::VariantId,
    units: i64,
) -> galla_domain::NewEvent {
    galla_domain::NewEvent::now(
        StaffId::OWNER,
        Some(place),
        EventPayload::Adjustment(galla_domain::payload::Adjustment {
            location_id: place,
            variant_id: variant,
            qty_delta: galla_domain::Qty::units(units),
            reason: galla_domain::AdjustReason::Count,
            note: None,
        }),
    )
}

/// Writes a demo shop into `store` (which should be empty).
pub fn generate(store: &mut Store, spec: &DemoSpec) -> Result<DemoSummary> {
    generate_at(store, spec, Utc::now())
}

/// [`generate`] as if it were `now`: nothing is dated after it (a demo
/// ending today stops trading at the present).
pub fn generate_at(store: &mut Store, spec: &DemoSpec, now: DateTime<Utc>) -> Result<DemoSummary> {
    store.bulk(|store| write_shop(store, spec, now))
}

fn write_shop(store: &mut Store, spec: &DemoSpec, now: DateTime<Utc>) -> Result<DemoSummary> {
    let first_day = spec.end - Duration::days(i64::from(spec.days.max(1)) - 1);
    let setup = ist(first_day - Duration::days(1), 9 * 60);
    let mut shop = Shop {
        store,
        rng: Rng::new(spec.seed),
        floor: LocationId::new(),
        godown: LocationId::new(),
        cashiers: Vec::new(),
        clocking: Vec::new(),
        customers: Vec::new(),
        suppliers: Vec::new(),
        items: Vec::with_capacity(spec.variants),
        pending: Vec::new(),
        summary: DemoSummary::default(),
        counter: spec.counter.clone(),
        now,
    };
    people(&mut shop, setup)?;
    catalogue(&mut shop, spec.variants, setup)?;
    opening_stock(&mut shop, setup + Duration::hours(1))?;
    let per_day = (spec.variants * 242 / 10_000).max(20);
    for d in 0..spec.days {
        let day = first_day + Duration::days(i64::from(d));
        days::clock(&mut shop, day)?;
        days::trade(&mut shop, day, per_day)?;
    }
    shop.flush()?;
    // The till carries on where the history's series stops.
    shop.store.advance_series()?;
    Ok(shop.summary)
}

fn people(shop: &mut Shop<'_>, at: DateTime<Utc>) -> Result<()> {
    let owner = StaffId::OWNER;
    // The shop's own settings, as `galla init` would record them.
    for (key, value) in [
        ("shop.name", serde_json::json!("Sharma Garments")),
        (
            "shop.address",
            serde_json::json!(["14 Johari Bazar", "Jaipur 302003"]),
        ),
        ("shop.phone", serde_json::json!("9829012345")),
        ("shop.state", serde_json::json!("08")),
        ("shop.gstin", serde_json::json!("08ABCFS1234K1Z7")),
        ("shop.registration", serde_json::json!("regular")),
        ("shop.upi", serde_json::json!("sharmagarments@okaxis")),
    ] {
        let change = galla_domain::payload::SettingChanged {
            key: key.into(),
            value,
        };
        shop.emit(at, owner, None, EventPayload::SettingsChanged(change))?;
    }
    for (id, name) in [(shop.floor, "Shop floor"), (shop.godown, "Godown")] {
        let loc = Location {
            location_id: id,
            name: name.into(),
        };
        shop.emit(at, owner, Some(id), EventPayload::LocationCreated(loc))?;
    }
    let staff = [
        (owner, "Ramesh Sharma", "owner"),
        (StaffId::new(), "Sunita Devi", "cashier"),
        (StaffId::new(), "अमित कुमार", "cashier"),
        (StaffId::new(), "Pooja Verma", "helper"),
    ];
    // Pay, shift and weekly off, so the Staff pane has a month to show;
    // no PINs (a hash is random): add a PIN with Alt+E to try clocking in.
    let offs = [Weekday::Sun, Weekday::Tue, Weekday::Wed, Weekday::Fri];
    for (i, (id, name, role)) in staff.into_iter().enumerate() {
        let mut s = Staff::new(id, name, role);
        s.phone = Some(format!("98290{:05}", 11 + i));
        if role == "helper" {
            s.wage = Some(Money::from_rupees(450));
        } else if role != "owner" {
            s.salary = Some(Money::from_rupees(12_000 + 1_000 * i as i64));
        }
        s.shift = Some("10:00-20:00".into());
        s.weekly_off = Some(offs[i].to_string().to_lowercase());
        s.joined = Some(at.date_naive());
        if role != "owner" {
            shop.clocking.push((id, offs[i]));
        }
        shop.emit(at, owner, None, EventPayload::StaffCreated(s))?;
        if role == "cashier" || role == "owner" {
            shop.cashiers.push(id);
        }
    }
    let customers = [
        "Anil Gupta",
        "सीमा जैन",
        "Mohd. Irfan",
        "Kavita Rao",
        "राजेश यादव",
        "Priya Nair",
    ];
    for (i, name) in customers.into_iter().enumerate() {
        let id = PartyId::new();
        let p = Party {
            party_id: id,
            phone: Some(format!("94140{:05}", 101 + i)),
            state_code: Some("08".into()),
            credit_limit: Money::from_rupees(5_000 * (i as i64 % 3 + 1)),
            terms_days: Some(if i % 2 == 0 { 15 } else { 30 }),
            whatsapp: i % 3 != 2,
            ..Party::new(PartyKind::Customer, name)
        };
        shop.emit(at, owner, None, EventPayload::PartyCreated(p))?;
        shop.customers.push(id);
    }
    let suppliers = [
        ("Jaipur Textiles", "08AABCJ1234A1Z5"),
        ("अग्रवाल ट्रेडर्स", "08AAFPA5678B1Z2"),
        ("Surat Silk Mills", "24AAKCS9012C1Z8"),
    ];
    for (i, (name, gstin)) in suppliers.into_iter().enumerate() {
        let id = PartyId::new();
        let p = Party {
            party_id: id,
            phone: Some(format!("14120{:05}", 501 + i)),
            gstin: Some(gstin.into()),
            state_code: Some(gstin[..2].into()),
            terms_days: Some(45),
            ..Party::new(PartyKind::Supplier, name)
        };
        shop.emit(at, owner, None, EventPayload::PartyCreated(p))?;
        shop.suppliers.push(id);
    }
    Ok(())
}

fn catalogue(shop: &mut Shop<'_>, variants: usize, at: DateTime<Utc>) -> Result<()> {
    let owner = StaffId::OWNER;
    let mut product_no = 0usize;
    while shop.items.len() < variants {
        let base = &BASES[product_no % BASES.len()];
        let design = product_no / BASES.len();
        let name = if design == 0 {
            base.name.to_string()
        } else {
            format!("{} D{}", base.name, design + 1)
        };
        let product = Product {
            product_id: ProductId::new(),
            name,
            hsn: base.hsn.into(),
            gst_rate: GstRate::from_percent(base.gst_percent),
            price_mode: base.mode,
            unit: base.unit,
            category: None,
        };
        let sizes = &base.sizes[..shop.rng.range(1, base.sizes.len() as i64) as usize];
        let colour_count = if base.colours.is_empty() {
            0
        } else {
            shop.rng.range(1, 3) as usize
        };
        let start = shop.rng.below(base.colours.len().max(1) as u64) as usize;
        let colours: Vec<Option<&str>> = if colour_count == 0 {
            vec![None]
        } else {
            (0..colour_count)
                .map(|i| Some(base.colours[(start + i) % base.colours.len()]))
                .collect()
        };
        let mrp_rupees = shop.rng.range(base.mrp.0, base.mrp.1) / 10 * 10 + 9;
        shop.emit(
            at,
            owner,
            None,
            EventPayload::ProductCreated(product.clone()),
        )?;
        shop.summary.products += 1;
        let mut idx = 0;
        for size in sizes {
            for colour in &colours {
                if shop.items.len() >= variants {
                    break;
                }
                idx += 1;
                let n = shop.items.len() as u64;
                let mrp = Money::from_rupees(mrp_rupees);
                let price = if shop.rng.chance(300) {
                    Money::from_paise(mrp.paise() * 95 / 100 / 100 * 100)
                } else {
                    mrp
                };
                let cost = Money::from_paise(price.paise() * shop.rng.range(55, 75) / 100);
                let reorder = if base.unit == Unit::Piece {
                    shop.rng.range(2, 8) * 1000
                } else {
                    shop.rng.range(5, 20) * 1000
                };
                let v = Variant {
                    variant_id: VariantId::new(),
                    product_id: product.product_id,
                    sku: format!("{}{:05}-{:02}", base.code, product_no, idx),
                    barcode: Some(ean::ean13_from_number(890_100_000_000 + n)),
                    size: Some((*size).to_string()),
                    colour: colour.map(str::to_string),
                    mrp,
                    price,
                    cost,
                    reorder_level: Qty::from_milli(reorder),
                };
                shop.items.push(Item {
                    id: v.variant_id,
                    unit: base.unit,
                    price,
                    cost,
                    gst: product.gst_rate,
                    mode: product.price_mode,
                    reorder,
                    held: [0, 0],
                });
                shop.emit(at, owner, None, EventPayload::VariantCreated(v))?;
                shop.summary.variants += 1;
            }
        }
        product_no += 1;
    }
    Ok(())
}

/// A purchase quantity for one item, in thousandths.
pub(crate) fn purchase_qty(rng: &mut Rng, unit: Unit) -> i64 {
    match unit {
        Unit::Piece => rng.range(6, 40) * 1000,
        _ => rng.range(20, 100) * 1000,
    }
}

fn opening_stock(shop: &mut Shop<'_>, at: DateTime<Utc>) -> Result<()> {
    let owner = StaffId::OWNER;
    let count = shop.items.len();
    for chunk_start in (0..count).step_by(20) {
        let end = (chunk_start + 20).min(count);
        let mut lines = Vec::new();
        let mut moved = Vec::new();
        for i in chunk_start..end {
            let qty = purchase_qty(&mut shop.rng, shop.items[i].unit);
            let item = &mut shop.items[i];
            item.held[1] += qty;
            lines.push(PurchaseLine {
                variant_id: item.id,
                qty: Qty::from_milli(qty),
                cost: item.cost,
                gst_rate: None,
            });
            let to_floor = qty * 2 / 5 / 1000 * 1000;
            if to_floor > 0 {
                item.held[1] -= to_floor;
                item.held[0] += to_floor;
                moved.push(QtyLine {
                    variant_id: item.id,
                    qty: Qty::from_milli(to_floor),
                });
            }
        }
        let supplier = *shop.rng.pick(&shop.suppliers);
        let godown = shop.godown;
        let purchase = Purchase {
            location_id: godown,
            supplier_id: Some(supplier),
            invoice_no: Some(format!("OPEN-{}", chunk_start / 20 + 1)),
            lines,
            on_credit: Money::ZERO,
            paid_cash: Money::ZERO,
            paid_upi: Money::ZERO,
            reference: None,
            invoice_date: None,
        };
        shop.emit(at, owner, Some(godown), EventPayload::Purchase(purchase))?;
        if !moved.is_empty() {
            let t = Transfer {
                from: godown,
                to: shop.floor,
                lines: moved,
                note: Some("opening display".into()),
            };
            shop.emit(at, owner, Some(godown), EventPayload::Transfer(t))?;
        }
    }
    Ok(())
}
