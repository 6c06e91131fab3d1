//! Values computed from data that never changes, kept in memory up to a budget.
//!
//! Published reports are frozen (R17), and so is anything derived from one alone. Such a
//! value is never stale, only unused; so the only policy needed is a bound on memory: when a
//! new value would go over the budget, everything is dropped and the cache fills again with
//! what is asked for (a new publication changes every key, so old entries would otherwise
//! stay until then). Used for published reports ([`crate::report_cache`]) and by the web
//! server for dashboards, charts and report JSON.
//!
//! Every budget is in bytes, and an entry weighs its key as well as its value plus a fixed
//! overhead: a key built from a request (a query string) costs memory even when its value is
//! empty, and was how 400 requests with a long parameter grew the server by 80 MB (issue 15).

use std::collections::HashMap;
use std::hash::Hash;
use std::sync::{Arc, Mutex, MutexGuard};

/// What an entry costs besides its key and value: the map's slot and the `Arc`'s counts.
pub const ENTRY_BYTES: usize = 64;

/// The bytes a key holds, inline and on the heap.
pub trait KeyBytes {
    fn key_bytes(&self) -> usize;
}

impl KeyBytes for String {
    fn key_bytes(&self) -> usize {
        std::mem::size_of::<String>() + self.capacity()
    }
}

/// Keys that hold nothing on the heap.
macro_rules! inline_key {
    ($($t:ty),*) => {$(
        impl KeyBytes for $t {
            fn key_bytes(&self) -> usize {
                std::mem::size_of::<$t>()
            }
        }
    )*};
}
inline_key!(
    lpc_domain::MpnId,
    jiff::civil::Date,
    (jiff::civil::Date, lpc_domain::MpnId)
);

/// Values by key, weighed in bytes against a budget.
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

impl<K: Hash + Eq + KeyBytes, V> Memo<K, V> {
    /// A memo of at most `budget` bytes; `weigh` gives the bytes a value holds.
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
        let key_weight = key.key_bytes() + ENTRY_BYTES;
        let weight = (self.weigh)(&value) + key_weight;
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
            entries.weight -= (self.weigh)(&old) + key_weight;
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

    /// Drops the value under `key`, if any (it changed in the database).
    pub fn forget(&self, key: &K) {
        let key_weight = key.key_bytes() + ENTRY_BYTES;
        let mut entries = self.entries();
        if let Some(old) = entries.values.remove(key) {
            entries.weight -= (self.weigh)(&old) + key_weight;
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
        let memo: Memo<String, String> = Memo::new(1000, String::len);
        let mut made = 0;
        for _ in 0..3 {
            let v = memo.get_or_make("k".into(), || {
                made += 1;
                "value".to_owned()
            });
            assert_eq!(*v, "value");
        }
        assert_eq!(made, 1);
        assert_eq!(memo.weight(), 5 + "k".to_owned().key_bytes() + ENTRY_BYTES);
    }

    #[test]
    fn going_over_the_budget_starts_again_and_a_value_too_big_is_not_kept() {
        let entry = |key: &str, value: usize| key.to_owned().key_bytes() + ENTRY_BYTES + value;
        let memo: Memo<String, String> = Memo::new(entry("a", 10), String::len);
        memo.put("a".into(), "123456".into());
        memo.put("b".into(), "123456".into());
        assert!(memo.get(&"a".into()).is_none(), "emptied to make room");
        assert_eq!(*memo.get(&"b".into()).unwrap(), "123456");
        assert_eq!(memo.weight(), entry("b", 6));
        let big = memo.put("c".into(), "x".repeat(11));
        assert_eq!(big.len(), 11, "still answered");
        assert!(memo.get(&"c".into()).is_none(), "but not kept");
        memo.put("b".into(), "12".into());
        assert_eq!(
            memo.weight(),
            entry("b", 2),
            "a replaced value no longer weighs"
        );
    }

    #[test]
    fn keys_weigh_even_when_their_values_are_empty() {
        // Issue 15: a key made of a long query parameter, with an empty result.
        let memo: Memo<String, String> = Memo::new(1 << 20, String::len);
        for i in 0..400 {
            memo.put(format!("{i}|{}", "x".repeat(60_000)), String::new());
        }
        assert!(memo.weight() <= 1 << 20, "held {} bytes", memo.weight());
    }
}
