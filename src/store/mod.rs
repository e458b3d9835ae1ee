//! The local SQLite event store: one file, WAL, `synchronous=FULL`, append-only
//! events, an outbox for sync, and projections updated in the same
//! transaction as each append. Only this module uses rusqlite. It never
//! talks to the terminal or the network.

mod access;
mod append;
mod audit;
mod backup;
mod billing;
mod bills;
mod cashbook;
mod catalogue;
mod check;
mod compact;
mod compact_bills;
mod compact_stock;
mod duplicates;
mod held;
mod identity;
mod import;
mod khata;
mod open_bill;
mod packed;
mod project;
mod projection;
mod quarantine;
mod query;
mod rebuild;
mod refused;
mod report;
mod report_catalogue;
mod report_items;
mod schema;
mod staff;
mod sync;
mod validate;
mod words;

pub use access::{Acting, Person, Refusal, keys as access_keys};
pub use append::Appended;
pub use audit::{AuditCursor, AuditFilter, AuditRow};
pub use backup::{events_missing, restore_into};
pub use bills::{BillRecord, ItemName};
pub use cashbook::{BookLine, DayBook, DayClose};
pub use catalogue::{HeldItem, PriceEntry};
pub use check::{CheckReport, check};
pub use duplicates::DUPLICATE;
pub use held::HeldBill;
pub use identity::Renamed;
pub use import::{ImportSummary, Imported};
pub use khata::{KhataLine, PartyRow};
pub use open_bill::OpenBill;
pub(crate) use project::enum_text;
pub use quarantine::KEPT_ASIDE;
pub use query::qty_json;
pub use query::{HistoryRow, SearchEntry, StockLevel, StockRow};
pub use report::{FastMap, ReportBillRow, SlotRow, TaxRow, series_of};
pub use report_catalogue::{CatalogueItem, NONE, ReportCatalogue, SharedCatalogue};
pub use report_items::ReceivedRow;
pub use staff::{MarkRow, StaffRow, StatusChange};
/// The schema version a fully migrated database is at.
pub const LATEST_SCHEMA: i64 = schema::LATEST;
pub use sync::{AttentionRow, OutboxCounts, PushTally, keys as sync_keys};

use galla_domain::{DecodeError, DeviceId};
use rusqlite::{Connection, OpenFlags, OptionalExtension};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// What can go wrong in the store, in words a shopkeeper can act on.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The file could not be opened or created.
    #[error("cannot open the shop database {path}: {}", words::sqlite_words(cause))]
    Open {
        /// The file.
        path: PathBuf,
        /// Why (said in words by the message; not a `source`, so that the
        /// cause is not printed a second time).
        cause: rusqlite::Error,
    },
    /// The schema could not be brought up to date.
    #[error("cannot update the database {path} to this galla's format: {message}")]
    Migrate {
        /// The file.
        path: PathBuf,
        /// Why.
        message: String,
    },
    /// A write was attempted by a read-only galla.
    #[error("galla was started read-only (--read-only): nothing can be changed here")]
    ReadOnly,
    /// The event breaks a rule (unknown variant, bad quantity ...).
    #[error("{0}")]
    Invalid(String),
    /// The person acting may not record this (see `access`).
    #[error("{0}")]
    NotAllowed(Box<Refusal>),
    /// A stored payload could not be read.
    #[error("event #{seq} cannot be read: {source}")]
    Decode {
        /// Its local sequence number.
        seq: i64,
        /// Why.
        source: DecodeError,
    },
    /// Any other SQLite failure.
    #[error("the shop database failed: {}", words::sqlite_words(.0))]
    Sqlite(rusqlite::Error),
}

impl From<rusqlite::Error> for StoreError {
    fn from(e: rusqlite::Error) -> StoreError {
        StoreError::Sqlite(e)
    }
}

/// Shorthand for store results.
pub type Result<T> = std::result::Result<T, StoreError>;

/// How to open the file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Access {
    /// Read and write; creates the file and its device id if missing.
    ReadWrite,
    /// Reads only (staff over SSH): the file must exist; every write fails.
    ReadOnly,
}

/// An open shop database.
pub struct Store {
    conn: Connection,
    device_id: DeviceId,
    access: Access,
    path: PathBuf,
    acting: Acting,
    refusal: Option<Refusal>,
    /// The reports' catalogue as last read, with the catalogue version it
    /// was read at (see `report_catalogue`).
    catalogue: std::cell::RefCell<Option<(i64, report_catalogue::SharedCatalogue)>>,
    /// Inside [`Store::bulk`]: the sums of every batch appended so far,
    /// written when it ends (see `projection::sums`).
    bulk_sums: Option<projection::sums::Sums>,
    /// Inside [`Store::bulk`]: the items its committed batches found in the
    /// catalogue (see `validate::Known`). Only appends run inside a bulk
    /// run, and appending never takes an item out of the catalogue.
    bulk_known: Option<validate::Known>,
}

/// How many pages the write-ahead log holds before SQLite copies it into
/// the file (its default is 1,000).
const WAL_CHECKPOINT_PAGES: i64 = 4_000;

/// Prepared statements kept per connection.
const STATEMENT_CACHE: usize = 256;

/// How long a writer waits for another process's transaction.
const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

impl Store {
    /// Opens (and with `ReadWrite`, creates and migrates) the database at `path`.
    pub fn open(path: &Path, access: Access) -> Result<Store> {
        let open_err = |cause| StoreError::Open {
            path: path.to_path_buf(),
            cause,
        };
        let flags = match access {
            Access::ReadWrite => OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_CREATE,
            // WAL readers still need to write the -shm index, so the file is
            // opened read-write and `query_only` forbids changes.
            Access::ReadOnly => OpenFlags::SQLITE_OPEN_READ_WRITE,
        } | OpenFlags::SQLITE_OPEN_NO_MUTEX
            | OpenFlags::SQLITE_OPEN_URI;
        if access == Access::ReadOnly && !path.exists() {
            return Err(StoreError::Invalid(format!(
                "there is no shop database at {} — check --db",
                path.display()
            )));
        }
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|e| {
                StoreError::Invalid(format!(
                    "cannot create the folder {} for the database: {e}",
                    dir.display()
                ))
            })?;
        }
        let mut conn = Connection::open_with_flags(path, flags).map_err(open_err)?;
        conn.busy_timeout(BUSY_TIMEOUT).map_err(open_err)?;
        match access {
            // The journal mode is kept in the file: only a writer sets it.
            Access::ReadWrite => conn
                .pragma_update(None, "journal_mode", "WAL")
                .map_err(open_err)?,
            Access::ReadOnly => {
                if let Err(e) = conn.query_row("SELECT COUNT(*) FROM sqlite_master", [], |_| Ok(()))
                {
                    conn = Self::open_unwritable(path, e).map_err(open_err)?;
                }
            }
        }
        conn.pragma_update(None, "synchronous", "FULL")
            .map_err(open_err)?;
        conn.pragma_update(None, "foreign_keys", "ON")
            .map_err(open_err)?;
        // A bill save writes a dozen pages to the log; at SQLite's default
        // (copy the log into the file every 1,000 pages) one save in about
        // seventy paid for the copy. Every 4,000 pages (a 16 MB log) it is
        // one in a few hundred: the same work, in fewer, larger steps.
        conn.pragma_update(None, "wal_autocheckpoint", WAL_CHECKPOINT_PAGES)
            .map_err(open_err)?;
        packed::register(&conn).map_err(open_err)?;
        // Appending a sale runs more different statements (the event, the
        // outbox, every projection) than rusqlite's default cache of 16
        // holds, so they pushed each other out and were parsed again.
        conn.set_prepared_statement_cache_capacity(STATEMENT_CACHE);
        match access {
            Access::ReadWrite => {
                let before: i64 = conn
                    .query_row("PRAGMA user_version", [], |r| r.get(0))
                    .map_err(open_err)?;
                schema::migrations()
                    .to_latest(&mut conn)
                    .map_err(|e| StoreError::Migrate {
                        path: path.to_path_buf(),
                        message: e.to_string(),
                    })?;
                // Rewriting the events (V15 packs them, V17 numbers their
                // ids) leaves the old rows' pages free: the file is
                // rewritten once so it shrinks on disk too.
                if (1..17).contains(&before) {
                    conn.execute_batch("VACUUM").map_err(open_err)?;
                }
            }
            Access::ReadOnly => {
                let version: i64 = conn
                    .query_row("PRAGMA user_version", [], |r| r.get(0))
                    .map_err(open_err)?;
                if version != schema::LATEST {
                    return Err(StoreError::Migrate {
                        path: path.to_path_buf(),
                        message: format!(
                            "it was written by an older galla (format {version}, this one needs {}): start galla on it once, or run any command that records something, to bring it up to date",
                            schema::LATEST
                        ),
                    });
                }
                conn.pragma_update(None, "query_only", "ON")
                    .map_err(open_err)?;
            }
        }
        let device_id = match Self::read_device_id(&conn)? {
            Some(id) => id,
            None if access == Access::ReadWrite => Self::create_device_id(&conn)?,
            None => {
                return Err(StoreError::Invalid(format!(
                    "{} is not a galla database (it has no device id)",
                    path.display()
                )));
            }
        };
        let mut store = Store {
            conn,
            device_id,
            access,
            path: path.to_path_buf(),
            acting: Acting::default(),
            refusal: None,
            catalogue: Default::default(),
            bulk_sums: None,
            bulk_known: None,
        };
        if access == Access::ReadWrite {
            store.retry_quarantined()?;
        }
        Ok(store)
    }

    /// Reading a database this user may not write, in a folder it may not
    /// write either (staff over SSH as another user, no counter running):
    /// the WAL index cannot be made, so the file is read as it is on disk
    /// (`immutable`), which is exact while no counter writes. Any other
    /// failure is passed on.
    fn open_unwritable(path: &Path, first: rusqlite::Error) -> rusqlite::Result<Connection> {
        use rusqlite::ErrorCode as E;
        let unwritable = matches!(
            first.sqlite_error_code(),
            Some(E::ReadOnly | E::CannotOpen | E::PermissionDenied)
        );
        if !unwritable {
            return Err(first);
        }
        let text = path.to_string_lossy();
        let escaped = text
            .replace('%', "%25")
            .replace('?', "%3f")
            .replace('#', "%23");
        let conn = Connection::open_with_flags(
            format!("file:{escaped}?immutable=1"),
            OpenFlags::SQLITE_OPEN_READ_ONLY
                | OpenFlags::SQLITE_OPEN_URI
                | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        conn.query_row("SELECT COUNT(*) FROM sqlite_master", [], |_| Ok(()))?;
        Ok(conn)
    }

    fn read_device_id(conn: &Connection) -> Result<Option<DeviceId>> {
        let text: Option<String> = conn
            .query_row("SELECT value FROM meta WHERE key = 'device_id'", [], |r| {
                r.get(0)
            })
            .optional()?;
        text.map(|t| {
            t.parse().map_err(|_| {
                StoreError::Invalid(format!("the stored device id {t:?} is not a UUID"))
            })
        })
        .transpose()
    }

    fn create_device_id(conn: &Connection) -> Result<DeviceId> {
        let id = DeviceId::new();
        // INSERT OR IGNORE: a second process may have created it first.
        conn.execute(
            "INSERT OR IGNORE INTO meta (key, value) VALUES ('device_id', ?1)",
            [id.to_string()],
        )?;
        Self::read_device_id(conn)?
            .ok_or_else(|| StoreError::Invalid("the device id could not be stored".into()))
    }

    /// This database's device id (made when the file was created).
    pub fn device_id(&self) -> DeviceId {
        self.device_id
    }

    /// Whether writes are refused.
    pub fn is_read_only(&self) -> bool {
        self.access == Access::ReadOnly
    }

    /// The file this store is on.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// A number that changes whenever another connection commits; polled to
    /// refresh screens of a second process (staff over SSH).
    pub fn data_version(&self) -> Result<i64> {
        Ok(self
            .conn
            .query_row("PRAGMA data_version", [], |r| r.get(0))?)
    }

    /// Runs `f` set up for writing a whole shop at once (the demo
    /// generator): a 128 MiB page cache instead of SQLite's 2 MiB, no
    /// fsync per batch, and the summed rows (stock, cash drawers, report
    /// sums) of every `append_batch` kept in memory and written once at the
    /// end (or whenever they grow past a bound), then one durable checkpoint. Only for a new file that is thrown
    /// away if this fails part-way, as a half-made demo is; every other
    /// write stays durable when it returns. `f` must not read the summed
    /// tables: they are behind until it returns.
    pub fn bulk<T>(&mut self, f: impl FnOnce(&mut Store) -> Result<T>) -> Result<T> {
        if self.is_read_only() {
            return Err(StoreError::ReadOnly);
        }
        if self.bulk_sums.is_some() {
            // Already inside `bulk`: the outer one writes the sums.
            return f(self);
        }
        let cache: i64 = self.conn.query_row("PRAGMA cache_size", [], |r| r.get(0))?;
        self.conn.pragma_update(None, "cache_size", -131_072)?;
        self.conn.pragma_update(None, "synchronous", "OFF")?;
        self.bulk_sums = Some(Default::default());
        self.bulk_known = Some(Default::default());
        let out = f(self).and_then(|out| {
            self.write_bulk_sums()?;
            Ok(out)
        });
        self.bulk_sums = None;
        self.bulk_known = None;
        self.conn.pragma_update(None, "synchronous", "FULL")?;
        self.conn.pragma_update(None, "cache_size", cache)?;
        let out = out?;
        // Everything written goes to the main file and to disk before
        // anyone counts on it.
        self.conn
            .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))?;
        Ok(out)
    }

    /// The underlying connection, for benchmarks that compare against a bare commit.
    pub fn connection(&self) -> &Connection {
        &self.conn
    }
}

/// UTC timestamps are stored as RFC 3339 text with milliseconds, so they sort.
pub(crate) fn format_time(t: &chrono::DateTime<chrono::Utc>) -> String {
    // The same text as the format "%Y-%m-%dT%H:%M:%S%.3fZ", without
    // interpreting a format string on every append.
    t.to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}

/// An event's time as the events table keeps it (since schema 17): whole
/// milliseconds since 1970 UTC, the precision `format_time` always kept.
pub(crate) fn time_ms(t: &chrono::DateTime<chrono::Utc>) -> i64 {
    t.timestamp_millis()
}

/// Reads an event's stored time ([`time_ms`]) back.
pub(crate) fn time_of_ms(ms: i64) -> Option<chrono::DateTime<chrono::Utc>> {
    chrono::DateTime::from_timestamp_millis(ms)
}

/// Reads a stored timestamp.
pub(crate) fn parse_time(s: &str) -> Option<chrono::DateTime<chrono::Utc>> {
    chrono::DateTime::parse_from_rfc3339(s)
        .ok()
        .map(|t| t.with_timezone(&chrono::Utc))
}

impl Store {
    /// A local value of this database (not an event; never synced).
    pub fn local(&self, key: &str) -> Result<Option<String>> {
        Ok(self
            .conn
            .query_row("SELECT value FROM meta WHERE key = ?1", [key], |r| r.get(0))
            .optional()?)
    }

    /// Sets a local value of this database (see [`Store::local`]).
    pub fn set_local(&mut self, key: &str, value: &str) -> Result<()> {
        if self.is_read_only() {
            return Err(StoreError::ReadOnly);
        }
        self.conn.execute(
            "INSERT OR REPLACE INTO meta (key, value) VALUES (?1, ?2)",
            [key, value],
        )?;
        Ok(())
    }
}

impl Store {
    /// Removes a local value of this database (see [`Store::local`]).
    pub fn remove_local(&mut self, key: &str) -> Result<()> {
        if self.is_read_only() {
            return Err(StoreError::ReadOnly);
        }
        self.conn
            .execute("DELETE FROM meta WHERE key = ?1", [key])?;
        Ok(())
    }
}

/// The serde name of a unit-only enum ("customer", "upi"), for JSON output.
pub fn enum_name<T: serde::Serialize>(value: &T) -> String {
    project::enum_text(value)
}
