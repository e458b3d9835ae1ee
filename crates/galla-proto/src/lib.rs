//! galla's sync protocol on the wire (DESIGN §4): the JSON bodies of enroll,
//! status, push and pull, the per-event results and error codes, the protocol
//! version and the limits both sides enforce. Plain serde types shared by the
//! client and `galla-server`; no HTTP, no storage, no validation logic here.

pub mod codes;
pub mod event;
pub mod messages;

pub use codes::{ErrorBody, ErrorCode};
pub use event::{LedgerStatus, PulledEvent, WireEvent, canonical_json};
pub use messages::{
    EnrollRequest, EnrollResponse, EventResult, Outcome, ProtocolRange, PullQuery, PullResponse,
    PushRequest, PushResponse, StatusResponse,
};

/// The protocol version this build speaks, sent as `X-Protocol-Version`.
pub const PROTOCOL_VERSION: u32 = 1;

/// The oldest protocol version a server of this build still accepts.
pub const MIN_PROTOCOL_VERSION: u32 = 1;

/// The request header that carries the protocol version.
pub const PROTOCOL_HEADER: &str = "x-protocol-version";

/// Sizes and counts both sides keep to (research note §6.8).
pub mod limits {
    /// Most events in one push.
    pub const MAX_PUSH_EVENTS: usize = 500;
    /// Largest push body in bytes (1 MiB); larger gets 413.
    pub const MAX_PUSH_BYTES: usize = 1024 * 1024;
    /// Largest single event (its JSON) in bytes (64 KiB).
    pub const MAX_EVENT_BYTES: usize = 64 * 1024;
    /// Pull page size when the client does not say.
    pub const DEFAULT_PULL_LIMIT: u32 = 500;
    /// Largest pull page.
    pub const MAX_PULL_LIMIT: u32 = 1000;
    /// Longest long-poll wait in seconds.
    pub const MAX_PULL_WAIT_SECS: u32 = 25;
    /// How long an enrollment code stays valid, in hours.
    pub const ENROLL_CODE_TTL_HOURS: i64 = 24;
}
