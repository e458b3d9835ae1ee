//! The Khata pane's state: every party of the kind shown (customers or
//! suppliers), filtered as you type by name or phone and sorted by balance,
//! age or name; one party's ledger; and the form open over them (money got
//! or given, a new party). Pure: rows arrive as actions, entries leave as
//! effects, and the runner checks them against the store.

use galla_domain::PartyKind;
use galla_domain::payload::PayMode;
use tui_input::InputRequest;

use crate::app::action::{Effect, KhataWrite};
use crate::app::command::Command;
use crate::books::khata::Direction;
use crate::store::{KhataLine, PartyRow};
use crate::ui::entry_form::{EntryForm, Routed};
use crate::ui::field::Field;

/// How the parties list is ordered.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Sort {
    /// Largest amount owed first (either way).
    Balance,
    /// Oldest open amount first.
    Age,
    /// By name.
    Name,
}

impl Sort {
    fn next(self) -> Sort {
        match self {
            Sort::Balance => Sort::Age,
            Sort::Age => Sort::Name,
            Sort::Name => Sort::Balance,
        }
    }

    /// In words, for the header.
    pub fn words(self) -> &'static str {
        match self {
            Sort::Balance => "by balance",
            Sort::Age => "by age",
            Sort::Name => "by name",
        }
    }
}

/// What the open form is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FormFor {
    /// Money (or credit) got from or given to the party shown.
    Entry(Direction),
    /// A new party of the kind shown.
    AddParty,
    /// The selected party's details.
    EditParty,
}

/// One party's khata on screen.
#[derive(Clone, Debug)]
pub struct Ledger {
    /// The party, with balance and ageing.
    pub row: PartyRow,
    /// Every line, oldest first.
    pub lines: Vec<KhataLine>,
    /// The selected line.
    pub selected: usize,
}

/// The modes a payment may be got or given in, as the form offers them.
pub const MODES: [(PayMode, &str); 4] = [
    (PayMode::Cash, "cash"),
    (PayMode::Upi, "UPI"),
    (PayMode::Card, "card"),
    (PayMode::Khata, "no money (note)"),
];

/// The Khata pane.
pub struct KhataPane {
    /// Customers or suppliers.
    pub kind: PartyKind,
    /// The filter typed.
    pub filter: Field,
    /// The order.
    pub sort: Sort,
    /// Every party of every kind, as last read.
    pub rows: Vec<PartyRow>,
    /// Whether rows have been read at least once.
    pub loaded: bool,
    /// Positions in `rows` shown, in order.
    pub shown: Vec<usize>,
    /// The selected position in `shown`.
    pub selected: usize,
    /// The ledger open, if any.
    pub ledger: Option<Ledger>,
    /// The form open, if any.
    pub form: Option<(FormFor, EntryForm)>,
    /// What the last entry did.
    pub message: Option<String>,
}

impl Default for KhataPane {
    fn default() -> Self {
        KhataPane {
            kind: PartyKind::Customer,
            filter: Field::default(),
            sort: Sort::Balance,
            rows: Vec::new(),
            loaded: false,
            shown: Vec::new(),
            selected: 0,
            ledger: None,
            form: None,
            message: None,
        }
    }
}

fn matches(row: &PartyRow, filter: &str) -> bool {
    let f = filter.trim().to_lowercase();
    if f.is_empty() {
        return true;
    }
    let digits: String = f.chars().filter(char::is_ascii_digit).collect();
    row.party.name.to_lowercase().contains(&f)
        || crate::roman::roman(&row.party.name).is_some_and(|r| r.contains(&f))
        || (!digits.is_empty()
            && digits.len() == f.chars().filter(|c| !c.is_whitespace()).count()
            && row
                .party
                .phone
                .as_deref()
                .is_some_and(|p| p.contains(&digits)))
}

/// The party selected: the ledger's, else the list's (fields apart, so a
/// form being submitted can be borrowed beside it).
fn row_at<'a>(
    ledger: &'a Option<Ledger>,
    shown: &[usize],
    rows: &'a [PartyRow],
    selected: usize,
) -> Option<&'a PartyRow> {
    match ledger {
        Some(l) => Some(&l.row),
        None => shown.get(selected).map(|&i| &rows[i]),
    }
}

impl KhataPane {
    /// Takes the parties just read, keeping the selected party selected.
    pub fn rows_loaded(&mut self, rows: Vec<PartyRow>) {
        let keep = self.selected_row().map(|r| r.party.party_id);
        self.rows = rows;
        self.loaded = true;
        self.refilter();
        if let Some(id) = keep
            && let Some(i) = self
                .shown
                .iter()
                .position(|&i| self.rows[i].party.party_id == id)
        {
            self.selected = i;
        }
        if let Some(l) = &mut self.ledger
            && let Some(r) = self
                .rows
                .iter()
                .find(|r| r.party.party_id == l.row.party.party_id)
        {
            l.row = r.clone();
        }
    }

    /// Takes a party's ledger just read.
    pub fn ledger_loaded(&mut self, row: PartyRow, lines: Vec<KhataLine>) {
        let selected = lines.len().saturating_sub(1);
        self.ledger = Some(Ledger {
            row,
            lines,
            selected,
        });
    }

    fn refilter(&mut self) {
        let filter = self.filter.value().to_string();
        let mut shown: Vec<usize> = (0..self.rows.len())
            .filter(|&i| self.rows[i].party.kind == self.kind && matches(&self.rows[i], &filter))
            .collect();
        let rows = &self.rows;
        match self.sort {
            Sort::Balance => shown.sort_by_key(|&i| std::cmp::Reverse(rows[i].balance.abs())),
            Sort::Age => {
                shown.sort_by_key(|&i| rows[i].ageing.oldest.unwrap_or(chrono::NaiveDate::MAX))
            }
            Sort::Name => shown.sort_by_key(|&i| rows[i].party.name.to_lowercase()),
        }
        self.shown = shown;
        self.selected = self.selected.min(self.shown.len().saturating_sub(1));
    }

    /// The rows shown, in order.
    pub fn visible(&self) -> impl Iterator<Item = &PartyRow> {
        self.shown.iter().map(|&i| &self.rows[i])
    }

    /// The party selected (in the ledger: its party).
    pub fn selected_row(&self) -> Option<&PartyRow> {
        row_at(&self.ledger, &self.shown, &self.rows, self.selected)
    }

    /// (receivable, payable) over the kind shown.
    pub fn totals(&self) -> (galla_domain::Money, galla_domain::Money) {
        use galla_domain::Money;
        let mut get = Money::ZERO;
        let mut give = Money::ZERO;
        for r in self.rows.iter().filter(|r| r.party.kind == self.kind) {
            if r.balance > Money::ZERO {
                get += r.balance;
            } else {
                give -= r.balance;
            }
        }
        (get, give)
    }

    /// Whether typed characters go to a field (the form's or the filter).
    pub fn typing(&self) -> bool {
        self.form.is_some() || self.ledger.is_none()
    }

    /// Types a character.
    pub fn type_char(&mut self, c: char, at: Option<u64>) {
        if let Some((_, f)) = &mut self.form {
            f.type_char(c, at);
            return;
        }
        if self.ledger.is_none() {
            self.filter.type_char(c, at);
            self.selected = 0;
            self.refilter();
        }
    }

    /// An editing key.
    pub fn edit(&mut self, request: InputRequest) {
        if let Some((_, f)) = &mut self.form {
            f.edit(request);
        } else if self.ledger.is_none() {
            self.filter.edit(request);
            self.refilter();
        }
    }

    fn open_entry(&mut self, direction: Direction) {
        let Some(row) = self.selected_row() else {
            self.message = Some("no party selected — add one first".into());
            return;
        };
        let title = match direction {
            Direction::Got => format!("Got from {}", row.party.name),
            Direction::Gave => format!("Gave to {}", row.party.name),
        };
        let mut form = EntryForm::new(title)
            .about(format!("balance {}", row.balance))
            .choice("Mode", MODES.iter().map(|(_, w)| w.to_string()).collect())
            .field("Amount ₹", true)
            .field("UPI/card ref", false)
            .field("Note", false);
        form.keys = "Enter save · Tab next field · ←/→ mode · Esc cancel".into();
        self.form = Some((FormFor::Entry(direction), form));
    }

    fn open_add(&mut self) {
        let what = match self.kind {
            PartyKind::Customer => "New customer",
            _ => "New supplier",
        };
        let mut form = EntryForm::new(what)
            .field("Name", false)
            .field("Phone", false)
            .field("Credit limit ₹", true)
            .field("Opening bal. ₹", true)
            .field("Terms (days)", true)
            .field("GSTIN", false);
        form.keys = "Enter save · Tab next field · Esc cancel".into();
        self.form = Some((FormFor::AddParty, form));
    }

    fn open_edit(&mut self) {
        let Some(row) = self.selected_row() else {
            self.message = Some("no party selected".into());
            return;
        };
        let f = crate::books::khata::PartyForm::from_party(&row.party);
        let mut form = EntryForm::new(format!("Change {}", row.party.name))
            .about("the balance is not changed here: record got or gave for that")
            .choice("WhatsApp", vec!["yes".into(), "no".into()])
            .filled("Name", false, &f.name)
            .filled("Phone", false, &f.phone)
            .filled("Credit limit ₹", true, &f.credit_limit.replace(',', ""))
            .filled("Terms (days)", true, &f.terms_days)
            .filled("GSTIN", false, &f.gstin)
            .filled("Address", false, &f.address)
            .filled("Notes", false, &f.notes);
        if !f.whatsapp {
            form.cycle(true);
        }
        form.keys = "Enter save · Tab next field · ←/→ WhatsApp · Esc cancel".into();
        self.form = Some((FormFor::EditParty, form));
    }

    fn submit(&mut self) -> Vec<Effect> {
        let Some((what, form)) = &mut self.form else {
            return Vec::new();
        };
        if form.refuse_scans() {
            return Vec::new();
        }
        let selected = row_at(&self.ledger, &self.shown, &self.rows, self.selected);
        let write = match what {
            FormFor::Entry(direction) => {
                let Some(row) = selected else {
                    return Vec::new();
                };
                KhataWrite::Entry {
                    party: row.party.party_id,
                    direction: *direction,
                    amount: form.value(0).to_string(),
                    mode: MODES[form.chosen()].0,
                    reference: form.optional(1),
                    note: form.optional(2),
                }
            }
            FormFor::EditParty => {
                let Some(row) = selected else {
                    return Vec::new();
                };
                let mut f = crate::books::khata::PartyForm::from_party(&row.party);
                f.name = form.value(0).to_string();
                f.phone = form.value(1).to_string();
                f.credit_limit = form.value(2).to_string();
                f.terms_days = form.value(3).to_string();
                f.gstin = form.value(4).to_string();
                f.address = form.value(5).to_string();
                f.notes = form.value(6).to_string();
                f.whatsapp = form.chosen() == 0;
                KhataWrite::EditParty {
                    party: row.party.party_id,
                    form: Box::new(f),
                }
            }
            FormFor::AddParty => KhataWrite::AddParty {
                kind: self.kind,
                form: Box::new(crate::books::khata::PartyForm {
                    name: form.value(0).to_string(),
                    phone: form.value(1).to_string(),
                    credit_limit: form.value(2).to_string(),
                    opening: form.value(3).to_string(),
                    terms_days: form.value(4).to_string(),
                    gstin: form.value(5).to_string(),
                    whatsapp: true,
                    ..Default::default()
                }),
            },
        };
        vec![Effect::WriteKhata(write)]
    }

    /// The runner's answer to a write: closes the form (and asks for the
    /// rows again) or shows why it was refused.
    pub fn written(&mut self, result: Result<String, String>) -> Vec<Effect> {
        match result {
            Ok(text) => {
                self.form = None;
                self.message = Some(text);
                let mut effects = vec![Effect::LoadParties];
                if let Some(l) = &self.ledger {
                    effects.push(Effect::LoadKhata(l.row.party.party_id));
                }
                effects
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

    /// Enter: a party's ledger from the list; a bill's lines from the ledger.
    fn open(&mut self) -> Vec<Effect> {
        match &self.ledger {
            Some(l) => match l.lines.get(l.selected).and_then(|x| x.bill_no.clone()) {
                Some(no) => vec![Effect::ShowBill(no)],
                None => {
                    self.message = Some("this entry is not a bill — bills, returns and cancellations open with Enter".into());
                    Vec::new()
                }
            },
            None => self
                .selected_row()
                .map(|r| vec![Effect::LoadKhata(r.party.party_id)])
                .unwrap_or_default(),
        }
    }

    fn step(&mut self, by: isize) {
        let (selected, len) = match &mut self.ledger {
            Some(l) => (&mut l.selected, l.lines.len()),
            None => (&mut self.selected, self.shown.len()),
        };
        let last = len.saturating_sub(1) as isize;
        *selected = (*selected as isize + by).clamp(0, last.max(0)) as usize;
    }

    /// Runs a command; `None` for commands the pane does not use.
    pub fn command(&mut self, command: Command) -> Option<Vec<Effect>> {
        match crate::ui::entry_form::route(&mut self.form, command) {
            Some(Routed::Submit) => return Some(self.submit()),
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
            Command::Submit => return Some(self.open()),
            Command::PrintSlip => {
                return Some(
                    self.selected_row()
                        .map(|r| vec![Effect::PrintStatement(r.party.party_id)])
                        .unwrap_or_default(),
                );
            }
            Command::Close => {
                if self.ledger.take().is_none() {
                    self.filter.reset();
                    self.refilter();
                }
            }
            Command::ToggleParties if self.ledger.is_none() => {
                self.kind = match self.kind {
                    PartyKind::Customer => PartyKind::Supplier,
                    _ => PartyKind::Customer,
                };
                self.selected = 0;
                self.refilter();
            }
            Command::SortParties if self.ledger.is_none() => {
                self.sort = self.sort.next();
                self.refilter();
            }
            Command::MoneyGot => self.open_entry(Direction::Got),
            Command::MoneyGave => self.open_entry(Direction::Gave),
            Command::AddParty if self.ledger.is_none() => self.open_add(),
            Command::EditParty => self.open_edit(),
            Command::Remind => {
                return Some(
                    self.selected_row()
                        .map(|r| vec![Effect::MakeReminder(r.party.party_id)])
                        .unwrap_or_default(),
                );
            }
            _ => return None,
        }
        Some(Vec::new())
    }
}

#[cfg(test)]
#[path = "tests.rs"]
mod tests;
