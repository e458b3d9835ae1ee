//! Column widths for tables of amounts: a number column is as wide as its
//! widest entry, so an amount is never cut (up to ₹99,99,99,999.99 at
//! 80x24); the text columns beside it take what is left, and a text too
//! long for its column ends in "…" so a reader sees it goes on.

use ratatui::layout::Constraint;
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// `text` as it fits in `width` cells: whole, or cut at the end with "…".
pub fn clip(text: &str, width: usize) -> String {
    if text.width() <= width {
        return text.to_string();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in text.chars() {
        let w = c.width().unwrap_or(0);
        if used + w + 1 > width {
            break;
        }
        used += w;
        out.push(c);
    }
    // A mark that belongs to the last letter kept stays with it.
    if width > 0 {
        out.push('…');
    }
    out
}

/// A column as wide as the widest of `texts`, and at least `least`.
pub fn fit<'a>(texts: impl IntoIterator<Item = &'a str>, least: u16) -> Constraint {
    let widest = texts
        .into_iter()
        .map(UnicodeWidthStr::width)
        .max()
        .unwrap_or(0);
    Constraint::Length(u16::try_from(widest).unwrap_or(u16::MAX).max(least))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_widest_entry_sets_the_width() {
        assert_eq!(
            fit(["₹1.00", "₹99,99,99,999.99"], 8),
            Constraint::Length(16)
        );
        assert_eq!(fit(["1"], 8), Constraint::Length(8));
        assert_eq!(fit(std::iter::empty(), 3), Constraint::Length(3));
    }

    #[test]
    fn a_long_text_ends_in_an_ellipsis_and_a_short_one_is_whole() {
        assert_eq!(clip("cash ₹8,551.00)", 20), "cash ₹8,551.00)");
        assert_eq!(
            clip("bill C1-1: 4 lines, ₹4,587.00 (card)", 12),
            "bill C1-1: …"
        );
        assert_eq!(clip("abc", 0), "");
        assert_eq!(clip("देसी घी", 4).width(), 4);
    }
}
