//! Khata and cash book operations (issue 12), shared by the command line
//! and the TUI: add or change a party, record money got or given, cash put
//! in or taken out, close a day, make a payment reminder. Each checks what
//! was typed first and says what is wrong in words; nothing is written
//! unless everything is right. Reading the books is in `store::khata` and
//! `store::cashbook`.

use anyhow::{Result, bail};
use galla_domain::Money;

pub mod cashbook;
pub mod khata;
pub mod remind;
pub mod statement;

/// The most one entry may move (₹1 crore): far above any small shop's
/// payment, well below anything that could overflow a sum.
pub const MAX_ENTRY: Money = Money::from_paise(1_000_000_000);

/// An amount typed in rupees ("1,250", "₹499.50"), which must be above zero
/// and at most [`MAX_ENTRY`].
pub fn amount(raw: &str) -> Result<Money> {
    let m = match Money::parse(raw) {
        Ok(m) => m,
        Err(e) => bail!(
            "\"{}\" is not an amount in rupees ({e}) — e.g. 1,250 or 499.50",
            raw.trim()
        ),
    };
    if m <= Money::ZERO {
        bail!("the amount must be more than zero");
    }
    if m > MAX_ENTRY {
        bail!("{m} is more than one entry may be (at most {MAX_ENTRY})");
    }
    Ok(m)
}

/// A free-text note: trimmed, at most 200 characters, no control characters.
pub fn note(raw: Option<&str>) -> Result<Option<String>> {
    let Some(t) = raw.map(str::trim).filter(|t| !t.is_empty()) else {
        return Ok(None);
    };
    if t.chars().count() > 200 {
        bail!("a note has at most 200 characters");
    }
    if t.chars().any(char::is_control) {
        bail!("the note has an invisible control character; type it again");
    }
    Ok(Some(t.to_string()))
}

#[cfg(test)]
mod tests {
    #[test]
    fn amounts_and_notes_are_checked() {
        assert_eq!(super::amount("1,250").expect("ok").paise(), 125_000);
        for bad in ["", "0", "-5", "abc", "1.234", "99999999999"] {
            assert!(super::amount(bad).is_err(), "{bad}");
        }
        assert_eq!(super::note(Some("  ")).expect("ok"), None);
        assert!(super::note(Some("a\u{7}b")).is_err());
    }
}
