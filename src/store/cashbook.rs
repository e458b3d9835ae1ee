//! A counter's cash book and bank book for one shop-local day, read back
//! from `book_lines` (counters, parties and people by this file's numbers,
//! `report_ids`) and `day_closes`. Read-only.
//!
//! Which day a line belongs to: the day it happened on, unless that day was
//! already closed at this counter when it happened — a late entry after the
//! close — which goes into the next day, marked late. The opening balance
//! is everything before the day, so after a close it is what was counted
//! (the close's line moved the drawer by counted − expected).

use chrono::{DateTime, Duration, NaiveDate, Utc};
use chrono_tz::Tz;
use galla_domain::ledger::Why;
use galla_domain::payload::PayMode;
use galla_domain::{DeviceId, EventId, Money, Stamp};
use rusqlite::params;

use super::project::enum_from_text;
use super::{Result, Store};

/// One line of a book.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BookLine {
    /// When it happened.
    pub at: DateTime<Utc>,
    /// Cash, UPI or card.
    pub mode: PayMode,
    /// Signed amount (positive: money in).
    pub amount: Money,
    /// What it was for.
    pub why: Why,
    /// The party's name, if it concerns one.
    pub party: Option<String>,
    /// The bill's number, if it was one.
    pub bill_no: Option<String>,
    /// The head ("rent") or a supplier's invoice number.
    pub head: Option<String>,
    /// A note.
    pub note: Option<String>,
    /// UPI or card reference.
    pub reference: Option<String>,
    /// Made after its own day was closed, so counted in this one.
    pub late: bool,
    /// The cash book's balance after this line (bank lines: the day's sum so far).
    pub balance: Money,
}

/// A day's close at one counter.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DayClose {
    /// When the drawer was counted.
    pub at: DateTime<Utc>,
    /// What the book expected.
    pub expected: Money,
    /// What was counted.
    pub counted: Money,
}

/// One counter's books for one day.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DayBook {
    /// The counter.
    pub device_id: DeviceId,
    /// The day.
    pub date: NaiveDate,
    /// Cash in the drawer when the day opened.
    pub opening: Money,
    /// The cash lines, in time order, with the running balance.
    pub cash: Vec<BookLine>,
    /// The UPI and card lines, in time order.
    pub bank: Vec<BookLine>,
    /// The day's close, if it was closed.
    pub close: Option<DayClose>,
}

impl DayBook {
    /// The drawer's balance at the end of the lines (after a close: counted).
    pub fn closing(&self) -> Money {
        self.opening + self.cash.iter().map(|l| l.amount).sum::<Money>()
    }

    /// What the drawer should hold before any close line: the figure a
    /// close compares the count with.
    pub fn expected(&self) -> Money {
        self.opening
            + self
                .cash
                .iter()
                .filter(|l| l.why != Why::Close)
                .map(|l| l.amount)
                .sum::<Money>()
    }

    /// Money in and out of the cash book, close lines left out.
    pub fn cash_in_out(&self) -> (Money, Money) {
        let mut inn = Money::ZERO;
        let mut out = Money::ZERO;
        for l in self.cash.iter().filter(|l| l.why != Why::Close) {
            if l.amount > Money::ZERO {
                inn += l.amount;
            } else {
                out -= l.amount;
            }
        }
        (inn, out)
    }

    /// The bank book's total for the day.
    pub fn bank_total(&self) -> Money {
        self.bank.iter().map(|l| l.amount).sum()
    }
}

fn millis(ms: i64) -> DateTime<Utc> {
    DateTime::from_timestamp_millis(ms).unwrap_or_default()
}

/// Every mode a book line is kept under (`PayMode`'s stored names).
const BOOK_MODES: &str = "'cash', 'upi', 'card', 'khata'";

/// The smallest stamp at `ms` (milliseconds): a line's stamp is at or
/// above it when the line happened at or after `ms`, as a stamp's bytes
/// start with its time (`Stamp::to_bytes`).
pub(crate) fn stamp_at(ms: i64) -> [u8; 24] {
    Stamp {
        millis: ms,
        event_id: EventId(uuid::Uuid::nil()),
    }
    .to_bytes()
}

fn day_start_ms(date: NaiveDate, tz: Tz) -> i64 {
    crate::bills_report::day_start(date, tz).map_or(0, |t| t.timestamp_millis())
}

impl Store {
    /// Every close at `device`, by day (the first close of a day counts).
    pub fn day_closes(&self, device: DeviceId) -> Result<Vec<(NaiveDate, Stamp, DayClose)>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT date, stamp, expected, counted FROM day_closes
             WHERE device_id = ?1 ORDER BY date, stamp",
        )?;
        let rows = stmt.query_map([device.to_string()], |r| {
            let date: String = r.get(0)?;
            let stamp: Vec<u8> = r.get(1)?;
            Ok((date, stamp, r.get::<_, i64>(2)?, r.get::<_, i64>(3)?))
        })?;
        let mut out: Vec<(NaiveDate, Stamp, DayClose)> = Vec::new();
        for row in rows {
            let (date, stamp, expected, counted) = row?;
            let (Ok(date), Some(stamp)) = (date.parse::<NaiveDate>(), Stamp::from_bytes(&stamp))
            else {
                continue;
            };
            if out.last().is_some_and(|(d, _, _)| *d == date) {
                continue;
            }
            out.push((
                date,
                stamp,
                DayClose {
                    at: millis(stamp.millis),
                    expected: Money::from_paise(expected),
                    counted: Money::from_paise(counted),
                },
            ));
        }
        Ok(out)
    }

    /// `device`'s cash and bank books for the shop-local day `date` in `tz`.
    pub fn day_book(&self, device: DeviceId, date: NaiveDate, tz: Tz) -> Result<DayBook> {
        let closes = self.day_closes(device)?;
        let closed_at = |d: NaiveDate| closes.iter().find(|c| c.0 == d).map(|c| c.1);
        let before = date - Duration::days(1);
        let from = day_start_ms(before, tz);
        let to = day_start_ms(date + Duration::days(1), tz);
        // The counter's lines are keyed (counter, mode, stamp), and a stamp
        // starts with its time: each mode's lines of the days are a range.
        let device_n = "(SELECT n FROM report_ids WHERE id = ?1)";
        let mut opening: i64 = self
            .conn
            .prepare_cached(&format!(
                "SELECT coalesce(sum(amount), 0) FROM book_lines
                 WHERE device_n = {device_n} AND mode = 'cash' AND stamp < ?2"
            ))?
            .query_row(params![device.to_string(), stamp_at(from)], |r| r.get(0))?;
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT l.stamp, l.mode, l.amount, l.why, p.name, b.bill_no, l.head, l.note, l.reference
             FROM book_lines l
             LEFT JOIN report_ids n ON n.n = l.party_n
             LEFT JOIN parties p ON p.party_id = n.id
             LEFT JOIN bills b ON b.bill_id = l.bill_id
             WHERE l.device_n = {device_n} AND l.mode IN ({BOOK_MODES})
               AND l.stamp >= ?2 AND l.stamp < ?3
             ORDER BY l.stamp"
        ))?;
        let rows = stmt.query_map(
            params![device.to_string(), stamp_at(from), stamp_at(to)],
            |r| {
                let stamp: Vec<u8> = r.get(0)?;
                let mode: String = r.get(1)?;
                let why: String = r.get(3)?;
                let bill_no: Option<String> = r.get(5)?;
                Ok((
                    stamp,
                    mode,
                    r.get::<_, i64>(2)?,
                    why,
                    r.get::<_, Option<String>>(4)?,
                    bill_no.filter(|n| !n.is_empty()),
                    r.get::<_, Option<String>>(6)?,
                    r.get::<_, Option<String>>(7)?,
                    r.get::<_, Option<String>>(8)?,
                ))
            },
        )?;
        let mut book = DayBook {
            device_id: device,
            date,
            opening: Money::ZERO,
            cash: Vec::new(),
            bank: Vec::new(),
            close: closes.iter().find(|c| c.0 == date).map(|c| c.2),
        };
        for row in rows {
            let (stamp, mode, amount, why, party, bill_no, head, note, reference) = row?;
            let (Some(stamp), Some(mode), Some(why)) = (
                Stamp::from_bytes(&stamp),
                enum_from_text::<PayMode>(&mode),
                Why::parse(&why),
            ) else {
                continue;
            };
            let at = millis(stamp.millis);
            let happened = at.with_timezone(&tz).date_naive();
            let late = closed_at(happened).is_some_and(|c| c < stamp);
            let counts_on = if late {
                happened + Duration::days(1)
            } else {
                happened
            };
            if counts_on < date {
                if mode == PayMode::Cash {
                    opening += amount;
                }
                continue;
            }
            if counts_on > date {
                continue;
            }
            let line = BookLine {
                at,
                mode,
                amount: Money::from_paise(amount),
                why,
                party,
                bill_no,
                head,
                note,
                reference,
                late,
                balance: Money::ZERO,
            };
            if mode == PayMode::Cash {
                book.cash.push(line);
            } else {
                book.bank.push(line);
            }
        }
        book.opening = Money::from_paise(opening);
        let mut running = book.opening;
        for l in &mut book.cash {
            running += l.amount;
            l.balance = running;
        }
        let mut bank = Money::ZERO;
        for l in &mut book.bank {
            bank += l.amount;
            l.balance = bank;
        }
        Ok(book)
    }

    /// The counters that have books here (this one first), each with a
    /// label: its bill prefix when it has billed ("C2"), else its id's start.
    pub fn book_counters(&self) -> Result<Vec<(DeviceId, String)>> {
        let own = self.device_id();
        let mut stmt = self.conn.prepare_cached(
            "SELECT d.id, max(b.bill_no) FROM book_lines l JOIN report_ids d ON d.n = l.device_n
             LEFT JOIN bills b ON b.bill_id = l.bill_id GROUP BY l.device_n",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, Option<String>>(1)?))
        })?;
        let mut out = vec![(own, "this counter".to_string())];
        for row in rows {
            let (id, bill_no) = row?;
            let Ok(device) = id.parse::<DeviceId>() else {
                continue;
            };
            if device == own {
                continue;
            }
            let label = bill_no
                .and_then(|n| n.rsplit_once('-').map(|(p, _)| p.to_string()))
                .unwrap_or_else(|| format!("counter {}", &id[..8.min(id.len())]));
            out.push((device, label));
        }
        Ok(out)
    }

    /// Every counter's book for `date`, this counter first: what the owner
    /// sees as the shop's cash (each drawer stays its own).
    pub fn shop_day(&self, date: NaiveDate, tz: Tz) -> Result<Vec<(String, DayBook)>> {
        self.book_counters()?
            .into_iter()
            .map(|(device, label)| Ok((label, self.day_book(device, date, tz)?)))
            .collect()
    }
}
