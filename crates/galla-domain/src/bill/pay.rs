//! Paying a bill, possibly split: cash (tendered, with change), UPI, card
//! (with the slip's reference) and credit to the customer's khata. Enter with
//! a blank amount pays the rest in the selected mode. The applied amounts add
//! up to the grand total exactly; only cash may be more (the change).
//! Pure: the khata balance and credit limit come in from the store.
//!
//! Two payments are taken only after the cashier confirms (`PayError::
//! NeedsConfirm`, then the same entry again with `confirmed`): khata above
//! the customer's credit limit (a limit of zero means none is set), and cash
//! tendered more than [`LARGE_CHANGE`] above what is due — a mistyped or
//! scanned amount would otherwise become "change" the drawer does not hold.
//! No single payment may be above [`MAX_PAYMENT`].

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
    /// Most credit the shop allows them (zero: no limit set).
    pub credit_limit: Money,
    /// Refuse khata above the limit instead of asking to confirm.
    pub refuse_above_limit: bool,
}

/// Cash tendered more than this above what is due asks for a confirming key.
pub const LARGE_CHANGE: Money = Money::from_rupees(2_000);
/// The most one payment can be: ₹99,99,99,999.99.
pub const MAX_PAYMENT: Money = Money::from_paise(99_999_999_999);

/// A payment that is taken only once the cashier confirms it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PayConfirm {
    /// The khata goes above the customer's credit limit.
    #[error("{name} will owe {balance}: {over} above their credit limit {limit}")]
    AboveCreditLimit {
        /// The customer.
        name: String,
        /// Balance after this bill.
        balance: Money,
        /// Their limit.
        limit: Money,
        /// By how much the limit is exceeded.
        over: Money,
    },
    /// Cash far above what is due.
    #[error("cash {tendered} for {due} due means {change} change")]
    LargeChange {
        /// Cash handed over.
        tendered: Money,
        /// What was left to pay.
        due: Money,
        /// The change it would give.
        change: Money,
    },
}

/// One payment in the plan.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
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
    /// Above what one payment can be.
    #[error("{amount} is more than one payment can be ({max})")]
    TooLarge {
        /// The amount typed.
        amount: Money,
        /// The most allowed.
        max: Money,
    },
    /// Khata above the limit where the shop refuses it.
    #[error(
        "{name} would owe {balance}: {over} above their credit limit {limit} — the shop does not allow it"
    )]
    AboveCreditLimit {
        /// The customer.
        name: String,
        /// Balance after this bill.
        balance: Money,
        /// Their limit.
        limit: Money,
        /// By how much.
        over: Money,
    },
    /// Taken only once confirmed.
    #[error("{0}")]
    NeedsConfirm(PayConfirm),
    /// Saving before everything is paid.
    #[error("{left} is still to be paid")]
    NotPaid {
        /// What is left.
        left: Money,
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

    /// A plan for `total` with payments entered before (the bill may have
    /// changed since): each applies again up to what is left, cash keeps
    /// what was handed over, and one with nothing left to pay is dropped.
    pub fn restore(total: Money, kept: &[PlanEntry]) -> PaymentPlan {
        let mut plan = PaymentPlan::new(total);
        for e in kept {
            let left = plan.remaining();
            if left <= Money::ZERO {
                break;
            }
            let given = if e.mode == PayMode::Cash {
                e.tendered
            } else {
                e.amount
            };
            let amount = given.min(left);
            plan.entries.push(PlanEntry {
                mode: e.mode,
                amount,
                tendered: if e.mode == PayMode::Cash {
                    given
                } else {
                    amount
                },
                reference: e.reference.clone(),
            });
        }
        plan
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
    /// the attached customer's account, needed for credit. A payment that
    /// needs confirming is refused with `NeedsConfirm` unless `confirmed`.
    pub fn add(
        &mut self,
        mode: PayMode,
        amount: Option<Money>,
        reference: Option<String>,
        khata: Option<&KhataAccount>,
        confirmed: bool,
    ) -> Result<(), PayError> {
        let left = self.remaining();
        if left <= Money::ZERO {
            return Err(PayError::AlreadyPaid);
        }
        let given = amount.unwrap_or(left);
        if given <= Money::ZERO {
            return Err(PayError::NotPositive);
        }
        if given > MAX_PAYMENT {
            return Err(PayError::TooLarge {
                amount: given,
                max: MAX_PAYMENT,
            });
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
        if mode == PayMode::Khata {
            let account = khata.ok_or(PayError::KhataNeedsCustomer)?;
            self.check_limit(account, applied, confirmed)?;
        }
        if mode == PayMode::Cash && given - left > LARGE_CHANGE && !confirmed {
            return Err(PayError::NeedsConfirm(PayConfirm::LargeChange {
                tendered: given,
                due: left,
                change: given - left,
            }));
        }
        self.entries.push(PlanEntry {
            mode,
            amount: applied,
            tendered: given,
            reference,
        });
        Ok(())
    }

    fn check_limit(
        &self,
        account: &KhataAccount,
        applied: Money,
        confirmed: bool,
    ) -> Result<(), PayError> {
        let on_khata: Money = self
            .entries
            .iter()
            .filter(|e| e.mode == PayMode::Khata)
            .map(|e| e.amount)
            .sum();
        let balance = account.balance + on_khata + applied;
        let limit = account.credit_limit;
        if limit.is_zero() || balance <= limit {
            return Ok(());
        }
        let (name, over) = (account.name.clone(), balance - limit);
        if account.refuse_above_limit {
            return Err(PayError::AboveCreditLimit {
                name,
                balance,
                limit,
                over,
            });
        }
        if confirmed {
            return Ok(());
        }
        Err(PayError::NeedsConfirm(PayConfirm::AboveCreditLimit {
            name,
            balance,
            limit,
            over,
        }))
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
            refuse_above_limit: false,
        }
    }

    #[test]
    fn blank_amount_pays_the_rest_in_cash() {
        let mut p = PaymentPlan::new(rs(245));
        assert_eq!(p.add(PayMode::Cash, None, None, None, false), Ok(()));
        assert!(p.is_complete());
        assert_eq!(p.change(), Money::ZERO);
        let pays = p.payments().expect("paid");
        assert_eq!(pays.len(), 1);
        assert_eq!(pays[0].amount, rs(245));
    }

    #[test]
    fn split_cash_then_upi_with_change_from_cash() {
        let mut p = PaymentPlan::new(rs(1245));
        p.add(
            PayMode::Upi,
            Some(rs(1000)),
            Some(" 4123 ".into()),
            None,
            false,
        )
        .expect("upi");
        assert_eq!(p.remaining(), rs(245));
        p.add(PayMode::Cash, Some(rs(500)), None, None, false)
            .expect("cash");
        assert_eq!(p.change(), rs(255));
        assert!(p.is_complete());
        let pays = p.payments().expect("paid");
        assert_eq!(pays.iter().map(|x| x.amount).sum::<Money>(), rs(1245));
        assert_eq!(pays[0].reference.as_deref(), Some("4123"));
        assert_eq!(
            p.add(PayMode::Cash, None, None, None, false),
            Err(PayError::AlreadyPaid)
        );
    }

    #[test]
    fn refusals_read_like_a_cashier_would_say_them() {
        let mut p = PaymentPlan::new(rs(100));
        let err = p
            .add(PayMode::Upi, Some(rs(150)), None, None, false)
            .expect_err("over");
        assert_eq!(
            err.to_string(),
            "UPI ₹150.00 is more than the ₹100.00 left to pay — only cash can give change"
        );
        assert_eq!(
            p.add(PayMode::Card, None, Some("  ".into()), None, false),
            Err(PayError::CardNeedsReference)
        );
        assert_eq!(
            p.add(PayMode::Khata, None, None, None, false),
            Err(PayError::KhataNeedsCustomer)
        );
        assert_eq!(
            p.add(PayMode::Cash, Some(Money::ZERO), None, None, false),
            Err(PayError::NotPositive)
        );
        assert_eq!(
            p.payments().expect_err("unpaid").to_string(),
            "₹100.00 is still to be paid"
        );
        p.add(PayMode::Card, Some(rs(40)), Some("A1".into()), None, false)
            .expect("card");
        assert_eq!(p.undo().map(|e| e.amount), Some(rs(40)));
        assert_eq!(p.remaining(), rs(100));
    }

    #[test]
    fn khata_above_the_limit_needs_confirming_counting_earlier_entries() {
        let acc = account(900, 1000);
        let mut p = PaymentPlan::new(rs(300));
        assert_eq!(
            p.add(PayMode::Khata, Some(rs(100)), None, Some(&acc), false),
            Ok(())
        );
        let ask = p
            .add(PayMode::Khata, None, None, Some(&acc), false)
            .expect_err("asks first");
        assert_eq!(
            ask.to_string(),
            "Ramesh will owe ₹1,200.00: ₹200.00 above their credit limit ₹1,000.00"
        );
        assert_eq!(p.remaining(), rs(200), "nothing taken before confirming");
        assert_eq!(p.add(PayMode::Khata, None, None, Some(&acc), true), Ok(()));
        assert!(p.is_complete());
    }

    #[test]
    fn a_shop_that_refuses_credit_above_the_limit_refuses_it_even_confirmed() {
        let acc = KhataAccount {
            refuse_above_limit: true,
            ..account(28_728, 5_000)
        };
        let mut p = PaymentPlan::new(rs(79));
        let err = p
            .add(PayMode::Khata, None, None, Some(&acc), true)
            .expect_err("refused");
        assert!(err.to_string().contains("₹23,807.00 above"), "{err}");
        assert_eq!(p.paid(), Money::ZERO);
    }

    #[test]
    fn no_limit_set_means_no_question() {
        let acc = account(50_000, 0);
        let mut p = PaymentPlan::new(rs(79));
        assert_eq!(p.add(PayMode::Khata, None, None, Some(&acc), false), Ok(()));
    }

    #[test]
    fn cash_far_above_what_is_due_needs_confirming_and_a_scan_is_too_large() {
        let mut p = PaymentPlan::new(rs(79));
        // A ₹2,000 note for ₹79 is everyday: no question.
        assert_eq!(
            p.add(PayMode::Cash, Some(rs(2_000)), None, None, false),
            Ok(())
        );
        assert_eq!(p.change(), rs(1_921));
        let mut p = PaymentPlan::new(rs(79));
        let ask = p
            .add(PayMode::Cash, Some(rs(2_080)), None, None, false)
            .expect_err("asks");
        assert_eq!(
            ask.to_string(),
            "cash ₹2,080.00 for ₹79.00 due means ₹2,001.00 change"
        );
        assert!(p.entries().is_empty());
        assert_eq!(
            p.add(PayMode::Cash, Some(rs(2_080)), None, None, true),
            Ok(())
        );
        // The barcode 8901000006547 read as rupees is refused outright.
        let mut p = PaymentPlan::new(rs(79));
        let scan = Money::parse("8901000006547").expect("parses");
        let err = p
            .add(PayMode::Cash, Some(scan), None, None, true)
            .expect_err("too large");
        assert!(matches!(err, PayError::TooLarge { .. }), "{err}");
        assert!(p.entries().is_empty());
    }

    #[test]
    fn payments_kept_apply_again_to_a_changed_bill() {
        let mut p = PaymentPlan::new(rs(500));
        p.add(PayMode::Upi, Some(rs(300)), None, None, false)
            .expect("upi");
        p.add(PayMode::Cash, Some(rs(100)), None, None, false)
            .expect("cash");
        let again = PaymentPlan::restore(rs(500), p.entries());
        assert_eq!(again, p);
        // A line removed: the bill is ₹350 now; UPI stays, cash ₹100 gives ₹50 change.
        let smaller = PaymentPlan::restore(rs(350), p.entries());
        assert_eq!(smaller.paid(), rs(350));
        assert_eq!(smaller.change(), rs(50));
        let tiny = PaymentPlan::restore(rs(200), p.entries());
        assert_eq!(tiny.entries().len(), 1, "nothing left for the cash");
    }

    #[test]
    fn a_zero_bill_needs_no_payment() {
        let p = PaymentPlan::new(Money::ZERO);
        assert_eq!(p.payments(), Ok(Vec::new()));
    }
}
