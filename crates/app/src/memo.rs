//! Values computed from data that never changes, kept in memory up to a budget.
//!
//! Published reports are frozen (R17), and so is anything derived from one alone. Such a
//! value is never stale, only unused; so the only policy needed is a bound on memory: when a
//! new value would go over the budget, everything is dropped and the cache fills again with
//! what is asked for (a new publication changes every key, so old entries would otherwise
//! stay until then). Used for published reports ([`crate::report_cache`]) and by the web
//! server for dashboards, charts and report JSON.

use std::collections::HashMap;
use std::hash::Hash;
use std::sync::{Arc, Mutex, MutexGuard};

/// Values by key, weighed (rows, bytes) against a budget.
#[derive(Debug)]
pub struct Memo<K, V> {
    inner: Mutex<Entries<K, V>>,
    budget: usize,
    weigh: fn(&V) -> usize,
}

#[derive(Debug)]
struct Entries<K, V> {
    values: HashMap<K, Arc<V>>,
    weight: usize,
}

impl<K: Hash + Eq, V> Memo<K, V> {
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

    fn entries(&self) -> MutexGuard<'_, Entries<K, V>> {
        // Inserts are single calls: a panic elsewhere cannot leave half an entry, so a
        // poisoned lock is still sound to use.
        self.inner
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    pub fn get(&self, key: &K) -> Option<Arc<V>> {
        self.entries().values.get(key).cloned()
    }

    /// Keeps `value` under `key` (unless it alone is over the budget) and hands it back.
    pub fn put(&self, key: K, value: V) -> Arc<V> {
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
    pub fn get_or_make(&self, key: K, make: impl FnOnce() -> V) -> Arc<V> {
        match self.get(&key) {
            Some(value) => value,
            None => self.put(key, make()),
        }
    }

    /// The weight held, for tests and metrics.
    pub fn weight(&self) -> usize {
        self.entries().weight
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    #[test]
    fn a_value_is_made_once_then_shared() {
        let memo: Memo<String, String> = Memo::new(100, String::len);
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
        let memo: Memo<&str, String> = Memo::new(10, String::len);
        memo.put("a", "123456".into());
        memo.put("b", "123456".into());
        assert!(memo.get(&"a").is_none(), "emptied to make room");
        assert_eq!(*memo.get(&"b").unwrap(), "123456");
        assert_eq!(memo.weight(), 6);
        let big = memo.put("c", "x".repeat(11));
        assert_eq!(big.len(), 11, "still answered");
        assert!(memo.get(&"c").is_none(), "but not kept");
        memo.put("b", "12".into());
        assert_eq!(memo.weight(), 2, "a replaced value no longer weighs");
    }
}
