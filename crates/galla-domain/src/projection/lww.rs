//! The last-write-wins registers every "current value" projection shares:
//! for each value (a product, a variant's details or status, a location, a
//! party, a person, a person's status, a setting) the stamp of the write
//! that holds it, and [`Registers::wins`], which lets a write in only when
//! its stamp beats the one recorded, so any arrival order gives the same
//! value. Prices are their own register, kept with the price
//! (`catalogue::PriceRow`), since a price may arrive before its variant.
//!
//! The choice: one shared `Registers` (`Projections::registers`), passed to
//! the apply of each projection that has registers, rather than a map in
//! each. It mirrors the store, where one table (`lww`) holds every stamp
//! and `store::projection::lww` is its one loader, and `galla check` diffs
//! the stamps as one table ("register stamp"), as it always has.

use std::collections::BTreeMap;
use std::collections::btree_map::Entry;
use std::fmt::Display;

use super::diff::Differ;
use crate::stamp::Stamp;

/// A "current value" register other than prices: which projection's value
/// a stamp in [`Registers`] belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Register {
    /// A product's details.
    Product,
    /// A variant's details (not its price).
    Variant,
    /// A location.
    Location,
    /// A party's details (not its balance).
    Party,
    /// A staff member's details.
    Staff,
    /// A staff member's status.
    StaffStatus,
    /// A shop setting.
    Setting,
    /// Whether a variant is sold.
    VariantStatus,
}

impl Register {
    /// Every register.
    pub const ALL: [Register; 8] = [
        Register::Product,
        Register::Variant,
        Register::Location,
        Register::Party,
        Register::Staff,
        Register::StaffStatus,
        Register::Setting,
        Register::VariantStatus,
    ];

    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            Register::Product => "product",
            Register::Variant => "variant",
            Register::Location => "location",
            Register::Party => "party",
            Register::Staff => "staff",
            Register::StaffStatus => "staff_status",
            Register::Setting => "setting",
            Register::VariantStatus => "variant_status",
        }
    }

    /// Reads a stored name.
    pub fn parse(s: &str) -> Option<Register> {
        Register::ALL.into_iter().find(|r| r.as_str() == s)
    }
}

/// The winning stamp of every register, in memory.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Registers {
    /// The stamp of the write that holds each value (key: the register and
    /// the id or setting key).
    pub stamps: BTreeMap<(Register, String), Stamp>,
}

impl Registers {
    /// Whether a write at `stamp` wins `register` for `key` (and records
    /// it if so).
    pub fn wins(&mut self, register: Register, key: String, stamp: Stamp) -> bool {
        match self.stamps.entry((register, key)) {
            Entry::Vacant(v) => {
                v.insert(stamp);
                true
            }
            Entry::Occupied(mut o) if stamp > *o.get() => {
                o.insert(stamp);
                true
            }
            Entry::Occupied(_) => false,
        }
    }

    /// Puts `value` at `key` in `map` when a write at `stamp` wins
    /// `register` for `key` (the register's key is `key` in words).
    pub fn write<K: Ord + Clone + Display, V: Clone>(
        &mut self,
        register: Register,
        stamp: Stamp,
        map: &mut BTreeMap<K, V>,
        key: &K,
        value: &V,
    ) {
        if self.wins(register, key.to_string(), stamp) {
            map.insert(key.clone(), value.clone());
        }
    }

    /// The stamps' part of `Projections::diff`.
    pub(super) fn diff(&self, rebuilt: &Registers, d: &mut Differ<'_>) {
        d.map("register stamp", &self.stamps, &rebuilt.stamps);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ids::EventId;

    fn at(millis: i64, n: u128) -> Stamp {
        Stamp {
            millis,
            event_id: EventId(uuid::Uuid::from_u128(n)),
        }
    }

    #[test]
    fn the_greatest_stamp_wins_whatever_comes_first() {
        let mut r = Registers::default();
        assert!(r.wins(Register::Setting, "k".into(), at(5, 1)));
        assert!(!r.wins(Register::Setting, "k".into(), at(4, 9)), "older");
        assert!(!r.wins(Register::Setting, "k".into(), at(5, 1)), "the same");
        assert!(
            r.wins(Register::Setting, "k".into(), at(5, 2)),
            "same ms, id"
        );
        assert!(r.wins(Register::Party, "k".into(), at(1, 1)), "own key");
        assert_eq!(r.stamps[&(Register::Setting, "k".into())], at(5, 2));
    }

    #[test]
    fn a_value_is_written_only_by_the_winning_write() {
        let (mut r, mut settings) = (Registers::default(), BTreeMap::new());
        let key = "gst".to_string();
        r.write(Register::Setting, at(5, 1), &mut settings, &key, &"new");
        r.write(Register::Setting, at(3, 1), &mut settings, &key, &"old");
        assert_eq!(settings[&key], "new");
        assert_eq!(r.stamps[&(Register::Setting, key)], at(5, 1));
    }

    #[test]
    fn every_register_reads_back_its_stored_name() {
        for r in Register::ALL {
            assert_eq!(Register::parse(r.as_str()), Some(r));
        }
        assert_eq!(Register::parse("price"), None);
    }
}
