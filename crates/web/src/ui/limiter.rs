//! Rate limits of sign-in and sign-up, counted before the work they protect.
//!
//! An attempt *reserves* a place in every window it falls under, all at once, before the
//! password is checked: a hundred parallel guesses get as many password checks as the limit
//! allows and no more (issue 15: counting after the check let 25 through a limit of 5). A
//! sign-in that succeeds gives its places back.
//!
//! Sign-in is limited per (account, client) and per client, so a stranger's guesses cannot lock
//! the owner out; the account as a whole is only slowed down ([`account_delay`]) once many
//! clients have failed on it. The counts live in the database, through
//! [`lpc_app::throttles`], so every server on it sees the same ones (issue 18); they stay
//! bounded there ([`lpc_app::throttles::MAX_KEYS`]).
//!
//! When the counts cannot be reached, an attempt is refused with a "try again" page (503,
//! logged), never let through unchecked: the database it would then need is the one that
//! failed, and a limit that gives way under load is no limit. Nothing is counted for a refused
//! attempt, so the user is not locked out once the database answers again. What comes after the
//! password check (giving places back, counting, forgetting) is only logged when it fails:
//! the user's answer is already decided.

use std::net::IpAddr;
use std::time::Duration;

use lpc_app::throttles::Throttles;
use lpc_app::{App, AppError};

pub use lpc_app::throttles::Limit;

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

/// Counts attempts per key (`pair:...`, `client:...`, `account:...`, `signup:...`), for every
/// server on the App's database.
#[derive(Debug)]
pub struct Limiter {
    app: App,
    throttles: Throttles,
}

/// Places taken by [`Limiter::reserve`], given back by [`Limiter::release`].
pub use lpc_app::throttles::Reservation;

impl Limiter {
    /// A limiter counting in `app`'s database.
    pub fn new(app: App) -> Self {
        Limiter {
            app,
            throttles: Throttles::default(),
        }
    }

    /// Takes one place under each `(key, limit)`, or none when any of them is full (then
    /// `Ok(None)`: the attempt must be refused without doing its work). An error: the counts
    /// could not be reached, and the attempt must be refused too ([`super::accounts::unavailable`]).
    pub async fn reserve(
        &self,
        limits: &[(String, Limit)],
    ) -> Result<Option<Reservation>, AppError> {
        self.throttles.reserve(&self.app, limits).await.inspect_err(|e| {
            tracing::error!(error = %e, "attempt limits could not be read: the attempt is refused");
        })
    }

    /// Gives back the places of an attempt that succeeded.
    pub async fn release(&self, reservation: Reservation) {
        if let Err(e) = self.throttles.release(&self.app, reservation).await {
            tracing::warn!(error = %e, "places not given back; they end with their window");
        }
    }

    /// Counts one attempt under `key` outside any reservation (the account-wide failures that
    /// slow it down).
    pub async fn count(&self, key: &str, window: Duration) {
        if let Err(e) = self.throttles.count(&self.app, key, window).await {
            tracing::warn!(error = %e, "a failed attempt was not counted");
        }
    }

    /// The attempts under `key` in its current window.
    pub async fn attempts(&self, key: &str, window: Duration) -> Result<u32, AppError> {
        self.throttles.attempts(&self.app, key, window).await
    }

    /// Forgets `key` (an account whose owner signed in).
    pub async fn clear(&self, key: &str) {
        if let Err(e) = self.throttles.clear(&self.app, key).await {
            tracing::warn!(error = %e, "attempts not forgotten; they end with their window");
        }
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

    // The counting itself is the store's (`lpc_store::story::throttles`, on every database)
    // and the HTTP tests' (`crates/web/tests/throttles.rs`, two servers on one database).

    #[test]
    fn the_account_slows_down_and_never_locks() {
        assert_eq!(account_delay(10), Duration::ZERO);
        assert_eq!(account_delay(11), Duration::from_millis(250));
        assert_eq!(account_delay(12), Duration::from_millis(500));
        assert_eq!(account_delay(1000), MAX_DELAY);
    }
}
