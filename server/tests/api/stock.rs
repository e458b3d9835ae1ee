//! The negative-stock policy: a sale below zero is accepted and flagged by
//! default (rejected under the `reject` policy); a transfer or adjustment
//! below zero is rejected. Flags travel with pulled events.

use galla_proto::{ErrorCode, LedgerStatus, Outcome};
use galla_server::admin::{self, NegativeStock};

use crate::support::{GODOWN, SHOP, VARIANT, adjust, sale, start, transfer};

#[tokio::test]
async fn sales_below_zero_are_flagged_and_moves_below_zero_rejected() {
    let server = start().await;
    let tenant = server.tenant(NegativeStock::Flag).await;
    let mut c = server.counter(&tenant).await;
    let events = [
        c.event(&adjust(SHOP, 2)),
        c.event(&sale(3)),
        c.event(&transfer(GODOWN, SHOP, 1)),
        c.event(&adjust(SHOP, -1)),
        c.event(&adjust(GODOWN, 4)),
        c.event(&transfer(GODOWN, SHOP, 4)),
    ];
    let r = c.push(&events).await;
    let out: Vec<&Outcome> = r.results.iter().map(|x| &x.outcome).collect();
    assert_eq!(out[0], &Outcome::Accepted { server_seq: 1 });
    assert!(matches!(
        out[1],
        Outcome::AcceptedFlagged {
            server_seq: 2,
            code: ErrorCode::NegativeStock,
            ..
        }
    ));
    assert!(matches!(
        out[2],
        Outcome::Rejected {
            code: ErrorCode::NegativeStock,
            ..
        }
    ));
    assert!(matches!(
        out[3],
        Outcome::Rejected {
            code: ErrorCode::NegativeStock,
            ..
        }
    ));
    assert_eq!(out[4], &Outcome::Accepted { server_seq: 3 });
    assert_eq!(out[5], &Outcome::Accepted { server_seq: 4 });
    assert_eq!(r.device_head, 6);

    let page = c.pull(0, 10, 0).await;
    assert_eq!(page.events.len(), 4);
    assert_eq!(page.events[1].status, LedgerStatus::Flagged);
    assert_eq!(page.events[1].flag_code, Some(ErrorCode::NegativeStock));

    let client = server.pool.get().await.expect("connects");
    let rows = client
        .query(
            "SELECT location_id, qty_milli FROM stock WHERE tenant_id = $1 AND variant_id = $2 ORDER BY location_id",
            &[&tenant.tenant_id, &VARIANT.uuid()],
        )
        .await
        .expect("stock");
    let stock: Vec<(uuid::Uuid, i64)> = rows.iter().map(|r| (r.get(0), r.get(1))).collect();
    assert_eq!(stock, [(SHOP.uuid(), 3000), (GODOWN.uuid(), 0)]);

    // A resend of the flagged sale says so again.
    let again = c.push(&events[1..2]).await;
    assert!(matches!(
        again.results[0].outcome,
        Outcome::Duplicate {
            server_seq: 2,
            code: Some(ErrorCode::NegativeStock),
            ..
        }
    ));
}

#[tokio::test]
async fn the_reject_policy_rejects_sales_below_zero() {
    let server = start().await;
    let tenant = server.tenant(NegativeStock::Flag).await;
    let client = server.pool.get().await.expect("connects");
    admin::set_policy(&**client, tenant.tenant_id, NegativeStock::Reject)
        .await
        .expect("policy");
    let mut c = server.counter(&tenant).await;
    let events = [
        c.event(&adjust(SHOP, 1)),
        c.event(&sale(2)),
        c.event(&sale(1)),
    ];
    let r = c.push(&events).await;
    assert_eq!(r.results[0].outcome, Outcome::Accepted { server_seq: 1 });
    assert!(matches!(
        r.results[1].outcome,
        Outcome::Rejected {
            code: ErrorCode::NegativeStock,
            ..
        }
    ));
    assert_eq!(r.results[2].outcome, Outcome::Accepted { server_seq: 2 });
}
