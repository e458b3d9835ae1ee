//! Starting and leaving the full-screen UI: validate the keymap and open the
//! database before the terminal is touched, log to a file, restore the
//! terminal on every exit path (ratatui's panic hook covers panics; SIGTERM
//! and SIGHUP end the loop like a quit).

use anyhow::{Context, Result};
use chrono::Utc;
use ratatui::crossterm::event::EventStream;
use std::path::Path;

use crate::app::action::Action;
use crate::app::runner::Runner;
use crate::app::till::TillSetup;
use crate::app::{App, ShopInfo, Status};
use crate::config::Config;
use crate::print::{EscPos, ReceiptShop};
use crate::store::{Access, Store};
use crate::sync::{SyncConfig, SyncHandle, SyncSnapshot, SyncState};
use crate::ui::billing::BillingPane;
use crate::ui::theme::Theme;

/// `config` with what the shop keeps itself: its shared settings (moved
/// there from an old `config.toml` once, when there are none yet) and the
/// counter code `galla init` gave this database. Returns a note for the
/// cashier when something was moved.
pub fn shop_config(config: &Config, store: &mut Store) -> Result<(Config, Option<String>)> {
    let mut effective = config.clone();
    let mut note = None;
    // A new, empty file is set up by the first-start form instead.
    if !store.is_read_only() && store.event_count()? > 0 {
        let moved = crate::settings::move_from_config(store, config)?;
        if !moved.is_empty() {
            note = Some(format!(
                "moved {} from config.toml into the shop's settings, which every counter \
                 shares (see `galla settings`); config.toml's entries no longer count",
                moved.join(", ")
            ));
            tracing::info!(keys = ?moved, "settings moved from config.toml");
        }
    }
    crate::settings::apply(&store.shop_settings()?, &mut effective);
    if effective.counter.code == Config::default().counter.code
        && let Some(code) = store.local(crate::cli::COUNTER_KEY)?
    {
        effective.counter.code = code;
    }
    Ok((effective, note))
}

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
    let mut store = Store::open(path, access)?;
    init_logging(path)?;
    let new_shop = !read_only && store.event_count()? == 0;
    let (effective, moved_note) = shop_config(config, &mut store)?;
    let config = &effective;
    tracing::info!(db = %path.display(), read_only, "galla starting");
    let sync = start_sync(config, &store, read_only);
    let status = Status {
        shop: config.shop.name.clone(),
        counter: config.counter.code.clone(),
        user: "Owner".to_string(),
        tz: config.timezone(),
        read_only,
        sync: sync.0.describe(Utc::now()),
    };
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .context("cannot start the event loop")?;
    let mut terminal = ratatui::try_init()
        .context("cannot set up the terminal (galla's screen needs an interactive terminal)")?;
    let result = (|| -> Result<()> {
        let size = terminal.size()?;
        let mut app = App::new(keymap, status, Utc::now(), (size.width, size.height));
        // A counter opens on Billing; read-only staff on Stock.
        if !read_only {
            app.active = crate::app::PaneId::Billing;
        }
        app.shop = ShopInfo {
            name: config.shop.name.clone(),
            upi_vpa: config.shop.upi_vpa.clone(),
        };
        app.panes.billing = BillingPane::new(
            config.billing.registration,
            config.billing.block_negative_stock,
        );
        app.panes.billing.refuse_above_limit = config.billing.refuse_above_limit;
        app.panes.billing.keys = app.keymap.clone();
        app.panes.billing.shop_state = config.shop.state_code.clone();
        app.panes.billing.printer = till_setup(config, path).escpos;
        app.panes.billing.place_again();
        if let Some(note) = &moved_note {
            app.panes
                .billing
                .say(crate::ui::billing::Tone::Info, note.clone());
        }
        if new_shop {
            app.popups
                .push(crate::ui::popup::Popup::Setup(Box::default()));
        }
        let mut runner = Runner::new(store);
        runner.sync = sync.1.as_ref().map(|h| h.snapshot.clone());
        runner.sync_nudge = sync.1.as_ref().map(SyncHandle::nudger);
        // The Sync pane starts from the first snapshot, like the status bar.
        let first = Action::SyncProgressed(Box::new(sync.0.clone()));
        runner.settle(&mut app, first, false);
        runner.till = till_setup(config, path);
        runner.osc52 = true;
        let stop = runner.actions();
        // Registered now, not when the task first runs, so a signal that
        // comes early is not missed.
        let signals = {
            let _in_runtime = runtime.enter();
            stop_signals()
        };
        runtime.spawn(async move {
            if let Some((mut term, mut hup)) = signals {
                tokio::select! {
                    _ = term.recv() => tracing::info!("SIGTERM: leaving"),
                    _ = hup.recv() => tracing::info!("SIGHUP: leaving"),
                }
                let _ = stop.send(Action::Stop);
            }
        });
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

/// Listeners for SIGTERM and SIGHUP (a shutdown, a closed SSH session):
/// either ends the loop normally, so the terminal is restored; the bill on
/// screen is already on disk.
fn stop_signals() -> Option<(tokio::signal::unix::Signal, tokio::signal::unix::Signal)> {
    use tokio::signal::unix::{SignalKind, signal};
    match (
        signal(SignalKind::terminate()),
        signal(SignalKind::hangup()),
    ) {
        (Ok(term), Ok(hup)) => Some((term, hup)),
        _ => {
            tracing::warn!("cannot listen for SIGTERM/SIGHUP");
            None
        }
    }
}

/// Bill numbering and printing as the config says.
pub fn till_setup(config: &Config, db: &Path) -> TillSetup {
    let defaults = TillSetup::for_db(db);
    TillSetup {
        prefix: config.billing.prefix.clone(),
        counter: config.counter.code.clone(),
        shop: ReceiptShop {
            name: config.shop.name.clone(),
            address: config.shop.address.clone(),
            gstin: config.shop.gstin.clone(),
            phone: config.shop.phone.clone(),
            state_code: config.shop.state_code.clone(),
            regime: config.billing.registration,
            show_hsn: config.billing.hsn_on_bill,
        },
        tz: config.timezone(),
        printer: config.printer.target.clone().unwrap_or(defaults.printer),
        paper: config.printer.paper,
        escpos: EscPos {
            drawer_kick: config.printer.drawer,
            utf8: config.printer.utf8,
            raster: config.printer.raster,
            ..EscPos::default()
        },
    }
}

/// Starts the sync task when the config names a server and the database
/// is enrolled; the first snapshot says why not otherwise.
fn start_sync(
    config: &Config,
    store: &Store,
    read_only: bool,
) -> (SyncSnapshot, Option<SyncHandle>) {
    let Some(url) = &config.server.url else {
        return (SyncSnapshot::with_state(SyncState::NoServer), None);
    };
    if read_only {
        return (SyncSnapshot::with_state(SyncState::Elsewhere), None);
    }
    if !crate::sync::is_enrolled(store) {
        return (SyncSnapshot::with_state(SyncState::NotEnrolled), None);
    }
    let handle = crate::sync::spawn(SyncConfig::new(store.path(), url));
    let first = handle.snapshot.borrow().clone();
    (first, Some(handle))
}

/// Logs go to `<db>.log` beside the database, never to the screen. A user
/// who may not write there (staff over SSH reading the shop as another
/// user) logs to their own state folder instead
/// (`~/.local/state/galla/<db>.log`); with neither, nothing is logged.
fn init_logging(db: &Path) -> Result<()> {
    let open = |path: &Path| {
        std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(path)
    };
    let beside = db.with_extension("log");
    let own = || -> Option<std::fs::File> {
        let dirs = directories::ProjectDirs::from("in", "galla", "galla")?;
        let dir = dirs.state_dir().unwrap_or(dirs.data_local_dir());
        std::fs::create_dir_all(dir).ok()?;
        let name = beside.file_name()?;
        open(&dir.join(name)).ok()
    };
    let Some(file) = open(&beside).ok().or_else(own) else {
        return Ok(());
    };
    let filter = tracing_subscriber::EnvFilter::try_from_env("GALLA_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_ansi(false)
        .with_writer(std::sync::Mutex::new(file))
        .try_init();
    Ok(())
}
