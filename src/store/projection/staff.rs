//! The staff projection in SQL: each person (`staff`, with the whole
//! record kept as JSON beside the columns the queries read) and their
//! status (`staff_status`), both last-write-wins values, and every
//! attendance mark (`attendance_marks`, keyed by the writing event's stamp,
//! so a check-out never overwrites the check-in) — the stored twin of the
//! domain's `projection::staff`, with its loader for `galla check`.

use galla_domain::{Delta, Register, Staff, StaffProjection};
use rusqlite::{Connection, Transaction, params};

use super::lww::wins_tx;
use super::rows::{collect, enum_col, stamp_col, text_id};
use crate::store::project::enum_text;
use crate::store::{Result, StoreError};

/// Applies a `Delta::Staff`, `Delta::StaffActive` or `Delta::Attendance`
/// (others are not this projection's and change nothing).
pub(crate) fn apply_tx(tx: &Transaction<'_>, delta: &Delta) -> Result<()> {
    match delta {
        Delta::Staff(s, stamp) => {
            let id = s.staff_id.to_string();
            if wins_tx(tx, Register::Staff, &id, *stamp)? {
                let detail = serde_json::to_string(s).map_err(|e| {
                    StoreError::Invalid(format!("staff {} could not be written: {e}", s.name))
                })?;
                tx.prepare_cached(
                    "INSERT OR REPLACE INTO staff (staff_id, name, phone, role, detail)
                     VALUES (?1, ?2, ?3, ?4, ?5)",
                )?
                .execute(params![id, s.name, s.phone, s.role, detail])?;
            }
        }
        Delta::StaffActive {
            staff_id,
            active,
            on_leave,
            stamp,
        } => {
            let id = staff_id.to_string();
            if wins_tx(tx, Register::StaffStatus, &id, *stamp)? {
                tx.prepare_cached(
                    "INSERT OR REPLACE INTO staff_status (staff_id, active, on_leave)
                     VALUES (?1, ?2, ?3)",
                )?
                .execute(params![id, active, on_leave])?;
            }
        }
        Delta::Attendance {
            staff_id,
            date,
            mark,
            note,
            stamp,
        } => {
            tx.prepare_cached(
                "INSERT OR IGNORE INTO attendance_marks (staff_id, date, stamp, mark, note)
                 VALUES (?1, ?2, ?3, ?4, ?5)",
            )?
            .execute(params![
                staff_id.to_string(),
                date.to_string(),
                &stamp.to_bytes()[..],
                enum_text(mark),
                note
            ])?;
        }
        _ => {}
    }
    Ok(())
}

/// Reads the staff, their status and the attendance marks as stored into
/// `p`.
pub(crate) fn load(conn: &Connection, p: &mut StaffProjection) -> Result<()> {
    for s in collect(
        conn,
        "SELECT staff_id, name, phone, role, detail FROM staff",
        |r| {
            let mut s = Staff::new(
                text_id(r, 0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(3)?,
            );
            s.phone = r.get(2)?;
            if let Some(full) = r
                .get::<_, Option<String>>(4)?
                .and_then(|d| serde_json::from_str::<Staff>(&d).ok())
            {
                s = Staff {
                    name: s.name,
                    phone: s.phone,
                    role: s.role,
                    ..full
                };
            }
            Ok(s)
        },
    )? {
        p.people.insert(s.staff_id, s);
    }
    for (k, v) in collect(
        conn,
        "SELECT staff_id, active, on_leave FROM staff_status",
        |r| Ok((text_id(r, 0)?, (r.get::<_, bool>(1)?, r.get::<_, bool>(2)?))),
    )? {
        p.status.insert(k, v);
    }
    for (s, date, stamp, m, note) in collect(
        conn,
        "SELECT staff_id, date, stamp, mark, note FROM attendance_marks",
        |r| {
            let date: String = r.get(1)?;
            Ok((
                text_id(r, 0)?,
                date,
                stamp_col(r, 2)?,
                enum_col(r, 3)?,
                r.get(4)?,
            ))
        },
    )? {
        let date = date
            .parse()
            .map_err(|_| StoreError::Invalid(format!("bad stored attendance date {date:?}")))?;
        p.attendance.insert((s, date, stamp), (m, note));
    }
    Ok(())
}
