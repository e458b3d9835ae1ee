//! A small form drawn over a pane: a few labelled text fields and at most
//! one choice cycled with ←/→ (a payment mode, a cash head). The Khata and
//! Cashbook panes use it for "got", "gave", a new party, cash in or out and
//! the day's close. Amount fields remember how they were typed, so a
//! scanner burst is refused instead of read as rupees. Pure state plus its
//! drawing; what a submit means is the pane's business.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};
use tui_input::InputRequest;
use unicode_width::UnicodeWidthStr;

use super::field::Field;
use super::theme::Theme;

/// One text field of the form.
#[derive(Clone, Debug)]
pub struct FormField {
    /// What it is ("Amount ₹").
    pub label: &'static str,
    /// What was typed.
    pub field: Field,
    /// Whether it holds money or a count (a scan is refused there).
    pub amount: bool,
    /// Drawn as dots (a PIN).
    pub secret: bool,
}

/// A choice cycled with ←/→.
#[derive(Clone, Debug)]
pub struct Choice {
    /// What is chosen ("Mode").
    pub label: &'static str,
    /// The options, in order.
    pub options: Vec<String>,
    /// The one chosen.
    pub index: usize,
}

/// What a form-scope command did to the form open over a pane.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Routed {
    /// Enter: the pane reads the form and asks for the write.
    Submit,
    /// Handled here (closed, or moved between fields or options).
    Done,
    /// Not a form's command: the pane may not run it while the form is open.
    Ignored,
}

/// Routes `command` to the form in `slot`, if one is open (`None` when
/// none is): Esc closes it, movement keys move in it, Enter is the pane's.
pub fn route<T>(
    slot: &mut Option<(T, EntryForm)>,
    command: crate::app::command::Command,
) -> Option<Routed> {
    use crate::app::command::Command as C;
    let (_, form) = slot.as_mut()?;
    Some(match command {
        C::Submit => Routed::Submit,
        C::Close => {
            *slot = None;
            Routed::Done
        }
        other if form.navigate(other) => Routed::Done,
        _ => Routed::Ignored,
    })
}

/// A form over a pane.
#[derive(Clone, Debug)]
pub struct EntryForm {
    /// The box's title.
    pub title: String,
    /// A line under the title (what the entry is about), if any.
    pub about: Option<String>,
    /// The text fields, in Tab order.
    pub fields: Vec<FormField>,
    /// The choice, if any (drawn first).
    pub choice: Option<Choice>,
    /// The field with the cursor.
    pub focus: usize,
    /// Why the last submit was refused.
    pub error: Option<String>,
    /// The keys, in words, for the last line ("Enter save · Esc cancel").
    pub keys: String,
}

impl EntryForm {
    /// An empty form.
    pub fn new(title: impl Into<String>) -> EntryForm {
        EntryForm {
            title: title.into(),
            about: None,
            fields: Vec::new(),
            choice: None,
            focus: 0,
            error: None,
            keys: String::new(),
        }
    }

    /// Adds a text field; `amount` for money and counts.
    pub fn field(mut self, label: &'static str, amount: bool) -> EntryForm {
        self.fields.push(FormField {
            label,
            field: Field::default(),
            amount,
            secret: false,
        });
        self
    }

    /// Adds a text field drawn as dots (a PIN); a scan is refused there.
    pub fn secret(mut self, label: &'static str) -> EntryForm {
        self.fields.push(FormField {
            label,
            field: Field::default(),
            amount: true,
            secret: true,
        });
        self
    }

    /// Adds a text field holding `value`.
    pub fn filled(mut self, label: &'static str, amount: bool, value: &str) -> EntryForm {
        self.fields.push(FormField {
            label,
            field: Field::with_value(value),
            amount,
            secret: false,
        });
        self
    }

    /// Sets the choice.
    pub fn choice(mut self, label: &'static str, options: Vec<String>) -> EntryForm {
        self.choice = Some(Choice {
            label,
            options,
            index: 0,
        });
        self
    }

    /// Sets the line under the title.
    pub fn about(mut self, text: impl Into<String>) -> EntryForm {
        self.about = Some(text.into());
        self
    }

    /// The text of field `i` (empty when there is none).
    pub fn value(&self, i: usize) -> &str {
        self.fields.get(i).map_or("", |f| f.field.value())
    }

    /// The text of field `i`, `None` when it is blank.
    pub fn optional(&self, i: usize) -> Option<String> {
        Some(self.value(i).trim().to_string()).filter(|v| !v.is_empty())
    }

    /// The option chosen.
    pub fn chosen(&self) -> usize {
        self.choice.as_ref().map_or(0, |c| c.index)
    }

    /// Types into the focused field.
    pub fn type_char(&mut self, c: char, at: Option<u64>) {
        self.error = None;
        if let Some(f) = self.fields.get_mut(self.focus) {
            f.field.type_char(c, at);
        }
    }

    /// An editing key for the focused field.
    pub fn edit(&mut self, request: InputRequest) {
        if let Some(f) = self.fields.get_mut(self.focus) {
            f.field.edit(request);
        }
    }

    /// Moves to the next field (wrapping).
    pub fn next_field(&mut self) {
        if !self.fields.is_empty() {
            self.focus = (self.focus + 1) % self.fields.len();
        }
    }

    /// Moves to the previous field (wrapping).
    pub fn prev_field(&mut self) {
        if !self.fields.is_empty() {
            self.focus = (self.focus + self.fields.len() - 1) % self.fields.len();
        }
    }

    /// Cycles the choice forward (`true`) or back.
    pub fn cycle(&mut self, forward: bool) {
        if let Some(c) = &mut self.choice {
            let n = c.options.len().max(1);
            c.index = if forward {
                (c.index + 1) % n
            } else {
                (c.index + n - 1) % n
            };
        }
    }

    /// Refuses the form when a scanner burst went into an amount field:
    /// the field is emptied and the refusal shown.
    pub fn refuse_scans(&mut self) -> bool {
        let Some(i) = self
            .fields
            .iter()
            .position(|f| f.amount && f.field.scanned())
        else {
            return false;
        };
        self.fields[i].field.reset();
        self.focus = i;
        self.error = Some(
            "that came as fast as a barcode scanner types, so it was not taken as an amount — \
             type the amount by hand"
                .to_string(),
        );
        true
    }

    /// Moves within the form for a form-scope command (fields, the
    /// choice); `false` for commands that are the pane's (submit, close).
    pub fn navigate(&mut self, command: crate::app::command::Command) -> bool {
        use crate::app::command::Command as C;
        match command {
            C::NextField | C::Down => self.next_field(),
            C::Up => self.prev_field(),
            C::NextMode => self.cycle(true),
            C::PrevMode => self.cycle(false),
            _ => return false,
        }
        true
    }

    fn label_width(&self) -> usize {
        self.fields
            .iter()
            .map(|f| f.label.width())
            .chain(self.choice.iter().map(|c| c.label.width()))
            .max()
            .unwrap_or(0)
    }

    fn lines(&self, theme: &Theme, width: usize) -> Vec<Line<'static>> {
        let label_width = self.label_width();
        let pad = |s: &str| format!("{s}{} ", " ".repeat(label_width.saturating_sub(s.width())));
        let mut out = Vec::new();
        if let Some(a) = &self.about {
            out.push(Line::styled(a.clone(), theme.dim));
        }
        if let Some(c) = &self.choice {
            let mut spans = vec![Span::raw(pad(c.label))];
            for (i, o) in c.options.iter().enumerate() {
                let style = if i == c.index {
                    theme.tab_active
                } else {
                    theme.dim
                };
                // Brackets as well as the style, so the mono theme shows it.
                let text = if i == c.index {
                    format!("[{o}]")
                } else {
                    format!(" {o} ")
                };
                spans.push(Span::styled(text, style));
            }
            out.push(Line::from(spans));
        }
        for (i, f) in self.fields.iter().enumerate() {
            let style = if i == self.focus {
                theme.key
            } else {
                theme.text
            };
            let shown = if f.secret {
                "•".repeat(f.field.value().chars().count())
            } else {
                f.field.value().to_string()
            };
            out.push(Line::from(vec![
                Span::styled(pad(f.label), style),
                Span::raw(shown),
            ]));
        }
        if let Some(e) = &self.error {
            for l in super::wrap_words(e, width) {
                out.push(Line::styled(l, theme.error));
            }
        }
        out.push(Line::styled(self.keys.clone(), theme.dim));
        out
    }

    /// Where the form's box goes in `area`.
    pub fn area(&self, area: Rect) -> Rect {
        let width = area.width.saturating_sub(4).min(70);
        let rows = self.fields.len()
            + usize::from(self.choice.is_some())
            + usize::from(self.about.is_some())
            + 1
            + self
                .error
                .as_ref()
                .map_or(0, |e| super::wrap_words(e, width as usize - 2).len());
        super::popup::centred(area, width, rows as u16 + 2)
    }

    /// Draws the form over `area`.
    pub fn render(&self, frame: &mut Frame<'_>, area: Rect, theme: &Theme) {
        let r = self.area(area);
        frame.render_widget(Clear, r);
        let block = Block::default()
            .borders(Borders::ALL)
            .title(format!(" {} ", self.title))
            .style(theme.text);
        let lines = self.lines(theme, r.width.saturating_sub(2) as usize);
        frame.render_widget(
            Paragraph::new(lines)
                .block(block)
                .wrap(Wrap { trim: false }),
            r,
        );
    }

    /// Where the cursor goes: in the focused field.
    pub fn cursor(&self, area: Rect) -> Option<(u16, u16)> {
        let r = self.area(area);
        let f = self.fields.get(self.focus)?;
        let label_width = self.label_width();
        let row =
            usize::from(self.about.is_some()) + usize::from(self.choice.is_some()) + self.focus;
        let typed = f.field.value().width().min(f.field.input().visual_cursor());
        Some((
            r.x + 1 + (label_width + 1 + typed) as u16,
            r.y + 1 + row as u16,
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_scan_into_an_amount_is_refused_and_emptied() {
        let mut f = EntryForm::new("Got")
            .field("Amount ₹", true)
            .field("Note", false);
        for (i, c) in "8901000006547".chars().enumerate() {
            f.type_char(c, Some(1_000 + i as u64 * 3));
        }
        assert!(f.refuse_scans());
        assert_eq!(f.value(0), "");
        assert!(f.error.as_deref().is_some_and(|e| e.contains("barcode")));
        for (i, c) in "500".chars().enumerate() {
            f.type_char(c, Some(9_000 + i as u64 * 200));
        }
        assert!(!f.refuse_scans());
        f.next_field();
        f.type_char('x', None);
        assert_eq!((f.value(0), f.value(1)), ("500", "x"));
        assert_eq!(f.optional(1).as_deref(), Some("x"));
    }

    #[test]
    fn the_choice_cycles_both_ways() {
        let mut f = EntryForm::new("Got").choice("Mode", vec!["cash".into(), "UPI".into()]);
        f.cycle(true);
        assert_eq!(f.chosen(), 1);
        f.cycle(true);
        assert_eq!(f.chosen(), 0);
        f.cycle(false);
        assert_eq!(f.chosen(), 1);
    }
}
