//! Row types: what the store takes and returns, in domain types, never driver types.

use jiff::Timestamp;
use jiff::civil::Date;
use lpc_domain::access::RoleGrant;
use lpc_domain::{CountryCode, Email, MpnId, PartnerName};
use serde::Serialize;

/// A partner organization to register.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewPartner {
    pub mpn_id: MpnId,
    pub name: PartnerName,
    pub country: CountryCode,
}

/// A registered partner organization.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Partner {
    pub mpn_id: MpnId,
    pub name: PartnerName,
    pub country: CountryCode,
    pub registered_at: Timestamp,
}

/// A user to create, with the password already hashed (Argon2id PHC string) by `app`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewUser {
    pub email: Email,
    pub password_hash: String,
    pub grants: Vec<RoleGrant>,
}

/// A stored user and every role it holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct User {
    pub id: i64,
    pub email: Email,
    #[serde(skip)]
    pub password_hash: String,
    pub grants: Vec<RoleGrant>,
    pub created_at: Timestamp,
}

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
