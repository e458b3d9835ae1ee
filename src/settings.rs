//! Shop settings every counter shares (issue 11): each change is a
//! SETTINGS_CHANGED event, so it syncs like a bill and the latest change
//! (by time, then event id) wins on every counter. `config.toml` keeps what
//! belongs to one machine (database, printer, keymap, theme, time zone,
//! counter code); the values here override its old `[shop]` and `[billing]`
//! entries, and those entries are moved here once (see [`from_config`]).
//!
//! Every value is checked by the same rules as the config file; a bad one
//! is refused with a message and changes nothing.

use std::collections::BTreeMap;

use galla_domain::payload::SettingChanged;
use galla_domain::{EventPayload, NewEvent, StaffId};
use serde_json::Value;

use crate::config::{Config, validate};
use crate::store::{Result as StoreResult, Store, StoreError};

mod read;
mod setup;

pub use read::{apply_till, price_mode, shop_state, shown};
pub use setup::{COUNTER_KEY, SetupAnswers, SetupRefused, ShopSetup, init_shop};

/// One setting: its key, what it is, and how a typed value is read.
pub struct Setting {
    /// The key (`shop.name`).
    pub key: &'static str,
    /// What it is, in words.
    pub what: &'static str,
    parse: fn(&str) -> Result<Value, String>,
}

fn text(limit: usize) -> impl Fn(&str) -> Result<Value, String> {
    move |raw: &str| {
        let t = raw.trim();
        if t.is_empty() {
            Err("it cannot be empty".into())
        } else if t.chars().count() > limit {
            Err(format!("it is longer than {limit} characters"))
        } else {
            Ok(Value::from(t))
        }
    }
}

fn name(raw: &str) -> Result<Value, String> {
    text(60)(raw)
}

/// Address lines, separated by `|` ("12 MG Road | Pune 411001").
fn lines(raw: &str) -> Result<Value, String> {
    let parts: Vec<&str> = raw
        .split('|')
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect();
    if parts.len() > 4 || parts.iter().any(|p| p.chars().count() > 48) {
        return Err("at most 4 lines of 48 characters, separated by |".into());
    }
    Ok(Value::from(parts))
}

/// An Indian mobile or landline number (see [`crate::text::phone`]).
fn phone(raw: &str) -> Result<Value, String> {
    crate::text::phone(raw).map(Value::from)
}

fn one_of(raw: &str, words: &[&str]) -> Result<Value, String> {
    let t = raw.trim().to_ascii_lowercase();
    if words.contains(&t.as_str()) {
        Ok(Value::from(t))
    } else {
        Err(format!("\"{raw}\" is not one of {}", words.join(", ")))
    }
}

/// regular (tax invoices), composition (bills of supply) or unregistered
/// (plain bills, no tax).
fn registration(raw: &str) -> Result<Value, String> {
    one_of(raw, &["regular", "composition", "unregistered"])
}

/// The registration a stored setting names.
pub fn regime(text: &str) -> Option<galla_domain::Regime> {
    match text {
        "regular" => Some(galla_domain::Regime::Regular),
        "composition" => Some(galla_domain::Regime::Composition),
        "unregistered" => Some(galla_domain::Regime::Unregistered),
        _ => None,
    }
}

/// Every setting, in the order `galla settings` lists them.
pub const SETTINGS: &[Setting] = &[
    Setting {
        key: "shop.name",
        what: "the shop's name, on bills and in the status bar",
        parse: name,
    },
    Setting {
        key: "shop.address",
        what: "address lines on bills, separated by |",
        parse: lines,
    },
    Setting {
        key: "shop.phone",
        what: "the phone number on bills",
        parse: phone,
    },
    Setting {
        key: "shop.state",
        what: "two-digit GST state code (27 Maharashtra)",
        parse: |raw| validate::state_code(raw).map(Value::from),
    },
    Setting {
        key: "shop.gstin",
        what: "the shop's GSTIN (its check character is checked)",
        parse: |raw| validate::gstin(raw).map(Value::from),
    },
    Setting {
        key: "shop.registration",
        what: "GST registration: regular, composition or unregistered (bills without tax)",
        parse: registration,
    },
    Setting {
        key: "shop.upi",
        what: "UPI ID for payment QR codes (myshop@okaxis)",
        parse: |raw| validate::upi_vpa(raw).map(Value::from),
    },
    Setting {
        key: "bill.prefix",
        what: "printed before the counter code in bill numbers (INV/)",
        parse: |raw| validate::bill_prefix(raw).map(Value::from),
    },
    Setting {
        key: "bill.hsn",
        what: "print HSN codes on bills: yes or no",
        parse: |raw| match raw.trim().to_ascii_lowercase().as_str() {
            "yes" | "true" | "on" => Ok(Value::Bool(true)),
            "no" | "false" | "off" => Ok(Value::Bool(false)),
            _ => Err(format!("\"{raw}\" is not yes or no")),
        },
    },
    Setting {
        key: "receipt.header",
        what: "lines under the shop's name on receipts, separated by | (\"Wholesale & retail\")",
        parse: lines,
    },
    Setting {
        key: "receipt.footer",
        what: "lines at the foot of receipts, separated by | (\"No exchange after 7 days\")",
        parse: lines,
    },
    Setting {
        key: "gst.price_mode",
        what: "whether a new product's prices include GST: inclusive or exclusive",
        parse: |raw| one_of(raw, &["inclusive", "exclusive"]),
    },
    Setting {
        key: "stock.negative",
        what: "selling more than the shop holds: warn or block",
        parse: |raw| one_of(raw, &["warn", "block"]),
    },
    Setting {
        key: "billing.credit_limit",
        what: "khata above a customer's limit: ask or refuse",
        parse: |raw| one_of(raw, &["ask", "refuse"]),
    },
    Setting {
        key: "khata.terms_days",
        what: "days after a bill on khata that it falls due (a party may have its own)",
        parse: |raw| match raw.trim().parse::<u16>() {
            Ok(d) if d <= 365 => Ok(Value::from(d)),
            _ => Err(format!("\"{raw}\" is not a number of days from 0 to 365")),
        },
    },
    Setting {
        key: "khata.reminder_language",
        what: "language of payment reminders: english or hindi",
        parse: |raw| one_of(raw, &["english", "hindi"]),
    },
    Setting {
        key: "report.dead_stock_days",
        what: "the dead stock report lists items with no sale for this many days",
        parse: |raw| match raw.trim().parse::<u32>() {
            Ok(d) if (1..=3_650).contains(&d) => Ok(Value::from(d)),
            _ => Err(format!("\"{raw}\" is not a number of days from 1 to 3,650")),
        },
    },
    Setting {
        key: "attendance.grace_minutes",
        what: "minutes after the shift starts before a check-in is late",
        parse: |raw| minutes(raw, 0, 240),
    },
    Setting {
        key: "attendance.overtime_block",
        what: "overtime counts in whole blocks of this many minutes",
        parse: |raw| minutes(raw, 1, 240),
    },
    Setting {
        key: "attendance.overtime_rate",
        what: "overtime pay in whole rupees an hour",
        parse: |raw| match raw.trim().parse::<u32>() {
            Ok(r) if r <= 100_000 => Ok(Value::from(r)),
            _ => Err(format!("\"{raw}\" is not whole rupees from 0 to 1,00,000")),
        },
    },
    Setting {
        key: "users.idle_minutes",
        what: "minutes without a key before galla asks for a PIN again (0: never)",
        parse: |raw| whole(raw, 720, "a number of minutes"),
    },
    Setting {
        key: "users.discount_percent",
        what: "the largest discount, in percent of the price, given without the discount permission",
        parse: |raw| whole(raw, 100, "a percent"),
    },
    Setting {
        key: "audit.backdate_days",
        what: "no entry may be dated more than this many days before today",
        parse: |raw| whole(raw, 3_650, "a number of days"),
    },
    Setting {
        key: "role.manager",
        what: "what a manager may do: permission names, comma separated (see `galla users`)",
        parse: permissions,
    },
    Setting {
        key: "role.cashier",
        what: "what a cashier may do: permission names, comma separated, or none",
        parse: permissions,
    },
    Setting {
        key: "role.stock",
        what: "what the stock (look-only) role may see: see-costs, see-reports, or none",
        parse: permissions,
    },
];

/// What a role may do: permission names separated by commas, or `none`.
fn permissions(raw: &str) -> Result<Value, String> {
    use galla_domain::access::Permission;
    if raw.trim().eq_ignore_ascii_case("none") {
        return Ok(Value::Array(Vec::new()));
    }
    let mut names: Vec<&'static str> = Vec::new();
    for part in raw.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        let p = Permission::parse(part).ok_or_else(|| {
            let all: Vec<&str> = Permission::ALL.iter().map(|p| p.name()).collect();
            format!(
                "\"{part}\" is not a permission: {}, or none",
                all.join(", ")
            )
        })?;
        if !names.contains(&p.name()) {
            names.push(p.name());
        }
    }
    if names.is_empty() {
        return Err("name the permissions, separated by commas, or none".into());
    }
    Ok(Value::from(names))
}

fn whole(raw: &str, most: u32, what: &str) -> Result<Value, String> {
    match raw.trim().parse::<u32>() {
        Ok(n) if n <= most => Ok(Value::from(n)),
        _ => Err(format!("\"{raw}\" is not {what} from 0 to {most}")),
    }
}

fn minutes(raw: &str, least: u16, most: u16) -> Result<Value, String> {
    match raw.trim().parse::<u16>() {
        Ok(m) if (least..=most).contains(&m) => Ok(Value::from(m)),
        _ => Err(format!(
            "\"{raw}\" is not a number of minutes from {least} to {most}"
        )),
    }
}

/// The shop's default payment terms in days (30 unless set).
pub fn terms_days(stored: &BTreeMap<String, Value>) -> u16 {
    stored
        .get("khata.terms_days")
        .and_then(Value::as_u64)
        .and_then(|d| u16::try_from(d).ok())
        .unwrap_or(30)
}

/// Days without a sale that make stock dead (90 unless set).
pub fn dead_stock_days(stored: &BTreeMap<String, Value>) -> u32 {
    stored
        .get("report.dead_stock_days")
        .and_then(Value::as_u64)
        .and_then(|d| u32::try_from(d).ok())
        .unwrap_or(crate::report::DEAD_DAYS)
}

/// Why a setting was refused.
#[derive(Debug, thiserror::Error)]
pub enum SettingError {
    /// No such key.
    #[error("there is no setting \"{0}\" — the settings are: {keys}", keys = keys())]
    Unknown(String),
    /// The value does not fit.
    #[error("{key}: {why}")]
    Invalid {
        /// The key.
        key: String,
        /// What is wrong.
        why: String,
    },
    /// The store refused it.
    #[error(transparent)]
    Store(#[from] StoreError),
}

fn keys() -> String {
    SETTINGS
        .iter()
        .map(|s| s.key)
        .collect::<Vec<_>>()
        .join(", ")
}

/// The checked value of `key` typed as `raw`.
pub fn parse(key: &str, raw: &str) -> Result<Value, SettingError> {
    let setting = SETTINGS
        .iter()
        .find(|s| s.key == key)
        .ok_or_else(|| SettingError::Unknown(key.to_string()))?;
    (setting.parse)(raw).map_err(|why| SettingError::Invalid {
        key: key.to_string(),
        why,
    })
}

/// The SETTINGS_CHANGED event for an already checked value.
pub fn event(key: &str, value: Value) -> NewEvent {
    NewEvent::now(
        StaffId::OWNER,
        None,
        EventPayload::SettingsChanged(SettingChanged {
            key: key.to_string(),
            value,
        }),
    )
}

/// Checks `raw` and records it as the shop's `key`.
pub fn set(store: &mut Store, key: &str, raw: &str) -> Result<Value, SettingError> {
    let value = parse(key, raw)?;
    store.append(event(key, value.clone()))?;
    Ok(value)
}

impl Store {
    /// The shop's settings as stored (key → value).
    pub fn shop_settings(&self) -> StoreResult<BTreeMap<String, Value>> {
        let mut stmt = self
            .connection()
            .prepare_cached("SELECT key, value FROM settings ORDER BY key")?;
        let rows = stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?;
        let mut out = BTreeMap::new();
        for row in rows {
            let (key, text) = row?;
            if let Ok(value) = serde_json::from_str(&text) {
                out.insert(key, value);
            }
        }
        Ok(out)
    }
}

/// `config` with the shop's stored settings in place of its old entries.
pub fn apply(stored: &BTreeMap<String, Value>, config: &mut Config) {
    let text = |k: &str| stored.get(k).and_then(Value::as_str).map(str::to_string);
    if let Some(v) = text("shop.name") {
        config.shop.name = v;
    }
    if let Some(lines) = stored.get("shop.address").and_then(Value::as_array) {
        let lines: Vec<&str> = lines.iter().filter_map(Value::as_str).collect();
        config.shop.address = lines.join("\n");
    }
    if let Some(v) = text("shop.phone") {
        config.shop.phone = Some(v);
    }
    if let Some(v) = text("shop.gstin") {
        if config.shop.state_code.is_none() && text("shop.state").is_none() {
            config.shop.state_code = Some(v[..2].to_string());
        }
        config.shop.gstin = Some(v);
    }
    if let Some(v) = text("shop.state") {
        config.shop.state_code = Some(v);
    }
    if let Some(v) = text("shop.upi") {
        config.shop.upi_vpa = Some(v);
    }
    if let Some(r) = text("shop.registration").and_then(|v| regime(&v)) {
        config.billing.registration = r;
    }
    if let Some(v) = text("bill.prefix") {
        config.billing.prefix = v;
    }
    if let Some(v) = stored.get("bill.hsn").and_then(Value::as_bool) {
        config.billing.hsn_on_bill = v;
    }
    if let Some(v) = text("stock.negative") {
        config.billing.block_negative_stock = v == "block";
    }
    if let Some(v) = text("billing.credit_limit") {
        config.billing.refuse_above_limit = v == "refuse";
    }
    let list = |k: &str| -> Option<Vec<String>> {
        stored.get(k).and_then(Value::as_array).map(|lines| {
            lines
                .iter()
                .filter_map(Value::as_str)
                .map(str::to_string)
                .collect()
        })
    };
    if let Some(v) = list("receipt.header") {
        config.shop.receipt_header = v;
    }
    if let Some(v) = list("receipt.footer") {
        config.shop.receipt_footer = v;
    }
}

/// The settings an old `config.toml` set (values other than the defaults),
/// as checked values, to move into the shop once.
pub fn from_config(config: &Config) -> Vec<(&'static str, Value)> {
    let d = Config::default();
    let mut out = Vec::new();
    let mut put = |key: &'static str, raw: Option<String>| {
        if let Some(value) = raw.and_then(|r| parse(key, &r).ok()) {
            out.push((key, value));
        }
    };
    let (s, b) = (&config.shop, &config.billing);
    put("shop.name", (s.name != d.shop.name).then(|| s.name.clone()));
    put(
        "shop.address",
        (!s.address.is_empty()).then(|| s.address.lines().collect::<Vec<_>>().join(" | ")),
    );
    put("shop.phone", s.phone.clone());
    put("shop.state", s.state_code.clone());
    put("shop.gstin", s.gstin.clone());
    put("shop.upi", s.upi_vpa.clone());
    put(
        "shop.registration",
        (b.registration == galla_domain::Regime::Composition).then(|| "composition".into()),
    );
    put(
        "bill.prefix",
        (!b.prefix.is_empty()).then(|| b.prefix.clone()),
    );
    put("bill.hsn", b.hsn_on_bill.then(|| "yes".into()));
    put(
        "stock.negative",
        b.block_negative_stock.then(|| "block".into()),
    );
    put(
        "billing.credit_limit",
        b.refuse_above_limit.then(|| "refuse".into()),
    );
    out
}

/// Moves the old config entries into a shop that has no settings yet;
/// returns the keys moved (empty when there was nothing to move).
pub fn move_from_config(store: &mut Store, config: &Config) -> StoreResult<Vec<&'static str>> {
    if !store.shop_settings()?.is_empty() {
        return Ok(Vec::new());
    }
    let found = from_config(config);
    let keys: Vec<&'static str> = found.iter().map(|(k, _)| *k).collect();
    if !found.is_empty() {
        store.append_batch(found.into_iter().map(|(k, v)| event(k, v)).collect())?;
    }
    Ok(keys)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_are_checked_and_normalised() {
        assert_eq!(
            parse("shop.phone", "+91 98765-43210").ok(),
            Some(Value::from("9876543210"))
        );
        assert_eq!(parse("shop.state", "7").ok(), Some(Value::from("07")));
        assert_eq!(
            parse("shop.address", "12 MG Road | Pune 411001").ok(),
            Some(serde_json::json!(["12 MG Road", "Pune 411001"]))
        );
        assert_eq!(
            parse("stock.negative", "BLOCK").ok(),
            Some(Value::from("block"))
        );
        let why = |k: &str, v: &str| parse(k, v).err().map(|e| e.to_string()).unwrap_or_default();
        assert!(why("shop.gstin", "27AAPFU0939F1ZW").contains("last character"));
        assert!(why("shop.phone", "12345").contains("not a phone number"));
        assert!(why("shop.name", "  ").contains("cannot be empty"));
        assert_eq!(
            parse("shop.registration", "Unregistered").ok(),
            Some(Value::from("unregistered"))
        );
        assert!(why("shop.registration", "exempt").contains("is not one of"));
        assert!(why("shop.colour", "red").contains("the settings are: shop.name"));
    }

    #[test]
    fn stored_settings_override_the_config_and_old_entries_are_found() {
        let mut config = Config::default();
        config.shop.name = "Old Name".into();
        config.billing.block_negative_stock = true;
        let found = from_config(&config);
        assert_eq!(
            found,
            vec![
                ("shop.name", Value::from("Old Name")),
                ("stock.negative", Value::from("block"))
            ]
        );
        let stored: BTreeMap<String, Value> = [
            ("shop.name".to_string(), Value::from("Gupta Kirana")),
            ("shop.gstin".to_string(), Value::from("27AAPFU0939F1ZV")),
            ("shop.registration".to_string(), Value::from("composition")),
        ]
        .into();
        apply(&stored, &mut config);
        assert_eq!(config.shop.name, "Gupta Kirana");
        assert_eq!(
            config.shop.state_code.as_deref(),
            Some("27"),
            "from the GSTIN"
        );
        assert_eq!(
            config.billing.registration,
            galla_domain::Regime::Composition
        );
        assert!(
            config.billing.block_negative_stock,
            "not stored: the config's stays"
        );
    }
}
