//! A per-device token bucket kept in this process's memory: behind a load
//! balancer each instance limits on its own, which is enough to stop a
//! runaway counter. Answers with the seconds to wait for a 429.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::Instant;

use uuid::Uuid;

/// Requests per second per device, with a burst of twice that.
#[derive(Debug)]
pub struct RateLimiter {
    per_second: f64,
    buckets: Mutex<HashMap<Uuid, (f64, Instant)>>,
}

impl RateLimiter {
    /// A limiter allowing `per_second` requests a second; 0 turns it off.
    pub fn new(per_second: u32) -> RateLimiter {
        RateLimiter {
            per_second: f64::from(per_second),
            buckets: Mutex::new(HashMap::new()),
        }
    }

    /// Takes one request from `device`'s bucket, or says how long to wait.
    pub fn check(&self, device: Uuid) -> Result<(), u64> {
        if self.per_second <= 0.0 {
            return Ok(());
        }
        let burst = (self.per_second * 2.0).max(1.0);
        let now = Instant::now();
        let mut buckets = match self.buckets.lock() {
            Ok(guard) => guard,
            Err(poisoned) => poisoned.into_inner(),
        };
        if buckets.len() > 100_000 {
            buckets.clear();
        }
        let (tokens, last) = buckets.entry(device).or_insert((burst, now));
        *tokens = (*tokens + now.duration_since(*last).as_secs_f64() * self.per_second).min(burst);
        *last = now;
        if *tokens >= 1.0 {
            *tokens -= 1.0;
            Ok(())
        } else {
            let wait = (1.0 - *tokens) / self.per_second;
            Err(wait.ceil().max(1.0) as u64)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_burst_then_a_wait() {
        let limiter = RateLimiter::new(2);
        let device = Uuid::now_v7();
        for _ in 0..4 {
            assert_eq!(limiter.check(device), Ok(()));
        }
        assert_eq!(limiter.check(device), Err(1));
        assert_eq!(limiter.check(Uuid::now_v7()), Ok(()));
    }

    #[test]
    fn zero_means_unlimited() {
        let limiter = RateLimiter::new(0);
        let device = Uuid::now_v7();
        assert!((0..1000).all(|_| limiter.check(device).is_ok()));
    }
}
