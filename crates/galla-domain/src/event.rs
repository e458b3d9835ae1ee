//! The event envelope and the versioned payload enum. Every change in galla is
//! one `Event`; its `type` and `schema_version` are stored beside a JSON
//! payload. Encoding always writes the newest version; decoding accepts every
//! version ever shipped and upcasts it. No storage or wire code lives here.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::fmt;

use crate::catalogue::{Location, Party, Product, Staff, Variant};
use crate::ids::{DeviceId, EventId, LocationId, StaffId};
use crate::payload::*;

/// Names of the event types, as stored in the `type` column and on the wire.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum EventKind {
    /// A product was created.
    ProductCreated,
    /// A variant was created.
    VariantCreated,
    /// A variant's price or MRP changed.
    PriceChanged,
    /// A stock location was created.
    LocationCreated,
    /// Goods received.
    Purchase,
    /// A bill.
    Sale,
    /// Goods returned against a bill.
    SaleReturn,
    /// A bill cancelled.
    BillCancelled,
    /// Stock moved between locations.
    Transfer,
    /// Stock corrected.
    Adjustment,
    /// A customer or supplier was created.
    PartyCreated,
    /// A customer's or supplier's details changed.
    PartyChanged,
    /// Credit given on a khata.
    KhataCredit,
    /// A khata payment received (or paid, for a supplier).
    KhataPayment,
    /// Cash in outside a bill.
    CashbookIn,
    /// Cash out outside a bill.
    CashbookOut,
    /// A staff member was created.
    StaffCreated,
    /// A staff member's details changed (the whole record; the latest
    /// stamp wins).
    StaffChanged,
    /// A staff member's status changed.
    StaffStatusChanged,
    /// An attendance mark.
    Attendance,
    /// A shop setting changed.
    SettingsChanged,
    /// A user changed.
    UserChanged,
    /// A role changed.
    RoleChanged,
    /// A counter's day closed with its drawer counted.
    DayClosed,
    /// A payment reminder sent to a party.
    ReminderSent,
    /// A product's details changed (the whole record; the latest stamp wins).
    ProductChanged,
    /// A variant's details changed, not its price (the whole record; the
    /// latest stamp wins).
    VariantChanged,
    /// A variant stopped being sold, or is sold again.
    VariantStatusChanged,
    /// A location was renamed.
    LocationChanged,
    /// Goods sent back to a supplier (a debit note).
    PurchaseReturn,
}

impl EventKind {
    /// Every kind. The order is kept on disk (the store keeps an event's
    /// kind as its place in this list): add a new kind at the end, never
    /// between.
    pub const ALL: &'static [EventKind] = &[
        EventKind::ProductCreated,
        EventKind::VariantCreated,
        EventKind::PriceChanged,
        EventKind::LocationCreated,
        EventKind::Purchase,
        EventKind::Sale,
        EventKind::SaleReturn,
        EventKind::BillCancelled,
        EventKind::Transfer,
        EventKind::Adjustment,
        EventKind::PartyCreated,
        EventKind::PartyChanged,
        EventKind::KhataCredit,
        EventKind::KhataPayment,
        EventKind::CashbookIn,
        EventKind::CashbookOut,
        EventKind::StaffCreated,
        EventKind::StaffChanged,
        EventKind::StaffStatusChanged,
        EventKind::Attendance,
        EventKind::SettingsChanged,
        EventKind::UserChanged,
        EventKind::RoleChanged,
        EventKind::DayClosed,
        EventKind::ReminderSent,
        EventKind::ProductChanged,
        EventKind::VariantChanged,
        EventKind::VariantStatusChanged,
        EventKind::LocationChanged,
        EventKind::PurchaseReturn,
    ];

    /// The stored name ("SALE").
    pub fn as_str(self) -> &'static str {
        match self {
            EventKind::ProductCreated => "PRODUCT_CREATED",
            EventKind::VariantCreated => "VARIANT_CREATED",
            EventKind::PriceChanged => "PRICE_CHANGED",
            EventKind::LocationCreated => "LOCATION_CREATED",
            EventKind::Purchase => "PURCHASE",
            EventKind::Sale => "SALE",
            EventKind::SaleReturn => "SALE_RETURN",
            EventKind::BillCancelled => "BILL_CANCELLED",
            EventKind::Transfer => "TRANSFER",
            EventKind::Adjustment => "ADJUSTMENT",
            EventKind::PartyCreated => "PARTY_CREATED",
            EventKind::PartyChanged => "PARTY_CHANGED",
            EventKind::KhataCredit => "KHATA_CREDIT",
            EventKind::KhataPayment => "KHATA_PAYMENT",
            EventKind::CashbookIn => "CASHBOOK_IN",
            EventKind::CashbookOut => "CASHBOOK_OUT",
            EventKind::StaffCreated => "STAFF_CREATED",
            EventKind::StaffChanged => "STAFF_CHANGED",
            EventKind::StaffStatusChanged => "STAFF_STATUS_CHANGED",
            EventKind::Attendance => "ATTENDANCE",
            EventKind::SettingsChanged => "SETTINGS_CHANGED",
            EventKind::UserChanged => "USER_CHANGED",
            EventKind::RoleChanged => "ROLE_CHANGED",
            EventKind::DayClosed => "DAY_CLOSED",
            EventKind::ReminderSent => "REMINDER_SENT",
            EventKind::ProductChanged => "PRODUCT_CHANGED",
            EventKind::VariantChanged => "VARIANT_CHANGED",
            EventKind::VariantStatusChanged => "VARIANT_STATUS_CHANGED",
            EventKind::LocationChanged => "LOCATION_CHANGED",
            EventKind::PurchaseReturn => "PURCHASE_RETURN",
        }
    }

    /// Looks a kind up by its stored name.
    pub fn parse(name: &str) -> Option<EventKind> {
        EventKind::ALL.iter().copied().find(|k| k.as_str() == name)
    }

    /// The version `encode` writes for this kind. Raise it when adding a
    /// field with a default (see `payload`), or a `...V2` payload that
    /// `decode` upcasts by hand.
    pub fn current_version(self) -> u32 {
        match self {
            // v2: address, payment terms, notes, WhatsApp opt-in.
            EventKind::PartyCreated | EventKind::PartyChanged => 2,
            // v2: payment reference, opening balance.
            EventKind::KhataCredit | EventKind::KhataPayment => 2,
            EventKind::StaffCreated | EventKind::StaffChanged => 2,
            // v2: present, unpaid leave, week off; v3: a note on the mark.
            EventKind::Attendance => 3,
            // v2: on leave, and a note.
            EventKind::StaffStatusChanged => 2,
            // v2: the person a salary advance was paid to.
            EventKind::CashbookIn | EventKind::CashbookOut => 2,
            // v2: a product's category.
            EventKind::ProductCreated | EventKind::ProductChanged => 2,
            // v2: paid by UPI or bank, its reference, the invoice date and
            // each line's input GST rate.
            EventKind::Purchase => 2,
            // v2: lost, found, sample and correction.
            EventKind::Adjustment => 2,
            // v2: document, place of supply, the shop's header, the recipient.
            EventKind::Sale => 2,
            // v2: the credit note (number, original bill, tax by rate, header).
            EventKind::SaleReturn => 2,
            // v2: UPI and card reversed as well as cash and khata.
            EventKind::BillCancelled => 2,
            _ => 1,
        }
    }
}

impl fmt::Display for EventKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The business content of an event, at its newest version.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum EventPayload {
    /// See [`EventKind::ProductCreated`].
    ProductCreated(Product),
    /// See [`EventKind::VariantCreated`].
    VariantCreated(Variant),
    /// See [`EventKind::PriceChanged`].
    PriceChanged(PriceChanged),
    /// See [`EventKind::LocationCreated`].
    LocationCreated(Location),
    /// See [`EventKind::Purchase`].
    Purchase(Purchase),
    /// See [`EventKind::Sale`].
    Sale(Sale),
    /// See [`EventKind::SaleReturn`].
    SaleReturn(SaleReturn),
    /// See [`EventKind::BillCancelled`].
    BillCancelled(BillCancelled),
    /// See [`EventKind::Transfer`].
    Transfer(Transfer),
    /// See [`EventKind::Adjustment`].
    Adjustment(Adjustment),
    /// See [`EventKind::PartyCreated`].
    PartyCreated(Party),
    /// See [`EventKind::PartyChanged`].
    PartyChanged(Party),
    /// See [`EventKind::KhataCredit`].
    KhataCredit(KhataEntry),
    /// See [`EventKind::KhataPayment`].
    KhataPayment(KhataEntry),
    /// See [`EventKind::CashbookIn`].
    CashbookIn(CashEntry),
    /// See [`EventKind::CashbookOut`].
    CashbookOut(CashEntry),
    /// See [`EventKind::StaffCreated`].
    StaffCreated(Staff),
    /// See [`EventKind::StaffChanged`].
    StaffChanged(Staff),
    /// See [`EventKind::StaffStatusChanged`].
    StaffStatusChanged(StaffStatus),
    /// See [`EventKind::Attendance`].
    Attendance(Attendance),
    /// See [`EventKind::SettingsChanged`].
    SettingsChanged(SettingChanged),
    /// See [`EventKind::UserChanged`].
    UserChanged(UserChanged),
    /// See [`EventKind::RoleChanged`].
    RoleChanged(RoleChanged),
    /// See [`EventKind::DayClosed`].
    DayClosed(DayClosed),
    /// See [`EventKind::ReminderSent`].
    ReminderSent(ReminderSent),
    /// See [`EventKind::ProductChanged`].
    ProductChanged(Product),
    /// See [`EventKind::VariantChanged`].
    VariantChanged(Variant),
    /// See [`EventKind::VariantStatusChanged`].
    VariantStatusChanged(VariantStatus),
    /// See [`EventKind::LocationChanged`].
    LocationChanged(Location),
    /// See [`EventKind::PurchaseReturn`].
    PurchaseReturn(PurchaseReturn),
}

/// Why a stored payload could not be read.
#[derive(Debug, thiserror::Error)]
pub enum DecodeError {
    /// The type name is not one galla knows.
    #[error("unknown event type \"{0}\" — this database may come from a newer galla")]
    UnknownKind(String),
    /// The version is newer than this build understands.
    #[error(
        "{kind} event has schema version {version}, newer than this galla understands (up to {known}) — upgrade galla"
    )]
    TooNew {
        /// The event type.
        kind: EventKind,
        /// Its stored version.
        version: u32,
        /// The newest version this build reads.
        known: u32,
    },
    /// The JSON does not match the payload's shape.
    #[error("{kind} v{version} payload is malformed: {source}")]
    Malformed {
        /// The event type.
        kind: EventKind,
        /// Its stored version.
        version: u32,
        /// What serde said.
        source: serde_json::Error,
    },
}

macro_rules! codec {
    ($($variant:ident),* $(,)?) => {
        impl EventPayload {
            /// The event's type.
            pub fn kind(&self) -> EventKind {
                match self { $(EventPayload::$variant(_) => EventKind::$variant,)* }
            }

            /// The payload as JSON at the current version.
            pub fn to_json(&self) -> String {
                let value = match self {
                    $(EventPayload::$variant(p) => serde_json::to_string(p),)*
                };
                // Payload types hold only strings, numbers, enums and ids:
                // serialising them cannot fail.
                value.unwrap_or_else(|e| unreachable!("event payload serialises: {e}"))
            }

            /// Hands the payload to `serializer` as `to_json` does (what the
            /// bounds check walks, without writing any JSON).
            pub fn serialize_with<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                match self {
                    $(EventPayload::$variant(p) => serde::Serialize::serialize(p, serializer),)*
                }
            }

            /// Reads a stored payload of any shipped version, upcasting it.
            pub fn decode(kind: &str, version: u32, json: &str) -> Result<EventPayload, DecodeError> {
                let kind = EventKind::parse(kind)
                    .ok_or_else(|| DecodeError::UnknownKind(kind.to_string()))?;
                let known = kind.current_version();
                if version > known || version == 0 {
                    return Err(DecodeError::TooNew { kind, version, known });
                }
                let malformed = |source| DecodeError::Malformed { kind, version, source };
                Ok(upcast(match kind {
                    $(EventKind::$variant => EventPayload::$variant(
                        serde_json::from_str(json).map_err(malformed)?,
                    ),)*
                }, version))
            }
        }
    };
}

/// What serde defaults cannot fill: a v1 SALE's document is worked out
/// from its lines (what galla printed then).
fn upcast(payload: EventPayload, version: u32) -> EventPayload {
    match payload {
        EventPayload::Sale(mut sale) if version < 2 => {
            sale.document = sale.v1_document();
            EventPayload::Sale(sale)
        }
        other => other,
    }
}

codec!(
    ProductCreated,
    VariantCreated,
    PriceChanged,
    LocationCreated,
    Purchase,
    Sale,
    SaleReturn,
    BillCancelled,
    Transfer,
    Adjustment,
    PartyCreated,
    PartyChanged,
    KhataCredit,
    KhataPayment,
    CashbookIn,
    CashbookOut,
    StaffCreated,
    StaffChanged,
    StaffStatusChanged,
    Attendance,
    SettingsChanged,
    UserChanged,
    RoleChanged,
    DayClosed,
    ReminderSent,
    ProductChanged,
    VariantChanged,
    VariantStatusChanged,
    LocationChanged,
    PurchaseReturn,
);

/// One immutable fact, with everything needed to order, sync and fold it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Event {
    /// Globally unique, made by the device that recorded it.
    pub event_id: EventId,
    /// The device that recorded it.
    pub device_id: DeviceId,
    /// That device's gapless sequence number, from 1.
    pub device_seq: u64,
    /// When it happened (UTC).
    pub occurred_at: DateTime<Utc>,
    /// Who did it.
    pub actor: StaffId,
    /// Who approved it on the spot with their PIN, when the actor's role
    /// alone did not allow it (see `access`).
    pub approved_by: Option<StaffId>,
    /// The location it happened at, when it has one.
    pub location_id: Option<LocationId>,
    /// What happened.
    pub payload: EventPayload,
}

/// An event before the store gives it its device and sequence number.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewEvent {
    /// Made by the caller so that retries are idempotent.
    pub event_id: EventId,
    /// When it happened.
    pub occurred_at: DateTime<Utc>,
    /// Who did it. [`StaffId::OWNER`] means "whoever is signed in": the
    /// store puts the signed-in person there (see `galla::store`).
    pub actor: StaffId,
    /// Who approved it (set by the store from a manager's PIN).
    pub approved_by: Option<StaffId>,
    /// Where.
    pub location_id: Option<LocationId>,
    /// What.
    pub payload: EventPayload,
}

impl NewEvent {
    /// A new event happening now, by `actor`.
    pub fn now(actor: StaffId, location_id: Option<LocationId>, payload: EventPayload) -> Self {
        NewEvent {
            event_id: EventId::new(),
            occurred_at: Utc::now(),
            actor,
            approved_by: None,
            location_id,
            payload,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalogue::Location;
    use crate::ids::LocationId;

    #[test]
    fn kinds_round_trip_by_name_and_serde() {
        for &k in EventKind::ALL {
            assert_eq!(EventKind::parse(k.as_str()), Some(k));
            let json = serde_json::to_string(&k).expect("serialises");
            assert_eq!(json, format!("\"{}\"", k.as_str()));
        }
    }

    #[test]
    fn payload_round_trips_through_decode() {
        let p = EventPayload::LocationCreated(Location {
            location_id: LocationId::new(),
            name: "गोदाम Godown".into(),
        });
        let back = EventPayload::decode(p.kind().as_str(), 1, &p.to_json()).expect("decodes");
        assert_eq!(p, back);
    }

    #[test]
    fn a_v1_party_and_khata_entry_read_as_v2_with_defaults() {
        let party = r#"{"party_id":"0190d3a6-0000-7000-8000-000000000001","kind":"customer",
            "name":"Meena","phone":"9829012345","gstin":null,"state_code":"08","credit_limit":500000}"#;
        let EventPayload::PartyCreated(p) =
            EventPayload::decode("PARTY_CREATED", 1, party).expect("v1 party reads")
        else {
            panic!("kind");
        };
        assert_eq!((p.address, p.terms_days, p.whatsapp), (None, None, false));
        let entry = r#"{"party_id":"0190d3a6-0000-7000-8000-000000000001","amount":10000,
            "mode":"cash","note":null}"#;
        let EventPayload::KhataPayment(k) =
            EventPayload::decode("KHATA_PAYMENT", 1, entry).expect("v1 entry reads")
        else {
            panic!("kind");
        };
        assert_eq!((k.reference, k.opening), (None, false));
        assert_eq!(EventKind::KhataPayment.current_version(), 2);
        assert!(matches!(
            EventPayload::decode("KHATA_PAYMENT", 3, entry),
            Err(DecodeError::TooNew { .. })
        ));
    }

    #[test]
    fn a_v1_sale_reads_as_the_document_galla_printed_then() {
        let sale = |cgst: i64| {
            format!(
                r#"{{"bill_id":"0190d3a6-0000-7000-8000-000000000001","bill_no":"C1-1",
                "location_id":"0190d3a6-0000-7000-8000-000000000002","customer_id":null,
                "supply":"intra_state","lines":[{{"variant_id":"0190d3a6-0000-7000-8000-000000000003",
                "qty":1000,"rate":10500,"discount":0,"gst_rate":500,"price_mode":"inclusive",
                "taxable":{},"cgst":{cgst},"sgst":{cgst},"igst":0}}],"bill_discount":0,
                "round_off":0,"total":10500,"payments":[]}}"#,
                10_500 - 2 * cgst
            )
        };
        let read = |json: &str| match EventPayload::decode("SALE", 1, json) {
            Ok(EventPayload::Sale(s)) => s,
            other => panic!("{other:?}"),
        };
        let regular = read(&sale(250));
        assert_eq!(regular.document, crate::Document::TaxInvoice);
        assert_eq!((regular.place_of_supply, regular.header), (None, None));
        // A composition dealer's bill: a 5% line with no tax.
        assert_eq!(read(&sale(0)).document, crate::Document::BillOfSupply);
        assert_eq!(EventKind::Sale.current_version(), 2);
    }

    #[test]
    fn decode_rejects_unknown_newer_and_malformed() {
        assert!(matches!(
            EventPayload::decode("FROB", 1, "{}"),
            Err(DecodeError::UnknownKind(_))
        ));
        assert!(matches!(
            EventPayload::decode("SALE", 99, "{}"),
            Err(DecodeError::TooNew { .. })
        ));
        let err = EventPayload::decode("LOCATION_CREATED", 1, "{\"name\":1}").expect_err("bad");
        assert!(
            err.to_string()
                .contains("LOCATION_CREATED v1 payload is malformed")
        );
    }
}
