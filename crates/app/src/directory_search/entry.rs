//! A listing as the public directory shows it (R24, R26): the name, country and landing page
//! the partner asked for, and the options it holds, best first.

use jiff::civil::Date;
use lpc_domain::{CountryCode, LearningOption, MpnId};
use lpc_store::directory_public::PublicListing;
use serde::Serialize;

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
    pub(super) fn from_listing(listing: PublicListing) -> Self {
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
