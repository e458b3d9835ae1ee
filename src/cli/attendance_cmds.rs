//! `galla attendance [in|out|mark] / --month`: clocking in and out by PIN
//! or name, the owner's marks for a day (one person or everyone), and a
//! month's days, hours, overtime and pay due — `--json` for scripts, the
//! month sheet as text, CSV, PDF or on the till's printer. The rules are in
//! `crate::staff`; a bad value is refused and nothing written.

use anyhow::{Result, bail};
use chrono::{NaiveDate, NaiveDateTime, Utc};
use clap::{Args, Subcommand};
use serde_json::json;
use std::io::Write;
use std::path::Path;

use crate::config::Config;
use crate::staff;
use crate::staff::sheet::Sheet;
use crate::store::{Access, StaffRow};
use galla_domain::attendance::Month;
use galla_domain::payload::AttendanceMark;

/// `galla attendance`.
#[derive(Args, Debug)]
pub struct AttendanceArgs {
    /// Clock in or out, or mark a day.
    #[command(subcommand)]
    pub cmd: Option<AttendanceCmd>,
    /// The month to show, YYYY-MM (default: this month).
    #[arg(long)]
    pub month: Option<String>,
    /// Only this person.
    #[arg(long)]
    pub staff: Option<String>,
    /// One JSON object per person.
    #[arg(long)]
    pub json: bool,
    /// The month sheet as text (for a terminal), csv or pdf.
    #[arg(long, default_value = "text")]
    pub format: String,
    /// Write the sheet to this file (needed for pdf; default: standard output).
    #[arg(long)]
    pub out: Option<std::path::PathBuf>,
    /// Print the month sheet on the till's printer (config.toml [printer]).
    #[arg(long)]
    pub print: bool,
}

/// Who clocks.
#[derive(Args, Debug)]
pub struct Who {
    /// The person, by name or phone.
    #[arg(long, conflicts_with = "pin", required_unless_present = "pin")]
    pub staff: Option<String>,
    /// Or their PIN alone.
    #[arg(long)]
    pub pin: Option<String>,
    /// When, "YYYY-MM-DD HH:MM" shop time (default: now).
    #[arg(long)]
    pub at: Option<String>,
}

/// `galla attendance in|out|mark`.
#[derive(Subcommand, Debug)]
pub enum AttendanceCmd {
    /// Clock in.
    In(Who),
    /// Clock out.
    Out(Who),
    /// The owner's mark for a whole day.
    Mark {
        /// The person.
        #[arg(
            long,
            required_unless_present = "everyone",
            conflicts_with = "everyone"
        )]
        staff: Option<String>,
        /// Everyone still working here (a holiday for the shop).
        #[arg(long)]
        everyone: bool,
        /// The owner's note.
        #[arg(long)]
        note: Option<String>,
        /// The day, YYYY-MM-DD.
        #[arg(long)]
        date: NaiveDate,
        /// present, absent, half_day, leave, unpaid_leave, holiday, week_off.
        #[arg(long)]
        status: String,
    },
}

fn when(raw: Option<&str>, tz: chrono_tz::Tz) -> Result<chrono::DateTime<Utc>> {
    let Some(raw) = raw else {
        return Ok(Utc::now());
    };
    let local = NaiveDateTime::parse_from_str(raw.trim(), "%Y-%m-%d %H:%M")
        .map_err(|_| anyhow::anyhow!("--at \"{raw}\": write it as \"2026-12-03 09:58\""))?;
    let at = local
        .and_local_timezone(tz)
        .earliest()
        .ok_or_else(|| anyhow::anyhow!("--at \"{raw}\" does not exist in the shop's time zone"))?
        .with_timezone(&Utc);
    if at > Utc::now() + chrono::Duration::minutes(5) {
        bail!("--at \"{raw}\" is in the future");
    }
    Ok(at)
}

fn month_json(
    r: &StaffRow,
    m: &Month,
    notes: &std::collections::BTreeMap<NaiveDate, String>,
) -> serde_json::Value {
    let days: Vec<_> = m
        .days
        .iter()
        .map(|d| {
            json!({"date": d.date, "status": d.status.map(|s| s.letter()),
                   "note": notes.get(&d.date),
                   "worked_minutes": d.worked, "overtime_minutes": d.overtime,
                   "late": d.late, "missing_check_out": d.missing_out,
                   "sessions": d.sessions.iter().map(|s| json!({
                       "in": s.start.format("%H:%M").to_string(),
                       "out": s.end.map(|e| e.format("%Y-%m-%d %H:%M").to_string())})).collect::<Vec<_>>()})
        })
        .collect();
    json!({"name": r.staff.name, "present": m.present, "half_days": m.half_days,
           "leaves": m.leaves, "absent": m.absent, "offs": m.offs,
           "worked_minutes": m.worked, "overtime_minutes": m.overtime,
           "base_pay_paise": m.base_pay.paise(), "overtime_pay_paise": m.overtime_pay.paise(),
           "advances_paise": m.advances.paise(), "pay_due_paise": m.pay_due.paise(), "days": days})
}

/// Runs `galla attendance`.
pub fn attendance(db: &Path, config: &Config, args: &AttendanceArgs) -> Result<()> {
    let tz = config.timezone();
    match &args.cmd {
        Some(AttendanceCmd::In(who) | AttendanceCmd::Out(who)) => {
            let want = if matches!(args.cmd, Some(AttendanceCmd::In(_))) {
                AttendanceMark::CheckIn
            } else {
                AttendanceMark::CheckOut
            };
            let mut store = super::open_existing(db, Access::ReadWrite)?;
            let at = when(who.at.as_deref(), tz)?;
            let row = match (&who.staff, &who.pin) {
                (Some(name), _) => staff::find(&store, name)?,
                (None, Some(pin)) => match staff::by_pin(&store, pin.trim())? {
                    Some(r) => r,
                    None => {
                        // A wrong PIN answers slowly, so guessing one is slow.
                        std::thread::sleep(std::time::Duration::from_secs(1));
                        bail!("no one on the staff list has that PIN — nothing was recorded");
                    }
                },
                (None, None) => bail!("give --staff NAME or --pin PIN"),
            };
            writeln!(
                std::io::stdout().lock(),
                "{}",
                staff::clock(&mut store, &row, Some(want), at, tz)?
            )?;
        }
        Some(AttendanceCmd::Mark {
            staff: who,
            everyone,
            note,
            date,
            status,
        }) => {
            let mut store = super::open_existing(db, Access::ReadWrite)?;
            match who {
                Some(who) if !everyone => {
                    let row = staff::find(&store, who)?;
                    staff::mark(&mut store, &row, *date, status, note.as_deref(), tz)?;
                    writeln!(
                        std::io::stdout().lock(),
                        "marked {} {status} on {date}",
                        crate::text::printable(&row.staff.name)
                    )?;
                }
                _ => {
                    let n = staff::mark_everyone(&mut store, *date, status, note.as_deref(), tz)?;
                    writeln!(
                        std::io::stdout().lock(),
                        "marked {n} people {status} on {date}"
                    )?;
                }
            }
        }
        None => {
            if !matches!(args.format.as_str(), "text" | "csv" | "pdf") {
                bail!("--format {}: use text, csv or pdf", args.format);
            }
            if args.format == "pdf" && args.out.is_none() && !args.print {
                bail!("a PDF is written to a file: add --out FILE.pdf");
            }
            let store = super::open_existing(db, Access::ReadOnly)?;
            let (year, month) = match &args.month {
                Some(m) => {
                    let d = NaiveDate::parse_from_str(&format!("{m}-01"), "%Y-%m-%d")
                        .map_err(|_| anyhow::anyhow!("--month \"{m}\": write it as 2026-12"))?;
                    (chrono::Datelike::year(&d), chrono::Datelike::month(&d))
                }
                None => {
                    let d = Utc::now().with_timezone(&tz).date_naive();
                    (chrono::Datelike::year(&d), chrono::Datelike::month(&d))
                }
            };
            let rows = match &args.staff {
                Some(who) => vec![staff::find(&store, who)?],
                None => staff::register(&store)?,
            };
            if args.json {
                for r in &rows {
                    let m = staff::month_of(&store, r, year, month, tz)?;
                    // The owner's latest note for each day.
                    let (first, last) = match (m.days.first(), m.days.last()) {
                        (Some(f), Some(l)) => (f.date, l.date),
                        _ => continue,
                    };
                    let notes = store
                        .marks_of(r.staff.staff_id, first, last)?
                        .into_iter()
                        .filter_map(|k| k.note.map(|n| (k.date, n)))
                        .collect();
                    writeln!(std::io::stdout().lock(), "{}", month_json(r, &m, &notes))?;
                }
                return Ok(());
            }
            let shop = shop_name(&store, config);
            let sheet = staff::sheet_of(&store, &shop, &rows, year, month, tz)?;
            write_sheet(db, config, args, &sheet)?;
        }
    }
    Ok(())
}

fn shop_name(store: &crate::store::Store, config: &Config) -> String {
    store
        .shop_settings()
        .ok()
        .and_then(|s| {
            s.get("shop.name")
                .and_then(|v| v.as_str())
                .map(str::to_string)
        })
        .unwrap_or_else(|| config.shop.name.clone())
}

/// Prints, writes or shows the month sheet as `args` ask.
fn write_sheet(db: &Path, config: &Config, args: &AttendanceArgs, sheet: &Sheet) -> Result<()> {
    if args.print {
        sheet.print(&crate::tui::till_setup(config, db))?;
        eprintln!("printed the month sheet ({} people)", sheet.people.len());
        return Ok(());
    }
    let bytes = match args.format.as_str() {
        "csv" => sheet.csv().into_bytes(),
        "pdf" => sheet.pdf(),
        "text" => {
            let mut out = String::new();
            for p in &sheet.people {
                let m = &p.month;
                out.push_str(&format!(
                    "{:<20} {}  P{} H{} L{} A{} · {} h · OT {} h · due {}\n",
                    crate::text::printable(&p.name),
                    staff::sheet::grid(m),
                    m.present,
                    m.half_days,
                    m.leaves,
                    m.absent,
                    m.worked / 60,
                    m.overtime / 60,
                    m.pay_due
                ));
            }
            out.into_bytes()
        }
        other => bail!("--format {other}: use text, csv or pdf"),
    };
    match &args.out {
        Some(path) => {
            std::fs::write(path, &bytes)
                .map_err(|e| anyhow::anyhow!("could not write {}: {e}", path.display()))?;
            eprintln!(
                "wrote the month sheet to {} ({} people, pay due {})",
                path.display(),
                sheet.people.len(),
                sheet.total_due()
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
