//! `POST /v1/devices/enroll`: a counter trades a single-use code for a token.
//! The counter keeps its own device id; enrolling an id already known to the
//! same shop (a counter that lost its token) gives it a new token, clears a
//! revocation and keeps its `device_seq` head. Another shop's id is refused.

use chrono::{DateTime, Utc};
use galla_domain::DeviceId;
use galla_proto::{EnrollRequest, EnrollResponse, ErrorCode};
use uuid::Uuid;

use crate::api::AppState;
use crate::auth::{hash_secret, new_token, normalize_code};
use crate::error::ApiError;

/// Uses the code once and registers the device with a fresh token.
pub async fn enroll(state: &AppState, req: &EnrollRequest) -> Result<EnrollResponse, ApiError> {
    let code_hash = hash_secret(&normalize_code(&req.code));
    let device_id = req.device_id.uuid();
    let mut client = state.pool.get().await?;
    let tx = client.transaction().await?;
    let code = tx
        .query_opt(
            "SELECT c.tenant_id, c.device_name, c.expires_at, c.used_at, t.ledger_epoch
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
    let tenant_id: Uuid = code.get(0);
    let device_name: String = code.get(1);
    let expires_at: DateTime<Utc> = code.get(2);
    if code.get::<_, Option<DateTime<Utc>>>(3).is_some() {
        return Err(ApiError::EnrollCode(
            ErrorCode::EnrollCodeUsed,
            "this enrollment code was already used: ask for a new one".into(),
        ));
    }
    if expires_at < Utc::now() {
        return Err(ApiError::EnrollCode(
            ErrorCode::EnrollCodeExpired,
            "this enrollment code expired (codes last 24 hours): ask for a new one".into(),
        ));
    }
    let owner: Option<Uuid> = tx
        .query_opt(
            "SELECT tenant_id FROM devices WHERE device_id = $1 FOR UPDATE",
            &[&device_id],
        )
        .await?
        .map(|r| r.get(0));
    let token = new_token().map_err(|e| {
        tracing::error!(error = %e, "no randomness for a token");
        ApiError::Internal
    })?;
    let token_hash = hash_secret(&token);
    match owner {
        Some(other) if other != tenant_id => return Err(ApiError::DeviceIdTaken(device_id)),
        Some(_) => {
            tx.execute(
                "UPDATE devices SET token_hash = $2, name = $3, revoked = false, revoked_at = NULL
                  WHERE device_id = $1",
                &[&device_id, &token_hash, &device_name],
            )
            .await?;
        }
        None => {
            tx.execute(
                "INSERT INTO devices (device_id, tenant_id, name, token_hash) VALUES ($1, $2, $3, $4)",
                &[&device_id, &tenant_id, &device_name, &token_hash],
            )
            .await?;
        }
    }
    tx.execute(
        "UPDATE enroll_codes SET used_at = now(), used_by = $2 WHERE code_hash = $1",
        &[&code_hash, &device_id],
    )
    .await?;
    tx.commit().await?;
    tracing::info!(%tenant_id, %device_id, "device enrolled");
    Ok(EnrollResponse {
        tenant_id,
        device_id: DeviceId(device_id),
        device_name,
        device_token: token,
        ledger_epoch: code.get(4),
        server_time: Utc::now(),
    })
}
