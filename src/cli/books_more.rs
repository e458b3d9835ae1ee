//! `galla remind`, `galla statement` and `galla cashbook --all-counters`:
//! the khata's and cash book's outputs for other people (a customer, the
//! owner), split from `books_cmds` to keep each file to one screenful of
//! concerns.

use anyhow::{Result, bail};
use chrono::NaiveDate;
use serde_json::json;
use std::io::Write;
use std::path::Path;

use super::books_args::{RemindArgs, StatementArgs};
use crate::books::remind::{self, Language, ShopFacts};
use crate::config::Config;
use crate::store::{Access, PartyRow, Store};
use galla_domain::{Money, PartyKind};

fn today(config: &Config) -> NaiveDate {
    chrono::Utc::now()
        .with_timezone(&config.timezone())
        .date_naive()
}

/// Runs `galla remind`.
pub fn remind(db: &Path, config: &Config, args: &RemindArgs) -> Result<()> {
    let access = if args.sent {
        Access::ReadWrite
    } else {
        Access::ReadOnly
    };
    let mut store = super::open_existing(db, access)?;
    let settings = store.shop_settings()?;
    let tz = config.timezone();
    let rows = store.party_rows(
        Some(PartyKind::Customer),
        args.as_of.unwrap_or_else(|| today(config)),
        tz,
        crate::settings::terms_days(&settings),
    )?;
    let chosen: Vec<PartyRow> = match &args.party {
        Some(who) => {
            let party = store.find_party(who)?;
            let row = rows
                .into_iter()
                .find(|r| r.party.party_id == party.party_id);
            match row {
                Some(r) => vec![r],
                None => bail!(
                    "{} is a supplier — reminders are for customers who owe the shop",
                    party.name
                ),
            }
        }
        None => {
            let mut due: Vec<PartyRow> = rows
                .into_iter()
                .filter(|r| !r.ageing.overdue.is_zero())
                .collect();
            due.sort_by_key(|r| r.ageing.oldest_due);
            if due.is_empty() {
                eprintln!("no customer has an overdue amount");
            }
            due
        }
    };
    let text = |k: &str| settings.get(k).and_then(|v| v.as_str()).map(str::to_string);
    let shop = ShopFacts {
        name: text("shop.name").unwrap_or_else(|| config.shop.name.clone()),
        upi: text("shop.upi").or_else(|| config.shop.upi_vpa.clone()),
        language: Language::from_setting(text("khata.reminder_language").as_deref()),
        tz,
    };
    for (i, row) in chosen.iter().enumerate() {
        let lines = store.khata_lines(row.party.party_id)?;
        let r = remind::reminder(&shop, row, &lines)?;
        if args.sent {
            remind::record(&mut store, row, &r, "command line")?;
        }
        let party = &row.party;
        if args.json {
            writeln!(
                std::io::stdout().lock(),
                "{}",
                json!({"party": party.name, "phone": party.phone, "amount_paise": r.amount.paise(),
                       "overdue_paise": row.ageing.overdue.paise(),
                       "text": r.text, "whatsapp": r.whatsapp, "upi": r.upi})
            )?;
        } else {
            if i > 0 {
                writeln!(std::io::stdout().lock(), "\n----")?;
            }
            writeln!(
                std::io::stdout().lock(),
                "{}",
                crate::text::printable_lines(&r.text)
            )?;
            if let Some(w) = &r.whatsapp {
                writeln!(std::io::stdout().lock(), "\n{w}")?;
            }
        }
    }
    Ok(())
}

/// Runs `galla statement`.
pub fn statement(db: &Path, config: &Config, args: &StatementArgs) -> Result<()> {
    if let (Some(f), Some(t)) = (args.from, args.to)
        && f > t
    {
        bail!("--from {f} is after --to {t}");
    }
    if args.format == "pdf" && args.out.is_none() {
        bail!("a PDF is written to a file: add --out FILE.pdf");
    }
    let store = super::open_existing(db, Access::ReadOnly)?;
    let party = store.find_party(&args.party)?;
    let settings = store.shop_settings()?;
    let shop = settings
        .get("shop.name")
        .and_then(|v| v.as_str())
        .map(str::to_string)
        .unwrap_or_else(|| config.shop.name.clone());
    let lines = store.khata_lines(party.party_id)?;
    let st = crate::books::statement::Statement::new(
        &shop,
        party,
        lines,
        args.from,
        args.to,
        config.timezone(),
    );
    let bytes = match args.format.as_str() {
        "csv" => st.csv().into_bytes(),
        "pdf" => st.pdf(),
        _ => {
            let mut t = st.text(48).join("\n");
            t.push('\n');
            t.into_bytes()
        }
    };
    match &args.out {
        Some(path) => {
            std::fs::write(path, &bytes)
                .map_err(|e| anyhow::anyhow!("could not write {}: {e}", path.display()))?;
            eprintln!(
                "wrote {}'s statement to {} (closing balance {})",
                st.party.name,
                path.display(),
                st.closing
            );
        }
        None => {
            let stdout = std::io::stdout();
            let mut out = stdout.lock();
            out.write_all(&bytes)?;
            out.flush()?;
        }
    }
    Ok(())
}

/// `galla cashbook --all-counters`: each counter's drawer and bank, and the
/// shop's total.
pub fn shop_day(store: &Store, date: NaiveDate, tz: chrono_tz::Tz, as_json: bool) -> Result<()> {
    let books = store.shop_day(date, tz)?;
    let drawers: Money = books.iter().map(|(_, b)| b.closing()).sum();
    let bank: Money = books.iter().map(|(_, b)| b.bank_total()).sum();
    if as_json {
        let rows: Vec<_> = books
            .iter()
            .map(|(label, b)| {
                json!({"counter": label, "device_id": b.device_id, "opening_paise": b.opening.paise(),
                       "closing_paise": b.closing().paise(), "bank_paise": b.bank_total().paise(),
                       "closed": b.close.is_some()})
            })
            .collect();
        writeln!(
            std::io::stdout().lock(),
            "{}",
            json!({"date": date, "counters": rows, "cash_paise": drawers.paise(), "bank_paise": bank.paise()})
        )?;
        return Ok(());
    }
    writeln!(
        std::io::stdout().lock(),
        "{:<16} {:>14} {:>14} {:>14}  closed",
        "counter",
        "opening",
        "drawer",
        "UPI/card"
    )?;
    for (label, b) in &books {
        writeln!(
            std::io::stdout().lock(),
            "{:<16} {:>14} {:>14} {:>14}  {}",
            label,
            b.opening.to_string(),
            b.closing().to_string(),
            b.bank_total().to_string(),
            if b.close.is_some() { "yes" } else { "no" }
        )?;
    }
    writeln!(
        std::io::stdout().lock(),
        "{:<16} {:>14} {:>14} {:>14}",
        "shop",
        "",
        drawers.to_string(),
        bank.to_string()
    )?;
    Ok(())
}
