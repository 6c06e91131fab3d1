//! The partner's users list: who holds which role on one partner, since when, and whether an
//! invitation still waits for its password (R1).

use lpc_domain::{MpnId, Role};
use lpc_store::PartnerUserRow;
use lpc_store::StoreError;
use sqlx::SqlitePool;

use crate::{db_err, decode};

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
                         WHERE a.subject = 'user:' || u.email AND a.action = 'user.invited')
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
