//! Text for a terminal that is not ours to control: every line galla prints
//! (tables, messages, errors) goes through [`printable`], so a name holding
//! ESC, BEL or NUL cannot colour, beep at or rewrite the user's terminal.
//!
//! Control characters (C0, DEL and C1) are written as Rust-style escapes:
//! ESC becomes `\u{1b}`, BEL `\u{7}`, a tab `\t`, a newline `\n`. A backslash
//! stays a backslash: the output is for people, not for parsing (use `--json`
//! for that; JSON escapes control characters itself).
//!
//! Also here: [`phone`], the one reading of a typed phone number.

use std::borrow::Cow;

/// `s` with every control character escaped.
pub fn printable(s: &str) -> Cow<'_, str> {
    if !s.chars().any(char::is_control) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            c if c.is_control() => out.push_str(&format!("\\u{{{:x}}}", u32::from(c))),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// Like [`printable`], but keeps newlines (for multi-line messages).
pub fn printable_lines(s: &str) -> String {
    s.split('\n')
        .map(|line| printable(line).into_owned())
        .collect::<Vec<_>>()
        .join("\n")
}

/// `"1 line"`, `"2 lines"`: a count with its noun.
pub fn count(n: usize, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {many}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_terminal_controls() {
        assert_eq!(printable("Kur\u{1b}[31mta\u{7}"), "Kur\\u{1b}[31mta\\u{7}");
        assert_eq!(printable("a\0b\u{7f}c\u{9b}"), "a\\u{0}b\\u{7f}c\\u{9b}");
        assert_eq!(printable("tab\there\nnext"), "tab\\there\\nnext");
    }

    #[test]
    fn leaves_ordinary_text_alone() {
        assert!(matches!(printable("देसी घी ₹40"), Cow::Borrowed(_)));
        assert_eq!(printable_lines("one\ntwo\u{1b}"), "one\ntwo\\u{1b}");
    }

    #[test]
    fn counts() {
        assert_eq!(count(1, "line", "lines"), "1 line");
        assert_eq!(count(0, "item", "items"), "0 items");
        assert_eq!(count(12, "item", "items"), "12 items");
    }
}

/// An Indian mobile or landline number as its 10 (or 11) digits: spaces,
/// dashes, brackets and a leading +91 or 0 are accepted and dropped
/// ("+91 98290-12345" → "9829012345").
pub fn phone(raw: &str) -> Result<String, String> {
    let digits: String = raw.chars().filter(char::is_ascii_digit).collect();
    let local = digits
        .strip_prefix("91")
        .filter(|d| d.len() == 10)
        .or_else(|| digits.strip_prefix('0').filter(|d| d.len() == 10))
        .unwrap_or(&digits);
    let shape_ok = raw
        .trim()
        .chars()
        .all(|c| c.is_ascii_digit() || " +-()".contains(c));
    if shape_ok && (10..=11).contains(&local.len()) {
        Ok(local.to_string())
    } else {
        Err(format!(
            "\"{raw}\" is not a phone number — expected 10 digits, e.g. 98765 43210"
        ))
    }
}

#[cfg(test)]
mod phone_tests {
    #[test]
    fn indian_formats_are_normalised_and_others_refused() {
        for raw in [
            "9829012345",
            "+91 98290-12345",
            "098290 12345",
            "(98290) 12345",
        ] {
            assert_eq!(super::phone(raw).as_deref(), Ok("9829012345"), "{raw}");
        }
        for raw in ["12345", "98290x12345", "", "+1 415 555 0100 22"] {
            assert!(super::phone(raw).is_err(), "{raw}");
        }
    }
}
