//! What may still be done to a saved bill: the one place the counter's
//! bills list and the store's cancel and return agree on. A cancelled bill
//! takes nothing more; a bill some goods came back on is not cancelled (the
//! rest is returned instead, so nothing is reversed twice).

/// Why a change to a saved bill is refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ChangeRefused {
    /// The bill was cancelled already.
    Cancelled,
    /// Goods came back on it: return the rest instead of cancelling.
    HasReturns,
}

impl ChangeRefused {
    /// In words, for bill `no`.
    pub fn words(self, no: &str) -> String {
        match self {
            ChangeRefused::Cancelled => format!("bill {no} is already cancelled"),
            ChangeRefused::HasReturns => {
                format!("goods came back on bill {no} — take the rest back instead")
            }
        }
    }
}

/// Whether a bill may be cancelled.
pub fn may_cancel(cancelled: bool, has_returns: bool) -> Result<(), ChangeRefused> {
    if cancelled {
        Err(ChangeRefused::Cancelled)
    } else if has_returns {
        Err(ChangeRefused::HasReturns)
    } else {
        Ok(())
    }
}

/// Whether goods may come back on a bill.
pub fn may_return(cancelled: bool) -> Result<(), ChangeRefused> {
    if cancelled {
        Err(ChangeRefused::Cancelled)
    } else {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cancelled_bill_takes_nothing_and_a_returned_one_is_not_cancelled() {
        assert_eq!(may_cancel(false, false), Ok(()));
        assert_eq!(may_cancel(true, false), Err(ChangeRefused::Cancelled));
        assert_eq!(may_cancel(false, true), Err(ChangeRefused::HasReturns));
        assert_eq!(may_return(true), Err(ChangeRefused::Cancelled));
        assert_eq!(may_return(false), Ok(()));
        assert!(
            ChangeRefused::HasReturns
                .words("C1-4")
                .contains("take the rest back")
        );
    }
}
