//! Users and the roles they hold.

use lpc_domain::access::RoleGrant;
use lpc_domain::{Email, MpnId, Role};
use lpc_store::{AuditDraft, NewUser, StoreError, User};
use sqlx::SqlitePool;

use crate::{audit_log, db_err, decode};

pub(crate) async fn add(
    pool: &SqlitePool,
    u: &NewUser,
    audit: &AuditDraft,
) -> Result<User, StoreError> {
    let mut tx = pool.begin_with("BEGIN IMMEDIATE").await.map_err(db_err)?;
    let taken: Option<(i64,)> = sqlx::query_as("SELECT id FROM users WHERE email = ?")
        .bind(u.email.as_str())
        .fetch_optional(&mut *tx)
        .await
        .map_err(db_err)?;
    if taken.is_some() {
        return Err(StoreError::Conflict(format!(
            "a user with email {} already exists",
            u.email
        )));
    }
    for partner in u.grants.iter().filter_map(RoleGrant::partner) {
        let known: Option<(i64,)> = sqlx::query_as("SELECT mpn_id FROM partners WHERE mpn_id = ?")
            .bind(partner.as_i64())
            .fetch_optional(&mut *tx)
            .await
            .map_err(db_err)?;
        if known.is_none() {
            return Err(StoreError::NotFound(format!(
                "partner {partner} is not registered"
            )));
        }
    }
    let created_at = audit.at;
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO users (email, password_hash, created_at) VALUES (?, ?, ?) RETURNING id",
    )
    .bind(u.email.as_str())
    .bind(&u.password_hash)
    .bind(created_at.to_string())
    .fetch_one(&mut *tx)
    .await
    .map_err(db_err)?;
    for grant in &u.grants {
        sqlx::query("INSERT INTO user_roles (user_id, partner_id, role) VALUES (?, ?, ?)")
            .bind(id)
            .bind(grant.partner().map(|p| p.as_i64()))
            .bind(grant.role().as_str())
            .execute(&mut *tx)
            .await
            .map_err(db_err)?;
    }
    audit_log::append(&mut tx, audit).await?;
    tx.commit().await.map_err(db_err)?;
    Ok(User {
        id,
        email: u.email.clone(),
        password_hash: u.password_hash.clone(),
        grants: u.grants.clone(),
        created_at,
    })
}

pub(crate) async fn by_email(pool: &SqlitePool, email: &Email) -> Result<Option<User>, StoreError> {
    let row: Option<(i64, String, String)> =
        sqlx::query_as("SELECT id, password_hash, created_at FROM users WHERE email = ?")
            .bind(email.as_str())
            .fetch_optional(pool)
            .await
            .map_err(db_err)?;
    let Some((id, password_hash, created_at)) = row else {
        return Ok(None);
    };
    let roles: Vec<(Option<i64>, String)> = sqlx::query_as(
        "SELECT partner_id, role FROM user_roles WHERE user_id = ? ORDER BY partner_id, role",
    )
    .bind(id)
    .fetch_all(pool)
    .await
    .map_err(db_err)?;
    let grants = roles
        .into_iter()
        .map(|(partner, role)| {
            let role: Role = role
                .parse()
                .map_err(|e| StoreError::corrupt(format!("stored {e}")))?;
            let partner = partner.map(decode::mpn_id).transpose()?;
            RoleGrant::new(role, partner).map_err(|e| StoreError::corrupt(format!("stored {e}")))
        })
        .collect::<Result<_, _>>()?;
    Ok(Some(User {
        id,
        email: email.clone(),
        password_hash,
        grants,
        created_at: decode::timestamp(&created_at)?,
    }))
}

pub(crate) async fn admin_emails(
    pool: &SqlitePool,
    partner: MpnId,
) -> Result<Vec<Email>, StoreError> {
    let rows: Vec<(String,)> = sqlx::query_as(
        "SELECT u.email FROM users u JOIN user_roles r ON r.user_id = u.id
         WHERE r.partner_id = ? AND r.role IN ('mpn_partner_admin', 'account_admin')
         ORDER BY u.email",
    )
    .bind(partner.as_i64())
    .fetch_all(pool)
    .await
    .map_err(db_err)?;
    rows.into_iter()
        .map(|(email,)| {
            Email::parse(&email).map_err(|e| StoreError::corrupt(format!("stored {e}")))
        })
        .collect()
}
