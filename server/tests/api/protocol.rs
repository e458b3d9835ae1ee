//! Every per-event result and every whole-request status of DESIGN §4:
//! accepted, duplicate, ID_CONFLICT, SEQ_CONFLICT, GAP, stored rejections,
//! 400, 401, 403, 410, 413, 426, 429, enrollment codes, long-poll and
//! pulls that leave out the asking device's own events, and an approver
//! (`approved_by`) stored, pulled back and counted in the content.

use std::time::{Duration, Instant};

use galla_domain::DeviceId;
use galla_proto::{
    EnrollRequest, ErrorCode, Outcome, PROTOCOL_HEADER, PullResponse, PushRequest, StatusResponse,
};
use galla_server::ServeConfig;
use galla_server::admin::{self, NegativeStock};
use reqwest::StatusCode;
use serde_json::json;

use crate::support::{Counter, SHOP, Server, adjust, send, start, start_with};

#[tokio::test]
async fn accepted_duplicate_id_conflict_seq_conflict_and_gap() {
    let server = start().await;
    let tenant = server.tenant(NegativeStock::Flag).await;
    let mut c = server.counter(&tenant).await;
    let first = c.event(&adjust(SHOP, 5));
    let r = c.push(std::slice::from_ref(&first)).await;
    assert_eq!(r.results[0].outcome, Outcome::Accepted { server_seq: 1 });
    assert_eq!(r.device_head, 1);

    // The same event again (a lost response): the original outcome.
    let r = c.push(std::slice::from_ref(&first)).await;
    assert_eq!(
        r.results[0].outcome,
        Outcome::Duplicate {
            server_seq: 1,
            code: None,
            message: None
        }
    );

    // Same id, different content: rejected, the original stays.
    let mut edited = first.clone();
    edited.payload["note"] = json!("edited");
    let r = c.push(&[edited]).await;
    assert!(matches!(
        r.results[0].outcome,
        Outcome::Rejected {
            code: ErrorCode::IdConflict,
            ..
        }
    ));

    // Same device_seq, another id.
    let mut reused = first.clone();
    reused.event_id = galla_domain::EventId::new();
    let r = c.push(&[reused]).await;
    assert!(matches!(
        r.results[0].outcome,
        Outcome::Rejected {
            code: ErrorCode::SeqConflict,
            ..
        }
    ));

    // A gap: seq 3 before seq 2 is deferred, then accepted once 2 arrives.
    let second = c.event(&adjust(SHOP, 1));
    let third = c.event(&adjust(SHOP, 1));
    let r = c.push(std::slice::from_ref(&third)).await;
    assert_eq!(
        r.results[0].outcome,
        Outcome::Deferred {
            reason: ErrorCode::Gap,
            expected_device_seq: Some(2)
        }
    );
    assert_eq!(r.device_head, 1);
    let r = c.push(&[second, third]).await;
    assert_eq!(r.results[1].outcome, Outcome::Accepted { server_seq: 3 });
    assert_eq!(r.device_head, 3);

    let page = c.pull(0, 10, 0).await;
    let seqs: Vec<u64> = page.events.iter().map(|e| e.server_seq).collect();
    assert_eq!(seqs, [1, 2, 3]);
    assert_eq!(page.events[0].event, first, "the original content is kept");
    assert_eq!((page.next_after, page.head, page.has_more), (3, 3, false));
}

#[tokio::test]
async fn a_rejected_event_is_stored_answered_again_and_never_pulled() {
    let server = start().await;
    let tenant = server.tenant(NegativeStock::Flag).await;
    let mut c = server.counter(&tenant).await;
    let mut bad = c.event(&adjust(SHOP, 1));
    bad.payload = json!({"not": "an adjustment"});
    let ok = c.event(&adjust(SHOP, 1));
    let r = c.push(&[bad.clone(), ok]).await;
    assert!(matches!(
        r.results[0].outcome,
        Outcome::Rejected {
            code: ErrorCode::SchemaInvalid,
            ..
        }
    ));
    assert_eq!(r.results[1].outcome, Outcome::Accepted { server_seq: 1 });
    let again = c.push(&[bad]).await;
    assert_eq!(again.results[0].outcome, r.results[0].outcome);
    assert_eq!(c.pull(0, 10, 0).await.events.len(), 1);
}

#[tokio::test]
async fn oversize_batches_bodies_and_events() {
    let server = start().await;
    let tenant = server.tenant(NegativeStock::Flag).await;
    let mut c = server.counter(&tenant).await;
    let many: Vec<_> = (0..501).map(|_| c.event(&adjust(SHOP, 1))).collect();
    let (status, body) = c.push_raw(&many).await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(body["code"], "TOO_LARGE");

    c.next_seq = 1;
    let mut big = c.event(&adjust(SHOP, 1));
    big.payload["note"] = json!("x".repeat(70 * 1024));
    let r = c.push(&[big.clone()]).await;
    assert!(matches!(
        r.results[0].outcome,
        Outcome::Rejected {
            code: ErrorCode::EventTooLarge,
            ..
        }
    ));

    let huge: Vec<_> = (0..16).map(|_| big.clone()).collect();
    let (status, body) = c.push_raw(&huge).await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE, "{body}");
    assert_eq!(body["code"], "TOO_LARGE");
}

#[tokio::test]
async fn tokens_revocation_protocol_version_and_malformed_bodies() {
    let server = start().await;
    let tenant = server.tenant(NegativeStock::Flag).await;
    let c = server.counter(&tenant).await;
    let status_path = format!("{}/v1/sync/status", server.base);

    let (status, body) = send(c.get("/v1/sync/status")).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let st: StatusResponse = serde_json::from_value(body).expect("status");
    assert_eq!(
        (st.tenant_id, st.device_id, st.head),
        (tenant.tenant_id, c.device_id, 0)
    );

    let no_token = server.http.get(&status_path).header(PROTOCOL_HEADER, "1");
    let (status, body) = send(no_token).await;
    assert_eq!(
        (status, body["code"].clone()),
        (StatusCode::UNAUTHORIZED, json!("TOKEN_INVALID"))
    );
    let bad = server
        .http
        .get(&status_path)
        .header(PROTOCOL_HEADER, "1")
        .bearer_auth("00ff");
    assert_eq!(send(bad).await.0, StatusCode::UNAUTHORIZED);

    let old = server
        .http
        .get(&status_path)
        .header(PROTOCOL_HEADER, "0")
        .bearer_auth(&c.token);
    let (status, body) = send(old).await;
    assert_eq!(status, StatusCode::UPGRADE_REQUIRED);
    assert_eq!(body["code"], "PROTOCOL_UNSUPPORTED");
    let missing = server.http.get(&status_path).bearer_auth(&c.token);
    assert_eq!(send(missing).await.0, StatusCode::UPGRADE_REQUIRED);
    let health = server.http.get(format!("{}/healthz", server.base));
    assert_eq!(
        send(health).await,
        (StatusCode::OK, json!({"status": "ok"}))
    );

    let garbage = c
        .http
        .post(format!("{}/v1/sync/push", c.base))
        .header(PROTOCOL_HEADER, "1")
        .bearer_auth(&c.token)
        .body("{not json");
    let (status, body) = send(garbage).await;
    assert_eq!(
        (status, body["code"].clone()),
        (StatusCode::BAD_REQUEST, json!("MALFORMED"))
    );

    let other = PushRequest {
        ledger_epoch: None,
        device_id: Some(DeviceId::new()),
        events: vec![],
    };
    let (status, body) = server.post("/v1/sync/push", Some(&c.token), &other).await;
    assert_eq!(
        (status, body["code"].clone()),
        (StatusCode::FORBIDDEN, json!("DEVICE_MISMATCH"))
    );

    let client = server.pool.get().await.expect("connects");
    admin::revoke_device(&**client, tenant.tenant_id, c.device_id.uuid())
        .await
        .expect("revokes");
    let (status, body) = send(c.get("/v1/sync/status")).await;
    assert_eq!(
        (status, body["code"].clone()),
        (StatusCode::FORBIDDEN, json!("DEVICE_REVOKED"))
    );
    assert_eq!(c.push_raw(&[]).await.0, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn enrollment_codes_are_single_use_and_expire() {
    let server = start().await;
    let tenant = server.tenant(NegativeStock::Flag).await;
    let code = server.code(&tenant).await;
    let enroll = |code: &str| EnrollRequest {
        code: code.to_lowercase(),
        device_id: DeviceId::new(),
        device_token: None,
    };
    assert_eq!(
        server
            .post("/v1/devices/enroll", None, &enroll(&code))
            .await
            .0,
        StatusCode::OK
    );
    let (status, body) = server
        .post("/v1/devices/enroll", None, &enroll(&code))
        .await;
    assert_eq!(
        (status, body["code"].clone()),
        (StatusCode::FORBIDDEN, json!("ENROLL_CODE_USED"))
    );
    let (_, body) = server
        .post("/v1/devices/enroll", None, &enroll("NOPE-NOPE"))
        .await;
    assert_eq!(body["code"], "ENROLL_CODE_INVALID");
    let late = server.code(&tenant).await;
    let client = server.pool.get().await.expect("connects");
    client
        .execute("UPDATE enroll_codes SET expires_at = now() - interval '1 second' WHERE used_at IS NULL", &[])
        .await
        .expect("ages the code");
    let (_, body) = server
        .post("/v1/devices/enroll", None, &enroll(&late))
        .await;
    assert_eq!(body["code"], "ENROLL_CODE_EXPIRED");
}

#[tokio::test]
async fn stale_epochs_and_cursors_get_410() {
    let server = start().await;
    let tenant = server.tenant(NegativeStock::Flag).await;
    let c = server.counter(&tenant).await;
    let stale = PushRequest {
        ledger_epoch: Some(uuid::Uuid::now_v7()),
        device_id: None,
        events: vec![],
    };
    let (status, body) = server.post("/v1/sync/push", Some(&c.token), &stale).await;
    assert_eq!(status, StatusCode::GONE);
    assert_eq!(body["code"], "EPOCH_CHANGED");
    assert_eq!(body["ledger_epoch"], json!(tenant.ledger_epoch));
    let (status, body) = send(c.get("/v1/sync/pull?after=99")).await;
    assert_eq!(
        (status, body["code"].clone()),
        (StatusCode::GONE, json!("CURSOR_AHEAD"))
    );
    let bad_query = c.get("/v1/sync/pull?after=minus-one");
    assert_eq!(send(bad_query).await.0, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn a_chatty_device_gets_429_with_retry_after() {
    let server: Server = start_with(ServeConfig {
        rate_limit: 1,
        ..ServeConfig::default()
    })
    .await;
    let tenant = server.tenant(NegativeStock::Flag).await;
    let c = server.counter(&tenant).await;
    let mut limited = None;
    for _ in 0..5 {
        let response = c.get("/v1/sync/status").send().await.expect("answers");
        if response.status() == StatusCode::TOO_MANY_REQUESTS {
            limited = response.headers().get("retry-after").cloned();
            break;
        }
    }
    assert_eq!(limited.expect("limited").to_str().expect("ascii"), "1");
}

#[tokio::test]
async fn a_long_poll_returns_as_soon_as_an_event_lands() {
    let server = start().await;
    let tenant = server.tenant(NegativeStock::Flag).await;
    let waiter = server.counter(&tenant).await;
    let mut writer = server.counter(&tenant).await;
    let started = Instant::now();
    let poll = tokio::spawn(async move { waiter.pull(0, 10, 10).await });
    tokio::time::sleep(Duration::from_millis(300)).await;
    let ev = writer.event(&adjust(SHOP, 1));
    writer.push(&[ev]).await;
    let page = poll.await.expect("joins");
    assert_eq!(page.events.len(), 1);
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "{:?}",
        started.elapsed()
    );
}

async fn pull_path(c: &Counter, path: &str) -> PullResponse {
    let (status, body) = send(c.get(path)).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    serde_json::from_value(body).expect("pull response")
}

#[tokio::test]
async fn others_only_leaves_out_the_askers_events_but_moves_past_them() {
    let server = start().await;
    let tenant = server.tenant(NegativeStock::Flag).await;
    let mut me = server.counter(&tenant).await;
    let mut other = server.counter(&tenant).await;
    let mine: Vec<_> = (0..3).map(|_| me.event(&adjust(SHOP, 1))).collect();
    me.push(&mine).await;
    let theirs = other.event(&adjust(SHOP, 2));
    other.push(std::slice::from_ref(&theirs)).await;
    let ev = me.event(&adjust(SHOP, 1));
    me.push(&[ev]).await;
    let later = other.event(&adjust(SHOP, 2));
    other.push(std::slice::from_ref(&later)).await;

    let page = pull_path(&me, "/v1/sync/pull?after=0&others_only=true").await;
    let ids: Vec<_> = page.events.iter().map(|e| e.event.event_id).collect();
    assert_eq!(ids, [theirs.event_id, later.event_id], "only the other's");
    assert_eq!(page.next_after, 6);
    assert!(!page.has_more);
    // A page cut short stops at the last event it holds.
    let short = pull_path(&me, "/v1/sync/pull?after=0&limit=1&others_only=true").await;
    assert_eq!((short.next_after, short.has_more), (4, true));
    // Without the flag the whole ledger comes back, as before.
    assert_eq!(me.pull(0, 10, 0).await.events.len(), 6);
    // My own events at the end: the last page moves the cursor past them.
    let ev = me.event(&adjust(SHOP, 1));
    me.push(&[ev]).await;
    let page = pull_path(&me, "/v1/sync/pull?after=6&others_only=true").await;
    assert_eq!((page.events.len(), page.next_after), (0, 7));
    // A long-poll with only my own news answers with the moved cursor.
    let started = Instant::now();
    let waiter = me.clone();
    let waiting = tokio::spawn(async move {
        pull_path(&waiter, "/v1/sync/pull?after=7&wait=10&others_only=true").await
    });
    tokio::time::sleep(Duration::from_millis(200)).await;
    let ev = me.event(&adjust(SHOP, 1));
    me.push(&[ev]).await;
    let page = waiting.await.expect("joins");
    assert!(page.events.is_empty());
    assert_eq!(page.next_after, 8);
    assert!(started.elapsed() < Duration::from_secs(5));
}

#[tokio::test]
async fn the_ledger_refuses_updates_and_deletes_and_its_tenants_and_devices_stay() {
    let server = start().await;
    let tenant = server.tenant(NegativeStock::Flag).await;
    let mut c = server.counter(&tenant).await;
    let ev = c.event(&adjust(SHOP, 1));
    c.push(&[ev]).await;
    let client = server.pool.get().await.expect("connects");
    for sql in [
        "UPDATE event_ledger SET type = 'X'",
        "DELETE FROM event_ledger",
        "TRUNCATE event_ledger CASCADE",
    ] {
        let err = client.batch_execute(sql).await.expect_err(sql);
        assert!(format!("{err:?}").contains("append-only"), "{sql}: {err:?}");
    }
    // The ledger's tenant and device are guaranteed by the push's lock and
    // by these rows never going away.
    for sql in [
        "DELETE FROM devices",
        "TRUNCATE devices CASCADE",
        "DELETE FROM tenants",
        "TRUNCATE tenants CASCADE",
    ] {
        let err = client.batch_execute(sql).await.expect_err(sql);
        assert!(
            format!("{err:?}").contains("never deleted"),
            "{sql}: {err:?}"
        );
    }
}

#[tokio::test]
async fn an_approval_is_stored_and_pulled_back_and_part_of_the_content() {
    let server = start().await;
    let tenant = server.tenant(NegativeStock::Flag).await;
    let mut a = server.counter(&tenant).await;
    let b = server.counter(&tenant).await;
    let manager = galla_domain::StaffId::new();
    let mut approved = a.event(&adjust(SHOP, 2));
    approved.approved_by = Some(manager);
    let plain = a.event(&adjust(SHOP, 1));
    let r = a.push(&[approved.clone(), plain.clone()]).await;
    assert_eq!(r.results[0].outcome, Outcome::Accepted { server_seq: 1 });
    assert_eq!(r.results[1].outcome, Outcome::Accepted { server_seq: 2 });
    let page = b.pull(0, 10, 0).await;
    assert_eq!(page.events[0].event.approved_by, Some(manager));
    assert_eq!(page.events[1].event.approved_by, None);
    assert_eq!(page.events[0].event, approved, "pulled exactly as pushed");
    // Sent again as it was: a duplicate. With the approver taken off (or
    // another one put on): other content under the same id.
    let r = a.push(std::slice::from_ref(&approved)).await;
    assert!(matches!(r.results[0].outcome, Outcome::Duplicate { .. }));
    let mut stripped = approved.clone();
    stripped.approved_by = None;
    let r = a.push(&[stripped]).await;
    assert!(matches!(
        r.results[0].outcome,
        Outcome::Rejected {
            code: ErrorCode::IdConflict,
            ..
        }
    ));
}
