//! The people on the staff list: add and edit a person (name, phone, role,
//! pay, shift, weekly off, a 4–6 digit PIN kept only as an argon2 hash),
//! their status (active, on leave, inactive) with its history, and finding
//! a person by PIN, name or phone.

use anyhow::{Result, bail};
use argon2::Argon2;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use chrono::{NaiveDate, NaiveTime, Utc, Weekday};
use galla_domain::payload::StaffStatus;
use galla_domain::{EventPayload, Money, NewEvent, Staff, StaffId};

use crate::store::{StaffRow, Store};

/// What the add form (or `galla staff add`) gives, as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct StaffForm {
    /// Name (Devanagari fine).
    pub name: String,
    /// Mobile number, any Indian format.
    pub phone: String,
    /// Role: owner, manager, cashier, helper.
    pub role: String,
    /// What they do ("tailor").
    pub job: String,
    /// 4–6 digits.
    pub pin: String,
    /// Monthly salary in rupees, or blank.
    pub salary: String,
    /// Daily wage in rupees, or blank.
    pub wage: String,
    /// "10:00-20:00", or blank.
    pub shift: String,
    /// Break minutes, or blank.
    pub break_minutes: String,
    /// Weekly off ("sun"), or blank.
    pub weekly_off: String,
    /// The day they joined, YYYY-MM-DD (blank: today); days before it are
    /// not counted.
    pub joined: String,
}

impl StaffForm {
    /// The form filled from a person as they are (no PIN: it is only a hash).
    pub fn from_staff(s: &Staff) -> StaffForm {
        let money = |m: Option<Money>| {
            m.map(|m| m.format_plain().replace(',', ""))
                .unwrap_or_default()
        };
        StaffForm {
            name: s.name.clone(),
            phone: s.phone.clone().unwrap_or_default(),
            role: s.role.clone(),
            job: s.job.clone().unwrap_or_default(),
            pin: String::new(),
            salary: money(s.salary),
            wage: money(s.wage),
            shift: s.shift.clone().unwrap_or_default(),
            break_minutes: s.break_minutes.map(|m| m.to_string()).unwrap_or_default(),
            weekly_off: s.weekly_off.clone().unwrap_or_default(),
            joined: s.joined.map(|d| d.to_string()).unwrap_or_default(),
        }
    }
}

const ROLES: [&str; 4] = ["owner", "manager", "cashier", "helper"];

fn hash_pin(pin: &str) -> Result<String> {
    let salt = SaltString::encode_b64(uuid::Uuid::now_v7().as_bytes())
        .map_err(|e| anyhow::anyhow!("could not make a salt: {e}"))?;
    Ok(Argon2::default()
        .hash_password(pin.as_bytes(), &salt)
        .map_err(|e| anyhow::anyhow!("could not hash the PIN: {e}"))?
        .to_string())
}

fn pin_matches(pin: &str, hash: &str) -> bool {
    PasswordHash::new(hash).is_ok_and(|h| {
        Argon2::default()
            .verify_password(pin.as_bytes(), &h)
            .is_ok()
    })
}

/// Parses "10:00-20:00".
pub fn parse_shift(raw: &str) -> Result<(NaiveTime, NaiveTime)> {
    let bad = || anyhow::anyhow!("shift \"{raw}\": write it as 10:00-20:00");
    let (a, b) = raw.trim().split_once('-').ok_or_else(bad)?;
    let t = |s: &str| NaiveTime::parse_from_str(s.trim(), "%H:%M").map_err(|_| bad());
    let (start, end) = (t(a)?, t(b)?);
    if start == end {
        bail!("shift \"{raw}\" starts and ends at the same time");
    }
    Ok((start, end))
}

/// Parses a weekday ("sun", "Sunday").
pub fn parse_weekday(raw: &str) -> Result<Weekday> {
    raw.trim()
        .parse::<Weekday>()
        .map_err(|_| anyhow::anyhow!("\"{raw}\" is not a day of the week (mon, tue, … sun)"))
}

fn rupees(what: &str, raw: &str) -> Result<Option<Money>> {
    if raw.trim().is_empty() {
        return Ok(None);
    }
    crate::books::amount(raw)
        .map(Some)
        .map_err(|e| anyhow::anyhow!("{what}: {e}"))
}

/// The person with this PIN among those still working here.
pub fn by_pin(store: &Store, pin: &str) -> Result<Option<StaffRow>> {
    Ok(store
        .staff_rows()?
        .into_iter()
        .filter(|r| r.active)
        .find(|r| {
            r.staff
                .pin_hash
                .as_deref()
                .is_some_and(|h| pin_matches(pin, h))
        }))
}

/// Adds a person (STAFF_CREATED v2); blank fields take their defaults
/// (helper, joined today).
pub fn add(store: &mut Store, form: &StaffForm) -> Result<Staff> {
    if form.name.trim().is_empty() {
        bail!("a name is needed");
    }
    let mut s = Staff::new(StaffId::new(), "", "helper");
    s.joined = Some(Utc::now().date_naive());
    fill(store, form, &mut s)?;
    store.append(NewEvent::now(
        StaffId::OWNER,
        None,
        EventPayload::StaffCreated(s.clone()),
    ))?;
    Ok(s)
}

/// Changes a person's details (STAFF_CHANGED: the whole record, the latest
/// wins on every counter); blank fields are kept as they were.
pub fn edit(store: &mut Store, row: &StaffRow, form: &StaffForm) -> Result<Staff> {
    let mut s = row.staff.clone();
    fill(store, form, &mut s)?;
    if s == row.staff {
        bail!("nothing to change for {}", row.staff.name);
    }
    store.append(NewEvent::now(
        StaffId::OWNER,
        None,
        EventPayload::StaffChanged(s.clone()),
    ))?;
    Ok(s)
}

/// Sets what `form` gives (non-blank fields) on `s`, checking each.
fn fill(store: &Store, form: &StaffForm, s: &mut Staff) -> Result<()> {
    let rows = store.staff_rows()?;
    let name = form.name.trim();
    if !name.is_empty() {
        if let Some(r) = rows
            .iter()
            .find(|r| r.staff.staff_id != s.staff_id && r.staff.name.eq_ignore_ascii_case(name))
        {
            bail!("{} is already on the staff list", r.staff.name);
        }
        s.name = name.to_string();
    }
    let role = form.role.trim().to_lowercase();
    if !role.is_empty() {
        if !ROLES.contains(&role.as_str()) {
            bail!("role \"{role}\": one of {}", ROLES.join(", "));
        }
        s.role = role;
    }
    if !form.phone.trim().is_empty() {
        s.phone = Some(crate::text::phone(&form.phone).map_err(|e| anyhow::anyhow!("{e}"))?);
    }
    if !form.job.trim().is_empty() {
        s.job = Some(form.job.trim().to_string());
    }
    match (rupees("salary", &form.salary)?, rupees("wage", &form.wage)?) {
        (Some(_), Some(_)) => bail!("give a monthly salary or a daily wage, not both"),
        (Some(m), None) => (s.salary, s.wage) = (Some(m), None),
        (None, Some(w)) => (s.salary, s.wage) = (None, Some(w)),
        (None, None) => {}
    }
    if !form.shift.trim().is_empty() {
        parse_shift(&form.shift)?;
        s.shift = Some(form.shift.trim().to_string());
    }
    if !form.break_minutes.trim().is_empty() {
        let m: u16 = form
            .break_minutes
            .trim()
            .parse()
            .ok()
            .filter(|m| *m <= 240)
            .ok_or_else(|| anyhow::anyhow!("break: minutes from 0 to 240"))?;
        s.break_minutes = Some(m);
    }
    if !form.weekly_off.trim().is_empty() {
        let d = parse_weekday(&form.weekly_off)?;
        s.weekly_off = Some(d.to_string().to_lowercase());
    }
    let pin = form.pin.trim();
    if !pin.is_empty() {
        if !(4..=6).contains(&pin.len()) || !pin.chars().all(|c| c.is_ascii_digit()) {
            bail!("a PIN is 4 to 6 digits");
        }
        if by_pin(store, pin)?.is_some_and(|r| r.staff.staff_id != s.staff_id) {
            bail!("that PIN is already someone's — choose another");
        }
        s.pin_hash = Some(hash_pin(pin)?);
    }
    if !form.joined.trim().is_empty() {
        s.joined = Some(
            NaiveDate::parse_from_str(form.joined.trim(), "%Y-%m-%d").map_err(|_| {
                anyhow::anyhow!("joined \"{}\": write it as 2026-11-01", form.joined)
            })?,
        );
    }
    Ok(())
}

/// Sets a person's status — "active", "inactive" or "on_leave"
/// (STAFF_STATUS_CHANGED v2, with the note kept in their history). Nobody
/// is deleted: an inactive person drops out of today's lists and cannot
/// clock in, and their months stay.
pub fn set_status(
    store: &mut Store,
    row: &StaffRow,
    status: &str,
    note: Option<&str>,
) -> Result<()> {
    let (active, on_leave) = match status
        .trim()
        .to_lowercase()
        .replace([' ', '-'], "_")
        .as_str()
    {
        "active" => (true, false),
        "inactive" | "left" => (false, false),
        "on_leave" | "leave" => (true, true),
        other => bail!("\"{other}\" is not a status: active, inactive, on_leave"),
    };
    if (row.active, row.on_leave && row.active) == (active, on_leave) {
        bail!("{} is already {}", row.staff.name, row.status_word());
    }
    let note = crate::books::note(note)?;
    store.append(NewEvent::now(
        StaffId::OWNER,
        None,
        EventPayload::StaffStatusChanged(StaffStatus {
            staff_id: row.staff.staff_id,
            active,
            on_leave,
            note,
        }),
    ))?;
    Ok(())
}

/// Finds a person by name (or the start of one) or phone.
pub fn find(store: &Store, who: &str) -> Result<StaffRow> {
    let w = who.trim().to_lowercase();
    let rows = store.staff_rows()?;
    let hits: Vec<&StaffRow> = rows
        .iter()
        .filter(|r| {
            r.staff.name.to_lowercase().contains(&w)
                || r.staff
                    .phone
                    .as_deref()
                    .is_some_and(|p| !w.is_empty() && p.contains(&w))
        })
        .collect();
    match hits.as_slice() {
        [one] => Ok((*one).clone()),
        [] => bail!("nobody on the staff list is called \"{who}\" — `galla staff` lists them"),
        many => bail!(
            "\"{who}\" could be {} — give more of the name",
            many.iter()
                .map(|r| r.staff.name.as_str())
                .collect::<Vec<_>>()
                .join(" or ")
        ),
    }
}
