//! Reading the item field: `3*` (or `1.5*`) before a code or name sets the
//! quantity, and a scanner's burst of keys is told apart from typing by the
//! gaps between keys, so "2, then a scan" adds two of the scanned item
//! instead of looking up "2890…" (the merged-scan bug other POSes have).

use galla_domain::Qty;

/// Keys closer together than this are one scanner burst.
pub const BURST_GAP_MS: u64 = 40;
/// A burst at least this long, ended by Enter, is a scan.
pub const MIN_SCAN_LEN: usize = 6;

/// What the cashier asked for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    /// The quantity (`None`: one, or one more).
    pub qty: Option<Qty>,
    /// The code or name.
    pub text: String,
    /// Whether `text` arrived as a scanner burst.
    pub scanned: bool,
}

/// Splits the field into quantity and text. `times` holds, per character,
/// the millisecond it was typed (`None` when unknown, e.g. after editing).
pub fn parse_entry(field: &str, times: &[Option<u64>]) -> Result<Entry, String> {
    let chars: Vec<char> = field.chars().collect();
    // Find the start of a trailing scanner burst.
    let mut start = chars.len();
    if times.len() == chars.len() && !chars.is_empty() {
        start = chars.len() - 1;
        while start > 0 {
            match (times[start - 1], times[start]) {
                (Some(a), Some(b)) if b.saturating_sub(a) < BURST_GAP_MS => start -= 1,
                _ => break,
            }
        }
        if chars.len() - start < MIN_SCAN_LEN || times[start].is_none() {
            start = chars.len();
        }
    }
    // A burst that is the whole field is handled like typing (a scanner
    // never sends "3*"), only marked as scanned.
    if start == 0 && start < chars.len() {
        let mut entry = parse_entry(field, &[])?;
        entry.scanned = true;
        return Ok(entry);
    }
    if start < chars.len() {
        let code: String = chars[start..].iter().collect();
        let before: String = chars[..start].iter().collect();
        let before = before.trim().trim_end_matches('*').trim();
        let qty = if before.is_empty() {
            None
        } else {
            Some(parse_qty(before)?)
        };
        return Ok(Entry {
            qty,
            text: code.trim().to_string(),
            scanned: true,
        });
    }
    let text = field.trim();
    match text.split_once('*') {
        Some((q, rest)) if !q.trim().is_empty() => Ok(Entry {
            qty: Some(parse_qty(q.trim())?),
            text: rest.trim().to_string(),
            scanned: false,
        }),
        _ => Ok(Entry {
            qty: None,
            text: text.to_string(),
            scanned: false,
        }),
    }
}

fn parse_qty(text: &str) -> Result<Qty, String> {
    let q = Qty::parse(text, true).map_err(|e| e.to_string())?;
    if q.milli() <= 0 {
        return Err(format!("quantity {q} must be more than zero"));
    }
    Ok(q)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn slow(text: &str) -> Vec<Option<u64>> {
        (0..text.chars().count() as u64)
            .map(|i| Some(i * 300))
            .collect()
    }

    #[test]
    fn quantity_prefix() {
        let e = parse_entry("3*kurta", &slow("3*kurta")).expect("entry");
        assert_eq!(
            (e.qty, e.text.as_str(), e.scanned),
            (Some(Qty::units(3)), "kurta", false)
        );
        let e = parse_entry("1.5*8901000000017", &[]).expect("entry");
        assert_eq!(e.qty, Some(Qty::from_milli(1500)));
        let e = parse_entry("kurta", &[]).expect("entry");
        assert_eq!((e.qty, e.text.as_str()), (None, "kurta"));
        assert!(parse_entry("x*kurta", &[]).is_err());
        assert!(parse_entry("0*kurta", &[]).is_err());
    }

    #[test]
    fn a_scan_after_typed_digits_is_not_merged_with_them() {
        // "2" typed by hand, then a scanner bursts 13 digits within a few ms.
        let field = "28901000000017";
        let mut times = vec![Some(1_000)];
        times.extend((0..13).map(|i| Some(2_000 + i * 3)));
        let e = parse_entry(field, &times).expect("entry");
        assert_eq!(e.text, "8901000000017");
        assert_eq!(e.qty, Some(Qty::units(2)));
        assert!(e.scanned);
    }

    #[test]
    fn a_quantity_typed_at_scanner_speed_still_counts() {
        let times: Vec<Option<u64>> = (0..13).map(Some).collect();
        let e = parse_entry("3*KUR00000-01", &times).expect("entry");
        assert_eq!(
            (e.qty, e.text.as_str()),
            (Some(Qty::units(3)), "KUR00000-01")
        );
    }

    #[test]
    fn fast_typing_of_a_short_word_is_not_a_scan() {
        let times: Vec<Option<u64>> = (0..4).map(|i| Some(i * 10)).collect();
        let e = parse_entry("2abc", &times).expect("entry");
        assert!(!e.scanned);
        assert_eq!(e.text, "2abc");
    }
}
