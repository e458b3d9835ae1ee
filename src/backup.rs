//! Backups a shopkeeper can trust: `galla backup` copies the database with
//! SQLite's online backup (consistent while galla keeps selling), checks
//! the copy the way `galla check` does, and only then gives it its name; the
//! TUI makes one a day into the `[backup] folder`, keeping the newest
//! `keep`. `galla restore` checks the backup, refuses to overwrite a
//! database holding events the backup lacks (unless forced), writes it back
//! and marks the counter so its next sync confirms its place with the
//! server (see `sync::engine`: a counter restored behind the server must be
//! enrolled again and becomes a new counter).

use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use chrono::{DateTime, Utc};

use crate::store::{Access, Store, check};

/// When the last backup that checked clean was made (a local value).
pub const LAST_OK: &str = "backup.last_ok_at";
/// Where it was written.
pub const LAST_PATH: &str = "backup.last_path";
/// Set by a restore until the next sync has compared the counter with the
/// server.
pub const RESTORED: &str = "sync.restored_at";

/// A backup written and checked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Made {
    /// Where it is.
    pub path: PathBuf,
    /// How many events it holds.
    pub events: u64,
}

fn partial(to: &Path) -> PathBuf {
    let mut name = to.file_name().unwrap_or_default().to_os_string();
    name.push(".partial");
    to.with_file_name(name)
}

/// Opens `path` read-only and checks it; why not, in words.
fn checked(path: &Path) -> Result<u64> {
    let store = Store::open(path, Access::ReadOnly)?;
    let report = check(&store)?;
    if !report.is_clean() {
        bail!(
            "the copy does not check clean ({} differences between its projections and its events)",
            report.differences.len()
        );
    }
    Ok(report.events)
}

/// Copies the database at `db` into `to` (a new file), checks the copy and
/// notes it in the database as its last good backup.
pub fn backup(db: &Path, to: &Path) -> Result<Made> {
    if !db.exists() {
        bail!("there is no shop database at {}", db.display());
    }
    if to.exists() {
        bail!(
            "{} already exists — choose a new file for the backup",
            to.display()
        );
    }
    if let Some(dir) = to.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)
            .with_context(|| format!("cannot make the folder {}", dir.display()))?;
    }
    let mut store = Store::open(db, Access::ReadWrite)?;
    let tmp = partial(to);
    let _ = std::fs::remove_file(&tmp);
    store.copy_to(&tmp)?;
    let events = match checked(&tmp) {
        Ok(n) => n,
        Err(e) => {
            let _ = std::fs::remove_file(&tmp);
            return Err(e.context("the backup was not kept"));
        }
    };
    std::fs::rename(&tmp, to)
        .with_context(|| format!("cannot name the backup {}", to.display()))?;
    let to = std::fs::canonicalize(to).unwrap_or_else(|_| to.to_path_buf());
    store.set_local(LAST_OK, &Utc::now().to_rfc3339())?;
    store.set_local(LAST_PATH, &to.to_string_lossy())?;
    Ok(Made { path: to, events })
}

/// The last good backup of the database on `store`: when, and where.
pub fn last_ok(store: &Store) -> Option<(DateTime<Utc>, String)> {
    let at = store.local(LAST_OK).ok()??;
    let at = DateTime::parse_from_rfc3339(&at).ok()?.with_timezone(&Utc);
    let path = store.local(LAST_PATH).ok().flatten().unwrap_or_default();
    Some((at, path))
}

/// Where this machine's daily backups of `db` go: the configured folder,
/// else `backups` beside the database.
pub fn folder(db: &Path, configured: Option<&Path>) -> PathBuf {
    match configured {
        Some(f) => f.to_path_buf(),
        None => db
            .parent()
            .filter(|d| !d.as_os_str().is_empty())
            .unwrap_or(Path::new("."))
            .join("backups"),
    }
}

fn stem(db: &Path) -> String {
    db.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "galla".into())
}

/// Makes today's backup into `dir` if the last good one is a day old (or
/// there is none), then keeps only the newest `keep` of them. `None` when
/// none was due.
pub fn daily(db: &Path, dir: &Path, keep: u16, now: DateTime<Utc>) -> Result<Option<Made>> {
    let last = {
        let store = Store::open(db, Access::ReadOnly)?;
        last_ok(&store)
    };
    if last.is_some_and(|(at, _)| now - at < chrono::Duration::hours(24)) {
        return Ok(None);
    }
    let name = format!("{}-{}.db", stem(db), now.format("%Y-%m-%d-%H%M%S"));
    let made = backup(db, &dir.join(name))?;
    rotate(db, dir, keep)?;
    Ok(Some(made))
}

/// Removes all but the newest `keep` daily backups of `db` in `dir`.
fn rotate(db: &Path, dir: &Path, keep: u16) -> Result<()> {
    let prefix = format!("{}-", stem(db));
    let mut ours: Vec<PathBuf> = std::fs::read_dir(dir)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with(&prefix) && n.ends_with(".db"))
        })
        .collect();
    // The names carry the time, so their order is their age.
    ours.sort();
    let extra = ours.len().saturating_sub(usize::from(keep));
    for old in &ours[..extra] {
        std::fs::remove_file(old)
            .with_context(|| format!("cannot remove the old backup {}", old.display()))?;
    }
    Ok(())
}

/// What a restore did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Restored {
    /// Events in the restored database.
    pub events: u64,
    /// Events the replaced database had that the backup did not (only
    /// with `force`).
    pub lost: u64,
}

/// Writes the backup `from` over the database at `db`. Refused when `db`
/// holds events the backup does not, unless `force`.
pub fn restore(from: &Path, db: &Path, force: bool) -> Result<Restored> {
    if !from.exists() {
        bail!("there is no backup at {}", from.display());
    }
    // Checked on a copy, which an older galla's backup is migrated in.
    let tmp = partial(db);
    let _ = std::fs::remove_file(&tmp);
    let prepared = (|| -> Result<u64> {
        match Store::open(from, Access::ReadOnly) {
            Ok(source) => source.copy_to(&tmp)?,
            // An older galla's backup: copied as it is, then migrated.
            Err(_) => drop(
                std::fs::copy(from, &tmp)
                    .with_context(|| format!("cannot read the backup {}", from.display()))?,
            ),
        }
        drop(Store::open(&tmp, Access::ReadWrite).with_context(|| {
            format!(
                "{} is not a galla database, or it is damaged",
                from.display()
            )
        })?);
        let events = checked(&tmp).context("the backup cannot be restored")?;
        if events == 0 {
            bail!(
                "{} holds no events: it is not a backup of a shop",
                from.display()
            );
        }
        Ok(events)
    })();
    let events = match prepared {
        Ok(n) => n,
        Err(e) => {
            let _ = std::fs::remove_file(&tmp);
            return Err(e);
        }
    };
    let mut lost = 0;
    if db.exists() {
        let (missing, latest) = crate::store::events_missing(db, &tmp)?;
        if missing > 0 && !force {
            let _ = std::fs::remove_file(&tmp);
            let when =
                latest.map(|t| format!(", the latest on {}", t.format("%Y-%m-%d %H:%M UTC")));
            bail!(
                "{} holds {missing} events the backup does not{} — restoring would lose them. \
                 Export them first (galla export events), or add --force to restore anyway",
                db.display(),
                when.unwrap_or_default()
            );
        }
        lost = missing;
        crate::store::restore_into(db, &tmp)?;
        let _ = std::fs::remove_file(&tmp);
    } else {
        std::fs::rename(&tmp, db)
            .with_context(|| format!("cannot put the backup at {}", db.display()))?;
    }
    let mut store = Store::open(db, Access::ReadWrite)?;
    store.set_local(RESTORED, &Utc::now().to_rfc3339())?;
    Ok(Restored { events, lost })
}
