//! A new shop: the answers `galla init` and the first-start form collect,
//! checked by the settings' own rules (the wrong answer named), and the one
//! transaction that records them with the first location and this
//! counter's code.

use galla_domain::{EventPayload, NewEvent, StaffId};
use serde_json::Value;

use super::{SettingError, event, parse};
use crate::config::validate;
use crate::store::{Store, StoreError};

/// What a new shop is made with (`galla init`, or the first-start form):
/// every value already checked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ShopSetup {
    /// The settings to record, checked.
    pub settings: Vec<(&'static str, Value)>,
    /// This counter's code.
    pub counter: String,
    /// The first location's name.
    pub location: String,
}

/// What a person typed to make a shop, before it is checked.
#[derive(Clone, Debug, Default)]
pub struct SetupAnswers {
    /// The shop's name.
    pub shop: String,
    /// Its state code.
    pub state: String,
    /// Its GSTIN, if any.
    pub gstin: String,
    /// Its address on bills, lines separated by |, if given.
    pub address: String,
    /// regular, composition or unregistered.
    pub registration: String,
    /// Its UPI ID, if any.
    pub upi: String,
    /// This counter's code.
    pub counter: String,
    /// The first location.
    pub location: String,
}

/// Why a set-up was refused: the field (its `SetupAnswers` name) and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SetupRefused {
    /// Which answer: "shop", "address", "state", "gstin", "registration",
    /// "upi", "counter" or "location".
    pub field: &'static str,
    /// What is wrong, in words.
    pub why: String,
}

impl std::fmt::Display for SetupRefused {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.why)
    }
}

impl std::error::Error for SetupRefused {}

impl SetupAnswers {
    /// Checks every answer; the first one that is wrong says why.
    pub fn check(&self) -> Result<ShopSetup, SetupRefused> {
        let refuse = |field: &'static str| {
            move |e: SettingError| SetupRefused {
                field,
                why: e.to_string(),
            }
        };
        let mut settings = vec![
            (
                "shop.name",
                parse("shop.name", &self.shop).map_err(refuse("shop"))?,
            ),
            (
                "shop.state",
                parse("shop.state", &self.state).map_err(refuse("state"))?,
            ),
        ];
        let state = settings[1].1.as_str().unwrap_or_default().to_string();
        if !self.address.trim().is_empty() {
            settings.push((
                "shop.address",
                parse("shop.address", &self.address).map_err(refuse("address"))?,
            ));
        }
        if !self.gstin.trim().is_empty() {
            let gstin = parse("shop.gstin", &self.gstin).map_err(refuse("gstin"))?;
            if !gstin.as_str().is_some_and(|g| g.starts_with(&state)) {
                return Err(SetupRefused {
                    field: "gstin",
                    why: format!(
                        "the GSTIN {} is from another state than {state}: check both",
                        self.gstin.trim()
                    ),
                });
            }
            settings.push(("shop.gstin", gstin));
        }
        let registration = if self.registration.trim().is_empty() {
            "regular"
        } else {
            &self.registration
        };
        settings.push((
            "shop.registration",
            parse("shop.registration", registration).map_err(refuse("registration"))?,
        ));
        if !self.upi.trim().is_empty() {
            settings.push((
                "shop.upi",
                parse("shop.upi", &self.upi).map_err(refuse("upi"))?,
            ));
        }
        let counter = validate::counter_code(self.counter.trim()).map_err(|why| SetupRefused {
            field: "counter",
            why,
        })?;
        let location = self.location.trim().to_string();
        if location.is_empty() {
            return Err(SetupRefused {
                field: "location",
                why: "the first location needs a name, e.g. Shop floor".into(),
            });
        }
        Ok(ShopSetup {
            settings,
            counter,
            location,
        })
    }
}

/// The local key of a database's counter code (see `galla init`).
pub const COUNTER_KEY: &str = "counter_code";

/// Makes the shop in an empty database: its settings, the first location
/// and this counter's code, all or nothing.
pub fn init_shop(store: &mut Store, setup: &ShopSetup) -> Result<(), SettingError> {
    if store.event_count()? > 0 {
        return Err(SettingError::Store(StoreError::Invalid(format!(
            "{} already holds a shop; a new shop needs a new database file",
            store.path().display()
        ))));
    }
    let mut events: Vec<NewEvent> = setup
        .settings
        .iter()
        .map(|(k, v)| event(k, v.clone()))
        .collect();
    let location = galla_domain::Location {
        location_id: galla_domain::LocationId::new(),
        name: setup.location.clone(),
    };
    events.push(NewEvent::now(
        StaffId::OWNER,
        Some(location.location_id),
        EventPayload::LocationCreated(location),
    ));
    store.append_batch(events)?;
    store.set_local(COUNTER_KEY, &setup.counter)?;
    Ok(())
}
