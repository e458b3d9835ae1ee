//! The runner's work for users: whether users are set up (at start), check
//! a PIN and sign its person in on the store with what their role may do
//! in this shop, and a manager's approval — the refused effect performed
//! again with the approver on the store, or a view let through — and the
//! Audit pane's pages. A wrong PIN answers after a pause (`crate::users`).

use galla_domain::access::Permission;

use super::action::{Action, Effect};
use super::runner::Runner;
use super::session::{DEFAULT_IDLE_MINUTES, SessionInfo, UserView};
use crate::store::{Store, access_keys};
use crate::ui::signin::Then;

/// Performs the users' and the audit trail's effects.
pub fn perform(runner: &mut Runner, effect: Effect, background: bool) -> Option<Action> {
    match effect {
        Effect::SignIn(pin) => Some(sign_in(runner.store_mut(), &pin)),
        Effect::SignOut => {
            runner.store_mut().sign_in(None);
            None
        }
        Effect::Approve {
            pin,
            permission,
            then,
        } => Some(approve(runner, &pin, permission, then, background)),
        Effect::LoadAudit(ask) => {
            let tz = runner.till.tz;
            let (store, audit) = runner.audit_parts();
            Some(audit.load(store, tz, *ask))
        }
        other => Some(Action::EffectFailed(format!("nothing performs {other:?}"))),
    }
}

/// Whether users are set up, the idle time and the last good backup.
pub fn session_info(store: &Store) -> Action {
    let read = || -> crate::store::Result<SessionInfo> {
        let idle = store
            .setting_number(access_keys::IDLE_MINUTES)?
            .map_or(DEFAULT_IDLE_MINUTES, |m| {
                u32::try_from(m).unwrap_or(u32::MAX)
            });
        Ok(SessionInfo {
            users_on: store.users_on()?,
            idle_minutes: idle,
            last_backup: crate::backup::last_ok(store).map(|(at, _)| at),
        })
    };
    match read() {
        Ok(info) => Action::SessionLoaded(info),
        Err(e) => Action::EffectFailed(e.to_string()),
    }
}

/// Checks the approver's `pin`; if they may, lets `then` through.
pub fn approve(
    runner: &mut Runner,
    pin: &str,
    permission: Option<Permission>,
    then: Then,
    background: bool,
) -> Action {
    let person = match crate::users::approver(runner.store(), pin, permission) {
        Ok(p) => p,
        Err(e) => return Action::ApprovalRefused(e.to_string()),
    };
    match (then, permission) {
        (Then::Effect(effect), _) => {
            runner.store_mut().set_approver(Some(person.staff_id));
            let result = runner.perform(*effect, background);
            runner.store_mut().set_approver(None);
            Action::Approved {
                by: person.name,
                result: result.map(Box::new),
            }
        }
        (Then::Command(command), Some(permission)) => Action::ViewApproved {
            by: person.name,
            permission,
            command,
        },
        (Then::Command(_), None) => Action::EffectFailed("nothing to approve".into()),
    }
}

/// Signs in the person with `pin`.
pub fn sign_in(store: &mut Store, pin: &str) -> Action {
    let result = crate::users::sign_in(store, pin).and_then(|user| {
        let granted = store.policy()?.granted(user.role);
        Ok(UserView { user, granted })
    });
    match result {
        Ok(view) => {
            tracing::info!(user = %view.user.name, "signed in");
            Action::SignedIn(Ok(Box::new(view)))
        }
        Err(e) => Action::SignedIn(Err(e.to_string())),
    }
}
