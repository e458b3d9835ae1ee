//! Finding the PostgreSQL programs and running them as the right user: as
//! root they must run as `postgres` (through `runuser`), which is created
//! when missing. Only process and file plumbing lives here.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use crate::HarnessError;

/// The directory holding both `initdb` and `pg_ctl`: PATH first, then the
/// newest /usr/lib/postgresql/*/bin.
pub(crate) fn find_bin_dir() -> Result<PathBuf, HarnessError> {
    let mut candidates: Vec<PathBuf> = std::env::var_os("PATH")
        .map(|p| std::env::split_paths(&p).collect())
        .unwrap_or_default();
    let mut versioned: Vec<(u32, PathBuf)> = std::fs::read_dir("/usr/lib/postgresql")
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|entry| {
            let version = entry.file_name().to_string_lossy().parse::<u32>().ok()?;
            Some((version, entry.path().join("bin")))
        })
        .collect();
    versioned.sort_by_key(|v| std::cmp::Reverse(v.0));
    candidates.extend(versioned.into_iter().map(|(_, dir)| dir));
    let has = |dir: &Path, name: &str| dir.join(name).is_file();
    candidates
        .into_iter()
        .find(|dir| has(dir, "initdb") && has(dir, "pg_ctl"))
        .ok_or(HarnessError::NotInstalled("initdb"))
}

/// Runs a command and returns its output, failing with stderr when it fails.
pub(crate) fn run(cmd: &mut Command) -> Result<Output, HarnessError> {
    let line = format!("{cmd:?}");
    let out = cmd.output().map_err(|e| HarnessError::Command {
        command: line.clone(),
        detail: e.to_string(),
    })?;
    if out.status.success() {
        Ok(out)
    } else {
        Err(HarnessError::Command {
            command: line,
            detail: format!(
                "{}: {}{}",
                out.status,
                String::from_utf8_lossy(&out.stderr).trim(),
                String::from_utf8_lossy(&out.stdout).trim()
            ),
        })
    }
}

fn id_of(args: &[&str]) -> Option<u32> {
    let out = Command::new("id").args(args).output().ok()?;
    if !out.status.success() {
        return None;
    }
    String::from_utf8_lossy(&out.stdout).trim().parse().ok()
}

/// The user PostgreSQL runs as: `None` when we are not root (run as
/// ourselves), else the uid and gid of `postgres`, created if missing.
pub(crate) fn postgres_owner() -> Result<Option<(u32, u32)>, HarnessError> {
    if id_of(&["-u"]) != Some(0) {
        return Ok(None);
    }
    if id_of(&["-u", "postgres"]).is_none() {
        run(Command::new("useradd").args([
            "--system",
            "--user-group",
            "--no-create-home",
            "--shell",
            "/usr/sbin/nologin",
            "postgres",
        ]))?;
    }
    match (id_of(&["-u", "postgres"]), id_of(&["-g", "postgres"])) {
        (Some(uid), Some(gid)) => Ok(Some((uid, gid))),
        _ => Err(HarnessError::Command {
            command: "id postgres".into(),
            detail: "the postgres user exists but its ids cannot be read".into(),
        }),
    }
}

/// A command for `program` in `bin`, run through `runuser -u postgres` when root.
pub(crate) fn pg_command(bin: &Path, program: &str, as_postgres: bool) -> Command {
    let path = bin.join(program);
    if as_postgres {
        let mut cmd = Command::new("runuser");
        cmd.args(["-u", "postgres", "--"]).arg(path);
        cmd
    } else {
        Command::new(path)
    }
}
