//! The read side of the public Learning Partner directory (R24, R26, R28): the listings public
//! on a day, with what their partners hold, and a cheap fingerprint of everything that shows.
//!
//! The write side (requests, approvals, removals) is in [`crate::directory`].

use jiff::civil::Date;
use lpc_domain::{CountryCode, LearningOption, MpnId};

/// A listing public on a day: its partner's name to show, country and landing page, and the
/// partner's active memberships (the tiers and competencies the directory shows).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublicListing {
    pub partner_id: MpnId,
    pub display_name: String,
    pub country: CountryCode,
    pub landing_url: String,
    pub visible_from: Date,
    /// The partner's active memberships (R28: a lapsed one shows no more), by option then
    /// competency.
    pub memberships: Vec<ListedMembership>,
}

/// An active membership as the directory shows it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct ListedMembership {
    pub option: LearningOption,
    /// `None` for the Learning Action Pack.
    pub competency: Option<String>,
}

/// A fingerprint of what the public directory shows: it changes whenever a listing is added,
/// replaced or removed, or a membership starts or ends. Two equal versions (on the same day)
/// mean the same public listings, so a server can keep its copy.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct DirectoryVersion {
    pub listings: i64,
    /// The sum of the listings' request ids: a listing replaced by a later request changes it.
    pub request_ids: i64,
    /// Listings with an end date, and the sum of those dates as days (a removal changes them).
    pub removed: i64,
    pub removed_days: i64,
    pub active_memberships: i64,
    /// The sum of the active memberships' ids: an upgrade, a lapse or a new one changes it.
    pub membership_ids: i64,
}
