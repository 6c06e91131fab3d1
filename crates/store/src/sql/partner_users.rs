//! The partner's users list: who holds which role on one partner, since when, and whether an
//! invitation still waits for its password (R1).

use crate::PartnerUserRow;
use crate::{AuditDraft, StoreError};
use lpc_domain::{Email, MpnId, Role};

use crate::sql::db::{Backend, Db, WriteTx};
use crate::sql::query::sql;
use crate::sql::users::byte_order;
use crate::sql::{audit_log, decode};

/// One query. "Pending" is derived, not stored: the user was invited (a `user.invited` audit
/// event, found through the index on `subject`) and no reset or invitation link of the user
/// has been used, using one being the only way a password is set after creation.
pub async fn list<B: Backend>(
    backend: &B,
    partner: MpnId,
) -> Result<Vec<PartnerUserRow>, StoreError> {
    let rows: Vec<(String, String, String, bool)> = backend
        .read()
        .await?
        .fetch_all_as(
            sql(format!(
                "SELECT u.email, r.role, u.created_at,
                        EXISTS (SELECT 1 FROM audit_events a
                                 WHERE a.subject = 'user:' || u.email
                                   AND a.action IN ('user.invited', 'partner.invited'))
                        AND NOT EXISTS (SELECT 1 FROM password_resets p
                                         WHERE p.user_id = u.id AND p.used_at IS NOT NULL)
                 FROM user_roles r JOIN users u ON u.id = r.user_id
                 WHERE r.partner_id = $1
                 ORDER BY u.email{}, r.role",
                byte_order(B::DIALECT)
            ))
            .bind(partner.as_i64()),
        )
        .await?;
    rows.into_iter()
        .map(|(email, role, created_at, pending)| {
            Ok(PartnerUserRow {
                email: decode::email(&email)?,
                role: role
                    .parse::<Role>()
                    .map_err(|e| StoreError::corrupt(format!("stored {e}")))?,
                created_at: decode::timestamp(&created_at)?,
                invitation_pending: pending,
            })
        })
        .collect()
}

pub async fn set_role(
    backend: &impl Backend,
    partner: MpnId,
    email: &Email,
    role: Option<Role>,
    audit: &AuditDraft,
) -> Result<(), StoreError> {
    let mut tx = backend.write().await?;
    let held: Option<(i64, String)> = tx
        .fetch_optional_as(
            sql(
                "SELECT u.id, r.role FROM user_roles r JOIN users u ON u.id = r.user_id \
                 WHERE r.partner_id = $1 AND u.email = $2",
            )
            .bind(partner.as_i64())
            .bind(email.as_str()),
        )
        .await?;
    let Some((user_id, current)) = held else {
        return Err(StoreError::NotFound(format!(
            "{email} holds no role in partner {partner}"
        )));
    };
    let admin = Role::MpnPartnerAdmin.as_str();
    if current == admin && role != Some(Role::MpnPartnerAdmin) {
        let (admins,): (i64,) = tx
            .fetch_one_as(
                sql("SELECT count(*)::bigint FROM user_roles WHERE partner_id = $1 AND role = $2")
                    .bind(partner.as_i64())
                    .bind(admin),
            )
            .await?;
        if admins <= 1 {
            return Err(StoreError::Conflict(format!(
                "R1: {email} is the only MPN partner admin of {partner}; make another user \
                 its MPN partner admin first"
            )));
        }
    }
    match role {
        Some(role) => {
            tx.execute(
                sql("UPDATE user_roles SET role = $1 WHERE partner_id = $2 AND user_id = $3")
                    .bind(role.as_str())
                    .bind(partner.as_i64())
                    .bind(user_id),
            )
            .await?
        }
        None => {
            tx.execute(
                sql("DELETE FROM user_roles WHERE partner_id = $1 AND user_id = $2")
                    .bind(partner.as_i64())
                    .bind(user_id),
            )
            .await?
        }
    };
    audit_log::append(&mut tx, audit).await?;
    tx.commit().await
}
