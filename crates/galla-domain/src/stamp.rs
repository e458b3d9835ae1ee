//! The order every "current value" projection agrees on. Two counters that
//! receive the same events in different orders must end with the same price,
//! the same party phone, the same setting: each such value is a register
//! whose winner is the write with the greatest `Stamp` — the event's time,
//! to the millisecond the store keeps, then its id to break ties. Arrival
//! order never decides anything.

use chrono::{DateTime, Utc};
use std::fmt;

use crate::event::Event;
use crate::ids::{DeviceId, EventId, StaffId};

/// When an event happened and which one it was: ordered by time, then id.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Stamp {
    /// Milliseconds since 1970 (the precision the store keeps).
    pub millis: i64,
    /// The event's id (breaks ties between events of the same millisecond).
    pub event_id: EventId,
}

impl Stamp {
    /// The stamp of an event recorded at `at` with id `event_id`.
    pub fn new(at: DateTime<Utc>, event_id: EventId) -> Stamp {
        Stamp {
            millis: at.timestamp_millis(),
            event_id,
        }
    }

    /// 24 bytes whose byte order is the stamp order (for SQL `>` on BLOBs):
    /// the time as offset-binary big-endian, then the id's 16 bytes.
    pub fn to_bytes(&self) -> [u8; 24] {
        let mut out = [0u8; 24];
        let biased = (self.millis as u64) ^ (1u64 << 63);
        out[..8].copy_from_slice(&biased.to_be_bytes());
        out[8..].copy_from_slice(self.event_id.0.as_bytes());
        out
    }

    /// Reads [`Stamp::to_bytes`] back.
    pub fn from_bytes(bytes: &[u8]) -> Option<Stamp> {
        if bytes.len() != 24 {
            return None;
        }
        let mut time = [0u8; 8];
        time.copy_from_slice(&bytes[..8]);
        let millis = (u64::from_be_bytes(time) ^ (1u64 << 63)) as i64;
        let id = uuid::Uuid::from_slice(&bytes[8..]).ok()?;
        Some(Stamp {
            millis,
            event_id: EventId(id),
        })
    }
}

impl fmt::Debug for Stamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match DateTime::<Utc>::from_timestamp_millis(self.millis) {
            Some(t) => write!(
                f,
                "{}@{}",
                self.event_id.0,
                t.format("%Y-%m-%d %H:%M:%S%.3f")
            ),
            None => write!(f, "{}@{}ms", self.event_id.0, self.millis),
        }
    }
}

/// What a fold needs from the envelope besides the payload: the stamp that
/// orders its register writes, and the device whose drawer its cash moves.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Meta {
    /// Orders the event's writes to "current value" registers.
    pub stamp: Stamp,
    /// The counter that recorded it (its cash is that counter's cash).
    pub device_id: DeviceId,
    /// Who recorded it (the reports' sales by person).
    pub actor: StaffId,
}

impl Meta {
    /// The meta of a stored or received event.
    pub fn of(event: &Event) -> Meta {
        Meta {
            stamp: Stamp::new(event.occurred_at, event.event_id),
            device_id: event.device_id,
            actor: event.actor,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use uuid::Uuid;

    proptest! {
        #[test]
        fn byte_order_is_stamp_order(a in any::<i64>(), b in any::<i64>(), x in any::<u128>(), y in any::<u128>()) {
            let s = Stamp { millis: a, event_id: EventId(Uuid::from_u128(x)) };
            let t = Stamp { millis: b, event_id: EventId(Uuid::from_u128(y)) };
            prop_assert_eq!(s.cmp(&t), s.to_bytes().cmp(&t.to_bytes()));
            prop_assert_eq!(Stamp::from_bytes(&s.to_bytes()), Some(s));
        }
    }

    #[test]
    fn a_later_event_wins_and_the_id_breaks_a_tie() {
        let at = DateTime::<Utc>::from_timestamp_millis(1_700_000_000_000).expect("time");
        let low = EventId(Uuid::from_u128(1));
        let high = EventId(Uuid::from_u128(2));
        assert!(Stamp::new(at, high) > Stamp::new(at, low));
        let later = at + chrono::Duration::milliseconds(1);
        assert!(Stamp::new(later, low) > Stamp::new(at, high));
        // Sub-millisecond differences are not kept by the store, so they do
        // not order anything here either.
        let nanos = at + chrono::Duration::nanoseconds(500_000);
        assert_eq!(Stamp::new(nanos, low), Stamp::new(at, low));
    }
}
