//! `POST /v1/devices/enroll`: a counter trades a single-use code for a token.
//!
//! Everything is looked up inside the code's own shop, so no answer says
//! whether an id exists in another shop. The counter sends its own device id:
//! - unknown in the shop: enrolled with that id;
//! - known, and the request carries that device's current token, or an
//!   administrator ran `galla-server devices replace` for it: the counter is
//!   taken over with a new token, keeping its `device_seq` head;
//! - known otherwise (a copy of its database, or anyone who learnt the id):
//!   enrolled as a *new* counter with a fresh id, and the original keeps
//!   working.
//!
//! A retry of the same code by the same device, while the code is valid
//! (the reply was lost after the server committed), succeeds again with a
//! new token; the token of the lost reply stops working.

use chrono::{DateTime, Utc};
use galla_domain::DeviceId;
use galla_proto::{EnrollRequest, EnrollResponse, ErrorCode};
use tokio_postgres::Transaction;
use uuid::Uuid;

use crate::api::AppState;
use crate::auth::{hash_secret, new_token, normalize_code};
use crate::error::ApiError;

/// What the code row says.
struct Code {
    tenant_id: Uuid,
    device_name: String,
    ledger_epoch: Uuid,
}

/// Uses the code once and registers the device with a fresh token.
pub async fn enroll(state: &AppState, req: &EnrollRequest) -> Result<EnrollResponse, ApiError> {
    let code_hash = hash_secret(&normalize_code(&req.code));
    let asked = req.device_id.uuid();
    let mut client = state.pool.get().await?;
    let tx = client.transaction().await?;
    let row = tx
        .query_opt(
            "SELECT c.tenant_id, c.device_name, c.expires_at, c.used_at, c.used_by, t.ledger_epoch
               FROM enroll_codes c JOIN tenants t USING (tenant_id)
              WHERE c.code_hash = $1 FOR UPDATE OF c",
            &[&code_hash],
        )
        .await?
        .ok_or_else(|| {
            ApiError::EnrollCode(
                ErrorCode::EnrollCodeInvalid,
                "this enrollment code is not known to the server: check it, or ask for a new one"
                    .into(),
            )
        })?;
    let code = Code {
        tenant_id: row.get(0),
        device_name: row.get(1),
        ledger_epoch: row.get(5),
    };
    let expires_at: DateTime<Utc> = row.get(2);
    if expires_at < Utc::now() {
        return Err(ApiError::EnrollCode(
            ErrorCode::EnrollCodeExpired,
            "this enrollment code expired (codes last 24 hours): ask for a new one".into(),
        ));
    }
    let token = new_token().map_err(|e| {
        tracing::error!(error = %e, "no randomness for a token");
        ApiError::Internal
    })?;
    let token_hash = hash_secret(&token);
    let used = row.get::<_, Option<DateTime<Utc>>>(3).is_some();
    let retry = match row.get::<_, Option<Uuid>>(4) {
        Some(by) if used && (by == asked || retried_as_copy(&tx, &code, asked, by).await?) => {
            Some(by)
        }
        _ => None,
    };
    let device_id = match (used, retry) {
        // The same device retrying the code it used: its reply was lost.
        (true, Some(by)) => {
            set_token(&tx, &code, by, &token_hash).await?;
            by
        }
        (true, None) => {
            return Err(ApiError::EnrollCode(
                ErrorCode::EnrollCodeUsed,
                "this enrollment code was already used: ask for a new one".into(),
            ));
        }
        (false, _) => {
            let id = register(&tx, &code, req, &token_hash).await?;
            tx.execute(
                "UPDATE enroll_codes SET used_at = now(), used_by = $2, asked_device = $3
                  WHERE code_hash = $1",
                &[&code_hash, &id, &asked],
            )
            .await?;
            id
        }
    };
    tx.commit().await?;
    tracing::info!(tenant_id = %code.tenant_id, %device_id, "device enrolled");
    Ok(EnrollResponse {
        tenant_id: code.tenant_id,
        device_id: DeviceId(device_id),
        device_name: code.device_name,
        device_token: token,
        ledger_epoch: code.ledger_epoch,
        server_time: Utc::now(),
    })
}

/// Whether a used code is being retried by the copy it enrolled under a
/// new id (the copy still sends the id it had before the lost reply).
async fn retried_as_copy(
    tx: &Transaction<'_>,
    code: &Code,
    asked: Uuid,
    used_by: Uuid,
) -> Result<bool, ApiError> {
    let row = tx
        .query_opt(
            "SELECT 1 FROM enroll_codes
              WHERE tenant_id = $1 AND used_by = $2 AND asked_device = $3",
            &[&code.tenant_id, &used_by, &asked],
        )
        .await?;
    Ok(row.is_some())
}

async fn set_token(
    tx: &Transaction<'_>,
    code: &Code,
    device_id: Uuid,
    token_hash: &[u8],
) -> Result<(), ApiError> {
    tx.execute(
        "UPDATE devices SET token_hash = $3, name = $4, revoked = false, revoked_at = NULL,
                replace_allowed_until = NULL
          WHERE tenant_id = $1 AND device_id = $2",
        &[&code.tenant_id, &device_id, &token_hash, &code.device_name],
    )
    .await?;
    Ok(())
}

/// Registers the asking device in the code's shop; returns the id it got.
async fn register(
    tx: &Transaction<'_>,
    code: &Code,
    req: &EnrollRequest,
    token_hash: &[u8],
) -> Result<Uuid, ApiError> {
    let asked = req.device_id.uuid();
    let known = tx
        .query_opt(
            "SELECT token_hash, coalesce(replace_allowed_until > now(), false) FROM devices
              WHERE tenant_id = $1 AND device_id = $2 FOR UPDATE",
            &[&code.tenant_id, &asked],
        )
        .await?;
    let Some(known) = known else {
        insert(tx, code, asked, token_hash).await?;
        return Ok(asked);
    };
    let current: Vec<u8> = known.get(0);
    let holds_token = req
        .device_token
        .as_deref()
        .is_some_and(|t| hash_secret(t.trim()) == current);
    if holds_token || known.get::<_, bool>(1) {
        set_token(tx, code, asked, token_hash).await?;
        return Ok(asked);
    }
    let fresh = Uuid::now_v7();
    insert(tx, code, fresh, token_hash).await?;
    tracing::info!(tenant_id = %code.tenant_id, copy_of = %asked, device_id = %fresh,
        "a copy of an enrolled counter enrolled as a new counter");
    Ok(fresh)
}

async fn insert(
    tx: &Transaction<'_>,
    code: &Code,
    device_id: Uuid,
    token_hash: &[u8],
) -> Result<(), ApiError> {
    tx.execute(
        "INSERT INTO devices (device_id, tenant_id, name, token_hash) VALUES ($1, $2, $3, $4)",
        &[&device_id, &code.tenant_id, &code.device_name, &token_hash],
    )
    .await?;
    Ok(())
}
