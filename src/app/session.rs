//! Who is at the counter, in the app: the sign-in box on start once users
//! are set up, after the idle time and on the switch-user key; the
//! approval box over a refused action (`Action::ApprovalNeeded`, which the
//! runner makes from any refused write) or a view the person may not open
//! alone ([`guard`], the one app-level gate); and the status bar's name and
//! backup warning. Pure like the rest of `update`: PINs are checked by the
//! runner (`crate::users`).

use std::collections::BTreeSet;

use chrono::{DateTime, Utc};
use galla_domain::access::{Permission, Role};
use tui_input::InputRequest;

use super::App;
use super::action::{Action, Effect};
use super::command::Command;
use super::popups::PopupKey;
use crate::ui::popup::Popup;
use crate::ui::signin::{Approve, SignIn, Then};
use crate::users::SignedIn;

/// Minutes without a key before galla asks for a PIN again, unless the
/// `users.idle_minutes` setting says otherwise.
pub const DEFAULT_IDLE_MINUTES: u32 = 15;

/// A backup older than this is warned about in the status bar.
pub const BACKUP_WARN_DAYS: i64 = 2;

/// What the runner reads at start.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SessionInfo {
    /// Users are set up (an active owner has a PIN).
    pub users_on: bool,
    /// Minutes idle before signing out (0: never).
    pub idle_minutes: u32,
    /// When the last good backup was made.
    pub last_backup: Option<DateTime<Utc>>,
}

/// Who signed in, and what their role may do.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UserView {
    /// The person.
    pub user: SignedIn,
    /// Their role's permissions in this shop.
    pub granted: BTreeSet<Permission>,
}

/// The app's side of users.
#[derive(Clone, Debug, Default)]
pub struct Session {
    /// Users are set up: a PIN is needed.
    pub users_on: bool,
    /// Who is signed in.
    pub user: Option<UserView>,
    /// Views a manager approved, until the next sign-in.
    pub approved: BTreeSet<Permission>,
    /// Minutes idle before signing out (0: never).
    pub idle_minutes: u32,
    /// When the last key was pressed.
    pub last_key: Option<DateTime<Utc>>,
    /// When the last good backup was made.
    pub last_backup: Option<DateTime<Utc>>,
}

impl Session {
    /// Whether the person at the counter may record changes (not the
    /// look-only stock role).
    pub fn writes(&self) -> bool {
        !self.users_on || self.user.as_ref().is_some_and(|u| u.user.role.writes())
    }

    /// The status bar's warning about the backup, when it is too old.
    pub fn backup_warning(&self, now: DateTime<Utc>) -> Option<String> {
        let at = self.last_backup?;
        let days = (now - at).num_days();
        (days >= BACKUP_WARN_DAYS).then(|| format!("⚠ backup {days} days old"))
    }
}

impl App {
    /// Whether the person at the counter may `permission` now (always,
    /// while users are not set up).
    pub fn may(&self, permission: Permission) -> bool {
        let s = &self.session;
        !s.users_on
            || s.approved.contains(&permission)
            || s.user
                .as_ref()
                .is_some_and(|u| u.user.role == Role::Owner || u.granted.contains(&permission))
    }
}

/// Signs out and shows the sign-in box, saying `why`.
pub fn lock(app: &mut App, why: Option<String>) -> Vec<Effect> {
    app.session.user = None;
    app.session.approved.clear();
    app.panes.billing.show_costs = false;
    app.status.user = "signed out".into();
    app.popups
        .retain(|p| !matches!(p, Popup::SignIn(_) | Popup::Approve(_)));
    app.popups.push(Popup::SignIn(Box::new(SignIn {
        why,
        ..SignIn::default()
    })));
    vec![Effect::SignOut]
}

/// The switch-user key.
pub fn switch_user(app: &mut App) -> Vec<Effect> {
    if !app.session.users_on {
        app.popups.push(Popup::Notice {
            title: "Users are not set up".into(),
            text: "galla opens as the owner with no PIN. To have everyone sign in with a PIN, add \
                   the owner with one: galla staff add --db SHOP --name NAME --role owner --pin 1234"
                .into(),
        });
        return Vec::new();
    }
    let who = app
        .session
        .user
        .as_ref()
        .map(|u| format!("   {} signed out. Next person: type your PIN.", u.user.name));
    lock(app, who)
}

/// Signs out after the idle time without a key.
pub fn tick(app: &mut App) -> Vec<Effect> {
    let s = &app.session;
    let idle = i64::from(s.idle_minutes);
    let quiet = s
        .last_key
        .is_some_and(|at| (app.now - at).num_minutes() >= idle);
    if s.users_on && s.user.is_some() && idle > 0 && quiet {
        let why = format!("   Signed out after {idle} minutes without a key.");
        return lock(app, Some(why));
    }
    Vec::new()
}

/// The one gate for what a person may see: `None` when they may go on;
/// otherwise the approval box is open and the caller stops.
pub fn guard(app: &mut App, permission: Permission, then: Command) -> Option<Vec<Effect>> {
    if app.may(permission) {
        return None;
    }
    let who = app
        .session
        .user
        .as_ref()
        .map_or("Nobody signed in".to_string(), |u| {
            format!("{} ({})", u.user.name, u.user.role.as_str())
        });
    app.popups.push(Popup::Approve(Box::new(Approve {
        refused: format!("{who} may not {}.", permission.words()),
        permission: Some(permission),
        then: Then::Command(then),
        pin: Default::default(),
    })));
    Some(Vec::new())
}

/// A key for the PIN box on top (sign-in or a manager's approval): digits,
/// Backspace, and its scope's commands (see `app::popups`).
pub fn pin_key(app: &mut App, input: PopupKey) -> Vec<Effect> {
    let pin = match app.popups.last_mut() {
        Some(Popup::SignIn(s)) => &mut s.pin,
        Some(Popup::Approve(a)) => &mut a.pin,
        _ => return Vec::new(),
    };
    match input {
        PopupKey::Char(c) => pin.type_char(c),
        PopupKey::Edit(InputRequest::DeletePrevChar) => pin.back(),
        PopupKey::Edit(_) => {}
        PopupKey::Command(command) => return pin_command(app, command),
    }
    Vec::new()
}

fn pin_command(app: &mut App, command: Command) -> Vec<Effect> {
    let Some(top) = app.popups.last_mut() else {
        return Vec::new();
    };
    match (command, top) {
        (Command::Submit, Popup::SignIn(s)) => match s.pin.take() {
            Some(pin) => vec![Effect::SignIn(pin)],
            None => Vec::new(),
        },
        (Command::Submit, Popup::Approve(a)) => match a.pin.take() {
            Some(pin) => vec![Effect::Approve {
                pin,
                permission: a.permission,
                then: a.then.clone(),
            }],
            None => Vec::new(),
        },
        (Command::Close, Popup::Approve(_)) => {
            app.popups.pop();
            Vec::new()
        }
        _ => Vec::new(),
    }
}

fn set_pin_error(app: &mut App, why: String) {
    match app.popups.last_mut() {
        Some(Popup::SignIn(s)) => s.pin.refused(why),
        Some(Popup::Approve(a)) => a.pin.refused(why),
        _ => app.popups.push(Popup::Error(why)),
    }
}

/// Handles the users' actions; gives any other back.
pub fn session_action(app: &mut App, action: Action) -> Result<Vec<Effect>, Action> {
    Ok(match action {
        Action::SessionLoaded(info) => {
            app.session.users_on = info.users_on;
            app.session.idle_minutes = info.idle_minutes;
            app.session.last_backup = info.last_backup;
            let waiting = app
                .popups
                .iter()
                .any(|p| matches!(p, Popup::Setup(_) | Popup::SignIn(_)));
            if info.users_on && app.session.user.is_none() && !waiting {
                return Ok(lock(app, None));
            }
            Vec::new()
        }
        Action::SignedIn(Ok(view)) => {
            app.popups.retain(|p| !matches!(p, Popup::SignIn(_)));
            app.status.user = view.user.name.clone();
            app.session.last_key = Some(app.now);
            let looks_only = !view.user.role.writes();
            app.session.user = Some(*view);
            app.panes.billing.show_costs = app.may(Permission::SeeCosts);
            if looks_only && app.active == super::PaneId::Billing {
                app.active = super::PaneId::Stock;
            }
            Vec::new()
        }
        Action::SignedIn(Err(why)) => {
            set_pin_error(app, why);
            Vec::new()
        }
        Action::ApprovalNeeded {
            refusal,
            effect,
            original,
        } => {
            let mut effects = Vec::new();
            if let Some(original) = original {
                // The work's own answer first (its pane's state, its
                // message), without the error box: the approval box says it.
                let before = app.popups.len();
                effects = super::update(app, *original);
                let mut i = before;
                while i < app.popups.len() {
                    if matches!(app.popups[i], Popup::Error(_)) {
                        app.popups.remove(i);
                    } else {
                        i += 1;
                    }
                }
            }
            app.popups.push(Popup::Approve(Box::new(Approve {
                refused: refusal.message,
                permission: refusal.permission,
                then: Then::Effect(effect),
                pin: Default::default(),
            })));
            effects
        }
        Action::Approved { by, result } => {
            if matches!(app.popups.last(), Some(Popup::Approve(_))) {
                app.popups.pop();
            }
            tracing::info!(approver = %by, "approved");
            match result {
                Some(result) => super::update(app, *result),
                None => Vec::new(),
            }
        }
        Action::ApprovalRefused(why) => {
            set_pin_error(app, why);
            Vec::new()
        }
        Action::ViewApproved {
            by,
            permission,
            command,
        } => {
            if matches!(app.popups.last(), Some(Popup::Approve(_))) {
                app.popups.pop();
            }
            tracing::info!(approver = %by, permission = permission.name(), "view approved");
            app.session.approved.insert(permission);
            super::update(app, Action::Command(command))
        }
        Action::BackupDone(Ok(at)) => {
            app.session.last_backup = Some(at);
            Vec::new()
        }
        Action::BackupDone(Err(why)) => {
            tracing::warn!(error = %why, "the daily backup failed");
            Vec::new()
        }
        other => return Err(other),
    })
}
