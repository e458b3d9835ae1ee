//! The Attendance pane's state: today's list (who is in, out, late or
//! absent so far) and a month's grid, and the PIN typed to clock in or out.
//! Pure: the month arrives as an action, a clock-in leaves as an effect and
//! the runner finds the person by the PIN's hash.

use chrono::{Datelike, NaiveDate};

use crate::app::action::{AttendanceView, Effect};
use crate::app::command::Command;
use crate::ui::field::Field;

/// What the pane shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum View {
    /// Who is in today.
    Today,
    /// A month's grid.
    Month,
}

/// The Attendance pane.
pub struct AttendancePane {
    /// Today or the month.
    pub view: View,
    /// The month shown in the grid (`None`: this month).
    pub month: Option<(i32, u32)>,
    /// What was read.
    pub data: Option<AttendanceView>,
    /// The PIN being typed (shown as dots).
    pub pin: Field,
    /// What the last clock-in said.
    pub message: Option<Result<String, String>>,
    /// The selected person in the list or grid.
    pub selected: usize,
}

impl Default for AttendancePane {
    fn default() -> Self {
        AttendancePane {
            view: View::Today,
            month: None,
            data: None,
            pin: Field::default(),
            message: None,
            selected: 0,
        }
    }
}

impl AttendancePane {
    /// The effect that reads what is shown again.
    pub fn reload(&self) -> Effect {
        Effect::LoadAttendance(self.month)
    }

    /// Takes what was read.
    pub fn loaded(&mut self, data: AttendanceView) {
        self.month = Some((data.year, data.month));
        let n = data.people.len();
        self.data = Some(data);
        self.selected = self.selected.min(n.saturating_sub(1));
    }

    /// The runner's answer to a clock-in or -out.
    pub fn clocked(&mut self, result: Result<String, String>) -> Vec<Effect> {
        let ok = result.is_ok();
        self.message = Some(result);
        self.pin.reset();
        if ok { vec![self.reload()] } else { Vec::new() }
    }

    /// Whether a typed character goes to the PIN (digits, on today's view).
    pub fn takes(&self, c: char) -> bool {
        self.view == View::Today && c.is_ascii_digit() && self.pin.value().len() < 6
    }

    fn shift_month(&mut self, by: i32) -> Vec<Effect> {
        let Some((y, m)) = self.month else {
            return Vec::new();
        };
        let months = y * 12 + (m as i32 - 1) + by;
        let (y, m) = (months.div_euclid(12), months.rem_euclid(12) as u32 + 1);
        if let Some(today) = self.data.as_ref().map(|d| d.today)
            && NaiveDate::from_ymd_opt(y, m, 1).is_some_and(|d| d > today)
        {
            self.message = Some(Err("that month has not begun".into()));
            return Vec::new();
        }
        self.month = Some((y, m));
        vec![self.reload()]
    }

    /// Runs a command; `None` for commands the pane does not use.
    pub fn command(&mut self, command: Command) -> Option<Vec<Effect>> {
        let last = self
            .data
            .as_ref()
            .map_or(0, |d| d.people.len().saturating_sub(1));
        match command {
            Command::Submit if self.view == View::Today => {
                let pin = self.pin.value().to_string();
                if pin.len() < 4 {
                    self.message = Some(Err("type your 4 to 6 digit PIN, then Enter".into()));
                    return Some(Vec::new());
                }
                return Some(vec![Effect::ClockPin(pin)]);
            }
            Command::Close => {
                self.pin.reset();
                self.message = None;
            }
            Command::ToggleCounters => {
                self.view = match self.view {
                    View::Today => View::Month,
                    View::Month => View::Today,
                };
                self.pin.reset();
                if self.view == View::Today
                    && let Some(d) = &self.data
                    && (d.year, d.month) != (d.today.year(), d.today.month())
                {
                    self.month = None;
                    return Some(vec![self.reload()]);
                }
            }
            Command::PrevDay if self.view == View::Month => return Some(self.shift_month(-1)),
            Command::NextDay if self.view == View::Month => return Some(self.shift_month(1)),
            Command::Up => self.selected = self.selected.saturating_sub(1),
            Command::Down => self.selected = (self.selected + 1).min(last),
            _ => return None,
        }
        Some(Vec::new())
    }
}
