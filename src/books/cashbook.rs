//! The cash book's own entries: cash put in or taken out of this counter's
//! drawer under a head, and the day's close — the drawer counted (by
//! denominations or as one sum), compared with what the book expects, the
//! difference recorded with a note. A day closes once per counter; what is
//! recorded after the close counts in the next day.

use anyhow::{Result, bail};
use chrono::NaiveDate;
use chrono_tz::Tz;
use galla_domain::ledger::{CASH_IN_HEADS, CASH_OUT_HEADS};
use galla_domain::payload::{CashEntry, DayClosed};
use galla_domain::{EventPayload, Money, NewEvent, StaffId};

use crate::store::{DayBook, Store};

/// The notes and coins a drawer is counted in, largest first (coins as one
/// sum of rupees).
pub const DENOMINATIONS: [i64; 7] = [500, 200, 100, 50, 20, 10, 1];

/// Which way a cash entry goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Flow {
    /// Into the drawer.
    In,
    /// Out of the drawer.
    Out,
}

impl Flow {
    /// The heads an entry this way may use.
    pub fn heads(self) -> &'static [&'static str] {
        match self {
            Flow::In => CASH_IN_HEADS,
            Flow::Out => CASH_OUT_HEADS,
        }
    }
}

/// The head `raw` names (any case; "tea" for "tea and snacks" too).
pub fn head(flow: Flow, raw: &str) -> Result<&'static str> {
    let t = raw.trim().to_lowercase();
    let heads = flow.heads();
    if let Some(h) = heads.iter().find(|h| **h == t) {
        return Ok(h);
    }
    let starts: Vec<&&str> = heads.iter().filter(|h| h.starts_with(&t)).collect();
    match (t.is_empty(), starts.as_slice()) {
        (false, [one]) => Ok(one),
        _ => bail!(
            "\"{}\" is not a head for cash {} — one of: {}",
            raw.trim(),
            if flow == Flow::In { "in" } else { "out" },
            heads.join(", ")
        ),
    }
}

/// The cash-out head whose amounts are taken off the person's pay due.
pub const ADVANCE: &str = "salary advance";

/// Records cash in or out of this counter's drawer (CASHBOOK_IN/OUT); cash
/// out cannot take more than the drawer holds; a salary advance names the
/// person it was paid to (`staff`: a name, as `galla staff` lists them).
/// Returns the drawer after.
pub fn entry(
    store: &mut Store,
    flow: Flow,
    amount: &str,
    head_raw: &str,
    note: Option<&str>,
    staff: Option<&str>,
) -> Result<Money> {
    let amount = super::amount(amount)?;
    let head = head(flow, head_raw)?;
    let note = super::note(note)?;
    if head == "other" && note.is_none() {
        bail!("say what \"other\" was, with a note");
    }
    let staff = staff.map(str::trim).filter(|s| !s.is_empty());
    let staff_id = match (head, staff) {
        (ADVANCE | "salary", Some(who)) => Some(crate::staff::find(store, who)?.staff.staff_id),
        (ADVANCE, None) => bail!("a salary advance needs the person it was paid to"),
        (_, Some(_)) => bail!("a person goes with salary or salary advance only"),
        (_, None) => None,
    };
    let drawer = store.cash_in_drawer()?;
    if flow == Flow::Out && amount > drawer {
        bail!("the drawer holds {drawer}, less than {amount} — nothing was recorded");
    }
    let cash = CashEntry {
        amount,
        head: head.to_string(),
        note,
        staff_id,
    };
    store.append(NewEvent::now(
        StaffId::OWNER,
        None,
        match flow {
            Flow::In => EventPayload::CashbookIn(cash),
            Flow::Out => EventPayload::CashbookOut(cash),
        },
    ))?;
    Ok(store.cash_in_drawer()?)
}

/// What was counted: one sum, or how many of each denomination.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Count {
    /// A total in rupees as typed.
    Total(String),
    /// (face value in rupees, how many) for [`DENOMINATIONS`].
    Notes(Vec<(i64, u32)>),
}

impl Count {
    /// Reads "500x3,200x1,10x4" (any order; `1` is coins in rupees).
    pub fn parse_notes(raw: &str) -> Result<Count> {
        let mut out = Vec::new();
        for part in raw.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            let Some((face, n)) = part.split_once(['x', 'X', '*']) else {
                bail!("\"{part}\" is not a count like 500x3");
            };
            let face: i64 = face.trim().parse().unwrap_or(0);
            if !DENOMINATIONS.contains(&face) {
                bail!(
                    "₹{face} is not a denomination galla counts (500, 200, 100, 50, 20, 10, and 1 for coins)"
                );
            }
            let Ok(n) = n.trim().parse::<u32>() else {
                bail!("\"{part}\": how many must be a whole number");
            };
            if n > 100_000 {
                bail!("\"{part}\": more notes than a drawer holds");
            }
            out.push((face, n));
        }
        if out.is_empty() {
            bail!("no count given — e.g. 500x3,100x4,10x2");
        }
        Ok(Count::Notes(out))
    }

    fn total(&self) -> Result<(Money, Vec<(Money, u32)>)> {
        match self {
            Count::Total(raw) => {
                let m = Money::parse(raw)
                    .map_err(|e| anyhow::anyhow!("\"{}\" is not an amount ({e})", raw.trim()))?;
                if m < Money::ZERO || m > super::MAX_ENTRY {
                    bail!("the counted cash must be from ₹0 to {}", super::MAX_ENTRY);
                }
                Ok((m, Vec::new()))
            }
            Count::Notes(notes) => {
                let rows: Vec<(Money, u32)> = notes
                    .iter()
                    .map(|&(face, n)| (Money::from_rupees(face), n))
                    .collect();
                let total = rows
                    .iter()
                    .map(|(face, n)| Money::from_paise(face.paise() * i64::from(*n)))
                    .sum();
                Ok((total, rows))
            }
        }
    }
}

/// The result of a close.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Closed {
    /// The day's book as it was closed (the close line included).
    pub book: DayBook,
    /// Counted minus expected.
    pub difference: Money,
}

/// Closes `date` at this counter: the drawer counted, the difference from
/// the book recorded (DAY_CLOSED). A difference needs a note. Refused when
/// the day is already closed here or is in the future.
pub fn close_day(
    store: &mut Store,
    tz: Tz,
    today: NaiveDate,
    date: NaiveDate,
    count: &Count,
    note: Option<&str>,
) -> Result<Closed> {
    if date > today {
        bail!("{date} has not come yet — a day is closed at its end");
    }
    let device = store.device_id();
    if let Some((_, _, c)) = store
        .day_closes(device)?
        .into_iter()
        .find(|(d, _, _)| *d == date)
    {
        bail!(
            "{date} was already closed at this counter at {} with {} counted — a day closes once; later entries count in the next day",
            c.at.with_timezone(&tz).format("%H:%M"),
            c.counted
        );
    }
    let (counted, denominations) = count.total()?;
    let note = super::note(note)?;
    let expected = store.day_book(device, date, tz)?.expected();
    let difference = counted - expected;
    if !difference.is_zero() && note.is_none() {
        let (word, by) = if difference < Money::ZERO {
            ("short", -difference)
        } else {
            ("over", difference)
        };
        bail!(
            "counted {counted} is {by} {word} of the expected {expected} — say why with a note (the difference is recorded)"
        );
    }
    store.append(NewEvent::now(
        StaffId::OWNER,
        None,
        EventPayload::DayClosed(DayClosed {
            date,
            expected,
            counted,
            denominations,
            note,
        }),
    ))?;
    Ok(Closed {
        book: store.day_book(device, date, tz)?,
        difference,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn heads_are_found_by_their_start_and_others_refused() {
        assert_eq!(head(Flow::Out, "Tea").expect("tea"), "tea and snacks");
        assert_eq!(head(Flow::Out, "RENT").expect("rent"), "rent");
        assert!(head(Flow::Out, "capital").is_err());
        assert!(head(Flow::In, "").is_err());
    }

    #[test]
    fn counts_by_denomination_add_up_and_bad_ones_are_refused() {
        let c = Count::parse_notes("500x3, 100x4,1x7").expect("count");
        let (total, rows) = c.total().expect("total");
        assert_eq!(total, Money::from_rupees(1_907));
        assert_eq!(rows.len(), 3);
        for bad in ["", "300x2", "500x", "500-2", "500x-1"] {
            assert!(Count::parse_notes(bad).is_err(), "{bad}");
        }
    }
}
