//! The Billing pane's list popups: held bills to recall, the customer form
//! (search by name or phone, or quick-add), and today's bills with their
//! reprint / cancel / return actions. State and input rules only; `lists_view`
//! draws them and `app::counter` turns their choices into effects.

use galla_domain::bill::KhataAccount;
use galla_domain::{Money, Party};
use tui_input::{Input, InputRequest};

use crate::store::{BillRecord, HeldBill};

/// A customer attached to a bill, with what they owe now.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Customer {
    /// The party.
    pub party: Party,
    /// Their khata balance (what they owe).
    pub balance: Money,
}

impl Customer {
    /// Their khata, for the payment plan's credit-limit check.
    pub fn khata(&self) -> KhataAccount {
        KhataAccount {
            party_id: self.party.party_id,
            name: self.party.name.clone(),
            balance: self.balance,
            credit_limit: self.party.credit_limit,
            refuse_above_limit: false,
        }
    }
}

/// Moves a selection within `len` rows.
pub fn step(selected: usize, len: usize, down: bool) -> usize {
    if down {
        (selected + 1).min(len.saturating_sub(1))
    } else {
        selected.saturating_sub(1)
    }
}

/// Held bills, oldest first.
#[derive(Clone, Debug)]
pub struct HeldList {
    /// The bills.
    pub rows: Vec<HeldBill>,
    /// The highlighted one.
    pub selected: usize,
}

/// Which half of the customer form is showing.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CustomerMode {
    /// Typing searches names and phone numbers.
    Search,
    /// Name and phone of a new customer.
    Add,
}

/// The customer form.
#[derive(Clone, Debug)]
pub struct CustomerForm {
    /// Search or quick-add.
    pub mode: CustomerMode,
    /// The search text.
    pub query: Input,
    /// A new customer's name.
    pub name: Input,
    /// A new customer's phone.
    pub phone: Input,
    /// In `Add`: 0 name, 1 phone.
    pub field: usize,
    /// Matches, best first.
    pub rows: Vec<Customer>,
    /// The highlighted match.
    pub selected: usize,
    /// Why the last try was refused.
    pub error: Option<String>,
}

impl Default for CustomerForm {
    fn default() -> Self {
        CustomerForm {
            mode: CustomerMode::Search,
            query: Input::default(),
            name: Input::default(),
            phone: Input::default(),
            field: 0,
            rows: Vec::new(),
            selected: 0,
            error: None,
        }
    }
}

impl CustomerForm {
    /// The field taking keys.
    pub fn input_mut(&mut self) -> &mut Input {
        match (self.mode, self.field) {
            (CustomerMode::Search, _) => &mut self.query,
            (CustomerMode::Add, 0) => &mut self.name,
            (CustomerMode::Add, _) => &mut self.phone,
        }
    }

    /// Tab: from search to quick-add (taking what was typed as the name or
    /// phone), then between name and phone.
    pub fn next_field(&mut self) {
        match self.mode {
            CustomerMode::Search => {
                let typed = self.query.value().trim().to_string();
                let is_phone = !typed.is_empty() && typed.chars().all(|c| c.is_ascii_digit());
                // Focus the field still to fill: the name after a phone.
                self.field = usize::from(!typed.is_empty() && !is_phone);
                if is_phone {
                    self.phone = Input::new(typed);
                } else {
                    self.name = Input::new(typed);
                }
                self.mode = CustomerMode::Add;
            }
            CustomerMode::Add => self.field = 1 - self.field.min(1),
        }
        self.error = None;
    }

    /// The new customer's name and phone, checked.
    pub fn new_customer(&self) -> Result<(String, Option<String>), String> {
        let name = self.name.value().trim().to_string();
        if name.is_empty() {
            return Err("type the customer's name".into());
        }
        let phone: String = self
            .phone
            .value()
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect();
        let phone = phone.strip_prefix("+91").unwrap_or(&phone).to_string();
        if phone.is_empty() {
            return Ok((name, None));
        }
        if phone.len() != 10 || !phone.chars().all(|c| c.is_ascii_digit()) {
            return Err(format!(
                "\"{phone}\" is not a mobile number — type 10 digits"
            ));
        }
        Ok((name, Some(phone)))
    }
}

/// What the bills list is asking for, below the list.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BillAsk {
    /// Why the bill is cancelled.
    CancelReason,
}

/// Today's bills, with a filter by number and one question at a time.
#[derive(Clone, Debug, Default)]
pub struct BillsList {
    /// The bills, newest first.
    pub rows: Vec<BillRecord>,
    /// Typed text: keeps bills whose number contains it.
    pub filter: Input,
    /// The highlighted row of `visible()`.
    pub selected: usize,
    /// The open question and its answer so far.
    pub ask: Option<(BillAsk, Input)>,
    /// Goods being taken back, picked from the chosen bill's lines.
    pub pick: Option<super::return_pick::ReturnPick>,
    /// Why the last try was refused.
    pub error: Option<String>,
}

impl BillsList {
    /// The rows the filter keeps.
    pub fn visible(&self) -> Vec<&BillRecord> {
        let f = self.filter.value().trim().to_lowercase();
        self.rows
            .iter()
            .filter(|b| b.sale.bill_no.to_lowercase().contains(&f))
            .collect()
    }

    /// The highlighted bill.
    pub fn chosen(&self) -> Option<&BillRecord> {
        self.visible().get(self.selected).copied()
    }

    /// The field taking typed keys.
    pub fn input_mut(&mut self) -> &mut Input {
        match &mut self.ask {
            Some((_, input)) => input,
            None => &mut self.filter,
        }
    }

    /// Types a character (into the question, or the filter).
    pub fn type_char(&mut self, c: char) {
        self.input_mut().handle(InputRequest::InsertChar(c));
        if self.ask.is_none() {
            self.selected = 0;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn typed(f: &mut CustomerForm, text: &str) {
        for c in text.chars() {
            f.input_mut().handle(InputRequest::InsertChar(c));
        }
    }

    #[test]
    fn tab_carries_a_typed_phone_or_name_into_quick_add() {
        let mut f = CustomerForm::default();
        typed(&mut f, "9876543210");
        f.next_field();
        assert_eq!((f.mode, f.field), (CustomerMode::Add, 0));
        assert_eq!(f.phone.value(), "9876543210");
        typed(&mut f, "Asha");
        assert_eq!(
            f.new_customer(),
            Ok(("Asha".into(), Some("9876543210".into())))
        );

        let mut f = CustomerForm::default();
        typed(&mut f, "Ravi");
        f.next_field();
        assert_eq!((f.name.value(), f.field), ("Ravi", 1));
        typed(&mut f, "+91 98765 43210");
        assert_eq!(
            f.new_customer(),
            Ok(("Ravi".into(), Some("9876543210".into())))
        );
    }

    #[test]
    fn quick_add_refuses_a_missing_name_or_a_bad_phone() {
        let mut f = CustomerForm::default();
        f.next_field();
        assert!(f.new_customer().is_err_and(|e| e.contains("name")));
        typed(&mut f, "Ravi");
        assert_eq!(f.new_customer(), Ok(("Ravi".into(), None)));
        f.next_field();
        typed(&mut f, "12345");
        assert!(f.new_customer().is_err_and(|e| e.contains("10 digits")));
    }

    #[test]
    fn selection_stays_in_the_list() {
        assert_eq!(step(0, 3, false), 0);
        assert_eq!(step(2, 3, true), 2);
        assert_eq!(step(0, 0, true), 0);
        assert_eq!(step(1, 3, true), 2);
    }
}
