//! How an event row is kept on disk (migration 15): every id as its 16
//! bytes, and the payload's JSON compressed with zstd against a dictionary
//! trained on galla's own payloads (`assets/events.zdict`).
//!
//! The JSON stays the one form of a payload everywhere else: it is what is
//! hashed into nothing, sent to the server, exported and decoded. Packing is
//! only how the file keeps it — about a quarter of the text's size, because
//! the field names and the usual values are in the dictionary and a small
//! payload on its own gives a compressor too little to learn from.
//!
//! The dictionary is part of the file format. Frames written since
//! migration 17 leave its id out (4 bytes an event): a frame with no
//! dictionary id is this dictionary's. Migration 15's frames name it, and a
//! frame naming another is refused as damaged rather than read wrong; a new
//! dictionary would be added beside this one, named in its frames.
//!
//! The few queries that look inside a payload call the SQL function
//! `galla_json(payload)` that [`register`] adds to every connection.

use std::cell::RefCell;
use std::sync::LazyLock;

use galla_domain::EventKind;
use rusqlite::Connection;
use rusqlite::functions::FunctionFlags;
use zstd::bulk::{Compressor, Decompressor};
use zstd::dict::{DecoderDictionary, EncoderDictionary};
use zstd::zstd_safe::CParameter;

/// The dictionary every stored payload is packed against.
const DICTIONARY: &[u8] = include_bytes!("../../assets/events.zdict");
/// zstd's level: higher levels gain under 6 % on payloads this small.
const LEVEL: i32 = 3;
/// The largest payload unpacked (far above any event the validator accepts).
const MAX_JSON: u64 = 16 << 20;

static ENCODER: LazyLock<EncoderDictionary<'static>> =
    LazyLock::new(|| EncoderDictionary::copy(DICTIONARY, LEVEL));
static DECODER: LazyLock<DecoderDictionary<'static>> =
    LazyLock::new(|| DecoderDictionary::copy(DICTIONARY));

thread_local! {
    static PACKER: RefCell<Option<Compressor<'static>>> = const { RefCell::new(None) };
    static UNPACKER: RefCell<Option<Decompressor<'static>>> = const { RefCell::new(None) };
}

/// Why a stored payload could not be read back.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct Damaged(String);

/// A payload's JSON as it is stored.
pub(crate) fn pack(json: &str) -> Vec<u8> {
    PACKER.with(|cell| {
        let mut cell = cell.borrow_mut();
        let packer = match cell.as_mut() {
            Some(p) => p,
            // Making a compressor fails only when memory runs out.
            None => cell.insert(
                Compressor::with_prepared_dictionary(&ENCODER)
                    .and_then(|mut c| {
                        c.set_parameter(CParameter::DictIdFlag(false))?;
                        Ok(c)
                    })
                    .unwrap_or_else(|e| {
                        panic!("cannot make a zstd compressor (out of memory?): {e}")
                    }),
            ),
        };
        packer
            .compress(json.as_bytes())
            .unwrap_or_else(|e| panic!("zstd refused to compress a payload: {e}"))
    })
}

/// A stored payload's JSON.
pub(crate) fn unpack(stored: &[u8]) -> Result<String, Damaged> {
    let named = zstd::zstd_safe::get_dict_id_from_frame(stored);
    if named.is_some() && named != zstd::zstd_safe::get_dict_id_from_dict(DICTIONARY) {
        return Err(Damaged(
            "the stored payload is not packed the way galla packs them".into(),
        ));
    }
    let size = match zstd::zstd_safe::get_frame_content_size(stored) {
        Ok(Some(n)) if n <= MAX_JSON => n as usize,
        _ => return Err(Damaged("the stored payload's size is unreadable".into())),
    };
    let bytes = UNPACKER.with(|cell| {
        let mut cell = cell.borrow_mut();
        let unpacker = match cell.as_mut() {
            Some(u) => u,
            None => cell.insert(
                Decompressor::with_prepared_dictionary(&DECODER)
                    .map_err(|e| Damaged(format!("cannot make a zstd decompressor: {e}")))?,
            ),
        };
        unpacker
            .decompress(stored, size)
            .map_err(|e| Damaged(format!("the stored payload is damaged ({e})")))
    })?;
    String::from_utf8(bytes).map_err(|_| Damaged("the stored payload is not text".into()))
}

/// How the events table keeps an event's kind (since migration 17): its
/// place in [`EventKind::ALL`], which only ever grows at the end.
pub(crate) fn kind_code(kind: EventKind) -> i64 {
    EventKind::ALL
        .iter()
        .position(|k| *k == kind)
        .and_then(|i| i64::try_from(i).ok())
        .unwrap_or_else(|| unreachable!("EventKind::ALL lists every kind"))
}

/// Reads a stored kind ([`kind_code`]) back.
pub(crate) fn kind_of_code(code: i64) -> Option<EventKind> {
    usize::try_from(code)
        .ok()
        .and_then(|i| EventKind::ALL.get(i).copied())
}

/// Adds to `conn`: `galla_kind(code)` and `galla_code(name)` (an event
/// kind's name from its stored code and back: `type = galla_code('SALE')`
/// is worked out once per statement), `galla_json(payload)` (a stored payload's JSON, for
/// `json_extract`), `galla_id_text(bytes)` (an id's text, to join a table
/// still keyed by text), for migration 15 `galla_pack(json)` and
/// `galla_id(text)` (an id's 16 bytes), and for migration 17 `galla_ms(text)`
/// (a stored RFC 3339 time as milliseconds) and `galla_repack(payload)` (a
/// payload packed again as today's frames are). NULL stays NULL, except in
/// `galla_ms`, which refuses it as it refuses text that is not a time.
pub(crate) fn register(conn: &Connection) -> rusqlite::Result<()> {
    let flags = FunctionFlags::SQLITE_UTF8 | FunctionFlags::SQLITE_DETERMINISTIC;
    conn.create_scalar_function("galla_json", 1, flags, |ctx| {
        let stored = ctx.get_raw(0).as_blob()?;
        unpack(stored).map_err(|e| rusqlite::Error::UserFunctionError(Box::new(e)))
    })?;
    conn.create_scalar_function("galla_pack", 1, flags, |ctx| {
        Ok(pack(ctx.get_raw(0).as_str()?))
    })?;
    conn.create_scalar_function("galla_id_text", 1, flags, |ctx| {
        let Some(bytes) = ctx.get_raw(0).as_blob_or_null()? else {
            return Ok(None);
        };
        uuid::Uuid::from_slice(bytes)
            .map(|u| Some(u.to_string()))
            .map_err(|e| rusqlite::Error::UserFunctionError(Box::new(e)))
    })?;
    conn.create_scalar_function("galla_kind", 1, flags, |ctx| {
        let code = ctx.get::<i64>(0)?;
        kind_of_code(code).map(|k| k.as_str()).ok_or_else(|| {
            rusqlite::Error::UserFunctionError(format!("an unknown event kind {code}").into())
        })
    })?;
    conn.create_scalar_function("galla_code", 1, flags, |ctx| {
        let name = ctx.get_raw(0).as_str()?;
        EventKind::parse(name).map(kind_code).ok_or_else(|| {
            rusqlite::Error::UserFunctionError(format!("an unknown event kind {name:?}").into())
        })
    })?;
    conn.create_scalar_function("galla_repack", 1, flags, |ctx| {
        let stored = ctx.get_raw(0).as_blob()?;
        unpack(stored)
            .map(|json| pack(&json))
            .map_err(|e| rusqlite::Error::UserFunctionError(Box::new(e)))
    })?;
    conn.create_scalar_function("galla_ms", 1, flags, |ctx| {
        let text = ctx.get_raw(0).as_str()?;
        super::parse_time(text)
            .map(|t| super::time_ms(&t))
            .ok_or_else(|| {
                rusqlite::Error::UserFunctionError(format!("a bad stored time {text:?}").into())
            })
    })?;
    conn.create_scalar_function("galla_id", 1, flags, |ctx| {
        let Some(text) = ctx.get_raw(0).as_str_or_null()? else {
            return Ok(None);
        };
        uuid::Uuid::parse_str(text)
            .map(|u| Some(u.into_bytes().to_vec()))
            .map_err(|e| rusqlite::Error::UserFunctionError(Box::new(e)))
    })?;
    Ok(())
}

/// Migration 15: the events rewritten packed (ids as bytes, payloads
/// compressed), and the stock history keyed by item so it needs no second
/// index (one row per event, item, place and kind, so two lines of one item
/// on a bill become one). The outbox is set aside while `events` is
/// replaced, as its rows point at the events' `seq`, which are kept.
pub(crate) const MIGRATION: &str = r#"
CREATE TEMP TABLE outbox_kept AS SELECT * FROM outbox;
DELETE FROM outbox;

CREATE TABLE events_packed (
    seq            INTEGER PRIMARY KEY,
    event_id       BLOB NOT NULL UNIQUE CHECK (length(event_id) = 16),
    device_id      BLOB NOT NULL CHECK (length(device_id) = 16),
    device_seq     INTEGER NOT NULL CHECK (device_seq > 0),
    type           TEXT NOT NULL,
    schema_version INTEGER NOT NULL,
    occurred_at    TEXT NOT NULL,
    actor_id       BLOB NOT NULL CHECK (length(actor_id) = 16),
    location_id    BLOB CHECK (length(location_id) = 16),
    payload        BLOB NOT NULL,
    origin         TEXT NOT NULL CHECK (origin IN ('local', 'remote')),
    approved_by    BLOB CHECK (length(approved_by) = 16),
    UNIQUE (device_id, device_seq)
);
INSERT INTO events_packed (seq, event_id, device_id, device_seq, type, schema_version,
                           occurred_at, actor_id, location_id, payload, origin, approved_by)
SELECT seq, galla_id(event_id), galla_id(device_id), device_seq, type, schema_version,
       occurred_at, galla_id(actor_id), galla_id(location_id), galla_pack(payload), origin,
       galla_id(approved_by)
  FROM events ORDER BY seq;
DROP TABLE events;
ALTER TABLE events_packed RENAME TO events;
CREATE INDEX events_time ON events (occurred_at);
CREATE TRIGGER events_no_update BEFORE UPDATE ON events
BEGIN
    SELECT RAISE(ABORT, 'events are append-only: correct a mistake with a new event');
END;
CREATE TRIGGER events_no_delete BEFORE DELETE ON events
BEGIN
    SELECT RAISE(ABORT, 'events are append-only: correct a mistake with a new event');
END;

INSERT INTO outbox SELECT * FROM outbox_kept;
DROP TABLE outbox_kept;

CREATE TABLE stock_moves_packed (
    variant_id  BLOB NOT NULL,
    seq         INTEGER NOT NULL,
    location_id BLOB NOT NULL,
    kind        TEXT NOT NULL,
    qty_milli   INTEGER NOT NULL,
    PRIMARY KEY (variant_id, seq, location_id, kind)
) WITHOUT ROWID;
INSERT INTO stock_moves_packed (variant_id, seq, location_id, kind, qty_milli)
SELECT galla_id(variant_id), seq, galla_id(location_id), kind, sum(qty_milli)
  FROM stock_moves GROUP BY 1, 2, 3, 4;
DROP TABLE stock_moves;
ALTER TABLE stock_moves_packed RENAME TO stock_moves;
"#;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_payload_comes_back_as_it_went_in_and_smaller() {
        let json = r#"{"bill_id":"01a24aff-630b-7111-bfd5-f0ce21b991ae","bill_no":"C1-1","location_id":"01a24aff-5017-7252-b06d-c706244c9c09","customer_id":null,"supply":"intra_state","lines":[{"variant_id":"01a24aff-589c-77f2-8741-f355d1652919","qty":1000,"rate":336200,"discount":0,"gst_rate":500,"price_mode":"inclusive","taxable":320190,"cgst":8005,"sgst":8005,"igst":0}],"bill_discount":0,"round_off":0,"total":336200,"payments":[{"mode":"upi","amount":336200,"reference":null}],"document":"tax_invoice","place_of_supply":"08"}"#;
        let stored = pack(json);
        assert!(stored.len() * 2 < json.len(), "{} bytes", stored.len());
        assert_eq!(unpack(&stored).expect("unpack"), json);
    }

    #[test]
    fn frames_leave_the_dictionary_id_out_and_older_frames_that_name_it_still_read() {
        let json = r#"{"key":"shop_name","value":"Rang Mahal"}"#;
        let stored = pack(json);
        assert_eq!(zstd::zstd_safe::get_dict_id_from_frame(&stored), None);
        let mut named = Compressor::with_prepared_dictionary(&ENCODER).expect("compressor");
        let older = named.compress(json.as_bytes()).expect("compress");
        assert!(zstd::zstd_safe::get_dict_id_from_frame(&older).is_some());
        assert_eq!(older.len(), stored.len() + 4, "the id took 4 bytes");
        assert_eq!(unpack(&older).expect("an older frame"), json);
        // A frame naming another dictionary is refused, not read wrong.
        let ours = zstd::zstd_safe::get_dict_id_from_dict(DICTIONARY).expect("an id");
        let at = older
            .windows(4)
            .position(|w| w == ours.get().to_le_bytes())
            .expect("the header names the dictionary");
        let mut foreign = older.clone();
        foreign[at..at + 4].copy_from_slice(&(ours.get() ^ 1).to_le_bytes());
        let err = unpack(&foreign).expect_err("another dictionary");
        assert!(err.to_string().contains("not packed the way"), "{err}");
    }

    #[test]
    fn kinds_keep_their_codes() {
        // Stored codes: a kind moved in `EventKind::ALL` would misread files.
        assert_eq!(kind_code(EventKind::ProductCreated), 0);
        assert_eq!(kind_code(EventKind::Sale), 5);
        assert_eq!(kind_code(EventKind::SettingsChanged), 20);
        assert_eq!(kind_code(EventKind::PurchaseReturn), 29);
        for kind in EventKind::ALL {
            assert_eq!(kind_of_code(kind_code(*kind)), Some(*kind));
        }
        assert_eq!(kind_of_code(-1), None);
        assert_eq!(kind_of_code(99), None);
    }

    #[test]
    fn damage_is_refused_in_words() {
        let mut stored = pack(r#"{"key":"shop_name","value":"Rang Mahal"}"#);
        assert!(unpack(b"{\"not\":\"packed\"}").is_err());
        let last = stored.len() - 1;
        stored.truncate(last);
        let err = unpack(&stored).expect_err("a cut frame");
        assert!(err.to_string().contains("payload"), "{err}");
    }
}
