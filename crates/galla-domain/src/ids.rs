//! Typed identifiers: every id is a UUIDv7 wrapped in its own newtype so a
//! variant id can never be passed where a location id is expected.
//! Owns id generation and text form; knows nothing about storage.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;
use uuid::Uuid;

macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub Uuid);

        impl $name {
            /// A fresh, time-ordered id.
            pub fn new() -> Self {
                Self(Uuid::now_v7())
            }

            /// The id as a UUID.
            pub fn uuid(&self) -> Uuid {
                self.0
            }
        }

        impl Default for $name {
            fn default() -> Self {
                Self::new()
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                fmt::Display::fmt(&self.0, f)
            }
        }

        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "{}({})", stringify!($name), self.0)
            }
        }

        impl FromStr for $name {
            type Err = uuid::Error;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Uuid::parse_str(s).map(Self)
            }
        }
    };
}

id_type!(/// One immutable event.
    EventId);
id_type!(/// A product (a design or article; its sizes and colours are variants).
    ProductId);
id_type!(/// One sellable variant of a product: a SKU, a barcode, a price.
    VariantId);
id_type!(/// A place stock is kept: the shop floor, a godown.
    LocationId);
id_type!(/// A customer or supplier with a khata.
    PartyId);
id_type!(/// A member of staff; also the actor of every event.
    StaffId);
id_type!(/// One installed galla database (one counter).
    DeviceId);
id_type!(/// A bill (sale) — the SALE event's business id.
    BillId);

impl StaffId {
    /// The default owner that acts for every event until users and PINs exist.
    pub const OWNER: StaffId = StaffId(Uuid::from_u128(0x0190_0000_0000_7000_8000_0000_0000_0001));
}

/// Deterministic ids for generated data (demo shops, tests): a UUIDv7-shaped
/// value built from a timestamp in milliseconds and a counter, so the same seed
/// always gives the same ids.
pub fn v7_from_parts(unix_ms: u64, counter: u64) -> Uuid {
    let ms = unix_ms & 0xFFFF_FFFF_FFFF;
    let rand_a = (counter >> 62) & 0x0FFF;
    let rand_b = counter & 0x3FFF_FFFF_FFFF_FFFF;
    let hi: u64 = (ms << 16) | (0x7 << 12) | rand_a;
    let lo: u64 = (0b10 << 62) | rand_b;
    Uuid::from_u64_pair(hi, lo)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_ids_are_version_7() {
        assert_eq!(VariantId::new().uuid().get_version_num(), 7);
        assert_eq!(v7_from_parts(1_700_000_000_000, 42).get_version_num(), 7);
        assert_eq!(StaffId::OWNER.uuid().get_version_num(), 7);
    }

    #[test]
    fn deterministic_ids_are_ordered_by_time_then_counter() {
        let a = v7_from_parts(1000, 5);
        let b = v7_from_parts(1000, 6);
        let c = v7_from_parts(1001, 0);
        assert!(a < b && b < c);
    }

    #[test]
    fn ids_round_trip_through_text() {
        let id = LocationId::new();
        let back: LocationId = id.to_string().parse().expect("parses");
        assert_eq!(id, back);
    }
}
