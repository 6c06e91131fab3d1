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
    let user = insert(&mut tx, u, audit.at).await?;
    audit_log::append(&mut tx, audit).await?;
    tx.commit().await.map_err(db_err)?;
    Ok(user)
}

/// Inserts a user and its roles inside the caller's write transaction: `Conflict` if the
/// address has an account, `NotFound` if a role names an unregistered partner.
pub(crate) async fn insert(
    tx: &mut sqlx::SqliteConnection,
    u: &NewUser,
    created_at: jiff::Timestamp,
) -> Result<User, StoreError> {
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
    let email_confirmed_at = u.email_confirmed.then_some(created_at);
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO users (email, password_hash, created_at, email_confirmed_at) \
         VALUES (?, ?, ?, ?) RETURNING id",
    )
    .bind(u.email.as_str())
    .bind(&u.password_hash)
    .bind(created_at.to_string())
    .bind(email_confirmed_at.map(|t| t.to_string()))
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
    Ok(User {
        id,
        email: u.email.clone(),
        password_hash: u.password_hash.clone(),
        grants: u.grants.clone(),
        created_at,
        email_confirmed_at,
    })
}

/// A user and the roles it holds, found by `key` through `from_where` (a `FROM ... WHERE` that
/// names the user `u` and binds one text): one query, as this runs on every signed-in request.
async fn one_user(
    pool: &SqlitePool,
    from_where: &'static str,
    key: &str,
) -> Result<Option<User>, StoreError> {
    let sql = format!(
        "SELECT u.id, u.email, u.password_hash, u.created_at, u.email_confirmed_at, \
         r.partner_id, r.role {from_where} ORDER BY r.partner_id, r.role"
    );
    let rows: Vec<UserRoleRow> = sqlx::query_as(sqlx::AssertSqlSafe(sql))
        .bind(key)
        .fetch_all(pool)
        .await
        .map_err(db_err)?;
    let Some((id, email, password_hash, created_at, confirmed_at, _, _)) = rows.first() else {
        return Ok(None);
    };
    let grants = rows
        .iter()
        .filter_map(|(.., partner, role)| role.as_ref().map(|role| (*partner, role)))
        .map(|(partner, role)| {
            let role: Role = role
                .parse()
                .map_err(|e| StoreError::corrupt(format!("stored {e}")))?;
            let partner = partner.map(decode::mpn_id).transpose()?;
            RoleGrant::new(role, partner).map_err(|e| StoreError::corrupt(format!("stored {e}")))
        })
        .collect::<Result<_, _>>()?;
    Ok(Some(User {
        id: *id,
        email: decode::email(email)?,
        password_hash: password_hash.clone(),
        grants,
        created_at: decode::timestamp(created_at)?,
        email_confirmed_at: confirmed_at.as_deref().map(decode::timestamp).transpose()?,
    }))
}

/// The user's columns, then one role (none when the user holds no role).
type UserRoleRow = (
    i64,
    String,
    String,
    String,
    Option<String>,
    Option<i64>,
    Option<String>,
);

pub(crate) async fn by_email(pool: &SqlitePool, email: &Email) -> Result<Option<User>, StoreError> {
    one_user(
        pool,
        "FROM users u LEFT JOIN user_roles r ON r.user_id = u.id WHERE u.email = ?",
        email.as_str(),
    )
    .await
}

/// The user an API token (by its SHA-256 digest) belongs to.
pub(crate) async fn by_token(pool: &SqlitePool, sha256: &str) -> Result<Option<User>, StoreError> {
    one_user(
        pool,
        "FROM api_tokens t JOIN users u ON u.id = t.user_id \
         LEFT JOIN user_roles r ON r.user_id = u.id WHERE t.token_sha256 = ?",
        sha256,
    )
    .await
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
