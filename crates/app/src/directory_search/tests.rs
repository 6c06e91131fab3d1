//! The search over a snapshot: names in any case and script, the filters combined, the tier
//! order, the recent searches and the pages.

#![allow(clippy::unwrap_used)]

use std::sync::Arc;

use jiff::civil::date;
use lpc_domain::{CountryCode, LearningOption, MpnId};
use lpc_store::directory_public::{DirectoryVersion, ListedMembership, PublicListing};

use super::recent::{RecentSearches, SearchKey};
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
