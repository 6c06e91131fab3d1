//! Who is asking.

use lpc_domain::Email;
use lpc_domain::access::{self, Action, RoleGrant};

use crate::error::AppError;

/// The origin of a request: a signed-in user, or the program itself acting locally.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Actor {
    /// Someone at the machine with the database in hand: the `lpc` CLI. Program staff by
    /// definition (whoever can open the database can do anything to it), so it holds the
    /// operator's powers, but never a partner admin's (R1: partners enroll themselves).
    Local { os_user: String },
    /// The server's own jobs (publication, renewals, directory cycle).
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
    pub fn authorize(&self, action: Action) -> Result<(), AppError> {
        match self {
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
