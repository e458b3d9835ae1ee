//! `GET /v1/sync/pull` and `GET /v1/sync/status`: the tenant's accepted and
//! flagged events after a cursor in `server_seq` order, in pages, with an
//! optional long-poll that holds no database connection while it waits.
//! Reads only; the tenant always comes from the token.

use std::time::Duration;

use chrono::{DateTime, Utc};
use galla_domain::{DeviceId, EventId, LocationId, StaffId};
use galla_proto::limits::{DEFAULT_PULL_LIMIT, MAX_PULL_LIMIT, MAX_PULL_WAIT_SECS};
use galla_proto::{
    ErrorCode, LedgerStatus, ProtocolRange, PullQuery, PullResponse, PulledEvent, StatusResponse,
    WireEvent,
};
use tokio::time::Instant;
use uuid::Uuid;

use crate::api::AppState;
use crate::auth::Authed;
use crate::db::{to_i64, to_u64};
use crate::error::ApiError;

/// How often a waiting pull looks again even without a local signal (other
/// server instances commit without telling this one).
const RECHECK: Duration = Duration::from_millis(500);

async fn head(client: &deadpool_postgres::Client, tenant: Uuid) -> Result<u64, ApiError> {
    let sql = client
        .prepare_cached("SELECT next_server_seq - 1 FROM tenant_counters WHERE tenant_id = $1")
        .await?;
    Ok(to_u64(client.query_one(&sql, &[&tenant]).await?.get(0)))
}

async fn page(
    state: &AppState,
    who: Authed,
    after: u64,
    limit: u32,
    others_only: bool,
) -> Result<PullResponse, ApiError> {
    let client = state.pool.get().await?;
    let head = head(&client, who.tenant_id).await?;
    if after > head {
        return Err(ApiError::CursorAhead {
            after,
            head,
            epoch: who.ledger_epoch,
        });
    }
    let sql = client
        .prepare_cached(
            "SELECT server_seq, event_id, device_id, device_seq, type, schema_version,
                    occurred_at, actor_id, location_id, payload, status, flag_code,
                    flag_message, received_at, approved_by
               FROM event_ledger
              WHERE tenant_id = $1 AND server_seq > $2 AND device_id <> $4
              ORDER BY server_seq LIMIT $3",
        )
        .await?;
    // The nil id is no device's, so without `others_only` nothing is left out.
    let skip = if others_only {
        who.device_id
    } else {
        Uuid::nil()
    };
    let rows = client
        .query(
            &sql,
            &[
                &who.tenant_id,
                &to_i64(after),
                &(i64::from(limit) + 1),
                &skip,
            ],
        )
        .await?;
    let has_more = rows.len() > limit as usize;
    let mut events = Vec::with_capacity(rows.len().min(limit as usize));
    for r in rows.iter().take(limit as usize) {
        let status = match r.get::<_, &str>(10) {
            "flagged" => LedgerStatus::Flagged,
            _ => LedgerStatus::Accepted,
        };
        events.push(PulledEvent {
            server_seq: to_u64(r.get(0)),
            device_id: DeviceId(r.get(2)),
            status,
            flag_code: r.get::<_, Option<&str>>(11).map(ErrorCode::parse),
            flag_message: r.get(12),
            received_at: r.get::<_, DateTime<Utc>>(13),
            event: WireEvent {
                event_id: EventId(r.get(1)),
                device_seq: to_u64(r.get(3)),
                kind: r.get(4),
                schema_version: u32::try_from(r.get::<_, i32>(5)).unwrap_or(0),
                occurred_at: parse_time(r.get(6))?,
                actor_id: StaffId(r.get(7)),
                approved_by: r.get::<_, Option<Uuid>>(14).map(StaffId),
                location_id: r.get::<_, Option<Uuid>>(8).map(LocationId),
                payload: r.get(9),
            },
        });
    }
    let last = events.last().map(|e| e.server_seq).unwrap_or(after);
    // Commit order is `server_seq` order, so every row up to `head` was
    // visible to the query: a last page moves the cursor past all of them,
    // including the device's own events that were left out.
    let next_after = if has_more { last } else { last.max(head) };
    Ok(PullResponse {
        ledger_epoch: who.ledger_epoch,
        events,
        next_after,
        has_more,
        head,
    })
}

fn parse_time(text: &str) -> Result<DateTime<Utc>, ApiError> {
    DateTime::parse_from_rfc3339(text)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|e| {
            tracing::error!(error = %e, text, "stored occurred_at is not RFC 3339");
            ApiError::Internal
        })
}

/// One page after `q.after`; waits up to `q.wait` seconds when there is none.
pub async fn pull(state: &AppState, who: Authed, q: PullQuery) -> Result<PullResponse, ApiError> {
    if q.epoch.is_some_and(|e| e != who.ledger_epoch) {
        return Err(ApiError::EpochChanged(who.ledger_epoch));
    }
    let limit = q
        .limit
        .unwrap_or(DEFAULT_PULL_LIMIT)
        .clamp(1, MAX_PULL_LIMIT);
    let wait = Duration::from_secs(u64::from(q.wait.unwrap_or(0).min(MAX_PULL_WAIT_SECS)));
    let deadline = Instant::now() + wait;
    // Subscribe before reading so a commit between the read and the wait
    // still wakes us.
    let mut changed = state.ledger_changed.subscribe();
    loop {
        changed.borrow_and_update();
        let response = page(state, who, q.after, limit, q.others_only).await?;
        let now = Instant::now();
        if !response.events.is_empty() || response.next_after > q.after || now >= deadline {
            return Ok(response);
        }
        let nap = (deadline - now).min(RECHECK);
        let _ = tokio::time::timeout(nap, changed.changed()).await;
    }
}

/// The cheap probe: epoch, heads, clock and protocol range.
pub async fn status(state: &AppState, who: Authed) -> Result<StatusResponse, ApiError> {
    let client = state.pool.get().await?;
    let head = head(&client, who.tenant_id).await?;
    let sql = client
        .prepare_cached(
            "SELECT head_device_seq FROM devices WHERE tenant_id = $1 AND device_id = $2",
        )
        .await?;
    let device_head = to_u64(
        client
            .query_one(&sql, &[&who.tenant_id, &who.device_id])
            .await?
            .get(0),
    );
    Ok(StatusResponse {
        tenant_id: who.tenant_id,
        device_id: DeviceId(who.device_id),
        ledger_epoch: who.ledger_epoch,
        head,
        device_head,
        server_time: Utc::now(),
        protocol: ProtocolRange {
            min: state.config.min_protocol,
            max: state.config.max_protocol,
        },
    })
}
