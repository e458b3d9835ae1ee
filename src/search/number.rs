//! A number typed into a search (all digits, matched as one run of digits:
//! `kind_of`) scored without handing every row to nucleo. nucleo scores
//! such a match by the character just before it alone — that character's
//! class gives the first digit's bonus, and every digit after follows from
//! it — and keeps the best place the number occurs. So the score of the
//! number after each character is asked of nucleo once, on a text where
//! the number occurs only after that character, and each row is then a
//! `memmem` scan and a look-up: the scores nucleo gives, for every row
//! (a test compares them), at a fraction of the cost. A number typed key
//! by key over the 100,000 barcodes of the benchmark shop took 6–15 ms a
//! key through nucleo, which builds a substring searcher for every row.

use memchr::memmem::Finder;
use nucleo_matcher::pattern::{AtomKind, CaseMatching, Normalization, Pattern};
use nucleo_matcher::{Matcher, Utf32Str};

use super::packed::Hay;

/// A number's score after each ASCII character, and at a text's start.
pub(super) struct Number<'a> {
    needle: &'a [u8],
    finder: Finder<'a>,
    pattern: Pattern,
    /// nucleo's score of the number right after each ASCII byte.
    after: [Option<u32>; 128],
    /// Its score at the start of a text.
    first: Option<u32>,
}

impl<'a> Number<'a> {
    /// Scores of `digits` (ASCII digits only, at least one).
    pub(super) fn new(digits: &'a str, matcher: &mut Matcher) -> Number<'a> {
        let pattern = Pattern::new(
            digits,
            CaseMatching::Ignore,
            Normalization::Smart,
            AtomKind::Substring,
        );
        let needle = digits.as_bytes();
        let mut score = |text: &[u8]| pattern.score(Utf32Str::Ascii(text), matcher);
        // A digit before it: any digit but the number's first, so that it
        // occurs nowhere else in the text (all digits are one class).
        let other_digit = if needle[0] == b'0' { b'1' } else { b'0' };
        let mut after = [None; 128];
        for (b, slot) in (0u8..128).zip(after.iter_mut()) {
            let before = if b.is_ascii_digit() { other_digit } else { b };
            *slot = score(&[&[before], needle].concat());
        }
        // At the start, with a space after: longer than the number, so
        // nucleo takes its substring path, and the number occurs only there.
        let first = score(&[needle, b" "].concat());
        Number {
            needle,
            finder: Finder::new(needle),
            pattern,
            after,
            first,
        }
    }

    /// The number's score in row `row`'s ASCII text, as nucleo gives it.
    pub(super) fn score(&self, hay: &Hay, row: u32, matcher: &mut Matcher) -> Option<u32> {
        let text = match hay.get(row, false) {
            Utf32Str::Ascii(text) => text,
            other => return self.pattern.score(other, matcher),
        };
        if text.len() <= self.needle.len() {
            // As long as the number: nucleo's exact-match path; shorter:
            // no match. Neither is a row's text in practice.
            return self.pattern.score(Utf32Str::Ascii(text), matcher);
        }
        let mut best = None;
        for at in self.finder.find_iter(text) {
            let score = match at.checked_sub(1).map(|i| text[i]) {
                None => self.first,
                Some(b) if b.is_ascii() => self.after[usize::from(b)],
                Some(_) => return self.pattern.score(Utf32Str::Ascii(text), matcher),
            };
            best = best.max(score);
        }
        best
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::SearchEntry;
    use galla_domain::VariantId;
    use nucleo_matcher::Config;

    fn entry(sku: &str, name: &str, barcode: Option<&str>) -> SearchEntry {
        SearchEntry {
            variant_id: VariantId::new(),
            sku: sku.into(),
            barcode: barcode.map(String::from),
            name: name.into(),
        }
    }

    /// Every row's score of every number its texts hold (and a few more),
    /// as nucleo gives it scoring the whole row.
    #[test]
    fn a_number_scores_as_nucleo_scores_it() {
        let idx = super::super::SearchIndex::new(vec![
            entry("KUR00000-01", "Cotton Kurta S White", Some("8901000000001")),
            entry("OIL-500", "500 ml Mustard Oil", Some("8901000000010")),
            entry("GHE00001-01", "देसी घी 500 ml", Some("8901000000004")),
            entry(
                "JNS32-BLU",
                "Jeans W32 L30 Pack of 3",
                Some("0890100000002"),
            ),
            entry("T_1/2", "Towel (2) 1.5m #3 x9", Some("8901000000099")),
            entry("NOCODE", "Handmade bag", None),
            entry("00", "000 0000 100 1001", None),
        ]);
        let mut needles: Vec<String> = ["0", "00", "000", "0000", "9", "32", "500", "890", "11"]
            .map(String::from)
            .to_vec();
        for row in 0..idx.len() as u32 {
            let Utf32Str::Ascii(text) = idx.hay.get(row, false) else {
                panic!("an ASCII text");
            };
            let text = String::from_utf8_lossy(text).into_owned();
            for run in text
                .split(|c: char| !c.is_ascii_digit())
                .filter(|r| !r.is_empty())
            {
                for len in 1..=run.len().min(5) {
                    for at in 0..=run.len() - len {
                        needles.push(run[at..at + len].to_string());
                    }
                }
            }
        }
        let mut matcher = Matcher::new(Config::DEFAULT);
        let mut compared = 0;
        for needle in &needles {
            let pattern = Pattern::new(
                needle,
                CaseMatching::Ignore,
                Normalization::Smart,
                AtomKind::Substring,
            );
            let number = Number::new(needle, &mut matcher);
            for row in 0..idx.len() as u32 {
                let nucleo = pattern.score(idx.hay.get(row, false), &mut matcher);
                let ours = number.score(&idx.hay, row, &mut matcher);
                assert_eq!(ours, nucleo, "{needle:?} in row {row}");
                compared += usize::from(nucleo.is_some());
            }
        }
        assert!(compared > 200, "{compared} matches compared");
    }
}
