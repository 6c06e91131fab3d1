//! Who may do what (R1), as a pure policy.
//!
//! The `app` crate asks [`authorize`] before every use case; adapters (web, CLI) never decide
//! permissions themselves, so a new adapter cannot forget R1.

use serde::{Deserialize, Serialize};

use crate::ids::MpnId;
use crate::role::Role;

/// One role held by a user: partner-side roles name their organization, operator-side roles
/// name none. Built only through [`RoleGrant::new`], which refuses the other combinations.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct RoleGrant {
    role: Role,
    partner: Option<MpnId>,
}

/// The role and organization do not fit together.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum GrantError {
    #[error("role {0} is held inside a partner organization: give --partner MPN")]
    PartnerRequired(Role),
    #[error("role {0} is an operator-side role and belongs to no partner organization")]
    PartnerNotAllowed(Role),
}

impl RoleGrant {
    pub fn new(role: Role, partner: Option<MpnId>) -> Result<Self, GrantError> {
        match (role.is_partner_side(), partner) {
            (true, None) => Err(GrantError::PartnerRequired(role)),
            (false, Some(_)) => Err(GrantError::PartnerNotAllowed(role)),
            _ => Ok(Self { role, partner }),
        }
    }

    pub fn role(&self) -> Role {
        self.role
    }

    pub fn partner(&self) -> Option<MpnId> {
        self.partner
    }
}

/// Something a user asks to do, with the organization it concerns.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// See a partner's data (memberships, KPIs, cases).
    ReadPartner(MpnId),
    /// Enroll, renew, upgrade or pay for the partner (R1).
    ManageMemberships(MpnId),
    /// Invite or remove users of the partner organization.
    ManagePartnerUsers(MpnId),
    /// Operator work: imports, publications, rule sets, payments, directory.
    OperateProgram,
    /// Support work: settle cases (R5, R22, R27).
    HandleCases,
}

/// The request is not allowed; the message says which rule and what role would be needed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct Denied(pub String);

/// Decides whether a user holding `grants` may perform `action` (R1).
pub fn authorize(grants: &[RoleGrant], action: Action) -> Result<(), Denied> {
    let holds = |role: Role, partner: Option<MpnId>| {
        grants
            .iter()
            .any(|g| g.role == role && g.partner == partner)
    };
    let is_operator = holds(Role::Operator, None);
    let is_support = holds(Role::SupportAgent, None);
    let admin_of =
        |p: MpnId| holds(Role::MpnPartnerAdmin, Some(p)) || holds(Role::AccountAdmin, Some(p));
    let allowed = match action {
        Action::ReadPartner(p) => {
            is_operator || is_support || grants.iter().any(|g| g.partner == Some(p))
        }
        Action::ManageMemberships(p) | Action::ManagePartnerUsers(p) => admin_of(p),
        Action::OperateProgram => is_operator,
        Action::HandleCases => is_support || is_operator,
    };
    if allowed {
        return Ok(());
    }
    Err(Denied(match action {
        Action::ReadPartner(p) => {
            format!("R1: only users of partner {p} or program staff may see it")
        }
        Action::ManageMemberships(p) => format!(
            "R1: only an MPN partner admin or account admin of partner {p} may enroll, renew, upgrade or pay"
        ),
        Action::ManagePartnerUsers(p) => {
            format!(
                "R1: only an MPN partner admin or account admin of partner {p} may manage its users"
            )
        }
        Action::OperateProgram => "only operators may do this".to_owned(),
        Action::HandleCases => "only support agents and operators may handle cases".to_owned(),
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mpn(n: &str) -> MpnId {
        MpnId::parse(n).unwrap()
    }

    #[test]
    fn partner_roles_need_an_organization_and_operator_roles_refuse_one() {
        assert!(RoleGrant::new(Role::Member, None).is_err());
        assert!(RoleGrant::new(Role::Operator, Some(mpn("1"))).is_err());
        assert!(RoleGrant::new(Role::SupportAgent, None).is_ok());
    }

    #[test]
    fn r1_only_partner_admin_or_account_admin_manage_memberships_of_their_own_partner() {
        let a = mpn("1000001");
        let b = mpn("1000002");
        let grant = |role, p| vec![RoleGrant::new(role, p).unwrap()];
        assert!(
            authorize(
                &grant(Role::MpnPartnerAdmin, Some(a)),
                Action::ManageMemberships(a)
            )
            .is_ok()
        );
        assert!(
            authorize(
                &grant(Role::AccountAdmin, Some(a)),
                Action::ManageMemberships(a)
            )
            .is_ok()
        );
        let denied = authorize(&grant(Role::Member, Some(a)), Action::ManageMemberships(a));
        assert!(denied.unwrap_err().0.starts_with("R1"));
        assert!(
            authorize(
                &grant(Role::MpnPartnerAdmin, Some(a)),
                Action::ManageMemberships(b)
            )
            .is_err()
        );
        assert!(authorize(&grant(Role::Operator, None), Action::ManageMemberships(a)).is_err());
        // Members may read their own organization, not another one.
        assert!(authorize(&grant(Role::Member, Some(a)), Action::ReadPartner(a)).is_ok());
        assert!(authorize(&grant(Role::Member, Some(a)), Action::ReadPartner(b)).is_err());
        assert!(authorize(&grant(Role::Member, Some(a)), Action::OperateProgram).is_err());
        assert!(authorize(&grant(Role::SupportAgent, None), Action::HandleCases).is_ok());
        assert!(authorize(&grant(Role::SupportAgent, None), Action::OperateProgram).is_err());
    }
}
