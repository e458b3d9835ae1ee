//! `galla init` (a new shop from nothing, for scripts and the README's first
//! steps) and `galla settings` (the shop settings every counter shares).
//! The rules are in `crate::settings`.

use anyhow::{Result, bail};
use clap::{Args, Subcommand};
use serde_json::{Value, json};
use std::path::Path;

use crate::settings::{self, SETTINGS};
use crate::store::{Access, Store};
use crate::text::printable;

pub use crate::settings::COUNTER_KEY;

/// `galla init`.
#[derive(Args, Debug)]
pub struct InitArgs {
    /// The shop's name, as on its bills.
    #[arg(long)]
    pub shop: String,
    /// Two-digit GST state code (27 for Maharashtra).
    #[arg(long)]
    pub state: String,
    /// The shop's GSTIN, when registered.
    #[arg(long)]
    pub gstin: Option<String>,
    /// The address on bills, lines separated by | ("12 MG Road|Jaipur").
    #[arg(long)]
    pub address: Option<String>,
    /// The UPI ID for QR payments (myshop@okaxis).
    #[arg(long)]
    pub upi: Option<String>,
    /// GST registration: regular, composition or unregistered (bills without tax).
    #[arg(long, default_value = "regular")]
    pub registration: String,
    /// This counter's code (1 to 4 capital letters or digits), in bill numbers.
    #[arg(long, default_value = "C1")]
    pub counter: String,
    /// The first location to sell from.
    #[arg(long, default_value = "Shop floor")]
    pub location: String,
    /// Print one JSON object.
    #[arg(long)]
    pub json: bool,
}

/// `galla settings`.
#[derive(Args, Debug)]
pub struct SettingsArgs {
    /// Change one setting.
    #[command(subcommand)]
    pub cmd: Option<SettingsCmd>,
    /// Print one JSON object.
    #[arg(long)]
    pub json: bool,
}

/// `galla settings set`.
#[derive(Subcommand, Debug)]
pub enum SettingsCmd {
    /// Change one setting (checked; a bad value changes nothing).
    Set {
        /// Which (`galla settings` lists them).
        key: String,
        /// The new value.
        value: String,
    },
}

/// Runs `galla init`: every value is checked before the file is made.
pub fn init(db: &Path, args: &InitArgs) -> Result<()> {
    let setup = settings::SetupAnswers {
        shop: args.shop.clone(),
        state: args.state.clone(),
        gstin: args.gstin.clone().unwrap_or_default(),
        registration: args.registration.clone(),
        address: args.address.clone().unwrap_or_default(),
        upi: args.upi.clone().unwrap_or_default(),
        counter: args.counter.clone(),
        location: args.location.clone(),
    }
    .check()?;
    let existed = db.exists();
    let mut store = Store::open(db, Access::ReadWrite)?;
    if let Err(e) = settings::init_shop(&mut store, &setup) {
        let fresh = !existed || store.event_count().unwrap_or(1) == 0;
        drop(store);
        if fresh && !existed {
            let _ = std::fs::remove_file(db);
        }
        return Err(e.into());
    }
    if args.json {
        println!(
            "{}",
            json!({"db": db, "shop": args.shop.trim(), "counter": setup.counter, "location": setup.location})
        );
    } else {
        println!(
            "made the shop {} at {} (counter {}, selling from {}). Next: add products \
             (`galla product add`, or `galla import catalogue`), buy stock (`galla purchase`, or \
             `galla opening` for what is on the shelves), then start galla with --db {} — \
             its Stock pane does the same by keys",
            printable(args.shop.trim()),
            db.display(),
            setup.counter,
            printable(&setup.location),
            db.display()
        );
    }
    Ok(())
}

/// Runs `galla settings` and `galla settings set`.
pub fn run(db: &Path, args: &SettingsArgs) -> Result<()> {
    if !db.exists() {
        bail!("there is no shop database at {}", db.display());
    }
    match &args.cmd {
        Some(SettingsCmd::Set { key, value }) => {
            let mut store = super::signed(Store::open(db, Access::ReadWrite)?)?;
            let stored = settings::set(&mut store, key, value)?;
            if args.json {
                println!("{}", json!({ "key": key, "value": stored }));
            } else {
                println!("{key} is now {}", shown(&stored));
            }
        }
        None => {
            let store = Store::open(db, Access::ReadOnly)?;
            let stored = store.shop_settings()?;
            if args.json {
                let all: serde_json::Map<String, Value> = SETTINGS
                    .iter()
                    .map(|s| {
                        (
                            s.key.to_string(),
                            stored.get(s.key).cloned().unwrap_or(Value::Null),
                        )
                    })
                    .collect();
                println!("{}", Value::Object(all));
            } else {
                // Written, not printed: `galla settings | head` ends quietly.
                use std::io::Write;
                let mut out = std::io::stdout().lock();
                for s in SETTINGS {
                    let value = stored.get(s.key).map_or("(not set)".to_string(), shown);
                    writeln!(out, "{:<21} {:<30} {}", s.key, printable(&value), s.what)?;
                }
            }
        }
    }
    Ok(())
}

fn shown(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        Value::Array(lines) => lines
            .iter()
            .filter_map(Value::as_str)
            .collect::<Vec<_>>()
            .join(" | "),
        Value::Bool(true) => "yes".into(),
        Value::Bool(false) => "no".into(),
        other => other.to_string(),
    }
}
