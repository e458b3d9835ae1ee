//! The durable-save benchmark: a bill saved at the till and a one-unit stock
//! correction, each against a bare one-row SQLite commit on the same
//! connection, file and disk, as ratios (DESIGN: a bill save's p99 within 2×
//! of a bare durable commit).
//!
//! It runs on a copy of the benchmark shop, so the pages a bill touches are
//! those of a shop of that size (stock, movements and report rows spread
//! over 100,000 items), not of a small one. The bill is what the till saves
//! (`Store::save_sale`): three lines of different items, paid in cash, with
//! the bill being made kept in `open_bill` beforehand as the till keeps it
//! (not timed), so the save also clears it. Each save is timed next to a
//! bare commit, in turn, so both see the disk at the same moments; 4,000 of
//! each make the p99 the 40th slowest rather than one stalled fsync.

use galla::store::{OpenBill, SearchEntry, Store};
use galla_domain::bill::{Draft, DraftLine};
use galla_domain::gst::{Regime, Supply};
use galla_domain::payload::{Adjustment, PayMode, Payment};
use galla_domain::{
    AdjustReason, BillId, EventPayload, LocationId, NewEvent, Qty, StaffId, VariantId,
};
use std::path::Path;
use std::time::{Duration, Instant};

use super::percentile;

/// How many saves (and as many bare commits) each ratio is taken over.
pub const SAMPLES: usize = 4_000;

/// Copies `shop` next to it, opens the copy for writing and prints the
/// ratios; the copy is removed afterwards.
pub fn measure(shop: &Path) {
    let dir = tempfile::tempdir_in(env!("CARGO_TARGET_TMPDIR")).expect("tmp");
    let copy = dir.path().join("saves.db");
    std::fs::copy(shop, &copy).expect("copy the benchmark shop");
    let mut store = Store::open(&copy, galla::store::Access::ReadWrite).expect("open");
    store
        .connection()
        .execute_batch("CREATE TABLE IF NOT EXISTS bare (id INTEGER PRIMARY KEY, v TEXT)")
        .expect("bare table");
    let loc = store.locations().expect("locations")[0].location_id;
    let entries = store.search_entries().expect("entries");
    let variant = entries[0].variant_id;

    let mut sign = 1;
    report(
        "stock correction (one-line ADJUSTMENT append)",
        in_turn(&mut store, |store| {
            sign = -sign;
            let t = Instant::now();
            store
                .append(adjustment(loc, variant, sign))
                .expect("append");
            t.elapsed()
        }),
    );
    let mut k = 0;
    report(
        "bill save at the till (3 lines, cash, open bill cleared)",
        in_turn(&mut store, |store| {
            k += 1;
            bill_save(store, &entries, loc, k)
        }),
    );
}

/// `save` and a bare commit, in turn, `SAMPLES` times: (saves, bares),
/// each sorted.
fn in_turn(
    store: &mut Store,
    mut save: impl FnMut(&mut Store) -> Duration,
) -> (Vec<Duration>, Vec<Duration>) {
    let (mut saves, mut bares) = (Vec::new(), Vec::new());
    for _ in 0..SAMPLES {
        let t = Instant::now();
        store
            .connection()
            .execute("INSERT INTO bare (v) VALUES ('x')", [])
            .expect("insert");
        bares.push(t.elapsed());
        saves.push(save(store));
    }
    saves.sort();
    bares.sort();
    (saves, bares)
}

fn report(what: &str, (saves, bares): (Vec<Duration>, Vec<Duration>)) {
    for (name, p) in [("p50", 0.5), ("p99", 0.99), ("p99.9", 0.999)] {
        let (a, b) = (percentile(&saves, p), percentile(&bares, p));
        println!(
            "{what}: {name} {:.3} ms vs bare commit {:.3} ms over {SAMPLES} of each, in turn: ratio {:.2}",
            a.as_secs_f64() * 1e3,
            b.as_secs_f64() * 1e3,
            a.as_secs_f64() / b.as_secs_f64()
        );
    }
}

/// Keeps a three-line bill as the bill being made (not timed), then saves
/// it as the till does; returns the save's time.
fn bill_save(store: &mut Store, entries: &[SearchEntry], loc: LocationId, k: usize) -> Duration {
    let mut draft = Draft::new(Supply::IntraState, Regime::Regular);
    for j in 0..3 {
        // Items far apart in the catalogue, as a real basket's are.
        let at = (k * 7_919 + j * 33_331) % entries.len();
        let (product, v) = store
            .sale_item(entries[at].variant_id)
            .expect("item")
            .expect("known item");
        draft
            .add(DraftLine::from_variant(&product, &v))
            .expect("line");
    }
    let open = OpenBill {
        draft: draft.clone(),
        customer_id: None,
        payments: Vec::new(),
    };
    store
        .keep_open_bill(&open, chrono::Utc::now())
        .expect("keep the bill being made");
    let amount = draft.totals().grand_total();
    let t = Instant::now();
    store
        .save_sale("", "C1", |no| {
            let sale = draft
                .to_sale(
                    BillId::new(),
                    no,
                    loc,
                    None,
                    vec![Payment {
                        mode: PayMode::Cash,
                        amount,
                        reference: None,
                    }],
                )
                .map_err(|e| e.to_string())?;
            Ok(NewEvent::now(
                StaffId::OWNER,
                Some(loc),
                EventPayload::Sale(sale),
            ))
        })
        .expect("bill saved");
    t.elapsed()
}

/// A one-unit stock count correction.
fn adjustment(loc: LocationId, variant: VariantId, sign: i64) -> NewEvent {
    NewEvent::now(
        StaffId::OWNER,
        Some(loc),
        EventPayload::Adjustment(Adjustment {
            location_id: loc,
            variant_id: variant,
            qty_delta: Qty::units(sign),
            reason: AdjustReason::Count,
            note: None,
        }),
    )
}
