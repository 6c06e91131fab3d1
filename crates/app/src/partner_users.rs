//! The partner's users list: who holds which role on the organization, and which invitations
//! still wait for their password. Seen by those who may invite (R1: the partner's MPN partner
//! admins and account admins) and by operators, as with [`crate::accounts::invite`].

use lpc_domain::MpnId;
use lpc_store::PartnerUserRow;

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
