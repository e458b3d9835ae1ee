//! One table model for every report: typed cells (money, quantity, count,
//! percentage, days, text) that become Indian-formatted text on screen and
//! on paper, plain rupees in CSV. The pane, `galla report --csv`, the text
//! output, the PDF and the slip all draw the same tables.

use galla_domain::{Money, Qty};

/// One cell.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Cell {
    /// Text, left-aligned.
    Text(String),
    /// Money.
    Money(Money),
    /// A quantity.
    Qty(Qty),
    /// A count.
    Count(i64),
    /// A percentage in basis points (`None`: not defined, e.g. of nothing).
    Pct(Option<i64>),
    /// A number of days (`None`: never).
    Days(Option<i64>),
}

impl Cell {
    /// Text for a person: "₹1,23,456.50", "12", "45.2%", "30 d".
    pub fn show(&self) -> String {
        match self {
            Cell::Text(t) => t.clone(),
            Cell::Money(m) => m.to_string(),
            Cell::Qty(q) => q.to_string(),
            Cell::Count(n) => {
                let digits = galla_domain::group_indian(n.unsigned_abs());
                if *n < 0 { format!("-{digits}") } else { digits }
            }
            Cell::Pct(Some(bp)) => pct(*bp),
            Cell::Pct(None) | Cell::Days(None) => "—".into(),
            Cell::Days(Some(d)) => format!("{d} d"),
        }
    }

    /// Text for a spreadsheet: rupees as `1234.50`, no grouping.
    pub fn csv(&self) -> String {
        match self {
            Cell::Text(t) => t.clone(),
            Cell::Money(m) => rupees(*m),
            Cell::Qty(q) => q.to_string(),
            Cell::Count(n) => n.to_string(),
            Cell::Pct(Some(bp)) => format!("{}.{:02}", bp / 100, (bp % 100).abs()),
            Cell::Pct(None) | Cell::Days(None) => String::new(),
            Cell::Days(Some(d)) => d.to_string(),
        }
    }

    /// Whether it lines up on the right (numbers do).
    pub fn right(&self) -> bool {
        !matches!(self, Cell::Text(_))
    }
}

/// Rupees with two decimals and no grouping: `1234.50`, `-3.05`.
pub fn rupees(m: Money) -> String {
    let sign = if m < Money::ZERO { "-" } else { "" };
    let abs = m.paise().unsigned_abs();
    format!("{sign}{}.{:02}", abs / 100, abs % 100)
}

/// Basis points as a percentage with one decimal: `4520` → "45.2%".
pub fn pct(bp: i64) -> String {
    let tenths = (bp * 2 + bp.signum() * 10) / 20;
    let sign = if tenths < 0 { "-" } else { "" };
    format!("{sign}{}.{}%", tenths.abs() / 10, tenths.abs() % 10)
}

/// `part` as basis points of `whole` (rounded), `None` when `whole` is 0.
pub fn share(part: i64, whole: i64) -> Option<i64> {
    (whole != 0).then(|| {
        let n = i128::from(part) * 10_000;
        let d = i128::from(whole);
        let q = (2 * n + d.signum() * d) / (2 * d);
        i64::try_from(q).unwrap_or(0)
    })
}

/// A titled table: a header and rows of cells.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Table {
    /// What it shows.
    pub title: String,
    /// Column names.
    pub head: Vec<String>,
    /// The rows.
    pub rows: Vec<Vec<Cell>>,
}

fn quote(s: &str) -> String {
    if s.contains([',', '"', '\n']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

impl Table {
    /// A table with these column names.
    pub fn new(title: impl Into<String>, head: &[&str]) -> Table {
        Table {
            title: title.into(),
            head: head.iter().map(|h| h.to_string()).collect(),
            rows: Vec::new(),
        }
    }

    /// The table as CSV: a header line, then a line a row.
    pub fn to_csv(&self) -> String {
        let mut out = self
            .head
            .iter()
            .map(|h| quote(h))
            .collect::<Vec<_>>()
            .join(",");
        out.push('\n');
        for row in &self.rows {
            out.push_str(
                &row.iter()
                    .map(|c| quote(&c.csv()))
                    .collect::<Vec<_>>()
                    .join(","),
            );
            out.push('\n');
        }
        out
    }

    /// The width each column's widest cell (or name) needs.
    pub fn widths(&self) -> Vec<usize> {
        let mut w: Vec<usize> = self.head.iter().map(|h| width(h)).collect();
        for row in &self.rows {
            for (i, c) in row.iter().enumerate() {
                if let Some(slot) = w.get_mut(i) {
                    *slot = (*slot).max(width(&c.show()));
                }
            }
        }
        w
    }

    /// The table as text lines at most `max` wide: number columns keep
    /// their width, the first column gives way (and is cut with "…").
    pub fn text(&self, max: usize) -> Vec<String> {
        let mut w = self.widths();
        let rest: usize = w.iter().skip(1).map(|x| x + 1).sum();
        if let Some(first) = w.first_mut() {
            *first = (*first).min(max.saturating_sub(rest)).max(4);
        }
        let line = |cells: Vec<(String, bool)>| -> String {
            let mut s = String::new();
            for (i, (text, right)) in cells.into_iter().enumerate() {
                let cw = w.get(i).copied().unwrap_or(0);
                let text = fit(&text, cw);
                let pad = " ".repeat(cw.saturating_sub(width(&text)));
                if i > 0 {
                    s.push(' ');
                }
                if right {
                    s.push_str(&pad);
                    s.push_str(&text);
                } else {
                    s.push_str(&text);
                    s.push_str(&pad);
                }
            }
            s.trim_end().to_string()
        };
        let mut out = Vec::new();
        if !self.title.is_empty() {
            out.push(self.title.clone());
        }
        let numeric: Vec<bool> = (0..self.head.len())
            .map(|i| {
                self.rows
                    .first()
                    .and_then(|r| r.get(i))
                    .is_some_and(Cell::right)
            })
            .collect();
        out.push(line(
            self.head
                .iter()
                .zip(&numeric)
                .map(|(h, r)| (h.clone(), *r))
                .collect(),
        ));
        for row in &self.rows {
            out.push(line(row.iter().map(|c| (c.show(), c.right())).collect()));
        }
        if self.rows.is_empty() {
            out.push("  none".to_string());
        }
        out
    }
}

/// Display width of `s` (what a terminal column holds).
pub fn width(s: &str) -> usize {
    unicode_width::UnicodeWidthStr::width(s)
}

/// `s` cut to `max` columns with "…" when it is longer.
pub fn fit(s: &str, max: usize) -> String {
    if width(s) <= max {
        return s.to_string();
    }
    let mut out = String::new();
    for c in s.chars() {
        if width(&out) + unicode_width::UnicodeWidthChar::width(c).unwrap_or(0) + 1 > max {
            break;
        }
        out.push(c);
    }
    out.push('…');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_read_the_indian_way_on_screen_and_plain_in_csv() {
        let m = Cell::Money(Money::from_paise(12_345_650));
        assert_eq!(m.show(), "₹1,23,456.50");
        assert_eq!(m.csv(), "123456.50");
        assert_eq!(Cell::Money(Money::from_paise(-305)).csv(), "-3.05");
        assert_eq!(Cell::Count(1_234_567).show(), "12,34,567");
        assert_eq!(Cell::Count(-5).show(), "-5");
        assert_eq!(Cell::Pct(Some(4_525)).show(), "45.3%");
        assert_eq!(Cell::Pct(Some(-150)).show(), "-1.5%");
        assert_eq!(Cell::Pct(None).show(), "—");
        assert_eq!(share(1, 3), Some(3_333));
        assert_eq!(share(2, 3), Some(6_667));
        assert_eq!(share(5, 0), None);
    }

    #[test]
    fn text_gives_way_in_the_first_column_only() {
        let mut t = Table::new("", &["name", "amount"]);
        t.rows.push(vec![
            Cell::Text("A very long product name indeed".into()),
            Cell::Money(Money::from_rupees(100_000)),
        ]);
        let lines = t.text(24);
        assert!(lines.iter().all(|l| width(l) <= 24), "{lines:?}");
        assert!(lines[1].ends_with("₹1,00,000.00"), "{lines:?}");
        assert!(lines[1].contains('…'));
        assert_eq!(
            t.to_csv(),
            "name,amount\nA very long product name indeed,100000.00\n"
        );
    }
}
