//! The command line (clap): `galla` starts the TUI; `demo`, `check`, `stock`,
//! `bills`, `export events`, `import catalogue`, `enroll`, `sync`, the stock
//! operations and the khata and cash book commands work on a database
//! and exit. Errors go to stderr in words, with a non-zero exit; stdout
//! carries only results.

use anyhow::{Context, Result, bail};
use clap::{Args, Parser, Subcommand};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

mod attendance_cmds;
mod books_args;
mod books_cmds;
mod books_more;
mod report_cmds;
mod shop_cmds;
mod staff_cmds;
mod stock_cmds;

pub use shop_cmds::COUNTER_KEY;

use crate::config::Config;
use crate::demo::{DemoSpec, generate};
use crate::store::{Access, Store, check};
use crate::text::printable;

/// galla — a point of sale for small shops, in your terminal.
#[derive(Parser, Debug)]
#[command(name = "galla", version, about)]
pub struct Cli {
    /// The shop database (default: galla.db in the platform data directory).
    #[arg(long, global = true, value_name = "PATH")]
    pub db: Option<PathBuf>,
    /// The config file (default: config.toml in the platform config directory).
    #[arg(long, global = true, value_name = "PATH")]
    pub config: Option<PathBuf>,
    /// Open the shop without allowing any change (for staff over SSH).
    #[arg(long)]
    pub read_only: bool,
    /// Open a demo shop (created on first use in the data directory).
    #[arg(long)]
    pub demo: bool,
    /// What to do (nothing: start the TUI).
    #[command(subcommand)]
    pub command: Option<Cmd>,
}

/// Commands that work on a database and exit.
#[derive(Subcommand, Debug)]
pub enum Cmd {
    /// Make a new shop: its name, state and GSTIN, this counter's code and
    /// the first location.
    Init(shop_cmds::InitArgs),
    /// Print the shop settings every counter shares, or change one.
    Settings(shop_cmds::SettingsArgs),
    /// Write a demo shop into a new database.
    Demo(DemoArgs),
    /// Rebuild every projection from the events and compare with the stored ones.
    Check,
    /// Print stock levels.
    Stock(StockArgs),
    /// Export data.
    #[command(subcommand)]
    Export(ExportCmd),
    /// Import data.
    #[command(subcommand)]
    Import(ImportCmd),
    /// Register this counter with the shop's sync server (once).
    Enroll(EnrollArgs),
    /// Send this counter's events to the server and fetch the others'.
    Sync(SyncArgs),
    /// List saved bills (from the SALE, BILL_CANCELLED and SALE_RETURN events).
    Bills(BillsArgs),
    /// Add or list locations (shop floor, godown).
    #[command(subcommand)]
    Location(stock_cmds::LocationCmd),
    /// Receive goods into a location from a CSV (sku, qty, cost).
    Receive(stock_cmds::ReceiveArgs),
    /// Move goods from one location to another.
    Transfer(stock_cmds::TransferArgs),
    /// Correct an item's quantity at a location, with a reason.
    Adjust(stock_cmds::AdjustArgs),
    /// Enter what a physical count found; the difference is recorded.
    Count(stock_cmds::CountArgs),
    /// List customers or suppliers with balances and dues.
    Parties(books_cmds::PartiesArgs),
    /// Add a customer or supplier, or change one.
    #[command(subcommand)]
    Party(books_cmds::PartyCmd),
    /// A party's khata with its running balance, or record money got or given.
    Khata(books_cmds::KhataArgs),
    /// This counter's cash book for a day; cash in or out; close the day.
    Cashbook(books_cmds::CashbookArgs),
    /// Make a payment reminder (text, WhatsApp and UPI links) for a customer.
    Remind(books_cmds::RemindArgs),
    /// A party's statement for a period: text, CSV or PDF.
    Statement(books_cmds::StatementArgs),
    /// The staff list, or add a person (with a clock-in PIN, pay and shift).
    Staff(staff_cmds::StaffArgs),
    /// Clock in or out, mark a day, or show a month's attendance and pay due.
    Attendance(attendance_cmds::AttendanceArgs),
    /// A report (daily, products, sizes, outstanding, dead-stock, low-stock,
    /// gst, staff) as text, JSON, CSV or PDF; the daily sales or the day close printed.
    Report(report_cmds::ReportArgs),
}

/// `galla bills`.
#[derive(Args, Debug)]
pub struct BillsArgs {
    /// The first shop-local day, YYYY-MM-DD (default: the first bill).
    #[arg(long)]
    pub from: Option<chrono::NaiveDate>,
    /// The last shop-local day, YYYY-MM-DD, inclusive (default: the last bill).
    #[arg(long)]
    pub to: Option<chrono::NaiveDate>,
    /// One JSON object per bill, a line each.
    #[arg(long)]
    pub json: bool,
}

/// `galla enroll`.
#[derive(Args, Debug)]
pub struct EnrollArgs {
    /// The sync server (default: `[server] url` from the config).
    #[arg(long, value_name = "URL")]
    pub server: Option<String>,
    /// The single-use code from `galla-server enroll-code`.
    #[arg(long)]
    pub code: String,
    /// Print one JSON object.
    #[arg(long)]
    pub json: bool,
}

/// `galla sync`.
#[derive(Args, Debug)]
pub struct SyncArgs {
    /// Push and pull until caught up, then exit.
    #[arg(long, conflicts_with = "status")]
    pub once: bool,
    /// Print the sync state this database knows, without the network.
    #[arg(long)]
    pub status: bool,
    /// The sync server (default: the one enrolled with).
    #[arg(long, value_name = "URL")]
    pub server: Option<String>,
    /// Print one JSON object.
    #[arg(long)]
    pub json: bool,
}

/// `galla demo`.
#[derive(Args, Debug)]
pub struct DemoArgs {
    /// How many variants (1 to 200,000).
    #[arg(long, default_value_t = 1_500, value_parser = clap::value_parser!(u32).range(1..=200_000))]
    pub variants: u32,
    /// How many days of trading (1 to 3,660).
    #[arg(long, default_value_t = 60, value_parser = clap::value_parser!(u32).range(1..=3_660))]
    pub days: u32,
    /// Random seed: the same seed gives the same shop.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// The last trading day, YYYY-MM-DD (default: today).
    #[arg(long)]
    pub end: Option<chrono::NaiveDate>,
}

/// `galla stock`.
#[derive(Args, Debug)]
pub struct StockArgs {
    /// Only this location (by name).
    #[arg(long)]
    pub location: Option<String>,
    /// Only variants matching this search (as in the Stock pane).
    #[arg(long)]
    pub search: Option<String>,
    /// One JSON object per variant and location, a line each.
    #[arg(long)]
    pub json: bool,
}

/// `galla export ...`.
#[derive(Subcommand, Debug)]
pub enum ExportCmd {
    /// Every event as a JSON line, in local order.
    Events,
}

/// `galla import ...`.
#[derive(Subcommand, Debug)]
pub enum ImportCmd {
    /// A catalogue CSV (see README for the columns); all rows or none.
    Catalogue {
        /// The CSV file.
        file: PathBuf,
    },
}

/// Runs the command line; the process exit code.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        // `galla export events | head`: the reader has all it wanted.
        Err(e) if is_broken_pipe(&e) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("galla: {}", crate::text::printable_lines(&describe(&e)));
            ExitCode::FAILURE
        }
    }
}

/// An error and its causes in one line, each cause said once: a cause whose
/// text the message already holds (thiserror's `{source}`) is left out.
pub fn describe(e: &anyhow::Error) -> String {
    let mut text = String::new();
    for cause in e.chain() {
        let part = cause.to_string();
        if part.is_empty() || text.contains(&part) {
            continue;
        }
        if !text.is_empty() {
            text.push_str(": ");
        }
        text.push_str(&part);
    }
    text
}

fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}

fn load_config(cli: &Cli) -> Result<Config> {
    match &cli.config {
        Some(path) => Ok(Config::load(path)?),
        None => match Config::default_path() {
            Some(path) if path.exists() => Ok(Config::load(&path)?),
            _ => Ok(Config::default()),
        },
    }
}

fn data_dir() -> Result<PathBuf> {
    Config::data_dir().context("cannot find a data directory for galla; pass --db PATH")
}

/// The database path: --db, then the config's `db`, then the data directory.
fn db_path(cli: &Cli, config: &Config) -> Result<PathBuf> {
    if let Some(p) = &cli.db {
        return Ok(p.clone());
    }
    if cli.demo {
        return Ok(data_dir()?.join("demo.db"));
    }
    if let Some(p) = &config.db {
        return Ok(p.clone());
    }
    Ok(data_dir()?.join("galla.db"))
}

/// The full-screen UI needs a terminal on both sides; say so in words
/// (instead of crossterm's "failed to initialize terminal" panic) before
/// anything is created.
fn need_terminal() -> Result<()> {
    use std::io::IsTerminal;
    if std::io::stdin().is_terminal() && std::io::stdout().is_terminal() {
        return Ok(());
    }
    bail!(
        "galla's screen needs a terminal, and this one has none (input or output is not a terminal). \
         Run it from a terminal or over SSH with `ssh -t`; for scripts use the commands, \
         e.g. `galla stock --db PATH --json` (see `galla --help`)"
    )
}

fn need_db(cli: &Cli) -> Result<&Path> {
    match &cli.db {
        Some(p) => Ok(p),
        None => bail!("this command needs --db PATH"),
    }
}

fn open_existing(path: &Path, access: Access) -> Result<Store> {
    if !path.exists() {
        bail!("there is no shop database at {}", path.display());
    }
    Ok(Store::open(path, access)?)
}

fn run(cli: Cli) -> Result<()> {
    let config = load_config(&cli)?;
    match &cli.command {
        None => {
            need_terminal()?;
            let path = db_path(&cli, &config)?;
            if cli.demo && !path.exists() {
                eprintln!("galla: creating the demo shop at {} …", path.display());
                let made = Store::open(&path, Access::ReadWrite)
                    .map_err(anyhow::Error::from)
                    .and_then(
                        |mut store| Ok(generate(&mut store, &DemoSpec::default()).map(drop)?),
                    );
                if let Err(e) = made {
                    remove_database(&path);
                    return Err(e.context("cannot create the demo shop"));
                }
            }
            crate::tui::run(&config, &path, cli.read_only)
        }
        Some(Cmd::Demo(args)) => {
            let path = need_db(&cli)?;
            let existed = path.exists();
            let made = demo(path, &config, args);
            if made.is_err() && !existed {
                // A half-written demo is no shop: leave nothing behind.
                remove_database(path);
            }
            made
        }
        Some(Cmd::Check) => {
            let store = open_existing(need_db(&cli)?, Access::ReadOnly)?;
            let report = check(&store)?;
            if report.is_clean() {
                println!(
                    "ok: {} events, every projection equals its rebuild",
                    report.events
                );
                Ok(())
            } else {
                for d in &report.differences {
                    println!("{}", printable(&d.to_string()));
                }
                bail!(
                    "{} differences between the stored projections and a rebuild from {} events",
                    report.differences.len(),
                    report.events
                )
            }
        }
        Some(Cmd::Stock(args)) => stock(&cli, args),
        Some(Cmd::Init(args)) => shop_cmds::init(need_db(&cli)?, args),
        Some(Cmd::Settings(args)) => shop_cmds::run(need_db(&cli)?, args),
        Some(Cmd::Location(cmd)) => stock_cmds::location(need_db(&cli)?, cmd),
        Some(Cmd::Receive(args)) => stock_cmds::receive(need_db(&cli)?, args),
        Some(Cmd::Transfer(args)) => stock_cmds::transfer(need_db(&cli)?, args),
        Some(Cmd::Adjust(args)) => stock_cmds::adjust(need_db(&cli)?, args),
        Some(Cmd::Count(args)) => stock_cmds::count(need_db(&cli)?, args),
        Some(Cmd::Parties(args)) => books_cmds::parties(need_db(&cli)?, &config, args),
        Some(Cmd::Party(cmd)) => books_cmds::party(need_db(&cli)?, cmd),
        Some(Cmd::Khata(args)) => books_cmds::khata(need_db(&cli)?, &config, args),
        Some(Cmd::Cashbook(args)) => books_cmds::cashbook(need_db(&cli)?, &config, args),
        Some(Cmd::Remind(args)) => books_more::remind(need_db(&cli)?, &config, args),
        Some(Cmd::Statement(args)) => books_more::statement(need_db(&cli)?, &config, args),
        Some(Cmd::Staff(args)) => staff_cmds::staff_cmd(need_db(&cli)?, args),
        Some(Cmd::Attendance(args)) => attendance_cmds::attendance(need_db(&cli)?, &config, args),
        Some(Cmd::Report(args)) => report_cmds::run(need_db(&cli)?, &config, args),
        Some(Cmd::Bills(args)) => {
            let store = open_existing(need_db(&cli)?, Access::ReadOnly)?;
            let stdout = std::io::stdout();
            let mut out = std::io::BufWriter::new(stdout.lock());
            let tz = config.timezone();
            crate::bills_report::write_bills(&store, args.from, args.to, tz, args.json, &mut out)?;
            out.flush()?;
            Ok(())
        }
        Some(Cmd::Enroll(args)) => {
            let server = args
                .server
                .clone()
                .or_else(|| config.server.url.clone())
                .context(
                    "no sync server given: pass --server URL or set [server] url in the config",
                )?;
            crate::sync::enroll_command(need_db(&cli)?, &server, &args.code, args.json)
        }
        Some(Cmd::Sync(args)) => {
            let mode = if args.status {
                crate::sync::SyncMode::Status
            } else if args.once {
                crate::sync::SyncMode::Once
            } else {
                crate::sync::SyncMode::Forever
            };
            let server = args.server.clone().or_else(|| config.server.url.clone());
            crate::sync::sync_command(need_db(&cli)?, server.as_deref(), mode, args.json)
        }
        Some(Cmd::Export(ExportCmd::Events)) => {
            let store = open_existing(need_db(&cli)?, Access::ReadOnly)?;
            let stdout = std::io::stdout();
            let mut out = std::io::BufWriter::new(stdout.lock());
            // The store's callback speaks StoreError; keep the write error
            // itself so a closed pipe is still known as one.
            let mut write_error = None;
            let walked = store.for_each_event(|seq, e| {
                let line = serde_json::json!({
                    "seq": seq,
                    "event_id": e.event_id,
                    "device_id": e.device_id,
                    "device_seq": e.device_seq,
                    "type": e.payload.kind(),
                    "schema_version": e.payload.kind().current_version(),
                    "occurred_at": e.occurred_at,
                    "actor_id": e.actor,
                    "location_id": e.location_id,
                    "payload": serde_json::from_str::<serde_json::Value>(&e.payload.to_json()).unwrap_or_default(),
                });
                writeln!(out, "{line}").map_err(|err| {
                    let stop = crate::store::StoreError::Invalid(format!("cannot write: {err}"));
                    write_error = Some(err);
                    stop
                })
            });
            if let Some(err) = write_error {
                return Err(anyhow::Error::new(err).context("cannot write the events"));
            }
            walked?;
            out.flush()?;
            Ok(())
        }
        Some(Cmd::Import(ImportCmd::Catalogue { file })) => {
            let mut store = open_existing(need_db(&cli)?, Access::ReadWrite)?;
            let summary = crate::import::catalogue(&mut store, file)?;
            println!(
                "imported {} products and {} variants from {}",
                summary.products,
                summary.variants,
                file.display()
            );
            Ok(())
        }
    }
}

/// `galla demo`: a new demo shop in `path`.
fn demo(path: &Path, config: &Config, args: &DemoArgs) -> Result<()> {
    let mut store = Store::open(path, Access::ReadWrite)?;
    if store.event_count()? > 0 {
        bail!(
            "{} already holds a shop; the demo needs a new database file",
            path.display()
        );
    }
    let spec = DemoSpec {
        variants: args.variants as usize,
        days: args.days,
        seed: args.seed,
        end: args.end.unwrap_or(DemoSpec::default().end),
        counter: config.counter.code.clone(),
    };
    let started = std::time::Instant::now();
    let s = generate(&mut store, &spec)?;
    println!(
        "wrote {} products, {} variants, {} bills, {} events to {} in {:.1} s",
        s.products,
        s.variants,
        s.bills,
        s.events,
        path.display(),
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

/// Removes a database file and its WAL companions (errors ignored: this is
/// clean-up after a failure that is already being reported).
fn remove_database(path: &Path) {
    let _ = std::fs::remove_file(path);
    for suffix in ["-wal", "-shm"] {
        let mut companion = path.as_os_str().to_owned();
        companion.push(suffix);
        let _ = std::fs::remove_file(companion);
    }
}

fn stock(cli: &Cli, args: &StockArgs) -> Result<()> {
    let store = open_existing(need_db(cli)?, Access::ReadOnly)?;
    if let Some(name) = &args.location
        && !store.locations()?.iter().any(|l| &l.name == name)
    {
        let names: Vec<String> = store.locations()?.into_iter().map(|l| l.name).collect();
        bail!(
            "there is no location named {name:?}; the locations are: {}",
            names.join(", ")
        );
    }
    let mut levels = store.stock_levels(args.location.as_deref())?;
    if let Some(query) = &args.search {
        let entries = store.search_entries()?;
        let skus: Vec<String> = entries.iter().map(|e| e.sku.clone()).collect();
        let mut index = crate::search::SearchIndex::new(entries);
        let matches = index.filter(query, None);
        let order: std::collections::HashMap<&str, usize> = matches
            .rows
            .iter()
            .enumerate()
            .map(|(rank, &row)| (skus[row as usize].as_str(), rank))
            .collect();
        levels.retain(|l| order.contains_key(l.sku.as_str()));
        levels.sort_by_key(|l| order.get(l.sku.as_str()).copied().unwrap_or(usize::MAX));
    }
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    for l in &levels {
        if args.json {
            writeln!(out, "{}", serde_json::to_string(l)?)?;
        } else {
            writeln!(
                out,
                "{:<12} {:<40} {:<10} {:>8}",
                printable(&l.sku),
                printable(&l.name),
                printable(&l.location),
                l.qty
            )?;
        }
    }
    out.flush()?;
    Ok(())
}
