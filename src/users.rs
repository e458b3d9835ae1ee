//! Users: a person on the staff list whose role signs in (owner, manager,
//! cashier, stock) and who has a PIN. Signing in, approving a refused action
//! with a manager's PIN, and asking whether the person signed in may see
//! something (costs, reports, the audit trail) all live here, over the
//! store's gate (`store::access`) and the domain's rules
//! (`galla_domain::access`). A wrong PIN answers after a pause, so guessing
//! one is slow.
//!
//! Users are *set up* once an active owner has a PIN; before that galla
//! works as it always did (no sign-in, every event the owner's).

use anyhow::{Result, bail};
use galla_domain::StaffId;
use galla_domain::access::{Permission, Role};

use crate::store::{Person, Store};

/// How long a wrong PIN waits before it is answered.
pub const WRONG_PIN_PAUSE: std::time::Duration = std::time::Duration::from_millis(700);

/// Who signed in.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SignedIn {
    /// Their id (the actor of what they record).
    pub staff_id: StaffId,
    /// Their name, for the status bar.
    pub name: String,
    /// Their role.
    pub role: Role,
}

impl From<Person> for SignedIn {
    fn from(p: Person) -> SignedIn {
        SignedIn {
            staff_id: p.staff_id,
            name: p.name,
            role: p.role,
        }
    }
}

/// The person whose PIN this is, among those still working here; a wrong
/// PIN waits [`WRONG_PIN_PAUSE`] and says so.
fn by_pin(store: &Store, pin: &str) -> Result<Person> {
    let pin = pin.trim();
    let found = if (4..=6).contains(&pin.len()) && pin.chars().all(|c| c.is_ascii_digit()) {
        crate::staff::by_pin(store, pin)?
    } else {
        None
    };
    let Some(row) = found else {
        std::thread::sleep(WRONG_PIN_PAUSE);
        bail!("no one has that PIN");
    };
    store
        .person(row.staff.staff_id)?
        .filter(|p| p.active)
        .ok_or_else(|| anyhow::anyhow!("{} no longer works here", row.staff.name))
}

/// Signs in the person with `pin`: their name goes on what they record.
pub fn sign_in(store: &mut Store, pin: &str) -> Result<SignedIn> {
    let person = by_pin(store, pin)?;
    if !person.role.signs_in() {
        bail!(
            "{} is a {}: helpers clock in and out but do not sign in",
            person.name,
            person.role.as_str()
        );
    }
    store.sign_in(Some(person.staff_id));
    Ok(person.into())
}

/// The person with `pin`, if their role allows `permission` (they approve
/// an action someone else may not do). The store checks again when it
/// records the action.
pub fn approver(store: &Store, pin: &str, permission: Option<Permission>) -> Result<Person> {
    let person = by_pin(store, pin)?;
    if let Some(p) = permission
        && !store.policy()?.allows(person.role, p)
    {
        bail!(
            "{} ({}) may not {} either — a manager or the owner approves it",
            person.name,
            person.role.as_str(),
            p.words()
        );
    }
    if store.signed_in() == Some(person.staff_id) {
        bail!("approval needs someone else's PIN");
    }
    Ok(person)
}

/// Whether whoever is signed in on `store` may `permission` (always, while
/// users are not set up).
pub fn may(store: &Store, permission: Permission) -> Result<bool> {
    if !store.users_on()? {
        return Ok(true);
    }
    let Some(user) = store.signed_in() else {
        return Ok(false);
    };
    let Some(person) = store.person(user)?.filter(|p| p.active) else {
        return Ok(false);
    };
    Ok(store.policy()?.allows(person.role, permission))
}

/// Who acts on the command line: `--sign-in PIN` (or `GALLA_PIN`) and an
/// approver's `--approve PIN` (or `GALLA_APPROVE_PIN`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Credentials {
    /// The PIN of the person acting.
    pub pin: Option<String>,
    /// The PIN of a manager who approves what the person may not do.
    pub approve: Option<String>,
}

impl Credentials {
    /// Signs in on `store` as these credentials say (nothing when no PIN
    /// is given: the store then refuses writes once users are set up).
    pub fn apply(&self, store: &mut Store) -> Result<()> {
        if let Some(pin) = &self.pin {
            sign_in(store, pin)?;
        }
        if let Some(pin) = &self.approve {
            let person = approver(store, pin, None)?;
            store.set_approver(Some(person.staff_id));
        }
        Ok(())
    }

    /// Refuses unless the person acting may `permission` (or an approver
    /// may, when one is given). Call after [`Credentials::apply`].
    pub fn require(&self, store: &Store, permission: Permission) -> Result<()> {
        if may(store, permission)? {
            return Ok(());
        }
        if let Some(pin) = &self.approve {
            approver(store, pin, Some(permission))?;
            return Ok(());
        }
        let who = match store.signed_in().map(|id| store.person(id)).transpose()? {
            Some(Some(p)) => format!("{} ({})", p.name, p.role.as_str()),
            _ => bail!(
                "users are set up in this shop: sign in with --sign-in PIN (or GALLA_PIN) to {}",
                permission.words()
            ),
        };
        bail!(
            "{who} may not {}: sign in with --sign-in PIN as someone who may, or add --approve \
             with a manager's PIN",
            permission.words()
        )
    }
}
