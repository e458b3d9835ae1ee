//! Error and result codes: one list for per-event outcomes (`ID_CONFLICT`,
//! `GAP`, ...) and whole-request failures (`TOKEN_INVALID`, ...), plus the JSON
//! body every non-200 answer carries. Unknown codes from a newer server read
//! as [`ErrorCode::Other`] so an old client never fails to parse an answer.

use serde::{Deserialize, Serialize};
use std::fmt;

/// A machine-readable reason, written in SCREAMING_SNAKE_CASE on the wire.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum ErrorCode {
    /// Same `event_id` already stored with different content; the original stays.
    IdConflict,
    /// This device already used this `device_seq` for a different event.
    SeqConflict,
    /// A `device_seq` is missing before this event; resend from the device head.
    Gap,
    /// The server was busy with this device or tenant; send again later.
    Locked,
    /// The payload does not match its type and schema version.
    SchemaInvalid,
    /// The event's type or schema version is newer than this server knows.
    ServerTooOld,
    /// The event would take stock below zero.
    NegativeStock,
    /// One event is larger than the per-event limit.
    EventTooLarge,
    /// The body is not a request the server understands.
    Malformed,
    /// The batch or body is over the limits; send fewer events.
    TooLarge,
    /// No bearer token, or one the server does not know.
    TokenInvalid,
    /// The device was revoked by an administrator.
    DeviceRevoked,
    /// The body names a device other than the token's.
    DeviceMismatch,
    /// The enrollment code is unknown.
    EnrollCodeInvalid,
    /// The enrollment code was already used.
    EnrollCodeUsed,
    /// The enrollment code is older than 24 hours.
    EnrollCodeExpired,
    /// No longer sent (device ids are per shop since schema 3); kept so an
    /// older server's answer is still understood.
    DeviceIdTaken,
    /// The server's ledger was reset or restored; re-push and re-pull from zero.
    EpochChanged,
    /// The pull cursor is ahead of the server's ledger (a restored server).
    CursorAhead,
    /// The client's protocol version is outside what the server accepts.
    ProtocolUnsupported,
    /// Too many requests from this device; wait for `Retry-After`.
    RateLimited,
    /// The server cannot reach its database; try again later.
    Unavailable,
    /// The path does not exist.
    NotFound,
    /// Something failed inside the server.
    Internal,
    /// A code this build does not know (sent by a newer peer).
    #[serde(other)]
    Other,
}

impl ErrorCode {
    /// The wire name (`"ID_CONFLICT"`).
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorCode::IdConflict => "ID_CONFLICT",
            ErrorCode::SeqConflict => "SEQ_CONFLICT",
            ErrorCode::Gap => "GAP",
            ErrorCode::Locked => "LOCKED",
            ErrorCode::SchemaInvalid => "SCHEMA_INVALID",
            ErrorCode::ServerTooOld => "SERVER_TOO_OLD",
            ErrorCode::NegativeStock => "NEGATIVE_STOCK",
            ErrorCode::EventTooLarge => "EVENT_TOO_LARGE",
            ErrorCode::Malformed => "MALFORMED",
            ErrorCode::TooLarge => "TOO_LARGE",
            ErrorCode::TokenInvalid => "TOKEN_INVALID",
            ErrorCode::DeviceRevoked => "DEVICE_REVOKED",
            ErrorCode::DeviceMismatch => "DEVICE_MISMATCH",
            ErrorCode::EnrollCodeInvalid => "ENROLL_CODE_INVALID",
            ErrorCode::EnrollCodeUsed => "ENROLL_CODE_USED",
            ErrorCode::EnrollCodeExpired => "ENROLL_CODE_EXPIRED",
            ErrorCode::DeviceIdTaken => "DEVICE_ID_TAKEN",
            ErrorCode::EpochChanged => "EPOCH_CHANGED",
            ErrorCode::CursorAhead => "CURSOR_AHEAD",
            ErrorCode::ProtocolUnsupported => "PROTOCOL_UNSUPPORTED",
            ErrorCode::RateLimited => "RATE_LIMITED",
            ErrorCode::Unavailable => "UNAVAILABLE",
            ErrorCode::NotFound => "NOT_FOUND",
            ErrorCode::Internal => "INTERNAL",
            ErrorCode::Other => "OTHER",
        }
    }

    /// Reads a stored or sent name; unknown names give [`ErrorCode::Other`].
    pub fn parse(name: &str) -> ErrorCode {
        serde_json::from_value(serde_json::Value::String(name.to_string()))
            .unwrap_or(ErrorCode::Other)
    }
}

impl fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The body of every answer that is not 200: a code for programs, a sentence
/// for people, and the ledger epoch when the answer is 410.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorBody {
    /// What went wrong, for programs.
    pub code: ErrorCode,
    /// What went wrong, for people.
    pub message: String,
    /// The server's current ledger epoch (sent with 410).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ledger_epoch: Option<uuid::Uuid>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_use_screaming_snake_case_and_parse_back() {
        for code in [
            ErrorCode::IdConflict,
            ErrorCode::SeqConflict,
            ErrorCode::Gap,
            ErrorCode::NegativeStock,
            ErrorCode::ProtocolUnsupported,
            ErrorCode::EnrollCodeExpired,
        ] {
            let json = serde_json::to_string(&code).expect("serialises");
            assert_eq!(json, format!("\"{}\"", code.as_str()));
            assert_eq!(ErrorCode::parse(code.as_str()), code);
        }
    }

    #[test]
    fn unknown_codes_read_as_other() {
        let code: ErrorCode = serde_json::from_str("\"SOMETHING_NEW\"").expect("parses");
        assert_eq!(code, ErrorCode::Other);
        assert_eq!(ErrorCode::parse("NOPE"), ErrorCode::Other);
    }

    #[test]
    fn error_body_omits_missing_epoch() {
        let body = ErrorBody {
            code: ErrorCode::TokenInvalid,
            message: "sign in again".into(),
            ledger_epoch: None,
        };
        let json = serde_json::to_string(&body).expect("serialises");
        assert_eq!(
            json,
            r#"{"code":"TOKEN_INVALID","message":"sign in again"}"#
        );
        let back: ErrorBody = serde_json::from_str(&json).expect("parses");
        assert_eq!(back, body);
    }
}
