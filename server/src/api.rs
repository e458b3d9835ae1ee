//! The HTTP surface: the router with its five endpoints, the shared state,
//! the protocol-version check (426), token authentication and rate limit
//! (401/403/429), body limits (413) and request ids in every log line.
//! Handlers only translate HTTP to the `enroll`, `push` and `pull` modules.

use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::rejection::{BytesRejection, QueryRejection};
use axum::extract::{ConnectInfo, DefaultBodyLimit, Query, Request, State};
use axum::http::{HeaderMap, HeaderName, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Extension, Json, Router};
use deadpool_postgres::Pool;
use galla_proto::limits::MAX_PUSH_BYTES;
use galla_proto::{
    EnrollRequest, EnrollResponse, MIN_PROTOCOL_VERSION, PROTOCOL_HEADER, PROTOCOL_VERSION,
    PullQuery, PullResponse, PushRequest, PushResponse, StatusResponse,
};
use serde::de::DeserializeOwned;
use tokio::sync::watch;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::trace::{DefaultOnResponse, TraceLayer};

use crate::auth::{Authed, authenticate};
use crate::error::ApiError;
use crate::ratelimit::RateLimiter;

/// Settings of a running server.
#[derive(Clone, Copy, Debug)]
pub struct ServeConfig {
    /// Oldest protocol version accepted.
    pub min_protocol: u32,
    /// Newest protocol version accepted.
    pub max_protocol: u32,
    /// Requests per second per device (0: unlimited).
    pub rate_limit: u32,
    /// Failed enrollments and wrong-token requests a minute per peer
    /// address, before it gets 429 (0: unlimited).
    pub attempt_limit: u32,
}

impl Default for ServeConfig {
    fn default() -> Self {
        ServeConfig {
            min_protocol: MIN_PROTOCOL_VERSION,
            max_protocol: PROTOCOL_VERSION,
            rate_limit: 50,
            attempt_limit: 20,
        }
    }
}

/// What every handler shares.
#[derive(Clone, Debug)]
pub struct AppState {
    /// The database.
    pub pool: Pool,
    /// Bumped after each commit that added ledger rows; wakes long-polls.
    pub ledger_changed: Arc<watch::Sender<u64>>,
    /// Per-device request limit.
    pub limiter: Arc<RateLimiter>,
    /// Per-peer limit of failed attempts (wrong code, wrong token).
    pub attempts: Arc<RateLimiter<IpAddr>>,
    /// Settings.
    pub config: ServeConfig,
}

impl AppState {
    /// State over `pool` with `config`.
    pub fn new(pool: Pool, config: ServeConfig) -> AppState {
        AppState {
            pool,
            ledger_changed: Arc::new(watch::channel(0).0),
            limiter: Arc::new(RateLimiter::new(config.rate_limit)),
            attempts: Arc::new(RateLimiter::per_minute(config.attempt_limit)),
            config,
        }
    }
}

/// The whole service, ready for `axum::serve` (with
/// `into_make_service_with_connect_info::<SocketAddr>()`, so failed attempts
/// are limited per peer).
pub fn router(state: AppState) -> Router {
    let request_id = HeaderName::from_static("x-request-id");
    let v1 = Router::new()
        .route("/v1/devices/enroll", post(enroll))
        .route("/v1/sync/status", get(status))
        .route("/v1/sync/push", post(push))
        .route("/v1/sync/pull", get(pull))
        .route_layer(middleware::from_fn_with_state(state.clone(), protocol));
    Router::new()
        .route("/healthz", get(healthz))
        .merge(v1)
        .fallback(|| async { ApiError::NotFound })
        .layer(DefaultBodyLimit::max(MAX_PUSH_BYTES))
        .layer(PropagateRequestIdLayer::new(request_id.clone()))
        .layer(
            TraceLayer::new_for_http()
                .make_span_with(|req: &Request| {
                    let id = req
                        .headers()
                        .get("x-request-id")
                        .and_then(|v| v.to_str().ok())
                        .unwrap_or("-");
                    tracing::info_span!("request", request_id = %id, method = %req.method(), path = %req.uri().path())
                })
                .on_response(DefaultOnResponse::new().level(tracing::Level::INFO)),
        )
        .layer(SetRequestIdLayer::new(request_id, MakeRequestUuid))
        .with_state(state)
}

async fn protocol(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let (min, max) = (state.config.min_protocol, state.config.max_protocol);
    let sent = req
        .headers()
        .get(PROTOCOL_HEADER)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u32>().ok());
    let problem = match sent {
        None => Some(format!(
            "the request has no valid X-Protocol-Version header; this server speaks {min} to {max}: upgrade galla"
        )),
        Some(v) if v < min => Some(format!(
            "this counter speaks sync protocol {v}, the server needs {min} to {max}: upgrade galla"
        )),
        Some(v) if v > max => Some(format!(
            "this counter speaks sync protocol {v}, newer than the server ({min} to {max}): upgrade galla-server"
        )),
        Some(_) => None,
    };
    match problem {
        Some(message) => ApiError::Protocol(message).into_response(),
        None => next.run(req).await,
    }
}

fn parse_body<T: DeserializeOwned>(body: Result<Bytes, BytesRejection>) -> Result<T, ApiError> {
    let bytes = body.map_err(|e| {
        if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
            ApiError::TooLarge(format!(
                "the request body is over {MAX_PUSH_BYTES} bytes; send fewer events"
            ))
        } else {
            ApiError::Malformed(format!("the request body could not be read: {e}"))
        }
    })?;
    serde_json::from_slice(&bytes)
        .map_err(|e| ApiError::Malformed(format!("the request body is not valid: {e}")))
}

/// The peer's address, when the server was started with it
/// (`into_make_service_with_connect_info`).
type Peer = Option<Extension<ConnectInfo<SocketAddr>>>;

fn peer_ip(peer: &Peer) -> Option<IpAddr> {
    peer.as_ref().map(|Extension(ConnectInfo(addr))| addr.ip())
}

/// Refuses a peer that failed too often lately, before anything is looked up.
fn not_blocked(state: &AppState, ip: Option<IpAddr>) -> Result<(), ApiError> {
    match ip.and_then(|ip| state.attempts.blocked(ip)) {
        Some(wait) => Err(ApiError::RateLimited(wait)),
        None => Ok(()),
    }
}

/// Counts a failed attempt of the peer; the error is passed on.
fn failed(state: &AppState, ip: Option<IpAddr>, e: ApiError) -> ApiError {
    if let Some(ip) = ip {
        let _ = state.attempts.check(ip);
    }
    e
}

async fn who(state: &AppState, headers: &HeaderMap, peer: &Peer) -> Result<Authed, ApiError> {
    let ip = peer_ip(peer);
    not_blocked(state, ip)?;
    let client = state.pool.get().await?;
    let who = authenticate(&**client, headers)
        .await
        .map_err(|e| match e {
            ApiError::TokenInvalid => failed(state, ip, e),
            other => other,
        })?;
    state
        .limiter
        .check(who.device_id)
        .map_err(ApiError::RateLimited)?;
    tracing::debug!(tenant_id = %who.tenant_id, device_id = %who.device_id, "authenticated");
    Ok(who)
}

async fn healthz(State(state): State<AppState>) -> Response {
    let ok = match state.pool.get().await {
        Ok(client) => client.simple_query("SELECT 1").await.is_ok(),
        Err(_) => false,
    };
    if ok {
        Json(serde_json::json!({"status": "ok"})).into_response()
    } else {
        ApiError::Unavailable.into_response()
    }
}

async fn enroll(
    State(state): State<AppState>,
    peer: Peer,
    body: Result<Bytes, BytesRejection>,
) -> Result<Json<EnrollResponse>, ApiError> {
    let ip = peer_ip(&peer);
    not_blocked(&state, ip)?;
    let req: EnrollRequest = parse_body(body)?;
    match crate::enroll::enroll(&state, &req).await {
        Ok(answer) => Ok(Json(answer)),
        Err(e @ ApiError::EnrollCode(..)) => Err(failed(&state, ip, e)),
        Err(e) => Err(e),
    }
}

async fn status(
    State(state): State<AppState>,
    peer: Peer,
    headers: HeaderMap,
) -> Result<Json<StatusResponse>, ApiError> {
    let who = who(&state, &headers, &peer).await?;
    Ok(Json(crate::pull::status(&state, who).await?))
}

async fn push(
    State(state): State<AppState>,
    peer: Peer,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Json<PushResponse>, ApiError> {
    let who = who(&state, &headers, &peer).await?;
    let req: PushRequest = parse_body(body)?;
    let response = crate::push::push(&state, who, &req).await?;
    tracing::info!(
        device_id = %who.device_id,
        events = req.events.len(),
        device_head = response.device_head,
        "push"
    );
    Ok(Json(response))
}

async fn pull(
    State(state): State<AppState>,
    peer: Peer,
    headers: HeaderMap,
    query: Result<Query<PullQuery>, QueryRejection>,
) -> Result<Json<PullResponse>, ApiError> {
    let who = who(&state, &headers, &peer).await?;
    let Query(q) =
        query.map_err(|e| ApiError::Malformed(format!("the pull query is not valid: {e}")))?;
    Ok(Json(crate::pull::pull(&state, who, q).await?))
}
