//! Copies of the database file made with SQLite's online backup API: a
//! consistent snapshot taken while galla (or anything else) keeps writing,
//! because the copy is made in one step inside one read transaction (WAL
//! lets writers go on meanwhile). A copy is a single self-contained file
//! (rollback journal, no `-wal` beside it). Restoring writes a copy back
//! through the same API, so another connection on the file sees either the
//! old database or the restored one, never half of each. What is worth
//! restoring, and when, is `galla::backup`'s business.

use std::path::Path;
use std::time::Duration;

use chrono::{DateTime, Utc};
use rusqlite::backup::{Backup, StepResult};
use rusqlite::{Connection, OpenFlags};

use super::{Result, Store, StoreError};

/// How long a copy waits for a writer holding the file before it gives up.
const BUSY_TRIES: u32 = 50;

fn copy(from: &Connection, to: &mut Connection) -> Result<()> {
    let backup = Backup::new(from, to)?;
    let mut busy = 0;
    loop {
        // -1: every page in one step, so the copy is one snapshot.
        match backup.step(-1)? {
            StepResult::Done => return Ok(()),
            StepResult::More => {}
            _ => {
                busy += 1;
                if busy > BUSY_TRIES {
                    return Err(StoreError::Invalid(
                        "the database stayed busy too long to copy — try again".into(),
                    ));
                }
                std::thread::sleep(Duration::from_millis(100));
            }
        }
    }
}

impl Store {
    /// Writes a consistent copy of this database into a new file at `to`
    /// (which must not exist yet).
    pub fn copy_to(&self, to: &Path) -> Result<()> {
        if to.exists() {
            return Err(StoreError::Invalid(format!(
                "{} already exists — a backup never overwrites a file",
                to.display()
            )));
        }
        let mut dest = Connection::open(to)?;
        copy(&self.conn, &mut dest)?;
        // One file: the copy does not need (or keep) a WAL beside it.
        dest.pragma_update(None, "journal_mode", "DELETE")?;
        Ok(())
    }

    /// The highest number this counter has given its own events (0: none).
    pub fn own_head(&self) -> Result<u64> {
        let head: i64 = self.conn.query_row(
            concat!("SELECT ", super::compact::own_head_sql!()),
            [],
            |r| r.get(0),
        )?;
        Ok(head.unsigned_abs())
    }
}

/// Events the database at `db` holds that the one at `other` does not:
/// how many, and when the latest of them happened.
pub fn events_missing(db: &Path, other: &Path) -> Result<(u64, Option<DateTime<Utc>>)> {
    let conn = Connection::open_with_flags(
        db,
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    conn.busy_timeout(Duration::from_secs(5))?;
    super::packed::register(&conn)?;
    conn.execute(
        "ATTACH DATABASE ?1 AS other",
        [other.to_string_lossy().as_ref()],
    )?;
    let (n, latest): (i64, Option<i64>) = conn.query_row(
        "SELECT count(*), max(occurred_at) FROM main.events
          WHERE event_id NOT IN (
                -- A backup made before the events were packed keeps ids as text.
                SELECT CASE typeof(event_id) WHEN 'text' THEN galla_id(event_id) ELSE event_id END
                  FROM other.events)",
        [],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    Ok((n.unsigned_abs(), latest.and_then(super::time_of_ms)))
}

/// Replaces the database at `db` with the one at `from`, through the
/// backup API (a running galla on `db` sees the restored file).
pub fn restore_into(db: &Path, from: &Path) -> Result<()> {
    let source = Connection::open_with_flags(
        from,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    let mut dest = Connection::open(db)?;
    dest.busy_timeout(Duration::from_secs(5))?;
    copy(&source, &mut dest)?;
    dest.pragma_update(None, "journal_mode", "WAL")?;
    Ok(())
}
