//! The command-line side of stock (`galla stock`, with costs for those who
//! may see them) and stock operations (`galla location`, `receive`,
//! `purchase`, `transfer`, `adjust`, `count`, `opening`): arguments and the
//! lines printed, or one JSON object with `--json`. The work is in
//! `crate::stockops`, the same functions the Stock pane calls.

use anyhow::{Result, bail};
use clap::{Args, Subcommand};
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::stockops::{self, Adjusted, Bought};
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
    /// Rename a location; its stock and history stay.
    Rename {
        /// Its name now.
        old: String,
        /// Its new name.
        new: String,
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
    /// Print one JSON object.
    #[arg(long)]
    pub json: bool,
    /// A CSV with the columns sku (or barcode), qty and optionally cost and gst_rate.
    pub file: PathBuf,
}

/// `galla purchase`: a supplier's invoice (or goods sent back to them).
#[derive(Args, Debug)]
pub struct PurchaseArgs {
    /// The supplier: a name, part of one, or a phone.
    #[arg(long)]
    pub supplier: String,
    /// Their invoice number (for a return: the debit note's or the invoice's).
    #[arg(long)]
    pub invoice: Option<String>,
    /// The date on their invoice, YYYY-MM-DD.
    #[arg(long)]
    pub date: Option<chrono::NaiveDate>,
    /// Where the goods go (default: the first location).
    #[arg(long)]
    pub location: Option<String>,
    /// The lines: sku (or barcode), qty, and optionally cost (per unit, before GST) and gst_rate.
    #[arg(long)]
    pub file: PathBuf,
    /// On the supplier's khata (a return: taken off what the shop owes).
    #[arg(long, conflicts_with = "paid")]
    pub credit: bool,
    /// Paid now: cash (from the drawer) or upi (UPI or bank); the default is cash.
    #[arg(long, value_name = "MODE")]
    pub paid: Option<String>,
    /// The UPI or bank reference.
    #[arg(long)]
    pub reference: Option<String>,
    /// Goods sent back to the supplier (a debit note).
    #[arg(long = "return")]
    pub returning: bool,
    /// Why goods go back.
    #[arg(long)]
    pub note: Option<String>,
    /// Print one JSON object.
    #[arg(long)]
    pub json: bool,
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
    /// Print one JSON object.
    #[arg(long)]
    pub json: bool,
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
    /// damaged, lost, found, sample, correction, count, opening or other
    /// (correction and other need --note).
    #[arg(long)]
    pub reason: String,
    /// Why, in words.
    #[arg(long)]
    pub note: Option<String>,
    /// Print one JSON object.
    #[arg(long)]
    pub json: bool,
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
    /// Print one JSON object.
    #[arg(long)]
    pub json: bool,
    /// The item's SKU or barcode.
    pub item: String,
    /// How many were counted.
    pub counted: String,
}

/// `galla opening`: a new shop's opening stock from a CSV.
#[derive(Args, Debug)]
pub struct OpeningArgs {
    /// Print one JSON object.
    #[arg(long)]
    pub json: bool,
    /// A CSV with the columns sku (or barcode), location and qty.
    pub file: PathBuf,
}

fn open(db: &Path) -> Result<Store> {
    if !db.exists() {
        anyhow::bail!("there is no shop database at {}", db.display());
    }
    super::signed(Store::open(db, Access::ReadWrite)?)
}

/// Prints `value` as one JSON line.
pub(crate) fn print_json(value: &impl serde::Serialize) -> Result<()> {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    writeln!(out, "{}", serde_json::to_string(value)?)?;
    Ok(())
}

/// Runs `galla location ...`.
pub fn location(db: &Path, cmd: &LocationCmd) -> Result<()> {
    match cmd {
        LocationCmd::Add { name } => {
            let mut store = super::signed(Store::open(db, Access::ReadWrite)?)?;
            let l = stockops::add_location(&mut store, name)?;
            println!("added the location {}", printable(&l.name));
        }
        LocationCmd::Rename { old, new } => {
            let mut store = open(db)?;
            let l = stockops::rename_location(&mut store, old, new)?;
            println!("{} is now called {}", printable(old), printable(&l.name));
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
    if args.json {
        return print_json(&r);
    }
    println!(
        "received {} into {} (cost {})",
        crate::text::count(r.lines, "line", "lines"),
        printable(&args.location),
        r.taxable()
    );
    Ok(())
}

fn say_bought(b: &Bought) {
    let who = b.supplier.as_deref().map(printable).unwrap_or_default();
    let verb = if b.kind == "return" {
        format!("sent back to {who} from")
    } else {
        format!("bought from {who} into")
    };
    println!(
        "{} {verb} {}: {} + GST {} = {} ({})",
        crate::text::count(b.lines, "line", "lines"),
        printable(&b.location),
        b.taxable(),
        galla_domain::Money::from_paise(b.tax_paise),
        b.total(),
        b.payment
    );
    if let Some(owed) = b.owed_to_supplier_paise {
        let owed = galla_domain::Money::from_paise(owed);
        println!("{who}'s khata: the shop owes {owed}");
    }
}

/// Runs `galla purchase`.
pub fn purchase(db: &Path, args: &PurchaseArgs) -> Result<()> {
    let mut store = open(db)?;
    let payment = if args.credit {
        "credit"
    } else {
        args.paid.as_deref().unwrap_or("cash")
    };
    let b = stockops::purchase_file(
        &mut store,
        &stockops::PurchaseArgs {
            supplier: &args.supplier,
            invoice: args.invoice.as_deref(),
            date: args.date,
            location: args.location.as_deref(),
            returning: args.returning,
            payment,
            reference: args.reference.as_deref(),
            note: args.note.as_deref(),
        },
        &args.file,
    )?;
    if args.json {
        return print_json(&b);
    }
    say_bought(&b);
    Ok(())
}

fn say_moved(a: &Adjusted) {
    for l in &a.lines {
        println!(
            "{} at {}: {} → {}",
            printable(&l.sku),
            printable(&l.location),
            l.before,
            l.after
        );
    }
}

/// Runs `galla transfer`.
pub fn transfer(db: &Path, args: &TransferArgs) -> Result<()> {
    let mut store = open(db)?;
    let a = stockops::transfer(&mut store, &args.from, &args.to, &args.item, &args.qty)?;
    if args.json {
        return print_json(&a);
    }
    let moved = a
        .lines
        .last()
        .map(|l| l.change.to_string())
        .unwrap_or_default();
    println!(
        "moved {moved} of {} from {} to {}",
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
    let a = stockops::adjust(
        &mut store,
        &args.location,
        &args.item,
        &args.delta,
        reason,
        args.note.as_deref(),
    )?;
    if args.json {
        return print_json(&a);
    }
    say_moved(&a);
    println!("reason: {}", reason.label());
    Ok(())
}

/// Runs `galla count`.
pub fn count(db: &Path, args: &CountArgs) -> Result<()> {
    let mut store = open(db)?;
    let (before, counted) = stockops::count(&mut store, &args.location, &args.item, &args.counted)?;
    if args.json {
        return print_json(&serde_json::json!({
            "sku": args.item,
            "location": args.location,
            "expected": crate::store::qty_json(before),
            "counted": crate::store::qty_json(counted),
            "corrected": before != counted,
        }));
    }
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

/// Runs `galla opening`.
pub fn opening(db: &Path, args: &OpeningArgs) -> Result<()> {
    let mut store = open(db)?;
    let a = stockops::opening(&mut store, &args.file)?;
    if args.json {
        return print_json(&a);
    }
    say_moved(&a);
    println!(
        "opening stock: {} written",
        crate::text::count(a.lines.len(), "row", "rows")
    );
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
