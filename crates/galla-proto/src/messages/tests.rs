//! Round trips of every message through JSON, and the exact wire shape of the
//! per-event results the client matches on.

use super::*;
use crate::event::LedgerStatus;
use galla_domain::{LocationId, StaffId};
use serde::de::DeserializeOwned;
use serde_json::json;
use std::fmt::Debug;

fn round_trip<T: Serialize + DeserializeOwned + PartialEq + Debug>(value: &T) -> serde_json::Value {
    let json = serde_json::to_value(value).expect("serialises");
    let back: T = serde_json::from_value(json.clone()).expect("parses back");
    assert_eq!(&back, value);
    json
}

fn wire_event(seq: u64) -> WireEvent {
    WireEvent {
        event_id: EventId::new(),
        device_seq: seq,
        kind: "ADJUSTMENT".into(),
        schema_version: 1,
        occurred_at: Utc::now(),
        actor_id: StaffId::OWNER,
        approved_by: None,
        location_id: Some(LocationId::new()),
        payload: json!({"qty_delta": -1000, "note": null}),
    }
}

#[test]
fn enroll_and_status_round_trip() {
    round_trip(&EnrollRequest {
        code: "ABCD-EFGH-JKMN".into(),
        device_id: DeviceId::new(),
        device_token: Some("ab".repeat(32)),
    });
    round_trip(&EnrollRequest {
        code: "ABCD-EFGH-JKMN".into(),
        device_id: DeviceId::new(),
        device_token: None,
    });
    round_trip(&EnrollResponse {
        tenant_id: Uuid::now_v7(),
        device_id: DeviceId::new(),
        device_name: "Counter 2".into(),
        device_token: "ab".repeat(32),
        ledger_epoch: Uuid::now_v7(),
        server_time: Utc::now(),
    });
    let status = round_trip(&StatusResponse {
        tenant_id: Uuid::now_v7(),
        device_id: DeviceId::new(),
        ledger_epoch: Uuid::now_v7(),
        head: 10,
        device_head: 3,
        server_time: Utc::now(),
        protocol: ProtocolRange { min: 1, max: 1 },
    });
    assert_eq!(status["protocol"], json!({"min": 1, "max": 1}));
}

#[test]
fn push_request_round_trips_and_omits_empty_options() {
    let req = PushRequest {
        ledger_epoch: None,
        device_id: None,
        events: vec![wire_event(1), wire_event(2)],
    };
    let json = round_trip(&req);
    assert!(json.get("ledger_epoch").is_none());
    assert_eq!(json["events"][1]["device_seq"], 2);
    assert_eq!(json["events"][0]["type"], "ADJUSTMENT");
}

#[test]
fn each_outcome_has_its_wire_shape() {
    let id = EventId::new();
    let cases = [
        (
            Outcome::Accepted { server_seq: 5 },
            json!({"status": "accepted", "server_seq": 5}),
        ),
        (
            Outcome::Duplicate {
                server_seq: 5,
                code: None,
                message: None,
            },
            json!({"status": "duplicate", "server_seq": 5}),
        ),
        (
            Outcome::AcceptedFlagged {
                server_seq: 6,
                code: ErrorCode::NegativeStock,
                message: "stock below zero".into(),
            },
            json!({"status": "accepted_flagged", "server_seq": 6,
                   "code": "NEGATIVE_STOCK", "message": "stock below zero"}),
        ),
        (
            Outcome::Rejected {
                code: ErrorCode::IdConflict,
                message: "different content".into(),
            },
            json!({"status": "rejected", "code": "ID_CONFLICT", "message": "different content"}),
        ),
        (
            Outcome::Deferred {
                reason: ErrorCode::Gap,
                expected_device_seq: Some(4),
            },
            json!({"status": "deferred", "reason": "GAP", "expected_device_seq": 4}),
        ),
    ];
    for (outcome, shape) in cases {
        let result = EventResult {
            event_id: id,
            device_seq: 9,
            outcome: outcome.clone(),
        };
        let mut expected = shape;
        expected["event_id"] = json!(id.to_string());
        expected["device_seq"] = json!(9);
        assert_eq!(round_trip(&result), expected, "{outcome:?}");
    }
}

#[test]
fn push_response_and_pull_response_round_trip() {
    let response = PushResponse {
        ledger_epoch: Uuid::now_v7(),
        server_time: Utc::now(),
        device_head: 2,
        results: vec![EventResult {
            event_id: EventId::new(),
            device_seq: 2,
            outcome: Outcome::Accepted { server_seq: 11 },
        }],
    };
    round_trip(&response);
    assert_eq!(response.results[0].outcome.server_seq(), Some(11));
    let pull = PullResponse {
        ledger_epoch: Uuid::now_v7(),
        events: vec![PulledEvent {
            server_seq: 11,
            device_id: DeviceId::new(),
            status: LedgerStatus::Accepted,
            flag_code: None,
            flag_message: None,
            received_at: Utc::now(),
            event: wire_event(2),
        }],
        next_after: 11,
        has_more: false,
        head: 11,
    };
    round_trip(&pull);
}

#[test]
fn pull_query_has_defaults() {
    let q: PullQuery = serde_json::from_value(json!({})).expect("parses");
    assert_eq!(q, PullQuery::default());
    round_trip(&PullQuery {
        after: 3,
        limit: Some(10),
        wait: Some(5),
        epoch: Some(Uuid::now_v7()),
        others_only: true,
    });
    assert!(!q.others_only, "the whole ledger unless asked");
}
