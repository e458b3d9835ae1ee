//! Enrollment that cannot take a counter over and survives a lost reply:
//! a device id is looked up only inside the code's shop; an id already
//! enrolled there is kept only by the holder of its current token or after
//! `devices replace`, and anyone else (a copy of the counter's database) is
//! enrolled as a new counter while the original keeps working; the same code
//! retried by the same device succeeds again.

use galla_domain::DeviceId;
use galla_proto::{EnrollRequest, EnrollResponse};
use galla_server::admin::{self, NegativeStock};
use reqwest::StatusCode;

use crate::support::{Server, send, start};

async fn enroll(
    server: &Server,
    code: &str,
    device_id: DeviceId,
    token: Option<&str>,
) -> (StatusCode, serde_json::Value) {
    server
        .post(
            "/v1/devices/enroll",
            None,
            &EnrollRequest {
                code: code.into(),
                device_id,
                device_token: token.map(str::to_string),
            },
        )
        .await
}

async fn enrolled(
    server: &Server,
    code: &str,
    id: DeviceId,
    token: Option<&str>,
) -> EnrollResponse {
    let (status, body) = enroll(server, code, id, token).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    serde_json::from_value(body).expect("enroll response")
}

async fn status_with(server: &Server, token: &str) -> StatusCode {
    let req = server
        .http
        .get(format!("{}/v1/sync/status", server.base))
        .header(
            galla_proto::PROTOCOL_HEADER,
            galla_proto::PROTOCOL_VERSION.to_string(),
        )
        .bearer_auth(token);
    send(req).await.0
}

#[tokio::test]
async fn a_copy_gets_its_own_id_and_the_original_keeps_working() {
    let server = start().await;
    let shop = server.tenant(NegativeStock::Flag).await;
    let original = enrolled(&server, &server.code(&shop).await, DeviceId::new(), None).await;

    // The copy sends the original's id without its token.
    let copy = enrolled(&server, &server.code(&shop).await, original.device_id, None).await;
    assert_ne!(copy.device_id, original.device_id, "a new counter");
    assert_eq!(
        status_with(&server, &original.device_token).await,
        StatusCode::OK
    );
    assert_eq!(
        status_with(&server, &copy.device_token).await,
        StatusCode::OK
    );
    // A wrong token proves nothing either.
    let guess = enrolled(
        &server,
        &server.code(&shop).await,
        original.device_id,
        Some(&"0".repeat(64)),
    )
    .await;
    assert_ne!(guess.device_id, original.device_id);
    assert_eq!(
        status_with(&server, &original.device_token).await,
        StatusCode::OK
    );

    // The counter itself, with its token, keeps its id and gets a new token.
    let again = enrolled(
        &server,
        &server.code(&shop).await,
        original.device_id,
        Some(&original.device_token),
    )
    .await;
    assert_eq!(again.device_id, original.device_id);
    assert_eq!(
        status_with(&server, &original.device_token).await,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        status_with(&server, &again.device_token).await,
        StatusCode::OK
    );

    // After `devices replace`, a replacement without the token takes it over.
    let client = server.pool.get().await.expect("connects");
    admin::replace_device(&**client, shop.tenant_id, original.device_id.uuid())
        .await
        .expect("replace");
    let replaced = enrolled(&server, &server.code(&shop).await, original.device_id, None).await;
    assert_eq!(replaced.device_id, original.device_id);
    assert_eq!(
        status_with(&server, &again.device_token).await,
        StatusCode::UNAUTHORIZED
    );
    // ...once: the permission is used up.
    let later = enrolled(&server, &server.code(&shop).await, original.device_id, None).await;
    assert_ne!(later.device_id, original.device_id);
    assert_eq!(
        status_with(&server, &replaced.device_token).await,
        StatusCode::OK
    );
}

#[tokio::test]
async fn another_shops_device_id_enrolls_like_any_new_id() {
    let server = start().await;
    let shop_a = server.tenant(NegativeStock::Flag).await;
    let shop_b = server.tenant(NegativeStock::Flag).await;
    let b = enrolled(&server, &server.code(&shop_b).await, DeviceId::new(), None).await;
    // A enrolls with B's device id: the same answer as for a fresh id (its
    // own id back), and B's counter is not disturbed.
    let a = enrolled(&server, &server.code(&shop_a).await, b.device_id, None).await;
    assert_eq!(a.device_id, b.device_id);
    assert_eq!(a.tenant_id, shop_a.tenant_id);
    let fresh_id = DeviceId::new();
    let fresh = enrolled(&server, &server.code(&shop_a).await, fresh_id, None).await;
    assert_eq!(fresh.device_id, fresh_id);
    assert_eq!(status_with(&server, &b.device_token).await, StatusCode::OK);
    assert_eq!(status_with(&server, &a.device_token).await, StatusCode::OK);
}

#[tokio::test]
async fn an_enrollment_retried_after_a_lost_reply_succeeds_with_the_same_device() {
    let server = start().await;
    let shop = server.tenant(NegativeStock::Flag).await;
    let code = server.code(&shop).await;
    let device = DeviceId::new();
    let lost = enrolled(&server, &code, device, None).await;
    let retry = enrolled(&server, &code, device, None).await;
    assert_eq!(retry.device_id, device);
    assert_eq!(
        status_with(&server, &retry.device_token).await,
        StatusCode::OK
    );
    assert_eq!(
        status_with(&server, &lost.device_token).await,
        StatusCode::UNAUTHORIZED,
        "the lost reply's token is no longer valid"
    );
    // Another device cannot use the code.
    let (status, body) = enroll(&server, &code, DeviceId::new(), None).await;
    assert_eq!(
        (status, body["code"].as_str()),
        (StatusCode::FORBIDDEN, Some("ENROLL_CODE_USED"))
    );

    // A copy given a new id, retrying with the id it sent, gets that new id again.
    let copy_code = server.code(&shop).await;
    let first = enrolled(&server, &copy_code, device, None).await;
    assert_ne!(first.device_id, device);
    let second = enrolled(&server, &copy_code, device, None).await;
    assert_eq!(second.device_id, first.device_id);
    let devices = admin::list_devices(
        &**server.pool.get().await.expect("connects"),
        shop.tenant_id,
    )
    .await
    .expect("devices");
    assert_eq!(devices.len(), 2, "one counter and its copy, nothing more");
}

#[tokio::test]
async fn wrong_codes_and_tokens_from_one_peer_are_slowed_down() {
    let server = crate::support::start_with(galla_server::ServeConfig {
        rate_limit: 0,
        attempt_limit: 3,
        ..galla_server::ServeConfig::default()
    })
    .await;
    let shop = server.tenant(NegativeStock::Flag).await;
    let good = enrolled(&server, &server.code(&shop).await, DeviceId::new(), None).await;
    assert_eq!(
        status_with(&server, &good.device_token).await,
        StatusCode::OK,
        "successes cost nothing"
    );
    for _ in 0..2 {
        let (status, body) = enroll(&server, "WRONG-CODE-0000", DeviceId::new(), None).await;
        assert_eq!(
            (status, body["code"].as_str()),
            (StatusCode::FORBIDDEN, Some("ENROLL_CODE_INVALID"))
        );
    }
    assert_eq!(
        status_with(&server, &"f".repeat(64)).await,
        StatusCode::UNAUTHORIZED
    );
    // Three failures a minute: the fourth try waits, even with a good code
    // or token, and nothing is looked up.
    let (status, body) = enroll(&server, &server.code(&shop).await, DeviceId::new(), None).await;
    assert_eq!(
        (status, body["code"].as_str()),
        (StatusCode::TOO_MANY_REQUESTS, Some("RATE_LIMITED")),
        "{body}"
    );
    assert_eq!(
        status_with(&server, &good.device_token).await,
        StatusCode::TOO_MANY_REQUESTS
    );
}
