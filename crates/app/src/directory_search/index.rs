//! The directory kept in memory by one server: the current [`Snapshot`], built again when the
//! day changes (R26), after [`DirectoryIndex::invalidate`], or when the store's version
//! differs (checked in the background at most every [`CHECK_EVERY`]).

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, OnceLock, RwLock};
use std::time::{Duration, Instant};

use jiff::civil::Date;

use super::snapshot::Snapshot;
use crate::app::App;
use crate::error::AppError;

/// How often (at most) a server asks the store whether the directory changed.
pub const CHECK_EVERY: Duration = Duration::from_secs(5);

/// The directory kept in memory by one server (shared by every clone of its [`App`]).
#[derive(Debug, Default)]
pub struct DirectoryIndex {
    current: RwLock<Option<Arc<Snapshot>>>,
    /// One rebuild at a time; searches meanwhile answer from the current snapshot.
    building: tokio::sync::Mutex<()>,
    /// Set by [`DirectoryIndex::invalidate`]: the next search waits for a fresh snapshot.
    stale: AtomicBool,
    /// When the store's version was last asked for (milliseconds since [`epoch`]).
    checked_ms: AtomicU64,
    /// Rebuilds done (a waiting search skips its own when another finished meanwhile).
    rebuilds: AtomicU64,
}

fn epoch() -> Instant {
    static EPOCH: OnceLock<Instant> = OnceLock::new();
    *EPOCH.get_or_init(Instant::now)
}

fn now_ms() -> u64 {
    u64::try_from(epoch().elapsed().as_millis()).unwrap_or(u64::MAX)
}

impl DirectoryIndex {
    /// Call after changing the directory in this process: the next search reads it again.
    pub fn invalidate(&self) {
        self.stale.store(true, Ordering::SeqCst);
    }

    fn current(&self) -> Option<Arc<Snapshot>> {
        self.current
            .read()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .clone()
    }

    fn set(&self, snapshot: Arc<Snapshot>) {
        *self
            .current
            .write()
            .unwrap_or_else(|poisoned| poisoned.into_inner()) = Some(snapshot);
    }

    /// True (once per [`CHECK_EVERY`]) when it is time to ask the store for its version.
    fn check_due(&self) -> bool {
        let now = now_ms();
        let last = self.checked_ms.load(Ordering::Relaxed);
        let every = u64::try_from(CHECK_EVERY.as_millis()).unwrap_or(u64::MAX);
        now.saturating_sub(last) >= every
            && self
                .checked_ms
                .compare_exchange(last, now, Ordering::SeqCst, Ordering::Relaxed)
                .is_ok()
    }
}

/// Reads the store's version, and the listings when they changed (or the day did).
async fn rebuild(app: &App, today: Date) -> Result<Arc<Snapshot>, AppError> {
    let index = app.directory_index();
    let seen = index.rebuilds.load(Ordering::SeqCst);
    let _one_at_a_time = index.building.lock().await;
    let known = index.current().filter(|k| k.built_for == today);
    if let Some(known) = &known
        && index.rebuilds.load(Ordering::SeqCst) != seen
        && !index.stale.load(Ordering::SeqCst)
    {
        // Another search brought it up to date while this one waited.
        return Ok(known.clone());
    }
    index.stale.store(false, Ordering::SeqCst);
    index.checked_ms.store(now_ms(), Ordering::SeqCst);
    // The version is read before the listings: a change in between makes the next check
    // read them again, never the reverse.
    let version = app.store().directory_version().await?;
    let snapshot = match known.filter(|k| k.version == version) {
        Some(known) => known,
        None => {
            let listings = app.store().public_listings(today).await?;
            let built =
                tokio::task::spawn_blocking(move || Snapshot::build(today, version, listings))
                    .await
                    .map_err(|e| AppError::Internal(format!("building the directory: {e}")))?;
            let built = Arc::new(built);
            index.set(built.clone());
            tracing::info!(listings = built.len(), %today, "public directory loaded");
            built
        }
    };
    index.rebuilds.fetch_add(1, Ordering::SeqCst);
    Ok(snapshot)
}

/// The listings public today, from memory (built or refreshed as the module says).
pub async fn snapshot(app: &App) -> Result<Arc<Snapshot>, AppError> {
    let today = app.clock().today();
    let index = app.directory_index();
    match index.current() {
        Some(s) if s.built_for == today && !index.stale.load(Ordering::SeqCst) => {
            if index.check_due() {
                let app = app.clone();
                tokio::spawn(async move {
                    if let Err(e) = rebuild(&app, today).await {
                        tracing::warn!(error = %e, "the public directory was not refreshed");
                    }
                });
            }
            Ok(s)
        }
        _ => rebuild(app, today).await,
    }
}
