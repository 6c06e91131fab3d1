//! Rate limits shared by every server on one database: the [`ThrottleStore`] part of the
//! storage contract.

use std::time::Duration;

use async_trait::async_trait;
use jiff::Timestamp;

use crate::error::StoreError;

/// One limit a reservation takes a place under: at most `attempts` under `key` in a `window`
/// that starts with the first attempt (a fixed window, as the web's limiter always had).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ThrottleLimit<'a> {
    /// What is counted (`pair:...`, `client:...`); never stored as given (see [`ThrottleStore`]).
    pub key: &'a str,
    pub attempts: u32,
    pub window: Duration,
}

/// A place a reservation took, which [`ThrottleStore::throttle_release`] gives back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ThrottlePlace {
    /// The key as stored (its kind and SHA-256).
    pub stored_key: String,
    /// The window the place was taken in (Unix seconds): a place is given back to that
    /// window only, never to a later one that someone else is filling.
    pub window_start: i64,
    /// The attempts in the window with this one; 1 when it started the window.
    pub hits: u32,
}

/// What [`ThrottleStore::throttle_prune`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ThrottlePrune {
    /// Keys removed.
    pub removed: u64,
    /// Keys kept.
    pub kept: u64,
}

/// Attempts counted per key in fixed windows, in the database so that every server sees the
/// same counts (issue 18: five wrong passwords on one server and five more on another were
/// ten). A key is stored as its kind (the text before its first `:`) and the SHA-256 of the
/// whole text: no e-mail address or client address is kept, and every stored key has the same
/// bounded length. Throttles are not audited (an attempt is not a change of the program).
#[async_trait]
pub trait ThrottleStore: Send + Sync {
    /// Takes one place under each limit at `now`, all or none, atomically for every server:
    /// the places taken, or `None` (nothing counted) when any limit is already full. A key
    /// whose window has ended starts a new one.
    async fn throttle_reserve(
        &self,
        limits: &[ThrottleLimit<'_>],
        now: Timestamp,
    ) -> Result<Option<Vec<ThrottlePlace>>, StoreError>;

    /// Gives back places taken by [`Self::throttle_reserve`], each to the window it was taken
    /// in (a window that has ended meanwhile is left alone).
    async fn throttle_release(&self, places: &[ThrottlePlace]) -> Result<(), StoreError>;

    /// Counts one attempt under `key` outside any reservation; the attempts in its window
    /// with this one.
    async fn throttle_count(
        &self,
        key: &str,
        window: Duration,
        now: Timestamp,
    ) -> Result<u32, StoreError>;

    /// The attempts under `key` in its window, if that window has not ended by `now`.
    async fn throttle_attempts(
        &self,
        key: &str,
        window: Duration,
        now: Timestamp,
    ) -> Result<u32, StoreError>;

    /// Forgets `key`.
    async fn throttle_clear(&self, key: &str) -> Result<(), StoreError>;

    /// Removes the keys whose window has ended by `now`; then, when `max_keys` or more remain,
    /// the keys of one attempt (what an attacker rotating addresses leaves behind), then every
    /// key but the per-client ones (`client:`), then all, stopping as soon as fewer than half
    /// of `max_keys` remain.
    async fn throttle_prune(
        &self,
        now: Timestamp,
        max_keys: u64,
    ) -> Result<ThrottlePrune, StoreError>;
}
