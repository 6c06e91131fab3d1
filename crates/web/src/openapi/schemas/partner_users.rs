//! The partner's users (R1) as the API sends them.

use jiff::Timestamp;
use lpc_app::views;
use lpc_domain::{Email, MpnId, Role};
use serde::Serialize;
use utoipa::ToSchema;

/// A role in a partner organization (R1).
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum PartnerRole {
    MpnPartnerAdmin,
    AccountAdmin,
    Member,
}

/// One role a user holds on the partner.
#[derive(Debug, Serialize, ToSchema)]
pub struct PartnerUser {
    #[schema(value_type = String, example = "admin@example.com")]
    pub email: Email,
    #[schema(value_type = PartnerRole)]
    pub role: Role,
    /// When the user was created (signed up, invited or added by an operator).
    #[schema(value_type = String, format = DateTime)]
    pub created_at: Timestamp,
    /// Invited and no password chosen yet.
    pub invitation_pending: bool,
}

impl From<views::PartnerUserRow> for PartnerUser {
    fn from(u: views::PartnerUserRow) -> Self {
        Self {
            email: u.email,
            role: u.role,
            created_at: u.created_at,
            invitation_pending: u.invitation_pending,
        }
    }
}

/// The users holding a role on the partner, one entry per role, by e-mail.
#[derive(Debug, Serialize, ToSchema)]
pub struct PartnerUsers {
    #[schema(value_type = String)]
    pub partner_id: MpnId,
    pub users: Vec<PartnerUser>,
}
