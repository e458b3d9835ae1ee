//! The client half of sync (DESIGN §4): enrollment, the token file, the
//! one-syncer-per-database lock, and the sync task that drains the outbox
//! and pulls the other counters' events. The task runs on its own thread
//! with its own connection, so nothing here can block billing or the UI;
//! it reports only through a `watch` snapshot.

mod client;
mod commands;
mod engine;
mod enroll;
mod snapshot;
mod task;

use std::path::{Path, PathBuf};
use std::time::Duration;

pub use client::{Client, Failure};
pub use commands::{SyncMode, enroll_command, sync_command};
pub use engine::Engine;
pub use enroll::{Enrolled, SyncLock, enroll, is_enrolled, read_token, token_path};
pub use snapshot::{SyncSnapshot, SyncState, age_words};
pub use task::{SyncHandle, SyncNudge, run_once, spawn};

use crate::store::StoreError;

/// What can stop a sync command, in words.
#[derive(Debug, thiserror::Error)]
pub enum SyncError {
    /// The server refused, failed or could not be reached.
    #[error("{0}")]
    Failure(#[from] Failure),
    /// The local database failed.
    #[error("{0}")]
    Store(#[from] StoreError),
    /// The database was never enrolled with a server.
    #[error(
        "this counter is not enrolled with a sync server: run `galla enroll --db {0} --server URL --code CODE`"
    )]
    NotEnrolled(String),
    /// The database was restored from a backup older than what the server
    /// holds of this counter's own events.
    #[error(
        "this counter was restored from a backup that lacks {0} of its own events the server has: \
         enroll it again with a new code (`galla enroll`) — it becomes a new counter and fetches them back"
    )]
    RestoredBehind(u64),
    /// Another process syncs this database.
    #[error("another galla is already syncing {0}")]
    Locked(String),
    /// A file beside the database could not be read or written.
    #[error("cannot use {path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
}

/// Settings of one database's sync task.
#[derive(Clone, Debug)]
pub struct SyncConfig {
    /// The shop database.
    pub db: PathBuf,
    /// The server's base address (`http://host:port`).
    pub server: String,
    /// How long to wait for a connection (5 s).
    pub connect_timeout: Duration,
    /// How long to wait for an answer (30 s; long-polls add their wait).
    pub request_timeout: Duration,
    /// First retry delay after a failure (1 s).
    pub backoff_min: Duration,
    /// Longest retry delay (60 s).
    pub backoff_max: Duration,
    /// Events per push (at most 500).
    pub push_batch: usize,
    /// Events per pull page (at most 1000).
    pub pull_limit: u32,
    /// Long-poll wait in seconds when idle (25; 0 polls every `idle_every`).
    pub long_poll: u32,
    /// How often an idle task looks for news without long-polling (15 s).
    pub idle_every: Duration,
    /// How often an idle task checks the database for new local events.
    pub local_check: Duration,
}

impl SyncConfig {
    /// The production settings for `db` syncing with `server`.
    pub fn new(db: &Path, server: &str) -> SyncConfig {
        SyncConfig {
            db: db.to_path_buf(),
            server: server.trim_end_matches('/').to_string(),
            connect_timeout: Duration::from_secs(5),
            request_timeout: Duration::from_secs(30),
            backoff_min: Duration::from_secs(1),
            backoff_max: Duration::from_secs(60),
            push_batch: galla_proto::limits::MAX_PUSH_EVENTS,
            pull_limit: galla_proto::limits::MAX_PULL_LIMIT,
            long_poll: galla_proto::limits::MAX_PULL_WAIT_SECS,
            idle_every: Duration::from_secs(15),
            local_check: Duration::from_millis(250),
        }
    }
}
