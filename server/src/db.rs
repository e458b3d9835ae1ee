//! The connection pool (deadpool over tokio-postgres, no TLS: run the server
//! beside its database or behind a tunnel) and small conversions between
//! PostgreSQL's signed integers and the protocol's unsigned ones.

use std::str::FromStr;
use std::time::Duration;

use deadpool_postgres::{Manager, ManagerConfig, Pool, RecyclingMethod, Runtime};

use crate::error::ServerError;

/// A pool of at most `max_size` connections to `url`.
pub fn pool(url: &str, max_size: usize) -> Result<Pool, ServerError> {
    let config =
        tokio_postgres::Config::from_str(url).map_err(|e| ServerError::BadUrl(e.to_string()))?;
    let manager = Manager::from_config(
        config,
        tokio_postgres::NoTls,
        ManagerConfig {
            recycling_method: RecyclingMethod::Fast,
        },
    );
    Pool::builder(manager)
        .max_size(max_size)
        .runtime(Runtime::Tokio1)
        .wait_timeout(Some(Duration::from_secs(10)))
        .create_timeout(Some(Duration::from_secs(5)))
        .build()
        .map_err(|e| ServerError::BadUrl(e.to_string()))
}

/// A stored non-negative bigint as the protocol's `u64` (negatives read as 0).
pub fn to_u64(v: i64) -> u64 {
    u64::try_from(v).unwrap_or(0)
}

/// A protocol `u64` as a bigint (values past `i64::MAX` saturate).
pub fn to_i64(v: u64) -> i64 {
    i64::try_from(v).unwrap_or(i64::MAX)
}
