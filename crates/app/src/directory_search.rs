//! Searching the public Learning Partner directory (R24, R26, R28; issue 8 item 4).
//!
//! The listings public today are kept in memory, in one [`Snapshot`] per server: the
//! directory is read by anyone, often, and changes about once a month (the R26 cycle), so a
//! search never touches the database. The snapshot is built on first use and again:
//! - when the day changes (visibility is by date, R26);
//! - after [`DirectoryIndex::invalidate`] (a use case that changed the directory in this
//!   process), before the next search answers;
//! - when the store's [`DirectoryVersion`] differs, checked in the background at most every
//!   [`CHECK_EVERY`] (a cycle run by another process, `lpc directory cycle`, or a lapse).
//!
//! A search: a case-insensitive substring of the name (Unicode lowercase, so `ÉCOLE` finds
//! `école` and Japanese names match as written), filters by country, competency and tier, in
//! name order (or best tier first: gold, silver, Action Pack, then by name), [`PER_PAGE`] a
//! page. The names are lowercased once into one text, searched with `memchr::memmem`: 100k
//! listings are a few megabytes, scanned in well under a millisecond.

use std::collections::{BTreeSet, HashMap};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, OnceLock, RwLock};
use std::time::{Duration, Instant};

use jiff::civil::Date;
use lpc_domain::{CountryCode, LearningOption, MpnId};
use lpc_store::directory_public::{DirectoryVersion, PublicListing};
use serde::Serialize;

use crate::app::App;
use crate::error::AppError;

/// Listings on a page.
pub const PER_PAGE: usize = 25;
/// How often (at most) a server asks the store whether the directory changed.
pub const CHECK_EVERY: Duration = Duration::from_secs(5);
/// The longest search text kept (longer input is cut: no name is that long).
pub const MAX_QUERY_CHARS: usize = 100;

/// The order of the results.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SortOrder {
    /// By name (lowercase), then MPN ID.
    #[default]
    Name,
    /// Best tier held first (gold, silver, Action Pack, none), then by name.
    Tier,
}

impl SortOrder {
    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "" | "name" => Some(SortOrder::Name),
            "tier" => Some(SortOrder::Tier),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            SortOrder::Name => "name",
            SortOrder::Tier => "tier",
        }
    }
}

/// What a visitor asks for; every filter is optional.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DirectoryQuery {
    /// Part of the name, any case.
    pub q: String,
    pub country: Option<CountryCode>,
    /// A competency id (`cloud_platform`): partners holding silver or gold in it.
    pub competency: Option<String>,
    /// Partners holding this option (in any competency for silver and gold).
    pub tier: Option<LearningOption>,
    pub sort: SortOrder,
    /// 1-based; 0 is read as 1.
    pub page: usize,
}

impl DirectoryQuery {
    /// Parses the query parameters of `/directory` and `/api/v1/directory`; an empty value is
    /// no filter. A refusal names the parameter.
    pub fn parse(
        q: Option<&str>,
        country: Option<&str>,
        competency: Option<&str>,
        tier: Option<&str>,
        sort: Option<&str>,
        page: Option<&str>,
    ) -> Result<Self, AppError> {
        fn present(v: Option<&str>) -> Option<&str> {
            v.map(str::trim).filter(|v| !v.is_empty())
        }
        let country = present(country)
            .map(|c| {
                CountryCode::parse(&c.to_ascii_uppercase())
                    .map_err(|e| AppError::invalid("country", e))
            })
            .transpose()?;
        let tier = present(tier)
            .map(|t| {
                LearningOption::parse(t).ok_or_else(|| {
                    AppError::invalid(
                        "tier",
                        format!("{t:?} is not a tier: action_pack, silver or gold (R3)"),
                    )
                })
            })
            .transpose()?;
        let sort = SortOrder::parse(present(sort).unwrap_or(""))
            .ok_or_else(|| AppError::invalid("sort", "the order is name or tier"))?;
        let page = match present(page) {
            None => 1,
            Some(p) => p
                .parse::<usize>()
                .map_err(|_| AppError::invalid("page", format!("{p:?} is not a page number")))?,
        };
        Ok(DirectoryQuery {
            q: q.map(str::trim)
                .unwrap_or("")
                .chars()
                .take(MAX_QUERY_CHARS)
                .collect(),
            country,
            competency: present(competency).map(str::to_owned),
            tier,
            sort,
            page: page.max(1),
        })
    }
}

/// A listing as the directory shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DirectoryEntry {
    pub mpn_id: MpnId,
    /// The name the partner asked to show (R24), as written.
    pub name: String,
    pub country: CountryCode,
    pub landing_url: String,
    /// Public since (R26).
    pub listed_since: Date,
    /// The options the partner holds, best first, each once.
    pub tiers: Vec<LearningOption>,
    /// The silver and gold memberships: which option in which competency, by competency.
    pub competencies: Vec<CompetencyTier>,
}

/// A silver or gold membership of a listed partner.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CompetencyTier {
    pub competency: String,
    pub tier: LearningOption,
}

impl DirectoryEntry {
    fn from_listing(listing: PublicListing) -> Self {
        let mut tiers: Vec<LearningOption> = listing.memberships.iter().map(|m| m.option).collect();
        tiers.sort_by_key(|t| std::cmp::Reverse(*t));
        tiers.dedup();
        let mut competencies: Vec<CompetencyTier> = listing
            .memberships
            .iter()
            .filter_map(|m| {
                m.competency.as_ref().map(|c| CompetencyTier {
                    competency: c.clone(),
                    tier: m.option,
                })
            })
            .collect();
        competencies.sort_by(|a, b| (&a.competency, b.tier).cmp(&(&b.competency, a.tier)));
        DirectoryEntry {
            mpn_id: listing.partner_id,
            name: listing.display_name,
            country: listing.country,
            landing_url: listing.landing_url,
            listed_since: listing.visible_from,
            tiers,
            competencies,
        }
    }

    /// The best option held (gold > silver > Action Pack), if any.
    pub fn best_tier(&self) -> Option<LearningOption> {
        self.tiers.first().copied()
    }
}

/// One page of results.
#[derive(Debug, Clone, Serialize)]
pub struct DirectoryPage {
    /// Listings matching the query, on every page.
    pub total: usize,
    pub page: usize,
    /// Pages in all (at least 1).
    pub pages: usize,
    pub per_page: usize,
    pub listings: Vec<Arc<DirectoryEntry>>,
}

/// The listings public on one day, ready to search.
#[derive(Debug)]
pub struct Snapshot {
    pub built_for: Date,
    version: DirectoryVersion,
    /// By lowercase name, then MPN ID.
    entries: Vec<Arc<DirectoryEntry>>,
    /// What the filters read, beside each entry (compact, read in entry order).
    meta: Vec<Meta>,
    /// Every entry's lowercase name followed by `\n`, in entry order.
    haystack: String,
    /// Where each entry's name starts in `haystack`.
    starts: Vec<usize>,
    /// The bit of each competency in [`Meta::competencies`] (the first 64, by id).
    competency_bits: HashMap<String, u64>,
    /// Entry indexes by country (in entry order), for the country filter.
    by_country: HashMap<CountryCode, Vec<u32>>,
    by_mpn: HashMap<MpnId, u32>,
    /// The matches of recent searches.
    recent: RecentSearches,
    /// The countries and competencies that have listings, for the filters' choices.
    pub countries: Vec<CountryCode>,
    pub competencies: Vec<String>,
}

/// The lowercase form names are searched in; line breaks cannot occur in it (they separate the
/// names in the haystack).
fn search_key(text: &str) -> String {
    text.to_lowercase()
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

/// An entry's country, tiers and competencies as bits, for the filters.
#[derive(Debug, Clone, Copy)]
struct Meta {
    country: CountryCode,
    /// One bit per option held ([`tier_bit`]).
    tiers: u8,
    /// One bit per competency held in silver or gold ([`Snapshot::competency_bits`]).
    competencies: u64,
    /// Set when the entry holds a competency beyond the 64 that have a bit.
    more_competencies: bool,
    /// [`tier_rank`], for `sort=tier`.
    rank: u8,
}

/// A query's filters as bits; `0` is no filter.
#[derive(Debug)]
struct Filter<'q> {
    country: Option<CountryCode>,
    tiers: u8,
    competencies: u64,
    /// A competency without a bit: compared by id, entry by entry.
    other_competency: Option<&'q str>,
}

fn tier_bit(tier: LearningOption) -> u8 {
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
    fn matches(&self, query: &DirectoryQuery) -> Arc<Vec<u32>> {
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

    /// One page of the listings matching `query`.
    pub fn search(&self, query: &DirectoryQuery) -> DirectoryPage {
        let found = self.matches(query);
        let total = found.len();
        let pages = total.div_ceil(PER_PAGE).max(1);
        let page = query.page.max(1);
        let listings = found
            .iter()
            .skip((page - 1).saturating_mul(PER_PAGE))
            .take(PER_PAGE)
            .filter_map(|&i| self.entries.get(i as usize).cloned())
            .collect();
        DirectoryPage {
            total,
            page,
            pages,
            per_page: PER_PAGE,
            listings,
        }
    }
}

/// What a search's matches depend on (the page does not).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct SearchKey {
    needle: String,
    country: Option<CountryCode>,
    competency: Option<String>,
    tier: Option<LearningOption>,
    sort: SortOrder,
}

/// The matches of recent searches of one snapshot (so dropped with it when the directory
/// changes). Bounded: when it would hold more than [`RECENT_MATCHES`] indexes or
/// [`RECENT_SEARCHES`] searches, it is emptied and fills again with what is asked.
#[derive(Debug, Default)]
struct RecentSearches {
    inner: Mutex<Recent>,
}

/// The matches by search, and how many indexes they hold in all.
type Recent = (HashMap<SearchKey, Arc<Vec<u32>>>, usize);

/// At most this many match indexes kept (4 bytes each: 8 MiB).
pub const RECENT_MATCHES: usize = 2_000_000;
/// At most this many searches kept.
pub const RECENT_SEARCHES: usize = 4096;

impl RecentSearches {
    fn lock(&self) -> MutexGuard<'_, Recent> {
        // Inserts are single calls: a poisoned lock holds no half-written entry.
        self.inner
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    fn get(&self, key: &SearchKey) -> Option<Arc<Vec<u32>>> {
        self.lock().0.get(key).cloned()
    }

    fn put(&self, key: SearchKey, found: Arc<Vec<u32>>) {
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

/// Searches the public directory (no sign-in: the directory is public, R24).
pub async fn search(
    app: &App,
    query: &DirectoryQuery,
) -> Result<(Arc<Snapshot>, DirectoryPage), AppError> {
    let snapshot = snapshot(app).await?;
    let page = snapshot.search(query);
    Ok((snapshot, page))
}

/// The public listing of a partner; `NotFound` when it is not public today.
pub async fn listing(app: &App, mpn: MpnId) -> Result<Arc<DirectoryEntry>, AppError> {
    snapshot(app)
        .await?
        .get(mpn)
        .ok_or_else(|| AppError::NotFound(format!("partner {mpn} is not in the directory")))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use jiff::civil::date;
    use lpc_store::directory_public::ListedMembership;

    use super::*;

    fn listing(
        mpn: &str,
        name: &str,
        country: &str,
        held: &[(LearningOption, Option<&str>)],
    ) -> PublicListing {
        PublicListing {
            partner_id: MpnId::parse(mpn).unwrap(),
            display_name: name.to_owned(),
            country: CountryCode::parse(country).unwrap(),
            landing_url: format!("https://{mpn}.example/"),
            visible_from: date(2026, 4, 7),
            memberships: held
                .iter()
                .map(|(option, c)| ListedMembership {
                    option: *option,
                    competency: c.map(str::to_owned),
                })
                .collect(),
        }
    }

    fn snapshot() -> Snapshot {
        use LearningOption::*;
        Snapshot::build(
            date(2026, 11, 22),
            DirectoryVersion::default(),
            vec![
                listing("1000001", "Zeta Training", "US", &[(ActionPack, None)]),
                listing(
                    "1000002",
                    "ÉCOLE Numérique",
                    "IT",
                    &[(Silver, Some("security"))],
                ),
                listing(
                    "1000003",
                    "アルファ研修センター",
                    "JP",
                    &[(Gold, Some("devops")), (Silver, Some("security"))],
                ),
                listing("1000004", "alpha training", "JP", &[]),
            ],
        )
    }

    fn names(page: &DirectoryPage) -> Vec<&str> {
        page.listings.iter().map(|e| e.name.as_str()).collect()
    }

    fn query(q: &str) -> DirectoryQuery {
        DirectoryQuery {
            q: q.to_owned(),
            page: 1,
            ..DirectoryQuery::default()
        }
    }

    #[test]
    fn names_match_in_any_case_and_script() {
        let s = snapshot();
        assert_eq!(
            names(&s.search(&query("TRAINING"))),
            ["alpha training", "Zeta Training"]
        );
        assert_eq!(names(&s.search(&query("école"))), ["ÉCOLE Numérique"]);
        assert_eq!(names(&s.search(&query("研修"))), ["アルファ研修センター"]);
        assert_eq!(
            s.search(&query("g\nz")).total,
            0,
            "no match across two names"
        );
        assert_eq!(s.search(&query("")).total, 4);
    }

    #[test]
    fn filters_combine_and_tier_order_puts_gold_first() {
        let s = snapshot();
        let mut q = query("");
        q.country = Some(CountryCode::parse("JP").unwrap());
        assert_eq!(
            names(&s.search(&q)),
            ["alpha training", "アルファ研修センター"]
        );
        q.competency = Some("security".into());
        assert_eq!(names(&s.search(&q)), ["アルファ研修センター"]);
        let mut q = query("");
        q.tier = Some(LearningOption::Silver);
        assert_eq!(
            names(&s.search(&q)),
            ["ÉCOLE Numérique", "アルファ研修センター"],
            "by name: code point order of the lowercase names"
        );
        let mut q = query("");
        q.sort = SortOrder::Tier;
        assert_eq!(
            names(&s.search(&q)),
            [
                "アルファ研修センター",
                "ÉCOLE Numérique",
                "Zeta Training",
                "alpha training"
            ]
        );
    }

    #[test]
    fn recent_searches_are_reused_for_every_page_and_bounded() {
        let s = snapshot();
        let q = query("training");
        let first = s.matches(&q);
        let mut next_page = q.clone();
        next_page.page = 2;
        assert!(
            Arc::ptr_eq(&first, &s.matches(&next_page)),
            "the same matches"
        );
        let mut other = q.clone();
        other.sort = SortOrder::Tier;
        assert!(!Arc::ptr_eq(&first, &s.matches(&other)), "another order");
        let recent = RecentSearches::default();
        for n in 0..=RECENT_SEARCHES {
            let key = SearchKey {
                needle: n.to_string(),
                country: None,
                competency: None,
                tier: None,
                sort: SortOrder::Name,
            };
            recent.put(key, Arc::new(vec![1, 2]));
        }
        let (map, held) = &*recent.lock();
        assert!(map.len() <= RECENT_SEARCHES && *held == 2 * map.len());
    }

    #[test]
    fn pages_hold_at_most_per_page_listings() {
        let many: Vec<PublicListing> = (0..60)
            .map(|i| {
                listing(
                    &format!("{}", 2_000_000 + i),
                    &format!("Partner {i:02}"),
                    "US",
                    &[],
                )
            })
            .collect();
        let s = Snapshot::build(date(2026, 11, 22), DirectoryVersion::default(), many);
        let mut q = query("partner");
        q.page = 3;
        let page = s.search(&q);
        assert_eq!((page.total, page.pages, page.listings.len()), (60, 3, 10));
        assert_eq!(page.listings[0].name, "Partner 50");
        q.page = 4;
        assert!(s.search(&q).listings.is_empty());
    }

    #[test]
    fn bad_parameters_name_their_field() {
        let err = DirectoryQuery::parse(None, Some("XX1"), None, None, None, None).unwrap_err();
        assert!(err.to_string().starts_with("country"), "{err}");
        let err =
            DirectoryQuery::parse(None, None, None, Some("platinum"), None, None).unwrap_err();
        assert!(err.to_string().starts_with("tier"), "{err}");
        let err = DirectoryQuery::parse(None, None, None, None, None, Some("two")).unwrap_err();
        assert!(err.to_string().starts_with("page"), "{err}");
        let q = DirectoryQuery::parse(
            Some(" ab "),
            Some("jp"),
            Some(""),
            Some("gold"),
            Some("tier"),
            Some("0"),
        )
        .unwrap();
        assert_eq!(q.q, "ab");
        assert_eq!(q.country, Some(CountryCode::parse("JP").unwrap()));
        assert_eq!(
            (q.competency, q.tier, q.sort, q.page),
            (None, Some(LearningOption::Gold), SortOrder::Tier, 1)
        );
    }
}
