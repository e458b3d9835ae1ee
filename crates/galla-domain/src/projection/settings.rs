//! The shop settings every counter shares, in memory: each key's JSON text,
//! last-write-wins through the shared [`Registers`]. Its stored twin is
//! `store::projection::settings`.

use std::collections::BTreeMap;

use super::diff::Differ;
use super::lww::{Register, Registers};
use crate::fold::Delta;

/// Shop settings by key.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SettingsProjection {
    /// Each setting's value (JSON text).
    pub values: BTreeMap<String, String>,
}

impl SettingsProjection {
    /// Applies a `Delta::Setting`, its stamp kept in `registers` (others
    /// are not this projection's and change nothing).
    pub fn apply(&mut self, delta: &Delta, registers: &mut Registers) {
        if let Delta::Setting { key, value, stamp } = delta {
            registers.write(Register::Setting, *stamp, &mut self.values, key, value);
        }
    }

    /// The settings' part of `Projections::diff`.
    pub(super) fn diff(&self, rebuilt: &SettingsProjection, d: &mut Differ<'_>) {
        d.map("setting", &self.values, &rebuilt.values);
    }
}
