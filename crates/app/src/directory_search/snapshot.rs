//! The listings public on one day (R26), ready to search: sorted by lowercase name, the names
//! in one text for the substring search, and each entry's country, tiers and competencies as
//! bits for the filters.

use std::collections::{BTreeSet, HashMap};
use std::sync::Arc;

use jiff::civil::Date;
use lpc_domain::{CountryCode, LearningOption, MpnId};
use lpc_store::directory_public::{DirectoryVersion, PublicListing};

use super::entry::DirectoryEntry;
use super::recent::RecentSearches;

/// The listings public on one day, ready to search.
#[derive(Debug)]
pub struct Snapshot {
    pub built_for: Date,
    pub(super) version: DirectoryVersion,
    /// By lowercase name, then MPN ID.
    pub(super) entries: Vec<Arc<DirectoryEntry>>,
    /// What the filters read, beside each entry (compact, read in entry order).
    pub(super) meta: Vec<Meta>,
    /// Every entry's lowercase name followed by `\n`, in entry order.
    pub(super) haystack: String,
    /// Where each entry's name starts in `haystack`.
    pub(super) starts: Vec<usize>,
    /// The bit of each competency in [`Meta::competencies`] (the first 64, by id).
    pub(super) competency_bits: HashMap<String, u64>,
    /// Entry indexes by country (in entry order), for the country filter.
    pub(super) by_country: HashMap<CountryCode, Vec<u32>>,
    by_mpn: HashMap<MpnId, u32>,
    /// The matches of recent searches.
    pub(super) recent: RecentSearches,
    /// The countries and competencies that have listings, for the filters' choices.
    pub countries: Vec<CountryCode>,
    pub competencies: Vec<String>,
}

/// The lowercase form names are searched in; line breaks cannot occur in it (they separate the
/// names in the haystack).
pub(super) fn search_key(text: &str) -> String {
    text.to_lowercase()
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

/// An entry's country, tiers and competencies as bits, for the filters.
#[derive(Debug, Clone, Copy)]
pub(super) struct Meta {
    pub(super) country: CountryCode,
    /// One bit per option held ([`tier_bit`]).
    pub(super) tiers: u8,
    /// One bit per competency held in silver or gold ([`Snapshot::competency_bits`]).
    pub(super) competencies: u64,
    /// Set when the entry holds a competency beyond the 64 that have a bit.
    pub(super) more_competencies: bool,
    /// [`tier_rank`], for `sort=tier`.
    pub(super) rank: u8,
}

pub(super) fn tier_bit(tier: LearningOption) -> u8 {
    match tier {
        LearningOption::ActionPack => 1,
        LearningOption::Silver => 2,
        LearningOption::Gold => 4,
    }
}

fn tier_rank(entry: &DirectoryEntry) -> usize {
    match entry.best_tier() {
        Some(LearningOption::Gold) => 0,
        Some(LearningOption::Silver) => 1,
        Some(LearningOption::ActionPack) => 2,
        None => 3,
    }
}

impl Snapshot {
    /// Builds the search structures over `listings` (any order).
    pub fn build(built_for: Date, version: DirectoryVersion, listings: Vec<PublicListing>) -> Self {
        let mut keyed: Vec<(String, DirectoryEntry)> = listings
            .into_iter()
            .map(|l| (search_key(&l.display_name), DirectoryEntry::from_listing(l)))
            .collect();
        keyed.sort_by(|(ka, a), (kb, b)| (ka, a.mpn_id).cmp(&(kb, b.mpn_id)));
        let mut haystack = String::with_capacity(keyed.iter().map(|(k, _)| k.len() + 1).sum());
        let mut starts = Vec::with_capacity(keyed.len());
        let mut entries = Vec::with_capacity(keyed.len());
        let mut by_country: HashMap<CountryCode, Vec<u32>> = HashMap::new();
        let mut by_mpn = HashMap::with_capacity(keyed.len());
        let mut competencies = BTreeSet::new();
        for (i, (key, entry)) in keyed.into_iter().enumerate() {
            let i = u32::try_from(i).unwrap_or(u32::MAX);
            starts.push(haystack.len());
            haystack.push_str(&key);
            haystack.push('\n');
            by_country.entry(entry.country).or_default().push(i);
            by_mpn.insert(entry.mpn_id, i);
            competencies.extend(entry.competencies.iter().map(|c| c.competency.clone()));
            entries.push(Arc::new(entry));
        }
        let mut countries: Vec<CountryCode> = by_country.keys().copied().collect();
        countries.sort();
        let competencies: Vec<String> = competencies.into_iter().collect();
        let competency_bits: HashMap<String, u64> = competencies
            .iter()
            .take(64)
            .enumerate()
            .map(|(bit, c)| (c.clone(), 1u64 << bit))
            .collect();
        let meta = entries
            .iter()
            .map(|e| {
                let mut m = Meta {
                    country: e.country,
                    tiers: e.tiers.iter().fold(0, |bits, t| bits | tier_bit(*t)),
                    competencies: 0,
                    more_competencies: false,
                    rank: u8::try_from(tier_rank(e)).unwrap_or(3),
                };
                for c in &e.competencies {
                    match competency_bits.get(&c.competency) {
                        Some(bit) => m.competencies |= bit,
                        None => m.more_competencies = true,
                    }
                }
                m
            })
            .collect();
        Snapshot {
            built_for,
            version,
            entries,
            meta,
            haystack,
            starts,
            competency_bits,
            by_country,
            by_mpn,
            recent: RecentSearches::default(),
            countries,
            competencies,
        }
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The listing of a partner, if it is public.
    pub fn get(&self, mpn: MpnId) -> Option<Arc<DirectoryEntry>> {
        self.by_mpn
            .get(&mpn)
            .and_then(|&i| self.entries.get(i as usize))
            .cloned()
    }
}
