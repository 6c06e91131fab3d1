//! Row types: what the store takes and returns, in domain types, never driver types.

use jiff::Timestamp;
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
