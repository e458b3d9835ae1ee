//! `POST /v1/sync/push`: one PostgreSQL transaction per batch. It locks the
//! tenant's counter row first (so pushes of a tenant run one at a time and
//! commit in `server_seq` order), then the device row, reads what the plan
//! needs, lets `plan` decide every event, writes the rows with multi-row
//! UNNEST inserts and commits before answering.

pub mod plan;

use std::collections::{BTreeSet, HashMap};

use chrono::{SecondsFormat, Utc};
use galla_domain::EventPayload;
use galla_proto::limits::MAX_PUSH_EVENTS;
use galla_proto::{ErrorCode, PushRequest, PushResponse, WireEvent};
use sha2::{Digest, Sha256};
use tokio_postgres::types::ToSql;
use uuid::Uuid;

use crate::api::AppState;
use crate::auth::Authed;
use crate::db::{to_i64, to_u64};
use crate::error::ApiError;
use plan::{Context, Incoming, Known, KnownRejected, Plan, StockKey, stock_deltas};

fn prepare(wire: &WireEvent) -> Incoming<'_> {
    let text = wire.canonical_text();
    Incoming {
        wire,
        hash: Sha256::digest(text.as_bytes()).to_vec(),
        size: text.len(),
        decoded: EventPayload::decode(&wire.kind, wire.schema_version, &wire.payload_text()),
    }
}

/// Stores a batch of the device's events and answers for each.
pub async fn push(
    state: &AppState,
    who: Authed,
    req: &PushRequest,
) -> Result<PushResponse, ApiError> {
    if req.events.len() > MAX_PUSH_EVENTS {
        return Err(ApiError::TooLarge(format!(
            "{} events in one push; send at most {MAX_PUSH_EVENTS}",
            req.events.len()
        )));
    }
    if let Some(device) = req.device_id.filter(|d| d.uuid() != who.device_id) {
        return Err(ApiError::DeviceMismatch(device.uuid()));
    }
    if req.ledger_epoch.is_some_and(|e| e != who.ledger_epoch) {
        return Err(ApiError::EpochChanged(who.ledger_epoch));
    }
    let incoming: Vec<Incoming<'_>> = req.events.iter().map(prepare).collect();
    let ids: Vec<Uuid> = req.events.iter().map(|e| e.event_id.uuid()).collect();
    let keys: BTreeSet<StockKey> = incoming
        .iter()
        .filter_map(|ev| ev.decoded.as_ref().ok())
        .flat_map(|p| stock_deltas(p).into_keys())
        .collect();
    let (variants, locations): (Vec<Uuid>, Vec<Uuid>) = keys.into_iter().unzip();

    let mut client = state.pool.get().await?;
    let tx = client.transaction().await?;
    let counter = tx
        .prepare_cached(
            "SELECT next_server_seq FROM tenant_counters WHERE tenant_id = $1 FOR UPDATE",
        )
        .await?;
    let next_seq: i64 = tx.query_one(&counter, &[&who.tenant_id]).await?.get(0);
    let device = tx
        .prepare_cached(
            "SELECT head_device_seq, revoked FROM devices
              WHERE tenant_id = $1 AND device_id = $2 FOR UPDATE",
        )
        .await?;
    let device = tx
        .query_one(&device, &[&who.tenant_id, &who.device_id])
        .await?;
    if device.get::<_, bool>(1) {
        return Err(ApiError::DeviceRevoked);
    }
    let head: i64 = device.get(0);

    let ledger_sql = tx
        .prepare_cached(
            "SELECT event_id, tenant_id, device_id, content_hash, server_seq, flag_code, flag_message
               FROM event_ledger WHERE tenant_id = $1 AND event_id = ANY($2)",
        )
        .await?;
    let rejected_sql = tx
        .prepare_cached(
            "SELECT event_id, content_hash, code, message FROM rejected_events
              WHERE tenant_id = $1 AND device_id = $2 AND event_id = ANY($3)
              ORDER BY device_seq DESC",
        )
        .await?;
    let stock_sql = tx
        .prepare_cached(
            "SELECT variant_id, location_id, qty_milli FROM stock
              WHERE tenant_id = $1 AND (variant_id, location_id) IN
                    (SELECT * FROM unnest($2::uuid[], $3::uuid[]))",
        )
        .await?;
    // Three reads pipelined on one connection.
    let ledger_params: [&(dyn ToSql + Sync); 2] = [&who.tenant_id, &ids];
    let rejected_params: [&(dyn ToSql + Sync); 3] = [&who.tenant_id, &who.device_id, &ids];
    let stock_params: [&(dyn ToSql + Sync); 3] = [&who.tenant_id, &variants, &locations];
    let (ledger_rows, rejected_rows, stock_rows) = tokio::try_join!(
        tx.query(&ledger_sql, &ledger_params),
        tx.query(&rejected_sql, &rejected_params),
        tx.query(&stock_sql, &stock_params),
    )?;

    let mut ledger = HashMap::new();
    for r in &ledger_rows {
        let flag = match (r.get::<_, Option<String>>(5), r.get::<_, Option<String>>(6)) {
            (Some(code), message) => Some((ErrorCode::parse(&code), message.unwrap_or_default())),
            _ => None,
        };
        let known = Known {
            tenant_id: r.get(1),
            device_id: r.get(2),
            hash: r.get(3),
            server_seq: to_u64(r.get(4)),
            flag,
        };
        ledger.insert(r.get::<_, Uuid>(0), known);
    }
    let mut rejected = HashMap::new();
    for r in &rejected_rows {
        let old = KnownRejected {
            hash: r.get(1),
            code: ErrorCode::parse(r.get(2)),
            message: r.get(3),
        };
        rejected.insert(r.get::<_, Uuid>(0), old);
    }
    let stock = stock_rows
        .iter()
        .map(|r| ((r.get(0), r.get(1)), r.get(2)))
        .collect();
    let ctx = Context {
        tenant_id: who.tenant_id,
        device_id: who.device_id,
        head: to_u64(head),
        next_seq: to_u64(next_seq),
        reject_negative_sales: who.reject_negative_sales,
        ledger,
        rejected,
        stock,
        moved: BTreeSet::new(),
    };
    let plan = plan::plan(ctx, &incoming);
    write_plan(&tx, who, &plan).await?;
    if plan.head != to_u64(head) {
        let sql = tx
            .prepare_cached(
                "UPDATE devices SET head_device_seq = $3, last_seen_at = now()
                  WHERE tenant_id = $1 AND device_id = $2",
            )
            .await?;
        tx.execute(&sql, &[&who.tenant_id, &who.device_id, &to_i64(plan.head)])
            .await?;
    }
    if plan.next_seq != to_u64(next_seq) {
        let sql = tx
            .prepare_cached("UPDATE tenant_counters SET next_server_seq = $2 WHERE tenant_id = $1")
            .await?;
        tx.execute(&sql, &[&who.tenant_id, &to_i64(plan.next_seq)])
            .await?;
    }
    tx.commit().await?;
    if !plan.ledger_rows.is_empty() {
        state.ledger_changed.send_modify(|n| *n = n.wrapping_add(1));
    }
    Ok(PushResponse {
        ledger_epoch: who.ledger_epoch,
        server_time: Utc::now(),
        device_head: plan.head,
        results: plan.results,
    })
}

async fn write_plan(
    tx: &deadpool_postgres::Transaction<'_>,
    who: Authed,
    plan: &Plan<'_>,
) -> Result<(), ApiError> {
    if !plan.ledger_rows.is_empty() {
        let rows = &plan.ledger_rows;
        let event_ids: Vec<Uuid> = rows.iter().map(|r| r.wire.event_id.uuid()).collect();
        let server_seqs: Vec<i64> = rows.iter().map(|r| to_i64(r.server_seq)).collect();
        let device_seqs: Vec<i64> = rows.iter().map(|r| to_i64(r.wire.device_seq)).collect();
        let kinds: Vec<&str> = rows.iter().map(|r| r.wire.kind.as_str()).collect();
        let versions: Vec<i32> = rows.iter().map(|r| version(r.wire)).collect();
        let occurred: Vec<String> = rows
            .iter()
            .map(|r| {
                r.wire
                    .occurred_at
                    .to_rfc3339_opts(SecondsFormat::AutoSi, true)
            })
            .collect();
        let actors: Vec<Uuid> = rows.iter().map(|r| r.wire.actor_id.uuid()).collect();
        let approvers: Vec<Option<Uuid>> = rows
            .iter()
            .map(|r| r.wire.approved_by.map(|a| a.uuid()))
            .collect();
        let locations: Vec<Option<Uuid>> = rows
            .iter()
            .map(|r| r.wire.location_id.map(|l| l.uuid()))
            .collect();
        let payloads: Vec<&serde_json::Value> = rows.iter().map(|r| &r.wire.payload).collect();
        let hashes: Vec<&[u8]> = rows.iter().map(|r| r.hash.as_slice()).collect();
        let statuses: Vec<&str> = rows
            .iter()
            .map(|r| {
                if r.flag.is_some() {
                    "flagged"
                } else {
                    "accepted"
                }
            })
            .collect();
        let codes: Vec<Option<&str>> = rows
            .iter()
            .map(|r| r.flag.as_ref().map(|f| f.0.as_str()))
            .collect();
        let messages: Vec<Option<&str>> = rows
            .iter()
            .map(|r| r.flag.as_ref().map(|f| f.1.as_str()))
            .collect();
        let sql = tx
            .prepare_cached(
                "INSERT INTO event_ledger (event_id, tenant_id, server_seq, device_id, device_seq,
                        type, schema_version, occurred_at, actor_id, location_id, payload,
                        content_hash, status, flag_code, flag_message, approved_by)
                 SELECT e, $1, s, $2, d, t, v, o, a, l, p, h, st, fc, fm, ab
                   FROM unnest($3::uuid[], $4::int8[], $5::int8[], $6::text[], $7::int4[],
                               $8::text[], $9::uuid[], $10::uuid[], $11::jsonb[],
                               $12::bytea[], $13::text[], $14::text[], $15::text[],
                               $16::uuid[])
                        AS x(e, s, d, t, v, o, a, l, p, h, st, fc, fm, ab)",
            )
            .await?;
        tx.execute(
            &sql,
            &[
                &who.tenant_id,
                &who.device_id,
                &event_ids,
                &server_seqs,
                &device_seqs,
                &kinds,
                &versions,
                &occurred,
                &actors,
                &locations,
                &payloads,
                &hashes,
                &statuses,
                &codes,
                &messages,
                &approvers,
            ],
        )
        .await?;
    }
    if !plan.rejected_rows.is_empty() {
        let rows = &plan.rejected_rows;
        let device_seqs: Vec<i64> = rows.iter().map(|r| to_i64(r.wire.device_seq)).collect();
        let event_ids: Vec<Uuid> = rows.iter().map(|r| r.wire.event_id.uuid()).collect();
        let kinds: Vec<&str> = rows.iter().map(|r| r.wire.kind.as_str()).collect();
        let versions: Vec<i32> = rows.iter().map(|r| version(r.wire)).collect();
        let payloads: Vec<&serde_json::Value> = rows.iter().map(|r| &r.wire.payload).collect();
        let hashes: Vec<&[u8]> = rows.iter().map(|r| r.hash.as_slice()).collect();
        let codes: Vec<&str> = rows.iter().map(|r| r.code.as_str()).collect();
        let messages: Vec<&str> = rows.iter().map(|r| r.message.as_str()).collect();
        let sql = tx
            .prepare_cached(
                "INSERT INTO rejected_events (tenant_id, device_id, device_seq, event_id, type,
                        schema_version, payload, content_hash, code, message)
                 SELECT $1, $2, d, e, t, v, p, h, c, m
                   FROM unnest($3::int8[], $4::uuid[], $5::text[], $6::int4[], $7::jsonb[],
                               $8::bytea[], $9::text[], $10::text[]) AS x(d, e, t, v, p, h, c, m)",
            )
            .await?;
        tx.execute(
            &sql,
            &[
                &who.tenant_id,
                &who.device_id,
                &device_seqs,
                &event_ids,
                &kinds,
                &versions,
                &payloads,
                &hashes,
                &codes,
                &messages,
            ],
        )
        .await?;
    }
    if !plan.stock.is_empty() {
        let variants: Vec<Uuid> = plan.stock.keys().map(|k| k.0).collect();
        let locations: Vec<Uuid> = plan.stock.keys().map(|k| k.1).collect();
        let qtys: Vec<i64> = plan.stock.values().copied().collect();
        let sql = tx
            .prepare_cached(
                "INSERT INTO stock (tenant_id, variant_id, location_id, qty_milli)
                 SELECT $1, v, l, q FROM unnest($2::uuid[], $3::uuid[], $4::int8[]) AS x(v, l, q)
                 ON CONFLICT (tenant_id, variant_id, location_id)
                 DO UPDATE SET qty_milli = EXCLUDED.qty_milli",
            )
            .await?;
        tx.execute(&sql, &[&who.tenant_id, &variants, &locations, &qtys])
            .await?;
    }
    Ok(())
}

fn version(wire: &WireEvent) -> i32 {
    i32::try_from(wire.schema_version).unwrap_or(i32::MAX)
}
