//! galla-server: the shop's sync server. A stateless axum service over
//! PostgreSQL keeping each tenant's append-only event ledger, its stock
//! projection, devices and enrollment codes (DESIGN §4). The binary's CLI
//! (`cli`) and the tests drive the same library functions.

pub mod admin;
pub mod api;
pub mod auth;
pub mod cli;
pub mod db;
pub mod enroll;
pub mod error;
pub mod migrate;
pub mod pull;
pub mod push;
pub mod ratelimit;

pub use api::{AppState, ServeConfig, router};
pub use error::{ApiError, ServerError};
