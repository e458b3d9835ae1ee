//! A device of tenant A can neither push into nor pull from tenant B,
//! whatever ids its request body carries: tenant and device come only from
//! the bearer token.

use galla_proto::{Outcome, PushRequest};
use galla_server::admin::NegativeStock;
use reqwest::StatusCode;
use serde_json::json;

use crate::support::{SHOP, adjust, send, start};

#[tokio::test]
async fn tenants_never_see_or_touch_each_other() {
    let server = start().await;
    let shop_a = server.tenant(NegativeStock::Flag).await;
    let shop_b = server.tenant(NegativeStock::Flag).await;
    let mut a = server.counter(&shop_a).await;
    let mut b = server.counter(&shop_b).await;
    let b_event = b.event(&adjust(SHOP, 7));
    b.push(std::slice::from_ref(&b_event)).await;

    // A's body names B's tenant and device: the device check refuses it...
    let forged = PushRequest {
        ledger_epoch: None,
        device_id: Some(b.device_id),
        events: vec![a.event(&adjust(SHOP, 1))],
    };
    let (status, _) = server.post("/v1/sync/push", Some(&a.token), &forged).await;
    assert_eq!(status, StatusCode::FORBIDDEN);

    // ...and a body with extra tenant fields lands in A's own ledger.
    let mut body = serde_json::to_value(PushRequest {
        ledger_epoch: None,
        device_id: None,
        events: forged.events.clone(),
    })
    .expect("json");
    body["tenant_id"] = json!(shop_b.tenant_id);
    body["events"][0]["tenant_id"] = json!(shop_b.tenant_id);
    body["events"][0]["device_id"] = json!(b.device_id);
    let (status, answer) = server.post("/v1/sync/push", Some(&a.token), &body).await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    assert_eq!(answer["results"][0]["status"], "accepted");
    assert_eq!(answer["results"][0]["server_seq"], 1, "A's own sequence");

    // B's event id pushed by A lands in A's own ledger, exactly as an id
    // nobody uses would: the answer says nothing about B, and B's ledger is
    // untouched.
    let mut stolen = b_event.clone();
    stolen.device_seq = a.next_seq;
    a.next_seq += 1;
    let mut fresh = a.event(&adjust(SHOP, 1));
    fresh.payload = stolen.payload.clone();
    let r = a.push(&[stolen, fresh]).await;
    assert!(
        matches!(r.results[0].outcome, Outcome::Accepted { server_seq: 2 }),
        "{:?}",
        r.results
    );
    assert!(
        matches!(r.results[1].outcome, Outcome::Accepted { server_seq: 3 }),
        "{:?}",
        r.results
    );
    let b_page = b.pull(0, 100, 0).await;
    assert_eq!(b_page.events.len(), 1);
    assert_eq!(b_page.events[0].event, b_event);
    assert_eq!(b_page.events[0].device_id, b.device_id);

    // A pulls only A's events, from any cursor and with any query extras.
    let (status, page) = send(a.get(&format!(
        "/v1/sync/pull?after=0&tenant_id={}&device_id={}",
        shop_b.tenant_id, b.device_id
    )))
    .await;
    assert_eq!(status, StatusCode::OK);
    let events = page["events"].as_array().expect("events");
    assert_eq!(events.len(), 3);
    assert!(events.iter().all(|e| e["device_id"] == json!(a.device_id)));
    let status_a = send(a.get("/v1/sync/status")).await.1;
    assert_eq!(status_a["tenant_id"], json!(shop_a.tenant_id));
    assert_eq!(status_a["head"], 3);
}

#[tokio::test]
async fn ids_another_shop_used_first_never_block_a_shop() {
    let server = start().await;
    let shop_a = server.tenant(NegativeStock::Flag).await;
    let shop_b = server.tenant(NegativeStock::Flag).await;
    let mut a = server.counter(&shop_a).await;
    let mut b = server.counter(&shop_b).await;
    // A learns (or guesses) the id B's next event will have, and pushes it
    // first: B's own event is still accepted in B.
    let b_event = b.event(&adjust(SHOP, 4));
    let mut squat = a.event(&adjust(SHOP, 9));
    squat.event_id = b_event.event_id;
    let r = a.push(&[squat]).await;
    assert!(matches!(r.results[0].outcome, Outcome::Accepted { .. }));
    let r = b.push(std::slice::from_ref(&b_event)).await;
    assert!(
        matches!(r.results[0].outcome, Outcome::Accepted { server_seq: 1 }),
        "{:?}",
        r.results
    );
    assert_eq!(b.pull(0, 100, 0).await.events[0].event, b_event);
}
