//! `chatgate serve --rate-limit N`: how many POSTs a client may send the receiver a minute, by its IP address
//! (the connection's peer, as `accept` records it; a proxy in front makes every client one).
//!
//! A token bucket per address: it holds up to N tokens, a request takes one, and tokens come back at N a minute,
//! so a client may send a burst of N and then N a minute. A request without a token is answered 429 with
//! `Retry-After`: the seconds until it has one. The table of buckets is bounded ([`MAX_CLIENTS`]): a full
//! bucket is the same as none and is dropped first; beyond that, the bucket left alone longest. Nothing here
//! logs an address. The time comes in as an argument, so the arithmetic is tested without waiting.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// POSTs a minute per address unless `--rate-limit` says otherwise: a widget sends one per consent or
/// withdrawal (and retries a few), so a person never comes near it; a script flooding the ledger does.
pub const DEFAULT_PER_MINUTE: u32 = 120;

/// The most addresses tracked at once (a few hundred kilobytes).
pub const MAX_CLIENTS: usize = 10_000;

/// One address's bucket.
#[derive(Clone, Copy, Debug)]
struct Bucket {
    tokens: f64,
    /// When `tokens` was last brought up to date.
    at: Instant,
}

/// Buckets of the addresses seen lately, shared by the handlers.
#[derive(Debug)]
pub struct RateLimiter {
    per_minute: u32,
    max_clients: usize,
    buckets: Mutex<HashMap<IpAddr, Bucket>>,
}

impl RateLimiter {
    /// `per_minute` requests a minute per address (at least 1), at most [`MAX_CLIENTS`] addresses tracked.
    pub fn new(per_minute: u32) -> RateLimiter {
        RateLimiter::with_capacity(per_minute, MAX_CLIENTS)
    }

    fn with_capacity(per_minute: u32, max_clients: usize) -> RateLimiter {
        RateLimiter {
            per_minute: per_minute.max(1),
            max_clients: max_clients.max(1),
            buckets: Mutex::new(HashMap::new()),
        }
    }

    /// The limit, in requests a minute.
    pub fn per_minute(&self) -> u32 {
        self.per_minute
    }

    fn capacity(&self) -> f64 {
        f64::from(self.per_minute)
    }

    /// Tokens a second.
    fn rate(&self) -> f64 {
        f64::from(self.per_minute) / 60.0
    }

    /// `bucket` brought up to `now`.
    fn refilled(&self, bucket: Bucket, now: Instant) -> Bucket {
        let elapsed = now.saturating_duration_since(bucket.at).as_secs_f64();
        Bucket {
            tokens: (bucket.tokens + elapsed * self.rate()).min(self.capacity()),
            at: now.max(bucket.at),
        }
    }

    /// Takes a token for a request from `client` at `now`: `Ok`, or `Err` with how long until the next token.
    pub fn check(&self, client: IpAddr, now: Instant) -> Result<(), Duration> {
        let mut buckets = self
            .buckets
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        if !buckets.contains_key(&client) && buckets.len() >= self.max_clients {
            self.make_room(&mut buckets, now);
        }
        let bucket = buckets.get(&client).copied().unwrap_or(Bucket {
            tokens: self.capacity(),
            at: now,
        });
        let mut bucket = self.refilled(bucket, now);
        let result = if bucket.tokens >= 1.0 {
            bucket.tokens -= 1.0;
            Ok(())
        } else {
            Err(Duration::from_secs_f64((1.0 - bucket.tokens) / self.rate()))
        };
        buckets.insert(client, bucket);
        result
    }

    /// Drops every full bucket (as good as none); if none was full, the one left alone longest.
    fn make_room(&self, buckets: &mut HashMap<IpAddr, Bucket>, now: Instant) {
        let before = buckets.len();
        buckets.retain(|_, bucket| self.refilled(*bucket, now).tokens < self.capacity());
        if buckets.len() < before {
            return;
        }
        if let Some(oldest) = buckets
            .iter()
            .min_by_key(|(_, bucket)| bucket.at)
            .map(|(client, _)| *client)
        {
            buckets.remove(&oldest);
        }
    }

    /// How many addresses are tracked.
    pub fn clients(&self) -> usize {
        self.buckets
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .len()
    }
}

/// `Retry-After` for a wait: whole seconds, rounded up, at least 1.
pub fn retry_after_seconds(wait: Duration) -> u64 {
    let seconds = wait.as_secs() + u64::from(wait.subsec_nanos() > 0);
    seconds.max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(last: u8) -> IpAddr {
        IpAddr::from([192, 0, 2, last])
    }

    #[test]
    fn a_burst_of_the_limit_passes_then_one_request_per_share_of_a_minute() {
        let limiter = RateLimiter::new(120);
        let start = Instant::now();
        for _ in 0..120 {
            assert_eq!(limiter.check(ip(1), start), Ok(()));
        }
        let wait = limiter.check(ip(1), start).unwrap_err();
        assert!((wait.as_secs_f64() - 0.5).abs() < 1e-9, "{wait:?}");
        assert_eq!(retry_after_seconds(wait), 1);
        assert!(limiter
            .check(ip(1), start + Duration::from_millis(499))
            .is_err());
        assert_eq!(
            limiter.check(ip(1), start + Duration::from_millis(1_000)),
            Ok(())
        );
        assert_eq!(limiter.check(ip(2), start), Ok(()), "another address");
        // A minute later the bucket is full again, never fuller.
        let later = start + Duration::from_secs(600);
        for _ in 0..120 {
            assert_eq!(limiter.check(ip(1), later), Ok(()));
        }
        assert!(limiter.check(ip(1), later).is_err());
    }

    #[test]
    fn retry_after_is_whole_seconds_rounded_up() {
        let check = |millis: u64, seconds: u64| {
            assert_eq!(
                retry_after_seconds(Duration::from_millis(millis)),
                seconds,
                "{millis} ms"
            );
        };
        check(0, 1);
        check(1, 1);
        check(999, 1);
        check(1_000, 1);
        check(1_001, 2);
        check(30_000, 30);
        let limiter = RateLimiter::new(2);
        let now = Instant::now();
        limiter.check(ip(1), now).unwrap();
        limiter.check(ip(1), now).unwrap();
        assert_eq!(
            retry_after_seconds(limiter.check(ip(1), now).unwrap_err()),
            30
        );
    }

    #[test]
    fn the_table_stays_bounded_dropping_full_buckets_first() {
        let limiter = RateLimiter::with_capacity(10, 3);
        let start = Instant::now();
        for _ in 0..10 {
            limiter.check(ip(1), start).unwrap();
        }
        limiter.check(ip(2), start).unwrap();
        limiter
            .check(ip(3), start + Duration::from_secs(1))
            .unwrap();
        // Much later: 2's and 3's buckets are full again, 1's is not (it is checked again first).
        let later = start + Duration::from_secs(60);
        for _ in 0..10 {
            limiter.check(ip(1), later).unwrap();
        }
        limiter.check(ip(4), later).unwrap();
        assert_eq!(limiter.clients(), 2, "the full buckets went");
        assert!(
            limiter.check(ip(1), later).is_err(),
            "an empty bucket stays"
        );
        // No bucket full: the one left alone longest gives way.
        limiter.check(ip(5), later).unwrap();
        limiter
            .check(ip(6), later + Duration::from_millis(1))
            .unwrap();
        assert_eq!(limiter.clients(), 3);
    }
}
