//! The audit trail: every event with its time, counter, person (and the
//! manager who approved it) and a line in words, filtered by dates, person,
//! type and counter as typed, a page at a time (`Store::audit_page` walks
//! the time index from a cursor). Shared by the Audit pane and
//! `galla audit`; the words are in `words`.

pub mod words;

use std::collections::BTreeMap;

use anyhow::{Result, bail};
use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use chrono_tz::Tz;
use galla_domain::{DeviceId, Event, EventKind, StaffId};

use crate::store::{AuditCursor, AuditFilter, Store};
pub use words::{Names, kind_words, summary};

/// What the person asked for, as typed (blank: any).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Wanted {
    /// First day, YYYY-MM-DD.
    pub from: Option<NaiveDate>,
    /// Last day, inclusive.
    pub to: Option<NaiveDate>,
    /// A person's name, or part of one.
    pub person: Option<String>,
    /// A type in words ("cancel", "cash out", "SALE").
    pub kind: Option<String>,
    /// A counter's code ("C2").
    pub counter: Option<String>,
}

/// The names a page's rows are said with, read once per listing.
#[derive(Clone, Debug, Default)]
pub struct Labels {
    /// Counter codes by device.
    pub counters: BTreeMap<DeviceId, String>,
    /// People's names by id.
    pub people: BTreeMap<StaffId, String>,
}

impl Labels {
    /// Reads the counters and people of `store`.
    pub fn read(store: &Store) -> Result<Labels> {
        Ok(Labels {
            counters: store.counter_labels()?,
            people: store.staff_names()?,
        })
    }

    /// A person's name (the owner who acted before users existed is "Owner").
    pub fn person(&self, id: StaffId) -> String {
        if id == StaffId::OWNER {
            return "Owner".into();
        }
        self.people
            .get(&id)
            .cloned()
            .unwrap_or_else(|| "someone not on the staff list".into())
    }

    /// A counter's code.
    pub fn counter(&self, id: DeviceId) -> String {
        self.counters
            .get(&id)
            .cloned()
            .unwrap_or_else(|| format!("counter {}", &id.to_string()[..8]))
    }
}

/// The kinds whose name or words contain `typed`.
pub fn kinds_matching(typed: &str) -> Vec<&'static str> {
    let t = typed.trim().to_lowercase().replace('_', " ");
    if t.is_empty() {
        return Vec::new();
    }
    EventKind::ALL
        .iter()
        .filter(|k| {
            kind_words(**k).contains(&t) || k.as_str().to_lowercase().replace('_', " ").contains(&t)
        })
        .map(|k| k.as_str())
        .collect()
}

/// The start of `day` in `tz`, in UTC.
fn day_start(day: NaiveDate, tz: Tz) -> DateTime<Utc> {
    let midnight = day.and_hms_opt(0, 0, 0).unwrap_or_default();
    tz.from_local_datetime(&midnight)
        .earliest()
        .map(|t| t.with_timezone(&Utc))
        .unwrap_or_else(|| Utc.from_utc_datetime(&midnight))
}

impl Wanted {
    /// The store's filter for this, or why it matches nothing.
    pub fn resolve(&self, labels: &Labels, tz: Tz) -> Result<AuditFilter> {
        let mut filter = AuditFilter {
            from: self.from.map(|d| day_start(d, tz)),
            until: self.to.and_then(|d| d.succ_opt()).map(|d| day_start(d, tz)),
            ..AuditFilter::default()
        };
        if let (Some(f), Some(t)) = (self.from, self.to)
            && f > t
        {
            bail!("the first day ({f}) is after the last ({t})");
        }
        if let Some(name) = self
            .person
            .as_deref()
            .map(str::trim)
            .filter(|n| !n.is_empty())
        {
            let n = name.to_lowercase();
            let mut hits: Vec<(StaffId, &String)> = labels
                .people
                .iter()
                .filter(|(_, p)| p.to_lowercase().contains(&n))
                .map(|(id, p)| (*id, p))
                .collect();
            if "owner".contains(&n) && hits.is_empty() {
                filter.actor = Some(StaffId::OWNER);
            } else {
                match hits.as_mut_slice() {
                    [(id, _)] => filter.actor = Some(*id),
                    [] => bail!("nobody on the staff list is called \"{name}\""),
                    many => bail!(
                        "\"{name}\" could be {} — give more of the name",
                        many.iter()
                            .map(|(_, p)| p.as_str())
                            .collect::<Vec<_>>()
                            .join(" or ")
                    ),
                }
            }
        }
        if let Some(kind) = self
            .kind
            .as_deref()
            .map(str::trim)
            .filter(|k| !k.is_empty())
        {
            filter.kinds = kinds_matching(kind);
            if filter.kinds.is_empty() {
                bail!(
                    "no kind of entry is called \"{kind}\" (try sale, cancelled, cash out, price)"
                );
            }
        }
        if let Some(code) = self
            .counter
            .as_deref()
            .map(str::trim)
            .filter(|c| !c.is_empty())
        {
            let found = labels
                .counters
                .iter()
                .find(|(_, label)| label.eq_ignore_ascii_case(code));
            match found {
                Some((device, _)) => filter.device = Some(*device),
                None => bail!(
                    "no counter is called \"{code}\" here (the counters are: {})",
                    labels
                        .counters
                        .values()
                        .cloned()
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            }
        }
        Ok(filter)
    }
}

/// One row of the trail, said in words.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    /// When it happened.
    pub at: DateTime<Utc>,
    /// Which counter recorded it.
    pub counter: String,
    /// Who did it.
    pub person: String,
    /// Who approved it, if anyone had to.
    pub approver: Option<String>,
    /// What it was, in one line.
    pub summary: String,
    /// The event itself, for the details.
    pub event: Event,
    /// Where the next page goes on from.
    pub cursor: AuditCursor,
}

/// A page of the trail: up to `limit` entries after `after`.
pub fn page(
    store: &Store,
    labels: &Labels,
    filter: &AuditFilter,
    after: Option<&AuditCursor>,
    limit: usize,
    oldest_first: bool,
) -> Result<Vec<Entry>> {
    let rows = store.audit_page(filter, after, limit, oldest_first)?;
    Ok(rows
        .into_iter()
        .map(|r| {
            let mut summary = summary(&r.event, store);
            let approver = r.event.approved_by.map(|a| labels.person(a));
            if let Some(a) = &approver {
                summary.push_str(&format!(" (approved by {a})"));
            }
            Entry {
                at: r.event.occurred_at,
                counter: labels.counter(r.event.device_id),
                person: labels.person(r.event.actor),
                approver,
                summary,
                event: r.event,
                cursor: r.cursor,
            }
        })
        .collect())
}

impl Entry {
    /// One JSON object for `galla audit --json`.
    pub fn json(&self, tz: Tz) -> serde_json::Value {
        serde_json::json!({
            "at": self.at.with_timezone(&tz).to_rfc3339(),
            "counter": self.counter,
            "actor": self.person,
            "approved_by": self.approver,
            "type": self.event.payload.kind(),
            "summary": self.summary,
            "event_id": self.event.event_id,
            "device_seq": self.event.device_seq,
        })
    }

    /// Everything about the event, for the details popup.
    pub fn details(&self, tz: Tz) -> String {
        let e = &self.event;
        let mut payload: serde_json::Value =
            serde_json::from_str(&e.payload.to_json()).unwrap_or_default();
        // A PIN's hash is not for reading off a screen (a short PIN can be
        // guessed from it offline): the details say only that one is set.
        if let Some(hash) = payload.get_mut("pin_hash")
            && !hash.is_null()
        {
            *hash = serde_json::Value::from("(set, not shown)");
        }
        let pretty = serde_json::to_string_pretty(&payload).unwrap_or_default();
        let mut out = format!(
            "{}\n\nWhen:      {}\nCounter:   {}\nBy:        {}\n",
            self.summary,
            self.at.with_timezone(&tz).format("%d-%m-%Y %H:%M:%S"),
            self.counter,
            self.person,
        );
        if let Some(a) = &self.approver {
            out.push_str(&format!("Approved:  {a}\n"));
        }
        out.push_str(&format!(
            "Type:      {} (v{})\nEvent id:  {}\nCounter's number: {}\n\n{pretty}",
            e.payload.kind(),
            e.payload.kind().current_version(),
            e.event_id,
            e.device_seq,
        ));
        out
    }
}

impl Names for Store {
    fn item(&self, id: galla_domain::VariantId) -> Option<String> {
        self.item_words(id)
    }
    fn party(&self, id: galla_domain::PartyId) -> Option<String> {
        self.party_name(id)
    }
    fn bill(&self, id: galla_domain::BillId) -> Option<String> {
        self.bill_no_of(id)
    }
    fn person(&self, id: StaffId) -> Option<String> {
        Store::person(self, id).ok().flatten().map(|p| p.name)
    }
    fn place(&self, id: galla_domain::LocationId) -> Option<String> {
        self.location_name(id)
    }
}
