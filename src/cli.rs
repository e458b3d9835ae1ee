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

mod acting;
mod attendance_cmds;
mod backup_cmds;
mod books_args;
mod books_cmds;
mod books_more;
mod catalogue_cmds;
mod report_cmds;
mod shop_cmds;
mod staff_cmds;
mod stock_cmds;
mod users_cmds;

use acting::{credentials, signed};

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
    /// Your PIN, once users are set up: what the command records is yours
    /// (or set GALLA_PIN, which `ps` does not show).
    #[arg(long, global = true, value_name = "PIN")]
    pub sign_in: Option<String>,
    /// A manager's PIN approving what you may not do alone (or set
    /// GALLA_APPROVE_PIN); the approval is recorded on the event.
    #[arg(long, global = true, value_name = "PIN")]
    pub approve: Option<String>,
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
    /// Receive goods into a location from a CSV (sku, qty, cost): a purchase with no supplier.
    Receive(stock_cmds::ReceiveArgs),
    /// A supplier's invoice from a CSV of lines: paid now or on credit; --return sends goods back.
    Purchase(stock_cmds::PurchaseArgs),
    /// A new shop's opening stock from a CSV (sku, location, qty); all rows or none.
    Opening(stock_cmds::OpeningArgs),
    /// Add a product with its size × colour grid, change, stop or start selling an item, or show it.
    #[command(subcommand)]
    Product(catalogue_cmds::ProductCmd),
    /// Barcode labels: an A4 PDF sheet, or the thermal printer.
    Labels(catalogue_cmds::LabelArgs),
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
    /// Who signs in, with which role, and what each role may do.
    Users(users_cmds::UsersArgs),
    /// Every event in words: who did what, when, at which counter.
    Audit(users_cmds::AuditArgs),
    /// Write a checked copy of the database to a new file (safe while galla runs).
    Backup(backup_cmds::BackupArgs),
    /// Put a backup back in place of the database.
    Restore(backup_cmds::RestoreArgs),
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
    /// Add what each item cost and its margin (for those who may see costs).
    #[arg(long)]
    pub costs: bool,
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
    /// A `galla export events` file into a new, empty database (all lines
    /// or none); it carries on as the counter that wrote the file.
    Events {
        /// The events file.
        file: PathBuf,
        /// This counter's code (default: the one its bills were numbered with).
        #[arg(long)]
        counter: Option<String>,
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
    signed(Store::open(path, access)?)
}

fn run(cli: Cli) -> Result<()> {
    let config = load_config(&cli)?;
    acting::set(&cli, &config);
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
            crate::tui::run(&config.for_screen(cli.demo), &path, cli.read_only)
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
        Some(Cmd::Stock(args)) => stock_cmds::stock(need_db(&cli)?, args),
        Some(Cmd::Init(args)) => shop_cmds::init(need_db(&cli)?, args),
        Some(Cmd::Settings(args)) => shop_cmds::run(need_db(&cli)?, args),
        Some(Cmd::Location(cmd)) => stock_cmds::location(need_db(&cli)?, cmd),
        Some(Cmd::Receive(args)) => stock_cmds::receive(need_db(&cli)?, args),
        Some(Cmd::Purchase(args)) => stock_cmds::purchase(need_db(&cli)?, args),
        Some(Cmd::Opening(args)) => stock_cmds::opening(need_db(&cli)?, args),
        Some(Cmd::Product(cmd)) => catalogue_cmds::product(need_db(&cli)?, cmd),
        Some(Cmd::Labels(args)) => catalogue_cmds::labels(need_db(&cli)?, &config, args),
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
            credentials().require(&store, galla_domain::access::Permission::SeeReports)?;
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
        Some(Cmd::Export(ExportCmd::Events)) => backup_cmds::export_events(need_db(&cli)?),
        Some(Cmd::Import(ImportCmd::Events { file, counter })) => {
            backup_cmds::import_events(need_db(&cli)?, file, counter.as_deref())
        }
        Some(Cmd::Users(args)) => users_cmds::users(need_db(&cli)?, args),
        Some(Cmd::Audit(args)) => users_cmds::audit(need_db(&cli)?, &config, args),
        Some(Cmd::Backup(args)) => backup_cmds::backup(need_db(&cli)?, args),
        Some(Cmd::Restore(args)) => backup_cmds::restore(need_db(&cli)?, args),
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
