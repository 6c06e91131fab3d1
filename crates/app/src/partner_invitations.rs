//! The invitations a partner file mailed to its partners' contacts (R31), used through their
//! link: the contact chooses a password, and the account made then is the partner's MPN
//! partner admin, verified, with the address confirmed (the link proves it). A contact who
//! has an account already signs in as it and accepts: that account becomes the admin.
//!
//! An invitation works once, until it expires
//! ([`crate::partners_import::INVITATION_TTL`]), and only while the address it was mailed
//! to is still the partner's contact on file.

use lpc_domain::Email;
use lpc_store::{AuditDraft, Invitee, Partner, User};
use serde::Serialize;

use crate::partners_import::token_parts;
use crate::{Actor, App, AppError, passwords};

/// An invitation as its page shows it.
#[derive(Debug, Clone, Serialize)]
pub struct Invitation {
    pub partner: Partner,
    /// The address invited: the account's.
    pub email: Email,
    /// Whether that address has an account: then its owner signs in and accepts.
    pub account_exists: bool,
    pub expires_at: jiff::Timestamp,
}

fn gone() -> AppError {
    AppError::invalid("token", "this link has expired or was already used")
}

/// The invitation a link carries, while it works; `None` when the token is unknown, used
/// or expired, or the partner's contact on file is another address now.
pub async fn find(app: &App, token: &str) -> Result<Option<Invitation>, AppError> {
    let Some((partner, digest)) = token_parts(token) else {
        return Ok(None);
    };
    let Some(found) = app
        .store()
        .partner_invitation(partner, &digest, app.clock().now())
        .await?
    else {
        return Ok(None);
    };
    if found.partner.contact_email.as_ref() != Some(&found.email) {
        return Ok(None);
    }
    let account_exists = app.store().user_by_email(&found.email).await?.is_some();
    Ok(Some(Invitation {
        partner: found.partner,
        email: found.email,
        account_exists,
        expires_at: found.expires_at,
    }))
}

fn accepted(invitation: &Invitation, account: &str, at: jiff::Timestamp) -> AuditDraft {
    AuditDraft::new(
        format!("user:{}", invitation.email),
        "partner.invitation_accepted",
        format!("partner:{}", invitation.partner.mpn_id),
        at,
        serde_json::json!({
            "email": invitation.email,
            "role": lpc_domain::Role::MpnPartnerAdmin,
            "account": account,
            "rule": "R31",
        }),
    )
}

/// Accepts an invitation with a new account and its password (R31): the account is made,
/// its address confirmed, as the partner's MPN partner admin. Refused naming `token` when
/// the link no longer works, `password` when it is too short, `email` when the address has
/// an account (its owner signs in and uses [`accept_as`]).
pub async fn accept(app: &App, token: &str, password: String) -> Result<User, AppError> {
    let invitation = find(app, token).await?.ok_or_else(gone)?;
    if invitation.account_exists {
        return Err(AppError::invalid(
            "email",
            format!(
                "R31: {} has an account: sign in as it, then open the link again",
                invitation.email
            ),
        ));
    }
    let (partner, digest) = token_parts(token).ok_or_else(gone)?;
    let password_hash = passwords::hash(password).await?;
    let now = app.clock().now();
    app.store()
        .accept_partner_invitation(
            partner,
            &digest,
            now,
            &Invitee::New { password_hash },
            &accepted(&invitation, "created", now),
        )
        .await
        .map_err(|e| match e {
            // The address got an account meanwhile.
            lpc_store::StoreError::Conflict(m) => AppError::invalid("email", m),
            other => other.into(),
        })?
        .ok_or_else(gone)
}

/// Accepts an invitation as the signed-in user who has the invited address (R31): that
/// account becomes the partner's MPN partner admin. Refused naming `email` when `actor` is
/// not that account.
pub async fn accept_as(app: &App, actor: &Actor, token: &str) -> Result<User, AppError> {
    let invitation = find(app, token).await?.ok_or_else(gone)?;
    let refuse = || {
        AppError::invalid(
            "email",
            format!(
                "R31: this invitation is for {}: sign in as that address to accept it",
                invitation.email
            ),
        )
    };
    let Actor::User { email, .. } = actor else {
        return Err(refuse());
    };
    if *email != invitation.email {
        return Err(refuse());
    }
    let user = app.store().user_by_email(email).await?.ok_or_else(refuse)?;
    let (partner, digest) = token_parts(token).ok_or_else(gone)?;
    let now = app.clock().now();
    app.store()
        .accept_partner_invitation(
            partner,
            &digest,
            now,
            &Invitee::Existing { user_id: user.id },
            &accepted(&invitation, "existing", now),
        )
        .await?
        .ok_or_else(gone)
}
