//! Test fixtures: a migrated database with a server on a free port, tenants,
//! enrolled counters that number their own events, payload builders, and a
//! small HTTP client that sends the protocol header and bearer token.

use chrono::Utc;
use deadpool_postgres::Pool;
use galla_domain::payload::{Adjustment, PayMode, Payment, QtyLine, Sale, SaleLine, Transfer};
use galla_domain::{
    AdjustReason, BillId, DeviceId, EventId, EventPayload, GstRate, LocationId, Money, PriceMode,
    Qty, StaffId, Supply, VariantId,
};
use galla_proto::{
    EnrollRequest, EnrollResponse, PROTOCOL_HEADER, PROTOCOL_VERSION, PullResponse, PushRequest,
    PushResponse, WireEvent,
};
use galla_server::admin::{self, NegativeStock, Tenant};
use galla_server::{AppState, ServeConfig, db, migrate, router};
use reqwest::StatusCode;
use serde_json::Value;

/// A running server over its own fresh database.
pub struct Server {
    pub base: String,
    pub pool: Pool,
    pub http: reqwest::Client,
}

pub async fn start() -> Server {
    start_with(ServeConfig {
        rate_limit: 0,
        ..ServeConfig::default()
    })
    .await
}

pub async fn start_with(config: ServeConfig) -> Server {
    let test_db = galla_testpg::fresh_database().await;
    let pool = db::pool(&test_db.url, 24).expect("pool");
    {
        let mut client = pool.get().await.expect("connects");
        migrate::migrate(&mut client).await.expect("migrates");
    }
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
    Server {
        base: format!("http://{addr}"),
        pool,
        http: reqwest::Client::new(),
    }
}

impl Server {
    pub async fn tenant(&self, policy: NegativeStock) -> Tenant {
        let mut client = self.pool.get().await.expect("connects");
        admin::create_tenant(&mut client, "Sharma Garments", policy)
            .await
            .expect("tenant")
    }

    pub async fn code(&self, tenant: &Tenant) -> String {
        let client = self.pool.get().await.expect("connects");
        admin::create_enroll_code(&**client, tenant.tenant_id, "Counter")
            .await
            .expect("code")
            .code
    }

    /// Enrolls a new counter of `tenant` through the API.
    pub async fn counter(&self, tenant: &Tenant) -> Counter {
        let device_id = DeviceId::new();
        let code = self.code(tenant).await;
        let (status, body) = self
            .post(
                "/v1/devices/enroll",
                None,
                &EnrollRequest {
                    code,
                    device_id,
                    device_token: None,
                },
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{body}");
        let enrolled: EnrollResponse = serde_json::from_value(body).expect("enroll response");
        Counter {
            base: self.base.clone(),
            http: self.http.clone(),
            token: enrolled.device_token,
            device_id,
            next_seq: 1,
        }
    }

    pub async fn post(
        &self,
        path: &str,
        token: Option<&str>,
        body: &impl serde::Serialize,
    ) -> (StatusCode, Value) {
        let mut req = self
            .http
            .post(format!("{}{path}", self.base))
            .header(PROTOCOL_HEADER, PROTOCOL_VERSION.to_string())
            .json(body);
        if let Some(token) = token {
            req = req.bearer_auth(token);
        }
        send(req).await
    }
}

pub async fn send(req: reqwest::RequestBuilder) -> (StatusCode, Value) {
    let response = req.send().await.expect("server answers");
    let status = response.status();
    let body = response.json::<Value>().await.unwrap_or(Value::Null);
    (status, body)
}

/// An enrolled counter that numbers its own events.
#[derive(Clone)]
pub struct Counter {
    pub base: String,
    pub http: reqwest::Client,
    pub token: String,
    pub device_id: DeviceId,
    pub next_seq: u64,
}

impl Counter {
    /// The next event of this counter.
    pub fn event(&mut self, payload: &EventPayload) -> WireEvent {
        let seq = self.next_seq;
        self.next_seq += 1;
        wire(seq, payload)
    }

    pub fn get(&self, path: &str) -> reqwest::RequestBuilder {
        self.http
            .get(format!("{}{path}", self.base))
            .header(PROTOCOL_HEADER, PROTOCOL_VERSION.to_string())
            .bearer_auth(&self.token)
    }

    pub async fn push_raw(&self, events: &[WireEvent]) -> (StatusCode, Value) {
        let body = PushRequest {
            ledger_epoch: None,
            device_id: None,
            events: events.to_vec(),
        };
        send(
            self.http
                .post(format!("{}/v1/sync/push", self.base))
                .header(PROTOCOL_HEADER, PROTOCOL_VERSION.to_string())
                .bearer_auth(&self.token)
                .json(&body),
        )
        .await
    }

    pub async fn push(&self, events: &[WireEvent]) -> PushResponse {
        let (status, body) = self.push_raw(events).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        serde_json::from_value(body).expect("push response")
    }

    pub async fn pull(&self, after: u64, limit: u32, wait: u32) -> PullResponse {
        let path = format!("/v1/sync/pull?after={after}&limit={limit}&wait={wait}");
        let (status, body) = send(self.get(&path)).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        serde_json::from_value(body).expect("pull response")
    }
}

pub const VARIANT: VariantId = VariantId(uuid::Uuid::from_u128(0x11));
pub const SHOP: LocationId = LocationId(uuid::Uuid::from_u128(0x21));
pub const GODOWN: LocationId = LocationId(uuid::Uuid::from_u128(0x22));

pub fn wire(seq: u64, payload: &EventPayload) -> WireEvent {
    WireEvent {
        event_id: EventId::new(),
        device_seq: seq,
        kind: payload.kind().as_str().into(),
        schema_version: 1,
        occurred_at: Utc::now(),
        actor_id: StaffId::OWNER,
        location_id: Some(SHOP),
        payload: serde_json::from_str(&payload.to_json()).expect("json"),
    }
}

pub fn adjust(at: LocationId, units: i64) -> EventPayload {
    EventPayload::Adjustment(Adjustment {
        location_id: at,
        variant_id: VARIANT,
        qty_delta: Qty::units(units),
        reason: AdjustReason::Opening,
        note: None,
    })
}

pub fn transfer(from: LocationId, to: LocationId, units: i64) -> EventPayload {
    EventPayload::Transfer(Transfer {
        from,
        to,
        lines: vec![QtyLine {
            variant_id: VARIANT,
            qty: Qty::units(units),
        }],
        note: None,
    })
}

pub fn sale(units: i64) -> EventPayload {
    let total = Money::from_rupees(250 * units);
    EventPayload::Sale(Sale {
        bill_id: BillId::new(),
        bill_no: "C2-1".into(),
        location_id: SHOP,
        customer_id: None,
        supply: Supply::IntraState,
        lines: vec![SaleLine {
            variant_id: VARIANT,
            qty: Qty::units(units),
            rate: Money::from_rupees(250),
            discount: Money::ZERO,
            gst_rate: GstRate::from_percent(0),
            price_mode: PriceMode::Inclusive,
            taxable: total,
            cgst: Money::ZERO,
            sgst: Money::ZERO,
            igst: Money::ZERO,
        }],
        bill_discount: Money::ZERO,
        round_off: Money::ZERO,
        total,
        payments: vec![Payment {
            mode: PayMode::Cash,
            amount: total,
            reference: None,
        }],
        document: galla_domain::Document::TaxInvoice,
        place_of_supply: None,
        header: None,
        recipient: None,
    })
}
