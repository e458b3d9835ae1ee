//! Request and response bodies of the five endpoints (DESIGN §4): enroll,
//! status, push (with one [`EventResult`] per event) and pull. Tenant and
//! device never appear in a request as authority: the server takes them from
//! the bearer token, and an optional `device_id` in a push is only checked.

use chrono::{DateTime, Utc};
use galla_domain::{DeviceId, EventId};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::codes::ErrorCode;
use crate::event::{PulledEvent, WireEvent};

/// `POST /v1/devices/enroll`: a counter registers its own device id.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EnrollRequest {
    /// The single-use code an administrator made (`galla-server enroll-code`).
    pub code: String,
    /// The counter's own device id (made by its database).
    pub device_id: DeviceId,
    /// The counter's current token, when it has one: proves that this is
    /// the enrolled counter itself (re-enrolling keeps its id), not a copy
    /// of its database.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub device_token: Option<String>,
}

/// The answer to an enrollment: the token is shown only this once.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EnrollResponse {
    /// The shop the counter now belongs to.
    pub tenant_id: Uuid,
    /// The enrolled device: the one sent, or a new id when the one sent
    /// already belongs to an enrolled counter of the shop and the request
    /// could not prove to be that counter (a copy of its database).
    pub device_id: DeviceId,
    /// The name the administrator gave the counter.
    pub device_name: String,
    /// The bearer token for every later request (64 hex digits, 256 bits).
    pub device_token: String,
    /// The ledger's current epoch.
    pub ledger_epoch: Uuid,
    /// The server's clock, for skew estimates.
    pub server_time: DateTime<Utc>,
}

/// The protocol versions a server accepts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProtocolRange {
    /// Oldest accepted.
    pub min: u32,
    /// Newest accepted.
    pub max: u32,
}

/// `GET /v1/sync/status`: a cheap probe.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatusResponse {
    /// The token's tenant.
    pub tenant_id: Uuid,
    /// The token's device.
    pub device_id: DeviceId,
    /// The ledger's epoch; a change means "re-push and re-pull from zero".
    pub ledger_epoch: Uuid,
    /// The tenant's last `server_seq` (0 when empty).
    pub head: u64,
    /// The last `device_seq` the server has from this device.
    pub device_head: u64,
    /// The server's clock.
    pub server_time: DateTime<Utc>,
    /// Protocol versions accepted.
    pub protocol: ProtocolRange,
}

/// `POST /v1/sync/push`: up to 500 of the device's own events in `device_seq` order.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PushRequest {
    /// The epoch the client last saw; a different one gets 410.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ledger_epoch: Option<Uuid>,
    /// Checked against the token's device when present (403 if different).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub device_id: Option<DeviceId>,
    /// The events.
    pub events: Vec<WireEvent>,
}

/// The answer to a push, sent after COMMIT.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PushResponse {
    /// The ledger's epoch.
    pub ledger_epoch: Uuid,
    /// The server's clock.
    pub server_time: DateTime<Utc>,
    /// The last `device_seq` the server now has from this device.
    pub device_head: u64,
    /// One result per pushed event, in the order sent.
    pub results: Vec<EventResult>,
}

/// What happened to one pushed event.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EventResult {
    /// The event.
    pub event_id: EventId,
    /// Its `device_seq` as sent.
    pub device_seq: u64,
    /// The verdict.
    #[serde(flatten)]
    pub outcome: Outcome,
}

/// A per-event verdict, tagged by `status` on the wire.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum Outcome {
    /// Applied and given its place in the ledger.
    Accepted {
        /// Its place.
        server_seq: u64,
    },
    /// Already stored with the same content: the original outcome again.
    Duplicate {
        /// Its place.
        server_seq: u64,
        /// Set when the original was flagged.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        code: Option<ErrorCode>,
        /// The flag in words.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        message: Option<String>,
    },
    /// Applied, but it broke a soft rule; shown under "needs attention".
    AcceptedFlagged {
        /// Its place.
        server_seq: u64,
        /// Which rule.
        code: ErrorCode,
        /// The rule in words.
        message: String,
    },
    /// Refused for good; the server keeps it and answers the same on replay.
    Rejected {
        /// Why.
        code: ErrorCode,
        /// Why, in words.
        message: String,
    },
    /// Not processed: send it again later (after the gap is filled).
    Deferred {
        /// `GAP`, `LOCKED` or `SERVER_TOO_OLD`.
        reason: ErrorCode,
        /// The `device_seq` the server expects next, for a gap.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        expected_device_seq: Option<u64>,
    },
}

impl Outcome {
    /// The ledger position, when the event is in the ledger.
    pub fn server_seq(&self) -> Option<u64> {
        match self {
            Outcome::Accepted { server_seq }
            | Outcome::Duplicate { server_seq, .. }
            | Outcome::AcceptedFlagged { server_seq, .. } => Some(*server_seq),
            Outcome::Rejected { .. } | Outcome::Deferred { .. } => None,
        }
    }
}

/// `GET /v1/sync/pull` query parameters.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PullQuery {
    /// Return events with `server_seq` greater than this (0 for all).
    #[serde(default)]
    pub after: u64,
    /// Page size (default 500, at most 1000).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit: Option<u32>,
    /// Seconds to wait for new events when there are none (at most 25).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub wait: Option<u32>,
    /// The epoch the client last saw; a different one gets 410.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub epoch: Option<Uuid>,
    /// Leave out the asking device's own events (it has them, and learns
    /// their verdicts from push results); the cursor still moves past them.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub others_only: bool,
}

/// A page of the tenant's ledger.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PullResponse {
    /// The ledger's epoch.
    pub ledger_epoch: Uuid,
    /// Accepted and flagged events after the cursor, in `server_seq` order.
    pub events: Vec<PulledEvent>,
    /// The cursor for the next pull.
    pub next_after: u64,
    /// Whether more events follow right away.
    pub has_more: bool,
    /// The tenant's last `server_seq`.
    pub head: u64,
}

#[cfg(test)]
mod tests;
