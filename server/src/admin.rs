//! Administration on the database directly, for the CLI and the tests:
//! create a tenant, set its negative-stock policy or a new ledger epoch
//! (after a restore), make an enrollment code,
//! list and revoke devices. Each returns a serialisable record that the CLI
//! prints as one JSON object with `--json`.

use chrono::{DateTime, Duration, Utc};
use galla_proto::limits::ENROLL_CODE_TTL_HOURS;
use serde::Serialize;
use tokio_postgres::GenericClient;
use uuid::Uuid;

use crate::auth::{hash_secret, new_enroll_code, normalize_code};
use crate::error::ServerError;

/// What a sale that takes stock below zero gets.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, clap::ValueEnum)]
#[serde(rename_all = "snake_case")]
pub enum NegativeStock {
    /// Accepted and flagged (the default: a paid sale is a fact).
    Flag,
    /// Rejected.
    Reject,
}

impl NegativeStock {
    fn as_str(self) -> &'static str {
        match self {
            NegativeStock::Flag => "flag",
            NegativeStock::Reject => "reject",
        }
    }
}

/// A tenant (one shop).
#[derive(Clone, Debug, Serialize)]
pub struct Tenant {
    /// Its id.
    pub tenant_id: Uuid,
    /// Its name.
    pub name: String,
    /// Its ledger epoch.
    pub ledger_epoch: Uuid,
    /// Its policy for sales below zero.
    pub negative_stock: NegativeStock,
}

/// A fresh enrollment code.
#[derive(Clone, Debug, Serialize)]
pub struct EnrollCode {
    /// The code to type on the counter (shown only now).
    pub code: String,
    /// The tenant it enrolls into.
    pub tenant_id: Uuid,
    /// The name the device will get.
    pub device_name: String,
    /// When it stops working.
    pub expires_at: DateTime<Utc>,
}

/// An enrolled device.
#[derive(Clone, Debug, Serialize)]
pub struct Device {
    /// Its id.
    pub device_id: Uuid,
    /// Its tenant.
    pub tenant_id: Uuid,
    /// Its name.
    pub name: String,
    /// The last `device_seq` received from it.
    pub head_device_seq: i64,
    /// Whether it was revoked.
    pub revoked: bool,
    /// When it enrolled.
    pub enrolled_at: DateTime<Utc>,
    /// When it last pushed events.
    pub last_seen_at: Option<DateTime<Utc>>,
}

/// Creates a tenant with its counter row and a fresh ledger epoch.
pub async fn create_tenant(
    client: &mut tokio_postgres::Client,
    name: &str,
    policy: NegativeStock,
) -> Result<Tenant, ServerError> {
    let tenant = Tenant {
        tenant_id: Uuid::now_v7(),
        name: name.to_string(),
        ledger_epoch: Uuid::now_v7(),
        negative_stock: policy,
    };
    let tx = client.transaction().await?;
    tx.execute(
        "INSERT INTO tenants (tenant_id, name, ledger_epoch, negative_stock_policy)
         VALUES ($1, $2, $3, $4)",
        &[
            &tenant.tenant_id,
            &tenant.name,
            &tenant.ledger_epoch,
            &policy.as_str(),
        ],
    )
    .await?;
    tx.execute(
        "INSERT INTO tenant_counters (tenant_id) VALUES ($1)",
        &[&tenant.tenant_id],
    )
    .await?;
    tx.commit().await?;
    Ok(tenant)
}

/// Sets a tenant's policy for sales that take stock below zero.
pub async fn set_policy(
    client: &impl GenericClient,
    tenant_id: Uuid,
    policy: NegativeStock,
) -> Result<Tenant, ServerError> {
    let row = client
        .query_opt(
            "UPDATE tenants SET negative_stock_policy = $2 WHERE tenant_id = $1
             RETURNING name, ledger_epoch",
            &[&tenant_id, &policy.as_str()],
        )
        .await?
        .ok_or_else(|| no_tenant(tenant_id))?;
    Ok(Tenant {
        tenant_id,
        name: row.get(0),
        ledger_epoch: row.get(1),
        negative_stock: policy,
    })
}

/// Gives a tenant a new ledger epoch. Run it after restoring the database
/// from a backup: every counter then gets 410 once, sends all its events
/// again (the ledger keeps each once) and reads the ledger from the start.
pub async fn new_epoch(
    client: &impl GenericClient,
    tenant_id: Uuid,
) -> Result<Tenant, ServerError> {
    let row = client
        .query_opt(
            "UPDATE tenants SET ledger_epoch = $2 WHERE tenant_id = $1
             RETURNING name, ledger_epoch, negative_stock_policy",
            &[&tenant_id, &Uuid::now_v7()],
        )
        .await?
        .ok_or_else(|| no_tenant(tenant_id))?;
    let negative_stock = match row.get::<_, &str>(2) {
        "reject" => NegativeStock::Reject,
        _ => NegativeStock::Flag,
    };
    Ok(Tenant {
        tenant_id,
        name: row.get(0),
        ledger_epoch: row.get(1),
        negative_stock,
    })
}

fn no_tenant(tenant_id: Uuid) -> ServerError {
    ServerError::NotFound(format!(
        "no tenant {tenant_id}: create one with `galla-server tenant create --name NAME`"
    ))
}

/// Makes a single-use code for `device_name`, valid for 24 hours.
pub async fn create_enroll_code(
    client: &impl GenericClient,
    tenant_id: Uuid,
    device_name: &str,
) -> Result<EnrollCode, ServerError> {
    let exists = client
        .query_opt("SELECT 1 FROM tenants WHERE tenant_id = $1", &[&tenant_id])
        .await?;
    if exists.is_none() {
        return Err(no_tenant(tenant_id));
    }
    let code = new_enroll_code()?;
    let expires_at = Utc::now() + Duration::hours(ENROLL_CODE_TTL_HOURS);
    client
        .execute(
            "INSERT INTO enroll_codes (code_hash, tenant_id, device_name, expires_at)
             VALUES ($1, $2, $3, $4)",
            &[
                &hash_secret(&normalize_code(&code)),
                &tenant_id,
                &device_name,
                &expires_at,
            ],
        )
        .await?;
    Ok(EnrollCode {
        code,
        tenant_id,
        device_name: device_name.to_string(),
        expires_at,
    })
}

const DEVICE_COLUMNS: &str =
    "device_id, tenant_id, name, head_device_seq, revoked, enrolled_at, last_seen_at";

fn device(r: &tokio_postgres::Row) -> Device {
    Device {
        device_id: r.get(0),
        tenant_id: r.get(1),
        name: r.get(2),
        head_device_seq: r.get(3),
        revoked: r.get(4),
        enrolled_at: r.get(5),
        last_seen_at: r.get(6),
    }
}

/// The tenant's devices, oldest first.
pub async fn list_devices(
    client: &impl GenericClient,
    tenant_id: Uuid,
) -> Result<Vec<Device>, ServerError> {
    let rows = client
        .query(
            &format!(
                "SELECT {DEVICE_COLUMNS} FROM devices WHERE tenant_id = $1 ORDER BY enrolled_at, device_id"
            ),
            &[&tenant_id],
        )
        .await?;
    Ok(rows.iter().map(device).collect())
}

/// Revokes a device: its token stops working at once (403).
pub async fn revoke_device(
    client: &impl GenericClient,
    tenant_id: Uuid,
    device_id: Uuid,
) -> Result<Device, ServerError> {
    let row = client
        .query_opt(
            &format!(
                "UPDATE devices SET revoked = true, revoked_at = coalesce(revoked_at, now())
                  WHERE tenant_id = $1 AND device_id = $2 RETURNING {DEVICE_COLUMNS}"
            ),
            &[&tenant_id, &device_id],
        )
        .await?
        .ok_or_else(|| no_device(tenant_id, device_id))?;
    Ok(device(&row))
}

/// How long `devices replace` leaves a counter open to be taken over.
pub const REPLACE_WINDOW_HOURS: i32 = 24;

/// Lets the next enrollment with this device id (within
/// [`REPLACE_WINDOW_HOURS`]) take the counter over, keeping its sequence —
/// for a counter whose token was lost or whose PC was replaced from a copy
/// of its database. Without this only the device's current token can.
pub async fn replace_device(
    client: &impl GenericClient,
    tenant_id: Uuid,
    device_id: Uuid,
) -> Result<Device, ServerError> {
    let row = client
        .query_opt(
            &format!(
                "UPDATE devices SET replace_allowed_until = now() + make_interval(hours => $3)
                  WHERE tenant_id = $1 AND device_id = $2 RETURNING {DEVICE_COLUMNS}"
            ),
            &[&tenant_id, &device_id, &REPLACE_WINDOW_HOURS],
        )
        .await?
        .ok_or_else(|| no_device(tenant_id, device_id))?;
    Ok(device(&row))
}

fn no_device(tenant_id: Uuid, device_id: Uuid) -> ServerError {
    ServerError::NotFound(format!(
        "tenant {tenant_id} has no device {device_id} (see `galla-server devices list --tenant {tenant_id}`)"
    ))
}
