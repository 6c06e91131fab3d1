//! Users, their roles, and signing in.

use lpc_domain::access::{Action, RoleGrant};
use lpc_domain::{Email, MpnId, Role};
use lpc_store::{AuditDraft, NewUser, User};

use crate::{Actor, App, AppError, passwords};

/// A user to create, already parsed.
#[derive(Debug, Clone)]
pub struct NewAccount {
    pub email: Email,
    pub role: Role,
    pub partner: Option<MpnId>,
    pub password: String,
}

impl NewAccount {
    /// Parses the text fields of `lpc user add` / an invitation form, naming the bad field.
    pub fn parse(
        email: &str,
        role: &str,
        partner: Option<&str>,
        password: String,
    ) -> Result<Self, AppError> {
        Ok(Self {
            email: Email::parse(email).map_err(|e| AppError::invalid("email", e))?,
            role: role.parse().map_err(|e| AppError::invalid("role", e))?,
            partner: partner.map(crate::partners::parse_mpn_id).transpose()?,
            password,
        })
    }
}

/// Whether `actor` may add, invite and list the users of `partner`: the partner's own admins
/// (R1), and operators. A refusal quotes R1, the rule a partner user runs into.
pub(crate) fn may_manage_users_of(actor: &Actor, partner: MpnId) -> Result<(), AppError> {
    if let Err(r1) = actor.authorize(Action::ManagePartnerUsers(partner)) {
        actor.authorize(Action::OperateProgram).map_err(|_| r1)?;
    }
    Ok(())
}

/// Creates a user holding one role. Operator-side roles are granted by operators; partner
/// roles by operators or by the organization's own admins (R1). The program vouches for the
/// address (R31): the user can sign in at once.
pub async fn add(app: &App, actor: &Actor, account: NewAccount) -> Result<User, AppError> {
    add_with(app, actor, account, true).await
}

/// [`add`], with the address confirmed or left to a mailed link (an invitation, R31).
pub(crate) async fn add_with(
    app: &App,
    actor: &Actor,
    account: NewAccount,
    email_confirmed: bool,
) -> Result<User, AppError> {
    let grant =
        RoleGrant::new(account.role, account.partner).map_err(|e| AppError::invalid("role", e))?;
    match grant.partner() {
        Some(p) => may_manage_users_of(actor, p)?,
        None => actor.authorize(Action::OperateProgram)?,
    }
    let password_hash = passwords::hash(account.password).await?;
    let audit = AuditDraft::new(
        actor.audit_name(),
        "user.add",
        format!("user:{}", account.email),
        app.clock().now(),
        serde_json::json!({ "role": grant.role(), "partner": grant.partner() }),
    );
    let user = NewUser {
        email: account.email,
        password_hash,
        grants: vec![grant],
        email_confirmed,
    };
    Ok(app.store().add_user(&user, &audit).await?)
}

/// The user whose e-mail and password match, or `None`. Unknown addresses cost the same
/// hashing time as known ones, so response times do not reveal who has an account.
pub async fn authenticate(
    app: &App,
    email: &Email,
    password: String,
) -> Result<Option<User>, AppError> {
    match app.store().user_by_email(email).await? {
        Some(user) => {
            let matches = passwords::verify(password, user.password_hash.clone()).await;
            Ok(matches.then_some(user))
        }
        None => {
            passwords::verify_decoy(password).await;
            Ok(None)
        }
    }
}

/// The local operator acting as the user `email` (the CLI's `--as`): partner-side actions
/// such as accepting the guidelines are then judged by that user's roles (R1).
pub async fn acting_as(app: &App, actor: &Actor, email: &Email) -> Result<Actor, AppError> {
    if !matches!(actor, Actor::Local { .. }) {
        return Err(AppError::Denied(
            "only the local command line may act as another user".into(),
        ));
    }
    let user = app
        .store()
        .user_by_email(email)
        .await?
        .ok_or_else(|| AppError::invalid("as", format!("no user has the email {email}")))?;
    Ok(Actor::User {
        email: user.email,
        grants: user.grants,
    })
}
