//! The Billing pane's one-field prompt (a line's quantity, rate or
//! discount, the bill discount) and the reading of "amount or percent".
//! State and submission rules only; the popup is drawn by `view`. The
//! payment form is in `payment`.

use galla_domain::{Money, Qty};

use crate::ui::field::Field;

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
    /// The state the goods are delivered to (empty: at the counter).
    Delivery,
}

/// A one-field form.
#[derive(Clone, Debug)]
pub struct Prompt {
    /// What it edits.
    pub kind: PromptKind,
    /// The field.
    pub input: Field,
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
            input: Field::default(),
            error: None,
            current,
        }
    }

    /// What the field holds, in words, for messages.
    pub fn what(&self) -> &'static str {
        match self.kind {
            PromptKind::Qty(_) => "quantity",
            PromptKind::Rate(_) => "rate",
            PromptKind::Discount(_) | PromptKind::BillDiscount => "discount",
            PromptKind::Delivery => "state code",
        }
    }

    /// The form's title.
    pub fn title(&self) -> &'static str {
        match self.kind {
            PromptKind::Qty(_) => "Quantity",
            PromptKind::Rate(_) => "Rate (₹ per unit)",
            PromptKind::Discount(_) => "Line discount (₹ amount, or 10%)",
            PromptKind::BillDiscount => "Bill discount (₹ amount, or 5%)",
            PromptKind::Delivery => "Deliver to state (code, e.g. 08; empty: counter)",
        }
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percent_or_amount() {
        assert_eq!(amount_or_percent("10%"), Ok(Err(1000)));
        assert_eq!(amount_or_percent("12.5 %"), Ok(Err(1250)));
        assert_eq!(amount_or_percent("50"), Ok(Ok(Money::from_rupees(50))));
        assert!(amount_or_percent("150%").is_err());
        assert!(amount_or_percent("abc").is_err());
    }
}
