//! `galla staff [add|edit|status]`: the staff list with status history,
//! adding and changing a person, `--json` for scripts (attendance is in
//! `attendance_cmds`). The rules are in `crate::staff`; a bad value is
//! refused and nothing written.

use anyhow::Result;
use clap::{Args, Subcommand};
use serde_json::json;
use std::io::Write;
use std::path::Path;

use crate::staff::{self, StaffForm};
use crate::store::{Access, StaffRow, StatusChange};

/// `galla staff`.
#[derive(Args, Debug)]
pub struct StaffArgs {
    /// Add a person.
    #[command(subcommand)]
    pub cmd: Option<StaffCmd>,
    /// One JSON object per person, a line each.
    #[arg(long)]
    pub json: bool,
}

/// `galla staff add`.
#[derive(Subcommand, Debug)]
pub enum StaffCmd {
    /// Add a person to the staff list.
    Add {
        /// Name (Devanagari fine).
        #[arg(long)]
        name: String,
        /// Mobile number.
        #[arg(long, default_value = "")]
        phone: String,
        /// owner, manager, cashier or helper.
        #[arg(long, default_value = "helper")]
        role: String,
        /// What they do ("tailor").
        #[arg(long, default_value = "")]
        job: String,
        /// A 4–6 digit PIN for clocking in (kept only as a hash).
        #[arg(long, default_value = "")]
        pin: String,
        /// Monthly salary in rupees.
        #[arg(long, default_value = "", conflicts_with = "wage")]
        salary: String,
        /// Daily wage in rupees.
        #[arg(long, default_value = "")]
        wage: String,
        /// The shift, 10:00-20:00.
        #[arg(long, default_value = "")]
        shift: String,
        /// Unpaid break in the shift, minutes (default 60).
        #[arg(long = "break", default_value = "")]
        break_minutes: String,
        /// Weekly day off (sun, mon, …).
        #[arg(long, default_value = "")]
        off: String,
        /// The day they joined, YYYY-MM-DD (default: today).
        #[arg(long, default_value = "")]
        joined: String,
    },
    /// Change a person's details (what is not given is kept).
    Edit {
        /// Who, by name or phone.
        #[arg(long)]
        staff: String,
        /// New name.
        #[arg(long, default_value = "")]
        name: String,
        /// New mobile number.
        #[arg(long, default_value = "")]
        phone: String,
        /// owner, manager, cashier or helper.
        #[arg(long, default_value = "")]
        role: String,
        /// What they do.
        #[arg(long, default_value = "")]
        job: String,
        /// A new 4–6 digit PIN.
        #[arg(long, default_value = "")]
        pin: String,
        /// Monthly salary in rupees (replaces a daily wage).
        #[arg(long, default_value = "", conflicts_with = "wage")]
        salary: String,
        /// Daily wage in rupees (replaces a salary).
        #[arg(long, default_value = "")]
        wage: String,
        /// The shift, 10:00-20:00.
        #[arg(long, default_value = "")]
        shift: String,
        /// Unpaid break, minutes.
        #[arg(long = "break", default_value = "")]
        break_minutes: String,
        /// Weekly day off.
        #[arg(long, default_value = "")]
        off: String,
        /// The day they joined, YYYY-MM-DD.
        #[arg(long, default_value = "")]
        joined: String,
    },
    /// Set a person's status: active, on_leave or inactive (kept in their
    /// history; nobody is deleted).
    Status {
        /// Who, by name or phone.
        #[arg(long)]
        staff: String,
        /// active, on_leave or inactive.
        #[arg(long)]
        status: String,
        /// Why.
        #[arg(long)]
        note: Option<String>,
    },
}

fn row_json(r: &StaffRow, history: &[StatusChange]) -> serde_json::Value {
    let s = &r.staff;
    let history: Vec<_> = history
        .iter()
        .map(|h| json!({"at": h.at, "status": h.status, "note": h.note}))
        .collect();
    json!({"staff_id": s.staff_id, "name": s.name, "phone": s.phone, "role": s.role,
           "job": s.job, "active": r.active, "status": r.status_word(), "history": history,
           "joined": s.joined, "salary_paise": s.salary.map(|m| m.paise()),
           "wage_paise": s.wage.map(|m| m.paise()), "shift": s.shift,
           "weekly_off": s.weekly_off, "has_pin": s.pin_hash.is_some()})
}

/// Runs `galla staff`.
pub fn staff_cmd(db: &Path, args: &StaffArgs) -> Result<()> {
    match &args.cmd {
        Some(StaffCmd::Add {
            name,
            phone,
            role,
            job,
            pin,
            salary,
            wage,
            shift,
            break_minutes,
            off,
            joined,
        }) => {
            let mut store = super::open_existing(db, Access::ReadWrite)?;
            let form = StaffForm {
                name: name.clone(),
                phone: phone.clone(),
                role: role.clone(),
                job: job.clone(),
                pin: pin.clone(),
                salary: salary.clone(),
                wage: wage.clone(),
                shift: shift.clone(),
                break_minutes: break_minutes.clone(),
                weekly_off: off.clone(),
                joined: joined.clone(),
            };
            let s = staff::add(&mut store, &form)?;
            writeln!(
                std::io::stdout().lock(),
                "added {} ({})",
                crate::text::printable(&s.name),
                s.role
            )?;
        }
        Some(StaffCmd::Edit {
            staff: who,
            name,
            phone,
            role,
            job,
            pin,
            salary,
            wage,
            shift,
            break_minutes,
            off,
            joined,
        }) => {
            let mut store = super::open_existing(db, Access::ReadWrite)?;
            let row = staff::find(&store, who)?;
            let form = StaffForm {
                name: name.clone(),
                phone: phone.clone(),
                role: role.clone(),
                job: job.clone(),
                pin: pin.clone(),
                salary: salary.clone(),
                wage: wage.clone(),
                shift: shift.clone(),
                break_minutes: break_minutes.clone(),
                weekly_off: off.clone(),
                joined: joined.clone(),
            };
            let s = staff::edit(&mut store, &row, &form)?;
            writeln!(
                std::io::stdout().lock(),
                "changed {}",
                crate::text::printable(&s.name)
            )?;
        }
        Some(StaffCmd::Status {
            staff: who,
            status,
            note,
        }) => {
            let mut store = super::open_existing(db, Access::ReadWrite)?;
            let row = staff::find(&store, who)?;
            staff::set_status(&mut store, &row, status, note.as_deref())?;
            let now = staff::find(&store, &row.staff.name)?;
            writeln!(
                std::io::stdout().lock(),
                "{} is now {}",
                crate::text::printable(&row.staff.name),
                now.status_word()
            )?;
        }
        None => {
            let store = super::open_existing(db, Access::ReadOnly)?;
            for r in store.staff_rows()? {
                if args.json {
                    let history = store.status_history(r.staff.staff_id)?;
                    writeln!(std::io::stdout().lock(), "{}", row_json(&r, &history))?;
                } else {
                    writeln!(
                        std::io::stdout().lock(),
                        "{:<24} {:<10} {:<8} {}",
                        crate::text::printable(&r.staff.name),
                        r.staff.phone.as_deref().unwrap_or("-"),
                        r.staff.role,
                        r.status_word()
                    )?;
                }
            }
        }
    }
    Ok(())
}
