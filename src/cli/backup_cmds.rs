//! `galla backup`, `galla restore`, `galla export events` and `galla import
//! events`: copies of the shop a shopkeeper can trust and carry to a new
//! PC. The work is in `crate::backup` and `crate::export`.

use anyhow::Result;
use clap::Args;
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::store::Access;

/// `galla backup`.
#[derive(Args, Debug)]
pub struct BackupArgs {
    /// The new file to write the backup to.
    #[arg(long, value_name = "FILE")]
    pub to: PathBuf,
}

/// `galla restore`.
#[derive(Args, Debug)]
pub struct RestoreArgs {
    /// The backup to restore.
    #[arg(long, value_name = "FILE")]
    pub from: PathBuf,
    /// Restore even over a database holding events the backup lacks
    /// (they are lost).
    #[arg(long)]
    pub force: bool,
}

/// Runs `galla backup`.
pub fn backup(db: &Path, args: &BackupArgs) -> Result<()> {
    let made = crate::backup::backup(db, &args.to)?;
    writeln!(
        std::io::stdout().lock(),
        "backed up {} events to {} — the copy checks clean",
        made.events,
        made.path.display()
    )?;
    Ok(())
}

/// Runs `galla restore`.
pub fn restore(db: &Path, args: &RestoreArgs) -> Result<()> {
    let done = crate::backup::restore(&args.from, db, args.force)?;
    let mut out = std::io::stdout().lock();
    writeln!(
        out,
        "restored {} events from {} into {}",
        done.events,
        args.from.display(),
        db.display()
    )?;
    if done.lost > 0 {
        writeln!(
            out,
            "{} events the database held and the backup did not are gone (--force)",
            done.lost
        )?;
    }
    if crate::sync::read_token(db)?.is_some() {
        writeln!(
            out,
            "this counter is enrolled: its next sync checks it against the server, and asks \
             for `galla enroll` if the server holds newer events of it"
        )?;
    }
    Ok(())
}

/// Runs `galla export events`.
pub fn export_events(db: &Path) -> Result<()> {
    let store = super::open_existing(db, Access::ReadOnly)?;
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    crate::export::write_all(&store, &mut out)?;
    out.flush()?;
    Ok(())
}

/// Runs `galla import events`.
pub fn import_events(db: &Path, file: &Path, counter: Option<&str>) -> Result<()> {
    let (summary, code) = crate::export::import(db, file, counter)?;
    writeln!(
        std::io::stdout().lock(),
        "imported {} events into {}; it carries on as counter {code}",
        summary.events,
        db.display()
    )?;
    Ok(())
}
