//! Paying a bill, possibly split: cash (tendered, with change), UPI, card
//! (with the slip's reference) and credit to the customer's khata. Enter with
//! a blank amount pays the rest in the selected mode. The applied amounts add
//! up to the grand total exactly; only cash may be more (the change).
//! Pure: the khata balance and credit limit come in from the store.

use crate::ids::PartyId;
use crate::money::Money;
use crate::payload::{PayMode, Payment};

/// The attached customer's khata, as the payment popup needs it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KhataAccount {
    /// The customer.
    pub party_id: PartyId,
    /// Their name, for messages.
    pub name: String,
    /// What they owe now.
    pub balance: Money,
    /// Most credit the shop allows them.
    pub credit_limit: Money,
}

/// One payment in the plan.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PlanEntry {
    /// The mode.
    pub mode: PayMode,
    /// Applied to the bill.
    pub amount: Money,
    /// Cash handed over (equal to `amount` unless change is due).
    pub tendered: Money,
    /// Card or UPI reference.
    pub reference: Option<String>,
}

/// Why a payment was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PayError {
    /// Nothing left to pay.
    #[error("the bill is already paid in full")]
    AlreadyPaid,
    /// Zero or negative.
    #[error("a payment must be more than zero")]
    NotPositive,
    /// UPI, card or khata above what is left (only cash gives change).
    #[error("{mode} {amount} is more than the {left} left to pay — only cash can give change")]
    MoreThanLeft {
        /// The mode, as a word.
        mode: &'static str,
        /// The amount typed.
        amount: Money,
        /// What was left.
        left: Money,
    },
    /// A card payment without its reference.
    #[error("card payment needs the reference number from the card slip")]
    CardNeedsReference,
    /// Khata without a customer.
    #[error("credit to khata needs a customer — attach one first")]
    KhataNeedsCustomer,
    /// Saving before everything is paid.
    #[error("{left} is still to be paid")]
    NotPaid {
        /// What is left.
        left: Money,
    },
}

/// Something to show, not to stop on.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PayWarning {
    /// The khata goes above the customer's credit limit.
    #[error("{name} will owe {balance}, above their credit limit {limit}")]
    AboveCreditLimit {
        /// The customer.
        name: String,
        /// Balance after this bill.
        balance: Money,
        /// Their limit.
        limit: Money,
    },
}

/// The payments of one bill, being entered.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PaymentPlan {
    total: Money,
    entries: Vec<PlanEntry>,
}

/// The word for a mode in messages.
pub fn mode_name(mode: PayMode) -> &'static str {
    match mode {
        PayMode::Cash => "cash",
        PayMode::Upi => "UPI",
        PayMode::Card => "card",
        PayMode::Khata => "khata",
    }
}

impl PaymentPlan {
    /// A plan for a bill of `total`.
    pub fn new(total: Money) -> PaymentPlan {
        PaymentPlan {
            total,
            entries: Vec::new(),
        }
    }

    /// The grand total being paid.
    pub fn total(&self) -> Money {
        self.total
    }

    /// The payments so far.
    pub fn entries(&self) -> &[PlanEntry] {
        &self.entries
    }

    /// Applied so far.
    pub fn paid(&self) -> Money {
        self.entries.iter().map(|e| e.amount).sum()
    }

    /// Still to pay.
    pub fn remaining(&self) -> Money {
        self.total - self.paid()
    }

    /// Whether the applied amounts add up to the total.
    pub fn is_complete(&self) -> bool {
        self.remaining().is_zero()
    }

    /// Cash to hand back.
    pub fn change(&self) -> Money {
        self.entries.iter().map(|e| e.tendered - e.amount).sum()
    }

    /// Adds a payment. `amount: None` (Enter on a blank field) pays the rest.
    /// Cash above what is left is tendered: the rest is change. `khata` is
    /// the attached customer's account, needed for credit.
    pub fn add(
        &mut self,
        mode: PayMode,
        amount: Option<Money>,
        reference: Option<String>,
        khata: Option<&KhataAccount>,
    ) -> Result<Option<PayWarning>, PayError> {
        let left = self.remaining();
        if left <= Money::ZERO {
            return Err(PayError::AlreadyPaid);
        }
        let given = amount.unwrap_or(left);
        if given <= Money::ZERO {
            return Err(PayError::NotPositive);
        }
        if mode != PayMode::Cash && given > left {
            return Err(PayError::MoreThanLeft {
                mode: mode_name(mode),
                amount: given,
                left,
            });
        }
        let reference = reference
            .map(|r| r.trim().to_string())
            .filter(|r| !r.is_empty());
        if mode == PayMode::Card && reference.is_none() {
            return Err(PayError::CardNeedsReference);
        }
        let applied = given.min(left);
        let mut warning = None;
        if mode == PayMode::Khata {
            let account = khata.ok_or(PayError::KhataNeedsCustomer)?;
            let on_khata: Money = self
                .entries
                .iter()
                .filter(|e| e.mode == PayMode::Khata)
                .map(|e| e.amount)
                .sum();
            let balance = account.balance + on_khata + applied;
            if balance > account.credit_limit {
                warning = Some(PayWarning::AboveCreditLimit {
                    name: account.name.clone(),
                    balance,
                    limit: account.credit_limit,
                });
            }
        }
        self.entries.push(PlanEntry {
            mode,
            amount: applied,
            tendered: given,
            reference,
        });
        Ok(warning)
    }

    /// Takes back the last payment entered.
    pub fn undo(&mut self) -> Option<PlanEntry> {
        self.entries.pop()
    }

    /// The payments for the SALE event, once the bill is paid in full. A bill
    /// whose total rounds to zero needs none.
    pub fn payments(&self) -> Result<Vec<Payment>, PayError> {
        let left = self.remaining();
        if !left.is_zero() {
            return Err(PayError::NotPaid { left });
        }
        Ok(self
            .entries
            .iter()
            .map(|e| Payment {
                mode: e.mode,
                amount: e.amount,
                reference: e.reference.clone(),
            })
            .collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rs(r: i64) -> Money {
        Money::from_rupees(r)
    }

    fn account(balance: i64, limit: i64) -> KhataAccount {
        KhataAccount {
            party_id: PartyId::new(),
            name: "Ramesh".into(),
            balance: rs(balance),
            credit_limit: rs(limit),
        }
    }

    #[test]
    fn blank_amount_pays_the_rest_in_cash() {
        let mut p = PaymentPlan::new(rs(245));
        assert_eq!(p.add(PayMode::Cash, None, None, None), Ok(None));
        assert!(p.is_complete());
        assert_eq!(p.change(), Money::ZERO);
        let pays = p.payments().expect("paid");
        assert_eq!(pays.len(), 1);
        assert_eq!(pays[0].amount, rs(245));
    }

    #[test]
    fn split_cash_then_upi_with_change_from_cash() {
        let mut p = PaymentPlan::new(rs(1245));
        p.add(PayMode::Upi, Some(rs(1000)), Some(" 4123 ".into()), None)
            .expect("upi");
        assert_eq!(p.remaining(), rs(245));
        p.add(PayMode::Cash, Some(rs(500)), None, None)
            .expect("cash");
        assert_eq!(p.change(), rs(255));
        assert!(p.is_complete());
        let pays = p.payments().expect("paid");
        assert_eq!(pays.iter().map(|x| x.amount).sum::<Money>(), rs(1245));
        assert_eq!(pays[0].reference.as_deref(), Some("4123"));
        assert_eq!(
            p.add(PayMode::Cash, None, None, None),
            Err(PayError::AlreadyPaid)
        );
    }

    #[test]
    fn refusals_read_like_a_cashier_would_say_them() {
        let mut p = PaymentPlan::new(rs(100));
        let err = p
            .add(PayMode::Upi, Some(rs(150)), None, None)
            .expect_err("over");
        assert_eq!(
            err.to_string(),
            "UPI ₹150.00 is more than the ₹100.00 left to pay — only cash can give change"
        );
        assert_eq!(
            p.add(PayMode::Card, None, Some("  ".into()), None),
            Err(PayError::CardNeedsReference)
        );
        assert_eq!(
            p.add(PayMode::Khata, None, None, None),
            Err(PayError::KhataNeedsCustomer)
        );
        assert_eq!(
            p.add(PayMode::Cash, Some(Money::ZERO), None, None),
            Err(PayError::NotPositive)
        );
        assert_eq!(
            p.payments().expect_err("unpaid").to_string(),
            "₹100.00 is still to be paid"
        );
        p.add(PayMode::Card, Some(rs(40)), Some("A1".into()), None)
            .expect("card");
        assert_eq!(p.undo().map(|e| e.amount), Some(rs(40)));
        assert_eq!(p.remaining(), rs(100));
    }

    #[test]
    fn khata_warns_above_the_credit_limit_counting_earlier_entries() {
        let acc = account(900, 1000);
        let mut p = PaymentPlan::new(rs(300));
        assert_eq!(
            p.add(PayMode::Khata, Some(rs(100)), None, Some(&acc)),
            Ok(None)
        );
        let warn = p
            .add(PayMode::Khata, None, None, Some(&acc))
            .expect("allowed");
        assert_eq!(
            warn.map(|w| w.to_string()).as_deref(),
            Some("Ramesh will owe ₹1,200.00, above their credit limit ₹1,000.00")
        );
        assert!(p.is_complete());
    }

    #[test]
    fn a_zero_bill_needs_no_payment() {
        let p = PaymentPlan::new(Money::ZERO);
        assert_eq!(p.payments(), Ok(Vec::new()));
    }
}
