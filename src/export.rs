//! The events file: `galla export events` writes every event as one JSON
//! object a line, in local order, with its whole envelope (who, who
//! approved, which counter, and whether this counter made it); `galla import
//! events` reads such a file into a new, empty database (all lines or none),
//! which then carries on as the counter that wrote it.

use std::io::{BufRead, Write};
use std::path::Path;

use anyhow::{Context, Result, bail};
use galla_domain::{DeviceId, Event};
use galla_proto::WireEvent;
use serde_json::{Value, json};

use crate::store::{Access, ImportSummary, Imported, Store, StoreError};

/// One event as a line of the file.
pub fn line(seq: i64, e: &Event, own: DeviceId) -> Value {
    let payload: Value = serde_json::from_str(&e.payload.to_json()).unwrap_or_default();
    let mut v = json!({
        "seq": seq,
        "event_id": e.event_id,
        "device_id": e.device_id,
        "device_seq": e.device_seq,
        "origin": if e.device_id == own { "local" } else { "remote" },
        "type": e.payload.kind(),
        "schema_version": e.payload.kind().current_version(),
        "occurred_at": e.occurred_at,
        "actor_id": e.actor,
        "location_id": e.location_id,
        "payload": payload,
    });
    if let Some(a) = e.approved_by {
        v["approved_by"] = json!(a);
    }
    v
}

/// Writes every event of `store` to `out`, a line each. A write error
/// (a closed pipe) is returned as itself.
pub fn write_all(store: &Store, out: &mut impl Write) -> Result<()> {
    let own = store.device_id();
    let mut write_error = None;
    let walked = store.for_each_event(|seq, e| {
        writeln!(out, "{}", line(seq, &e, own)).map_err(|err| {
            let stop = StoreError::Invalid(format!("cannot write: {err}"));
            write_error = Some(err);
            stop
        })
    });
    if let Some(err) = write_error {
        return Err(anyhow::Error::new(err).context("cannot write the events"));
    }
    walked?;
    Ok(())
}

/// Reads an events file; a bad line is refused with its number.
pub fn read(input: impl BufRead) -> Result<Vec<Imported>> {
    let mut out = Vec::new();
    for (n, text) in (1..).zip(input.lines()) {
        let text = text.with_context(|| format!("cannot read line {n}"))?;
        if text.trim().is_empty() {
            continue;
        }
        let bad = |why: String| anyhow::anyhow!("line {n}: {why} — nothing was imported");
        let value: Value = serde_json::from_str(&text).map_err(|e| bad(e.to_string()))?;
        let device: DeviceId = value
            .get("device_id")
            .and_then(Value::as_str)
            .and_then(|d| d.parse().ok())
            .ok_or_else(|| bad("it has no device_id".into()))?;
        let own = value.get("origin").and_then(Value::as_str) == Some("local");
        let wire: WireEvent = serde_json::from_value(value).map_err(|e| bad(e.to_string()))?;
        let event = wire.to_event(device).map_err(|e| bad(e.to_string()))?;
        out.push(Imported { event, own });
    }
    if out.is_empty() {
        bail!("the file holds no events");
    }
    Ok(out)
}

/// Imports the events file at `file` into the new database at `db`; the
/// counter code is `counter`, else the one its bills were numbered with.
pub fn import(db: &Path, file: &Path, counter: Option<&str>) -> Result<(ImportSummary, String)> {
    let counter = counter
        .map(|c| crate::config::validate::counter_code(c.trim()))
        .transpose()
        .map_err(|e| anyhow::anyhow!("--counter: {e}"))?;
    let input = std::fs::File::open(file)
        .with_context(|| format!("cannot open the events file {}", file.display()))?;
    let events = read(std::io::BufReader::new(input))?;
    if db.exists() && Store::open(db, Access::ReadOnly)?.event_count()? > 0 {
        bail!(
            "{} already holds events: import into a new database file",
            db.display()
        );
    }
    let mut store = Store::open(db, Access::ReadWrite)?;
    let summary = store.import_events(events)?;
    let prefix = store
        .shop_settings()?
        .get("bill.prefix")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_string();
    let code = counter
        .or_else(|| {
            let series = summary.series.as_deref()?;
            let code = series.strip_prefix(prefix.as_str()).unwrap_or(series);
            crate::config::validate::counter_code(code).ok()
        })
        .unwrap_or_else(|| crate::config::Config::default().counter.code);
    store.set_local(crate::settings::COUNTER_KEY, &code)?;
    Ok((summary, code))
}
