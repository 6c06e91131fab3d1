//! The rows of a partner's people and keys: trainers (R4), exam passes (R8, R9), Performance
//! Guidelines acceptances (R8), what an import changed, and API tokens (never the token itself).

use jiff::Timestamp;
use jiff::civil::Date;
use lpc_domain::{Email, MpnId};
use serde::Serialize;

/// A Microsoft Certified Trainer's affiliation with a partner (R4). It counts while today is
/// within `valid_from..=valid_until`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Trainer {
    pub mct_id: String,
    pub partner_id: MpnId,
    pub name: String,
    pub email: Email,
    pub valid_from: Date,
    pub valid_until: Date,
}

/// An exam passed by one of a partner's people (R8, R9).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct ExamPass {
    pub partner_id: MpnId,
    pub person_email: Email,
    pub exam_code: String,
    pub passed_on: Date,
}

/// What an idempotent import changed: re-importing a file adds nothing.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct ImportCounts {
    pub added: u64,
    pub updated: u64,
    pub unchanged: u64,
}

/// A partner admin's acceptance of a Performance Guidelines version (R8).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct GuidelineAcceptance {
    pub partner_id: MpnId,
    pub version: String,
    pub accepted_by: Email,
    pub accepted_at: Timestamp,
}

/// An API token being stored: the digest, never the token.
#[derive(Debug, Clone, Copy)]
pub struct NewApiToken<'a> {
    pub user_id: i64,
    pub sha256: &'a str,
    pub label: &'a str,
    pub last_four: &'a str,
    pub expires_at: Timestamp,
}

/// An API token as its owner's settings page lists it: never the token itself, only its
/// digest (to revoke it by) and its last four characters (to recognise it by).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ApiTokenInfo {
    pub token_sha256: String,
    pub label: String,
    /// The token's last four characters; empty for tokens created before they were kept.
    pub last_four: String,
    pub created_at: Timestamp,
    /// From then on the token authenticates nobody (chosen at creation).
    pub expires_at: Timestamp,
    /// When it last authenticated a request, to the hour; `None` if never.
    pub last_used_at: Option<Timestamp>,
}
