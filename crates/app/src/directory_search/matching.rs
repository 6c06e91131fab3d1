//! Which entries of a [`Snapshot`] match a query: the name text found with `memchr::memmem`
//! in the one text of lowercase names, the filters read as bits, in the query's order (by
//! name, or best tier first), and the matches of recent searches reused.

use std::sync::Arc;

use lpc_domain::CountryCode;

use super::query::{DirectoryQuery, SortOrder};
use super::recent::SearchKey;
use super::snapshot::{Snapshot, search_key, tier_bit};

/// A query's filters as bits; `0` is no filter.
#[derive(Debug)]
struct Filter<'q> {
    country: Option<CountryCode>,
    tiers: u8,
    competencies: u64,
    /// A competency without a bit: compared by id, entry by entry.
    other_competency: Option<&'q str>,
}

impl Snapshot {
    /// The query's filters as bits; `None` when no entry can pass them (a competency nobody
    /// holds).
    fn filter<'q>(&self, query: &'q DirectoryQuery) -> Option<Filter<'q>> {
        let mut filter = Filter {
            country: query.country,
            tiers: query.tier.map_or(0, tier_bit),
            competencies: 0,
            other_competency: None,
        };
        if let Some(c) = query.competency.as_deref() {
            match self.competency_bits.get(c) {
                Some(bit) => filter.competencies = *bit,
                None if self.competencies.iter().any(|known| known == c) => {
                    filter.other_competency = Some(c);
                }
                None => return None,
            }
        }
        Some(filter)
    }

    fn passes(&self, filter: &Filter<'_>, index: usize) -> bool {
        let Some(m) = self.meta.get(index) else {
            return false;
        };
        filter.country.is_none_or(|c| m.country == c)
            && (filter.tiers == 0 || m.tiers & filter.tiers != 0)
            && (filter.competencies == 0 || m.competencies & filter.competencies != 0)
            && filter.other_competency.is_none_or(|c| {
                m.more_competencies
                    && self.entries[index]
                        .competencies
                        .iter()
                        .any(|ct| ct.competency == c)
            })
    }

    /// Calls `found` with the index of every entry matching `query`, in entry (name) order.
    fn visit(&self, query: &DirectoryQuery, mut found: impl FnMut(usize)) {
        let Some(filter) = self.filter(query) else {
            return;
        };
        let needle = search_key(&query.q);
        if needle.is_empty() {
            match query.country {
                Some(c) => {
                    for &i in self.by_country.get(&c).map_or(&[][..], Vec::as_slice) {
                        if self.passes(&filter, i as usize) {
                            found(i as usize);
                        }
                    }
                }
                None => {
                    for i in 0..self.entries.len() {
                        if self.passes(&filter, i) {
                            found(i);
                        }
                    }
                }
            }
            return;
        }
        // Every occurrence in the one text, in order; the entry holding it is found by moving
        // a cursor forward (no search per match), and an entry counts once.
        let mut entry = 0;
        let mut last = usize::MAX;
        for position in memchr::memmem::find_iter(self.haystack.as_bytes(), needle.as_bytes()) {
            while self.starts.get(entry + 1).is_some_and(|&s| s <= position) {
                entry += 1;
            }
            if entry != last {
                last = entry;
                if self.passes(&filter, entry) {
                    found(entry);
                }
            }
        }
    }

    /// Every entry matching `query`, in its order (name, or best tier first).
    fn ordered_matches(&self, query: &DirectoryQuery) -> Vec<u32> {
        let index = |i: usize| u32::try_from(i).unwrap_or(u32::MAX);
        match query.sort {
            SortOrder::Name => {
                let mut found = Vec::new();
                self.visit(query, |i| found.push(index(i)));
                found
            }
            SortOrder::Tier => {
                // Four buckets in name order: stable, and linear in the matches.
                let mut buckets: [Vec<u32>; 4] = Default::default();
                self.visit(query, |i| {
                    let rank = self.meta.get(i).map_or(3, |m| usize::from(m.rank));
                    buckets[rank.min(3)].push(index(i));
                });
                buckets.concat()
            }
        }
    }

    /// The matches of `query`, from the snapshot's recent searches when it was asked before
    /// (the same search, another page, or another visitor).
    pub(super) fn matches(&self, query: &DirectoryQuery) -> Arc<Vec<u32>> {
        let key = SearchKey {
            needle: search_key(&query.q),
            country: query.country,
            competency: query.competency.clone(),
            tier: query.tier,
            sort: query.sort,
        };
        if let Some(found) = self.recent.get(&key) {
            return found;
        }
        let found = Arc::new(self.ordered_matches(query));
        self.recent.put(key, found.clone());
        found
    }
}
