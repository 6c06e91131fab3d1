//! The rows of the public Learning Partner directory (R24-R26): listing requests, listings,
//! the per-partner domain-ownership token and the operator's list of competitors.
//!
//! Tables (migration `0008_directory.sql`, both backends):
//! - `directory_requests`: every request a partner made, with its R26 dates and the results of
//!   its landing page checks (JSON text, written by `lpc-app`, opaque here).
//! - `directory_listings`: one row per partner ever approved. The public directory shows the
//!   rows with `visible_from <= today AND (listed_until IS NULL OR listed_until > today)`
//!   ([`DirectoryListing::is_visible_on`]).
//! - `directory_verification`: the token a partner serves at
//!   `/.well-known/lpc-verification.txt` to prove it owns its landing page's domain (R25).
//! - `directory_competitors`: names no landing page may show (R25).

use std::fmt;

use jiff::Timestamp;
use jiff::civil::Date;
use lpc_domain::{CountryCode, MpnId};
use serde::Serialize;

/// Where a listing request stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RequestState {
    /// Waiting for its processing window (R26) or for an operator's decision.
    Received,
    /// Approved: the partner's listing shows it from its `visible_from` date.
    Approved,
    /// Refused by an operator (or by the cycle, when the partner's membership lapsed, R24).
    Rejected,
    /// Replaced by a later request of the same partner before it was processed.
    Superseded,
}

impl RequestState {
    pub fn as_str(self) -> &'static str {
        match self {
            RequestState::Received => "received",
            RequestState::Approved => "approved",
            RequestState::Rejected => "rejected",
            RequestState::Superseded => "superseded",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Some(match text {
            "received" => RequestState::Received,
            "approved" => RequestState::Approved,
            "rejected" => RequestState::Rejected,
            "superseded" => RequestState::Superseded,
            _ => return None,
        })
    }
}

impl fmt::Display for RequestState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A listing request to store (R24), with its R26 dates and its first check results.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewDirectoryRequest {
    pub partner_id: MpnId,
    pub display_name: String,
    pub country: CountryCode,
    pub landing_url: String,
    pub requested_at: Timestamp,
    pub requested_on: Date,
    pub processing_from: Date,
    pub processing_to: Date,
    pub visible_by: Date,
    /// The landing page checks (JSON text written by `lpc-app`).
    pub checks: String,
}

/// A stored listing request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DirectoryRequest {
    pub id: i64,
    pub partner_id: MpnId,
    pub display_name: String,
    pub country: CountryCode,
    pub landing_url: String,
    pub requested_at: Timestamp,
    pub requested_on: Date,
    pub processing_from: Date,
    pub processing_to: Date,
    pub visible_by: Date,
    pub state: RequestState,
    pub decided_by: Option<String>,
    pub decided_at: Option<Timestamp>,
    pub reason: Option<String>,
    /// The latest landing page checks (JSON text), `None` before the first.
    pub checks: Option<String>,
    pub last_checked_at: Option<Timestamp>,
    /// The program day of the latest check: the cycle checks a request once per day.
    pub last_checked_on: Option<Date>,
}

/// An operator's (or the cycle's) decision on a received request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RequestDecision {
    /// The partner's listing takes the request's name, country and URL; it is public from
    /// `visible_from` (kept earlier when the partner is already listed and visible).
    Approve {
        visible_from: Date,
    },
    Reject,
}

/// A partner's listing in the public directory.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DirectoryListing {
    pub partner_id: MpnId,
    pub display_name: String,
    pub country: CountryCode,
    pub landing_url: String,
    /// The approved request it shows.
    pub request_id: i64,
    /// The first day it is public (R26: by day 7 of the month after its processing week).
    pub visible_from: Date,
    /// From this day on it is no longer public (lapsed membership, failed re-checks).
    pub listed_until: Option<Date>,
    /// The day a re-check of its landing page first failed (the partner was told).
    pub flagged_on: Option<Date>,
    pub flag_reason: Option<String>,
    /// The latest re-check of its landing page (JSON text).
    pub checks: Option<String>,
    pub last_checked_at: Option<Timestamp>,
    pub last_checked_on: Option<Date>,
}

impl DirectoryListing {
    /// Shown in the public directory on `today`?
    pub fn is_visible_on(&self, today: Date) -> bool {
        self.visible_from <= today && self.listed_until.is_none_or(|until| until > today)
    }
}

/// A change to a listing made by a cycle's re-check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListingCheck {
    pub checks: String,
    pub checked_at: Timestamp,
    pub checked_on: Date,
    /// `Some`: flag it (or keep the first flag); `None`: clear any flag (the page passes).
    pub flag: Option<(Date, String)>,
    /// Remove it from this day on (`listed_until`), when still failing after a flag.
    pub remove_on: Option<Date>,
}
