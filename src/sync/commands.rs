//! The `galla enroll` and `galla sync` commands: thin wrappers that open the
//! database, call the sync module and print either words or exactly one
//! JSON object (`--json`; on failure `{"error": ...}` and exit status 1).

use std::path::Path;

use anyhow::{Context, Result, anyhow, bail};
use serde_json::json;

use super::{Enrolled, SyncConfig, SyncSnapshot, SyncState, enroll, is_enrolled, run_once, spawn};
use crate::store::{Access, Store, sync_keys};

fn print_json(value: &serde_json::Value) {
    println!("{value}");
}

/// Prints `{"error": ...}` for scripts, then passes the error on.
fn fail_json<T>(json: bool, result: Result<T>) -> Result<T> {
    if json && let Err(e) = &result {
        print_json(&json!({ "error": format!("{e:#}") }));
    }
    result
}

/// `galla enroll --db PATH --server URL --code CODE [--json]`.
pub fn enroll_command(db: &Path, server: &str, code: &str, json: bool) -> Result<()> {
    fail_json(json, enroll_inner(db, server, code, json))
}

fn enroll_inner(db: &Path, server: &str, code: &str, json: bool) -> Result<()> {
    let mut store = Store::open(db, Access::ReadWrite)?;
    let config = SyncConfig::new(db, server);
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .context("cannot start the network client")?;
    let Enrolled { answer, copy_of } = runtime.block_on(enroll(&mut store, &config, code))?;
    if json {
        print_json(&json!({
            "tenant_id": answer.tenant_id,
            "device_id": answer.device_id,
            "device_name": answer.device_name,
            "server": config.server,
            "token_file": super::token_path(db),
            "copy_of": copy_of.as_ref().map(|c| c.was),
            "left_to_original": copy_of.as_ref().map(|c| c.left_to_original),
        }));
    } else {
        if let Some(copy) = &copy_of {
            println!(
                "{} is a copy of counter {}, which is enrolled already: it is now a counter of its own ({}). \
                 The original keeps working{}. Give this counter its own code in config.toml \
                 ([counter] code) so its bills are numbered apart. If this is the original's \
                 replacement instead, ask the server's administrator for \
                 `galla-server devices replace --tenant {} --device {}` and enroll a fresh copy.",
                db.display(),
                copy.was,
                answer.device_id,
                match copy.left_to_original {
                    0 => String::new(),
                    n => format!(
                        "; the {} it had not sent stay for it to send",
                        crate::text::count(n as usize, "event", "events")
                    ),
                },
                answer.tenant_id,
                copy.was,
            );
        }
        println!(
            "enrolled {} as \"{}\" with {}; the token is in {}",
            db.display(),
            answer.device_name,
            config.server,
            super::token_path(db).display()
        );
    }
    Ok(())
}

/// What `galla sync` was asked to do.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SyncMode {
    /// Push and pull until caught up, then exit.
    Once,
    /// Print what the database knows, without the network.
    Status,
    /// Keep syncing until interrupted, printing each change of state.
    Forever,
}

/// The server to use: `--server`, then the enrolled one, then the config's.
fn server_of(store: &Store, given: Option<&str>) -> Result<String> {
    if let Some(s) = given {
        return Ok(s.to_string());
    }
    store.sync_get(sync_keys::SERVER_URL)?.ok_or_else(|| {
        anyhow!(
            "{} is not enrolled with a sync server: run `galla enroll --db {} --server URL --code CODE`",
            store.path().display(),
            store.path().display()
        )
    })
}

fn snapshot_json(s: &SyncSnapshot) -> serde_json::Value {
    serde_json::to_value(s).unwrap_or_default()
}

/// `galla sync --db PATH (--once | --status) [--json]`.
pub fn sync_command(db: &Path, server: Option<&str>, mode: SyncMode, json: bool) -> Result<()> {
    fail_json(json, sync_inner(db, server, mode, json))
}

fn sync_inner(db: &Path, server: Option<&str>, mode: SyncMode, json: bool) -> Result<()> {
    if !db.exists() {
        bail!("there is no shop database at {}", db.display());
    }
    let store = Store::open(db, Access::ReadWrite)?;
    match mode {
        SyncMode::Status => {
            let c = store.outbox_counts()?;
            let enrolled = is_enrolled(&store);
            let value = json!({
                "enrolled": enrolled,
                "server": store.sync_get(sync_keys::SERVER_URL)?,
                "tenant_id": store.sync_get(sync_keys::TENANT_ID)?,
                "device_id": store.device_id(),
                "pending": c.pending,
                "oldest_pending": c.oldest_pending,
                "flagged": c.flagged,
                "rejected": c.rejected,
                "kept_aside": c.kept_aside,
                "pull_after": store.pull_after()?,
                "last_push_ok": store.sync_get(sync_keys::LAST_PUSH_OK)?,
                "last_pull_ok": store.sync_get(sync_keys::LAST_PULL_OK)?,
            });
            if json {
                print_json(&value);
            } else {
                println!(
                    "{}: {} pending, {} flagged, {} rejected, {} kept aside; pulled up to {}",
                    if enrolled { "enrolled" } else { "not enrolled" },
                    c.pending,
                    c.flagged,
                    c.rejected,
                    c.kept_aside,
                    store.pull_after()?
                );
            }
            Ok(())
        }
        SyncMode::Once => {
            let config = SyncConfig::new(db, &server_of(&store, server)?);
            drop(store);
            let s = run_once(config)?;
            if json {
                print_json(&snapshot_json(&s));
            } else {
                println!(
                    "pushed {}, pulled {}; {} pending, {} need attention",
                    s.pushed,
                    s.pulled,
                    s.pending,
                    s.attention()
                );
            }
            Ok(())
        }
        SyncMode::Forever => {
            let config = SyncConfig::new(db, &server_of(&store, server)?);
            drop(store);
            let mut handle = spawn(config);
            let mut shown = String::new();
            loop {
                let s = handle.snapshot.borrow_and_update().clone();
                let line = s.describe(chrono::Utc::now());
                if line != shown {
                    eprintln!("galla sync: {line}");
                    shown = line;
                }
                if s.state == SyncState::Elsewhere {
                    bail!("{}", s.last_error.unwrap_or_default());
                }
                std::thread::sleep(std::time::Duration::from_millis(500));
            }
        }
    }
}
