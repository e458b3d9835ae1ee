//! The daily backup while galla runs: once an hour the runner asks whether
//! the last good backup is a day old, and if so one is made on its own
//! thread (SQLite's online backup, checked like `galla check`) into the
//! `[backup] folder`, keeping the newest `keep`; its result comes back as
//! `Action::BackupDone`. Billing never waits for it.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use tokio::sync::mpsc;

use super::action::Action;

/// How often the runner asks whether a backup is due.
const CHECK_EVERY: Duration = Duration::from_secs(3600);

/// Where daily backups go and whether one is being made.
pub struct Daily {
    folder: PathBuf,
    keep: u16,
    next_check: Instant,
    running: std::sync::Arc<std::sync::atomic::AtomicBool>,
}

impl Daily {
    /// Daily backups into `folder`, keeping `keep`; the first check is soon
    /// after start (not at once: the first frame comes first).
    pub fn new(folder: PathBuf, keep: u16) -> Daily {
        Daily {
            folder,
            keep,
            next_check: Instant::now() + Duration::from_secs(5),
            running: Default::default(),
        }
    }

    /// Starts a backup of `db` on a thread if one is due.
    pub fn due(&mut self, db: &Path, now: DateTime<Utc>, results: &mpsc::UnboundedSender<Action>) {
        use std::sync::atomic::Ordering;
        if Instant::now() < self.next_check || self.running.load(Ordering::Acquire) {
            return;
        }
        self.next_check = Instant::now() + CHECK_EVERY;
        self.running.store(true, Ordering::Release);
        let (db, folder, keep) = (db.to_path_buf(), self.folder.clone(), self.keep);
        let (running, results) = (self.running.clone(), results.clone());
        std::thread::spawn(move || {
            let done = crate::backup::daily(&db, &folder, keep, now);
            running.store(false, Ordering::Release);
            match done {
                Ok(Some(made)) => {
                    tracing::info!(path = %made.path.display(), "daily backup made");
                    let _ = results.send(Action::BackupDone(Ok(Utc::now())));
                }
                Ok(None) => {}
                Err(e) => {
                    let _ = results.send(Action::BackupDone(Err(format!("{e:#}"))));
                }
            }
        });
    }
}
