//! Rate limits of sign-in and sign-up, counted before the work they protect.
//!
//! An attempt *reserves* a place in every window it falls under, all at once under one lock,
//! before the password is checked: a hundred parallel guesses get as many password checks as
//! the limit allows and no more (issue 15: counting after the check let 25 through a limit
//! of 5). A sign-in that succeeds gives its places back.
//!
//! Sign-in is limited per (account, client) and per client, so a stranger's guesses cannot lock
//! the owner out; the account as a whole is only slowed down ([`account_delay`]) once many
//! clients have failed on it. Counts live in this process's memory, bounded by [`MAX_KEYS`].

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// A limit: at most `attempts` in any `window`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limit {
    pub attempts: u32,
    pub window: Duration,
}

const QUARTER_HOUR: Duration = Duration::from_secs(15 * 60);

/// Failed sign-ins per account from one client, per quarter hour.
pub const PER_ACCOUNT_AND_CLIENT: Limit = Limit {
    attempts: 5,
    window: QUARTER_HOUR,
};
/// Failed sign-ins from one client over all accounts, per quarter hour.
pub const PER_CLIENT: Limit = Limit {
    attempts: 20,
    window: QUARTER_HOUR,
};
/// Failed sign-ins on one account, from every client, before each further attempt is slowed.
pub const ACCOUNT_SLOW_AFTER: Limit = Limit {
    attempts: 10,
    window: QUARTER_HOUR,
};
/// Sign-ups from one client per hour.
pub const SIGNUPS_PER_CLIENT: Limit = Limit {
    attempts: 5,
    window: Duration::from_secs(3600),
};
/// The longest an account's slow-down makes a sign-in wait.
pub const MAX_DELAY: Duration = Duration::from_secs(5);

/// Keys kept at most. Past it, expired windows are swept, then single attempts (what an
/// attacker rotating addresses leaves behind), then everything but the per-client counts.
pub const MAX_KEYS: usize = 100_000;

/// Counts attempts per key (`pair:...`, `client:...`, `account:...`, `signup:...`).
#[derive(Debug, Default)]
pub struct Limiter {
    counts: Mutex<HashMap<String, (Instant, u32)>>,
}

/// Places taken by [`Limiter::reserve`], given back by [`Limiter::release`].
#[derive(Debug)]
pub struct Reservation {
    keys: Vec<String>,
}

fn current(entry: Option<&(Instant, u32)>, window: Duration) -> u32 {
    entry.map_or(
        0,
        |(start, n)| if start.elapsed() < window { *n } else { 0 },
    )
}

impl Limiter {
    fn counts(&self) -> std::sync::MutexGuard<'_, HashMap<String, (Instant, u32)>> {
        // Each change is one insert or update: a panic elsewhere leaves nothing half-made.
        self.counts
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Takes one place under each `(key, limit)`, or none when any of them is full (then
    /// `None`: the attempt must be refused without doing its work).
    pub fn reserve(&self, limits: &[(String, Limit)]) -> Option<Reservation> {
        let mut counts = self.counts();
        if limits
            .iter()
            .any(|(key, limit)| current(counts.get(key), limit.window) >= limit.attempts)
        {
            return None;
        }
        for (key, limit) in limits {
            bump(&mut counts, key, limit.window);
        }
        Some(Reservation {
            keys: limits.iter().map(|(k, _)| k.clone()).collect(),
        })
    }

    /// Gives back the places of an attempt that succeeded.
    pub fn release(&self, reservation: Reservation) {
        let mut counts = self.counts();
        for key in reservation.keys {
            if let Some(entry) = counts.get_mut(&key) {
                entry.1 = entry.1.saturating_sub(1);
            }
        }
    }

    /// Counts one attempt under `key` outside any reservation (the account-wide failures that
    /// slow it down).
    pub fn count(&self, key: &str, window: Duration) {
        bump(&mut self.counts(), key, window);
    }

    /// The attempts under `key` in its current window.
    pub fn attempts(&self, key: &str, window: Duration) -> u32 {
        current(self.counts().get(key), window)
    }

    /// Forgets `key` (an account whose owner signed in).
    pub fn clear(&self, key: &str) {
        self.counts().remove(key);
    }

    /// Keys held.
    #[cfg(test)]
    fn len(&self) -> usize {
        self.counts().len()
    }
}

/// One more attempt under `key`, in a fresh window when its last one ended.
fn bump(counts: &mut HashMap<String, (Instant, u32)>, key: &str, window: Duration) {
    if !counts.contains_key(key) && counts.len() >= MAX_KEYS {
        shrink(counts);
    }
    let entry = counts.entry(key.to_owned()).or_insert((Instant::now(), 0));
    if entry.0.elapsed() >= window {
        *entry = (Instant::now(), 0);
    }
    entry.1 = entry.1.saturating_add(1);
}

fn shrink(counts: &mut HashMap<String, (Instant, u32)>) {
    counts.retain(|_, (start, _)| start.elapsed() < Duration::from_secs(3600));
    if counts.len() >= MAX_KEYS / 2 {
        counts.retain(|_, (_, n)| *n > 1);
    }
    if counts.len() >= MAX_KEYS / 2 {
        counts.retain(|key, _| key.starts_with("client:"));
    }
    if counts.len() >= MAX_KEYS / 2 {
        counts.clear();
    }
}

/// How long a sign-in on an account waits, given the failures on it from every client: none
/// up to [`ACCOUNT_SLOW_AFTER`], then doubling from a quarter second to [`MAX_DELAY`].
pub fn account_delay(failures: u32) -> Duration {
    let over = failures.saturating_sub(ACCOUNT_SLOW_AFTER.attempts);
    if over == 0 {
        return Duration::ZERO;
    }
    let quarter = Duration::from_millis(250);
    quarter
        .checked_mul(1u32 << over.saturating_sub(1).min(8))
        .unwrap_or(MAX_DELAY)
        .min(MAX_DELAY)
}

/// The client as keys name it (`unknown` without connection info, as in some tests).
fn client_label(client: Option<IpAddr>) -> String {
    client.map_or_else(|| "unknown".to_owned(), |ip| ip.to_string())
}

/// The key of sign-in failures on `account` from `client`: forgotten when the owner signs in
/// from there.
pub fn pair_key(account: &str, client: Option<IpAddr>) -> String {
    format!("pair:{account}|{}", client_label(client))
}

/// The keys of a sign-in attempt on `account` from `client`.
pub fn sign_in_limits(account: &str, client: Option<IpAddr>) -> Vec<(String, Limit)> {
    vec![
        (pair_key(account, client), PER_ACCOUNT_AND_CLIENT),
        (format!("client:{}", client_label(client)), PER_CLIENT),
    ]
}

/// The key and limit of a sign-up from `client`.
pub fn sign_up_limit(client: Option<IpAddr>) -> (String, Limit) {
    (
        format!("signup:{}", client_label(client)),
        SIGNUPS_PER_CLIENT,
    )
}

/// The key of the account-wide failures that slow sign-in down.
pub fn account_key(account: &str) -> String {
    format!("account:{account}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(last: u8) -> Option<IpAddr> {
        Some(IpAddr::from([203, 0, 113, last]))
    }

    #[test]
    fn a_stranger_uses_up_their_own_attempts_not_the_owners() {
        let limiter = Limiter::default();
        for _ in 0..PER_ACCOUNT_AND_CLIENT.attempts {
            assert!(limiter.reserve(&sign_in_limits("a@x", ip(1))).is_some());
        }
        assert!(limiter.reserve(&sign_in_limits("a@x", ip(1))).is_none());
        assert!(
            limiter.reserve(&sign_in_limits("a@x", ip(2))).is_some(),
            "the owner, from elsewhere"
        );
    }

    #[test]
    fn a_success_gives_its_places_back() {
        let limiter = Limiter::default();
        for _ in 0..20 {
            let r = limiter.reserve(&sign_in_limits("a@x", ip(1))).unwrap();
            limiter.release(r);
        }
        assert!(limiter.reserve(&sign_in_limits("a@x", ip(1))).is_some());
    }

    #[test]
    fn parallel_attempts_get_no_more_places_than_the_limit() {
        let limiter = std::sync::Arc::new(Limiter::default());
        let granted = std::sync::Arc::new(std::sync::atomic::AtomicU32::new(0));
        let threads: Vec<_> = (0..100)
            .map(|_| {
                let limiter = limiter.clone();
                let granted = granted.clone();
                std::thread::spawn(move || {
                    if limiter.reserve(&sign_in_limits("a@x", ip(1))).is_some() {
                        granted.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                    }
                })
            })
            .collect();
        for t in threads {
            t.join().unwrap();
        }
        assert_eq!(granted.load(std::sync::atomic::Ordering::SeqCst), 5);
    }

    #[test]
    fn the_account_slows_down_and_never_locks() {
        assert_eq!(account_delay(10), Duration::ZERO);
        assert_eq!(account_delay(11), Duration::from_millis(250));
        assert_eq!(account_delay(12), Duration::from_millis(500));
        assert_eq!(account_delay(1000), MAX_DELAY);
    }

    #[test]
    fn keys_stay_bounded() {
        let limiter = Limiter::default();
        for i in 0..(MAX_KEYS + 10) {
            limiter.count(&format!("account:{i}"), QUARTER_HOUR);
        }
        assert!(limiter.len() <= MAX_KEYS);
    }
}
