//! Where a value came from in a TOML file: byte spans turned into
//! `path:line:column`, an ordered table reader that keeps each key's span, and
//! serde's messages reworded for people. Shared by the keymap and config
//! loaders; it knows neither schema and never touches the file system.

use std::fmt;
use std::marker::PhantomData;
use std::ops::Range;
use std::path::{Path, PathBuf};

use serde::de::{Deserialize, Deserializer, MapAccess, Visitor};
use serde_spanned::Spanned;

/// A place in a file, 1-based, as editors show it. Line 0 means "unknown".
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Location {
    /// The file, as the user named it.
    pub path: PathBuf,
    /// Line number, from 1; 0 when the position is not known.
    pub line: usize,
    /// Column in characters, from 1.
    pub column: usize,
}

impl Location {
    /// The location of byte `offset` in `text`, which was read from `path`.
    /// Offsets past the end or inside a character are clamped, never panic.
    pub fn at(path: &Path, text: &str, offset: usize) -> Location {
        let (line, column) = line_col(text, offset);
        Location {
            path: path.to_path_buf(),
            line,
            column,
        }
    }

    /// The start of `span` in `text`, or just the file when there is no span.
    pub fn of_span(path: &Path, text: &str, span: Option<Range<usize>>) -> Location {
        match span {
            Some(span) => Location::at(path, text, span.start),
            None => Location::file(path),
        }
    }

    /// The whole file, with no line known.
    pub fn file(path: &Path) -> Location {
        Location {
            path: path.to_path_buf(),
            line: 0,
            column: 0,
        }
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.line == 0 {
            write!(f, "{}", self.path.display())
        } else {
            write!(f, "{}:{}:{}", self.path.display(), self.line, self.column)
        }
    }
}

/// 1-based line and character column of byte `offset` in `text`.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before[line_start..].chars().count() + 1;
    (line, column)
}

/// A TOML table read in file order, keeping the span of every key.
/// (Entries without a real span keep the order they arrived in.)
#[derive(Clone, Debug, PartialEq)]
pub struct SpannedMap<V>(pub Vec<(Spanned<String>, V)>);

impl<V> Default for SpannedMap<V> {
    fn default() -> Self {
        SpannedMap(Vec::new())
    }
}

impl<'de, V: Deserialize<'de>> Deserialize<'de> for SpannedMap<V> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct MapVisitor<V>(PhantomData<V>);

        impl<'de, V: Deserialize<'de>> Visitor<'de> for MapVisitor<V> {
            type Value = SpannedMap<V>;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a table")
            }

            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                let mut entries = Vec::new();
                while let Some(key) = map.next_key::<Spanned<String>>()? {
                    entries.push((key, map.next_value::<V>()?));
                }
                // toml hands tables over sorted by key; we want file order.
                entries.sort_by_key(|(k, _): &(Spanned<String>, V)| k.span().start);
                Ok(SpannedMap(entries))
            }
        }

        deserializer.deserialize_map(MapVisitor(PhantomData))
    }
}

/// `toml::from_str`, except that of several syntax errors the first in the
/// file is reported (toml's own order is the parser's, not the reader's).
pub fn parse_toml<'de, T: Deserialize<'de>>(text: &'de str) -> Result<T, toml::de::Error> {
    let (table, mut errors) = toml::de::DeTable::parse_recoverable(text);
    if !errors.is_empty() {
        errors.sort_by_key(|e| e.span().map_or(usize::MAX, |s| s.start));
        return Err(errors.swap_remove(0));
    }
    T::deserialize(toml::de::Deserializer::from(table))
}

/// The unknown key and the expected keys in serde's "unknown field" message.
pub fn parse_unknown_field(message: &str) -> Option<(String, Vec<String>)> {
    let rest = message.strip_prefix("unknown field `")?;
    if let Some(name) = rest.strip_suffix("`, there are no fields") {
        return Some((name.to_string(), Vec::new()));
    }
    let split = rest.rfind("`, expected ")?;
    let name = rest[..split].to_string();
    let expected = rest[split + "`, expected ".len()..]
        .split('`')
        .skip(1)
        .step_by(2)
        .map(str::to_string)
        .collect();
    Some((name, expected))
}

/// serde's and toml's wording turned into ours: keys, not fields, and names
/// in quotes rather than backticks.
pub fn humanize(message: &str) -> String {
    if let Some((name, expected)) = parse_unknown_field(message) {
        return unknown_key_message(&name, None, &expected);
    }
    if let Some(rest) = message.strip_prefix("missing field `") {
        let name = rest.trim_end_matches('`');
        return format!("missing key \"{name}\"");
    }
    if let Some(rest) = message.strip_prefix("invalid type: ") {
        let (found, expected) = rest
            .split_once(", expected ")
            .unwrap_or((rest, "something else"));
        let plain = |s: &str| match s {
            "map" | "a map" => "a table".to_string(),
            "sequence" | "a sequence" => "a list".to_string(),
            s if s.starts_with("struct ") => "a table".to_string(),
            s => s.replace('`', ""),
        };
        return format!(
            "wrong kind of value: expected {}, found {}",
            plain(expected),
            plain(found)
        );
    }
    if message == "duplicate key" {
        return "this key is already set earlier in the same table".to_string();
    }
    message
        .trim_end()
        .replace("`\"`", "'\"'")
        .replace('`', "\"")
}

/// `unknown key "thme" in [ui] — expected one of: theme`.
pub fn unknown_key_message(name: &str, section: Option<&str>, expected: &[String]) -> String {
    let place = match section {
        Some(s) => format!(" in [{s}]"),
        None => String::new(),
    };
    if expected.is_empty() {
        format!("unknown key \"{name}\"{place} — this table takes no keys")
    } else {
        format!(
            "unknown key \"{name}\"{place} — expected one of: {}",
            expected.join(", ")
        )
    }
}

/// Candidates within a couple of typos of `word`, best first (at most 3).
pub fn near_matches<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Vec<&'a str> {
    let word = word.to_lowercase();
    let n = word.chars().count();
    let limit = if n <= 3 { 1 } else { (n / 3).clamp(2, 3) };
    let mut scored: Vec<(usize, &str)> = candidates
        .into_iter()
        .filter_map(|c| {
            let d = edit_distance(&word, &c.to_lowercase());
            let close = d <= limit || (word.len() >= 3 && c.contains(word.as_str()));
            close.then_some((d, c))
        })
        .collect();
    scored.sort();
    scored.into_iter().take(3).map(|(_, c)| c).collect()
}

/// Levenshtein distance over characters.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let substitution = diagonal + usize::from(ca != *cb);
            diagonal = row[j + 1];
            row[j + 1] = substitution.min(row[j] + 1).min(diagonal + 1);
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_and_column_are_one_based_and_never_panic() {
        let text = "a = 1\nbé = 2\n";
        assert_eq!(line_col(text, 0), (1, 1));
        assert_eq!(line_col(text, 6), (2, 1));
        assert_eq!(line_col(text, 9), (2, 3)); // after the two-byte "é"
        assert_eq!(line_col(text, 8), (2, 2)); // inside "é": clamped back
        assert_eq!(line_col(text, 999), (3, 1));
    }

    #[test]
    fn unknown_field_messages_are_parsed() {
        let one = "unknown field `thme`, expected `theme`";
        assert_eq!(
            parse_unknown_field(one),
            Some(("thme".into(), vec!["theme".into()]))
        );
        let many = "unknown field `x`, expected one of `a`, `b`, `c`";
        assert_eq!(
            parse_unknown_field(many).map(|(_, e)| e),
            Some(vec!["a".into(), "b".into(), "c".into()])
        );
        let two = "unknown field `x`, expected `a` or `b`";
        assert_eq!(
            parse_unknown_field(two).map(|(_, e)| e),
            Some(vec!["a".into(), "b".into()])
        );
    }

    #[test]
    fn type_errors_are_in_toml_words() {
        assert_eq!(
            humanize("invalid type: map, expected a string"),
            "wrong kind of value: expected a string, found a table"
        );
        assert_eq!(
            humanize("invalid type: string \"x\", expected struct Shop"),
            "wrong kind of value: expected a table, found string \"x\""
        );
        assert_eq!(humanize("missing field `run`"), "missing key \"run\"");
    }

    #[test]
    fn near_matches_find_typos() {
        let names = ["next-pane", "prev-pane", "quit", "go-stock"];
        assert_eq!(near_matches("nxt-pane", names), vec!["next-pane"]);
        assert_eq!(near_matches("qiut", names), vec!["quit"]);
        assert!(near_matches("frobnicate", names).is_empty());
    }
}
