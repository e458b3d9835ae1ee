//! A laid-out receipt: lines already cut to the paper's columns, each with
//! its alignment and weight, and the QR code as its own block. Both the plain
//! text and the ESC/POS bytes are made from one `Doc`, so they cannot drift.
//! Widths are display columns (Devanagari matras take none), not bytes.

use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// How a line sits on the paper.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Align {
    /// Flush left (tables are padded to the full width already).
    Left,
    /// Centred.
    Center,
}

/// One printed line, never wider than the paper.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Line {
    /// The text.
    pub text: String,
    /// Alignment.
    pub align: Align,
    /// Bold.
    pub bold: bool,
}

/// A piece of the receipt.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Block {
    /// A line of text.
    Line(Line),
    /// A QR code of this text (the UPI link).
    Qr(String),
    /// An EAN-13 barcode of these 13 digits, the digits printed under it
    /// (a shelf label).
    Ean13(String),
}

/// A receipt laid out for one paper width.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Doc {
    /// Columns of the paper.
    pub width: usize,
    /// The blocks, top to bottom.
    pub blocks: Vec<Block>,
}

/// Display width of `s` in terminal or printer columns.
pub fn text_width(s: &str) -> usize {
    UnicodeWidthStr::width(s)
}

/// Word-wraps `text` to `width` columns; a word longer than a line is cut
/// between characters, keeping combining marks with their letter.
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    let width = width.max(1);
    let mut out: Vec<String> = Vec::new();
    let mut cur = String::new();
    for word in text.split_whitespace() {
        let need = if cur.is_empty() { 0 } else { 1 } + text_width(word);
        if !cur.is_empty() && text_width(&cur) + need > width {
            out.push(std::mem::take(&mut cur));
        }
        if !cur.is_empty() {
            cur.push(' ');
        }
        for c in word.chars() {
            let w = UnicodeWidthChar::width(c).unwrap_or(0);
            if w > 0 && text_width(&cur) + w > width {
                out.push(std::mem::take(&mut cur));
            }
            cur.push(c);
        }
    }
    if !cur.is_empty() || out.is_empty() {
        out.push(cur);
    }
    out
}

/// `left` and `right` on one line of `width`, right flush right; when they
/// do not fit together, `left` wraps above and `right` gets its own line.
pub fn row(left: &str, right: &str, width: usize) -> Vec<String> {
    let (lw, rw) = (text_width(left), text_width(right));
    if lw + 1 + rw <= width {
        return vec![format!("{left}{}{right}", " ".repeat(width - lw - rw))];
    }
    let mut out = wrap(left, width);
    out.push(format!("{}{right}", " ".repeat(width.saturating_sub(rw))));
    out
}

/// Cells right-aligned in columns of the given widths (the first flush left);
/// `None` when a cell is wider than its column.
pub fn columns(cells: &[&str], widths: &[usize]) -> Option<String> {
    let mut out = String::new();
    for (i, (cell, &w)) in cells.iter().zip(widths).enumerate() {
        let cw = text_width(cell);
        // Every column after the first keeps a space before it.
        if cw > w || (i > 0 && cw >= w) {
            return None;
        }
        let pad = " ".repeat(w - cw);
        if i == 0 {
            out.push_str(cell);
            out.push_str(&pad);
        } else {
            out.push_str(&pad);
            out.push_str(cell);
        }
    }
    Some(out)
}

impl Doc {
    /// An empty document for `width` columns.
    pub fn new(width: usize) -> Doc {
        Doc {
            width,
            blocks: Vec::new(),
        }
    }

    /// Adds lines, wrapping any that are too wide.
    pub fn push(&mut self, text: &str, align: Align, bold: bool) {
        for text in wrap_keep_spaces(text, self.width) {
            self.blocks.push(Block::Line(Line { text, align, bold }));
        }
    }

    /// Adds a full-width rule of dashes.
    pub fn rule(&mut self) {
        self.push(&"-".repeat(self.width), Align::Left, false);
    }

    /// Plain text: centred lines padded, trailing spaces trimmed, the QR
    /// code given as its link.
    pub fn to_text(&self) -> String {
        let mut out = String::new();
        for b in &self.blocks {
            match b {
                Block::Line(l) => {
                    let pad = match l.align {
                        Align::Left => 0,
                        Align::Center => self.width.saturating_sub(text_width(&l.text)) / 2,
                    };
                    let line = format!("{}{}", " ".repeat(pad), l.text);
                    out.push_str(line.trim_end());
                    out.push('\n');
                }
                Block::Qr(data) => {
                    for part in wrap(data, self.width) {
                        out.push_str(&part);
                        out.push('\n');
                    }
                }
                Block::Ean13(code) => {
                    let pad = self.width.saturating_sub(code.len() + 4) / 2;
                    out.push_str(&format!(
                        "{}||| {code} |||\n",
                        " ".repeat(pad.saturating_sub(2))
                    ));
                }
            }
        }
        out
    }
}

/// Like `wrap`, but a line that already fits keeps its inner spacing.
fn wrap_keep_spaces(text: &str, width: usize) -> Vec<String> {
    if text_width(text) <= width {
        vec![text.to_string()]
    } else {
        wrap(text, width)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrapping_counts_display_columns() {
        assert_eq!(
            wrap("Sharma General Stores", 10),
            ["Sharma", "General", "Stores"]
        );
        assert_eq!(wrap("abcdefghij", 4), ["abcd", "efgh", "ij"]);
        // "साबुन" is 5 chars but 4 columns wide (the vowel sign ु takes none).
        assert_eq!(text_width("साबुन"), 4);
        assert_eq!(wrap("साबुन साबुन", 9), ["साबुन साबुन"]);
        assert_eq!(wrap("साबुन साबुन", 8), ["साबुन", "साबुन"]);
        assert_eq!(wrap("", 5), [""]);
    }

    #[test]
    fn rows_and_columns() {
        assert_eq!(row("Total", "12.00", 12), ["Total  12.00"]);
        assert_eq!(
            row("Grand total", "12.00", 12),
            ["Grand total", "       12.00"]
        );
        assert_eq!(
            columns(&["5%", "10.00", "1.00"], &[4, 6, 6]).as_deref(),
            Some("5%   10.00  1.00")
        );
        assert_eq!(columns(&["5%", "100.00"], &[4, 6]), None);
    }
}
