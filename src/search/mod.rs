//! Fuzzy search over every variant by name, SKU or barcode, kept in memory so
//! each keystroke filters without touching the disk. An exact barcode or SKU
//! (a scan) always comes first. A Devanagari name is also indexed in Latin
//! letters (`crate::roman`), so "ghee" finds देसी घी. Typing more of the same query only narrows
//! the previous matches, so later keystrokes are cheaper than the first.
//!
//! The texts and exact keys are packed (`packed`): on the 100,000-variant
//! shop the index takes some 27 MB of the process instead of the 37 MB a
//! string per text and a map of strings took, which kept galla above its
//! 50 MB memory target. A query in ASCII is scored against the ASCII a Hindi
//! name can match rather than the whole name: the same rows, three times
//! faster for a first letter (4 ms instead of 13 on that shop).

use galla_domain::VariantId;
use nucleo_matcher::pattern::{AtomKind, CaseMatching, Normalization, Pattern};
use nucleo_matcher::{Config, Matcher};

use crate::store::{SearchEntry, Store};

mod number;
mod packed;
use packed::{Exact, Hay};

/// From how many candidates scoring is split over two threads.
const PARALLEL_FROM: usize = 16_384;

/// Scores `rows` against `pattern` (`whole`: the query is not ASCII); the
/// matching ones as (score, row).
fn score(
    hay: &Hay,
    pattern: &Pattern,
    whole: bool,
    rows: &[u32],
    matcher: &mut Matcher,
) -> Vec<(u32, u32)> {
    rows.iter()
        .filter_map(|&row| {
            pattern
                .score(hay.get(row, whole), matcher)
                .map(|s| (s, row))
        })
        .collect()
}

/// How a query matches: a number (all digits) as a run of digits — part of
/// a barcode, a SKU or a size, never digits scattered over a barcode (every
/// barcode holds 8, 9 and 0: "890" matched all 100,000 and took 17 ms) —
/// anything else as nucleo's fuzzy match. Matches narrow from the previous
/// query's only when both match the same way.
fn kind_of(query: &str) -> AtomKind {
    if query.bytes().all(|b| b.is_ascii_digit()) {
        AtomKind::Substring
    } else {
        AtomKind::Fuzzy
    }
}

/// The in-memory search index.
pub struct SearchIndex {
    ids: Vec<VariantId>,
    hay: Hay,
    exact: Exact,
    matcher: Matcher,
}

/// The result of one filter: positions into the index, best first.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Matches {
    /// The query these are for.
    pub query: String,
    /// Index positions, best match first (all of them, in SKU order, for an empty query).
    pub rows: Vec<u32>,
}

impl SearchIndex {
    /// Builds the index from the store's entries (in SKU order).
    pub fn new(entries: Vec<SearchEntry>) -> SearchIndex {
        let mut index = SearchIndex::with_capacity(entries.len());
        for e in entries {
            index.push(e);
        }
        index.finish();
        index
    }

    /// Builds the index straight from the store, an entry at a time (see
    /// `Store::each_search_entry`).
    pub fn load(store: &Store) -> crate::store::Result<SearchIndex> {
        let mut index = SearchIndex::with_capacity(store.variant_count()?);
        store.each_search_entry(|e| index.push(e))?;
        index.finish();
        Ok(index)
    }

    fn with_capacity(n: usize) -> SearchIndex {
        SearchIndex {
            ids: Vec::with_capacity(n),
            hay: Hay::default(),
            exact: Exact::with_capacity(n),
            matcher: Matcher::new(Config::DEFAULT),
        }
    }

    /// Adds the next entry (in SKU order).
    fn push(&mut self, e: SearchEntry) {
        let row = self.ids.len() as u32;
        let mut text = format!("{} {}", e.name, e.sku);
        // "ghee" finds देसी घी: the name in Latin letters too.
        if let Some(latin) = crate::roman::roman(&e.name) {
            text.push(' ');
            text.push_str(&latin);
        }
        let sku = e.sku.to_lowercase();
        match &e.barcode {
            Some(code) => {
                text.push(' ');
                text.push_str(code);
                self.exact.push(row, &[&sku, code]);
            }
            None => self.exact.push(row, &[&sku]),
        }
        self.ids.push(e.variant_id);
        self.hay.push(&text);
    }

    fn finish(&mut self) {
        self.ids.shrink_to_fit();
        self.hay.shrink();
        self.exact.finish();
    }

    /// How many variants are indexed.
    pub fn len(&self) -> usize {
        self.ids.len()
    }

    /// Whether the index is empty.
    pub fn is_empty(&self) -> bool {
        self.ids.is_empty()
    }

    /// The variant at an index position.
    pub fn id(&self, row: u32) -> Option<VariantId> {
        self.ids.get(row as usize).copied()
    }

    /// Filters for `query`, narrowing `previous` when the query extends it.
    pub fn filter(&mut self, query: &str, previous: Option<&Matches>) -> Matches {
        let trimmed = query.trim();
        if trimmed.is_empty() {
            return Matches {
                query: query.to_string(),
                rows: (0..self.ids.len() as u32).collect(),
            };
        }
        let key = if trimmed.bytes().all(|b| b.is_ascii_digit()) {
            trimmed.to_string()
        } else {
            trimmed.to_lowercase()
        };
        // A scanned barcode or a typed SKU names one item: no need to search.
        if let Some(hit) = self.exact.get(&key) {
            return Matches {
                query: query.to_string(),
                rows: vec![hit],
            };
        }
        let pattern = Pattern::new(
            trimmed,
            CaseMatching::Ignore,
            Normalization::Smart,
            kind_of(trimmed),
        );
        let narrowing = previous.filter(|p| {
            let prev = p.query.trim();
            !prev.is_empty()
                && trimmed.starts_with(prev)
                && !prev.ends_with('\\')
                && kind_of(prev) == kind_of(trimmed)
        });
        let candidates: Vec<u32> = match narrowing {
            Some(p) => p.rows.clone(),
            None => (0..self.ids.len() as u32).collect(),
        };
        let whole = !trimmed.is_ascii();
        let mut scored = if kind_of(trimmed) == AtomKind::Substring {
            // A number: nucleo's scores, without nucleo for each row.
            let number = number::Number::new(trimmed, &mut self.matcher);
            candidates
                .iter()
                .filter_map(|&row| {
                    number
                        .score(&self.hay, row, &mut self.matcher)
                        .map(|s| (s, row))
                })
                .collect()
        } else if candidates.len() >= PARALLEL_FROM {
            // Two halves on two threads: counter PCs have two cores.
            let (left, right) = candidates.split_at(candidates.len() / 2);
            let hay = &self.hay;
            let pattern = &pattern;
            let matcher = &mut self.matcher;
            std::thread::scope(|scope| {
                let other = scope.spawn(move || {
                    score(
                        hay,
                        pattern,
                        whole,
                        right,
                        &mut Matcher::new(Config::DEFAULT),
                    )
                });
                let mut mine = score(hay, pattern, whole, left, matcher);
                mine.extend(other.join().unwrap_or_default());
                mine
            })
        } else {
            score(&self.hay, &pattern, whole, &candidates, &mut self.matcher)
        };
        scored.sort_unstable_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
        let rows: Vec<u32> = scored.into_iter().map(|(_, r)| r).collect();
        Matches {
            query: query.to_string(),
            rows,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(sku: &str, name: &str, barcode: &str) -> SearchEntry {
        SearchEntry {
            variant_id: VariantId::new(),
            sku: sku.into(),
            barcode: Some(barcode.into()),
            name: name.into(),
        }
    }

    fn index() -> SearchIndex {
        SearchIndex::new(vec![
            entry("KUR00000-01", "Cotton Kurta S White", "8901000000001"),
            entry("SAR00002-01", "Silk Saree Free Red", "8901000000002"),
            entry("SKR00001-01", "सूती कुर्ता M Blue", "8901000000003"),
            entry("GHE00001-01", "देसी घी 500 ml", "8901000000004"),
        ])
    }

    #[test]
    fn fuzzy_by_name_sku_and_devanagari() {
        let mut idx = index();
        let mut kurtas = idx.filter("kurta", None).rows;
        kurtas.sort_unstable();
        assert_eq!(
            kurtas,
            vec![0, 2],
            "the Hindi kurta too, by its Latin spelling"
        );
        assert_eq!(
            idx.filter("sar0", None).rows.first(),
            Some(&1),
            "the SKU first"
        );
        assert_eq!(idx.filter("कुर्ता", None).rows, vec![2]);
        assert_eq!(idx.filter("ghee", None).rows, vec![3]);
        assert_eq!(idx.filter("desi ghi", None).rows, vec![3]);
        assert_eq!(idx.filter("", None).rows, vec![0, 1, 2, 3]);
        assert!(idx.filter("zzzz", None).rows.is_empty());
    }

    /// An ASCII query scored against what a Hindi or accented name can match
    /// in ASCII finds exactly the rows it finds in the whole text.
    #[test]
    fn ascii_queries_find_the_same_rows_as_in_the_whole_text() {
        let names = [
            "सूती कुर्ता M Blue",
            "देसी घी 500 ml",
            "Café Mug",
            "Crème Brûlée Cup",
            "तूर दाल 1 kg",
            "Cotton Kurta S White",
            "पनीर Paneer 200 g",
        ];
        let entries: Vec<SearchEntry> = names
            .iter()
            .enumerate()
            .map(|(i, n)| entry(&format!("S{i:03}"), n, &format!("89010000{i:05}")))
            .collect();
        let mut idx = SearchIndex::new(entries);
        for q in [
            "kurta",
            "kurta m",
            "m blue",
            "ghee",
            "desi ghi 500",
            "cafe",
            "creme brulee",
            "toor",
            "dal kg",
            "paneer 200",
            "p2",
            "s00",
            "e",
            "ee",
            "u b",
            "zz",
        ] {
            let pattern = Pattern::new(
                q,
                CaseMatching::Ignore,
                Normalization::Smart,
                AtomKind::Fuzzy,
            );
            let mut whole: Vec<u32> = (0..names.len() as u32)
                .filter(|&r| {
                    pattern
                        .score(idx.hay.get(r, true), &mut idx.matcher)
                        .is_some()
                })
                .collect();
            whole.sort_unstable();
            let mut got = idx.filter(q, None).rows;
            got.sort_unstable();
            assert_eq!(got, whole, "query {q:?}");
        }
        assert_eq!(
            idx.filter("कुर्ता", None).rows,
            vec![0],
            "a Hindi query reads the whole text"
        );
    }

    /// A number is a run of digits: "0001" finds the barcode ending in it,
    /// "81" (an 8 and later a 1, as every barcode here has) finds nothing.
    #[test]
    fn a_number_matches_as_a_run_of_digits() {
        let mut idx = index();
        assert!(idx.filter("81", None).rows.is_empty());
        assert_eq!(idx.filter("0004", None).rows, vec![3]);
        let mut all = idx.filter("890", None).rows;
        all.sort_unstable();
        assert_eq!(all, vec![0, 1, 2, 3]);
        assert_eq!(idx.filter("500", None).rows, vec![3], "a size in a name");
    }

    /// The packed exact keys answer as the map they replaced: a SKU in any
    /// case, a barcode, and a key two variants have goes to the later one.
    #[test]
    fn exact_keys_name_their_variant() {
        let mut idx = SearchIndex::new(vec![
            entry("KUR00000-01", "Cotton Kurta S White", "8901000000001"),
            entry("SAR00002-01", "Silk Saree Free Red", "777"),
            entry("777", "Odd Code Item", "8901000000003"),
        ]);
        assert_eq!(idx.filter("kur00000-01", None).rows, vec![0]);
        assert_eq!(idx.filter("KUR00000-01", None).rows, vec![0]);
        assert_eq!(idx.filter("8901000000003", None).rows, vec![2]);
        assert_eq!(idx.filter("777", None).rows, vec![2], "the later variant");
        assert_eq!(idx.exact.get("nothing"), None);
    }

    #[test]
    fn exact_barcode_comes_first() {
        let mut idx = index();
        assert_eq!(idx.filter("8901000000002", None).rows.first(), Some(&1));
    }

    #[test]
    fn parallel_scoring_finds_exactly_the_subsequence_matches() {
        let names = [
            "Cotton Kurta",
            "Silk Saree",
            "Kids Frock",
            "Denim Jeans",
            "Neem Soap",
        ];
        let entries: Vec<SearchEntry> = (0..20_000)
            .map(|i| {
                entry(
                    &format!("S{i:05}"),
                    names[i % names.len()],
                    &format!("{}", 100_000 + i),
                )
            })
            .collect();
        let mut idx = SearchIndex::new(entries);
        let m = idx.filter("kurta", None);
        assert_eq!(m.rows.len(), 4_000);
        assert!(
            m.rows
                .iter()
                .all(|&r| (r as usize).is_multiple_of(names.len()))
        );
        let m = idx.filter("sap", None);
        assert!(m.rows.len() >= 4_000, "Neem Soap matches s-a-p in order");
    }

    #[test]
    fn narrowing_gives_the_same_answer_as_a_fresh_filter() {
        let mut idx = index();
        let mut prev: Option<Matches> = None;
        for q in [
            "s", "si", "sil", "silk", "silk r", "8", "89", "8901", "89010000", "8901 s",
        ] {
            let narrowed = idx.filter(q, prev.as_ref());
            let fresh = idx.filter(q, None);
            assert_eq!(narrowed.rows, fresh.rows, "query {q}");
            prev = Some(narrowed);
        }
    }
}
