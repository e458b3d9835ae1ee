//! The decision for every event of a push, made in memory from what the
//! transaction read (the device head, the tenant's next `server_seq`, known
//! ids, stock levels): duplicate, conflict, gap, validation, negative-stock
//! policy. Pure, so each rule is tested without a database; `push` writes
//! the rows it returns.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use galla_domain::{DecodeError, Delta, EventKind, EventPayload, Qty, stock_moves};
use galla_proto::limits::MAX_EVENT_BYTES;
use galla_proto::{ErrorCode, EventResult, Outcome, WireEvent};
use uuid::Uuid;

/// A stock key: (variant, location).
pub type StockKey = (Uuid, Uuid);

/// One pushed event with what was worked out before the transaction.
#[derive(Debug)]
pub struct Incoming<'a> {
    /// The event as sent.
    pub wire: &'a WireEvent,
    /// SHA-256 of its canonical text.
    pub hash: Vec<u8>,
    /// Size of its canonical text in bytes.
    pub size: usize,
    /// The decoded payload, or why it is not one.
    pub decoded: Result<EventPayload, DecodeError>,
}

/// An event already in the ledger.
#[derive(Clone, Debug)]
pub struct Known {
    /// Its tenant.
    pub tenant_id: Uuid,
    /// Its device.
    pub device_id: Uuid,
    /// Its content hash.
    pub hash: Vec<u8>,
    /// Its position.
    pub server_seq: u64,
    /// Its flag, when it was flagged.
    pub flag: Option<(ErrorCode, String)>,
}

/// An event of this device already rejected.
#[derive(Clone, Debug)]
pub struct KnownRejected {
    /// Its content hash.
    pub hash: Vec<u8>,
    /// Why it was rejected.
    pub code: ErrorCode,
    /// In words.
    pub message: String,
}

/// What the push transaction read, and the state the plan moves forward.
#[derive(Debug, Default)]
pub struct Context {
    /// The token's tenant.
    pub tenant_id: Uuid,
    /// The token's device.
    pub device_id: Uuid,
    /// The last `device_seq` stored for the device.
    pub head: u64,
    /// The tenant's next `server_seq`.
    pub next_seq: u64,
    /// Sales below zero are rejected instead of flagged.
    pub reject_negative_sales: bool,
    /// Ledger rows with any of the pushed ids.
    pub ledger: HashMap<Uuid, Known>,
    /// This device's rejected events with any of the pushed ids.
    pub rejected: HashMap<Uuid, KnownRejected>,
    /// Current stock of every key the push touches (missing = 0).
    pub stock: HashMap<StockKey, i64>,
    /// Keys whose stock moved (filled by [`plan`]).
    pub moved: BTreeSet<StockKey>,
}

/// A ledger row to insert.
#[derive(Debug)]
pub struct LedgerRow<'a> {
    /// The event.
    pub wire: &'a WireEvent,
    /// Its content hash.
    pub hash: Vec<u8>,
    /// Its position.
    pub server_seq: u64,
    /// Its flag.
    pub flag: Option<(ErrorCode, String)>,
}

/// A rejected-event row to insert.
#[derive(Debug)]
pub struct RejectedRow<'a> {
    /// The event.
    pub wire: &'a WireEvent,
    /// Its content hash.
    pub hash: Vec<u8>,
    /// Why.
    pub code: ErrorCode,
    /// In words.
    pub message: String,
}

/// Everything the transaction must write, and the answer.
#[derive(Debug, Default)]
pub struct Plan<'a> {
    /// One result per event, in order.
    pub results: Vec<EventResult>,
    /// New ledger rows in `server_seq` order.
    pub ledger_rows: Vec<LedgerRow<'a>>,
    /// New rejected rows.
    pub rejected_rows: Vec<RejectedRow<'a>>,
    /// New stock levels of the keys that moved.
    pub stock: BTreeMap<StockKey, i64>,
    /// The device head after the push.
    pub head: u64,
    /// The tenant's next `server_seq` after the push.
    pub next_seq: u64,
}

/// The signed stock movements of a payload, summed per key.
pub fn stock_deltas(payload: &EventPayload) -> BTreeMap<StockKey, i64> {
    let mut out = BTreeMap::new();
    for delta in stock_moves(payload) {
        if let Delta::Stock {
            variant_id,
            location_id,
            qty,
            ..
        } = delta
        {
            *out.entry((variant_id.uuid(), location_id.uuid()))
                .or_insert(0) += qty.milli();
        }
    }
    out
}

enum Verdict {
    Rejected(ErrorCode, String),
    Ledger(Option<(ErrorCode, String)>),
}

/// Decides every event in order; stops at the first gap.
pub fn plan<'a>(mut ctx: Context, events: &[Incoming<'a>]) -> Plan<'a> {
    let mut out = Plan::default();
    let mut stop: Option<ErrorCode> = None;
    for ev in events {
        let wire = ev.wire;
        let id = wire.event_id.uuid();
        let result = |outcome| EventResult {
            event_id: wire.event_id,
            device_seq: wire.device_seq,
            outcome,
        };
        if let Some(reason) = stop {
            let expected = (reason == ErrorCode::Gap).then_some(ctx.head + 1);
            out.results.push(result(Outcome::Deferred {
                reason,
                expected_device_seq: expected,
            }));
            continue;
        }
        let known = ctx.ledger.get(&id);
        if let Some(k) = known.filter(|k| {
            k.tenant_id == ctx.tenant_id && k.device_id == ctx.device_id && k.hash == ev.hash
        }) {
            let (code, message) = k.flag.clone().unzip();
            out.results.push(result(Outcome::Duplicate {
                server_seq: k.server_seq,
                code,
                message,
            }));
            continue;
        }
        let old_rejection = ctx.rejected.get(&id);
        if let Some(old) = old_rejection.filter(|old| old.hash == ev.hash) {
            out.results.push(result(Outcome::Rejected {
                code: old.code,
                message: old.message.clone(),
            }));
            continue;
        }
        let conflict = known.is_some() || old_rejection.is_some();
        if wire.device_seq > ctx.head + 1 {
            stop = Some(ErrorCode::Gap);
            out.results.push(result(Outcome::Deferred {
                reason: ErrorCode::Gap,
                expected_device_seq: Some(ctx.head + 1),
            }));
            continue;
        }
        let verdict = if conflict {
            Verdict::Rejected(
                ErrorCode::IdConflict,
                format!(
                    "event {id} was already received with different content; the first one is kept"
                ),
            )
        } else if wire.device_seq <= ctx.head {
            Verdict::Rejected(
                ErrorCode::SeqConflict,
                format!(
                    "device_seq {} of this counter was already used by another event",
                    wire.device_seq
                ),
            )
        } else {
            judge(&mut ctx, ev)
        };
        // Only the event at head + 1 is stored and moves the head; a conflict
        // with an already used device_seq is answered but not kept.
        let at_head = wire.device_seq == ctx.head + 1;
        match verdict {
            Verdict::Rejected(ErrorCode::ServerTooOld, _) => {
                stop = Some(ErrorCode::ServerTooOld);
                out.results.push(result(Outcome::Deferred {
                    reason: ErrorCode::ServerTooOld,
                    expected_device_seq: None,
                }));
                continue;
            }
            Verdict::Rejected(code, message) => {
                if at_head {
                    if !conflict {
                        ctx.rejected.insert(
                            id,
                            KnownRejected {
                                hash: ev.hash.clone(),
                                code,
                                message: message.clone(),
                            },
                        );
                    }
                    out.rejected_rows.push(RejectedRow {
                        wire,
                        hash: ev.hash.clone(),
                        code,
                        message: message.clone(),
                    });
                }
                out.results
                    .push(result(Outcome::Rejected { code, message }));
            }
            Verdict::Ledger(flag) => {
                let server_seq = ctx.next_seq;
                ctx.next_seq += 1;
                ctx.ledger.insert(
                    id,
                    Known {
                        tenant_id: ctx.tenant_id,
                        device_id: ctx.device_id,
                        hash: ev.hash.clone(),
                        server_seq,
                        flag: flag.clone(),
                    },
                );
                out.results.push(result(match &flag {
                    None => Outcome::Accepted { server_seq },
                    Some((code, message)) => Outcome::AcceptedFlagged {
                        server_seq,
                        code: *code,
                        message: message.clone(),
                    },
                }));
                out.ledger_rows.push(LedgerRow {
                    wire,
                    hash: ev.hash.clone(),
                    server_seq,
                    flag,
                });
            }
        }
        if at_head {
            ctx.head += 1;
        }
    }
    out.head = ctx.head;
    out.next_seq = ctx.next_seq;
    out.stock = ctx
        .moved
        .iter()
        .map(|key| (*key, ctx.stock.get(key).copied().unwrap_or(0)))
        .collect();
    out
}

/// Validates a new event and applies its stock movements when it stands.
fn judge(ctx: &mut Context, ev: &Incoming<'_>) -> Verdict {
    if ev.size > MAX_EVENT_BYTES {
        return Verdict::Rejected(
            ErrorCode::EventTooLarge,
            format!(
                "the event is {} bytes, over the limit of {MAX_EVENT_BYTES}",
                ev.size
            ),
        );
    }
    let payload = match &ev.decoded {
        Ok(payload) => payload,
        Err(e @ (DecodeError::UnknownKind(_) | DecodeError::TooNew { .. })) => {
            return Verdict::Rejected(ErrorCode::ServerTooOld, e.to_string());
        }
        Err(e) => return Verdict::Rejected(ErrorCode::SchemaInvalid, e.to_string()),
    };
    // The same bounds every counter checks before it queues an event: one
    // device cannot store what PostgreSQL or another counter cannot hold.
    if let Err(e) = galla_domain::sanity::check(payload) {
        return Verdict::Rejected(ErrorCode::SchemaInvalid, e.to_string());
    }
    let deltas = stock_deltas(payload);
    let below: Vec<(StockKey, i64, i64)> = deltas
        .iter()
        .filter_map(|(key, d)| {
            let before = ctx.stock.get(key).copied().unwrap_or(0);
            let after = before.saturating_add(*d);
            (*d < 0 && after < 0).then_some((*key, before, after))
        })
        .collect();
    let flag = match below.first() {
        None => None,
        Some(((variant, location), before, after)) => {
            let more = match below.len() {
                1 => String::new(),
                n => format!(" (and {} more lines)", n - 1),
            };
            let message = format!(
                "stock of variant {variant} at location {location} would be {} (was {}){more}",
                Qty::from_milli(*after),
                Qty::from_milli(*before)
            );
            let soft = payload.kind() == EventKind::Sale && !ctx.reject_negative_sales;
            if !soft {
                return Verdict::Rejected(ErrorCode::NegativeStock, message);
            }
            Some((ErrorCode::NegativeStock, message))
        }
    };
    for (key, d) in deltas {
        let level = ctx.stock.entry(key).or_insert(0);
        *level = level.saturating_add(d);
        ctx.moved.insert(key);
    }
    Verdict::Ledger(flag)
}

#[cfg(test)]
mod tests;
