//! The khata projection in SQL: each party's details (`parties`, a
//! last-write-wins value), balance (`party_balances`),
//! its lines (`khata_lines`, keyed by the writing event's stamp, so a line
//! folded twice is one) and the reminders sent (`reminders`) — the stored
//! twin of the domain's `projection::khata`, with its loader for `galla
//! check`.

use galla_domain::ledger::{Line, Why};
use galla_domain::{BillId, Delta, KhataProjection, Money, Register};
use rusqlite::{Connection, Row, Transaction, params};

use super::lww::wins_tx;
use super::rows::{collect, stamp_col, text_id};
use crate::store::Result;
use crate::store::khata::{PARTY_COLUMNS, party_from_row};
use crate::store::project::{enum_from_text, enum_text};

/// Applies a `Delta::Party`, `Delta::PartyBalance` or `Delta::Reminder`
/// (others are not this projection's and change nothing).
pub(crate) fn apply_tx(tx: &Transaction<'_>, delta: &Delta) -> Result<()> {
    match delta {
        Delta::Party(p, stamp) => {
            let id = p.party_id.to_string();
            if wins_tx(tx, Register::Party, &id, *stamp)? {
                tx.prepare_cached(
                    "INSERT OR REPLACE INTO parties (party_id, kind, name, phone, gstin, state_code,
                                                     credit_limit, address, terms_days, notes, whatsapp)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
                )?
                .execute(params![
                    id,
                    enum_text(&p.kind),
                    p.name,
                    p.phone,
                    p.gstin,
                    p.state_code,
                    p.credit_limit.paise(),
                    p.address,
                    p.terms_days,
                    p.notes,
                    p.whatsapp,
                ])?;
            }
        }
        Delta::PartyBalance {
            party_id,
            delta,
            line,
            stamp,
        } => {
            tx.prepare_cached(
                "INSERT INTO party_balances (party_id, balance) VALUES (?1, ?2)
                 ON CONFLICT (party_id) DO UPDATE SET balance = balance + excluded.balance",
            )?
            .execute(params![party_id.to_string(), delta.paise()])?;
            tx.prepare_cached(
                "INSERT OR IGNORE INTO khata_lines (party_id, stamp, at_ms, amount, why, mode,
                                                    bill_id, head, note, reference)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
            )?
            .execute(params![
                party_id.to_string(),
                &stamp.to_bytes()[..],
                stamp.millis,
                delta.paise(),
                line.why.map(|w| w.as_str()),
                line.mode.map(|m| enum_text(&m)),
                line.bill_id.map(|b| b.0),
                line.head,
                line.note,
                line.reference,
            ])?;
        }
        Delta::Reminder {
            party_id,
            amount,
            stamp,
        } => {
            tx.prepare_cached(
                "INSERT OR IGNORE INTO reminders (party_id, stamp, amount) VALUES (?1, ?2, ?3)",
            )?
            .execute(params![
                party_id.to_string(),
                &stamp.to_bytes()[..],
                amount.paise()
            ])?;
        }
        _ => {}
    }
    Ok(())
}

/// A ledger line's columns from `from` on: why, mode, party, bill, head,
/// note, reference, person (the khata's and the books' lines share them).
pub(crate) fn line(r: &Row<'_>, from: usize) -> rusqlite::Result<Line> {
    let why: String = r.get(from)?;
    let mode: Option<String> = r.get(from + 1)?;
    let party: Option<String> = r.get(from + 2)?;
    let bill: Option<uuid::Uuid> = r.get(from + 3)?;
    Ok(Line {
        why: Why::parse(&why),
        mode: mode.as_deref().and_then(enum_from_text),
        party_id: party.and_then(|x| x.parse().ok()),
        bill_id: bill.map(BillId),
        head: r.get(from + 4)?,
        note: r.get(from + 5)?,
        reference: r.get(from + 6)?,
        staff_id: r
            .get::<_, Option<String>>(from + 7)?
            .and_then(|x| x.parse().ok()),
    })
}

/// Reads the parties, balances, lines and reminders as stored into `k`.
pub(crate) fn load(conn: &Connection, k: &mut KhataProjection) -> Result<()> {
    let sql = format!("SELECT {PARTY_COLUMNS} FROM parties");
    for party in collect(conn, &sql, party_from_row)? {
        k.parties.insert(party.party_id, party);
    }
    for (party, balance) in collect(conn, "SELECT party_id, balance FROM party_balances", |r| {
        Ok((text_id(r, 0)?, Money::from_paise(r.get(1)?)))
    })? {
        k.balances.insert(party, balance);
    }
    for (key, v) in collect(
        conn,
        "SELECT party_id, stamp, amount, why, mode, NULL, bill_id, head, note, reference, NULL
         FROM khata_lines",
        |r| {
            Ok((
                (text_id(r, 0)?, stamp_col(r, 1)?),
                (Money::from_paise(r.get(2)?), line(r, 3)?),
            ))
        },
    )? {
        k.lines.insert(key, v);
    }
    for (key, v) in collect(conn, "SELECT party_id, stamp, amount FROM reminders", |r| {
        Ok((
            (text_id(r, 0)?, stamp_col(r, 1)?),
            Money::from_paise(r.get(2)?),
        ))
    })? {
        k.reminders.insert(key, v);
    }
    Ok(())
}
