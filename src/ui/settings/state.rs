//! The Settings pane's state: the shared settings as last read, filtered by
//! key, words or value as typed; the machine's own values (given at
//! start); and the form open over one setting. Pure: rows arrive as
//! actions, a change leaves as an effect and the runner checks it.

use tui_input::InputRequest;

use crate::app::action::Effect;
use crate::app::command::Command;
use crate::ui::entry_form::{EntryForm, Routed, route};
use crate::ui::field::Field;

/// One shared setting on screen.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SettingRow {
    /// Its key (`shop.name`).
    pub key: &'static str,
    /// What it is, in words.
    pub what: &'static str,
    /// Its value as shown ("(not set)" when none).
    pub value: String,
    /// Its value as a form starts with (empty when not set).
    pub raw: String,
}

/// The Settings pane.
#[derive(Default)]
pub struct SettingsPane {
    /// The filter typed.
    pub filter: Field,
    /// Every shared setting, in the order `galla settings` lists them.
    pub rows: Vec<SettingRow>,
    /// Whether rows have been read at least once.
    pub loaded: bool,
    /// Positions in `rows` shown.
    pub shown: Vec<usize>,
    /// The selected position in `shown`.
    pub selected: usize,
    /// This machine's values (config.toml and the database), read-only.
    pub machine: Vec<(String, String)>,
    /// Showing the machine's values instead of the shop's.
    pub machine_view: bool,
    /// The change being typed: the setting's key and its form.
    pub form: Option<(&'static str, EntryForm)>,
    /// What the last change did.
    pub message: Option<String>,
}

impl SettingsPane {
    /// Takes the settings just read, keeping the selection.
    pub fn rows_loaded(&mut self, rows: Vec<SettingRow>) {
        let keep = self.selected_row().map(|r| r.key);
        self.rows = rows;
        self.loaded = true;
        self.refilter();
        if let Some(k) = keep
            && let Some(i) = self.shown.iter().position(|&i| self.rows[i].key == k)
        {
            self.selected = i;
        }
    }

    fn refilter(&mut self) {
        let f = self.filter.value().trim().to_lowercase();
        self.shown = (0..self.rows.len())
            .filter(|&i| {
                let r = &self.rows[i];
                f.is_empty()
                    || r.key.contains(&f)
                    || r.what.to_lowercase().contains(&f)
                    || r.value.to_lowercase().contains(&f)
            })
            .collect();
        self.selected = self.selected.min(self.shown.len().saturating_sub(1));
    }

    /// The rows shown, in order.
    pub fn visible(&self) -> impl Iterator<Item = &SettingRow> {
        self.shown.iter().map(|&i| &self.rows[i])
    }

    /// The selected setting.
    pub fn selected_row(&self) -> Option<&SettingRow> {
        self.shown.get(self.selected).map(|&i| &self.rows[i])
    }

    /// Whether typed characters go to a field (the form's or the filter).
    pub fn typing(&self) -> bool {
        self.form.is_some() || !self.machine_view
    }

    /// Types a character.
    pub fn type_char(&mut self, c: char, at: Option<u64>) {
        match &mut self.form {
            Some((_, f)) => f.type_char(c, at),
            None if !self.machine_view => {
                self.filter.type_char(c, at);
                self.selected = 0;
                self.refilter();
            }
            None => {}
        }
    }

    /// An editing key.
    pub fn edit(&mut self, request: InputRequest) {
        match &mut self.form {
            Some((_, f)) => f.edit(request),
            None if !self.machine_view => {
                self.filter.edit(request);
                self.refilter();
            }
            None => {}
        }
    }

    fn open(&mut self) {
        let Some(row) = self.selected_row() else {
            return;
        };
        let mut form = EntryForm::new(format!("Change {}", row.key))
            .about(row.what)
            .filled("New value", false, &row.raw);
        form.focus = 0;
        form.keys = "Enter save · Esc cancel · an empty value is refused or clears a list".into();
        self.form = Some((row.key, form));
    }

    /// The runner's answer to a change: closes the form and reads the
    /// settings again, or shows why the value was refused.
    pub fn written(&mut self, result: Result<String, String>) -> Vec<Effect> {
        match result {
            Ok(text) => {
                self.form = None;
                self.message = Some(text);
                vec![Effect::LoadSettings]
            }
            Err(e) => {
                match &mut self.form {
                    Some((_, f)) => f.error = Some(e),
                    None => self.message = Some(e),
                }
                Vec::new()
            }
        }
    }

    fn step(&mut self, by: isize) {
        let last = self.shown.len().saturating_sub(1) as isize;
        self.selected = (self.selected as isize + by).clamp(0, last.max(0)) as usize;
    }

    /// Runs a command; `None` for commands the pane does not use.
    pub fn command(&mut self, command: Command) -> Option<Vec<Effect>> {
        match route(&mut self.form, command) {
            Some(Routed::Submit) => {
                return Some(
                    self.form
                        .as_ref()
                        .map(|(key, form)| Effect::WriteSetting {
                            key,
                            value: form.value(0).to_string(),
                        })
                        .into_iter()
                        .collect(),
                );
            }
            Some(Routed::Done) => return Some(Vec::new()),
            Some(Routed::Ignored) => return None,
            None => {}
        }
        match command {
            Command::Up => self.step(-1),
            Command::Down => self.step(1),
            Command::PageUp => self.step(-10),
            Command::PageDown => self.step(10),
            Command::First => self.step(isize::MIN / 2),
            Command::Last => self.step(isize::MAX / 2),
            Command::Submit if !self.machine_view => self.open(),
            Command::ToggleCounters => self.machine_view = !self.machine_view,
            Command::Close => {
                if self.machine_view {
                    self.machine_view = false;
                } else {
                    self.filter.reset();
                    self.refilter();
                }
            }
            _ => return None,
        }
        Some(Vec::new())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(key: &'static str, value: &str) -> SettingRow {
        SettingRow {
            key,
            what: "words",
            value: value.into(),
            raw: value.into(),
        }
    }

    #[test]
    fn typing_filters_and_enter_asks_for_a_checked_value() {
        let mut p = SettingsPane::default();
        p.rows_loaded(vec![row("shop.name", "Gupta"), row("bill.prefix", "INV/")]);
        for c in "prefix".chars() {
            p.type_char(c, None);
        }
        assert_eq!(
            p.visible().map(|r| r.key).collect::<Vec<_>>(),
            ["bill.prefix"]
        );
        p.command(Command::Submit);
        let Some((_, form)) = &mut p.form else {
            panic!("a form opens");
        };
        assert_eq!(form.value(0), "INV/");
        form.type_char('X', None);
        let effects = p.command(Command::Submit).unwrap_or_default();
        assert_eq!(
            effects,
            vec![Effect::WriteSetting {
                key: "bill.prefix",
                value: "INV/X".into()
            }]
        );
        p.written(Err("bill.prefix: too long".into()));
        assert!(
            p.form.as_ref().is_some_and(|(_, f)| f.error.is_some()),
            "refused: the form stays"
        );
        assert_eq!(p.written(Ok("changed".into())), vec![Effect::LoadSettings]);
        assert!(p.form.is_none());
    }
}
