//! The one gate every local event passes before it is appended: who is
//! acting, whether their role may record it, the approval a manager gave
//! with their PIN, and the back-date lock. It runs inside the append
//! transaction (`append::append_local_tx`), so every writer — a pane, the
//! command line, a future pane on another branch — is checked the same way
//! without a line of its own. Pulled and imported events are never gated:
//! they already happened.
//!
//! *Users are set up* when an active person on the staff list has the
//! owner role and a PIN. Until then nothing is checked and every event is
//! the owner's (as before users existed), so an upgrade locks nobody out.
//! From then on an event needs a person: the one signed in (`sign_in`), or
//! the one the event names (a clock-in by PIN names its person).

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate, Utc};
use galla_domain::access::{self, Listed, Permission, Policy, PriceBook, Role};
use galla_domain::{Money, NewEvent, StaffId, VariantId};
use rusqlite::{Connection, OptionalExtension, Transaction};
use serde_json::Value;

use super::{Result, Store, StoreError};

/// Who is acting through this store, and who approved what comes next.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Acting {
    /// The person signed in (`None`: nobody has signed in here).
    pub user: Option<StaffId>,
    /// A manager who approved, with their PIN, the writes made until it is
    /// cleared (the app clears it after the one action it was given for).
    pub approver: Option<StaffId>,
    /// The shop's time zone, for the back-date lock (`None`: the system's).
    pub tz: Option<chrono_tz::Tz>,
}

/// Why an event was refused at the gate, in words, with the permission an
/// approval would need (none when no approval can help).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Refusal {
    /// What would let it through.
    pub permission: Option<Permission>,
    /// Who tried.
    pub who: String,
    /// The whole message.
    pub message: String,
}

impl std::fmt::Display for Refusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

/// Settings that decide the policy (the checkers live in `galla::settings`).
pub mod keys {
    /// Discounts up to this percent need no permission.
    pub const DISCOUNT_PERCENT: &str = "users.discount_percent";
    /// Minutes without a key before galla asks for a PIN again (0: never).
    pub const IDLE_MINUTES: &str = "users.idle_minutes";
    /// No entry may be dated more than this many days before today.
    pub const BACKDATE_DAYS: &str = "audit.backdate_days";
    /// `role.<name>`: the permissions of a role, as a list of names.
    pub const ROLE_PREFIX: &str = "role.";
}

/// A person as the gate sees them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Person {
    /// Their id.
    pub staff_id: StaffId,
    /// Their name.
    pub name: String,
    /// Their role.
    pub role: Role,
    /// Still working here.
    pub active: bool,
}

/// Whether users are set up in the database on `conn` (see the header).
pub(crate) fn users_on(conn: &Connection) -> Result<bool> {
    Ok(conn
        .prepare_cached(
            "SELECT 1 FROM staff s LEFT JOIN staff_status t USING (staff_id)
              WHERE s.role = 'owner' AND coalesce(t.active, 1) = 1
                AND json_extract(s.detail, '$.pin_hash') IS NOT NULL LIMIT 1",
        )?
        .query_row([], |_| Ok(()))
        .optional()?
        .is_some())
}

/// The person with this id, if they are on the staff list.
pub(crate) fn person(conn: &Connection, id: StaffId) -> Result<Option<Person>> {
    Ok(conn
        .prepare_cached(
            "SELECT s.name, s.role, coalesce(t.active, 1) FROM staff s
               LEFT JOIN staff_status t USING (staff_id) WHERE s.staff_id = ?1",
        )?
        .query_row([id.to_string()], |r| {
            Ok(Person {
                staff_id: id,
                name: r.get(0)?,
                role: Role::of(&r.get::<_, String>(1)?),
                active: r.get(2)?,
            })
        })
        .optional()?)
}

/// The shop's policy from its settings.
pub(crate) fn policy(conn: &Connection) -> Result<Policy> {
    let mut policy = Policy::default();
    let mut stmt =
        conn.prepare_cached("SELECT key, value FROM settings WHERE key LIKE 'role.%' OR key = ?1")?;
    let rows = stmt.query_map([keys::DISCOUNT_PERCENT], |r| {
        Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?))
    })?;
    for row in rows {
        let (key, text) = row?;
        let Ok(value) = serde_json::from_str::<Value>(&text) else {
            continue;
        };
        if key == keys::DISCOUNT_PERCENT {
            if let Some(p) = value.as_u64().and_then(|p| u8::try_from(p).ok()) {
                policy.discount_percent = p.min(100);
            }
        } else if let Some(role) = key.strip_prefix(keys::ROLE_PREFIX).and_then(Role::parse)
            && let Some(names) = value.as_array()
        {
            let granted = names
                .iter()
                .filter_map(Value::as_str)
                .filter_map(Permission::parse)
                .collect();
            policy.grant(role, granted);
        }
    }
    Ok(policy)
}

/// A number setting, when it is set.
pub(crate) fn setting_number(conn: &Connection, key: &str) -> Result<Option<u64>> {
    let text: Option<String> = conn
        .prepare_cached("SELECT value FROM settings WHERE key = ?1")?
        .query_row([key], |r| r.get(0))
        .optional()?;
    Ok(text
        .and_then(|t| serde_json::from_str::<Value>(&t).ok())
        .and_then(|v| v.as_u64()))
}

/// List prices and costs read from the catalogue inside the transaction.
struct Catalogue<'a>(&'a Connection);

impl PriceBook for Catalogue<'_> {
    fn listed(&self, variant: VariantId) -> Option<Listed> {
        self.0
            .prepare_cached("SELECT price, cost FROM variants WHERE variant_id = ?1")
            .ok()?
            .query_row([variant.to_string()], |r| {
                Ok(Listed {
                    price: Money::from_paise(r.get(0)?),
                    cost: Money::from_paise(r.get(1)?),
                })
            })
            .ok()
    }
}

fn refuse(permission: Option<Permission>, who: &str, message: String) -> StoreError {
    StoreError::NotAllowed(Box::new(Refusal {
        permission,
        who: who.to_string(),
        message,
    }))
}

fn local_day(at: DateTime<Utc>, tz: Option<chrono_tz::Tz>) -> NaiveDate {
    match tz {
        Some(tz) => at.with_timezone(&tz).date_naive(),
        None => at.with_timezone(&chrono::Local).date_naive(),
    }
}

/// What the gate and the checks read once for a whole transaction (a batch
/// of a million demo events asks whether users are set up once, not a
/// million times, and looks each item up once).
#[derive(Default)]
pub(crate) struct TxReads {
    users_on: Option<bool>,
    /// The items the checks have found in the catalogue.
    pub(crate) known: super::validate::Known,
}

/// Checks `new` against the gate, and fills in its actor and approver.
pub(crate) fn gate_tx(
    tx: &Transaction<'_>,
    acting: &Acting,
    reads: &mut TxReads,
    new: &mut NewEvent,
) -> Result<()> {
    if new.actor == StaffId::OWNER
        && let Some(user) = acting.user
    {
        new.actor = user;
    }
    let on = match reads.users_on {
        Some(on) => on,
        None => *reads.users_on.insert(users_on(tx)?),
    };
    if !on {
        return Ok(());
    }
    if new.actor == StaffId::OWNER {
        return Err(refuse(
            None,
            "",
            "users are set up in this shop: sign in first (in galla with your PIN; on the \
             command line with --sign-in PIN or GALLA_PIN)"
                .into(),
        ));
    }
    let Some(who) = person(tx, new.actor)?.filter(|p| p.active) else {
        return Err(refuse(
            None,
            "",
            "the person signed in is not on the staff list any more: sign in again".into(),
        ));
    };
    // Anyone clocks themselves in and out (their PIN named them).
    let own_mark = matches!(&new.payload,
        galla_domain::EventPayload::Attendance(a) if a.staff_id == who.staff_id);
    if !who.role.writes() && !own_mark {
        return Err(refuse(
            None,
            &who.name,
            format!(
                "{} signs in as {} and may only look: sign in as a cashier, manager or owner to change anything",
                who.name,
                who.role.as_str()
            ),
        ));
    }
    if let Some(days) = setting_number(tx, keys::BACKDATE_DAYS)? {
        let days = u32::try_from(days).unwrap_or(u32::MAX);
        let today = local_day(Utc::now(), acting.tz);
        let day = access::dated(&new.payload)
            .into_iter()
            .chain([local_day(new.occurred_at, acting.tz)])
            .min()
            .unwrap_or(today);
        if access::too_far_back(day, today, days) {
            return Err(refuse(
                None,
                &who.name,
                format!(
                    "{day} is more than {days} days back: the shop locks entries dated earlier \
                     (the owner sets how far with `galla settings set {} N`)",
                    keys::BACKDATE_DAYS
                ),
            ));
        }
    }
    let policy = policy(tx)?;
    let missing: Vec<Permission> = access::needs(&new.payload, &policy, &Catalogue(tx))
        .into_iter()
        .filter(|p| !policy.allows(who.role, *p))
        .collect();
    let Some(&first) = missing.first() else {
        return Ok(());
    };
    let asked = format!(
        "{} ({}) may not {}",
        who.name,
        who.role.as_str(),
        first.words()
    );
    let Some(approver_id) = acting.approver else {
        return Err(refuse(
            Some(first),
            &who.name,
            format!("{asked} — a manager's PIN can approve it"),
        ));
    };
    let approver = person(tx, approver_id)?.filter(|p| p.active);
    match approver {
        Some(a) if missing.iter().all(|p| policy.allows(a.role, *p)) => {
            new.approved_by = Some(a.staff_id);
            Ok(())
        }
        Some(a) => {
            let lacking = missing
                .iter()
                .find(|p| !policy.allows(a.role, **p))
                .unwrap_or(&first);
            Err(refuse(
                Some(*lacking),
                &who.name,
                format!(
                    "{asked}, and {} ({}) may not approve that either: they may not {}",
                    a.name,
                    a.role.as_str(),
                    lacking.words()
                ),
            ))
        }
        None => Err(refuse(
            Some(first),
            &who.name,
            format!("{asked} — the approver is not on the staff list"),
        )),
    }
}

impl Store {
    /// Signs `user` in (`None`: signs out): their events carry their name,
    /// and what they may not do is refused.
    pub fn sign_in(&mut self, user: Option<StaffId>) {
        self.acting.user = user;
        self.acting.approver = None;
    }

    /// Who is signed in here.
    pub fn signed_in(&self) -> Option<StaffId> {
        self.acting.user
    }

    /// Lets a manager's approval stand for the next writes, until cleared
    /// with `None`.
    pub fn set_approver(&mut self, approver: Option<StaffId>) {
        self.acting.approver = approver;
    }

    /// The shop's time zone for the back-date lock.
    pub fn set_time_zone(&mut self, tz: chrono_tz::Tz) {
        self.acting.tz = Some(tz);
    }

    /// The last refusal at the gate since this was last called.
    pub fn take_refusal(&mut self) -> Option<Refusal> {
        self.refusal.take()
    }

    /// Notes a refusal from `result` for [`Store::take_refusal`].
    pub(crate) fn noted<T>(&mut self, result: Result<T>) -> Result<T> {
        if let Err(StoreError::NotAllowed(r)) = &result {
            self.refusal = Some((**r).clone());
        }
        result
    }

    /// Whether users are set up (an active owner with a PIN).
    pub fn users_on(&self) -> Result<bool> {
        users_on(&self.conn)
    }

    /// The person with this id, if on the staff list.
    pub fn person(&self, id: StaffId) -> Result<Option<Person>> {
        person(&self.conn, id)
    }

    /// What each role may do in this shop.
    pub fn policy(&self) -> Result<Policy> {
        policy(&self.conn)
    }

    /// A number setting (`users.idle_minutes`), when set.
    pub fn setting_number(&self, key: &str) -> Result<Option<u64>> {
        setting_number(&self.conn, key)
    }

    /// Every person's name by id (for the audit trail's words).
    pub fn staff_names(&self) -> Result<BTreeMap<StaffId, String>> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT staff_id, name FROM staff")?;
        let rows = stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?;
        let mut out = BTreeMap::new();
        for row in rows {
            let (id, name) = row?;
            if let Ok(id) = id.parse() {
                out.insert(id, name);
            }
        }
        Ok(out)
    }
}
