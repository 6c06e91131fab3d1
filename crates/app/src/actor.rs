//! Who is asking.

use lpc_domain::Email;
use lpc_domain::access::{self, Action, RoleGrant};

use crate::error::AppError;

/// The origin of a request: a signed-in user, or the program itself acting locally.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Actor {
    /// Someone at the machine with the database in hand: the `lpc` CLI. Program staff by
    /// definition (whoever can open the database can do anything to it), so it holds the
    /// operator's powers, and also manages memberships ("assisted enrollment": enrolling,
    /// renewing, upgrading or paying for a partner on its behalf, the way DESIGN.md's
    /// `lpc enroll` works), every such change being recorded in the audit log as
    /// `cli:<user>`. Users of the web and the API stay strictly under R1.
    Local { os_user: String },
    /// The server's own jobs (publication, renewals, order expiry, directory cycle). Like the
    /// CLI it holds the operator's powers and manages memberships (a renewal it settles),
    /// recorded as `system:scheduler`.
    Scheduler,
    /// A signed-in user and the roles it holds.
    User {
        email: Email,
        grants: Vec<RoleGrant>,
    },
}

impl Actor {
    /// The local actor for the user running this process.
    pub fn local() -> Self {
        let os_user = std::env::var("USER")
            .or_else(|_| std::env::var("USERNAME"))
            .unwrap_or_else(|_| "unknown".to_owned());
        Self::Local { os_user }
    }

    /// How the actor is written in the audit log.
    pub fn audit_name(&self) -> String {
        match self {
            Actor::Local { os_user } => format!("cli:{os_user}"),
            Actor::Scheduler => "system:scheduler".to_owned(),
            Actor::User { email, .. } => format!("user:{email}"),
        }
    }

    /// Refuses the action unless the actor may perform it (R1).
    ///
    /// Web and API users are judged by their role grants alone: only an MPN partner admin or
    /// account admin of the partner manages its memberships, operators included are refused.
    /// The program acting locally ([`Actor::Local`], [`Actor::Scheduler`]) holds the
    /// operator's powers plus [`Action::ManageMemberships`] (assisted enrollment).
    pub fn authorize(&self, action: Action) -> Result<(), AppError> {
        match self {
            Actor::Local { .. } | Actor::Scheduler
                if matches!(action, Action::ManageMemberships(_)) =>
            {
                Ok(())
            }
            Actor::Local { .. } | Actor::Scheduler => {
                let staff = [RoleGrant::new(lpc_domain::Role::Operator, None)
                    .map_err(|e| AppError::Internal(e.to_string()))?];
                access::authorize(&staff, action).map_err(|d| AppError::Denied(d.0))
            }
            Actor::User { grants, .. } => {
                access::authorize(grants, action).map_err(|d| AppError::Denied(d.0))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use lpc_domain::{MpnId, Role};

    #[test]
    fn r1_the_cli_and_the_scheduler_may_enroll_assisted_but_web_operators_may_not() {
        let partner = MpnId::parse("1000001").unwrap();
        let other = MpnId::parse("1000002").unwrap();
        let local = Actor::Local {
            os_user: "ops".into(),
        };
        assert!(local.authorize(Action::ManageMemberships(partner)).is_ok());
        assert!(
            Actor::Scheduler
                .authorize(Action::ManageMemberships(partner))
                .is_ok()
        );
        assert!(local.authorize(Action::OperateProgram).is_ok());
        assert_eq!(local.audit_name(), "cli:ops");

        let user = |role, p| Actor::User {
            email: Email::parse("someone@example.com").unwrap(),
            grants: vec![RoleGrant::new(role, p).unwrap()],
        };
        let operator = user(Role::Operator, None);
        match operator.authorize(Action::ManageMemberships(partner)) {
            Err(AppError::Denied(message)) => assert!(message.starts_with("R1"), "{message}"),
            other => panic!("an operator on the web is refused (R1), got {other:?}"),
        }
        let admin = user(Role::MpnPartnerAdmin, Some(partner));
        assert!(admin.authorize(Action::ManageMemberships(partner)).is_ok());
        assert!(admin.authorize(Action::ManageMemberships(other)).is_err());
        assert!(
            user(Role::Member, Some(partner))
                .authorize(Action::ManageMemberships(partner))
                .is_err()
        );
    }
}
