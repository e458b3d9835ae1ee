//! How the search index keeps its texts and exact keys in little memory:
//! the ASCII texts one after another in one string, scored in place; the
//! texts with other letters (Devanagari names) whole for a query in those
//! letters, and as the ASCII they can match for any other query; the exact
//! SKUs and barcodes as sorted hashes checked against the keys themselves.

use nucleo_matcher::{Utf32Str, Utf32String};
use std::hash::{DefaultHasher, Hash, Hasher};

/// Marks, in `Hay::ends`, a row whose text is not ASCII (kept in `wide`).
const WIDE: u32 = 1 << 31;

/// Every variant's searchable text.
#[derive(Default)]
pub(super) struct Hay {
    /// Each row's ASCII text, one after another: the text itself, or for a
    /// row with other letters (a Devanagari name) the ASCII it matches as
    /// (`ascii_of`).
    ascii: String,
    /// Where each row's text ends in `ascii` (its start is the row before's
    /// end); `WIDE` set when the row's whole text is in `wide`.
    ends: Vec<u32>,
    /// The whole texts that are not ASCII, as nucleo keeps them, with their
    /// rows (ascending): scored only for a query that is not ASCII either.
    wide: Vec<(u32, Utf32String)>,
}

/// What an ASCII query can match in `text`: its letters as nucleo compares
/// them (the first letter of each cluster, normalized: é as e), keeping
/// those that are ASCII, in order. A Devanagari letter can never match an
/// ASCII query, so dropping it keeps exactly the same matches; only the
/// gaps a score counts are shorter. Scoring it is several times faster
/// than scoring the whole text, a third of the demo's names being Hindi.
fn ascii_of(text: &str) -> String {
    nucleo_matcher::chars::graphemes(text)
        .map(nucleo_matcher::chars::normalize)
        .filter(char::is_ascii)
        .collect()
}

impl Hay {
    pub(super) fn push(&mut self, text: &str) {
        let row = self.ends.len() as u32;
        if text.is_ascii() {
            self.ascii.push_str(text);
            self.ends.push(self.ascii.len() as u32);
        } else {
            self.ascii.push_str(&ascii_of(text));
            self.wide.push((row, Utf32String::from(text)));
            self.ends.push(self.ascii.len() as u32 | WIDE);
        }
    }

    /// Row `row`'s text: the whole of it for a query that is not ASCII
    /// (`whole`), else what an ASCII query can match.
    pub(super) fn get(&self, row: u32, whole: bool) -> Utf32Str<'_> {
        let r = row as usize;
        let end = self.ends[r];
        if whole && end & WIDE != 0 {
            let at = self.wide.partition_point(|(w, _)| *w < row);
            return self.wide[at].1.slice(..);
        }
        let start = if r == 0 { 0 } else { self.ends[r - 1] & !WIDE };
        Utf32Str::Ascii(&self.ascii.as_bytes()[start as usize..(end & !WIDE) as usize])
    }

    pub(super) fn shrink(&mut self) {
        self.ascii.shrink_to_fit();
        self.ends.shrink_to_fit();
        self.wide.shrink_to_fit();
    }
}

fn hash(key: &str) -> u64 {
    let mut h = DefaultHasher::new();
    key.hash(&mut h);
    h.finish()
}

/// The SKUs (in lower case) and barcodes that name one variant exactly.
#[derive(Default)]
pub(super) struct Exact {
    /// Each row's keys, `\n`-separated, one row after another.
    keys: String,
    /// Where each row's keys end in `keys`.
    ends: Vec<u32>,
    /// (hash of a key, its row), sorted once loaded.
    hashes: Vec<(u64, u32)>,
}

impl Exact {
    /// Room for `n` variants' keys (a SKU and a barcode each).
    pub(super) fn with_capacity(n: usize) -> Exact {
        Exact {
            hashes: Vec::with_capacity(n * 2),
            ..Exact::default()
        }
    }

    pub(super) fn push(&mut self, row: u32, keys: &[&str]) {
        for (i, key) in keys.iter().enumerate() {
            if i > 0 {
                self.keys.push('\n');
            }
            self.keys.push_str(key);
            self.hashes.push((hash(key), row));
        }
        self.ends.push(self.keys.len() as u32);
    }

    fn keys_of(&self, row: u32) -> impl Iterator<Item = &str> {
        let r = row as usize;
        let start = if r == 0 { 0 } else { self.ends[r - 1] };
        self.keys[start as usize..self.ends[r] as usize].split('\n')
    }

    pub(super) fn finish(&mut self) {
        self.hashes.sort_unstable();
        self.keys.shrink_to_fit();
        self.ends.shrink_to_fit();
        self.hashes.shrink_to_fit();
    }

    /// The row `key` names: of the rows whose key hashes alike, the last
    /// one that really has it (as a map filled in row order kept).
    pub(super) fn get(&self, key: &str) -> Option<u32> {
        let h = hash(key);
        let from = self.hashes.partition_point(|(k, _)| *k < h);
        self.hashes[from..]
            .iter()
            .take_while(|(k, _)| *k == h)
            .map(|(_, row)| *row)
            .filter(|&row| self.keys_of(row).any(|k| k == key))
            .max()
    }
}
