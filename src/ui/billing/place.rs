//! Where the bill's goods go and who it names: the place of supply from the
//! domain's one rule (`gst::place_of_supply`) — the counter, or delivery to
//! another state (IGST) — and the recipient a bill prints (the attached
//! customer, or the details an unregistered buyer of ₹50,000 or more is
//! asked for). Pure pane state; the prompts are opened by `update`.

use galla_domain::gst::{Delivery, place_of_supply, state_label};
use galla_domain::payload::Recipient;
use galla_domain::{Document, Money, Party};

use super::state::{BillingPane, Tone};
use crate::ui::entry_form::EntryForm;

/// Rule 46(e): an unregistered buyer's name, address and state are printed
/// on a bill whose taxable value is ₹50,000 or more.
pub const RECIPIENT_FROM: Money = Money::from_rupees(50_000);

/// A party as a bill's recipient.
pub fn recipient_of(party: &Party) -> Recipient {
    Recipient {
        name: party.name.clone(),
        address: party.address.clone().filter(|a| !a.trim().is_empty()),
        state_code: party.state_code.clone(),
        gstin: party.gstin.clone(),
    }
}

impl BillingPane {
    /// Puts the bill where its delivery says (the counter by default),
    /// falling back to the counter with a message when that is refused.
    pub fn place_again(&mut self) {
        let delivery = self.draft.delivery.clone();
        match place_of_supply(self.draft.regime, self.shop_state.as_deref(), &delivery) {
            Ok(place) => self.draft.set_place(&place, delivery),
            Err(why) => {
                if let Ok(place) = place_of_supply(
                    self.draft.regime,
                    self.shop_state.as_deref(),
                    &Delivery::Counter,
                ) {
                    self.draft.set_place(&place, Delivery::Counter);
                }
                self.say(Tone::Error, why.to_string());
            }
        }
    }

    /// The state offered when the delivery key is pressed: the one the
    /// bill goes to already, else the customer's.
    pub fn delivery_offer(&self) -> String {
        match &self.draft.delivery {
            Delivery::To(code) => code.clone(),
            Delivery::Counter => self
                .customer
                .as_ref()
                .and_then(|c| c.party.state_code.clone())
                .unwrap_or_default(),
        }
    }

    /// The delivery prompt's answer: a state code (delivered there), or
    /// nothing (sold at the counter). Refused with the reason, changing nothing.
    pub fn deliver_to(&mut self, text: &str) -> Result<(), String> {
        let code = text.trim();
        let delivery = if code.is_empty() {
            Delivery::Counter
        } else {
            let code = crate::config::validate::state_code(code)?;
            Delivery::To(code)
        };
        let place = place_of_supply(self.draft.regime, self.shop_state.as_deref(), &delivery)
            .map_err(|e| e.to_string())?;
        self.draft.set_place(&place, delivery.clone());
        let words = match (&delivery, &place.state) {
            (Delivery::Counter, _) => "sold at the counter: CGST + SGST".to_string(),
            (Delivery::To(_), Some(s)) if place.supply == galla_domain::Supply::InterState => {
                format!("delivered to {}: IGST", state_label(s))
            }
            (Delivery::To(_), _) => "delivered within the state: CGST + SGST".to_string(),
        };
        self.say(Tone::Info, words);
        Ok(())
    }

    /// Whether saving must first ask for the buyer's name, address and
    /// state: a bill of ₹50,000 or more in taxable value to a buyer without
    /// a GSTIN whose details are not all known yet (Rule 46(e)).
    pub fn recipient_needed(&self) -> bool {
        if Document::of(self.draft.regime) == Document::Bill {
            return false;
        }
        if self.draft.totals().gst.taxable < RECIPIENT_FROM {
            return false;
        }
        match &self.draft.recipient {
            None => true,
            Some(r) => {
                r.gstin.is_none()
                    && (r.name.trim().is_empty()
                        || r.address.as_deref().is_none_or(|a| a.trim().is_empty())
                        || r.state_code.is_none())
            }
        }
    }

    /// The form that asks an unregistered buyer's name, address and state,
    /// filled with what the bill knows (the attached customer).
    pub fn recipient_form(&self) -> EntryForm {
        let r = self.draft.recipient.clone().unwrap_or(Recipient {
            name: String::new(),
            address: None,
            state_code: None,
            gstin: None,
        });
        let mut form = EntryForm::new("Buyer's details")
            .about(format!(
                "a bill of {RECIPIENT_FROM} or more names the buyer (Rule 46)"
            ))
            .filled("Name", false, &r.name)
            .filled("Address", false, r.address.as_deref().unwrap_or(""))
            .filled("State code", false, r.state_code.as_deref().unwrap_or(""));
        form.focus = if r.name.trim().is_empty() {
            0
        } else if r.address.is_none() {
            1
        } else {
            2
        };
        form
    }

    /// Takes the buyer's details from the form, each checked; the bill
    /// names them. Refused in words, changing nothing.
    pub fn take_recipient(&mut self, form: &EntryForm) -> Result<(), String> {
        let name = form.value(0).trim();
        if name.is_empty() {
            return Err("the buyer's name is needed".into());
        }
        let address = form.value(1).trim();
        if address.is_empty() {
            return Err("the buyer's address is needed".into());
        }
        let state = crate::config::validate::state_code(form.value(2).trim())?;
        let gstin = self.draft.recipient.as_ref().and_then(|r| r.gstin.clone());
        self.draft.recipient = Some(Recipient {
            name: name.to_string(),
            address: Some(address.to_string()),
            state_code: Some(state),
            gstin,
        });
        Ok(())
    }
}
