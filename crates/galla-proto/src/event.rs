//! One event as it travels: [`WireEvent`] in a push, [`PulledEvent`] (the same
//! plus the server's position and verdict) in a pull. The payload stays a JSON
//! value so a server can answer per event about types it does not know;
//! conversion to and from the domain's `Event` lives here too.

use chrono::{DateTime, SecondsFormat, Utc};
use galla_domain::{DecodeError, DeviceId, Event, EventId, EventPayload, LocationId, StaffId};
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// An event as a device pushes it (DESIGN §3 envelope, payload as JSON).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct WireEvent {
    /// Globally unique id made by the device.
    pub event_id: EventId,
    /// The device's gapless sequence number, from 1.
    pub device_seq: u64,
    /// The event type's stored name (`"SALE"`).
    #[serde(rename = "type")]
    pub kind: String,
    /// The payload's schema version.
    pub schema_version: u32,
    /// When it happened (UTC).
    pub occurred_at: DateTime<Utc>,
    /// The staff member who did it.
    pub actor_id: StaffId,
    /// Who approved it with their PIN, when it needed approval. Absent on
    /// the wire (and from the canonical text) when nobody did, so events
    /// sent before approvals existed hash as they always did.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub approved_by: Option<StaffId>,
    /// Where it happened, when it has a place.
    #[serde(default)]
    pub location_id: Option<LocationId>,
    /// The payload, exactly as the domain crate encodes it.
    pub payload: Value,
}

impl WireEvent {
    /// The wire form of a stored event.
    pub fn from_event(event: &Event) -> WireEvent {
        let kind = event.payload.kind();
        // `to_json` always writes valid JSON; Null only guards the impossible.
        let payload = serde_json::from_str(&event.payload.to_json()).unwrap_or(Value::Null);
        WireEvent {
            event_id: event.event_id,
            device_seq: event.device_seq,
            kind: kind.as_str().to_string(),
            schema_version: kind.current_version(),
            occurred_at: event.occurred_at,
            actor_id: event.actor,
            approved_by: event.approved_by,
            location_id: event.location_id,
            payload,
        }
    }

    /// Decodes the payload (upcasting old versions) into a domain event of `device_id`.
    pub fn to_event(&self, device_id: DeviceId) -> Result<Event, DecodeError> {
        self.to_event_and_text(device_id).map(|(event, _)| event)
    }

    /// The payload as compact JSON text. (Through the serializer: `Display`
    /// on a `Value` writes through `fmt::Formatter` and is several times
    /// slower, which shows when a page of a thousand events is folded.)
    pub fn payload_text(&self) -> String {
        // A Value has only string keys: serialising it cannot fail.
        serde_json::to_string(&self.payload).unwrap_or_default()
    }

    /// [`WireEvent::to_event`], and the payload's JSON text as sent (to store
    /// without encoding it again).
    pub fn to_event_and_text(&self, device_id: DeviceId) -> Result<(Event, String), DecodeError> {
        let text = self.payload_text();
        let payload = EventPayload::decode(&self.kind, self.schema_version, &text)?;
        let event = Event {
            event_id: self.event_id,
            device_id,
            device_seq: self.device_seq,
            occurred_at: self.occurred_at,
            actor: self.actor_id,
            approved_by: self.approved_by,
            location_id: self.location_id,
            payload,
        };
        Ok((event, text))
    }

    /// The event's content in one canonical text (sorted keys, UTC time with
    /// every digit sent), so that two sends of the same event compare equal
    /// however their JSON was spaced or ordered. The server hashes this.
    pub fn canonical_text(&self) -> String {
        let location = self.location_id.map(|l| l.to_string()).unwrap_or_default();
        let mut text = format!(
            "{}\n{}\n{}\n{}\n{}\n{}\n{}\n{}",
            self.event_id,
            self.device_seq,
            self.kind,
            self.schema_version,
            self.occurred_at
                .to_rfc3339_opts(SecondsFormat::AutoSi, true),
            self.actor_id,
            location,
            canonical_json(&self.payload),
        );
        if let Some(approver) = self.approved_by {
            text.push_str(&format!("\napproved_by {approver}"));
        }
        text
    }
}

/// What the server decided about an event it stored and broadcasts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LedgerStatus {
    /// Applied.
    Accepted,
    /// Applied, but it broke a soft rule (e.g. stock went below zero).
    Flagged,
}

impl LedgerStatus {
    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            LedgerStatus::Accepted => "accepted",
            LedgerStatus::Flagged => "flagged",
        }
    }
}

/// An event as a pull returns it: the pushed envelope plus the server's
/// position, the device that recorded it and the verdict.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PulledEvent {
    /// Its place in the tenant's ledger; pull cursors count in these.
    pub server_seq: u64,
    /// The device that recorded it.
    pub device_id: DeviceId,
    /// Accepted or flagged (rejected events are never broadcast).
    pub status: LedgerStatus,
    /// Why it was flagged, when it was.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub flag_code: Option<crate::ErrorCode>,
    /// The flag in words.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub flag_message: Option<String>,
    /// When the server stored it.
    pub received_at: DateTime<Utc>,
    /// The event itself.
    #[serde(flatten)]
    pub event: WireEvent,
}

/// JSON text with object keys sorted at every level and no spaces.
pub fn canonical_json(value: &Value) -> String {
    let mut out = String::new();
    write_canonical(value, &mut out);
    out
}

fn write_canonical(value: &Value, out: &mut String) {
    match value {
        Value::Object(map) => {
            let mut keys: Vec<&String> = map.keys().collect();
            keys.sort();
            out.push('{');
            for (i, key) in keys.into_iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                out.push_str(&Value::String(key.clone()).to_string());
                out.push(':');
                if let Some(v) = map.get(key) {
                    write_canonical(v, out);
                }
            }
            out.push('}');
        }
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_canonical(item, out);
            }
            out.push(']');
        }
        scalar => out.push_str(&scalar.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use galla_domain::Location;

    fn location_event() -> Event {
        Event {
            event_id: EventId::new(),
            device_id: DeviceId::new(),
            device_seq: 7,
            occurred_at: Utc::now(),
            actor: StaffId::OWNER,
            approved_by: None,
            location_id: None,
            payload: EventPayload::LocationCreated(Location {
                location_id: LocationId::new(),
                name: "गोदाम Godown".into(),
            }),
        }
    }

    #[test]
    fn domain_event_round_trips_through_the_wire_form() {
        let event = location_event();
        let wire = WireEvent::from_event(&event);
        let json = serde_json::to_string(&wire).expect("serialises");
        assert!(json.contains(r#""type":"LOCATION_CREATED""#));
        let back: WireEvent = serde_json::from_str(&json).expect("parses");
        assert_eq!(back, wire);
        assert_eq!(back.to_event(event.device_id).expect("decodes"), event);
    }

    #[test]
    fn canonical_text_ignores_key_order_and_spacing() {
        let wire = WireEvent::from_event(&location_event());
        let mut shuffled = wire.clone();
        shuffled.payload = serde_json::from_str(&format!(
            "{{ \"name\" : {}, \"location_id\": {} }}",
            wire.payload["name"], wire.payload["location_id"]
        ))
        .expect("parses");
        assert_eq!(wire.canonical_text(), shuffled.canonical_text());
        shuffled.device_seq += 1;
        assert_ne!(wire.canonical_text(), shuffled.canonical_text());
    }

    #[test]
    fn an_approval_travels_and_counts_in_the_content_only_when_given() {
        let event = location_event();
        let plain = WireEvent::from_event(&event);
        let json = serde_json::to_string(&plain).expect("serialises");
        assert!(!json.contains("approved_by"), "absent when nobody approved");
        let approved = Event {
            approved_by: Some(StaffId::new()),
            ..event.clone()
        };
        let wire = WireEvent::from_event(&approved);
        let back: WireEvent =
            serde_json::from_str(&serde_json::to_string(&wire).expect("json")).expect("parses");
        assert_eq!(back.to_event(event.device_id).expect("decodes"), approved);
        assert!(
            plain.canonical_text().ends_with('}'),
            "old events hash as before"
        );
        assert_ne!(plain.canonical_text(), wire.canonical_text());
    }

    #[test]
    fn canonical_json_sorts_nested_keys() {
        let v: Value = serde_json::from_str(r#"{"b":[{"d":1,"c":"x"}],"a":null}"#).expect("json");
        assert_eq!(canonical_json(&v), r#"{"a":null,"b":[{"c":"x","d":1}]}"#);
    }

    #[test]
    fn pulled_event_flattens_the_envelope() {
        let pulled = PulledEvent {
            server_seq: 42,
            device_id: DeviceId::new(),
            status: LedgerStatus::Flagged,
            flag_code: Some(crate::ErrorCode::NegativeStock),
            flag_message: Some("stock below zero".into()),
            received_at: Utc::now(),
            event: WireEvent::from_event(&location_event()),
        };
        let value = serde_json::to_value(&pulled).expect("serialises");
        assert_eq!(value["server_seq"], 42);
        assert_eq!(value["status"], "flagged");
        assert_eq!(value["type"], "LOCATION_CREATED");
        let back: PulledEvent = serde_json::from_value(value).expect("parses");
        assert_eq!(back, pulled);
    }
}
