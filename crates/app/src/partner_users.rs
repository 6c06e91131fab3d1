//! The partner's users list: who holds which role on the organization, and which invitations
//! still wait for their password. Seen by those who may invite (R1: the partner's MPN partner
//! admins and account admins) and by operators, as with [`crate::accounts::invite`].

use lpc_domain::{Email, MpnId, Role};
use lpc_store::{AuditDraft, PartnerUserRow};

use crate::{Actor, App, AppError};

/// The users holding a role on `partner`, one row per role, by e-mail. Refused quoting R1
/// for anyone but the partner's admins and operators; `NotFound` for an unregistered partner.
pub async fn users_of(
    app: &App,
    actor: &Actor,
    partner: MpnId,
) -> Result<Vec<PartnerUserRow>, AppError> {
    crate::users::may_manage_users_of(actor, partner)?;
    if app.store().partner(partner).await?.is_none() {
        return Err(AppError::NotFound(format!(
            "partner {partner} is not registered"
        )));
    }
    Ok(app.store().partner_users(partner).await?)
}

/// Gives `email` another role in the organization (R1: the partner's admins, or operators).
/// Refused naming `role` for a role that is not a partner's; `NotFound` when the user holds
/// no role there; a conflict when the organization would be left without an MPN partner
/// admin.
pub async fn change_role(
    app: &App,
    actor: &Actor,
    partner: MpnId,
    email: &Email,
    role: Role,
) -> Result<(), AppError> {
    if !role.is_partner_side() {
        return Err(AppError::invalid(
            "role",
            "is not a role in a partner organization",
        ));
    }
    set(app, actor, partner, email, Some(role)).await
}

/// Removes `email` from the organization (R1: the partner's admins, or operators): the
/// account stays, without a role there. The same refusals as [`change_role`].
pub async fn remove(
    app: &App,
    actor: &Actor,
    partner: MpnId,
    email: &Email,
) -> Result<(), AppError> {
    set(app, actor, partner, email, None).await
}

async fn set(
    app: &App,
    actor: &Actor,
    partner: MpnId,
    email: &Email,
    role: Option<Role>,
) -> Result<(), AppError> {
    crate::users::may_manage_users_of(actor, partner)?;
    let audit = AuditDraft::new(
        actor.audit_name(),
        if role.is_some() {
            "user.role_changed"
        } else {
            "user.removed"
        },
        format!("user:{email}"),
        app.clock().now(),
        serde_json::json!({ "partner": partner, "role": role, "rule": "R1" }),
    );
    Ok(app
        .store()
        .set_partner_role(partner, email, role, &audit)
        .await?)
}
