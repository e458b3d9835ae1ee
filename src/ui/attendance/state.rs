//! The Staff pane's state: today's list (who is in, out, late or absent so
//! far), a month's grid, the staff list (everyone, with status, pay and
//! shift), the PIN typed to clock in or out, and the small forms to add or
//! change a person, set a status or mark a day. Pure: the month arrives as
//! an action; a clock-in or a change leaves as an effect, and the runner
//! checks it with `crate::staff` like the CLI.

use chrono::{Datelike, NaiveDate};

use crate::app::action::{AttendanceView, Effect, PersonMonth, StaffWrite};
use crate::app::command::Command;
use crate::ui::entry_form::{EntryForm, Routed};
use crate::ui::field::Field;

/// What the pane shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum View {
    /// Who is in today.
    Today,
    /// A month's grid.
    Month,
    /// Everyone on the staff list, inactive too.
    People,
}

/// What the open form is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FormFor {
    /// A new person.
    Add,
    /// The selected person's details.
    Edit(galla_domain::StaffId),
    /// The selected person's status.
    Status(galla_domain::StaffId),
    /// A day's mark for one person, or everyone (`None`).
    Mark(Option<galla_domain::StaffId>),
}

const ROLES: [&str; 4] = ["helper", "cashier", "manager", "owner"];
const STATUSES: [(&str, &str); 3] = [
    ("active", "active"),
    ("on_leave", "on leave"),
    ("inactive", "inactive"),
];
const MARKS: [(&str, &str); 7] = [
    ("present", "present"),
    ("absent", "absent"),
    ("half_day", "half day"),
    ("leave", "leave"),
    ("unpaid_leave", "unpaid"),
    ("holiday", "holiday"),
    ("week_off", "week off"),
];

/// The Attendance pane.
pub struct AttendancePane {
    /// Today, the month or the staff list.
    pub view: View,
    /// The month shown in the grid (`None`: this month).
    pub month: Option<(i32, u32)>,
    /// What was read.
    pub data: Option<AttendanceView>,
    /// The PIN being typed (shown as dots).
    pub pin: Field,
    /// What the last clock-in or change said.
    pub message: Option<Result<String, String>>,
    /// The selected person in the list or grid.
    pub selected: usize,
    /// The form open over the pane, if any.
    pub form: Option<(FormFor, EntryForm)>,
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
            form: None,
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
        self.data = Some(data);
        let n = self.shown().len();
        self.selected = self.selected.min(n.saturating_sub(1));
    }

    /// The people this view lists: everyone on the staff list, or those
    /// still working here for today and the month.
    pub fn shown(&self) -> Vec<&PersonMonth> {
        let Some(d) = &self.data else {
            return Vec::new();
        };
        d.people
            .iter()
            .filter(|p| self.view == View::People || p.row.on_register())
            .collect()
    }

    fn selected_person(&self) -> Option<&PersonMonth> {
        self.shown().get(self.selected).copied()
    }

    /// The runner's answer to a clock-in or -out.
    pub fn clocked(&mut self, result: Result<String, String>) -> Vec<Effect> {
        let ok = result.is_ok();
        self.message = Some(result);
        self.pin.reset();
        if ok { vec![self.reload()] } else { Vec::new() }
    }

    /// The runner's answer to a change: closes the form and reads again, or
    /// shows in the form why it was refused.
    pub fn written(&mut self, result: Result<String, String>) -> Vec<Effect> {
        match result {
            Ok(text) => {
                self.form = None;
                self.message = Some(Ok(text));
                vec![self.reload()]
            }
            Err(e) => {
                match &mut self.form {
                    Some((_, f)) => f.error = Some(e),
                    None => self.message = Some(Err(e)),
                }
                Vec::new()
            }
        }
    }

    /// Whether a typed character goes to a field: any into an open form,
    /// digits into the PIN on today's view.
    pub fn takes(&self, c: char) -> bool {
        if self.form.is_some() {
            return true;
        }
        self.view == View::Today && c.is_ascii_digit() && self.pin.value().len() < 6
    }

    /// Types into the open form, or the PIN.
    pub fn type_char(&mut self, c: char, at: Option<u64>) {
        match &mut self.form {
            Some((_, f)) => f.type_char(c, at),
            None => {
                self.message = None;
                self.pin.type_char(c, at);
            }
        }
    }

    /// An editing key for the open form's field, or the PIN.
    pub fn edit(&mut self, request: tui_input::InputRequest) {
        match &mut self.form {
            Some((_, f)) => f.edit(request),
            None => self.pin.edit(request),
        }
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

    fn next_view(&mut self) -> Vec<Effect> {
        self.view = match self.view {
            View::Today => View::Month,
            View::Month => View::People,
            View::People => View::Today,
        };
        self.pin.reset();
        self.selected = 0;
        if self.view == View::Today
            && let Some(d) = &self.data
            && (d.year, d.month) != (d.today.year(), d.today.month())
        {
            self.month = None;
            return vec![self.reload()];
        }
        Vec::new()
    }

    fn open_add(&mut self) {
        let mut form = person_form(EntryForm::new("New person"), &Default::default())
            .about("blank: helper, joined today; a PIN lets them clock in");
        form.keys = "Enter save · Tab next field · ←/→ role · Esc cancel".into();
        self.form = Some((FormFor::Add, form));
    }

    fn open_edit(&mut self) {
        let Some(p) = self.selected_person() else {
            self.message = Some(Err("nobody selected — add a person first".into()));
            return;
        };
        let s = &p.row.staff;
        let typed = crate::staff::StaffForm::from_staff(s);
        let mut form = person_form(EntryForm::new(format!("Change {}", s.name)), &typed)
            .about("a blank PIN keeps theirs; blank fields are kept");
        if let Some(c) = &mut form.choice {
            c.index = ROLES.iter().position(|r| *r == s.role).unwrap_or(0);
        }
        form.keys = "Enter save · Tab next field · ←/→ role · Esc cancel".into();
        self.form = Some((FormFor::Edit(s.staff_id), form));
    }

    fn open_status(&mut self) {
        let Some(p) = self.selected_person() else {
            self.message = Some(Err("nobody selected".into()));
            return;
        };
        let mut form = EntryForm::new(format!("Status of {}", p.row.staff.name))
            .about(format!("now {}", p.row.status_word()))
            .choice(
                "Status",
                STATUSES.iter().map(|(_, w)| w.to_string()).collect(),
            )
            .field("Note", false);
        form.keys = "Enter save · ←/→ status · Esc cancel".into();
        self.form = Some((FormFor::Status(p.row.staff.staff_id), form));
    }

    fn open_mark(&mut self, everyone: bool) {
        let (title, who) = if everyone {
            ("Mark everyone".to_string(), None)
        } else {
            let Some(p) = self.selected_person() else {
                self.message = Some(Err("nobody selected".into()));
                return;
            };
            (
                format!("Mark {}", p.row.staff.name),
                Some(p.row.staff.staff_id),
            )
        };
        let today = self.data.as_ref().map(|d| d.today);
        let mut form = EntryForm::new(title)
            .about("the day's mark wins over the clock; a correction, never an edit")
            .choice("Mark", MARKS.iter().map(|(_, w)| w.to_string()).collect())
            .filled(
                "Day",
                false,
                &today.map(|d| d.to_string()).unwrap_or_default(),
            )
            .field("Note", false);
        if everyone && let Some(c) = &mut form.choice {
            c.index = 5; // a holiday, most often
        }
        form.keys = "Enter save · Tab next field · ←/→ mark · Esc cancel".into();
        self.form = Some((FormFor::Mark(who), form));
    }

    fn submit(&mut self) -> Vec<Effect> {
        let Some((what, form)) = &mut self.form else {
            return Vec::new();
        };
        if form.refuse_scans() {
            return Vec::new();
        }
        let write = match *what {
            FormFor::Add => StaffWrite::Add(Box::new(typed_person(form))),
            FormFor::Edit(staff) => StaffWrite::Edit {
                staff,
                form: Box::new(typed_person(form)),
            },
            FormFor::Status(staff) => StaffWrite::Status {
                staff,
                status: STATUSES[form.chosen()].0.to_string(),
                note: form.optional(0),
            },
            FormFor::Mark(staff) => StaffWrite::Mark {
                staff,
                date: form.value(0).to_string(),
                status: MARKS[form.chosen()].0.to_string(),
                note: form.optional(1),
            },
        };
        vec![Effect::WriteStaff(write)]
    }

    /// Runs a command; `None` for commands the pane does not use.
    pub fn command(&mut self, command: Command) -> Option<Vec<Effect>> {
        match crate::ui::entry_form::route(&mut self.form, command) {
            Some(Routed::Submit) => return Some(self.submit()),
            Some(Routed::Done) => return Some(Vec::new()),
            Some(Routed::Ignored) => return None,
            None => {}
        }
        let last = self.shown().len().saturating_sub(1);
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
            Command::ToggleCounters => return Some(self.next_view()),
            Command::PrevDay if self.view == View::Month => return Some(self.shift_month(-1)),
            Command::NextDay if self.view == View::Month => return Some(self.shift_month(1)),
            Command::Up => self.selected = self.selected.saturating_sub(1),
            Command::Down => self.selected = (self.selected + 1).min(last),
            Command::AddParty => self.open_add(),
            Command::EditParty => self.open_edit(),
            Command::StaffStatus => self.open_status(),
            Command::MarkDay => self.open_mark(false),
            Command::MarkEveryone => self.open_mark(true),
            Command::PrintSlip => return Some(vec![Effect::PrintMonthSheet(self.month)]),
            _ => return None,
        }
        Some(Vec::new())
    }
}

/// The person form's fields, filled from `f`: Role is the choice.
fn person_form(form: EntryForm, f: &crate::staff::StaffForm) -> EntryForm {
    form.choice("Role", ROLES.iter().map(|r| r.to_string()).collect())
        .filled("Name", false, &f.name)
        .filled("Phone", false, &f.phone)
        .filled("Job", false, &f.job)
        .secret("PIN")
        .filled("Salary ₹/month", true, &f.salary)
        .filled("Wage ₹/day", true, &f.wage)
        .filled("Shift", false, &f.shift)
        .filled("Break (min)", true, &f.break_minutes)
        .filled("Weekly off", false, &f.weekly_off)
        .filled("Joined", false, &f.joined)
}

/// What the person form holds, as typed.
fn typed_person(form: &EntryForm) -> crate::staff::StaffForm {
    crate::staff::StaffForm {
        role: ROLES[form.chosen()].to_string(),
        name: form.value(0).to_string(),
        phone: form.value(1).to_string(),
        job: form.value(2).to_string(),
        pin: form.value(3).to_string(),
        salary: form.value(4).to_string(),
        wage: form.value(5).to_string(),
        shift: form.value(6).to_string(),
        break_minutes: form.value(7).to_string(),
        weekly_off: form.value(8).to_string(),
        joined: form.value(9).to_string(),
    }
}

#[cfg(test)]
#[path = "state_tests.rs"]
mod tests;
