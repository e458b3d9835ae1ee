//! The throwaway cluster: a temporary directory, `initdb`, `pg_ctl start` on
//! a free loopback port, and a watchdog child that stops the cluster and
//! deletes the directory when this process exits. Leftovers of earlier runs
//! whose postmaster is gone are swept on start.

use std::io::Write;
use std::net::TcpListener;
use std::os::unix::fs::DirBuilderExt;
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};

use crate::HarnessError;
use crate::tools::{find_bin_dir, pg_command, postgres_owner, run};

const PREFIX: &str = "galla-testpg-";

/// A running test cluster; it lives until the test process exits.
#[derive(Debug)]
pub struct Cluster {
    dir: PathBuf,
    port: u16,
    // Holding the watchdog's stdin open keeps it waiting; our exit closes it.
    _watchdog: (Child, ChildStdin),
}

impl Cluster {
    /// Creates and starts a cluster (about 1.5 s).
    pub(crate) fn start() -> Result<Cluster, HarnessError> {
        let bin = find_bin_dir()?;
        let owner = postgres_owner()?;
        sweep_leftovers();
        let dir = std::env::temp_dir().join(format!(
            "{PREFIX}{}-{}",
            std::process::id(),
            uuid::Uuid::now_v7().simple()
        ));
        std::fs::DirBuilder::new()
            .mode(0o700)
            .create(&dir)
            .map_err(|source| io("the cluster directory", source))?;
        if let Some((uid, gid)) = owner {
            std::os::unix::fs::chown(&dir, Some(uid), Some(gid))
                .map_err(|source| io("the cluster directory's owner", source))?;
        }
        let as_pg = owner.is_some();
        let watchdog = spawn_watchdog(&bin, &dir, as_pg)?;
        let data = dir.join("data");
        run(pg_command(&bin, "initdb", as_pg)
            .current_dir(&dir)
            .arg("-D")
            .arg(&data)
            .args(["-U", "postgres", "-A", "trust", "-E", "UTF8", "--no-locale"])
            .args(["--no-sync", "--no-instructions"]))?;
        let mut last_error = None;
        for _ in 0..3 {
            let port = free_port()?;
            let opts = format!(
                "-p {port} -c listen_addresses=127.0.0.1 -k {} -F -c max_connections=300 \
                 -c synchronous_commit=off -c full_page_writes=off",
                dir.display()
            );
            let started = run(pg_command(&bin, "pg_ctl", as_pg)
                .current_dir(&dir)
                .arg("-D")
                .arg(&data)
                .arg("-l")
                .arg(dir.join("postgres.log"))
                .args(["-w", "-t", "30", "-o", &opts, "start"]));
            match started {
                Ok(_) => {
                    return Ok(Cluster {
                        dir,
                        port,
                        _watchdog: watchdog,
                    });
                }
                Err(e) => last_error = Some(e),
            }
        }
        let log = std::fs::read_to_string(dir.join("postgres.log")).unwrap_or_default();
        Err(match last_error {
            Some(HarnessError::Command { command, detail }) => HarnessError::Command {
                command,
                detail: format!("{detail}\n--- postgres.log ---\n{log}"),
            },
            Some(other) => other,
            None => io("the cluster", std::io::Error::other("not started")),
        })
    }

    /// The loopback port it listens on.
    pub fn port(&self) -> u16 {
        self.port
    }

    /// Its temporary directory (data, log and socket).
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// A URL for database `db` as the superuser `postgres`.
    pub fn url(&self, db: &str) -> String {
        format!("postgres://postgres@127.0.0.1:{}/{db}", self.port)
    }
}

fn io(what: &str, source: std::io::Error) -> HarnessError {
    HarnessError::Io {
        what: what.to_string(),
        source,
    }
}

fn free_port() -> Result<u16, HarnessError> {
    let listener =
        TcpListener::bind("127.0.0.1:0").map_err(|source| io("a free loopback port", source))?;
    let port = listener
        .local_addr()
        .map_err(|source| io("a free loopback port", source))?
        .port();
    Ok(port)
}

/// A shell that waits for its stdin to close (this process exiting), then
/// stops the cluster at once and removes its directory.
fn spawn_watchdog(
    bin: &Path,
    dir: &Path,
    as_pg: bool,
) -> Result<(Child, ChildStdin), HarnessError> {
    let runner = if as_pg { "runuser -u postgres -- " } else { "" };
    let script = format!(
        "cat >/dev/null; {runner}'{}' -D '{}/data' stop -m immediate >/dev/null 2>&1; rm -rf '{}'",
        bin.join("pg_ctl").display(),
        dir.display(),
        dir.display()
    );
    let mut child = Command::new("sh")
        .arg("-c")
        .arg(script)
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|source| io("the cluster watchdog", source))?;
    let mut stdin = child
        .stdin
        .take()
        .ok_or_else(|| io("the cluster watchdog", std::io::Error::other("no stdin")))?;
    // Nothing is ever written; a flush proves the pipe is open.
    stdin
        .flush()
        .map_err(|source| io("the cluster watchdog", source))?;
    Ok((child, stdin))
}

/// Removes directories of earlier runs whose postmaster no longer runs.
fn sweep_leftovers() {
    let Ok(entries) = std::fs::read_dir(std::env::temp_dir()) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if !name.starts_with(PREFIX) {
            continue;
        }
        let pid_file = entry.path().join("data").join("postmaster.pid");
        let alive = std::fs::read_to_string(&pid_file)
            .ok()
            .and_then(|text| text.lines().next().map(str::to_string))
            .is_some_and(|pid| Path::new("/proc").join(pid.trim()).exists());
        let owner_alive = name
            .trim_start_matches(PREFIX)
            .split('-')
            .next()
            .is_some_and(|pid| Path::new("/proc").join(pid).exists());
        if !alive && !owner_alive {
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
}
