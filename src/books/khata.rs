//! Parties and khata entries: add or change a customer or supplier (name,
//! phone normalised and unique, GSTIN with its check character, state,
//! credit limit, terms, opening balance), and record money or credit got
//! from or given to a party. A mistake is put right by a reversing entry,
//! never by an edit: entries are events.

use anyhow::{Result, bail};
use galla_domain::payload::{KhataEntry, PayMode};
use galla_domain::{EventPayload, Money, NewEvent, Party, PartyKind, StaffId};

use crate::config::validate;
use crate::store::Store;

/// The longest party name.
const MAX_NAME: usize = 60;

/// Which way a khata entry goes, in the shopkeeper's words.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Direction {
    /// "You got": the party paid (or gave goods on credit): they owe less.
    Got,
    /// "You gave": money or goods on credit to the party: they owe more.
    Gave,
}

impl Direction {
    /// Reads "got" or "gave".
    pub fn parse(raw: &str) -> Result<Direction> {
        match raw.trim().to_ascii_lowercase().as_str() {
            "got" | "received" => Ok(Direction::Got),
            "gave" | "given" => Ok(Direction::Gave),
            _ => bail!("\"{raw}\" is not got or gave"),
        }
    }
}

/// A payment mode as typed: cash, upi, card, or none (a manual entry: no
/// money moved).
pub fn mode(raw: &str) -> Result<PayMode> {
    match raw.trim().to_ascii_lowercase().as_str() {
        "cash" => Ok(PayMode::Cash),
        "upi" => Ok(PayMode::Upi),
        "card" => Ok(PayMode::Card),
        "none" | "manual" | "khata" => Ok(PayMode::Khata),
        _ => bail!("\"{raw}\" is not a payment mode — cash, upi, card, or none (no money moved)"),
    }
}

/// What a person typed for a party; every field is checked by [`check`].
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PartyForm {
    /// Name (Devanagari fine).
    pub name: String,
    /// Phone, any Indian format.
    pub phone: String,
    /// Address.
    pub address: String,
    /// Two-digit state code (taken from the GSTIN when empty).
    pub state: String,
    /// GSTIN.
    pub gstin: String,
    /// Credit limit in rupees (empty: none).
    pub credit_limit: String,
    /// Payment terms in days (empty: the shop's).
    pub terms_days: String,
    /// Notes.
    pub notes: String,
    /// Agreed to WhatsApp reminders.
    pub whatsapp: bool,
    /// Opening balance in rupees: owed to the shop (customer) or by the
    /// shop (supplier); only when adding.
    pub opening: String,
}

fn opt(s: &str) -> Option<String> {
    Some(s.trim().to_string()).filter(|s| !s.is_empty())
}

/// `form` checked into `party` (its id and kind kept); the phone must not
/// be another party's.
pub fn check(store: &Store, form: &PartyForm, mut party: Party) -> Result<Party> {
    let name = form.name.trim();
    if name.is_empty() {
        bail!("a party needs a name");
    }
    if name.chars().count() > MAX_NAME {
        bail!("a name has at most {MAX_NAME} characters");
    }
    if name.chars().any(char::is_control) {
        bail!("the name has an invisible control character; type it again");
    }
    party.name = name.to_string();
    party.phone = match opt(&form.phone) {
        None => None,
        Some(raw) => {
            let phone = crate::text::phone(&raw).map_err(anyhow::Error::msg)?;
            if let Some(other) = store
                .parties_where("phone = ?1", &phone, 2)?
                .into_iter()
                .find(|p| p.party_id != party.party_id)
            {
                bail!("{} already has the phone number {phone}", other.name);
            }
            Some(phone)
        }
    };
    party.gstin = match opt(&form.gstin) {
        None => None,
        Some(g) => Some(validate::gstin(&g).map_err(|e| anyhow::anyhow!("GSTIN: {e}"))?),
    };
    party.state_code = match (opt(&form.state), &party.gstin) {
        (None, Some(g)) => Some(g[..2].to_string()),
        (None, None) => None,
        (Some(s), gstin) => {
            let s = validate::state_code(&s).map_err(|e| anyhow::anyhow!("state: {e}"))?;
            if let Some(g) = gstin
                && !g.starts_with(&s)
            {
                bail!("the GSTIN {g} is from state {}, not {s}", &g[..2]);
            }
            Some(s)
        }
    };
    party.credit_limit = match opt(&form.credit_limit) {
        None => Money::ZERO,
        Some(raw) => super::amount(&raw).map_err(|e| anyhow::anyhow!("credit limit: {e}"))?,
    };
    party.terms_days = match opt(&form.terms_days) {
        None => None,
        Some(raw) => match raw.parse::<u16>() {
            Ok(d) if d <= 365 => Some(d),
            _ => bail!("payment terms: \"{raw}\" is not a number of days from 0 to 365"),
        },
    };
    party.address = super::note(Some(&form.address))?;
    party.notes = super::note(Some(&form.notes))?;
    party.whatsapp = form.whatsapp;
    Ok(party)
}

/// Adds a party (PARTY_CREATED), with its opening balance when one is
/// given (a KHATA entry marked opening, in the same write).
pub fn add_party(store: &mut Store, kind: PartyKind, form: &PartyForm) -> Result<Party> {
    let party = check(store, form, Party::new(kind, ""))?;
    let opening = match opt(&form.opening) {
        None => None,
        Some(raw) => {
            Some(super::amount(&raw).map_err(|e| anyhow::anyhow!("opening balance: {e}"))?)
        }
    };
    let mut events = vec![NewEvent::now(
        StaffId::OWNER,
        None,
        EventPayload::PartyCreated(party.clone()),
    )];
    if let Some(amount) = opening {
        let entry = KhataEntry {
            party_id: party.party_id,
            amount,
            mode: PayMode::Khata,
            note: Some("opening balance".into()),
            reference: None,
            opening: true,
        };
        // A customer owes the shop its opening balance; the shop owes a supplier.
        events.push(NewEvent::now(
            StaffId::OWNER,
            None,
            match kind {
                PartyKind::Customer => EventPayload::KhataCredit(entry),
                PartyKind::Supplier => EventPayload::KhataPayment(entry),
            },
        ));
    }
    store.append_batch(events)?;
    Ok(party)
}

impl PartyForm {
    /// The form filled with `party`'s details as they are (no opening balance).
    pub fn from_party(p: &Party) -> PartyForm {
        PartyForm {
            name: p.name.clone(),
            phone: p.phone.clone().unwrap_or_default(),
            address: p.address.clone().unwrap_or_default(),
            state: p.state_code.clone().unwrap_or_default(),
            gstin: p.gstin.clone().unwrap_or_default(),
            credit_limit: if p.credit_limit.is_zero() {
                String::new()
            } else {
                p.credit_limit.format_plain()
            },
            terms_days: p.terms_days.map(|d| d.to_string()).unwrap_or_default(),
            notes: p.notes.clone().unwrap_or_default(),
            whatsapp: p.whatsapp,
            opening: String::new(),
        }
    }
}

/// Changes a party's details (PARTY_CHANGED); the balance is not touched.
pub fn change_party(store: &mut Store, party: &Party, form: &PartyForm) -> Result<Party> {
    let changed = check(store, form, party.clone())?;
    if opt(&form.opening).is_some() {
        bail!(
            "an opening balance is given when the party is added; record a got or gave entry instead"
        );
    }
    store.append(NewEvent::now(
        StaffId::OWNER,
        None,
        EventPayload::PartyChanged(changed.clone()),
    ))?;
    Ok(changed)
}

/// A checked khata entry, ready to record.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    /// Got or gave.
    pub direction: Direction,
    /// How much.
    pub amount: Money,
    /// How the money moved (`Khata`: none moved).
    pub mode: PayMode,
    /// Note.
    pub note: Option<String>,
    /// UPI or card reference.
    pub reference: Option<String>,
}

impl Entry {
    /// Checks typed values.
    pub fn check(
        direction: Direction,
        amount: &str,
        mode: PayMode,
        note: Option<&str>,
        reference: Option<&str>,
    ) -> Result<Entry> {
        let amount = super::amount(amount)?;
        let note = super::note(note)?;
        let reference = super::note(reference)?;
        if reference.is_some() && !matches!(mode, PayMode::Upi | PayMode::Card) {
            bail!("a reference is for a UPI or card payment");
        }
        if mode == PayMode::Khata && note.is_none() {
            bail!("say what a manual entry (no money moved) is for, with a note");
        }
        Ok(Entry {
            direction,
            amount,
            mode,
            note,
            reference,
        })
    }
}

/// Records `entry` on `party`'s khata (KHATA_PAYMENT for got, KHATA_CREDIT
/// for gave); a cash entry also moves this counter's drawer, and a cash
/// payment out cannot take more than the drawer holds.
pub fn record(store: &mut Store, party: &Party, entry: &Entry) -> Result<Money> {
    if entry.direction == Direction::Gave && entry.mode == PayMode::Cash {
        let drawer = store.cash_in_drawer()?;
        if entry.amount > drawer {
            bail!(
                "the drawer holds {drawer}, less than {} — record the cash put in first (galla cashbook in)",
                entry.amount
            );
        }
    }
    let payload = KhataEntry {
        party_id: party.party_id,
        amount: entry.amount,
        mode: entry.mode,
        note: entry.note.clone(),
        reference: entry.reference.clone(),
        opening: false,
    };
    store.append(NewEvent::now(
        StaffId::OWNER,
        None,
        match entry.direction {
            Direction::Got => EventPayload::KhataPayment(payload),
            Direction::Gave => EventPayload::KhataCredit(payload),
        },
    ))?;
    Ok(store.party_balance(party.party_id)?)
}

/// A khata line in words: "bill C1-4", "got (UPI 4471)", "opening balance".
pub fn describe(l: &crate::store::KhataLine) -> String {
    use galla_domain::ledger::Why;
    let bill = l.bill_no.as_deref().unwrap_or("?");
    let how = match l.mode {
        Some(PayMode::Cash) => " cash",
        Some(PayMode::Upi) => " UPI",
        Some(PayMode::Card) => " card",
        _ => "",
    };
    let mut text = match l.why {
        Why::Sale => format!("bill {bill}"),
        Why::Return => format!("return on {bill}"),
        Why::Cancel => format!("cancelled {bill}"),
        Why::Purchase => match &l.head {
            Some(inv) => format!("purchase {inv}"),
            None => "purchase".into(),
        },
        Why::Got => format!("got{how}"),
        Why::Gave => format!("gave{how}"),
        Why::Opening => "opening balance".into(),
        other => other.as_str().replace('_', " "),
    };
    if let Some(r) = &l.reference {
        text.push_str(&format!(" {r}"));
    }
    if let Some(n) = l.note.as_ref().filter(|_| l.why != Why::Opening) {
        text.push_str(&format!(" — {n}"));
    }
    text
}
