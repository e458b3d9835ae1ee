//! The Audit pane's state: the trail's rows read so far (newest first), the
//! filters in force and the form to change them, and the selected row.
//! Nothing is read per keystroke: a new page is asked for only when the
//! filters change or the selection moves past the last row read. Pure:
//! pages arrive as actions, asks leave as effects.

use chrono::NaiveDate;
use tui_input::InputRequest;

use crate::app::action::Effect;
use crate::app::audit_work::{AuditAsk, AuditPage};
use crate::app::command::Command;
use crate::audit::{Entry, Wanted};
use crate::ui::entry_form::EntryForm;

/// The Audit pane.
#[derive(Default)]
pub struct AuditPane {
    /// The filters in force.
    pub wanted: Wanted,
    /// The filter form, while it is open.
    pub form: Option<EntryForm>,
    /// Rows read so far, newest first.
    pub rows: Vec<Entry>,
    /// Whether more rows may follow the last one read.
    pub more: bool,
    /// The selected row.
    pub selected: usize,
    /// Why the filters match nothing.
    pub error: Option<String>,
    /// Whether a page has been read.
    pub loaded: bool,
    /// The last good backup: when, and where.
    pub backup: Option<(chrono::DateTime<chrono::Utc>, String)>,
    generation: u64,
    asking: bool,
}

fn date(raw: &str, what: &str) -> Result<Option<NaiveDate>, String> {
    let t = raw.trim();
    if t.is_empty() {
        return Ok(None);
    }
    NaiveDate::parse_from_str(t, "%Y-%m-%d")
        .map(Some)
        .map_err(|_| format!("{what} \"{t}\": write it as 2026-11-20"))
}

fn text(raw: &str) -> Option<String> {
    Some(raw.trim().to_string()).filter(|t| !t.is_empty())
}

impl AuditPane {
    /// Reads the first page again for the filters in force.
    pub fn reload(&mut self) -> Effect {
        self.generation += 1;
        self.asking = true;
        Effect::LoadAudit(Box::new(AuditAsk {
            wanted: self.wanted.clone(),
            after: None,
            generation: self.generation,
        }))
    }

    /// Takes a page read.
    pub fn loaded(&mut self, page: AuditPage) {
        if page.generation != self.generation {
            return;
        }
        self.asking = false;
        self.loaded = true;
        self.backup = page.backup;
        self.error = page.error;
        self.more = page.more;
        if page.appended {
            self.rows.extend(page.rows);
        } else {
            self.rows = page.rows;
            self.selected = 0;
        }
        self.selected = self.selected.min(self.rows.len().saturating_sub(1));
    }

    /// The next page, when the selection reached the last row read.
    fn next_page(&mut self) -> Vec<Effect> {
        if !self.more || self.asking || self.selected + 1 < self.rows.len() {
            return Vec::new();
        }
        let Some(last) = self.rows.last() else {
            return Vec::new();
        };
        self.asking = true;
        vec![Effect::LoadAudit(Box::new(AuditAsk {
            wanted: self.wanted.clone(),
            after: Some(last.cursor.clone()),
            generation: self.generation,
        }))]
    }

    fn step(&mut self, by: isize) -> Vec<Effect> {
        let last = self.rows.len().saturating_sub(1) as isize;
        self.selected = (self.selected as isize + by).clamp(0, last.max(0)) as usize;
        if by > 0 { self.next_page() } else { Vec::new() }
    }

    /// The row selected.
    pub fn chosen(&self) -> Option<&Entry> {
        self.rows.get(self.selected)
    }

    fn open_form(&mut self) {
        let w = &self.wanted;
        let day = |d: Option<NaiveDate>| d.map(|d| d.to_string()).unwrap_or_default();
        let mut form = EntryForm::new("Show entries")
            .about("blank: any · dates as 2026-11-20")
            .filled("From day", false, &day(w.from))
            .filled("To day", false, &day(w.to))
            .filled("Person", false, w.person.as_deref().unwrap_or(""))
            .filled("Type", false, w.kind.as_deref().unwrap_or(""))
            .filled("Counter", false, w.counter.as_deref().unwrap_or(""));
        form.keys = "Enter show · Tab next field · Esc cancel".into();
        self.form = Some(form);
    }

    fn apply_form(&mut self) -> Vec<Effect> {
        let Some(form) = &mut self.form else {
            return Vec::new();
        };
        let wanted = (|| -> Result<Wanted, String> {
            Ok(Wanted {
                from: date(form.value(0), "from")?,
                to: date(form.value(1), "to")?,
                person: text(form.value(2)),
                kind: text(form.value(3)),
                counter: text(form.value(4)),
            })
        })();
        match wanted {
            Ok(w) => {
                self.wanted = w;
                self.form = None;
                vec![self.reload()]
            }
            Err(e) => {
                form.error = Some(e);
                Vec::new()
            }
        }
    }

    /// Whether typed characters go to the filter form.
    pub fn typing(&self) -> bool {
        self.form.is_some()
    }

    /// Types into the filter form.
    pub fn type_char(&mut self, c: char, at: Option<u64>) {
        if let Some(f) = &mut self.form {
            f.type_char(c, at);
        }
    }

    /// An editing key in the filter form.
    pub fn edit(&mut self, request: InputRequest) {
        if let Some(f) = &mut self.form {
            f.edit(request);
        }
    }

    /// The filters in force, in words (empty: none).
    pub fn filters_words(&self) -> String {
        let w = &self.wanted;
        let mut parts = Vec::new();
        match (w.from, w.to) {
            (Some(f), Some(t)) if f == t => parts.push(format!("on {f}")),
            (Some(f), Some(t)) => parts.push(format!("{f} to {t}")),
            (Some(f), None) => parts.push(format!("from {f}")),
            (None, Some(t)) => parts.push(format!("up to {t}")),
            (None, None) => {}
        }
        if let Some(p) = &w.person {
            parts.push(format!("by {p}"));
        }
        if let Some(k) = &w.kind {
            parts.push(format!("type {k}"));
        }
        if let Some(c) = &w.counter {
            parts.push(format!("counter {c}"));
        }
        parts.join(" · ")
    }

    /// Runs a command; `None` for commands the pane does not use.
    pub fn command(&mut self, command: Command) -> Option<Vec<Effect>> {
        if let Some(form) = &mut self.form {
            match command {
                Command::Submit => return Some(self.apply_form()),
                Command::Close => self.form = None,
                other if form.navigate(other) => {}
                _ => return None,
            }
            return Some(Vec::new());
        }
        Some(match command {
            Command::Up => self.step(-1),
            Command::Down => self.step(1),
            Command::PageUp => self.step(-10),
            Command::PageDown => self.step(10),
            Command::First => self.step(isize::MIN / 2),
            Command::Last => self.step(isize::MAX / 2),
            Command::Filter => {
                self.open_form();
                Vec::new()
            }
            Command::Close if self.wanted != Wanted::default() => {
                self.wanted = Wanted::default();
                vec![self.reload()]
            }
            _ => return None,
        })
    }
}
