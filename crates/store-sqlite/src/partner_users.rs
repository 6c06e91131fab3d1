//! The partner's users list: who holds which role on one partner, since when, and whether an
//! invitation still waits for its password (R1).

use lpc_domain::{Email, MpnId, Role};
use lpc_store::PartnerUserRow;
use lpc_store::{AuditDraft, StoreError};
use sqlx::SqlitePool;

use crate::{audit_log, db_err, decode};

/// One query. "Pending" is derived, not stored: the user was invited (a `user.invited` audit
/// event, found through the index on `subject`) and no reset or invitation link of the user
/// has been used, using one being the only way a password is set after creation.
pub(crate) async fn list(
    pool: &SqlitePool,
    partner: MpnId,
) -> Result<Vec<PartnerUserRow>, StoreError> {
    let rows: Vec<(String, String, String, bool)> = sqlx::query_as(
        "SELECT u.email, r.role, u.created_at,
                EXISTS (SELECT 1 FROM audit_events a
                         WHERE a.subject = 'user:' || u.email
                           AND a.action IN ('user.invited', 'partner.invited'))
                AND NOT EXISTS (SELECT 1 FROM password_resets p
                                 WHERE p.user_id = u.id AND p.used_at IS NOT NULL)
         FROM user_roles r JOIN users u ON u.id = r.user_id
         WHERE r.partner_id = ?
         ORDER BY u.email, r.role",
    )
    .bind(partner.as_i64())
    .fetch_all(pool)
    .await
    .map_err(db_err)?;
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

pub(crate) async fn set_role(
    pool: &SqlitePool,
    partner: MpnId,
    email: &Email,
    role: Option<Role>,
    audit: &AuditDraft,
) -> Result<(), StoreError> {
    let mut tx = pool.begin_with("BEGIN IMMEDIATE").await.map_err(db_err)?;
    let held: Option<(i64, String)> = sqlx::query_as(
        "SELECT u.id, r.role FROM user_roles r JOIN users u ON u.id = r.user_id \
         WHERE r.partner_id = ? AND u.email = ?",
    )
    .bind(partner.as_i64())
    .bind(email.as_str())
    .fetch_optional(&mut *tx)
    .await
    .map_err(db_err)?;
    let Some((user_id, current)) = held else {
        return Err(StoreError::NotFound(format!(
            "{email} holds no role in partner {partner}"
        )));
    };
    let admin = Role::MpnPartnerAdmin.as_str();
    if current == admin && role != Some(Role::MpnPartnerAdmin) {
        let (admins,): (i64,) =
            sqlx::query_as("SELECT count(*) FROM user_roles WHERE partner_id = ? AND role = ?")
                .bind(partner.as_i64())
                .bind(admin)
                .fetch_one(&mut *tx)
                .await
                .map_err(db_err)?;
        if admins <= 1 {
            return Err(StoreError::Conflict(format!(
                "R1: {email} is the only MPN partner admin of {partner}; make another user \
                 its MPN partner admin first"
            )));
        }
    }
    match role {
        Some(role) => {
            sqlx::query("UPDATE user_roles SET role = ? WHERE partner_id = ? AND user_id = ?")
                .bind(role.as_str())
                .bind(partner.as_i64())
                .bind(user_id)
                .execute(&mut *tx)
                .await
                .map_err(db_err)?
        }
        None => sqlx::query("DELETE FROM user_roles WHERE partner_id = ? AND user_id = ?")
            .bind(partner.as_i64())
            .bind(user_id)
            .execute(&mut *tx)
            .await
            .map_err(db_err)?,
    };
    audit_log::append(&mut tx, audit).await?;
    tx.commit().await.map_err(db_err)
}
