//! Rate limits counted in the database, so that every server on it sees the same counts
//! (issue 18: with the counts in each server's memory, a client had five wrong passwords on one
//! server and five more on the next).
//!
//! An attempt *reserves* a place under every limit it falls under, all at once, before the
//! work it protects; a success gives its places back. The adapters name the keys and the
//! limits (the web's sign-in and sign-up policy lives in `lpc-web`'s limiter); the store keeps
//! only each key's kind and SHA-256. There is no permission to decide: anyone may be counted.
//!
//! The table stays bounded: the hourly job removes ended windows ([`prune`]), and each server
//! checks the bound ([`MAX_KEYS`]) itself after every [`CHECK_EVERY`] windows it started, so
//! that an attacker rotating addresses within the hour cannot grow it without end.

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use lpc_store::{ThrottleLimit, ThrottlePlace, ThrottlePrune};

use crate::{App, AppError};

/// A limit: at most `attempts` in any `window`, which starts with the first attempt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limit {
    pub attempts: u32,
    pub window: Duration,
}

/// Keys kept at most. Past it, ended windows go, then single attempts (what an attacker
/// rotating addresses leaves behind), then everything but the per-client counts
/// (`lpc_store::ThrottleStore::throttle_prune`).
pub const MAX_KEYS: u64 = 100_000;

/// Windows a server starts between two checks of [`MAX_KEYS`]: a count of the table costs a
/// few milliseconds, so it is not paid on every attempt; several servers overshoot the bound
/// by at most this much each.
pub const CHECK_EVERY: u64 = 1_000;

/// The longest key text taken: keys name an account and a client, far shorter than this.
pub const MAX_KEY_BYTES: usize = 4096;

/// Places taken by [`Throttles::reserve`], given back by [`Throttles::release`].
#[derive(Debug)]
pub struct Reservation {
    places: Vec<ThrottlePlace>,
}

/// One server's handle on the shared counts: it remembers how many windows it started since
/// it last checked the bound.
#[derive(Debug, Default)]
pub struct Throttles {
    new_windows: AtomicU64,
}

fn checked(key: &str) -> Result<&str, AppError> {
    if key.len() > MAX_KEY_BYTES {
        return Err(AppError::invalid(
            "key",
            format!(
                "a throttle key of {} bytes; at most {MAX_KEY_BYTES}",
                key.len()
            ),
        ));
    }
    Ok(key)
}

impl Throttles {
    /// Takes one place under each `(key, limit)`, or none when any of them is full: then
    /// `None`, and the attempt must be refused without doing its work. Every server counts
    /// the same places, and parallel attempts never get more than the limit.
    pub async fn reserve(
        &self,
        app: &App,
        limits: &[(String, Limit)],
    ) -> Result<Option<Reservation>, AppError> {
        let limits = limits
            .iter()
            .map(|(key, limit)| {
                Ok(ThrottleLimit {
                    key: checked(key)?,
                    attempts: limit.attempts,
                    window: limit.window,
                })
            })
            .collect::<Result<Vec<_>, AppError>>()?;
        let now = app.clock().now();
        let Some(places) = app.store().throttle_reserve(&limits, now).await? else {
            return Ok(None);
        };
        let started = places.iter().filter(|p| p.hits == 1).count();
        self.started(app, u64::try_from(started).unwrap_or(u64::MAX))
            .await;
        Ok(Some(Reservation { places }))
    }

    /// Gives back the places of an attempt that succeeded.
    pub async fn release(&self, app: &App, reservation: Reservation) -> Result<(), AppError> {
        Ok(app.store().throttle_release(&reservation.places).await?)
    }

    /// Counts one attempt under `key` outside any reservation (the account-wide failures that
    /// slow it down).
    pub async fn count(&self, app: &App, key: &str, window: Duration) -> Result<(), AppError> {
        let hits = app
            .store()
            .throttle_count(checked(key)?, window, app.clock().now())
            .await?;
        if hits == 1 {
            self.started(app, 1).await;
        }
        Ok(())
    }

    /// The attempts under `key` in its current window.
    pub async fn attempts(&self, app: &App, key: &str, window: Duration) -> Result<u32, AppError> {
        Ok(app
            .store()
            .throttle_attempts(checked(key)?, window, app.clock().now())
            .await?)
    }

    /// Forgets `key` (an account whose owner signed in).
    pub async fn clear(&self, app: &App, key: &str) -> Result<(), AppError> {
        Ok(app.store().throttle_clear(checked(key)?).await?)
    }

    /// Notes `n` windows started here; every [`CHECK_EVERY`], the bound is checked. A failed
    /// check fails nothing (the attempt was counted): it is logged and done again later.
    async fn started(&self, app: &App, n: u64) {
        if n == 0 {
            return;
        }
        let before = self.new_windows.fetch_add(n, Ordering::Relaxed);
        if before / CHECK_EVERY == before.saturating_add(n) / CHECK_EVERY {
            return;
        }
        match prune(app).await {
            Ok(pruned) if pruned.removed > 0 => {
                tracing::info!(
                    removed = pruned.removed,
                    kept = pruned.kept,
                    "throttle counts pruned"
                );
            }
            Ok(_) => {}
            Err(e) => tracing::warn!(error = %e, "throttle counts not pruned; tried again later"),
        }
    }
}

/// Removes the counts whose window has ended, and past [`MAX_KEYS`] the least useful ones:
/// the hourly job, and each server now and then.
pub async fn prune(app: &App) -> Result<ThrottlePrune, AppError> {
    Ok(app
        .store()
        .throttle_prune(app.clock().now(), MAX_KEYS)
        .await?)
}
