//! Views derived from published KPI reports, kept in memory (issue 6 item 9).
//!
//! A publication never changes, so neither does anything computed from it alone: a
//! dashboard's filtered and sorted rows, its chart in one language, the report's JSON. The
//! largest partners have ten thousand lines; recomputing those for every request was what
//! made a dashboard request slow under load. Each entry's key names everything the view
//! depends on (partner, publication, the day, the rule set in force, the query, the
//! language), so an entry is never stale, only unused.
//!
//! Each server keeps its own caches; as the views are functions of frozen data, servers
//! cannot disagree.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard};

use axum::body::Bytes;

use crate::ui::kpi_dashboard::Dashboard;

/// Values of one kind by key, up to a budget of weight (rows or bytes); when a new value
/// would go over it, everything is dropped and the cache fills again with what is asked for
/// (a new publication changes every key, so old entries would otherwise stay until then).
#[derive(Debug)]
pub struct Memo<V> {
    inner: Mutex<Entries<V>>,
    budget: usize,
    weigh: fn(&V) -> usize,
}

#[derive(Debug)]
struct Entries<V> {
    values: HashMap<String, Arc<V>>,
    weight: usize,
}

impl<V> Memo<V> {
    pub fn new(budget: usize, weigh: fn(&V) -> usize) -> Self {
        Memo {
            inner: Mutex::new(Entries {
                values: HashMap::new(),
                weight: 0,
            }),
            budget,
            weigh,
        }
    }

    fn entries(&self) -> MutexGuard<'_, Entries<V>> {
        // Inserts are single calls: a panic elsewhere cannot leave half an entry.
        self.inner
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    pub fn get(&self, key: &str) -> Option<Arc<V>> {
        self.entries().values.get(key).cloned()
    }

    /// Keeps `value` under `key` (unless it alone is over the budget) and hands it back.
    pub fn put(&self, key: String, value: V) -> Arc<V> {
        let weight = (self.weigh)(&value);
        let value = Arc::new(value);
        if weight > self.budget {
            return value;
        }
        let mut entries = self.entries();
        if entries.weight + weight > self.budget {
            entries.values.clear();
            entries.weight = 0;
        }
        if let Some(old) = entries.values.insert(key, value.clone()) {
            entries.weight -= (self.weigh)(&old);
        }
        entries.weight += weight;
        value
    }

    /// The value under `key`, computed by `make` and kept when missing.
    pub fn get_or_make(&self, key: String, make: impl FnOnce() -> V) -> Arc<V> {
        match self.get(&key) {
            Some(value) => value,
            None => self.put(key, make()),
        }
    }

    /// The weight held, for tests.
    pub fn weight(&self) -> usize {
        self.entries().weight
    }
}

/// The caches of one server, shared by its UI and API handlers (an `Extension`).
#[derive(Debug)]
pub struct ViewCaches {
    /// Dashboards by partner, publication, day, rule set and query; weighed in rows shown.
    pub dashboards: Memo<Dashboard>,
    /// The dashboard's SVG chart by partner, publication, day, rule set and language; bytes.
    pub charts: Memo<String>,
    /// The `kpi-report` API's JSON body by partner, publication and day; bytes.
    pub report_json: Memo<Bytes>,
}

impl Default for ViewCaches {
    fn default() -> Self {
        ViewCaches {
            // About 200 bytes a row: 40 MiB at most.
            dashboards: Memo::new(200_000, |d| d.rows.len().max(1)),
            charts: Memo::new(64 << 20, String::len),
            report_json: Memo::new(128 << 20, Bytes::len),
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    #[test]
    fn a_value_is_made_once_then_shared() {
        let memo: Memo<String> = Memo::new(100, String::len);
        let mut made = 0;
        for _ in 0..3 {
            let v = memo.get_or_make("k".into(), || {
                made += 1;
                "value".to_owned()
            });
            assert_eq!(*v, "value");
        }
        assert_eq!(made, 1);
        assert_eq!(memo.weight(), 5);
    }

    #[test]
    fn going_over_the_budget_starts_again_and_a_value_too_big_is_not_kept() {
        let memo: Memo<String> = Memo::new(10, String::len);
        memo.put("a".into(), "123456".into());
        memo.put("b".into(), "123456".into());
        assert!(memo.get("a").is_none(), "emptied to make room");
        assert_eq!(*memo.get("b").unwrap(), "123456");
        assert_eq!(memo.weight(), 6);
        let big = memo.put("c".into(), "x".repeat(11));
        assert_eq!(big.len(), 11, "still answered");
        assert!(memo.get("c").is_none(), "but not kept");
        memo.put("b".into(), "12".into());
        assert_eq!(memo.weight(), 2, "a replaced value no longer weighs");
    }
}
