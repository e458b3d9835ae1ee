//! The khata projection in memory: each party's details (last-write-wins,
//! through the shared [`Registers`]), what each party owes (a sum of its
//! lines), every khata line and every reminder sent (sets keyed by the
//! writing event's stamp, so a line folded twice is one). Its stored twin
//! is `store::projection::khata`.

use std::collections::BTreeMap;

use super::diff::Differ;
use super::lww::{Register, Registers};
use crate::catalogue::Party;
use crate::fold::Delta;
use crate::ids::PartyId;
use crate::ledger::Line;
use crate::money::Money;
use crate::stamp::Stamp;

/// Parties, balances, khata lines and reminders.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct KhataProjection {
    /// Parties by id.
    pub parties: BTreeMap<PartyId, Party>,
    /// What each party owes the shop.
    pub balances: BTreeMap<PartyId, Money>,
    /// Every khata line, by party and stamp.
    pub lines: BTreeMap<(PartyId, Stamp), (Money, Line)>,
    /// Every reminder sent, by party and stamp: the amount asked.
    pub reminders: BTreeMap<(PartyId, Stamp), Money>,
}

impl KhataProjection {
    /// Applies a `Delta::Party` (its stamp kept in `registers`),
    /// `Delta::PartyBalance` or `Delta::Reminder` (others are not this
    /// projection's and change nothing).
    pub fn apply(&mut self, delta: &Delta, registers: &mut Registers) {
        match delta {
            Delta::Party(p, stamp) => {
                registers.write(Register::Party, *stamp, &mut self.parties, &p.party_id, p)
            }
            Delta::PartyBalance {
                party_id,
                delta,
                line,
                stamp,
            } => {
                *self.balances.entry(*party_id).or_default() += *delta;
                self.lines
                    .insert((*party_id, *stamp), (*delta, line.clone()));
            }
            Delta::Reminder {
                party_id,
                amount,
                stamp,
            } => {
                self.reminders.insert((*party_id, *stamp), *amount);
            }
            _ => {}
        }
    }

    /// The khata's part of `Projections::diff`.
    pub(super) fn diff(&self, rebuilt: &KhataProjection, d: &mut Differ<'_>) {
        d.map("party", &self.parties, &rebuilt.parties);
        d.map("khata balance", &self.balances, &rebuilt.balances);
        d.map("khata line", &self.lines, &rebuilt.lines);
        d.map("reminder", &self.reminders, &rebuilt.reminders);
    }
}
