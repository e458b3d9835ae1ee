//! `galla parties`, `galla party add|edit`, `galla khata [got|gave]`,
//! `galla cashbook [in|out|close]` and `galla remind`: the khata and cash
//! book from the command line, `--json` for scripts. The rules are in
//! `crate::books`; a bad value is refused in words and nothing is written.

use anyhow::{Result, bail};
use chrono::{NaiveDate, Utc};
use serde_json::json;
use std::io::Write;
use std::path::Path;

pub use super::books_args::*;
use crate::books::cashbook::{self, Count, Flow};
use crate::books::khata::{self, Direction, Entry, PartyForm};
use crate::config::Config;
use crate::store::{Access, BookLine, KhataLine, PartyRow, Store};
use crate::text::printable;
use galla_domain::{Money, PartyKind};

fn kind(raw: &str) -> PartyKind {
    if raw == "supplier" {
        PartyKind::Supplier
    } else {
        PartyKind::Customer
    }
}

fn today(config: &Config) -> NaiveDate {
    Utc::now().with_timezone(&config.timezone()).date_naive()
}

fn terms(store: &Store) -> Result<u16> {
    Ok(crate::settings::terms_days(&store.shop_settings()?))
}

fn row_json(r: &PartyRow) -> serde_json::Value {
    json!({
        "party_id": r.party.party_id,
        "name": r.party.name,
        "phone": r.party.phone,
        "kind": crate::store::enum_name(&r.party.kind),
        "balance_paise": r.balance.paise(),
        "credit_limit_paise": r.party.credit_limit.paise(),
        "outstanding_paise": r.ageing.outstanding.paise(),
        "overdue_paise": r.ageing.overdue.paise(),
        "oldest_due_date": r.ageing.oldest_due,
        "ageing_paise": r.ageing.buckets.map(|m| m.paise()),
        "last_activity": r.last_activity,
        "last_reminder": r.last_reminder,
    })
}

/// Runs `galla parties`.
pub fn parties(db: &Path, config: &Config, args: &PartiesArgs) -> Result<()> {
    let store = super::open_existing(db, Access::ReadOnly)?;
    let day = args.as_of.unwrap_or_else(|| today(config));
    let rows = store.party_rows(
        args.kind.as_deref().map(kind),
        day,
        config.timezone(),
        terms(&store)?,
    )?;
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    if args.json {
        for r in &rows {
            writeln!(out, "{}", row_json(r))?;
        }
        out.flush()?;
        return Ok(());
    }
    if rows.is_empty() {
        writeln!(out, "no parties yet — add one with `galla party add`")?;
        out.flush()?;
        return Ok(());
    }
    writeln!(
        out,
        "{:<24} {:<11} {:<9} {:>13} {:>12} {:>8} {:>10}",
        "name", "phone", "", "balance", "overdue", "oldest", "last"
    )?;
    let tz = config.timezone();
    let (mut get, mut give) = (Money::ZERO, Money::ZERO);
    for r in &rows {
        if r.balance > Money::ZERO {
            get += r.balance;
        } else {
            give += -r.balance;
        }
        writeln!(out, "{}", party_line(r, day, tz))?;
    }
    writeln!(out, "you will get {get} · you will give {give}")?;
    out.flush()?;
    Ok(())
}

/// One row of the parties table: direction in words, the overdue part, the
/// age of the oldest open amount in days, and the day the khata last moved.
fn party_line(r: &PartyRow, day: NaiveDate, tz: chrono_tz::Tz) -> String {
    let name: String = crate::text::printable(&r.party.name)
        .chars()
        .take(24)
        .collect();
    let direction = match r.balance {
        b if b > Money::ZERO => "will get",
        b if b < Money::ZERO => "will give",
        _ => "settled",
    };
    let overdue = if r.ageing.overdue.is_zero() {
        String::new()
    } else {
        r.ageing.overdue.to_string()
    };
    let oldest = r
        .ageing
        .oldest
        .map(|d| format!("{} d", (day - d).num_days()))
        .unwrap_or_default();
    let last = r
        .last_activity
        .map(|t| t.with_timezone(&tz).format("%d %b").to_string())
        .unwrap_or_default();
    format!(
        "{name:<24} {:<11} {direction:<9} {:>13} {overdue:>12} {oldest:>8} {last:>10}",
        r.party.phone.as_deref().unwrap_or("-"),
        r.balance.abs().to_string(),
    )
}

fn form(fields: &PartyFields, base: Option<&galla_domain::Party>) -> PartyForm {
    let mut f = base.map(PartyForm::from_party).unwrap_or_default();
    let set = |slot: &mut String, new: &Option<String>| {
        if let Some(v) = new {
            slot.clone_from(v);
        }
    };
    set(&mut f.name, &fields.name);
    set(&mut f.phone, &fields.phone);
    set(&mut f.address, &fields.address);
    set(&mut f.state, &fields.state);
    set(&mut f.gstin, &fields.gstin);
    set(&mut f.credit_limit, &fields.credit_limit);
    set(&mut f.terms_days, &fields.terms);
    set(&mut f.notes, &fields.notes);
    if let Some(w) = fields.whatsapp.as_deref() {
        f.whatsapp = w == "yes";
    }
    f
}

/// Runs `galla party add|edit`.
pub fn party(db: &Path, cmd: &PartyCmd) -> Result<()> {
    let mut store = super::open_existing(db, Access::ReadWrite)?;
    match cmd {
        PartyCmd::Add {
            kind: k,
            fields,
            opening,
            json,
        } => {
            let mut f = form(fields, None);
            f.opening = opening.clone().unwrap_or_default();
            let party = khata::add_party(&mut store, kind(k), &f)?;
            let balance = store.party_balance(party.party_id)?;
            if *json {
                writeln!(
                    std::io::stdout().lock(),
                    "{}",
                    json!({"party_id": party.party_id, "name": party.name, "phone": party.phone, "balance_paise": balance.paise()})
                )?;
            } else {
                writeln!(
                    std::io::stdout().lock(),
                    "added {} {} (balance {balance})",
                    k,
                    printable(&party.name)
                )?;
            }
        }
        PartyCmd::Edit { party, fields } => {
            let found = store.find_party(party)?;
            let changed = khata::change_party(&mut store, &found, &form(fields, Some(&found)))?;
            writeln!(
                std::io::stdout().lock(),
                "changed {}",
                printable(&changed.name)
            )?;
        }
    }
    Ok(())
}

fn line_json(l: &KhataLine) -> serde_json::Value {
    json!({
        "at": l.at,
        "what": l.why.as_str(),
        "bill_no": l.bill_no,
        "mode": l.mode.map(|m| crate::store::enum_name(&m)),
        "amount_paise": l.amount.paise(),
        "balance_paise": l.balance.paise(),
        "note": l.note,
        "reference": l.reference,
        "head": l.head,
    })
}

/// Runs `galla khata`.
pub fn khata(db: &Path, config: &Config, args: &KhataArgs) -> Result<()> {
    if let Some(cmd) = &args.cmd {
        let (direction, e) = match cmd {
            KhataCmd::Got(e) => (Direction::Got, e),
            KhataCmd::Gave(e) => (Direction::Gave, e),
        };
        let mut store = super::open_existing(db, Access::ReadWrite)?;
        let party = store.find_party(&e.party)?;
        let entry = Entry::check(
            direction,
            &e.amount,
            khata::mode(&e.mode)?,
            e.note.as_deref(),
            e.reference.as_deref(),
        )?;
        let balance = khata::record(&mut store, &party, &entry)?;
        writeln!(
            std::io::stdout().lock(),
            "recorded: {} {} {} — balance {balance}",
            if direction == Direction::Got {
                "got"
            } else {
                "gave"
            },
            entry.amount,
            printable(&party.name)
        )?;
        return Ok(());
    }
    let Some(who) = &args.party else {
        bail!("say whose khata with --party NAME_OR_PHONE (`galla parties` lists them)");
    };
    let store = super::open_existing(db, Access::ReadOnly)?;
    let party = store.find_party(who)?;
    let tz = config.timezone();
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    for l in store.khata_lines(party.party_id)? {
        if args.json {
            writeln!(out, "{}", line_json(&l))?;
        } else {
            writeln!(
                out,
                "{}  {:<22} {:>14} {:>14}",
                l.at.with_timezone(&tz).format("%Y-%m-%d %H:%M"),
                printable(&khata::describe(&l)),
                l.amount.to_string(),
                l.balance.to_string()
            )?;
        }
    }
    out.flush()?;
    Ok(())
}

fn book_line_json(l: &BookLine, tz: chrono_tz::Tz) -> serde_json::Value {
    json!({
        "at": l.at,
        "time": l.at.with_timezone(&tz).format("%H:%M").to_string(),
        "mode": crate::store::enum_name(&l.mode),
        "what": l.why.as_str(),
        "amount_paise": l.amount.paise(),
        "balance_paise": l.balance.paise(),
        "party": l.party,
        "bill_no": l.bill_no,
        "head": l.head,
        "note": l.note,
        "reference": l.reference,
        "late": l.late,
    })
}

/// Runs `galla cashbook`.
pub fn cashbook(db: &Path, config: &Config, args: &CashbookArgs) -> Result<()> {
    let tz = config.timezone();
    let now = today(config);
    match &args.cmd {
        Some(CashbookCmd::In(c) | CashbookCmd::Out(c)) => {
            let flow = if matches!(args.cmd, Some(CashbookCmd::In(_))) {
                Flow::In
            } else {
                Flow::Out
            };
            let mut store = super::open_existing(db, Access::ReadWrite)?;
            let drawer = cashbook::entry(
                &mut store,
                flow,
                &c.amount,
                &c.category,
                c.note.as_deref(),
                c.staff.as_deref(),
            )?;
            writeln!(
                std::io::stdout().lock(),
                "recorded — the drawer holds {drawer}"
            )?;
            Ok(())
        }
        Some(CashbookCmd::Close {
            counted,
            notes,
            note,
            date,
            json,
        }) => {
            let count = match (counted, notes) {
                (Some(c), _) => Count::Total(c.clone()),
                (None, Some(n)) => Count::parse_notes(n)?,
                (None, None) => bail!("give --counted RUPEES or --notes 500x3,100x2"),
            };
            let mut store = super::open_existing(db, Access::ReadWrite)?;
            let day = date.unwrap_or(now);
            let closed = cashbook::close_day(&mut store, tz, now, day, &count, note.as_deref())?;
            let close = closed.book.close.unwrap_or(crate::store::DayClose {
                at: Utc::now(),
                expected: closed.book.expected(),
                counted: closed.book.closing(),
            });
            if *json {
                writeln!(
                    std::io::stdout().lock(),
                    "{}",
                    json!({"date": day, "expected_paise": close.expected.paise(),
                           "counted_paise": close.counted.paise(),
                           "difference_paise": closed.difference.paise()})
                )?;
            } else {
                for line in crate::print::close_slip(&closed.book, 32, tz) {
                    writeln!(std::io::stdout().lock(), "{}", printable(&line))?;
                }
            }
            Ok(())
        }
        None if args.all_counters => {
            let store = super::open_existing(db, Access::ReadOnly)?;
            super::books_more::shop_day(&store, args.date.unwrap_or(now), tz, args.json)
        }
        None => {
            let store = super::open_existing(db, Access::ReadOnly)?;
            let book = store.day_book(store.device_id(), args.date.unwrap_or(now), tz)?;
            if args.json {
                let (cash_in, cash_out) = book.cash_in_out();
                writeln!(
                    std::io::stdout().lock(),
                    "{}",
                    json!({
                        "date": book.date,
                        "opening_paise": book.opening.paise(),
                        "cash_in_paise": cash_in.paise(),
                        "cash_out_paise": cash_out.paise(),
                        "closing_paise": book.closing().paise(),
                        "bank_paise": book.bank_total().paise(),
                        "closed": book.close.map(|c| json!({"at": c.at, "expected_paise": c.expected.paise(), "counted_paise": c.counted.paise()})),
                        "cash": book.cash.iter().map(|l| book_line_json(l, tz)).collect::<Vec<_>>(),
                        "bank": book.bank.iter().map(|l| book_line_json(l, tz)).collect::<Vec<_>>(),
                    })
                )?;
            } else {
                for line in crate::print::close_slip(&book, 48, tz) {
                    writeln!(std::io::stdout().lock(), "{}", printable(&line))?;
                }
            }
            Ok(())
        }
    }
}
