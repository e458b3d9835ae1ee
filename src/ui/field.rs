//! A text field that remembers how it was typed. A USB barcode scanner is a
//! keyboard that types a dozen digits within a few milliseconds and presses
//! Enter; in an amount or number field that burst must never become a value
//! (a scanned `8901000006547` once became ₹89 crore of "change"). Every key
//! typed carries the millisecond it was read; a run of [`MIN_SCAN_LEN`] keys
//! each under [`BURST_GAP_MS`] apart marks the field as scanned until it is
//! emptied, and forms refuse a scanned field instead of reading it.

use tui_input::{Input, InputRequest};

pub use crate::ui::billing::{BURST_GAP_MS, MIN_SCAN_LEN};

/// An editable line with the times its keys arrived.
#[derive(Clone, Debug, Default)]
pub struct Field {
    input: Input,
    last_at: Option<u64>,
    run: usize,
    scanned: bool,
}

impl Field {
    /// A field holding `text` (as if typed slowly).
    pub fn with_value(text: &str) -> Field {
        Field {
            input: Input::new(text.to_string()),
            ..Field::default()
        }
    }

    /// The text.
    pub fn value(&self) -> &str {
        self.input.value()
    }

    /// The editor, for drawing the cursor.
    pub fn input(&self) -> &Input {
        &self.input
    }

    /// Types `c`; `at` is when the key was read (ms), if known.
    pub fn type_char(&mut self, c: char, at: Option<u64>) {
        self.input.handle(InputRequest::InsertChar(c));
        self.run = match (self.last_at, at) {
            (Some(a), Some(b)) if b.saturating_sub(a) < BURST_GAP_MS => self.run + 1,
            _ => 1,
        };
        self.last_at = at;
        if self.run >= MIN_SCAN_LEN {
            self.scanned = true;
        }
    }

    /// An editing key (cursor, delete). Emptying the field forgets a scan.
    pub fn edit(&mut self, request: InputRequest) {
        self.input.handle(request);
        self.last_at = None;
        self.run = 0;
        if self.input.value().is_empty() {
            self.scanned = false;
        }
    }

    /// Whether a scanner burst went into the field since it was last empty.
    pub fn scanned(&self) -> bool {
        self.scanned
    }

    /// Empties the field.
    pub fn reset(&mut self) {
        *self = Field::default();
    }
}

/// The refusal a form shows for a scanned field.
pub fn scanned_refusal(what: &str) -> String {
    format!(
        "that was a barcode scan, not a typed {what} — nothing was taken. \
         Close this box to scan items into the bill"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn typed(field: &mut Field, text: &str, start: u64, gap: u64) {
        for (i, c) in text.chars().enumerate() {
            field.type_char(c, Some(start + i as u64 * gap));
        }
    }

    #[test]
    fn a_burst_marks_the_field_until_it_is_emptied() {
        let mut f = Field::default();
        typed(&mut f, "8901000006547", 1_000, 3);
        assert!(f.scanned());
        f.edit(InputRequest::DeletePrevChar);
        assert!(f.scanned(), "still mostly a scan");
        for _ in 0..20 {
            f.edit(InputRequest::DeletePrevChar);
        }
        assert!(!f.scanned());
        typed(&mut f, "500", 5_000, 200);
        assert!(!f.scanned());
        assert_eq!(f.value(), "500");
    }

    #[test]
    fn quick_typing_of_a_few_digits_is_typing() {
        let mut f = Field::default();
        typed(&mut f, "2000", 0, 20);
        assert!(!f.scanned());
        let mut f = Field::default();
        typed(&mut f, "12345", 0, 5);
        assert!(!f.scanned(), "five keys are below a scan's length");
        let mut f = Field::default();
        for c in "8901000006547".chars() {
            f.type_char(c, None);
        }
        assert!(!f.scanned(), "no times (a script) is typing");
    }
}
