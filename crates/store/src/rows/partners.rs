//! The rows of organizations and their people (R1, R31): partners, users, the roles users hold,
//! whether the program knows who an organization belongs to, and the claims waiting for an
//! operator.

use jiff::Timestamp;
use lpc_domain::access::RoleGrant;
use lpc_domain::{CountryCode, Email, MpnId, PartnerName};
use serde::{Deserialize, Serialize};

/// A partner organization to register.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewPartner {
    pub mpn_id: MpnId,
    pub name: PartnerName,
    pub country: CountryCode,
    /// The organization's contact on file: who program invitations go to (R31).
    pub contact_email: Option<Email>,
    /// Whether the program knows who the organization belongs to (R31): `Verified` when the
    /// program registers it, `Unverified` when someone signs up for it.
    pub verification: Verification,
}

/// A registered partner organization.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Partner {
    pub mpn_id: MpnId,
    pub name: PartnerName,
    pub country: CountryCode,
    pub registered_at: Timestamp,
    /// The organization's contact on file (R31), if the program has one.
    pub contact_email: Option<Email>,
    pub verification: Verification,
}

impl Partner {
    /// Whether the program knows who the organization belongs to (R31).
    pub fn is_verified(&self) -> bool {
        self.verification == Verification::Verified
    }
}

/// A user to create, with the password already hashed (Argon2id PHC string) by `app`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewUser {
    pub email: Email,
    pub password_hash: String,
    pub grants: Vec<RoleGrant>,
    /// False when the address still has to be confirmed by a link (R31): a sign-up, or an
    /// invitation (whose link confirms it).
    pub email_confirmed: bool,
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
    /// When the user proved the address is theirs (a link mailed to it); `None`: the user
    /// cannot sign in yet (R31).
    pub email_confirmed_at: Option<Timestamp>,
}

stored_enum! {
    /// Whether the program knows who an organization belongs to (R31). Only a verified
    /// organization sees its invoices, KPI rows and revenue, and may enroll or pay.
    Verification {
        /// Registered by the program, approved by an operator, or joined through the
        /// program's invitation to its contact on file.
        Verified => "verified",
        /// Signed up for by someone the program does not know yet: a claim waiting for an
        /// operator.
        Unverified => "unverified",
        /// A claim an operator refused: nobody holds a role in it, and its MPN ID may be
        /// claimed again.
        Rejected => "rejected",
    }
}

/// A pending claim (R31) as the console's queue shows it: the organization, who claims it,
/// and what the program already holds for its MPN ID.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Claim {
    pub partner: Partner,
    /// The users holding a role in it (normally the one who signed up), and whether each
    /// confirmed their address.
    pub claimants: Vec<Claimant>,
    /// Invoice lines stored for the MPN ID (R16), committed imports only.
    pub invoice_lines: u64,
    /// The first and last month of those lines, `YYYY-MM`.
    pub invoice_months: Option<(String, String)>,
}

/// Someone holding a role in a claimed organization.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Claimant {
    pub email: Email,
    pub email_confirmed: bool,
}

/// One role a user holds on a partner, as the partner's users list shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PartnerUserRow {
    pub email: Email,
    pub role: lpc_domain::Role,
    /// When the user was created (signed up, invited or added by an operator).
    pub created_at: Timestamp,
    /// Invited and no password chosen yet: a `user.invited` audit event names the user and
    /// none of the user's reset or invitation links has been used (using one is the only way
    /// a stored password changes). An invited user's stored hash is of a random secret, so the
    /// hash alone cannot tell.
    pub invitation_pending: bool,
}
