//! Fuzzy search over every variant by name, SKU or barcode, kept in memory so
//! each keystroke filters without touching the disk. An exact barcode or SKU
//! (a scan) always comes first. A Devanagari name is also indexed in Latin
//! letters (`crate::roman`), so "ghee" finds देसी घी. Typing more of the same query only narrows
//! the previous matches, so later keystrokes are cheaper than the first.

use galla_domain::VariantId;
use nucleo_matcher::pattern::{AtomKind, CaseMatching, Normalization, Pattern};
use nucleo_matcher::{Config, Matcher, Utf32String};
use std::collections::HashMap;

use crate::store::SearchEntry;

/// From how many candidates scoring is split over two threads.
const PARALLEL_FROM: usize = 16_384;

/// Scores `rows` against `pattern`; the matching ones as (score, row).
fn score(
    hay: &[Utf32String],
    pattern: &Pattern,
    rows: &[u32],
    matcher: &mut Matcher,
) -> Vec<(u32, u32)> {
    rows.iter()
        .filter_map(|&row| {
            pattern
                .score(hay[row as usize].slice(..), matcher)
                .map(|s| (s, row))
        })
        .collect()
}

/// The in-memory search index.
pub struct SearchIndex {
    ids: Vec<VariantId>,
    hay: Vec<Utf32String>,
    exact: HashMap<String, u32>,
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
        let mut ids = Vec::with_capacity(entries.len());
        let mut hay = Vec::with_capacity(entries.len());
        let mut exact = HashMap::with_capacity(entries.len() * 2);
        for (i, e) in entries.into_iter().enumerate() {
            let i = i as u32;
            let mut text = format!("{} {}", e.name, e.sku);
            // "ghee" finds देसी घी: the name in Latin letters too.
            if let Some(latin) = crate::roman::roman(&e.name) {
                text.push(' ');
                text.push_str(&latin);
            }
            exact.insert(e.sku.to_lowercase(), i);
            if let Some(code) = e.barcode {
                text.push(' ');
                text.push_str(&code);
                exact.insert(code, i);
            }
            ids.push(e.variant_id);
            hay.push(Utf32String::from(text));
        }
        SearchIndex {
            ids,
            hay,
            exact,
            matcher: Matcher::new(Config::DEFAULT),
        }
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
        if let Some(&hit) = self.exact.get(&key) {
            return Matches {
                query: query.to_string(),
                rows: vec![hit],
            };
        }
        let pattern = Pattern::new(
            trimmed,
            CaseMatching::Ignore,
            Normalization::Smart,
            AtomKind::Fuzzy,
        );
        let narrowing = previous.filter(|p| {
            let prev = p.query.trim();
            !prev.is_empty() && trimmed.starts_with(prev) && !prev.ends_with('\\')
        });
        let candidates: Vec<u32> = match narrowing {
            Some(p) => p.rows.clone(),
            None => (0..self.ids.len() as u32).collect(),
        };
        let mut scored = if candidates.len() >= PARALLEL_FROM {
            // Two halves on two threads: counter PCs have two cores.
            let (left, right) = candidates.split_at(candidates.len() / 2);
            let hay = &self.hay;
            let pattern = &pattern;
            let matcher = &mut self.matcher;
            std::thread::scope(|scope| {
                let other = scope
                    .spawn(move || score(hay, pattern, right, &mut Matcher::new(Config::DEFAULT)));
                let mut mine = score(hay, pattern, left, matcher);
                mine.extend(other.join().unwrap_or_default());
                mine
            })
        } else {
            score(&self.hay, &pattern, &candidates, &mut self.matcher)
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
        for q in ["s", "si", "sil", "silk", "silk r"] {
            let narrowed = idx.filter(q, prev.as_ref());
            let fresh = idx.filter(q, None);
            assert_eq!(narrowed.rows, fresh.rows, "query {q}");
            prev = Some(narrowed);
        }
    }
}
