//! The command-line side of stock (`galla stock`, with costs for those who
//! may see them) and stock operations (`galla location`, `receive`,
//! `transfer`, `adjust`, `count`): arguments and the lines printed. The work
//! is in `crate::stockops`.

use anyhow::{Result, bail};
use clap::{Args, Subcommand};
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::stockops;
use crate::store::{Access, Store};
use crate::text::printable;

/// `galla location`.
#[derive(Subcommand, Debug)]
pub enum LocationCmd {
    /// Add a location (a shop floor, a godown) to sell from or keep stock in.
    Add {
        /// Its name, e.g. "Shop floor" or "Godown".
        name: String,
    },
    /// List the locations.
    List,
}

/// `galla receive`: goods received into a location.
#[derive(Args, Debug)]
pub struct ReceiveArgs {
    /// Where the goods go (a location's name).
    #[arg(long)]
    pub location: String,
    /// The supplier's invoice number.
    #[arg(long)]
    pub invoice: Option<String>,
    /// A CSV with the columns sku (or barcode), qty and optionally cost.
    pub file: PathBuf,
}

/// `galla transfer`: goods moved between two locations.
#[derive(Args, Debug)]
pub struct TransferArgs {
    /// From this location.
    #[arg(long)]
    pub from: String,
    /// To this location.
    #[arg(long)]
    pub to: String,
    /// The item's SKU or barcode.
    pub item: String,
    /// How many.
    pub qty: String,
}

/// `galla adjust`: a correction with a reason.
#[derive(Args, Debug)]
pub struct AdjustArgs {
    /// At this location.
    #[arg(long)]
    pub location: String,
    /// count, damage, theft, opening or other (other needs --note).
    #[arg(long)]
    pub reason: String,
    /// Why, in words.
    #[arg(long)]
    pub note: Option<String>,
    /// The item's SKU or barcode.
    pub item: String,
    /// The change: -2 for two lost, 5 (or +5) for five found.
    #[arg(allow_hyphen_values = true)]
    pub delta: String,
}

/// `galla count`: what a physical count found.
#[derive(Args, Debug)]
pub struct CountArgs {
    /// At this location.
    #[arg(long)]
    pub location: String,
    /// The item's SKU or barcode.
    pub item: String,
    /// How many were counted.
    pub counted: String,
}

fn open(db: &Path) -> Result<Store> {
    if !db.exists() {
        anyhow::bail!("there is no shop database at {}", db.display());
    }
    super::signed(Store::open(db, Access::ReadWrite)?)
}

/// Runs `galla location ...`.
pub fn location(db: &Path, cmd: &LocationCmd) -> Result<()> {
    match cmd {
        LocationCmd::Add { name } => {
            let mut store = super::signed(Store::open(db, Access::ReadWrite)?)?;
            let l = stockops::add_location(&mut store, name)?;
            println!("added the location {}", printable(&l.name));
        }
        LocationCmd::List => {
            use std::io::Write;
            let mut out = std::io::stdout().lock();
            for l in open(db)?.locations()? {
                writeln!(out, "{}", printable(&l.name))?;
            }
        }
    }
    Ok(())
}

/// Runs `galla receive`.
pub fn receive(db: &Path, args: &ReceiveArgs) -> Result<()> {
    let mut store = open(db)?;
    let r = stockops::receive(&mut store, &args.location, &args.file, args.invoice.clone())?;
    println!(
        "received {} into {} (cost {})",
        crate::text::count(r.lines, "line", "lines"),
        printable(&args.location),
        r.cost
    );
    Ok(())
}

/// Runs `galla transfer`.
pub fn transfer(db: &Path, args: &TransferArgs) -> Result<()> {
    let mut store = open(db)?;
    let q = stockops::transfer(&mut store, &args.from, &args.to, &args.item, &args.qty)?;
    println!(
        "moved {q} of {} from {} to {}",
        printable(&args.item),
        printable(&args.from),
        printable(&args.to)
    );
    Ok(())
}

/// Runs `galla adjust`.
pub fn adjust(db: &Path, args: &AdjustArgs) -> Result<()> {
    let mut store = open(db)?;
    let reason = stockops::reason(&args.reason)?;
    let (before, after) = stockops::adjust(
        &mut store,
        &args.location,
        &args.item,
        &args.delta,
        reason,
        args.note.clone(),
    )?;
    println!(
        "{} at {}: {before} → {after} ({})",
        printable(&args.item),
        printable(&args.location),
        reason.label()
    );
    Ok(())
}

/// Runs `galla count`.
pub fn count(db: &Path, args: &CountArgs) -> Result<()> {
    let mut store = open(db)?;
    let (before, counted) = stockops::count(&mut store, &args.location, &args.item, &args.counted)?;
    if before == counted {
        println!("{}: the count agrees ({counted})", printable(&args.item));
    } else {
        println!(
            "{} at {}: counted {counted}, the books said {before}; corrected",
            printable(&args.item),
            printable(&args.location)
        );
    }
    Ok(())
}

/// Runs `galla stock`.
pub fn stock(db: &Path, args: &super::StockArgs) -> Result<()> {
    let store = super::open_existing(db, Access::ReadOnly)?;
    if let Some(name) = &args.location
        && !store.locations()?.iter().any(|l| &l.name == name)
    {
        let names: Vec<String> = store.locations()?.into_iter().map(|l| l.name).collect();
        bail!(
            "there is no location named {name:?}; the locations are: {}",
            names.join(", ")
        );
    }
    if args.costs {
        super::credentials().require(&store, galla_domain::access::Permission::SeeCosts)?;
    }
    let mut levels = store.stock_levels(args.location.as_deref())?;
    if !args.costs {
        for l in &mut levels {
            (l.cost_paise, l.margin_paise) = (None, None);
        }
    }
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
            write!(
                out,
                "{:<12} {:<40} {:<10} {:>8}",
                printable(&l.sku),
                printable(&l.name),
                printable(&l.location),
                l.qty
            )?;
            if let (Some(cost), Some(margin)) = (l.cost_paise, l.margin_paise) {
                write!(
                    out,
                    " cost {} margin {}",
                    galla_domain::Money::from_paise(cost),
                    galla_domain::Money::from_paise(margin)
                )?;
            }
            writeln!(out)?;
        }
    }
    out.flush()?;
    Ok(())
}
