//! The bounds, and the walk that checks them against the one it replaced.

use super::*;
use crate::fold::{Delta, stock_moves};

use crate::catalogue::{AdjustReason, Location};
use crate::catalogue::{Party, PartyKind};
use crate::ids::StaffId;
use crate::ids::{LocationId, VariantId};
use crate::payload::{Adjustment, SettingChanged, StaffStatus};
use proptest::prelude::*;

fn adjustment(milli: i64) -> EventPayload {
    EventPayload::Adjustment(Adjustment {
        location_id: LocationId::new(),
        variant_id: VariantId::new(),
        qty_delta: Qty::from_milli(milli),
        reason: AdjustReason::Damage,
        note: None,
    })
}

#[test]
fn control_characters_in_any_text_are_refused() {
    let ok = EventPayload::LocationCreated(Location {
        location_id: LocationId::new(),
        name: "दुकान Shop floor".into(),
    });
    assert_eq!(check(&ok), Ok(()));
    for bad in ["Nul\0Kurta", "Kur\u{1b}[31mta", "bell\u{7}", "two\nlines"] {
        let p = EventPayload::LocationCreated(Location {
            location_id: LocationId::new(),
            name: bad.into(),
        });
        assert!(matches!(check(&p), Err(Insane::Control(_))), "{bad:?}");
    }
}

#[test]
fn huge_quantities_are_refused() {
    assert_eq!(check(&adjustment(-5_000)), Ok(()));
    assert!(matches!(
        check(&adjustment(i64::MAX)),
        Err(Insane::Number(_) | Insane::StockMove(_))
    ));
    assert!(matches!(
        check(&adjustment(-(MAX_STOCK_MOVE.milli() + 1))),
        Err(Insane::StockMove(_))
    ));
}

/// Payloads of several shapes holding `s` in one text field each: a name,
/// an optional note, a setting's key, a key and a value deep in a
/// setting's JSON.
fn holding(s: &str) -> Vec<EventPayload> {
    let setting = |key: &str, value: serde_json::Value| {
        EventPayload::SettingsChanged(SettingChanged {
            key: key.into(),
            value,
        })
    };
    vec![
        EventPayload::LocationCreated(Location {
            location_id: LocationId::new(),
            name: s.into(),
        }),
        EventPayload::PartyCreated(Party::new(PartyKind::Customer, s)),
        EventPayload::PartyCreated(Party {
            phone: Some(s.into()),
            ..Party::new(PartyKind::Supplier, "Jaipur Textiles")
        }),
        EventPayload::StaffStatusChanged(StaffStatus {
            staff_id: StaffId::new(),
            active: true,
            on_leave: false,
            note: Some(s.into()),
        }),
        setting(s, serde_json::json!(1)),
        setting("shop.address", serde_json::json!(["14 Johari Bazar", s])),
        setting("shop.x", serde_json::json!({ "a": { s: [1, 2] } })),
    ]
}

/// Texts fine and not: printable words in two scripts, every kind of
/// control character, and lengths either side of the bound.
fn texts() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-zA-Z0-9 अ-ह्ािीुू.,-]{0,24}",
        any::<String>(),
        (0u32..0x20, "[a-z]{0,5}")
            .prop_map(|(c, s)| format!("{s}{}{s}", char::from_u32(c).unwrap_or('\0'))),
        (7_990usize..8_010, prop_oneof![Just('a'), Just('क')])
            .prop_map(|(n, c)| c.to_string().repeat(n)),
    ]
}

/// What kind of refusal, if any. Where two numbers are out of bounds the
/// walks may name different ones: the JSON walk went in the order of the
/// field names, this one in the order of the fields.
fn kind(r: Result<(), Insane>) -> Option<std::mem::Discriminant<Insane>> {
    r.err().map(|e| std::mem::discriminant(&e))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]
    #[test]
    fn the_walk_refuses_exactly_what_the_json_walk_refused(
        n in any::<u8>(), a in any::<u8>(), b in any::<u8>(),
        amount in prop_oneof![
            1i64..10_000,
            -(1i64 << 61)..(1i64 << 61),
            (MAX_NUMBER - 3)..(MAX_NUMBER + 3),
            (-MAX_NUMBER - 3)..(-MAX_NUMBER + 3),
        ],
        text in texts(),
        float in prop_oneof![any::<f64>(), -2e15f64..2e15],
    ) {
        let of_every_kind = crate::fold::order::payload(usize::from(a), n, a, b, amount);
        prop_assert_eq!(kind(check(&of_every_kind)), kind(reference(&of_every_kind)));
        for p in holding(&text) {
            prop_assert_eq!(check(&p), reference(&p), "{:?}", p);
        }
        let setting = EventPayload::SettingsChanged(SettingChanged {
            key: "shop.ratio".into(),
            value: serde_json::json!({ "f": float, "n": [amount, u64::MAX] }),
        });
        prop_assert_eq!(check(&setting).is_ok(), reference(&setting).is_ok());
    }
}

#[test]
fn the_walk_sees_every_kind_of_payload() {
    // Each of the 24 kinds the permutation test makes passes with small
    // numbers, and is refused as the JSON walk refused it with one too big.
    let mut refused = 0;
    for n in 0..24u8 {
        let fine = crate::fold::order::payload(1, n, 1, 1, 5_000);
        assert_eq!(check(&fine), Ok(()), "{fine:?}");
        let huge = crate::fold::order::payload(1, n, 1, 1, MAX_NUMBER + 1);
        assert_eq!(kind(check(&huge)), kind(reference(&huge)), "{huge:?}");
        refused += usize::from(check(&huge).is_err());
    }
    // Most kinds carry the amount (a staff status or an attendance mark
    // does not).
    assert!(refused >= 15, "{refused}");
    assert!(matches!(
        check(&adjustment(MAX_NUMBER + 1)),
        Err(Insane::Number(_))
    ));
}

/// The walk the bounds check used to make: write the JSON, parse it back,
/// walk the tree. [`check`] must say exactly what this says.
fn reference(payload: &EventPayload) -> Result<(), Insane> {
    let value: serde_json::Value =
        serde_json::from_str(&payload.to_json()).map_err(|e| Insane::Number(e.to_string()))?;
    walk_value(&value)?;
    for delta in stock_moves(payload) {
        if let Delta::Stock { qty, .. } = delta
            && qty.milli().unsigned_abs() > MAX_STOCK_MOVE.milli().unsigned_abs()
        {
            return Err(Insane::StockMove(qty));
        }
    }
    Ok(())
}

fn walk_value(value: &serde_json::Value) -> Result<(), Insane> {
    use serde_json::Value;
    match value {
        Value::String(s) => text(s),
        Value::Number(n) => {
            let fits = match n.as_i64() {
                Some(i) => i.unsigned_abs() <= MAX_NUMBER.unsigned_abs(),
                None => n.as_u64().is_none() && n.as_f64().is_some_and(|f| f.abs() < 1e15),
            };
            if fits {
                Ok(())
            } else {
                Err(Insane::Number(n.to_string()))
            }
        }
        Value::Array(items) => items.iter().try_for_each(walk_value),
        Value::Object(map) => map.iter().try_for_each(|(k, v)| {
            text(k)?;
            walk_value(v)
        }),
        Value::Null | Value::Bool(_) => Ok(()),
    }
}
