//! The Billing pane's popup forms: a one-field prompt (a line's quantity,
//! rate or discount, the bill discount) and the payment form (mode, amount,
//! reference, the split so far, and the UPI QR for what is left). State and
//! submission rules only; the popups are drawn by `view`.

use galla_domain::bill::{KhataAccount, PayWarning, PaymentPlan};
use galla_domain::payload::PayMode;
use galla_domain::{Money, Qty};
use tui_input::{Input, InputRequest};

/// What a prompt edits.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PromptKind {
    /// A line's quantity.
    Qty(usize),
    /// A line's rate.
    Rate(usize),
    /// A line's discount (amount, or percent with `%`).
    Discount(usize),
    /// The whole bill's discount.
    BillDiscount,
}

/// A one-field form.
#[derive(Clone, Debug)]
pub struct Prompt {
    /// What it edits.
    pub kind: PromptKind,
    /// The field.
    pub input: Input,
    /// Why the last try was refused.
    pub error: Option<String>,
    /// The value now, shown beside the empty field.
    pub current: String,
}

impl Prompt {
    /// An empty prompt showing the current value.
    pub fn new(kind: PromptKind, current: String) -> Prompt {
        Prompt {
            kind,
            input: Input::default(),
            error: None,
            current,
        }
    }

    /// The form's title.
    pub fn title(&self) -> &'static str {
        match self.kind {
            PromptKind::Qty(_) => "Quantity",
            PromptKind::Rate(_) => "Rate (₹ per unit)",
            PromptKind::Discount(_) => "Line discount (₹ amount, or 10%)",
            PromptKind::BillDiscount => "Bill discount (₹ amount, or 5%)",
        }
    }
}

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
    pub amount: Input,
    /// Card slip or UPI reference.
    pub reference: Input,
    /// Which field takes keys: 0 amount, 1 reference.
    pub field: usize,
    /// Why the last entry was refused.
    pub error: Option<String>,
    /// A warning on the last entry (above the credit limit).
    pub warning: Option<String>,
    /// The attached customer's khata; without one, khata is refused.
    pub khata: Option<KhataAccount>,
}

/// What submitting the payment form led to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PaySubmit {
    /// A payment was added; more is still due.
    Added,
    /// The bill is paid in full.
    Done,
    /// The entry was refused (the form shows why).
    Refused,
}

/// Reads "10%" as basis points, or an amount as `Money`.
pub fn amount_or_percent(text: &str) -> Result<Result<Money, u16>, String> {
    let t = text.trim();
    if let Some(p) = t.strip_suffix('%') {
        let q = Qty::parse(p.trim(), true)
            .map_err(|_| format!("\"{t}\" is not a percentage — type e.g. 10%"))?;
        // Qty keeps thousandths; basis points are hundredths of a percent.
        let bp = q.milli() / 10;
        if !(0..=10_000).contains(&bp) || q.milli() % 10 != 0 {
            return Err(format!(
                "\"{t}\" must be between 0% and 100% with at most two decimals"
            ));
        }
        return Ok(Err(bp as u16));
    }
    Money::parse(t).map(Ok).map_err(|e| e.to_string())
}

impl PaymentForm {
    /// A form for a bill of `total`.
    pub fn new(total: Money) -> PaymentForm {
        PaymentForm {
            plan: PaymentPlan::new(total),
            mode: 0,
            amount: Input::default(),
            reference: Input::default(),
            field: 0,
            error: None,
            warning: None,
            khata: None,
        }
    }

    /// The selected mode.
    pub fn mode(&self) -> PayMode {
        MODES[self.mode % MODES.len()]
    }

    /// The field taking keys.
    pub fn input_mut(&mut self) -> &mut Input {
        if self.field == 0 {
            &mut self.amount
        } else {
            &mut self.reference
        }
    }

    /// Types a character into the current field.
    pub fn type_char(&mut self, c: char) {
        self.input_mut().handle(InputRequest::InsertChar(c));
    }

    /// Adds the typed payment. Blank amount pays the rest in the mode.
    pub fn submit(&mut self) -> PaySubmit {
        let text = self.amount.value().trim().to_string();
        let amount = if text.is_empty() {
            None
        } else {
            match Money::parse(&text) {
                Ok(m) => Some(m),
                Err(e) => {
                    self.error = Some(e.to_string());
                    return PaySubmit::Refused;
                }
            }
        };
        let reference = Some(self.reference.value().trim().to_string()).filter(|r| !r.is_empty());
        match self
            .plan
            .add(self.mode(), amount, reference, self.khata.as_ref())
        {
            Ok(warning) => {
                self.warning = warning.map(|w: PayWarning| w.to_string());
                self.error = None;
                self.amount.reset();
                self.reference.reset();
                self.field = 0;
                if self.plan.is_complete() {
                    PaySubmit::Done
                } else {
                    PaySubmit::Added
                }
            }
            Err(e) => {
                self.error = Some(e.to_string());
                PaySubmit::Refused
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blank_enter_pays_the_rest_in_cash() {
        let mut f = PaymentForm::new(Money::from_rupees(250));
        assert_eq!(f.submit(), PaySubmit::Done);
        assert_eq!(f.plan.paid(), Money::from_rupees(250));
    }

    #[test]
    fn split_cash_then_upi() {
        let mut f = PaymentForm::new(Money::from_rupees(250));
        for c in "100".chars() {
            f.type_char(c);
        }
        assert_eq!(f.submit(), PaySubmit::Added);
        f.mode = 1;
        assert_eq!(f.submit(), PaySubmit::Done);
        let modes: Vec<PayMode> = f.plan.entries().iter().map(|e| e.mode).collect();
        assert_eq!(modes, vec![PayMode::Cash, PayMode::Upi]);
    }

    #[test]
    fn bad_amounts_and_khata_without_customer_are_refused() {
        let mut f = PaymentForm::new(Money::from_rupees(250));
        f.type_char('x');
        assert_eq!(f.submit(), PaySubmit::Refused);
        assert!(
            f.error
                .as_deref()
                .is_some_and(|e| e.contains("not an amount"))
        );
        f.amount.reset();
        f.mode = 3;
        assert_eq!(f.submit(), PaySubmit::Refused);
        assert!(
            f.error
                .as_deref()
                .is_some_and(|e| e.contains("needs a customer"))
        );
        assert_eq!(f.plan.paid(), Money::ZERO);
    }

    #[test]
    fn percent_or_amount() {
        assert_eq!(amount_or_percent("10%"), Ok(Err(1000)));
        assert_eq!(amount_or_percent("12.5 %"), Ok(Err(1250)));
        assert_eq!(amount_or_percent("50"), Ok(Ok(Money::from_rupees(50))));
        assert!(amount_or_percent("150%").is_err());
        assert!(amount_or_percent("abc").is_err());
    }
}
