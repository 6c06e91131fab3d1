//! Sign-in rate limiting: failed attempts are counted per client IP and per account in fixed
//! windows; past the limit, sign-in answers 429 without checking the password (so a flood
//! costs no Argon2 time).
//!
//! The counts live in this process's memory: behind a load balancer each server counts on its
//! own, which multiplies the limits by the number of servers at most.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// How long a window lasts.
pub const WINDOW: Duration = Duration::from_secs(15 * 60);
/// Failed attempts allowed per account per window.
pub const PER_ACCOUNT: u32 = 5;
/// Failed attempts allowed per client IP per window.
pub const PER_IP: u32 = 20;
/// Past this many keys, expired windows are swept.
const SWEEP_AT: usize = 10_000;

/// Counts failures per key (`ip:...` or `account:...`).
#[derive(Debug, Default)]
pub struct LoginLimiter {
    counts: Mutex<HashMap<String, (Instant, u32)>>,
}

impl LoginLimiter {
    /// True when `key` has used up its `limit` in the current window.
    pub fn blocked(&self, key: &str, limit: u32) -> bool {
        let Ok(counts) = self.counts.lock() else {
            return false;
        };
        counts
            .get(key)
            .is_some_and(|(start, n)| start.elapsed() < WINDOW && *n >= limit)
    }

    /// Counts one failed attempt for `key`.
    pub fn failed(&self, key: &str) {
        let Ok(mut counts) = self.counts.lock() else {
            return;
        };
        if counts.len() >= SWEEP_AT {
            counts.retain(|_, (start, _)| start.elapsed() < WINDOW);
        }
        let entry = counts.entry(key.to_owned()).or_insert((Instant::now(), 0));
        if entry.0.elapsed() >= WINDOW {
            *entry = (Instant::now(), 0);
        }
        entry.1 = entry.1.saturating_add(1);
    }

    /// Forgets the failures of `key` (an account that signed in).
    pub fn clear(&self, key: &str) {
        if let Ok(mut counts) = self.counts.lock() {
            counts.remove(key);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_limit_blocks_after_that_many_failures_and_clears_on_success() {
        let limiter = LoginLimiter::default();
        for _ in 0..PER_ACCOUNT {
            assert!(!limiter.blocked("account:a", PER_ACCOUNT));
            limiter.failed("account:a");
        }
        assert!(limiter.blocked("account:a", PER_ACCOUNT));
        assert!(!limiter.blocked("account:b", PER_ACCOUNT));
        limiter.clear("account:a");
        assert!(!limiter.blocked("account:a", PER_ACCOUNT));
    }
}
