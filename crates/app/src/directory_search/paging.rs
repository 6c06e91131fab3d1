//! One page of a search's matches, [`PER_PAGE`] listings a page.

use std::sync::Arc;

use serde::Serialize;

use super::entry::DirectoryEntry;
use super::query::DirectoryQuery;
use super::snapshot::Snapshot;

/// Listings on a page.
pub const PER_PAGE: usize = 25;

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

impl Snapshot {
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
