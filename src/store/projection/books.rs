//! The cash and bank books in SQL: each counter's lines per mode
//! (`book_lines`, keyed by counter, mode and the writing event's stamp; the
//! counter, party and person by this file's numbers, the bill by its
//! bytes), each counter's drawer (`cash_drawers`, summed through
//! `projection::sums`) and its day closes (`day_closes`) — the stored twin
//! of the domain's `projection::books`, with its loader for `galla check`.

use galla_domain::payload::PayMode;
use galla_domain::{BooksProjection, Delta, Money};
use rusqlite::{Connection, Transaction, params};

use super::khata::line;
use super::rows::{collect, stamp_col, text_id};
use super::sums::Sums;
use crate::store::Result;
use crate::store::project::{enum_from_text, enum_text};

/// Applies a `Delta::Book` or `Delta::DayClosed` (others are not this
/// projection's and change nothing); a cash line's drawer change goes to
/// `sums`.
pub(crate) fn apply_tx(tx: &Transaction<'_>, delta: &Delta, sums: &mut Sums) -> Result<()> {
    match delta {
        Delta::Book {
            device_id,
            mode,
            delta,
            line,
            stamp,
        } => {
            if *mode == PayMode::Cash {
                sums.add_cash(*device_id, *delta);
            }
            // The counter, party and person by this file's numbers, the
            // bill by its bytes; the time is the stamp's first bytes.
            let device = sums.number_tx(tx, device_id.0)?;
            let party = line.party_id.map(|p| sums.number_tx(tx, p.0)).transpose()?;
            let staff = line.staff_id.map(|s| sums.number_tx(tx, s.0)).transpose()?;
            tx.prepare_cached(
                "INSERT OR IGNORE INTO book_lines (device_n, mode, stamp, amount, why, party_n,
                                                   bill_id, staff_n, head, note, reference)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
            )?
            .execute(params![
                device,
                enum_text(mode),
                &stamp.to_bytes()[..],
                delta.paise(),
                line.why.map(|w| w.as_str()),
                party,
                line.bill_id.map(|b| b.0),
                staff,
                line.head,
                line.note,
                line.reference,
            ])?;
        }
        Delta::DayClosed {
            device_id,
            date,
            expected,
            counted,
            stamp,
        } => {
            tx.prepare_cached(
                "INSERT OR IGNORE INTO day_closes (device_id, date, stamp, expected, counted)
                 VALUES (?1, ?2, ?3, ?4, ?5)",
            )?
            .execute(params![
                device_id.to_string(),
                date.to_string(),
                &stamp.to_bytes()[..],
                expected.paise(),
                counted.paise(),
            ])?;
        }
        _ => {}
    }
    Ok(())
}

/// Reads the book lines, drawers and day closes as stored into `b`.
pub(crate) fn load(conn: &Connection, b: &mut BooksProjection) -> Result<()> {
    for (k, v) in collect(
        conn,
        "SELECT d.id, l.mode, l.stamp, l.amount, l.why, l.mode, p.id, l.bill_id, l.head, l.note,
                l.reference, s.id
         FROM book_lines l JOIN report_ids d ON d.n = l.device_n
             LEFT JOIN report_ids p ON p.n = l.party_n LEFT JOIN report_ids s ON s.n = l.staff_n",
        |r| {
            let mode: String = r.get(1)?;
            let mode: PayMode = enum_from_text(&mode).ok_or_else(|| {
                rusqlite::Error::FromSqlConversionFailure(
                    1,
                    rusqlite::types::Type::Text,
                    "mode".into(),
                )
            })?;
            Ok((
                (text_id(r, 0)?, mode, stamp_col(r, 2)?),
                (Money::from_paise(r.get(3)?), line(r, 4)?),
            ))
        },
    )? {
        b.lines.insert(k, v);
    }
    for (device, balance) in collect(conn, "SELECT device_id, balance FROM cash_drawers", |r| {
        Ok((text_id(r, 0)?, Money::from_paise(r.get(1)?)))
    })? {
        b.cash.insert(device, balance);
    }
    for (k, v) in collect(
        conn,
        "SELECT device_id, date, stamp, expected, counted FROM day_closes",
        |r| {
            let date: String = r.get(1)?;
            let date = date.parse().map_err(|_| {
                rusqlite::Error::FromSqlConversionFailure(
                    1,
                    rusqlite::types::Type::Text,
                    "date".into(),
                )
            })?;
            Ok((
                (text_id(r, 0)?, date, stamp_col(r, 2)?),
                (Money::from_paise(r.get(3)?), Money::from_paise(r.get(4)?)),
            ))
        },
    )? {
        b.closes.insert(k, v);
    }
    Ok(())
}
