//! Token buckets kept in this process's memory: one per device for its
//! requests (a runaway counter), and one per peer address for failed
//! attempts — enrollments with a wrong code and requests with a wrong token
//! — so neither can be guessed at speed. Behind a load balancer each
//! instance limits on its own (and every peer is the balancer: limit there
//! too). Answers with the seconds to wait for a 429.

use std::collections::HashMap;
use std::hash::Hash;
use std::sync::Mutex;
use std::time::Instant;

use uuid::Uuid;

/// A rate with a burst, per key (a device id, a peer address).
#[derive(Debug)]
pub struct RateLimiter<K = Uuid> {
    per_second: f64,
    burst: f64,
    buckets: Mutex<HashMap<K, (f64, Instant)>>,
}

impl<K: Hash + Eq + Copy> RateLimiter<K> {
    /// `per_second` requests a second with a burst of twice that; 0 turns
    /// it off.
    pub fn new(per_second: u32) -> RateLimiter<K> {
        let per_second = f64::from(per_second);
        RateLimiter {
            per_second,
            burst: (per_second * 2.0).max(1.0),
            buckets: Mutex::new(HashMap::new()),
        }
    }

    /// `per_minute` a minute, all of them at once if need be; 0 turns it off.
    pub fn per_minute(per_minute: u32) -> RateLimiter<K> {
        RateLimiter {
            per_second: f64::from(per_minute) / 60.0,
            burst: f64::from(per_minute).max(1.0),
            buckets: Mutex::new(HashMap::new()),
        }
    }

    /// Takes one from `key`'s bucket, or says how long to wait.
    pub fn check(&self, key: K) -> Result<(), u64> {
        self.with_bucket(key, true)
    }

    /// How long to wait when `key`'s bucket is empty, without taking one.
    pub fn blocked(&self, key: K) -> Option<u64> {
        self.with_bucket(key, false).err()
    }

    fn with_bucket(&self, key: K, take: bool) -> Result<(), u64> {
        if self.per_second <= 0.0 {
            return Ok(());
        }
        let now = Instant::now();
        let mut buckets = match self.buckets.lock() {
            Ok(guard) => guard,
            Err(poisoned) => poisoned.into_inner(),
        };
        if buckets.len() > 100_000 {
            buckets.clear();
        }
        let (tokens, last) = buckets.entry(key).or_insert((self.burst, now));
        *tokens =
            (*tokens + now.duration_since(*last).as_secs_f64() * self.per_second).min(self.burst);
        *last = now;
        if *tokens >= 1.0 {
            if take {
                *tokens -= 1.0;
            }
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
    fn failed_attempts_per_minute_then_a_wait_without_taking() {
        let limiter = RateLimiter::<u8>::per_minute(3);
        assert_eq!(limiter.blocked(1), None);
        for _ in 0..3 {
            assert_eq!(limiter.check(1), Ok(()));
        }
        assert_eq!(limiter.blocked(1), Some(20));
        assert_eq!(limiter.blocked(1), Some(20), "looking takes nothing");
        assert_eq!(limiter.blocked(2), None);
    }

    #[test]
    fn zero_means_unlimited() {
        let limiter = RateLimiter::new(0);
        let device = Uuid::now_v7();
        assert!((0..1000).all(|_| limiter.check(device).is_ok()));
    }
}
