//! Holding and recalling bills, and the customer on a bill: what the pane
//! does when a bill is set aside, taken back, or given a customer (whose
//! state decides CGST+SGST or IGST). Pure, like the rest of the pane; the
//! runner does the storing through the effects returned here.

use galla_domain::Supply;
use galla_domain::bill::Draft;

use super::Customer;
use super::state::{BillingPane, Tone};
use crate::app::action::Effect;
use crate::app::command::Command;
use crate::store::{HeldBill, OpenBill};
use crate::text::count;
use crate::ui::keymap::Scope;

impl BillingPane {
    /// Attaches a customer, who becomes the bill's recipient (a GSTIN
    /// makes it a B2B invoice). Where they live does not change the tax:
    /// goods handed over at the counter are supplied in the shop's state.
    pub fn attach(&mut self, customer: Customer) {
        self.draft.recipient = Some(super::place::recipient_of(&customer.party));
        self.say(Tone::Info, format!("customer {}", customer.party.name));
        self.customer = Some(customer);
        self.place_again();
    }

    /// Hold (F8): asks for the bill to be set aside.
    pub fn hold(&mut self) -> Vec<Effect> {
        if self.draft.is_empty() {
            self.say(Tone::Error, "the bill is empty — there is nothing to hold");
            return Vec::new();
        }
        if self.saving {
            self.say(Tone::Error, "the bill is being saved — it cannot be held");
            return Vec::new();
        }
        if !self.payments.is_empty() {
            let paid = self.open_bill().paid();
            self.say(
                Tone::Error,
                format!(
                    "{paid} is already paid on this bill — finish it, or take the payments back in the payment box, before holding it"
                ),
            );
            return Vec::new();
        }
        vec![Effect::HoldBill {
            draft: Box::new(self.draft.clone()),
            customer: self.customer.as_ref().map(|c| c.party.party_id),
        }]
    }

    /// The bill was set aside: start a new one.
    pub fn bill_held(&mut self, id: i64) {
        self.draft = Draft::new(Supply::IntraState, self.draft.regime);
        self.customer = None;
        self.place_again();
        self.selected = 0;
        self.clear_item();
        self.say(
            Tone::Info,
            format!(
                "held bill #{id} — the next customer's bill is open ({} recalls)",
                self.keys.key_name(Scope::Billing, Command::Held)
            ),
        );
    }

    /// A held bill came back (the open one, if any, was held first).
    pub fn recalled(&mut self, held: HeldBill, customer: Option<Customer>) {
        self.draft = held.draft;
        self.customer = customer;
        self.place_again();
        self.selected = self.draft.lines.len().saturating_sub(1);
        self.clear_item();
        self.say(
            Tone::Info,
            format!(
                "recalled held bill #{} — {}, {}",
                held.id,
                count(self.draft.lines.len(), "line", "lines"),
                self.draft.totals().grand_total()
            ),
        );
    }

    /// The bill on screen, as it is kept durably on every change.
    pub fn open_bill(&self) -> OpenBill {
        OpenBill {
            draft: self.draft.clone(),
            customer_id: self.customer.as_ref().map(|c| c.party.party_id),
            payments: self.payments.clone(),
        }
    }

    /// The bill kept from the last run comes back as it was.
    pub fn restore(&mut self, bill: OpenBill, customer: Option<Customer>) {
        self.draft = bill.draft;
        self.customer = customer;
        self.place_again();
        self.payments = bill.payments;
        self.selected = self.draft.lines.len().saturating_sub(1);
        self.clear_item();
        let paid = self.open_bill().paid();
        let paid = if paid.is_zero() {
            String::new()
        } else {
            format!(", {paid} already paid")
        };
        self.say(
            Tone::Warning,
            format!(
                "brought back the bill being made when galla last stopped — {}, {}{paid}",
                count(self.draft.lines.len(), "line", "lines"),
                self.draft.totals().grand_total()
            ),
        );
    }

    /// The customer line for the pane's head: name, khata and limit.
    pub fn customer_text(&self) -> Option<String> {
        let c = self.customer.as_ref()?;
        // The credit still available, so the cashier knows before paying.
        let limit = if c.party.credit_limit.is_zero() {
            String::new()
        } else {
            let left = c.party.credit_limit - c.balance;
            if left > galla_domain::Money::ZERO {
                format!(" / limit {} · {left} available", c.party.credit_limit)
            } else {
                format!(" / limit {} · over by {}", c.party.credit_limit, -left)
            }
        };
        Some(format!("{} · khata {}{limit}", c.party.name, c.balance))
    }
}
