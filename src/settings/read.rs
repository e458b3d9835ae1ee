//! Reading the stored settings for the rest of galla: the shop's state,
//! the price mode a new product gets, a value as a person reads it, and the
//! till's receipt facts after a change (the Settings pane).

use std::collections::BTreeMap;

use serde_json::Value;

use super::apply;
use crate::config::Config;

/// The shop's two-digit state code: the setting, else its GSTIN's first
/// two digits.
pub fn shop_state(stored: &BTreeMap<String, Value>) -> Option<String> {
    let text = |k: &str| stored.get(k).and_then(Value::as_str).map(str::to_string);
    text("shop.state").or_else(|| text("shop.gstin").map(|g| g.chars().take(2).collect()))
}

/// The till's receipt and bill-number facts from the stored settings
/// (those set; the rest stay as the config said), after a change.
pub fn apply_till(stored: &BTreeMap<String, Value>, till: &mut crate::app::till::TillSetup) {
    let mut config = Config::default();
    config.shop.name = till.shop.name.clone();
    config.shop.address = till.shop.address.clone();
    config.shop.phone = till.shop.phone.clone();
    config.shop.gstin = till.shop.gstin.clone();
    config.shop.receipt_header = till.shop.header.clone();
    config.shop.receipt_footer = till.shop.footer.clone();
    config.billing.prefix = till.prefix.clone();
    config.billing.hsn_on_bill = till.shop.show_hsn;
    config.billing.registration = till.shop.regime;
    config.shop.state_code = till.shop.state_code.clone();
    apply(stored, &mut config);
    till.shop.name = config.shop.name;
    till.shop.address = config.shop.address;
    till.shop.phone = config.shop.phone;
    till.shop.gstin = config.shop.gstin;
    till.shop.header = config.shop.receipt_header;
    till.shop.footer = config.shop.receipt_footer;
    till.prefix = config.billing.prefix;
    till.shop.show_hsn = config.billing.hsn_on_bill;
    till.shop.regime = config.billing.registration;
    till.shop.state_code = config.shop.state_code;
}

/// The price mode a new product gets (`gst.price_mode`; inclusive unless
/// set, as MRP is).
pub fn price_mode(stored: &BTreeMap<String, Value>) -> galla_domain::PriceMode {
    match stored.get("gst.price_mode").and_then(Value::as_str) {
        Some("exclusive") => galla_domain::PriceMode::Exclusive,
        _ => galla_domain::PriceMode::Inclusive,
    }
}

/// A setting's value as a person reads it: text as it is, lines joined
/// with " | ", yes or no; "(not set)" when there is none.
pub fn shown(value: Option<&Value>) -> String {
    match value {
        None => "(not set)".into(),
        Some(Value::String(s)) => s.clone(),
        Some(Value::Bool(b)) => if *b { "yes" } else { "no" }.into(),
        Some(Value::Array(a)) => a
            .iter()
            .filter_map(Value::as_str)
            .collect::<Vec<_>>()
            .join(" | "),
        Some(other) => other.to_string(),
    }
}
