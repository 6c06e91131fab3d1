//! Claims of organizations (R31): sign-ups waiting for the program, its decisions, the
//! contact on file, and confirming an address.

use jiff::Timestamp;
use lpc_domain::{Email, MpnId};
use lpc_store::{
    AuditDraft, Claim, Claimant, NewPartner, NewUser, Partner, StoreError, User, Verification,
};
use sqlx::PgPool;

use crate::{audit_log, db_err, decode, users};

pub(crate) async fn add(
    pool: &PgPool,
    partner: &NewPartner,
    user: &NewUser,
    audit: &AuditDraft,
) -> Result<(Partner, User), StoreError> {
    let mut tx = audit_log::begin_write(pool).await?;
    let rejected: Option<(String,)> =
        sqlx::query_as("SELECT verification FROM partners WHERE mpn_id = $1")
            .bind(partner.mpn_id.as_i64())
            .fetch_optional(&mut *tx)
            .await
            .map_err(db_err)?;
    let stored = match rejected {
        Some((state,)) if state == Verification::Rejected.as_str() => {
            sqlx::query(
                "UPDATE partners SET name = $1, country = $2, contact_email = $3, verification = $4, \
                 registered_at = $6::timestamptz WHERE mpn_id = $5",
            )
            .bind(partner.name.as_str())
            .bind(partner.country.as_str())
            .bind(partner.contact_email.as_ref().map(Email::as_str))
            .bind(partner.verification.as_str())
            .bind(partner.mpn_id.as_i64())
            .bind(audit.at.to_string())
            .execute(&mut *tx)
            .await
            .map_err(db_err)?;
            lpc_store::sql::partners::get_in(&mut crate::db::on(&mut tx), partner.mpn_id)
                .await?
                .ok_or_else(|| StoreError::NotFound(format!("partner {}", partner.mpn_id)))?
        }
        _ => lpc_store::sql::partners::insert(&mut crate::db::on(&mut tx), partner, audit).await?,
    };
    let user = users::insert(&mut tx, user, audit.at).await?;
    audit_log::append(&mut tx, audit).await?;
    tx.commit().await.map_err(db_err)?;
    Ok((stored, user))
}

pub(crate) async fn pending(pool: &PgPool) -> Result<Vec<Claim>, StoreError> {
    let rows = sqlx::query(concat!(
        "SELECT ",
        crate::decode::partner_columns!(),
        " FROM partners WHERE verification = 'unverified' ORDER BY registered_at, mpn_id"
    ))
    .fetch_all(pool)
    .await
    .map_err(db_err)?;
    let mut claims = Vec::with_capacity(rows.len());
    for row in &rows {
        let partner = decode::partner(row)?;
        let claimants: Vec<(String, Option<String>)> = sqlx::query_as(
            "SELECT DISTINCT u.email, u.email_confirmed_at::text FROM users u \
             JOIN user_roles r ON r.user_id = u.id WHERE r.partner_id = $1 ORDER BY u.email",
        )
        .bind(partner.mpn_id.as_i64())
        .fetch_all(pool)
        .await
        .map_err(db_err)?;
        let (lines, first, last): (i64, Option<i64>, Option<i64>) = sqlx::query_as(
            "SELECT coalesce(sum(s.lines), 0)::bigint, min(s.month_from)::bigint, max(s.month_to)::bigint \
             FROM ledger_segments s JOIN ledger_batches b ON b.id = s.batch \
             WHERE s.partner_id = $1 AND b.state = 'committed'",
        )
        .bind(partner.mpn_id.as_i64())
        .fetch_one(pool)
        .await
        .map_err(db_err)?;
        claims.push(Claim {
            partner,
            claimants: claimants
                .into_iter()
                .map(|(email, confirmed)| {
                    Ok(Claimant {
                        email: decode::email(&email)?,
                        email_confirmed: confirmed.is_some(),
                    })
                })
                .collect::<Result<_, StoreError>>()?,
            invoice_lines: u64::try_from(lines).unwrap_or(0),
            invoice_months: first
                .zip(last)
                .map(|(a, b)| Ok::<_, StoreError>((month(a)?, month(b)?)))
                .transpose()?,
        });
    }
    Ok(claims)
}

fn month(number: i64) -> Result<String, StoreError> {
    Ok(lpc_store::ledger::segment::month_of_number(number)?.to_string())
}

pub(crate) async fn decide(
    pool: &PgPool,
    partner: MpnId,
    decision: Verification,
    audit: &AuditDraft,
) -> Result<Vec<Email>, StoreError> {
    let mut tx = audit_log::begin_write(pool).await?;
    let state: Option<(String,)> =
        sqlx::query_as("SELECT verification FROM partners WHERE mpn_id = $1")
            .bind(partner.as_i64())
            .fetch_optional(&mut *tx)
            .await
            .map_err(db_err)?;
    match state {
        None => return Err(StoreError::NotFound(format!("partner {partner}"))),
        Some((s,)) if s != Verification::Unverified.as_str() => {
            return Err(StoreError::Conflict(format!(
                "partner {partner} is {s}, not a claim waiting for a decision (R31)"
            )));
        }
        Some(_) => {}
    }
    let holders: Vec<(String,)> = sqlx::query_as(
        "SELECT DISTINCT u.email FROM users u JOIN user_roles r ON r.user_id = u.id \
         WHERE r.partner_id = $1 ORDER BY u.email",
    )
    .bind(partner.as_i64())
    .fetch_all(&mut *tx)
    .await
    .map_err(db_err)?;
    sqlx::query("UPDATE partners SET verification = $1 WHERE mpn_id = $2")
        .bind(decision.as_str())
        .bind(partner.as_i64())
        .execute(&mut *tx)
        .await
        .map_err(db_err)?;
    if decision == Verification::Rejected {
        sqlx::query("DELETE FROM user_roles WHERE partner_id = $1")
            .bind(partner.as_i64())
            .execute(&mut *tx)
            .await
            .map_err(db_err)?;
        sqlx::query("DELETE FROM guideline_acceptances WHERE partner_id = $1")
            .bind(partner.as_i64())
            .execute(&mut *tx)
            .await
            .map_err(db_err)?;
    }
    audit_log::append(&mut tx, audit).await?;
    tx.commit().await.map_err(db_err)?;
    holders
        .iter()
        .map(|(email,)| decode::email(email))
        .collect()
}

pub(crate) async fn set_contact(
    pool: &PgPool,
    partner: MpnId,
    contact: &Email,
    verify: bool,
    audit: &AuditDraft,
) -> Result<Partner, StoreError> {
    let mut tx = audit_log::begin_write(pool).await?;
    let current = lpc_store::sql::partners::get_in(&mut crate::db::on(&mut tx), partner)
        .await?
        .ok_or_else(|| StoreError::NotFound(format!("partner {partner} is not registered")))?;
    if current.verification == Verification::Unverified {
        return Err(StoreError::Conflict(format!(
            "partner {partner} is an unverified claim: approve or reject it first (R31)"
        )));
    }
    let verification = if verify {
        Verification::Verified
    } else {
        current.verification
    };
    sqlx::query("UPDATE partners SET contact_email = $1, verification = $2 WHERE mpn_id = $3")
        .bind(contact.as_str())
        .bind(verification.as_str())
        .bind(partner.as_i64())
        .execute(&mut *tx)
        .await
        .map_err(db_err)?;
    audit_log::append(&mut tx, audit).await?;
    tx.commit().await.map_err(db_err)?;
    Ok(Partner {
        contact_email: Some(contact.clone()),
        verification,
        ..current
    })
}

pub(crate) async fn confirm_email(
    pool: &PgPool,
    sha256: &str,
    now: Timestamp,
    audit: &AuditDraft,
) -> Result<Option<User>, StoreError> {
    let mut tx = audit_log::begin_write(pool).await?;
    let found: Option<(i64, String)> = sqlx::query_as(
        "SELECT r.user_id, u.email FROM password_resets r JOIN users u ON u.id = r.user_id \
         WHERE r.token_sha256 = $1 AND r.used_at IS NULL AND r.expires_at > $2",
    )
    .bind(sha256)
    .bind(now.as_second())
    .fetch_optional(&mut *tx)
    .await
    .map_err(db_err)?;
    let Some((user_id, email)) = found else {
        return Ok(None);
    };
    sqlx::query("UPDATE password_resets SET used_at = $1::timestamptz WHERE token_sha256 = $2")
        .bind(now.to_string())
        .bind(sha256)
        .execute(&mut *tx)
        .await
        .map_err(db_err)?;
    sqlx::query(
        "UPDATE users SET email_confirmed_at = coalesce(email_confirmed_at, $1::timestamptz) WHERE id = $2",
    )
    .bind(now.to_string())
    .bind(user_id)
    .execute(&mut *tx)
    .await
    .map_err(db_err)?;
    audit_log::append(&mut tx, audit).await?;
    tx.commit().await.map_err(db_err)?;
    users::by_email(pool, &decode::email(&email)?).await
}
