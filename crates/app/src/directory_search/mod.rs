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
//!
//! # Layout
//!
//! - this module: the use cases, [`search`] and [`listing`].
//! - `query`: what a visitor asks for, parsed from the query parameters ([`DirectoryQuery`],
//!   [`SortOrder`]).
//! - `entry`: a listing as the directory shows it ([`DirectoryEntry`]).
//! - `snapshot`: the listings public on one day and the search structures built over them
//!   ([`Snapshot`]).
//! - `matching`: which entries match a query's text and filters, in its order (name, or best
//!   tier first).
//! - `recent`: the matches of recent searches, reused for every page.
//! - `paging`: one page of the matches ([`DirectoryPage`], [`PER_PAGE`]).
//! - `index`: the snapshot kept by one server and when it is built again ([`DirectoryIndex`],
//!   [`snapshot()`]).
//!
//! [`DirectoryVersion`]: lpc_store::directory_public::DirectoryVersion

mod entry;
mod index;
mod matching;
mod paging;
mod query;
mod recent;
mod snapshot;
#[cfg(test)]
mod tests;

use std::sync::Arc;

use lpc_domain::MpnId;

use crate::app::App;
use crate::error::AppError;

pub use entry::{CompetencyTier, DirectoryEntry};
pub use index::{CHECK_EVERY, DirectoryIndex, snapshot};
pub use paging::{DirectoryPage, PER_PAGE};
pub use query::{DirectoryQuery, MAX_QUERY_CHARS, SortOrder};
pub use recent::{RECENT_MATCHES, RECENT_SEARCHES};
pub use snapshot::Snapshot;

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
