//! Sync benchmarks against a real galla-server and PostgreSQL (galla-testpg)
//! on loopback. Prints: (a) draining N queued events from a client database
//! (target ≥ 20,000 events/s), (b) pulling and applying them into an empty
//! enrolled database (target ≥ 40,000 events/s), (c) the server's ingest of
//! the same rows against a bare multi-row UNNEST insert, as a ratio, and
//! (criterion) one 500-event push in-process and one 1,000-event pulled page
//! folded by the client without the network.
//! N = `GALLA_BENCH_SYNC_EVENTS` (default 100,000).

use std::path::Path;
use std::time::{Duration, Instant};

use criterion::{Criterion, criterion_group, criterion_main};
use deadpool_postgres::Pool;
use deadpool_postgres::tokio_postgres::types::ToSql;
use galla::store::{Access, Store};
use galla::sync::{SyncConfig, run_once};
use galla_domain::payload::Adjustment;
use galla_domain::{AdjustReason, DeviceId, EventPayload, NewEvent, Qty, StaffId};
use galla_proto::{EnrollRequest, LedgerStatus, PullResponse, PulledEvent, PushRequest, WireEvent};
use galla_server::admin::{self, NegativeStock, Tenant};
use galla_server::auth::Authed;
use galla_server::{AppState, ServeConfig, db, migrate, router};
use tokio::runtime::Runtime;

/// Events per push, as the client sends them.
const BATCH: usize = galla_proto::limits::MAX_PUSH_EVENTS;

fn events_wanted() -> usize {
    std::env::var("GALLA_BENCH_SYNC_EVENTS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(100_000)
}

/// A migrated database with one tenant, and the server's state over it.
struct Shop {
    pool: Pool,
    tenant: Tenant,
    state: AppState,
}

async fn shop() -> Shop {
    let test_db = galla_testpg::fresh_database().await;
    let pool = db::pool(&test_db.url, 16).expect("pool");
    let mut client = pool.get().await.expect("connects");
    migrate::migrate(&mut client).await.expect("migrates");
    let tenant = admin::create_tenant(&mut client, "Bench Shop", NegativeStock::Flag)
        .await
        .expect("tenant");
    let config = ServeConfig {
        rate_limit: 0,
        ..ServeConfig::default()
    };
    let state = AppState::new(pool.clone(), config);
    Shop {
        pool,
        tenant,
        state,
    }
}

async fn code(shop: &Shop) -> String {
    let client = shop.pool.get().await.expect("connects");
    admin::create_enroll_code(&**client, shop.tenant.tenant_id, "Counter")
        .await
        .expect("code")
        .code
}

/// A small demo shop at `path` with `n` stock adjustments queued on top.
fn queued_shop(path: &Path, n: usize) -> Store {
    let mut store = Store::open(path, Access::ReadWrite).expect("open");
    let spec = galla::demo::DemoSpec {
        variants: 50,
        days: 1,
        seed: 5,
        end: chrono::NaiveDate::from_ymd_opt(2026, 11, 20).expect("date"),
        counter: "C1".into(),
    };
    galla::demo::generate(&mut store, &spec).expect("demo");
    let loc = store.locations().expect("locations")[0].location_id;
    let variants: Vec<_> = store
        .search_entries()
        .expect("entries")
        .into_iter()
        .map(|e| e.variant_id)
        .collect();
    let mut left = n;
    while left > 0 {
        let chunk = left.min(10_000);
        let events = (0..chunk)
            .map(|i| {
                NewEvent::now(
                    StaffId::OWNER,
                    Some(loc),
                    EventPayload::Adjustment(Adjustment {
                        location_id: loc,
                        variant_id: variants[(i + left) % variants.len()],
                        qty_delta: Qty::units(1 + (i % 3) as i64),
                        reason: AdjustReason::Count,
                        note: None,
                    }),
                )
            })
            .collect();
        store.append_batch(events).expect("append");
        left -= chunk;
    }
    store
}

fn enroll(rt: &Runtime, store: &mut Store, url: &str, code: &str) {
    let config = SyncConfig::new(store.path(), url);
    rt.block_on(galla::sync::enroll(store, &config, code))
        .expect("enrolls");
}

fn rate(n: u64, took: Duration) -> f64 {
    n as f64 / took.as_secs_f64().max(1e-9)
}

/// Seconds of (c): the server's push path, and the same rows inserted bare.
struct Ingest {
    server: Duration,
    bare: Duration,
    indexed: Duration,
}

/// (c): the server's push path in-process (no HTTP) for `events` as a new
/// device, then the same rows through a bare UNNEST insert into a plain
/// table, and into one with the ledger's indexes and checks (no foreign keys).
fn ingest_vs_bare(rt: &Runtime, events: &[WireEvent]) -> Ingest {
    rt.block_on(async {
        let (shop, who, _) = new_device().await;
        let started = Instant::now();
        for batch in events.chunks(BATCH) {
            let req = PushRequest {
                ledger_epoch: None,
                device_id: None,
                events: batch.to_vec(),
            };
            galla_server::push::push(&shop.state, who, &req)
                .await
                .expect("push");
        }
        let server = started.elapsed();
        let mut client = shop.pool.get().await.expect("connects");
        client
            .batch_execute(
                "CREATE TABLE plain (LIKE event_ledger INCLUDING DEFAULTS);
                 CREATE TABLE indexed (LIKE event_ledger INCLUDING ALL);",
            )
            .await
            .expect("plain tables");
        let rows = client
            .query(
                "SELECT event_id, server_seq, device_seq, type, schema_version, occurred_at,
                        actor_id, location_id, payload, content_hash, status
                   FROM event_ledger ORDER BY server_seq",
                &[],
            )
            .await
            .expect("ledger");
        let bare = bare_insert(&mut client, "plain", &rows, who).await;
        let indexed = bare_insert(&mut client, "indexed", &rows, who).await;
        Ingest {
            server,
            bare,
            indexed,
        }
    })
}

/// Inserts `rows` into `table`, 500 per statement and transaction; the time.
async fn bare_insert(
    client: &mut deadpool_postgres::Client,
    table: &str,
    rows: &[deadpool_postgres::tokio_postgres::Row],
    who: Authed,
) -> Duration {
    let insert = client
        .prepare(&format!(
            "INSERT INTO {table} (event_id, tenant_id, server_seq, device_id, device_seq, type,
                    schema_version, occurred_at, actor_id, location_id, payload,
                    content_hash, status)
             SELECT e, $1, s, $2, d, t, v, o, a, l, p, h, st
               FROM unnest($3::uuid[], $4::int8[], $5::int8[], $6::text[], $7::int4[],
                           $8::text[], $9::uuid[], $10::uuid[], $11::jsonb[],
                           $12::bytea[], $13::text[])
                    AS x(e, s, d, t, v, o, a, l, p, h, st)"
        ))
        .await
        .expect("prepare");
    let started = Instant::now();
    for chunk in rows.chunks(BATCH) {
        let e: Vec<uuid::Uuid> = chunk.iter().map(|r| r.get(0)).collect();
        let s: Vec<i64> = chunk.iter().map(|r| r.get(1)).collect();
        let d: Vec<i64> = chunk.iter().map(|r| r.get(2)).collect();
        let t: Vec<String> = chunk.iter().map(|r| r.get(3)).collect();
        let v: Vec<i32> = chunk.iter().map(|r| r.get(4)).collect();
        let o: Vec<String> = chunk.iter().map(|r| r.get(5)).collect();
        let a: Vec<uuid::Uuid> = chunk.iter().map(|r| r.get(6)).collect();
        let l: Vec<Option<uuid::Uuid>> = chunk.iter().map(|r| r.get(7)).collect();
        let p: Vec<serde_json::Value> = chunk.iter().map(|r| r.get(8)).collect();
        let h: Vec<Vec<u8>> = chunk.iter().map(|r| r.get(9)).collect();
        let st: Vec<String> = chunk.iter().map(|r| r.get(10)).collect();
        let params: [&(dyn ToSql + Sync); 13] = [
            &who.tenant_id,
            &who.device_id,
            &e,
            &s,
            &d,
            &t,
            &v,
            &o,
            &a,
            &l,
            &p,
            &h,
            &st,
        ];
        let tx = client.transaction().await.expect("tx");
        tx.execute(&insert, &params).await.expect("insert");
        tx.commit().await.expect("commit");
    }
    started.elapsed()
}

fn bench(c: &mut Criterion) {
    let n = events_wanted();
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime");
    let (shop, addr) = rt.block_on(async {
        let shop = shop().await;
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("binds");
        let addr = listener.local_addr().expect("addr");
        let app = router(shop.state.clone());
        tokio::spawn(async move {
            axum::serve(
                listener,
                app.into_make_service_with_connect_info::<std::net::SocketAddr>(),
            )
            .await
        });
        (shop, addr)
    });
    let url = format!("http://{addr}");
    let dir = tempfile::tempdir().expect("temp dir");

    // (a) Drain the queue to the server.
    let sender_path = dir.path().join("sender.db");
    let mut sender = queued_shop(&sender_path, n);
    let queued = sender.outbox_counts().expect("counts").pending;
    let wire = sender.pending_batch(0, usize::MAX).expect("pending");
    enroll(&rt, &mut sender, &url, &rt.block_on(code(&shop)));
    drop(sender);
    let started = Instant::now();
    let done = run_once(SyncConfig::new(&sender_path, &url)).expect("drains");
    let took = started.elapsed();
    assert_eq!(done.pending, 0, "everything was sent");
    let drain = rate(queued, took);
    println!(
        "sync drain: {queued} events in {:.2} s = {drain:.0} events/s (target ≥ 20,000)",
        took.as_secs_f64()
    );

    // (b) Pull everything into an empty enrolled database.
    let receiver_path = dir.path().join("receiver.db");
    let mut receiver = Store::open(&receiver_path, Access::ReadWrite).expect("open");
    enroll(&rt, &mut receiver, &url, &rt.block_on(code(&shop)));
    drop(receiver);
    let started = Instant::now();
    let done = run_once(SyncConfig::new(&receiver_path, &url)).expect("pulls");
    let took = started.elapsed();
    let pull = rate(done.pulled, took);
    println!(
        "sync pull: {} events in {:.2} s = {pull:.0} events/s (target ≥ 40,000)",
        done.pulled,
        took.as_secs_f64()
    );

    // (c) Server ingest against a bare multi-row insert of the same rows.
    let ingest = ingest_vs_bare(&rt, &wire);
    let n = wire.len() as u64;
    println!(
        "server ingest: {:.0} events/s in-process; bare UNNEST insert {:.0} rows/s; \
         ratio {:.2}× the bare insert's time ({:.0} rows/s, {:.2}× with the ledger's indexes)",
        rate(n, ingest.server),
        rate(n, ingest.bare),
        ingest.server.as_secs_f64() / ingest.bare.as_secs_f64().max(1e-9),
        rate(n, ingest.indexed),
        ingest.server.as_secs_f64() / ingest.indexed.as_secs_f64().max(1e-9),
    );

    // Full batches pushed in device order, for criterion's statistics: a
    // fresh tenant (set up untimed) whenever the events run out.
    let mut group = c.benchmark_group("sync");
    let mut feeder: Option<(Shop, Authed, usize)> = None;
    group.bench_function("server push of one 500-event batch (in-process)", |b| {
        b.iter_custom(|iters| {
            let mut total = Duration::ZERO;
            for _ in 0..iters {
                if feeder.as_ref().is_none_or(|f| f.2 >= wire.len()) {
                    feeder = Some(rt.block_on(new_device()));
                }
                let Some((shop, who, next)) = feeder.as_mut() else {
                    continue;
                };
                let req = PushRequest {
                    ledger_epoch: None,
                    device_id: None,
                    events: wire[*next..(*next + BATCH).min(wire.len())].to_vec(),
                };
                *next += BATCH;
                let started = Instant::now();
                rt.block_on(galla_server::push::push(&shop.state, *who, &req))
                    .expect("push");
                total += started.elapsed();
            }
            total
        })
    });
    // The client's half of a pull, without the network: fold one page of
    // 1,000 new events (fresh ids each time) into an enrolled database.
    let applier_path = dir.path().join("applier.db");
    let mut applier = Store::open(&applier_path, Access::ReadWrite).expect("open");
    let origin = DeviceId::new();
    let mut seq = 0u64;
    group.bench_function("client apply of one pulled 1,000-event page", |b| {
        b.iter_custom(|iters| {
            let mut total = Duration::ZERO;
            for _ in 0..iters {
                let page = pulled_page(&wire, origin, &mut seq, 1_000);
                let started = Instant::now();
                applier
                    .apply_pull_page(&page, chrono::Utc::now())
                    .expect("applies");
                total += started.elapsed();
            }
            total
        })
    });
    group.finish();
}

/// The next `n` of `wire` as another device's pulled page, with fresh ids.
fn pulled_page(wire: &[WireEvent], device: DeviceId, seq: &mut u64, n: usize) -> PullResponse {
    let events = (0..n)
        .map(|i| {
            *seq += 1;
            let mut event = wire[(*seq as usize + i) % wire.len()].clone();
            event.event_id = galla_domain::EventId::new();
            event.device_seq = *seq;
            PulledEvent {
                server_seq: *seq,
                device_id: device,
                status: LedgerStatus::Accepted,
                flag_code: None,
                flag_message: None,
                received_at: chrono::Utc::now(),
                event,
            }
        })
        .collect();
    PullResponse {
        ledger_epoch: uuid::Uuid::nil(),
        events,
        next_after: *seq,
        has_more: false,
        head: *seq,
    }
}

/// A fresh tenant with one enrolled device, and who that device is.
async fn new_device() -> (Shop, Authed, usize) {
    let shop = shop().await;
    let device = DeviceId::new();
    let req = EnrollRequest {
        code: code(&shop).await,
        device_id: device,
        device_token: None,
    };
    galla_server::enroll::enroll(&shop.state, &req)
        .await
        .expect("enrolls");
    let who = Authed {
        tenant_id: shop.tenant.tenant_id,
        device_id: device.uuid(),
        ledger_epoch: shop.tenant.ledger_epoch,
        reject_negative_sales: false,
    };
    (shop, who, 0)
}

criterion_group! {
    name = benches;
    config = Criterion::default()
        .sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(5));
    targets = bench
}
criterion_main!(benches);
