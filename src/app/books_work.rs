//! The runner's work for the Khata and Cashbook panes: read the parties,
//! a ledger and a day's book; record money got or given, a new party, cash
//! in or out and the day's close — each checked by the rules in
//! `crate::books`, never by the screen — and make a reminder. Every answer
//! is an action; a refusal comes back in words and writes nothing.

use chrono::{NaiveDate, Utc};
use chrono_tz::Tz;
use galla_domain::PartyId;

use super::action::{Action, CashWrite, KhataWrite, ReminderShown};
use super::till::TillSetup;
use crate::books::cashbook::{self, Count, Flow};
use crate::books::khata::{self, Direction, Entry};
use crate::books::remind::{self, Language, ShopFacts};
use crate::print::{Align, Doc};
use crate::store::{PartyRow, Store};

fn today(tz: Tz) -> NaiveDate {
    Utc::now().with_timezone(&tz).date_naive()
}

fn rows(store: &Store, tz: Tz) -> anyhow::Result<Vec<PartyRow>> {
    let terms = crate::settings::terms_days(&store.shop_settings()?);
    Ok(store.party_rows(None, today(tz), tz, terms)?)
}

fn row(store: &Store, tz: Tz, party: PartyId) -> anyhow::Result<PartyRow> {
    rows(store, tz)?
        .into_iter()
        .find(|r| r.party.party_id == party)
        .ok_or_else(|| anyhow::anyhow!("that party is not in the khata any more"))
}

/// Reads every party with balance and ageing.
pub fn load_parties(store: &Store, tz: Tz) -> Action {
    match rows(store, tz) {
        Ok(rows) => Action::PartiesLoaded(rows),
        Err(e) => Action::EffectFailed(format!("The khata could not be read: {e}")),
    }
}

/// Reads one party's ledger.
pub fn load_khata(store: &Store, tz: Tz, party: PartyId) -> Action {
    let read = || -> anyhow::Result<Action> {
        let row = row(store, tz, party)?;
        let lines = store.khata_lines(party)?;
        Ok(Action::KhataLoaded {
            row: Box::new(row),
            lines,
        })
    };
    read().unwrap_or_else(|e| Action::EffectFailed(format!("The ledger could not be read: {e}")))
}

fn refused(read_only: bool) -> Option<Result<String, String>> {
    read_only.then(|| {
        Err("galla was started read-only (--read-only): nothing can be recorded".to_string())
    })
}

/// Records a khata entry or adds a party.
pub fn write_khata(store: &mut Store, write: KhataWrite, read_only: bool) -> Action {
    if let Some(r) = refused(read_only) {
        return Action::KhataWritten(r);
    }
    let result = match write {
        KhataWrite::Entry {
            party,
            direction,
            amount,
            mode,
            reference,
            note,
        } => (|| -> anyhow::Result<String> {
            let entry = Entry::check(
                direction,
                &amount,
                mode,
                note.as_deref(),
                reference.as_deref(),
            )?;
            let p = store
                .party(party)?
                .ok_or_else(|| anyhow::anyhow!("that party is not in the khata any more"))?;
            let balance = khata::record(store, &p, &entry)?;
            let word = match direction {
                Direction::Got => "got",
                Direction::Gave => "gave",
            };
            Ok(format!(
                "recorded: {word} {} — {} now {balance}",
                entry.amount, p.name
            ))
        })(),
        KhataWrite::EditParty { party, form } => (|| -> anyhow::Result<String> {
            let p = store
                .party(party)?
                .ok_or_else(|| anyhow::anyhow!("that party is not in the khata any more"))?;
            let changed = khata::change_party(store, &p, &form)?;
            Ok(format!("changed {}", changed.name))
        })(),
        KhataWrite::AddParty { kind, form } => khata::add_party(store, kind, &form).map(|p| {
            let balance = store.party_balance(p.party_id).unwrap_or_default();
            format!("added {} (balance {balance})", p.name)
        }),
    };
    Action::KhataWritten(result.map_err(|e| e.to_string()))
}

/// Makes a reminder for `party` and records that its link was copied.
pub fn make_reminder(
    store: &mut Store,
    tz: Tz,
    party: PartyId,
    shop_name: &str,
    read_only: bool,
) -> Action {
    let mut make = || -> anyhow::Result<ReminderShown> {
        let row = row(store, tz, party)?;
        let settings = store.shop_settings()?;
        let text = |k: &str| settings.get(k).and_then(|v| v.as_str()).map(str::to_string);
        let shop = ShopFacts {
            name: text("shop.name").unwrap_or_else(|| shop_name.to_string()),
            upi: text("shop.upi"),
            language: Language::from_setting(text("khata.reminder_language").as_deref()),
            tz,
        };
        let lines = store.khata_lines(party)?;
        let r = remind::reminder(&shop, &row, &lines)?;
        if r.whatsapp.is_some() && !read_only {
            remind::record(store, &row, &r, "whatsapp link copied")?;
        }
        Ok(ReminderShown {
            name: row.party.name.clone(),
            reminder: r,
        })
    };
    Action::ReminderMade(make().map(Box::new).map_err(|e| e.to_string()))
}

/// Reads this counter's book for `date` (today when `None`, and never a
/// day after today).
pub fn load_day_book(store: &Store, tz: Tz, date: Option<NaiveDate>) -> Action {
    let day = date.unwrap_or_else(|| today(tz)).min(today(tz));
    match store.day_book(store.device_id(), day, tz) {
        Ok(book) => Action::DayBookLoaded(Box::new(book)),
        Err(e) => Action::EffectFailed(format!("The cash book could not be read: {e}")),
    }
}

/// Reads every counter's book for `date` (today when `None`).
pub fn load_shop_day(store: &Store, tz: Tz, date: Option<NaiveDate>) -> Action {
    let day = date.unwrap_or_else(|| today(tz)).min(today(tz));
    match store.shop_day(day, tz) {
        Ok(books) => Action::ShopDayLoaded(books),
        Err(e) => Action::EffectFailed(format!("The cash books could not be read: {e}")),
    }
}

/// Records cash in or out, or closes the day.
pub fn write_cash(store: &mut Store, tz: Tz, write: CashWrite, read_only: bool) -> Action {
    if let Some(r) = refused(read_only) {
        return Action::CashWritten(r);
    }
    let result = match write {
        CashWrite::Entry {
            flow,
            amount,
            head,
            note,
            staff,
        } => cashbook::entry(
            store,
            flow,
            &amount,
            &head,
            note.as_deref(),
            staff.as_deref(),
        )
        .map(|drawer| {
            let word = if flow == Flow::In { "in" } else { "out" };
            format!("cash {word} ({head}) recorded — the drawer holds {drawer}")
        }),
        CashWrite::Close {
            date,
            counted,
            note,
        } => (|| -> anyhow::Result<String> {
            let count = if counted.contains(['x', 'X', '×']) {
                Count::parse_notes(&counted)?
            } else {
                Count::Total(counted.clone())
            };
            let today = today(tz);
            let closed = cashbook::close_day(
                store,
                tz,
                today,
                date.unwrap_or(today),
                &count,
                note.as_deref(),
            )?;
            let diff = if closed.difference.is_zero() {
                "no difference".to_string()
            } else {
                format!("difference {}", closed.difference)
            };
            Ok(format!(
                "closed {} — {diff}",
                closed.book.date.format("%d %b %Y")
            ))
        })(),
    };
    Action::CashWritten(result.map_err(|e| e.to_string()))
}

/// Prints this counter's cash book slip for `date` (the Z-report once the
/// day is closed) on the till's printer.
pub fn print_day_slip(store: &Store, till: &TillSetup, date: Option<NaiveDate>) -> Action {
    let tz = till.tz;
    let day = date.unwrap_or_else(|| today(tz)).min(today(tz));
    let book = match store.day_book(store.device_id(), day, tz) {
        Ok(b) => b,
        Err(e) => return Action::CashWritten(Err(format!("The cash book could not be read: {e}"))),
    };
    let width = till.paper.columns();
    let mut doc = Doc::new(width);
    doc.push(&till.shop.name, Align::Center, true);
    doc.push(&format!("Counter {}", till.counter), Align::Center, false);
    for line in crate::print::close_slip(&book, width, tz) {
        doc.push(&line, Align::Left, false);
    }
    let bytes = crate::print::encode(&doc, &till.escpos);
    Action::CashWritten(
        crate::print::print(&bytes, &till.printer)
            .map(|()| format!("printed the cash book slip for {}", day.format("%d %b %Y")))
            .map_err(|e| format!("The slip did not print: {e}")),
    )
}

/// Prints a party's whole statement on the till's printer.
pub fn print_statement(store: &Store, till: &TillSetup, party: PartyId) -> Action {
    let make = || -> anyhow::Result<String> {
        let p = store
            .party(party)?
            .ok_or_else(|| anyhow::anyhow!("that party is not in the khata any more"))?;
        let lines = store.khata_lines(party)?;
        let st =
            crate::books::statement::Statement::new(&till.shop.name, p, lines, None, None, till.tz);
        let width = till.paper.columns();
        let mut doc = Doc::new(width);
        doc.push(&till.shop.name, Align::Center, true);
        for line in st.text(width) {
            doc.push(&line, Align::Left, false);
        }
        let bytes = crate::print::encode(&doc, &till.escpos);
        crate::print::print(&bytes, &till.printer)
            .map_err(|e| anyhow::anyhow!("the statement did not print: {e}"))?;
        Ok(format!("printed {}'s statement", st.party.name))
    };
    Action::KhataWritten(make().map_err(|e| e.to_string()))
}
