//! The payment form: mode, amount, reference, the split so far, the change
//! while the amount is typed, and the UPI QR for what is left (drawn by
//! `pay_view`). Money-safety rules live here and in the domain's
//! `PaymentPlan`: a scanner burst in the amount or reference is refused and
//! cleared (nothing is taken); khata above the credit limit and cash more
//! than ₹2,000 above what is due are taken only when the cashier presses
//! Enter a second time on the same entry. Payments already entered are part
//! of the bill being made: closing the form keeps them (`kept`).

use galla_domain::Money;
use galla_domain::bill::{KhataAccount, PayError, PaymentPlan, PlanEntry};
use galla_domain::payload::PayMode;

use crate::ui::field::{Field, scanned_refusal};

/// The payment modes, in the order ←/→ walks them.
pub const MODES: [PayMode; 4] = [PayMode::Cash, PayMode::Upi, PayMode::Card, PayMode::Khata];

/// The payment form.
#[derive(Clone, Debug)]
pub struct PaymentForm {
    /// The split so far.
    pub plan: PaymentPlan,
    /// The selected mode (index into `MODES`).
    pub mode: usize,
    /// Amount typed (blank: the rest).
    pub amount: Field,
    /// Card slip or UPI reference.
    pub reference: Field,
    /// Which field takes keys: 0 amount, 1 reference.
    pub field: usize,
    /// Why the last entry was refused.
    pub error: Option<String>,
    /// An entry waiting for a confirming Enter, and why it asks.
    pub ask: Option<(Pending, String)>,
    /// The attached customer's khata; without one, khata is refused.
    pub khata: Option<KhataAccount>,
}

/// The entry a question is about: Enter again on the same one confirms it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Pending {
    mode: usize,
    amount: String,
    reference: String,
}

/// What submitting the payment form led to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PaySubmit {
    /// A payment was added; more is still due.
    Added,
    /// The bill is paid in full.
    Done,
    /// The entry needs a confirming key (the form says why).
    Asked,
    /// The entry was refused (the form shows why).
    Refused,
}

impl PaymentForm {
    /// A form for a bill of `total`, with the payments entered before.
    pub fn new(total: Money, kept: &[PlanEntry]) -> PaymentForm {
        PaymentForm {
            plan: PaymentPlan::restore(total, kept),
            mode: 0,
            amount: Field::default(),
            reference: Field::default(),
            field: 0,
            error: None,
            ask: None,
            khata: None,
        }
    }

    /// The selected mode.
    pub fn mode(&self) -> PayMode {
        MODES[self.mode % MODES.len()]
    }

    /// The field taking keys.
    pub fn input_mut(&mut self) -> &mut Field {
        if self.field == 0 {
            &mut self.amount
        } else {
            &mut self.reference
        }
    }

    /// Types a character into the current field; `at` is when (ms).
    pub fn type_char(&mut self, c: char, at: Option<u64>) {
        self.input_mut().type_char(c, at);
    }

    /// Another mode: a question about the last entry no longer stands.
    pub fn step_mode(&mut self, forward: bool) {
        let n = MODES.len();
        self.mode = if forward {
            (self.mode + 1) % n
        } else {
            (self.mode + n - 1) % n
        };
        self.error = None;
        self.ask = None;
    }

    /// The change the typed cash amount would give, shown as it is typed.
    pub fn change_preview(&self) -> Option<Money> {
        if self.mode() != PayMode::Cash {
            return None;
        }
        let typed = Money::parse(self.amount.value()).ok()?;
        let left = self.plan.remaining();
        (typed > left && left > Money::ZERO).then(|| typed - left)
    }

    /// Adds the typed payment. Blank amount pays the rest in the mode.
    pub fn submit(&mut self) -> PaySubmit {
        if self.amount.scanned() || self.reference.scanned() {
            let what = if self.amount.scanned() {
                "amount"
            } else {
                "reference"
            };
            self.amount.reset();
            self.reference.reset();
            self.ask = None;
            self.error = Some(scanned_refusal(what));
            return PaySubmit::Refused;
        }
        let text = self.amount.value().trim().to_string();
        let amount = if text.is_empty() {
            None
        } else {
            match Money::parse(&text) {
                Ok(m) => Some(m),
                Err(e) => {
                    self.error = Some(e.to_string());
                    self.ask = None;
                    return PaySubmit::Refused;
                }
            }
        };
        let pending = Pending {
            mode: self.mode,
            amount: text,
            reference: self.reference.value().trim().to_string(),
        };
        let confirmed = self.ask.as_ref().is_some_and(|(p, _)| *p == pending);
        let reference = Some(pending.reference.clone()).filter(|r| !r.is_empty());
        let added = self.plan.add(
            self.mode(),
            amount,
            reference,
            self.khata.as_ref(),
            confirmed,
        );
        match added {
            Ok(()) => {
                self.error = None;
                self.ask = None;
                self.amount.reset();
                self.reference.reset();
                self.field = 0;
                if self.plan.is_complete() {
                    PaySubmit::Done
                } else {
                    PaySubmit::Added
                }
            }
            Err(PayError::NeedsConfirm(question)) => {
                self.error = None;
                self.ask = Some((pending, question.to_string()));
                PaySubmit::Asked
            }
            Err(e) => {
                self.error = Some(e.to_string());
                self.ask = None;
                PaySubmit::Refused
            }
        }
    }
}

#[cfg(test)]
mod tests;
