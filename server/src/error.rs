//! The two error types: [`ServerError`] for admin commands and start-up
//! (shown to the operator), and [`ApiError`] for requests, which becomes a
//! status code and an `ErrorBody` the client acts on. Messages are written
//! for the person reading them, not for the programmer.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use galla_proto::{ErrorBody, ErrorCode};
use uuid::Uuid;

/// A failure of an admin command or of start-up.
#[derive(Debug, thiserror::Error)]
pub enum ServerError {
    /// No database URL was given.
    #[error("no database given: pass --database-url URL or set DATABASE_URL")]
    NoDatabaseUrl,
    /// The database URL could not be read.
    #[error("the database URL is not valid: {0}")]
    BadUrl(String),
    /// PostgreSQL answered with an error.
    #[error("database error: {0}")]
    Db(#[from] tokio_postgres::Error),
    /// No connection could be had from the pool.
    #[error("cannot connect to the database: {0}")]
    Pool(#[from] deadpool_postgres::PoolError),
    /// A shipped migration was changed after it was applied.
    #[error(
        "migration {0} was changed after it was applied to this database; shipped migrations must never be edited"
    )]
    MigrationEdited(String),
    /// The database schema is older or newer than this build.
    #[error(
        "the database schema is at version {found}, this galla-server needs {wanted}: run `galla-server migrate`"
    )]
    SchemaOutdated {
        /// Version found.
        found: i32,
        /// Version needed.
        wanted: i32,
    },
    /// Something named on the command line does not exist.
    #[error("{0}")]
    NotFound(String),
    /// The operating system's random source failed.
    #[error("could not get random bytes from the operating system: {0}")]
    Random(String),
    /// The listening socket or the server failed.
    #[error("server failed: {0}")]
    Io(#[from] std::io::Error),
}

/// A failed request, as the client will see it.
#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    /// The body or query is not what the endpoint takes (400).
    #[error("{0}")]
    Malformed(String),
    /// Missing or unknown token (401).
    #[error(
        "this counter is not signed in to the server (missing or unknown token): enroll it again"
    )]
    TokenInvalid,
    /// The device was revoked (403).
    #[error("this counter was removed from the shop by an administrator: enroll it again")]
    DeviceRevoked,
    /// The body names another device (403).
    #[error("the request names device {0}, but the token belongs to another device")]
    DeviceMismatch(Uuid),
    /// An enrollment code problem (403).
    #[error("{1}")]
    EnrollCode(ErrorCode, String),
    /// The ledger epoch differs from the client's (410).
    #[error("the server's ledger was reset or restored: push everything again and pull from zero")]
    EpochChanged(Uuid),
    /// The pull cursor is past the head (410).
    #[error(
        "the pull cursor {after} is ahead of the server's ledger (head {head}): pull from zero"
    )]
    CursorAhead {
        /// The client's cursor.
        after: u64,
        /// The server's head.
        head: u64,
        /// The ledger epoch.
        epoch: Uuid,
    },
    /// Too many events or bytes (413).
    #[error("{0}")]
    TooLarge(String),
    /// Protocol version outside the accepted range (426).
    #[error("{0}")]
    Protocol(String),
    /// Rate limit (429).
    #[error("too many requests from this counter: wait {0} s")]
    RateLimited(u64),
    /// The database cannot be reached (503).
    #[error("the server cannot reach its database right now: try again shortly")]
    Unavailable,
    /// No such endpoint (404).
    #[error("no such endpoint")]
    NotFound,
    /// A bug or database failure (500).
    #[error("the server failed to handle this request; it was logged")]
    Internal,
}

impl ApiError {
    /// The HTTP status and wire code.
    pub fn status_and_code(&self) -> (StatusCode, ErrorCode) {
        use ApiError as E;
        match self {
            E::Malformed(_) => (StatusCode::BAD_REQUEST, ErrorCode::Malformed),
            E::TokenInvalid => (StatusCode::UNAUTHORIZED, ErrorCode::TokenInvalid),
            E::DeviceRevoked => (StatusCode::FORBIDDEN, ErrorCode::DeviceRevoked),
            E::DeviceMismatch(_) => (StatusCode::FORBIDDEN, ErrorCode::DeviceMismatch),
            E::EnrollCode(code, _) => (StatusCode::FORBIDDEN, *code),
            E::EpochChanged(_) => (StatusCode::GONE, ErrorCode::EpochChanged),
            E::CursorAhead { .. } => (StatusCode::GONE, ErrorCode::CursorAhead),
            E::TooLarge(_) => (StatusCode::PAYLOAD_TOO_LARGE, ErrorCode::TooLarge),
            E::Protocol(_) => (StatusCode::UPGRADE_REQUIRED, ErrorCode::ProtocolUnsupported),
            E::RateLimited(_) => (StatusCode::TOO_MANY_REQUESTS, ErrorCode::RateLimited),
            E::Unavailable => (StatusCode::SERVICE_UNAVAILABLE, ErrorCode::Unavailable),
            E::NotFound => (StatusCode::NOT_FOUND, ErrorCode::NotFound),
            E::Internal => (StatusCode::INTERNAL_SERVER_ERROR, ErrorCode::Internal),
        }
    }
}

impl From<tokio_postgres::Error> for ApiError {
    fn from(e: tokio_postgres::Error) -> Self {
        if e.is_closed() {
            tracing::warn!(error = %e, "database connection lost");
            return ApiError::Unavailable;
        }
        // Only what names the failure: a server error's message or detail
        // may quote a row ("Failing row contains ..."), i.e. a payload with
        // names and phone numbers, and no log line may carry one.
        match e.as_db_error() {
            Some(db) => tracing::error!(
                sqlstate = db.code().code(),
                table = db.table().unwrap_or("-"),
                constraint = db.constraint().unwrap_or("-"),
                "database error"
            ),
            // Not from the server (I/O, encoding): names no row.
            None => tracing::error!(error = %e, "database error"),
        }
        ApiError::Internal
    }
}

impl From<deadpool_postgres::PoolError> for ApiError {
    fn from(e: deadpool_postgres::PoolError) -> Self {
        tracing::warn!(error = %e, "no database connection");
        ApiError::Unavailable
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let (status, code) = self.status_and_code();
        let ledger_epoch = match &self {
            ApiError::EpochChanged(epoch) | ApiError::CursorAhead { epoch, .. } => Some(*epoch),
            _ => None,
        };
        let retry_after = match &self {
            ApiError::RateLimited(secs) => Some(*secs),
            ApiError::Unavailable => Some(1),
            _ => None,
        };
        let body = ErrorBody {
            code,
            message: self.to_string(),
            ledger_epoch,
        };
        let mut response = (status, axum::Json(body)).into_response();
        if let Some(secs) = retry_after {
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(secs));
        }
        response
    }
}
