//! Shared fixtures of the sync tests: a real galla-server over a fresh
//! PostgreSQL database (galla-testpg) on 127.0.0.1:0, on its own thread so
//! tests stay plain `#[test]`s; shops that append stock events; the `galla`
//! binary; and comparisons of what clients and the server hold.

#![allow(dead_code)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use deadpool_postgres::Pool;
use galla::store::{Access, Store};
use galla_domain::payload::Adjustment;
use galla_domain::{AdjustReason, EventPayload, LocationId, NewEvent, Qty, StaffId, VariantId};
use galla_server::admin::{self, NegativeStock, Tenant};
use galla_server::{AppState, ServeConfig, db, migrate, router};
use tokio::runtime::Runtime;

/// A server with one tenant, running until the test process ends.
pub struct TestServer {
    pub addr: std::net::SocketAddr,
    pub tenant: Tenant,
    pool: Pool,
    rt: &'static Runtime,
}

fn runtime() -> &'static Runtime {
    static RT: std::sync::OnceLock<Runtime> = std::sync::OnceLock::new();
    RT.get_or_init(|| {
        tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .expect("server runtime")
    })
}

impl TestServer {
    pub fn start() -> TestServer {
        TestServer::start_with(ServeConfig {
            rate_limit: 0,
            ..ServeConfig::default()
        })
    }

    /// A server with these settings (a rate limit, say).
    pub fn start_with(config: ServeConfig) -> TestServer {
        let rt = runtime();
        rt.block_on(async {
            let test_db = galla_testpg::fresh_database().await;
            let pool = db::pool(&test_db.url, 16).expect("pool");
            let mut client = pool.get().await.expect("connects");
            migrate::migrate(&mut client).await.expect("migrates");
            let tenant = admin::create_tenant(&mut client, "Sharma Garments", NegativeStock::Flag)
                .await
                .expect("tenant");
            drop(client);
            let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
                .await
                .expect("binds");
            let addr = listener.local_addr().expect("addr");
            let app = router(AppState::new(pool.clone(), config));
            tokio::spawn(async move {
                axum::serve(
                    listener,
                    app.into_make_service_with_connect_info::<std::net::SocketAddr>(),
                )
                .await
            });
            TestServer {
                addr,
                tenant,
                pool,
                rt,
            }
        })
    }

    /// Another server instance over the same database, with other
    /// settings (a newer server behind the same load balancer); its address.
    pub fn another_instance(&self, config: ServeConfig) -> String {
        let pool = self.pool.clone();
        self.rt.block_on(async move {
            let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
                .await
                .expect("binds");
            let addr = listener.local_addr().expect("addr");
            let app = router(AppState::new(pool, config));
            tokio::spawn(async move {
                axum::serve(
                    listener,
                    app.into_make_service_with_connect_info::<std::net::SocketAddr>(),
                )
                .await
            });
            format!("http://{addr}")
        })
    }

    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// A fresh single-use enrollment code.
    pub fn code(&self) -> String {
        self.rt.block_on(async {
            let client = self.pool.get().await.expect("connects");
            admin::create_enroll_code(&**client, self.tenant.tenant_id, "Counter")
                .await
                .expect("code")
                .code
        })
    }

    /// Revokes the counter whose database is at `db` (`galla-server devices revoke`).
    pub fn revoke(&self, db: &Path) {
        let device = Store::open(db, Access::ReadOnly)
            .expect("open")
            .device_id()
            .uuid();
        self.rt.block_on(async {
            let client = self.pool.get().await.expect("connects");
            admin::revoke_device(&**client, self.tenant.tenant_id, device)
                .await
                .expect("revokes");
        })
    }

    /// Copies the tenant's server state aside, as a nightly backup would.
    pub fn backup(&self) {
        self.sql(
            "DROP TABLE IF EXISTS backup_ledger, backup_stock, backup_counters, backup_devices;
             CREATE TABLE backup_ledger AS SELECT * FROM event_ledger;
             CREATE TABLE backup_stock AS SELECT * FROM stock;
             CREATE TABLE backup_counters AS SELECT * FROM tenant_counters;
             CREATE TABLE backup_devices AS SELECT * FROM devices;",
        );
    }

    /// Puts the state saved by [`TestServer::backup`] back, losing what came
    /// after it, as restoring a database from that backup would.
    pub fn restore(&self) {
        self.sql(
            "ALTER TABLE event_ledger DISABLE TRIGGER event_ledger_no_update;
             DELETE FROM event_ledger;
             ALTER TABLE event_ledger ENABLE TRIGGER event_ledger_no_update;
             INSERT INTO event_ledger SELECT * FROM backup_ledger;
             DELETE FROM stock;
             INSERT INTO stock SELECT * FROM backup_stock;
             UPDATE tenant_counters t SET next_server_seq = b.next_server_seq
               FROM backup_counters b WHERE b.tenant_id = t.tenant_id;
             UPDATE devices d SET head_device_seq = b.head_device_seq
               FROM backup_devices b WHERE b.device_id = d.device_id;",
        );
    }

    /// `galla-server tenant new-epoch`: what the owner runs after a restore.
    pub fn new_epoch(&self) {
        self.rt.block_on(async {
            let client = self.pool.get().await.expect("connects");
            admin::new_epoch(&**client, self.tenant.tenant_id)
                .await
                .expect("new epoch");
        })
    }

    pub fn sql(&self, sql: &str) {
        self.rt.block_on(async {
            let client = self.pool.get().await.expect("connects");
            client.batch_execute(sql).await.expect("sql");
        })
    }

    /// Stock per (variant, location) in the server's projection, in
    /// thousandths, leaving out rows at zero.
    pub fn stock(&self) -> BTreeMap<(String, String), i64> {
        self.rt.block_on(async {
            let client = self.pool.get().await.expect("connects");
            let rows = client
                .query(
                    "SELECT variant_id::text, location_id::text, qty_milli FROM stock
                      WHERE tenant_id = $1 AND qty_milli <> 0",
                    &[&self.tenant.tenant_id],
                )
                .await
                .expect("stock");
            rows.iter()
                .map(|r| ((r.get(0), r.get(1)), r.get(2)))
                .collect()
        })
    }

    /// Every (device_id, device_seq) in the ledger with its event id.
    pub fn ledger(&self) -> BTreeMap<(String, i64), String> {
        self.rt.block_on(async {
            let client = self.pool.get().await.expect("connects");
            let rows = client
                .query(
                    "SELECT device_id::text, device_seq, event_id::text FROM event_ledger
                      WHERE tenant_id = $1",
                    &[&self.tenant.tenant_id],
                )
                .await
                .expect("ledger");
            rows.iter()
                .map(|r| ((r.get(0), r.get(1)), r.get(2)))
                .collect()
        })
    }
}

/// The `galla` binary with `args`; its output.
pub fn galla(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_galla"))
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .expect("runs galla")
}

/// `galla args`, which must succeed; its standard output.
pub fn run(args: &[&str]) -> String {
    let out = galla(args);
    assert!(
        out.status.success(),
        "galla {args:?}: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// `galla sync --once` at `db`, which must succeed.
pub fn synced(db: &Path) {
    let (ok, v) = sync_once(db);
    assert!(ok, "{v}");
}

/// `galla ... --json`'s one JSON object.
pub fn galla_json(args: &[&str]) -> (bool, serde_json::Value) {
    let out = galla(args);
    let text = String::from_utf8_lossy(&out.stdout);
    let value = serde_json::from_str(text.trim()).unwrap_or_else(|e| {
        panic!(
            "not one JSON object ({e}): {text}\nstderr: {}",
            String::from_utf8_lossy(&out.stderr)
        )
    });
    (out.status.success(), value)
}

/// `galla sync --db DB --once --json`: whether it worked, and its object.
pub fn sync_once(db: &Path) -> (bool, serde_json::Value) {
    galla_json(&[
        "sync",
        "--db",
        db.to_str().expect("utf-8 path"),
        "--once",
        "--json",
    ])
}

/// `galla sync --db DB --status --json`: whether it worked, and its object.
pub fn sync_status(db: &Path) -> (bool, serde_json::Value) {
    galla_json(&[
        "sync",
        "--db",
        db.to_str().expect("utf-8 path"),
        "--status",
        "--json",
    ])
}

/// A stock adjustment (a count) of `units` of `variant` at `loc`.
pub fn adjustment(
    loc: LocationId,
    variant: VariantId,
    units: i64,
    note: Option<String>,
) -> NewEvent {
    NewEvent::now(
        StaffId::OWNER,
        Some(loc),
        EventPayload::Adjustment(Adjustment {
            location_id: loc,
            variant_id: variant,
            qty_delta: Qty::units(units),
            reason: AdjustReason::Count,
            note,
        }),
    )
}

/// Enrolls the shop at `db` with `server` through the binary.
pub fn enroll(db: &Path, server_url: &str, code: &str) {
    let db = db.to_str().expect("utf-8 path");
    let (ok, v) = galla_json(&[
        "enroll", "--db", db, "--server", server_url, "--code", code, "--json",
    ]);
    assert!(ok, "enroll failed: {v}");
}

/// An empty shop with one location and `variants` variants, in `dir`.
pub fn new_shop(dir: &Path, name: &str) -> PathBuf {
    let path = dir.join(format!("{name}.db"));
    let mut store = Store::open(&path, Access::ReadWrite).expect("open");
    galla::demo::generate(
        &mut store,
        &galla::demo::DemoSpec {
            variants: 20,
            days: 1,
            seed: 3,
            end: chrono::NaiveDate::from_ymd_opt(2026, 11, 20).expect("date"),
            counter: "C1".into(),
        },
    )
    .expect("demo");
    path
}

/// Counter A (a small demo shop) and counter B (an empty file), both
/// enrolled with `server` and synced, so B holds A's shop.
pub fn two_counters(server: &TestServer, dir: &Path) -> (PathBuf, PathBuf) {
    let a = new_shop(dir, "a");
    enroll(&a, &server.url(), &server.code());
    assert!(sync_once(&a).0);
    let b = dir.join("b.db");
    enroll(&b, &server.url(), &server.code());
    assert!(sync_once(&b).0);
    (a, b)
}

/// Appends `n` stock additions spread over the catalogue, one commit each.
pub fn add_stock(db: &Path, n: usize, salt: usize) {
    let mut store = Store::open(db, Access::ReadWrite).expect("open");
    let loc = store.locations().expect("locations")[0].location_id;
    let variants: Vec<_> = store
        .search_entries()
        .expect("entries")
        .into_iter()
        .map(|e| e.variant_id)
        .collect();
    for i in 0..n {
        let variant = variants[(i + salt) % variants.len()];
        let e = adjustment(loc, variant, 1 + (i % 3) as i64, None);
        store.append(e).expect("append");
    }
}

/// Stock per (variant, location) as `galla stock --json` would list it.
pub fn stock(db: &Path) -> Vec<String> {
    let store = Store::open(db, Access::ReadOnly).expect("open");
    let mut rows: Vec<String> = store
        .stock_levels(None)
        .expect("stock")
        .iter()
        .map(|l| serde_json::to_string(l).expect("json"))
        .collect();
    rows.sort();
    rows
}

/// Every event id the shop holds.
pub fn event_ids(db: &Path) -> Vec<String> {
    let store = Store::open(db, Access::ReadOnly).expect("open");
    let mut ids = Vec::new();
    store
        .for_each_event(|_, e| {
            ids.push(e.event_id.to_string());
            Ok(())
        })
        .expect("events");
    ids.sort();
    ids
}

/// `galla check` passes on the shop.
pub fn assert_check_clean(db: &Path) {
    let store = Store::open(db, Access::ReadOnly).expect("open");
    let report = galla::store::check(&store).expect("check");
    assert!(report.is_clean(), "{:?}", report.differences);
}

/// Stock per (variant, location) in thousandths, as the server keeps it,
/// leaving out rows at zero.
pub fn stock_by_id(db: &Path) -> BTreeMap<(String, String), i64> {
    let store = Store::open(db, Access::ReadOnly).expect("open");
    let mut stmt = store
        .connection()
        .prepare(
            "SELECT v.id, l.id, s.qty_milli FROM stock s
               JOIN report_ids v ON v.n = s.variant_n JOIN report_ids l ON l.n = s.location_n
              WHERE s.qty_milli <> 0",
        )
        .expect("prepare");
    stmt.query_map([], |r| Ok(((r.get(0)?, r.get(1)?), r.get(2)?)))
        .expect("stock")
        .collect::<rusqlite::Result<_>>()
        .expect("rows")
}

/// Waits up to 20 s for the task's snapshot to satisfy `done`.
pub fn wait_for(
    handle: &galla::sync::SyncHandle,
    what: &str,
    done: impl Fn(&galla::sync::SyncSnapshot) -> bool,
) {
    let start = std::time::Instant::now();
    loop {
        let s = handle.snapshot.borrow().clone();
        if done(&s) {
            return;
        }
        assert!(
            start.elapsed() < std::time::Duration::from_secs(20),
            "never {what}: {s:?}"
        );
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
}
