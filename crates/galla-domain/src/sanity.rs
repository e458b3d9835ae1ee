//! Bounds every event must keep, checked the same way by the counter before
//! it appends an event and by the server before it accepts one, so that no
//! device can put into the ledger what another device cannot store or sum:
//!
//! - text: no control characters (a NUL cannot be stored in PostgreSQL and
//!   stalled a counter's sync for good; ESC and BEL rewrite terminals), at
//!   most [`MAX_TEXT_CHARS`] characters in one field;
//! - numbers: every integer within ±[`MAX_NUMBER`] (money in paise up to
//!   ₹10 lakh crore, far above any bill);
//! - stock: one event moves at most [`MAX_STOCK_MOVE`] units of one item at
//!   one place, so no sum of moves can wrap around (a PURCHASE of 2⁶³−1
//!   once made the server's stock −9.2e18).
//!
//! The walk is over the payload's JSON form, so a field added to any event
//! is covered without a line here.

use crate::event::EventPayload;
use crate::fold::{Delta, stock_moves};
use crate::qty::Qty;

/// The longest text field, in characters.
pub const MAX_TEXT_CHARS: usize = 8_000;
/// The largest integer anywhere in a payload.
pub const MAX_NUMBER: i64 = 1_000_000_000_000_000;
/// The most one event moves of one item at one place: 1 crore units.
pub const MAX_STOCK_MOVE: Qty = Qty::units(10_000_000);

/// Why an event is outside the bounds, in words.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum Insane {
    /// A control character in text.
    #[error("the text {0} contains a control character (such as NUL or ESC) — remove it")]
    Control(String),
    /// Text too long.
    #[error("a text of {0} characters is longer than the {MAX_TEXT_CHARS} allowed")]
    TooLong(usize),
    /// A number out of range.
    #[error("the number {0} is out of range")]
    Number(String),
    /// A stock move beyond the bound.
    #[error("a stock movement of {0} is more than one entry can move ({MAX_STOCK_MOVE})")]
    StockMove(Qty),
}

/// Checks `payload` against the bounds.
pub fn check(payload: &EventPayload) -> Result<(), Insane> {
    let value: serde_json::Value =
        serde_json::from_str(&payload.to_json()).map_err(|e| Insane::Number(e.to_string()))?;
    walk(&value)?;
    for delta in stock_moves(payload) {
        if let Delta::Stock { qty, .. } = delta
            && qty.milli().unsigned_abs() > MAX_STOCK_MOVE.milli().unsigned_abs()
        {
            return Err(Insane::StockMove(qty));
        }
    }
    Ok(())
}

fn walk(value: &serde_json::Value) -> Result<(), Insane> {
    use serde_json::Value;
    match value {
        Value::String(s) => text(s),
        Value::Number(n) => {
            let fits = match n.as_i64() {
                Some(i) => i.unsigned_abs() <= MAX_NUMBER.unsigned_abs(),
                None => n.as_u64().is_none() && n.as_f64().is_some_and(|f| f.abs() < 1e15),
            };
            if fits {
                Ok(())
            } else {
                Err(Insane::Number(n.to_string()))
            }
        }
        Value::Array(items) => items.iter().try_for_each(walk),
        Value::Object(map) => map.iter().try_for_each(|(k, v)| {
            text(k)?;
            walk(v)
        }),
        Value::Null | Value::Bool(_) => Ok(()),
    }
}

fn text(s: &str) -> Result<(), Insane> {
    if s.chars().any(char::is_control) {
        let shown: String = s
            .chars()
            .take(40)
            .map(|c| if c.is_control() { '?' } else { c })
            .collect();
        return Err(Insane::Control(format!("\"{shown}\"")));
    }
    let n = s.chars().count();
    if n > MAX_TEXT_CHARS {
        return Err(Insane::TooLong(n));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalogue::{AdjustReason, Location};
    use crate::ids::{LocationId, VariantId};
    use crate::payload::Adjustment;

    fn adjustment(milli: i64) -> EventPayload {
        EventPayload::Adjustment(Adjustment {
            location_id: LocationId::new(),
            variant_id: VariantId::new(),
            qty_delta: Qty::from_milli(milli),
            reason: AdjustReason::Damage,
            note: None,
        })
    }

    #[test]
    fn control_characters_in_any_text_are_refused() {
        let ok = EventPayload::LocationCreated(Location {
            location_id: LocationId::new(),
            name: "दुकान Shop floor".into(),
        });
        assert_eq!(check(&ok), Ok(()));
        for bad in ["Nul\0Kurta", "Kur\u{1b}[31mta", "bell\u{7}", "two\nlines"] {
            let p = EventPayload::LocationCreated(Location {
                location_id: LocationId::new(),
                name: bad.into(),
            });
            assert!(matches!(check(&p), Err(Insane::Control(_))), "{bad:?}");
        }
    }

    #[test]
    fn huge_quantities_are_refused() {
        assert_eq!(check(&adjustment(-5_000)), Ok(()));
        assert!(matches!(
            check(&adjustment(i64::MAX)),
            Err(Insane::Number(_) | Insane::StockMove(_))
        ));
        assert!(matches!(
            check(&adjustment(-(MAX_STOCK_MOVE.milli() + 1))),
            Err(Insane::StockMove(_))
        ));
    }
}
