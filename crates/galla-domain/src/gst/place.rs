//! The law around the arithmetic, written once: where a supply is made
//! (place of supply, IGST Act s.10) and which document the shop may issue
//! (CGST Act s.31, s.10 and s.32; Rules 46 and 49). Screens, receipts,
//! reports and the server all ask these functions; none decides alone.
//!
//! - Goods handed over at the counter are supplied where they are handed
//!   over — the shop's state — whatever state the buyer lives in: CGST + SGST.
//!   Only goods the shop delivers to another state are inter-state (IGST), and
//!   the place of supply is the state the delivery ends in.
//! - A regular shop issues a tax invoice; a composition dealer a bill of
//!   supply with the Rule 49 statement and no tax, and never supplies to
//!   another state (s.10(2)(c)); an unregistered shop a plain bill with no
//!   tax (s.32), and may not supply taxable goods to another state without
//!   registering (s.24(i)).

use serde::{Deserialize, Serialize};

use super::{Regime, Supply};

/// The document a bill is.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum Document {
    /// A registered (regular) shop's bill, with GST (Rule 46).
    #[default]
    TaxInvoice,
    /// A composition dealer's bill, no tax collected (Rule 49).
    BillOfSupply,
    /// An unregistered shop's plain bill or cash memo: no tax at all.
    Bill,
}

impl Document {
    /// The document a shop registered as `regime` issues.
    pub fn of(regime: Regime) -> Document {
        match regime {
            Regime::Regular => Document::TaxInvoice,
            Regime::Composition => Document::BillOfSupply,
            Regime::Unregistered => Document::Bill,
        }
    }

    /// The stored and JSON name (`tax_invoice`).
    pub fn as_str(self) -> &'static str {
        match self {
            Document::TaxInvoice => "tax_invoice",
            Document::BillOfSupply => "bill_of_supply",
            Document::Bill => "bill",
        }
    }

    /// Reads a stored name.
    pub fn parse(s: &str) -> Option<Document> {
        [Document::TaxInvoice, Document::BillOfSupply, Document::Bill]
            .into_iter()
            .find(|d| d.as_str() == s)
    }

    /// The printed title.
    pub fn title(self) -> &'static str {
        match self {
            Document::TaxInvoice => "TAX INVOICE",
            Document::BillOfSupply => "BILL OF SUPPLY",
            Document::Bill => "CASH MEMO",
        }
    }

    /// Whether tax is charged and printed on it.
    pub fn charges_tax(self) -> bool {
        self == Document::TaxInvoice
    }
}

/// Where a sale's goods go.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum Delivery {
    /// Handed over at the counter.
    #[default]
    Counter,
    /// Delivered by the shop to this state (a two-digit code).
    To(String),
}

/// The place of supply of a bill and what follows from it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Place {
    /// The state the supply is made in (a two-digit code), when the shop's
    /// state is known.
    pub state: Option<String>,
    /// CGST + SGST, or IGST.
    pub supply: Supply,
    /// The document the bill is.
    pub document: Document,
}

/// Why a delivery cannot be billed as asked.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum PlaceRefused {
    /// A composition dealer may not supply to another state.
    #[error(
        "a composition dealer may not supply goods to another state (CGST Act s.10(2)(c)) — sell at the counter instead"
    )]
    CompositionInterState,
    /// An unregistered shop must register before supplying to another state.
    #[error(
        "an unregistered shop may not supply goods to another state (CGST Act s.24) — register for GST first"
    )]
    UnregisteredInterState,
    /// The state code is not one.
    #[error("\"{0}\" is not a GST state code (two digits, 01 to 38)")]
    BadState(String),
    /// The shop's own state is not set, so "another state" means nothing.
    #[error("the shop's state is not set (galla settings set shop.state CODE)")]
    NoShopState,
}

/// The place of supply of a sale by a shop in `shop_state` registered as
/// `regime`, its goods going as `delivery` says.
pub fn place_of_supply(
    regime: Regime,
    shop_state: Option<&str>,
    delivery: &Delivery,
) -> Result<Place, PlaceRefused> {
    let document = Document::of(regime);
    let intra = |state: Option<&str>| Place {
        state: state.map(str::to_string),
        supply: Supply::IntraState,
        document,
    };
    let theirs = match delivery {
        Delivery::Counter => return Ok(intra(shop_state)),
        Delivery::To(code) => code.trim(),
    };
    if state_name(theirs).is_none() {
        return Err(PlaceRefused::BadState(theirs.to_string()));
    }
    let Some(ours) = shop_state else {
        return Err(PlaceRefused::NoShopState);
    };
    if theirs == ours {
        return Ok(intra(Some(ours)));
    }
    match regime {
        Regime::Regular => Ok(Place {
            state: Some(theirs.to_string()),
            supply: Supply::InterState,
            document,
        }),
        Regime::Composition => Err(PlaceRefused::CompositionInterState),
        Regime::Unregistered => Err(PlaceRefused::UnregisteredInterState),
    }
}

/// The GST state codes and their names (the first two digits of a GSTIN).
pub const STATES: &[(&str, &str)] = &[
    ("01", "Jammu and Kashmir"),
    ("02", "Himachal Pradesh"),
    ("03", "Punjab"),
    ("04", "Chandigarh"),
    ("05", "Uttarakhand"),
    ("06", "Haryana"),
    ("07", "Delhi"),
    ("08", "Rajasthan"),
    ("09", "Uttar Pradesh"),
    ("10", "Bihar"),
    ("11", "Sikkim"),
    ("12", "Arunachal Pradesh"),
    ("13", "Nagaland"),
    ("14", "Manipur"),
    ("15", "Mizoram"),
    ("16", "Tripura"),
    ("17", "Meghalaya"),
    ("18", "Assam"),
    ("19", "West Bengal"),
    ("20", "Jharkhand"),
    ("21", "Odisha"),
    ("22", "Chhattisgarh"),
    ("23", "Madhya Pradesh"),
    ("24", "Gujarat"),
    ("25", "Daman and Diu"),
    ("26", "Dadra and Nagar Haveli and Daman and Diu"),
    ("27", "Maharashtra"),
    ("28", "Andhra Pradesh (old)"),
    ("29", "Karnataka"),
    ("30", "Goa"),
    ("31", "Lakshadweep"),
    ("32", "Kerala"),
    ("33", "Tamil Nadu"),
    ("34", "Puducherry"),
    ("35", "Andaman and Nicobar Islands"),
    ("36", "Telangana"),
    ("37", "Andhra Pradesh"),
    ("38", "Ladakh"),
];

/// The name of a state by its two-digit code.
pub fn state_name(code: &str) -> Option<&'static str> {
    STATES
        .iter()
        .find(|(c, _)| *c == code.trim())
        .map(|(_, n)| *n)
}

/// "Maharashtra (27)", as Rule 46(n) asks; the bare code if unknown.
pub fn state_label(code: &str) -> String {
    match state_name(code) {
        Some(name) => format!("{name} ({code})"),
        None => code.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn place_of_supply_and_document_for_every_registration() {
        use Document::*;
        use Regime::*;
        use Supply::*;
        let counter = Delivery::Counter;
        let home = Delivery::To("27".into());
        let away = Delivery::To("08".into());
        // (regime, how the goods go, place, supply, document); the shop is in
        // Maharashtra (27). "Same state" and "other state" are walk-in
        // buyers from 27 and 08: at the counter both are the shop's state.
        let ok: &[(Regime, &Delivery, &str, Supply, Document)] = &[
            (Regular, &counter, "27", IntraState, TaxInvoice),
            (Regular, &home, "27", IntraState, TaxInvoice),
            (Regular, &away, "08", InterState, TaxInvoice),
            (Composition, &counter, "27", IntraState, BillOfSupply),
            (Composition, &home, "27", IntraState, BillOfSupply),
            (Unregistered, &counter, "27", IntraState, Bill),
            (Unregistered, &home, "27", IntraState, Bill),
        ];
        for (regime, delivery, state, supply, document) in ok {
            let place = place_of_supply(*regime, Some("27"), delivery)
                .unwrap_or_else(|e| panic!("{regime:?} {delivery:?}: {e}"));
            assert_eq!(
                place,
                Place {
                    state: Some(state.to_string()),
                    supply: *supply,
                    document: *document
                },
                "{regime:?} {delivery:?}"
            );
        }
        assert_eq!(
            place_of_supply(Composition, Some("27"), &away),
            Err(PlaceRefused::CompositionInterState)
        );
        assert_eq!(
            place_of_supply(Unregistered, Some("27"), &away),
            Err(PlaceRefused::UnregisteredInterState)
        );
        assert_eq!(
            place_of_supply(Regular, Some("27"), &Delivery::To("99".into())),
            Err(PlaceRefused::BadState("99".into()))
        );
        assert_eq!(
            place_of_supply(Regular, None, &away),
            Err(PlaceRefused::NoShopState)
        );
        assert_eq!(
            place_of_supply(Regular, None, &counter).map(|p| p.state),
            Ok(None)
        );
    }

    #[test]
    fn documents_say_what_they_are() {
        assert_eq!(Document::of(Regime::Regular).title(), "TAX INVOICE");
        assert!(Document::TaxInvoice.charges_tax());
        assert!(!Document::BillOfSupply.charges_tax() && !Document::Bill.charges_tax());
        for d in [Document::TaxInvoice, Document::BillOfSupply, Document::Bill] {
            assert_eq!(Document::parse(d.as_str()), Some(d));
            let json = serde_json::to_string(&d).expect("json");
            assert_eq!(json, format!("\"{}\"", d.as_str()));
        }
        assert_eq!(state_label("08"), "Rajasthan (08)");
        assert_eq!(state_label("27"), "Maharashtra (27)");
        assert_eq!(STATES.len(), 38);
    }
}
