//! Reading the CSV files galla takes in (catalogue, goods received, opening
//! stock): every reader goes through here, so they agree on what a line
//! number is. The `csv` crate's own line count is one short on files with
//! Windows (CRLF) line ends — Excel writes them — so a bad row was reported
//! a line above itself; here a record's line is counted from its byte
//! offset instead, which is right for `\n`, `\r\n`, blank lines and quoted
//! fields alike. A byte-order mark (Excel again) is dropped, headers are
//! trimmed and lower-cased.

use anyhow::{Context, Result, anyhow};
use std::path::Path;

/// A CSV file read whole: its header and its records with their lines.
#[derive(Debug)]
pub struct CsvFile {
    /// The name errors use (the path as given).
    pub name: String,
    /// The header row, trimmed and lower-cased.
    pub headers: Vec<String>,
    /// Each record with the line (from 1) it starts on.
    pub rows: Vec<(u64, csv::StringRecord)>,
}

impl CsvFile {
    /// Reads `path`.
    pub fn read(path: &Path) -> Result<CsvFile> {
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("cannot read {}", path.display()))?;
        CsvFile::parse(&text, &path.display().to_string())
    }

    /// Parses `text`, naming it `name` in errors.
    pub fn parse(text: &str, name: &str) -> Result<CsvFile> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let mut reader = csv::ReaderBuilder::new()
            .trim(csv::Trim::All)
            .flexible(true)
            .from_reader(text.as_bytes());
        let headers = reader
            .headers()
            .map_err(|e| anyhow!("{name}: cannot read the header row: {e}"))?
            .iter()
            .map(str::to_lowercase)
            .collect();
        let mut rows = Vec::new();
        let mut record = csv::StringRecord::new();
        loop {
            let start = reader.position().byte();
            let more = reader.read_record(&mut record).map_err(|e| {
                anyhow!("{name}:{}: {e} — nothing was written", line_at(text, start))
            })?;
            if !more {
                break;
            }
            let at = record.position().map_or(start, csv::Position::byte);
            if record.iter().all(str::is_empty) {
                continue;
            }
            rows.push((line_at(text, at), record.clone()));
        }
        Ok(CsvFile {
            name: name.to_string(),
            headers,
            rows,
        })
    }

    /// The position of column `name`, if the header has it.
    pub fn column(&self, name: &str) -> Option<usize> {
        self.headers.iter().position(|h| h == name)
    }
}

/// Refuses a file when any line was bad: every bad line (the first 20)
/// in one message, and nothing is written.
pub fn refuse_bad(bad: Vec<String>) -> Result<()> {
    if bad.is_empty() {
        return Ok(());
    }
    let more = bad.len().saturating_sub(20);
    let mut text = bad.into_iter().take(20).collect::<Vec<_>>().join("\n");
    if more > 0 {
        text.push_str(&format!("\n… and {more} more bad lines"));
    }
    anyhow::bail!("{text}\nnothing was written")
}

/// The 1-based line of a record whose position is byte `at` of `text`.
/// After a CRLF the parser's position is the `\n` that ends the line
/// before (it ended that record at the `\r`), so line ends at the
/// position are stepped over first.
fn line_at(text: &str, at: u64) -> u64 {
    let bytes = text.as_bytes();
    let mut end = usize::try_from(at).unwrap_or(usize::MAX).min(bytes.len());
    while end < bytes.len() && matches!(bytes[end], b'\r' | b'\n') {
        end += 1;
    }
    1 + bytes[..end].iter().filter(|&&b| b == b'\n').count() as u64
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(text: &str) -> Vec<(u64, String)> {
        CsvFile::parse(text, "t.csv")
            .expect("parses")
            .rows
            .into_iter()
            .map(|(n, r)| (n, r.get(0).unwrap_or_default().to_string()))
            .collect()
    }

    #[test]
    fn line_numbers_are_the_same_for_lf_and_crlf_files() {
        let want = vec![
            (2, "a".to_string()),
            (3, "b".to_string()),
            (5, "c".to_string()),
        ];
        assert_eq!(lines("sku,qty\na,1\nb,2\n\nc,3\n"), want);
        assert_eq!(lines("sku,qty\r\na,1\r\nb,2\r\n\r\nc,3\r\n"), want);
        // A quoted field over two lines: the next record is on line 4.
        assert_eq!(
            lines("sku,note\r\na,\"two\r\nlines\"\r\nb,x\r\n"),
            vec![(2, "a".to_string()), (4, "b".to_string())]
        );
        let f = CsvFile::parse("\u{feff}SKU , Qty\n", "t.csv").expect("parses");
        assert_eq!(f.headers, vec!["sku", "qty"]);
        assert_eq!(f.column("qty"), Some(1));
    }
}
