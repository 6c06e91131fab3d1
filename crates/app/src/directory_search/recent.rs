//! The matches of a snapshot's recent searches, so that every page of a search, and the same
//! search by another visitor, reuses them; bounded in searches and in indexes held.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard};

use lpc_domain::{CountryCode, LearningOption};

use super::query::SortOrder;

/// What a search's matches depend on (the page does not).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(super) struct SearchKey {
    pub(super) needle: String,
    pub(super) country: Option<CountryCode>,
    pub(super) competency: Option<String>,
    pub(super) tier: Option<LearningOption>,
    pub(super) sort: SortOrder,
}

/// The matches of recent searches of one snapshot (so dropped with it when the directory
/// changes). Bounded: when it would hold more than [`RECENT_MATCHES`] indexes or
/// [`RECENT_SEARCHES`] searches, it is emptied and fills again with what is asked.
#[derive(Debug, Default)]
pub(super) struct RecentSearches {
    inner: Mutex<Recent>,
}

/// The matches by search, and how many indexes they hold in all.
pub(super) type Recent = (HashMap<SearchKey, Arc<Vec<u32>>>, usize);

/// At most this many match indexes kept (4 bytes each: 8 MiB).
pub const RECENT_MATCHES: usize = 2_000_000;
/// At most this many searches kept.
pub const RECENT_SEARCHES: usize = 4096;

impl RecentSearches {
    pub(super) fn lock(&self) -> MutexGuard<'_, Recent> {
        // Inserts are single calls: a poisoned lock holds no half-written entry.
        self.inner
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    pub(super) fn get(&self, key: &SearchKey) -> Option<Arc<Vec<u32>>> {
        self.lock().0.get(key).cloned()
    }

    pub(super) fn put(&self, key: SearchKey, found: Arc<Vec<u32>>) {
        let mut guard = self.lock();
        let (map, held) = &mut *guard;
        if *held + found.len() > RECENT_MATCHES || map.len() >= RECENT_SEARCHES {
            map.clear();
            *held = 0;
        }
        *held += found.len();
        if let Some(old) = map.insert(key, found) {
            *held -= old.len();
        }
    }
}
