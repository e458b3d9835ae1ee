//! Who a command acts as: the PIN given with `--sign-in` (or `GALLA_PIN`)
//! and an approver's `--approve` (or `GALLA_APPROVE_PIN`), and the shop's
//! time zone for the back-date lock — set once per run and applied to every
//! store a command opens (`crate::users::Credentials`).

use anyhow::Result;

use super::Cli;
use crate::config::Config;
use crate::store::Store;

/// Who the command acts as, and the shop's time zone (set once, in `run`).
struct Acting {
    credentials: crate::users::Credentials,
    tz: chrono_tz::Tz,
}

static ACTING: std::sync::OnceLock<Acting> = std::sync::OnceLock::new();

/// Who the command acts as (`--sign-in`, `--approve` or their variables).
pub(super) fn credentials() -> &'static crate::users::Credentials {
    static NOBODY: crate::users::Credentials = crate::users::Credentials {
        pin: None,
        approve: None,
    };
    ACTING.get().map_or(&NOBODY, |a| &a.credentials)
}

/// Signs the command's person in on `store` (see `crate::users`).
pub(super) fn signed(mut store: Store) -> Result<Store> {
    if let Some(acting) = ACTING.get() {
        store.set_time_zone(acting.tz);
        acting.credentials.apply(&mut store)?;
    }
    Ok(store)
}

/// Reads who acts from the command line and the environment.
pub(super) fn set(cli: &Cli, config: &Config) {
    let env = |name: &str| std::env::var(name).ok().filter(|v| !v.trim().is_empty());
    let _ = ACTING.set(Acting {
        credentials: crate::users::Credentials {
            pin: cli.sign_in.clone().or_else(|| env("GALLA_PIN")),
            approve: cli.approve.clone().or_else(|| env("GALLA_APPROVE_PIN")),
        },
        tz: config.timezone(),
    });
}
