//! With 8 concurrent pushers and 4 pullers on one tenant, every puller sees
//! every server_seq exactly once, in order: commit order equals sequence
//! order, so no puller ever skips or repeats one.

use std::time::Duration;

use galla_proto::Outcome;
use galla_server::admin::NegativeStock;

use crate::support::{SHOP, adjust, start};

const PUSHERS: usize = 8;
const BATCHES: usize = 10;
const BATCH: usize = 20;
const TOTAL: u64 = (PUSHERS * BATCHES * BATCH) as u64;

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_pushers_and_pullers_never_skip_or_repeat() {
    let server = start().await;
    let tenant = server.tenant(NegativeStock::Flag).await;
    let mut pushers = Vec::new();
    for _ in 0..PUSHERS {
        let mut c = server.counter(&tenant).await;
        pushers.push(tokio::spawn(async move {
            for _ in 0..BATCHES {
                let events: Vec<_> = (0..BATCH).map(|_| c.event(&adjust(SHOP, 1))).collect();
                let r = c.push(&events).await;
                assert!(
                    r.results
                        .iter()
                        .all(|x| matches!(x.outcome, Outcome::Accepted { .. }))
                );
            }
        }));
    }
    let mut pullers = Vec::new();
    for i in 0..4u32 {
        let c = server.counter(&tenant).await;
        pullers.push(tokio::spawn(async move {
            let mut seen = Vec::new();
            let mut after = 0;
            let deadline = tokio::time::Instant::now() + Duration::from_secs(60);
            while (seen.len() as u64) < TOTAL {
                assert!(
                    tokio::time::Instant::now() < deadline,
                    "puller {i} stuck at {after}"
                );
                let page = c.pull(after, 7 + i * 13, 1).await;
                seen.extend(page.events.iter().map(|e| e.server_seq));
                after = page.next_after;
            }
            seen
        }));
    }
    for p in pushers {
        p.await.expect("pusher");
    }
    let expected: Vec<u64> = (1..=TOTAL).collect();
    for p in pullers {
        assert_eq!(p.await.expect("puller"), expected);
    }
}
