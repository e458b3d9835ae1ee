//! Staff and their attendance marks, read back from the `staff`,
//! `staff_status` and `attendance_marks` projections. Read-only. A mark's
//! time is its event's time (the stamp), so a mark entered later for an
//! earlier hour carries the hour it was given.

use chrono::{DateTime, NaiveDate, Utc};
use galla_domain::payload::AttendanceMark;
use galla_domain::{Staff, StaffId, Stamp};
use rusqlite::params;

use super::project::enum_from_text;
use super::{Result, Store, StoreError};

/// A person with whether they still work here.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StaffRow {
    /// The person, with pay, shift and PIN hash.
    pub staff: Staff,
    /// Still working here.
    pub active: bool,
}

impl Store {
    /// Every person, by name.
    pub fn staff_rows(&self) -> Result<Vec<StaffRow>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT s.staff_id, s.name, s.phone, s.role, s.detail, coalesce(t.active, 1)
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
            ))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (id, name, phone, role, detail, active) = row?;
            let staff_id: StaffId = id
                .parse()
                .map_err(|_| StoreError::Invalid(format!("bad stored staff id {id:?}")))?;
            let mut staff = detail
                .and_then(|d| serde_json::from_str::<Staff>(&d).ok())
                .unwrap_or_else(|| Staff::new(staff_id, name.clone(), role.clone()));
            staff.name = name;
            staff.phone = phone;
            staff.role = role;
            out.push(StaffRow { staff, active });
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
        let mut stmt = self.conn.prepare_cached(
            "SELECT date, stamp, mark FROM attendance_marks
             WHERE staff_id = ?1 AND date BETWEEN ?2 AND ?3 ORDER BY stamp",
        )?;
        let rows = stmt.query_map(
            params![staff.to_string(), from.to_string(), to.to_string()],
            |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, Vec<u8>>(1)?,
                    r.get::<_, String>(2)?,
                ))
            },
        )?;
        let mut out = Vec::new();
        for row in rows {
            let (date, stamp, mark) = row?;
            let bad = || StoreError::Invalid(format!("bad stored attendance mark on {date}"));
            let day: NaiveDate = date.parse().map_err(|_| bad())?;
            let stamp = Stamp::from_bytes(&stamp).ok_or_else(bad)?;
            let at = DateTime::<Utc>::from_timestamp_millis(stamp.millis).ok_or_else(bad)?;
            let mark: AttendanceMark = enum_from_text(&mark).ok_or_else(bad)?;
            out.push((day, at, mark));
        }
        Ok(out)
    }
}
