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
//! is covered without a line here (`walk`).

use crate::event::EventPayload;
use crate::fold::{Delta, stock_moves};
use crate::qty::Qty;

#[cfg(test)]
mod tests;
mod walk;

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
    payload
        .serialize_with(walk::Walker)
        .map_err(|walk::Failed(why)| why)?;
    for delta in stock_moves(payload) {
        if let Delta::Stock { qty, .. } = delta
            && qty.milli().unsigned_abs() > MAX_STOCK_MOVE.milli().unsigned_abs()
        {
            return Err(Insane::StockMove(qty));
        }
    }
    Ok(())
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
