//! The Cashbook pane's state: one day's book of this counter (opening, each
//! cash line with its running balance, UPI and card received into the bank,
//! the close), the day shown, and the form open over it (cash in, cash out,
//! the day's close). Pure: the book arrives as an action, entries leave as
//! effects and the runner checks them against the store.

use chrono::NaiveDate;
use tui_input::InputRequest;

use crate::app::action::{CashWrite, Effect};
use crate::app::command::Command;
use crate::books::cashbook::Flow;
use crate::store::DayBook;
use crate::ui::entry_form::{EntryForm, Routed};

/// What the open form is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CashForm {
    /// Money into or out of the drawer.
    Entry(Flow),
    /// Counting the drawer and closing the day.
    Close,
}

/// The Cashbook pane.
#[derive(Default)]
pub struct CashbookPane {
    /// The day shown (`None`: today, until the first book arrives).
    pub date: Option<NaiveDate>,
    /// The book, once read.
    pub book: Option<DayBook>,
    /// The selected cash line.
    pub selected: usize,
    /// The form open, if any.
    pub form: Option<(CashForm, EntryForm)>,
    /// What the last entry did.
    pub message: Option<String>,
    /// Every counter's book for the day, when the shop view is shown.
    pub shop: Option<Vec<(String, DayBook)>>,
    /// Whether the shop view (all counters) is shown.
    pub all_counters: bool,
}

impl CashbookPane {
    /// Takes the book just read.
    pub fn book_loaded(&mut self, book: DayBook) {
        self.date = Some(book.date);
        self.selected = book.cash.len().saturating_sub(1);
        self.book = Some(book);
    }

    /// Takes every counter's book just read.
    pub fn shop_loaded(&mut self, books: Vec<(String, DayBook)>) {
        if let Some((_, b)) = books.first() {
            self.date = Some(b.date);
        }
        self.shop = Some(books);
    }

    /// The effect that reads the day shown again.
    pub fn reload(&self) -> Effect {
        if self.all_counters {
            Effect::LoadShopDay(self.date)
        } else {
            Effect::LoadDayBook(self.date)
        }
    }

    /// Types into the form, if one is open.
    pub fn type_char(&mut self, c: char, at: Option<u64>) {
        if let Some((_, f)) = &mut self.form {
            f.type_char(c, at);
        }
    }

    /// An editing key for the form.
    pub fn edit(&mut self, request: InputRequest) {
        if let Some((_, f)) = &mut self.form {
            f.edit(request);
        }
    }

    fn open_entry(&mut self, flow: Flow) {
        let title = match flow {
            Flow::In => "Cash in",
            Flow::Out => "Cash out",
        };
        let mut form = EntryForm::new(title)
            .choice("Head", flow.heads().iter().map(|h| h.to_string()).collect())
            .field("Amount ₹", true)
            .field("Note", false);
        if flow == Flow::Out {
            form = form.field("Staff (salary)", false);
        }
        if let Some(b) = &self.book {
            form = form.about(format!("the drawer holds {}", b.closing()));
        }
        form.keys = "Enter save · ←/→ head · Tab next field · Esc cancel".into();
        self.form = Some((CashForm::Entry(flow), form));
    }

    fn open_close(&mut self) {
        let Some(b) = &self.book else {
            return;
        };
        if let Some(c) = &b.close {
            self.message = Some(format!(
                "{} is already closed ({} counted) — a day closes once",
                b.date.format("%d %b %Y"),
                c.counted
            ));
            return;
        }
        let mut form = EntryForm::new(format!("Close {}", b.date.format("%d %b %Y")))
            .about(format!(
                "expected in the drawer {} — type the total, or notes as 500x3,100x2",
                b.expected()
            ))
            .field("Counted", true)
            .field("Note", false);
        form.keys = "Enter close the day · Tab next field · Esc cancel".into();
        self.form = Some((CashForm::Close, form));
    }

    fn submit(&mut self) -> Vec<Effect> {
        let Some((what, form)) = &mut self.form else {
            return Vec::new();
        };
        if form.refuse_scans() {
            return Vec::new();
        }
        let write = match what {
            CashForm::Entry(flow) => CashWrite::Entry {
                flow: *flow,
                amount: form.value(0).to_string(),
                head: flow.heads()[form.chosen()].to_string(),
                note: form.optional(1),
                staff: (*flow == Flow::Out).then(|| form.optional(2)).flatten(),
            },
            CashForm::Close => CashWrite::Close {
                date: self.date,
                counted: form.value(0).to_string(),
                note: form.optional(1),
            },
        };
        vec![Effect::WriteCash(write)]
    }

    /// The runner's answer to a write.
    pub fn written(&mut self, result: Result<String, String>) -> Vec<Effect> {
        match result {
            Ok(text) => {
                self.form = None;
                self.message = Some(text);
                vec![self.reload()]
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

    fn day(&mut self, by: i64) -> Vec<Effect> {
        let Some(d) = self.date else {
            return Vec::new();
        };
        self.message = None;
        self.date = d.checked_add_signed(chrono::Duration::days(by));
        vec![self.reload()]
    }

    /// Runs a command; `None` for commands the pane does not use.
    pub fn command(&mut self, command: Command) -> Option<Vec<Effect>> {
        match crate::ui::entry_form::route(&mut self.form, command) {
            Some(Routed::Submit) => return Some(self.submit()),
            Some(Routed::Done) => return Some(Vec::new()),
            Some(Routed::Ignored) => return None,
            None => {}
        }
        let last = self
            .book
            .as_ref()
            .map_or(0, |b| b.cash.len().saturating_sub(1));
        match command {
            Command::Up => self.selected = self.selected.saturating_sub(1),
            Command::Down => self.selected = (self.selected + 1).min(last),
            Command::PageUp => self.selected = self.selected.saturating_sub(10),
            Command::PageDown => self.selected = (self.selected + 10).min(last),
            Command::First => self.selected = 0,
            Command::Last => self.selected = last,
            Command::PrevDay => return Some(self.day(-1)),
            Command::NextDay => return Some(self.day(1)),
            Command::PrintSlip => return Some(vec![Effect::PrintDaySlip(self.date)]),
            Command::ToggleCounters => {
                self.all_counters = !self.all_counters;
                self.message = None;
                return Some(vec![self.reload()]);
            }
            Command::CashIn | Command::CashOut | Command::CloseDay if self.all_counters => {
                self.message = Some(
                    "the shop view only shows; go back to this counter's book (Tab) to record"
                        .into(),
                );
            }
            Command::CashIn => self.open_entry(Flow::In),
            Command::CashOut => self.open_entry(Flow::Out),
            Command::CloseDay => self.open_close(),
            _ => return None,
        }
        Some(Vec::new())
    }
}
