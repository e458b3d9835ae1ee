//! Staff and their attendance marks, read back from the `staff`,
//! `staff_status` and `attendance_marks` projections. Read-only. A mark's
//! time is its event's time (the stamp), so a mark entered later for an
//! earlier hour carries the hour it was given.

use chrono::{DateTime, NaiveDate, Utc};
use galla_domain::payload::AttendanceMark;
use galla_domain::{Money, Staff, StaffId, Stamp};
use rusqlite::params;

use super::cashbook::stamp_at;
use super::project::enum_from_text;
use super::{Result, Store, StoreError};

/// A person with whether they still work here.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StaffRow {
    /// The person, with pay, shift and PIN hash.
    pub staff: Staff,
    /// Still working here.
    pub active: bool,
    /// Away for a while (still on the staff).
    pub on_leave: bool,
}

impl StaffRow {
    /// Whether the person is on the attendance register: working here, and
    /// not an owner who draws no salary or wage (the owner is on the staff
    /// list as the one who records things, not as someone who clocks in).
    pub fn on_register(&self) -> bool {
        self.active
            && !(self.staff.role == "owner"
                && self.staff.salary.is_none()
                && self.staff.wage.is_none())
    }

    /// "active", "on leave" or "inactive".
    pub fn status_word(&self) -> &'static str {
        match (self.active, self.on_leave) {
            (false, _) => "inactive",
            (true, true) => "on leave",
            (true, false) => "active",
        }
    }
}

/// One status change of a person, from the STAFF_STATUS_CHANGED events.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StatusChange {
    /// When it was recorded.
    pub at: DateTime<Utc>,
    /// "active", "on leave" or "inactive".
    pub status: &'static str,
    /// Why.
    pub note: Option<String>,
}

impl Store {
    /// Every person, by name.
    pub fn staff_rows(&self) -> Result<Vec<StaffRow>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT s.staff_id, s.name, s.phone, s.role, s.detail, coalesce(t.active, 1),
                    coalesce(t.on_leave, 0)
             FROM staff s LEFT JOIN staff_status t USING (staff_id) ORDER BY s.name",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, Option<String>>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, Option<String>>(4)?,
                r.get::<_, bool>(5)?,
                r.get::<_, bool>(6)?,
            ))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (id, name, phone, role, detail, active, on_leave) = row?;
            let staff_id: StaffId = id
                .parse()
                .map_err(|_| StoreError::Invalid(format!("bad stored staff id {id:?}")))?;
            let mut staff = detail
                .and_then(|d| serde_json::from_str::<Staff>(&d).ok())
                .unwrap_or_else(|| Staff::new(staff_id, name.clone(), role.clone()));
            staff.name = name;
            staff.phone = phone;
            staff.role = role;
            out.push(StaffRow {
                staff,
                active,
                on_leave,
            });
        }
        Ok(out)
    }

    /// One person's marks for the days `from..=to`, in time order.
    pub fn attendance_of(
        &self,
        staff: StaffId,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<Vec<(NaiveDate, DateTime<Utc>, AttendanceMark)>> {
        Ok(self
            .marks_of(staff, from, to)?
            .into_iter()
            .map(|m| (m.date, m.at, m.mark))
            .collect())
    }

    /// One person's marks for the days `from..=to` with their notes, in
    /// time order.
    pub fn marks_of(&self, staff: StaffId, from: NaiveDate, to: NaiveDate) -> Result<Vec<MarkRow>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT date, stamp, mark, note FROM attendance_marks
             WHERE staff_id = ?1 AND date BETWEEN ?2 AND ?3 ORDER BY stamp",
        )?;
        let rows = stmt.query_map(
            params![staff.to_string(), from.to_string(), to.to_string()],
            |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, Vec<u8>>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, Option<String>>(3)?,
                ))
            },
        )?;
        let mut out = Vec::new();
        for row in rows {
            let (date, stamp, mark, note) = row?;
            let bad = || StoreError::Invalid(format!("bad stored attendance mark on {date}"));
            let day: NaiveDate = date.parse().map_err(|_| bad())?;
            let stamp = Stamp::from_bytes(&stamp).ok_or_else(bad)?;
            let at = DateTime::<Utc>::from_timestamp_millis(stamp.millis).ok_or_else(bad)?;
            let mark: AttendanceMark = enum_from_text(&mark).ok_or_else(bad)?;
            out.push(MarkRow {
                date: day,
                at,
                mark,
                note,
            });
        }
        Ok(out)
    }

    /// Every status change of one person, oldest first.
    pub fn status_history(&self, staff: StaffId) -> Result<Vec<StatusChange>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT occurred_at, json_extract(galla_json(payload), '$.active'),
                    coalesce(json_extract(galla_json(payload), '$.on_leave'), 0),
                    json_extract(galla_json(payload), '$.note')
             FROM events
             WHERE type = galla_code('STAFF_STATUS_CHANGED') AND json_extract(galla_json(payload), '$.staff_id') = ?1
             ORDER BY occurred_at, seq",
        )?;
        let rows = stmt.query_map([staff.to_string()], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, bool>(1)?,
                r.get::<_, bool>(2)?,
                r.get::<_, Option<String>>(3)?,
            ))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (at, active, on_leave, note) = row?;
            let at = super::time_of_ms(at)
                .ok_or_else(|| StoreError::Invalid(format!("bad stored event time {at}")))?;
            let status = match (active, on_leave) {
                (false, _) => "inactive",
                (true, true) => "on leave",
                (true, false) => "active",
            };
            out.push(StatusChange { at, status, note });
        }
        Ok(out)
    }

    /// Salary advances paid to `staff` from any counter's cash book between
    /// `from_ms` and `to_ms` (milliseconds, `to` excluded).
    pub fn advances_to(&self, staff: StaffId, from_ms: i64, to_ms: i64) -> Result<Money> {
        let paise: i64 = self.conn.prepare_cached(ADVANCES)?.query_row(
            params![staff.to_string(), stamp_at(from_ms), stamp_at(to_ms)],
            |r| r.get(0),
        )?;
        Ok(Money::from_paise(paise))
    }
}

/// A person's salary advances paid out between two stamps, through the
/// partial index `book_lines_staff` (migration 20).
const ADVANCES: &str = "SELECT coalesce(-sum(amount), 0) FROM book_lines
     WHERE staff_n = (SELECT n FROM report_ids WHERE id = ?1)
       AND head = 'salary advance' AND why = 'cash_out' AND stamp >= ?2 AND stamp < ?3";

/// One attendance mark as stored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MarkRow {
    /// The day it counts for.
    pub date: NaiveDate,
    /// When it was made.
    pub at: DateTime<Utc>,
    /// What it says.
    pub mark: AttendanceMark,
    /// The owner's note.
    pub note: Option<String>,
}

#[cfg(test)]
mod tests {
    /// A person's advances are a range of the staff index, not a pass over
    /// the whole cash book (failed before migration 20).
    #[test]
    fn advances_are_read_through_the_staff_index() {
        let plan = crate::store::schema::plan(super::ADVANCES);
        assert!(
            plan.contains("USING INDEX book_lines_staff (staff_n=? AND stamp>? AND stamp<?)"),
            "{plan}"
        );
        assert!(!plan.contains("SCAN book_lines"), "{plan}");
    }
}
