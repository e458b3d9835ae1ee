//! Starting and leaving the full-screen UI: validate the keymap and open the
//! database before the terminal is touched, log to a file, restore the
//! terminal on every exit path (ratatui's panic hook covers panics).

use anyhow::{Context, Result};
use chrono::Utc;
use ratatui::crossterm::event::EventStream;
use std::path::Path;

use crate::app::runner::Runner;
use crate::app::{App, Status};
use crate::config::Config;
use crate::store::{Access, Store};
use crate::ui::theme::Theme;

/// Opens the shop at `path` in the terminal until the user quits.
pub fn run(config: &Config, path: &Path, read_only: bool) -> Result<()> {
    // Everything that can fail on bad input fails here, before raw mode.
    let keymap = config.keymap()?;
    let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    let theme = Theme::pick(config.ui.theme.as_str(), no_color);
    let access = if read_only {
        Access::ReadOnly
    } else {
        Access::ReadWrite
    };
    let store = Store::open(path, access)?;
    init_logging(path)?;
    tracing::info!(db = %path.display(), read_only, "galla starting");
    let status = Status {
        shop: config.shop.name.clone(),
        counter: config.counter.code.clone(),
        user: "Owner".to_string(),
        tz: config.timezone(),
        read_only,
        sync: match &config.server.url {
            None => "offline — no server set".to_string(),
            Some(_) => "offline — this build cannot sync yet".to_string(),
        },
    };
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .context("cannot start the event loop")?;
    let mut terminal = ratatui::init();
    let result = (|| -> Result<()> {
        let size = terminal.size()?;
        let mut app = App::new(keymap, status, Utc::now(), (size.width, size.height));
        let mut runner = Runner::new(store);
        runtime.block_on(runner.run(
            &mut terminal,
            &mut app,
            &theme,
            EventStream::new(),
            Utc::now,
        ))
    })();
    ratatui::restore();
    if let Err(e) = &result {
        tracing::error!("galla stopped: {e:#}");
    }
    result
}

/// Logs go to `<db>.log` beside the database, never to the screen.
fn init_logging(db: &Path) -> Result<()> {
    let log_path = db.with_extension("log");
    let file = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(&log_path)
        .with_context(|| format!("cannot open the log file {}", log_path.display()))?;
    let filter = tracing_subscriber::EnvFilter::try_from_env("GALLA_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_ansi(false)
        .with_writer(std::sync::Mutex::new(file))
        .try_init();
    Ok(())
}
