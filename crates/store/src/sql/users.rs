//! Users and the roles they hold.

use crate::{AuditDraft, NewUser, StoreError, User};
use lpc_domain::access::RoleGrant;
use lpc_domain::{Email, MpnId, Role};

use crate::sql::db::{Backend, Db, Dialect, WriteTx};
use crate::sql::query::sql;
use crate::sql::{audit_log, decode};

/// `COLLATE "C"` on PostgreSQL, so that addresses sort by their bytes as SQLite's default
/// (`BINARY`) collation sorts them, whatever the database's locale; SQLite has no "C".
pub(crate) const fn byte_order(dialect: Dialect) -> &'static str {
    match dialect {
        Dialect::Postgres => " COLLATE \"C\"",
        Dialect::Sqlite => "",
    }
}

pub async fn add(
    backend: &impl Backend,
    u: &NewUser,
    audit: &AuditDraft,
) -> Result<User, StoreError> {
    let mut tx = backend.write().await?;
    let user = insert(&mut tx, u, audit.at).await?;
    audit_log::append(&mut tx, audit).await?;
    tx.commit().await?;
    Ok(user)
}

/// Inserts a user and its roles inside the caller's write transaction: `Conflict` if the
/// address has an account, `NotFound` if a role names an unregistered partner.
pub async fn insert(
    tx: &mut impl Db,
    u: &NewUser,
    created_at: jiff::Timestamp,
) -> Result<User, StoreError> {
    let taken: Option<(i64,)> = tx
        .fetch_optional_as(sql("SELECT id FROM users WHERE email = $1").bind(u.email.as_str()))
        .await?;
    if taken.is_some() {
        return Err(StoreError::Conflict(format!(
            "a user with email {} already exists",
            u.email
        )));
    }
    for partner in u.grants.iter().filter_map(RoleGrant::partner) {
        let known: Option<(i64,)> = tx
            .fetch_optional_as(
                sql("SELECT mpn_id FROM partners WHERE mpn_id = $1").bind(partner.as_i64()),
            )
            .await?;
        if known.is_none() {
            return Err(StoreError::NotFound(format!(
                "partner {partner} is not registered"
            )));
        }
    }
    let email_confirmed_at = u.email_confirmed.then_some(created_at);
    let (id,): (i64,) = tx
        .fetch_one_as(
            sql(
                "INSERT INTO users (email, password_hash, created_at, email_confirmed_at) \
                 VALUES ($1, $2, $3::timestamptz, $4::timestamptz) RETURNING id",
            )
            .bind(u.email.as_str())
            .bind(&u.password_hash)
            .bind(created_at.to_string())
            .bind(email_confirmed_at.map(|t| t.to_string())),
        )
        .await?;
    for grant in &u.grants {
        tx.execute(
            sql("INSERT INTO user_roles (user_id, partner_id, role) VALUES ($1, $2, $3)")
                .bind(id)
                .bind(grant.partner().map(|p| p.as_i64()))
                .bind(grant.role().as_str()),
        )
        .await?;
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
/// names the user `u` and binds one text as `$1`): one query, as this runs on every
/// signed-in request.
async fn one_user(
    db: &mut impl Db,
    from_where: &'static str,
    key: &str,
) -> Result<Option<User>, StoreError> {
    let rows: Vec<UserRoleRow> = db
        .fetch_all_as(
            sql(format!(
                "SELECT u.id, u.email, u.password_hash, u.created_at, u.email_confirmed_at, \
                 r.partner_id, r.role {from_where} ORDER BY r.partner_id NULLS FIRST, r.role"
            ))
            .bind(key),
        )
        .await?;
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

pub async fn by_email(backend: &impl Backend, email: &Email) -> Result<Option<User>, StoreError> {
    by_email_in(&mut backend.read().await?, email).await
}

/// [`by_email`] inside the caller's connection or transaction.
pub async fn by_email_in(db: &mut impl Db, email: &Email) -> Result<Option<User>, StoreError> {
    one_user(
        db,
        "FROM users u LEFT JOIN user_roles r ON r.user_id = u.id WHERE u.email = $1",
        email.as_str(),
    )
    .await
}

/// The user an API token (by its SHA-256 digest) belongs to.
pub async fn by_token(backend: &impl Backend, sha256: &str) -> Result<Option<User>, StoreError> {
    one_user(
        &mut backend.read().await?,
        "FROM api_tokens t JOIN users u ON u.id = t.user_id \
         LEFT JOIN user_roles r ON r.user_id = u.id WHERE t.token_sha256 = $1",
        sha256,
    )
    .await
}

pub async fn admin_emails<B: Backend>(
    backend: &B,
    partner: MpnId,
) -> Result<Vec<Email>, StoreError> {
    let rows: Vec<(String,)> = backend
        .read()
        .await?
        .fetch_all_as(
            sql(format!(
                "SELECT u.email FROM users u JOIN user_roles r ON r.user_id = u.id
                 WHERE r.partner_id = $1 AND r.role IN ('mpn_partner_admin', 'account_admin')
                 ORDER BY u.email{}",
                byte_order(B::DIALECT)
            ))
            .bind(partner.as_i64()),
        )
        .await?;
    rows.into_iter()
        .map(|(email,)| {
            Email::parse(&email).map_err(|e| StoreError::corrupt(format!("stored {e}")))
        })
        .collect()
}
