//! The staff projection in memory: each person and their status (both
//! last-write-wins, through the shared [`Registers`]) and every attendance
//! mark, keyed by person, day and the writing event's stamp, so a
//! check-out never overwrites the check-in. Its stored twin is
//! `store::projection::staff`.

use chrono::NaiveDate;
use std::collections::BTreeMap;

use super::diff::Differ;
use super::lww::{Register, Registers};
use crate::catalogue::Staff;
use crate::fold::Delta;
use crate::ids::StaffId;
use crate::payload::AttendanceMark;
use crate::stamp::Stamp;

/// People, their status and their attendance marks.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct StaffProjection {
    /// Staff by id.
    pub people: BTreeMap<StaffId, Staff>,
    /// Staff status, when it was ever changed (absent: active): (active,
    /// on leave).
    pub status: BTreeMap<StaffId, (bool, bool)>,
    /// Every attendance mark, by person, day and when it was made.
    pub attendance: BTreeMap<(StaffId, NaiveDate, Stamp), (AttendanceMark, Option<String>)>,
}

impl StaffProjection {
    /// Applies a `Delta::Staff` or `Delta::StaffActive` (their stamps kept
    /// in `registers`) or a `Delta::Attendance` (others are not this
    /// projection's and change nothing).
    pub fn apply(&mut self, delta: &Delta, registers: &mut Registers) {
        match delta {
            Delta::Staff(s, stamp) => {
                registers.write(Register::Staff, *stamp, &mut self.people, &s.staff_id, s)
            }
            Delta::StaffActive {
                staff_id,
                active,
                on_leave,
                stamp,
            } => registers.write(
                Register::StaffStatus,
                *stamp,
                &mut self.status,
                staff_id,
                &(*active, *on_leave),
            ),
            Delta::Attendance {
                staff_id,
                date,
                mark,
                note,
                stamp,
            } => {
                self.attendance
                    .insert((*staff_id, *date, *stamp), (*mark, note.clone()));
            }
            _ => {}
        }
    }

    /// The staff's part of `Projections::diff`.
    pub(super) fn diff(&self, rebuilt: &StaffProjection, d: &mut Differ<'_>) {
        d.map("staff", &self.people, &rebuilt.people);
        d.map("staff status", &self.status, &rebuilt.status);
        d.map("attendance mark", &self.attendance, &rebuilt.attendance);
    }
}
