//! Table tests of the push rules without a database: each result status and
//! code, gaps, replays inside one batch, and the negative-stock policy.

use super::*;
use chrono::Utc;
use galla_domain::payload::{Adjustment, PayMode, Payment, Sale, SaleLine};
use galla_domain::{
    AdjustReason, BillId, EventId, GstRate, LocationId, Money, PriceMode, StaffId, Supply,
    VariantId,
};
use sha2::{Digest, Sha256};

const TENANT: Uuid = Uuid::from_u128(1);
const DEVICE: Uuid = Uuid::from_u128(2);
const VARIANT: VariantId = VariantId(Uuid::from_u128(3));
const SHOP: LocationId = LocationId(Uuid::from_u128(4));

fn wire(seq: u64, payload: &EventPayload) -> WireEvent {
    WireEvent {
        event_id: EventId::new(),
        device_seq: seq,
        kind: payload.kind().as_str().into(),
        schema_version: 1,
        occurred_at: Utc::now(),
        actor_id: StaffId::OWNER,
        location_id: Some(SHOP),
        payload: serde_json::from_str(&payload.to_json()).expect("json"),
    }
}

fn adjust(units: i64) -> EventPayload {
    EventPayload::Adjustment(Adjustment {
        location_id: SHOP,
        variant_id: VARIANT,
        qty_delta: Qty::units(units),
        reason: AdjustReason::Count,
        note: None,
    })
}

fn sale(units: i64) -> EventPayload {
    EventPayload::Sale(Sale {
        bill_id: BillId::new(),
        bill_no: "A-1".into(),
        location_id: SHOP,
        customer_id: None,
        supply: Supply::IntraState,
        lines: vec![SaleLine {
            variant_id: VARIANT,
            qty: Qty::units(units),
            rate: Money::from_rupees(100),
            discount: Money::ZERO,
            gst_rate: GstRate::from_percent(0),
            price_mode: PriceMode::Inclusive,
            taxable: Money::from_rupees(100 * units),
            cgst: Money::ZERO,
            sgst: Money::ZERO,
            igst: Money::ZERO,
        }],
        bill_discount: Money::ZERO,
        round_off: Money::ZERO,
        total: Money::from_rupees(100 * units),
        payments: vec![Payment {
            mode: PayMode::Cash,
            amount: Money::from_rupees(100 * units),
            reference: None,
        }],
        document: galla_domain::Document::TaxInvoice,
        place_of_supply: None,
        header: None,
        recipient: None,
    })
}

fn incoming(w: &WireEvent) -> Incoming<'_> {
    let text = w.canonical_text();
    Incoming {
        wire: w,
        hash: Sha256::digest(text.as_bytes()).to_vec(),
        size: text.len(),
        decoded: EventPayload::decode(&w.kind, w.schema_version, &w.payload.to_string()),
    }
}

fn ctx(head: u64) -> Context {
    Context {
        tenant_id: TENANT,
        device_id: DEVICE,
        head,
        next_seq: 1,
        ..Context::default()
    }
}

fn run(context: Context, events: &[WireEvent]) -> Plan<'_> {
    let incoming: Vec<Incoming<'_>> = events.iter().map(incoming).collect();
    plan(context, &incoming)
}

fn outcomes(p: &Plan<'_>) -> Vec<Outcome> {
    p.results.iter().map(|r| r.outcome.clone()).collect()
}

#[test]
fn new_events_are_accepted_in_order() {
    let events = [wire(1, &adjust(5)), wire(2, &adjust(-2))];
    let p = run(ctx(0), &events);
    assert_eq!(
        outcomes(&p),
        [
            Outcome::Accepted { server_seq: 1 },
            Outcome::Accepted { server_seq: 2 }
        ]
    );
    assert_eq!((p.head, p.next_seq, p.ledger_rows.len()), (2, 3, 2));
    assert_eq!(p.stock.get(&(VARIANT.uuid(), SHOP.uuid())), Some(&3000));
}

#[test]
fn the_same_event_twice_is_a_duplicate_and_different_content_conflicts() {
    let first = wire(1, &adjust(5));
    let mut changed = first.clone();
    changed.payload["note"] = serde_json::json!("edited");
    let mut same_seq_new_id = first.clone();
    same_seq_new_id.event_id = EventId::new();
    let events = [first.clone(), first, changed, same_seq_new_id];
    let p = run(ctx(0), &events);
    let out = outcomes(&p);
    assert_eq!(out[0], Outcome::Accepted { server_seq: 1 });
    assert_eq!(
        out[1],
        Outcome::Duplicate {
            server_seq: 1,
            code: None,
            message: None
        }
    );
    assert!(matches!(
        out[2],
        Outcome::Rejected {
            code: ErrorCode::IdConflict,
            ..
        }
    ));
    assert!(matches!(
        out[3],
        Outcome::Rejected {
            code: ErrorCode::SeqConflict,
            ..
        }
    ));
    assert_eq!(
        (p.head, p.ledger_rows.len(), p.rejected_rows.len()),
        (1, 1, 0)
    );
}

#[test]
fn a_gap_defers_the_event_and_everything_after_it() {
    let events = [
        wire(1, &adjust(1)),
        wire(3, &adjust(1)),
        wire(4, &adjust(1)),
    ];
    let p = run(ctx(0), &events);
    let gap = Outcome::Deferred {
        reason: ErrorCode::Gap,
        expected_device_seq: Some(2),
    };
    assert_eq!(outcomes(&p)[1..], [gap.clone(), gap]);
    assert_eq!(p.head, 1);
}

#[test]
fn a_malformed_payload_is_rejected_stored_and_moves_the_head() {
    let mut bad = wire(1, &adjust(1));
    bad.payload = serde_json::json!({"nonsense": true});
    let events = [bad];
    let p = run(ctx(0), &events);
    assert!(matches!(
        outcomes(&p)[0],
        Outcome::Rejected {
            code: ErrorCode::SchemaInvalid,
            ..
        }
    ));
    assert_eq!((p.head, p.rejected_rows.len()), (1, 1));
}

#[test]
fn an_unknown_type_waits_for_a_newer_server() {
    let mut newer = wire(1, &adjust(1));
    newer.kind = "LOYALTY_POINTS".into();
    let events = [newer, wire(2, &adjust(1))];
    let p = run(ctx(0), &events);
    for o in outcomes(&p) {
        assert!(matches!(
            o,
            Outcome::Deferred {
                reason: ErrorCode::ServerTooOld,
                ..
            }
        ));
    }
    assert_eq!(p.head, 0);
}

#[test]
fn negative_stock_flags_sales_and_rejects_adjustments() {
    let events = [wire(1, &adjust(1)), wire(2, &sale(3)), wire(3, &adjust(-1))];
    let p = run(ctx(0), &events);
    let out = outcomes(&p);
    assert_eq!(out[0], Outcome::Accepted { server_seq: 1 });
    assert!(matches!(
        &out[1],
        Outcome::AcceptedFlagged { server_seq: 2, code: ErrorCode::NegativeStock, message }
            if message.contains("would be -2 (was 1)")
    ));
    assert!(matches!(
        out[2],
        Outcome::Rejected {
            code: ErrorCode::NegativeStock,
            ..
        }
    ));
    assert_eq!(p.stock.get(&(VARIANT.uuid(), SHOP.uuid())), Some(&-2000));
    assert_eq!(p.head, 3);
}

#[test]
fn the_reject_policy_rejects_sales_below_zero() {
    let events = [wire(1, &sale(1))];
    let p = run(
        Context {
            reject_negative_sales: true,
            ..ctx(0)
        },
        &events,
    );
    assert!(matches!(
        outcomes(&p)[0],
        Outcome::Rejected {
            code: ErrorCode::NegativeStock,
            ..
        }
    ));
    assert!(p.stock.is_empty());
}

#[test]
fn a_crafted_huge_quantity_or_a_nul_is_rejected_and_moves_no_stock() {
    // The reproduced attack: a PURCHASE-sized move of 2^63-1 wrapped the
    // server's stock, and a NUL made every push of the counter fail (500).
    let huge = wire(1, &adjust(0));
    let mut huge = huge;
    huge.payload["qty_delta"] = serde_json::json!(i64::MAX);
    let mut nul = wire(2, &adjust(1));
    nul.payload["note"] = serde_json::json!("Nul\u{0}Kurta");
    let fine = wire(3, &adjust(2));
    let events = [huge, nul, fine];
    let p = run(ctx(0), &events);
    let out = outcomes(&p);
    for (i, o) in out[..2].iter().enumerate() {
        assert!(
            matches!(
                o,
                Outcome::Rejected {
                    code: ErrorCode::SchemaInvalid,
                    ..
                }
            ),
            "event {i}: {o:?}"
        );
    }
    assert!(matches!(out[2], Outcome::Accepted { .. }), "{:?}", out[2]);
    assert_eq!(p.stock.get(&(VARIANT.uuid(), SHOP.uuid())), Some(&2000));
}
