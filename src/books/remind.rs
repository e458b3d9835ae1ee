//! Payment reminders: the message for a party who owes the shop (shop name,
//! amount due, the oldest due date, a `upi://pay` link for the amount, and
//! the khata's last entries), in English or Hindi as the shop set, with its
//! `https://wa.me/` link; and the REMINDER_SENT event that the parties list
//! shows as "reminded 3 days ago". Pure but for [`record`].

use anyhow::{Result, bail};
use chrono_tz::Tz;
use galla_domain::ledger::Why;
use galla_domain::payload::ReminderSent;
use galla_domain::{EventPayload, Money, NewEvent, PartyKind, StaffId};

use crate::store::{KhataLine, PartyRow, Store};

/// English or Hindi.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Language {
    /// English.
    English,
    /// Hindi (Devanagari).
    Hindi,
}

impl Language {
    /// From the `khata.reminder_language` setting (English unless "hindi").
    pub fn from_setting(value: Option<&str>) -> Language {
        match value {
            Some("hindi") => Language::Hindi,
            _ => Language::English,
        }
    }
}

/// A reminder ready to send.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Reminder {
    /// The message.
    pub text: String,
    /// The amount asked for.
    pub amount: Money,
    /// `https://wa.me/91…?text=…`, when the party has a phone.
    pub whatsapp: Option<String>,
    /// `upi://pay?…&am=…`, when the shop has a UPI ID.
    pub upi: Option<String>,
    /// A shorter `wa.me` link (the first and last lines of the message),
    /// small enough for a QR code a phone can read off a terminal.
    pub qr: Option<String>,
}

/// What the shop tells a reminder.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ShopFacts {
    /// Shop name.
    pub name: String,
    /// UPI ID, if any.
    pub upi: Option<String>,
    /// Message language.
    pub language: Language,
    /// Shop time zone, for dates.
    pub tz: Tz,
}

fn what(line: &KhataLine) -> String {
    let bill = line.bill_no.as_deref().unwrap_or("");
    match line.why {
        Why::Sale => format!("bill {bill}"),
        Why::Return => format!("return on {bill}"),
        Why::Cancel => format!("cancelled {bill}"),
        Why::Got => "paid".into(),
        Why::Gave => "credit".into(),
        Why::Opening => "opening balance".into(),
        _ => line.why.as_str().replace('_', " "),
    }
}

/// The reminder for `row` (a customer who owes the shop), with `lines` its
/// khata (the last three are summarised).
pub fn reminder(shop: &ShopFacts, row: &PartyRow, lines: &[KhataLine]) -> Result<Reminder> {
    let party = &row.party;
    if party.kind != PartyKind::Customer {
        bail!(
            "{} is a supplier — reminders are for customers who owe the shop",
            party.name
        );
    }
    if row.balance <= Money::ZERO {
        bail!(
            "{} owes nothing — there is nothing to remind them of",
            party.name
        );
    }
    let amount = row.balance;
    // Overdue since the oldest unpaid amount's due date, or due by it.
    let overdue = !row.ageing.overdue.is_zero();
    let since = row
        .ageing
        .oldest_due
        .map(|d| d.format("%d %b %Y").to_string());
    let upi = shop.upi.as_deref().and_then(|vpa| {
        crate::upi::upi_uri(vpa, &shop.name, amount, &format!("khata {}", party.name)).ok()
    });
    let recent: Vec<String> = lines
        .iter()
        .rev()
        .take(3)
        .rev()
        .map(|l| {
            format!(
                "{} {} {}",
                l.at.with_timezone(&shop.tz).format("%d %b"),
                what(l),
                l.amount.abs()
            )
        })
        .collect();
    let mut text = match shop.language {
        Language::English => {
            let mut t = format!(
                "Namaste {}, a reminder from {}: {amount} is due on your khata",
                party.name, shop.name
            );
            if let Some(d) = &since {
                if overdue {
                    t.push_str(&format!(" (overdue since {d})"));
                } else {
                    t.push_str(&format!(" (due by {d})"));
                }
            }
            t.push('.');
            if !recent.is_empty() {
                t.push_str(&format!("\nLast entries: {}.", recent.join("; ")));
            }
            if let Some(u) = &upi {
                t.push_str(&format!("\nPay by UPI: {u}"));
            }
            t.push_str("\nThank you!");
            t
        }
        Language::Hindi => {
            let mut t = format!(
                "नमस्ते {} जी, {} की ओर से याद दिलाना: आपके खाते में {amount} बाकी है",
                party.name, shop.name
            );
            if let Some(d) = &since {
                if overdue {
                    t.push_str(&format!(" ({d} से बकाया)"));
                } else {
                    t.push_str(&format!(" ({d} तक देय)"));
                }
            }
            t.push('।');
            if !recent.is_empty() {
                t.push_str(&format!("\nपिछली प्रविष्टियाँ: {}।", recent.join("; ")));
            }
            if let Some(u) = &upi {
                t.push_str(&format!("\nUPI से भुगतान करें: {u}"));
            }
            t.push_str("\nधन्यवाद!");
            t
        }
    };
    text = text.replace('\r', "");
    let whatsapp = party
        .phone
        .as_deref()
        .map(|p| crate::app::share::whatsapp_link(p, &text));
    let short = match (text.lines().next(), text.lines().last()) {
        (Some(first), Some(last)) if first != last => format!("{first}\n{last}"),
        _ => text.clone(),
    };
    let qr = party
        .phone
        .as_deref()
        .map(|p| crate::app::share::whatsapp_link(p, &short));
    Ok(Reminder {
        text,
        amount,
        whatsapp,
        upi,
        qr,
    })
}

/// Records that `reminder` was sent to `row`'s party by `channel`.
pub fn record(store: &mut Store, row: &PartyRow, reminder: &Reminder, channel: &str) -> Result<()> {
    store.append(NewEvent::now(
        StaffId::OWNER,
        None,
        EventPayload::ReminderSent(ReminderSent {
            party_id: row.party.party_id,
            amount: reminder.amount,
            channel: channel.to_string(),
        }),
    ))?;
    Ok(())
}
