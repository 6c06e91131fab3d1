//! The roles of R1: three inside a partner organization, two on the operator side.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// A role a user holds. Partner-side roles are held *per organization*; operator-side roles
/// belong to the program team and are held without an organization.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// The organization's MPN partner admin: may enroll, renew, upgrade and pay (R1).
    MpnPartnerAdmin,
    /// The organization's account admin: the same powers over memberships as the partner admin (R1).
    AccountAdmin,
    /// Any other user of the organization: reads only (R1).
    Member,
    /// Program staff: imports, publications, rule sets, directory, payments.
    Operator,
    /// Partner Frontline Support: settles cases (R5, R22, R27).
    SupportAgent,
}

/// The value names no role.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "role {0:?} is not one of mpn_partner_admin, account_admin, member, operator, support_agent"
)]
pub struct UnknownRole(pub String);

impl Role {
    pub const ALL: [Role; 5] = [
        Role::MpnPartnerAdmin,
        Role::AccountAdmin,
        Role::Member,
        Role::Operator,
        Role::SupportAgent,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::MpnPartnerAdmin => "mpn_partner_admin",
            Role::AccountAdmin => "account_admin",
            Role::Member => "member",
            Role::Operator => "operator",
            Role::SupportAgent => "support_agent",
        }
    }

    /// Whether the role is held inside one partner organization (and so needs one).
    pub fn is_partner_side(self) -> bool {
        matches!(
            self,
            Role::MpnPartnerAdmin | Role::AccountAdmin | Role::Member
        )
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Role {
    type Err = UnknownRole;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Role::ALL
            .into_iter()
            .find(|r| r.as_str() == s)
            .ok_or_else(|| UnknownRole(s.to_owned()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_role_round_trips_through_its_name() {
        for role in Role::ALL {
            assert_eq!(role.as_str().parse::<Role>(), Ok(role));
        }
        assert!("admin".parse::<Role>().is_err());
    }
}
