//! Column widths for tables of amounts: a number column is as wide as its
//! widest entry, so an amount is never cut (up to ₹99,99,99,999.99 at
//! 80x24); the text columns beside it take what is left.

use ratatui::layout::Constraint;
use unicode_width::UnicodeWidthStr;

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
}
