//! `galla users` (who signs in, with which role, and what each role may
//! do) and `galla audit` (every event in words, filtered by days, person,
//! type and counter; `--json` for scripts). People are added with `galla
//! staff add --role ... --pin ...`; what a role may do is a setting
//! (`galla settings set role.cashier discount,pay-out`).

use anyhow::Result;
use chrono::NaiveDate;
use clap::Args;
use galla_domain::access::{Permission, Role};
use serde_json::json;
use std::io::Write;
use std::path::Path;

use crate::audit::{self, Labels, Wanted};
use crate::config::Config;
use crate::store::{Access, AuditCursor, access_keys};
use crate::text::printable;

/// `galla users`.
#[derive(Args, Debug)]
pub struct UsersArgs {
    /// One JSON object.
    #[arg(long)]
    pub json: bool,
}

/// `galla audit`.
#[derive(Args, Debug)]
pub struct AuditArgs {
    /// The first shop-local day, YYYY-MM-DD.
    #[arg(long)]
    pub from: Option<NaiveDate>,
    /// The last shop-local day, YYYY-MM-DD, inclusive.
    #[arg(long)]
    pub to: Option<NaiveDate>,
    /// Only what this person did (a name, or part of one; "owner" for
    /// what was done before users were set up).
    #[arg(long)]
    pub actor: Option<String>,
    /// Only entries of this kind ("cancelled", "cash out", "sale", "price").
    #[arg(long = "type")]
    pub kind: Option<String>,
    /// Only what this counter recorded (its code, "C2").
    #[arg(long)]
    pub counter: Option<String>,
    /// At most this many entries.
    #[arg(long)]
    pub limit: Option<usize>,
    /// One JSON object per entry, a line each.
    #[arg(long)]
    pub json: bool,
}

/// Runs `galla users`.
pub fn users(db: &Path, args: &UsersArgs) -> Result<()> {
    let store = super::open_existing(db, Access::ReadOnly)?;
    let on = store.users_on()?;
    let policy = store.policy()?;
    let people: Vec<_> = store
        .staff_rows()?
        .into_iter()
        .filter(|r| Role::of(&r.staff.role).signs_in())
        .collect();
    let idle = store.setting_number(access_keys::IDLE_MINUTES)?;
    let backdate = store.setting_number(access_keys::BACKDATE_DAYS)?;
    let mut out = std::io::stdout().lock();
    if args.json {
        let roles: serde_json::Map<String, serde_json::Value> = Role::ALL
            .iter()
            .filter(|r| r.signs_in())
            .map(|r| {
                let names: Vec<&str> = policy.granted(*r).iter().map(|p| p.name()).collect();
                (r.as_str().to_string(), json!(names))
            })
            .collect();
        let users: Vec<_> = people
            .iter()
            .map(|r| {
                json!({"name": r.staff.name, "role": r.staff.role, "has_pin": r.staff.pin_hash.is_some(),
                       "status": r.status_word()})
            })
            .collect();
        let v = json!({"users_set_up": on, "users": users, "roles": roles,
                       "discount_percent": policy.discount_percent,
                       "idle_minutes": idle, "backdate_days": backdate});
        writeln!(out, "{v}")?;
        return Ok(());
    }
    if on {
        writeln!(out, "Users are set up: galla asks for a PIN on start.")?;
    } else {
        writeln!(
            out,
            "Users are not set up: galla opens as the owner with no PIN. Add an owner with a PIN \
             (galla staff add --role owner --pin 1234 --name …) to set them up."
        )?;
    }
    writeln!(out)?;
    for r in &people {
        let pin = if r.staff.pin_hash.is_some() {
            "PIN set"
        } else {
            "no PIN: cannot sign in"
        };
        writeln!(
            out,
            "{:<24} {:<8} {:<9} {pin}",
            printable(&r.staff.name),
            r.staff.role,
            r.status_word()
        )?;
    }
    writeln!(out)?;
    for role in Role::ALL.iter().filter(|r| r.signs_in()) {
        let granted = policy.granted(*role);
        let words: Vec<&str> = Permission::ALL
            .iter()
            .filter(|p| granted.contains(p))
            .map(|p| p.name())
            .collect();
        let words = match (words.is_empty(), role.writes()) {
            (true, true) => "sell and take money, nothing more".to_string(),
            (true, false) => "look up stock, nothing more".to_string(),
            (false, true) => words.join(", "),
            (false, false) => format!("look up stock; {}", words.join(", ")),
        };
        writeln!(out, "{:<8} may: {words}", role.as_str())?;
    }
    writeln!(
        out,
        "\nDiscounts above {}% need the discount permission. Idle sign-out: {}. Back-date lock: {}.",
        policy.discount_percent,
        match idle {
            Some(0) => "never".to_string(),
            Some(m) => format!("after {m} min"),
            None => format!("after {} min", crate::app::session::DEFAULT_IDLE_MINUTES),
        },
        match backdate {
            Some(d) => format!("{d} days"),
            None => "off".into(),
        }
    )?;
    Ok(())
}

/// Runs `galla audit`.
pub fn audit(db: &Path, config: &Config, args: &AuditArgs) -> Result<()> {
    let store = super::open_existing(db, Access::ReadOnly)?;
    super::credentials().require(&store, Permission::SeeAudit)?;
    let tz = config.timezone();
    let labels = Labels::read(&store)?;
    let wanted = Wanted {
        from: args.from,
        to: args.to,
        person: args.actor.clone(),
        kind: args.kind.clone(),
        counter: args.counter.clone(),
    };
    let filter = wanted.resolve(&labels, tz)?;
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let mut after: Option<AuditCursor> = None;
    let mut left = args.limit.unwrap_or(usize::MAX);
    while left > 0 {
        let page = audit::page(
            &store,
            &labels,
            &filter,
            after.as_ref(),
            left.min(500),
            true,
        )?;
        let Some(last) = page.last() else {
            break;
        };
        after = Some(last.cursor.clone());
        left = left.saturating_sub(page.len());
        for e in &page {
            if args.json {
                writeln!(out, "{}", e.json(tz))?;
            } else {
                writeln!(
                    out,
                    "{}  {:<6} {:<16} {}",
                    e.at.with_timezone(&tz).format("%Y-%m-%d %H:%M"),
                    printable(&e.counter),
                    printable(&e.person),
                    printable(&e.summary)
                )?;
            }
        }
    }
    out.flush()?;
    Ok(())
}
