//! Enrollment and the files beside the database: the device token (mode
//! 0600, readable only by its owner) and the lock file that lets only one
//! process sync a database. The token never goes into the database, so a
//! copied shop file cannot push as this counter.

use std::fs::{File, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};

use chrono::Utc;
use galla_proto::{EnrollRequest, EnrollResponse};

use super::{Client, SyncConfig, SyncError};
use crate::store::{Renamed, Store, sync_keys};

fn beside(db: &Path, suffix: &str) -> PathBuf {
    let mut name = db.file_name().unwrap_or_default().to_os_string();
    name.push(suffix);
    db.with_file_name(name)
}

/// Where the token of the database at `db` lives (`shop.db.token`).
pub fn token_path(db: &Path) -> PathBuf {
    beside(db, ".token")
}

/// The token, when the counter is enrolled.
pub fn read_token(db: &Path) -> Result<Option<String>, SyncError> {
    let path = token_path(db);
    match std::fs::read_to_string(&path) {
        Ok(t) if !t.trim().is_empty() => Ok(Some(t.trim().to_string())),
        Ok(_) => Ok(None),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(source) => Err(SyncError::Io { path, source }),
    }
}

/// Whether the database at `db` has a token and a server.
pub fn is_enrolled(store: &Store) -> bool {
    matches!(read_token(store.path()), Ok(Some(_)))
        && matches!(store.sync_get(sync_keys::SERVER_URL), Ok(Some(_)))
}

/// Puts the token aside (`shop.db.token.before-restore`): the counter is
/// no longer enrolled until `galla enroll` gives it a place again.
pub fn set_token_aside(db: &Path) -> Result<(), SyncError> {
    let path = token_path(db);
    let aside = beside(db, ".token.before-restore");
    std::fs::rename(&path, &aside).map_err(|source| SyncError::Io { path, source })
}

fn write_token(db: &Path, token: &str) -> Result<(), SyncError> {
    let path = token_path(db);
    let tmp = beside(db, ".token.tmp");
    let io = |source| SyncError::Io {
        path: path.clone(),
        source,
    };
    let mut options = OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut file = options.open(&tmp).map_err(io)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        file.set_permissions(std::fs::Permissions::from_mode(0o600))
            .map_err(io)?;
    }
    file.write_all(token.as_bytes()).map_err(io)?;
    file.sync_all().map_err(io)?;
    std::fs::rename(&tmp, &path).map_err(io)?;
    Ok(())
}

/// What an enrollment did.
#[derive(Clone, Debug)]
pub struct Enrolled {
    /// The server's answer.
    pub answer: EnrollResponse,
    /// Set when the server knew this database's id as another counter:
    /// this database is a copy, and became a counter of its own.
    pub copy_of: Option<Renamed>,
}

/// Enrolls the database's own device id with the server using `code`,
/// keeps the token beside the database and the server in `sync_state`.
/// The counter's current token, if it has one, goes with the request, so
/// re-enrolling the same counter keeps its id; a copy of its database
/// (which has no token beside it) gets an id of its own.
pub async fn enroll(
    store: &mut Store,
    config: &SyncConfig,
    code: &str,
) -> Result<Enrolled, SyncError> {
    let client = Client::new(
        &config.server,
        config.connect_timeout,
        config.request_timeout,
    )?;
    let req = EnrollRequest {
        code: code.trim().to_string(),
        device_id: store.device_id(),
        device_token: read_token(store.path())?,
    };
    let answer = client.enroll(&req).await?;
    let copy_of = if answer.device_id != store.device_id() {
        Some(store.become_new_counter(answer.device_id)?)
    } else {
        None
    };
    if store.local(crate::backup::RESTORED)?.is_some() && copy_of.is_some() {
        // A counter restored behind the server: its own events the backup
        // lacked are now another counter's, and come back by pull.
        store.sync_set(sync_keys::PULL_AFTER, "0")?;
        store.remove_local(crate::backup::RESTORED)?;
    }
    write_token(store.path(), &answer.device_token)?;
    store.sync_set(sync_keys::SERVER_URL, &config.server)?;
    store.sync_set(sync_keys::TENANT_ID, &answer.tenant_id.to_string())?;
    store.sync_set(sync_keys::DEVICE_NAME, &answer.device_name)?;
    store.sync_set(sync_keys::ENROLLED_AT, &Utc::now().to_rfc3339())?;
    if store.sync_get(sync_keys::LEDGER_EPOCH)?.is_none() {
        store.sync_set(sync_keys::LEDGER_EPOCH, &answer.ledger_epoch.to_string())?;
    }
    Ok(Enrolled { answer, copy_of })
}

/// The exclusive right to sync one database, held until dropped (or the
/// process dies: the operating system releases the lock).
#[derive(Debug)]
pub struct SyncLock {
    _file: File,
}

impl SyncLock {
    /// Takes the lock of the database at `db`, or says who holds it.
    pub fn acquire(db: &Path) -> Result<SyncLock, SyncError> {
        let path = beside(db, ".sync-lock");
        let file = OpenOptions::new()
            .write(true)
            .create(true)
            .truncate(false)
            .open(&path)
            .map_err(|source| SyncError::Io {
                path: path.clone(),
                source,
            })?;
        match file.try_lock() {
            Ok(()) => Ok(SyncLock { _file: file }),
            Err(std::fs::TryLockError::WouldBlock) => {
                Err(SyncError::Locked(db.display().to_string()))
            }
            Err(std::fs::TryLockError::Error(source)) => Err(SyncError::Io { path, source }),
        }
    }
}
