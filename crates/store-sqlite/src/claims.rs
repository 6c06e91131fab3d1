//! Claims of organizations (R31): sign-ups waiting for the program, its decisions, the
//! contact on file, and confirming an address.

use jiff::Timestamp;
use lpc_domain::{Email, MpnId};
use lpc_store::{
    AuditDraft, Claim, Claimant, NewPartner, NewUser, Partner, StoreError, User, Verification,
};
use sqlx::SqlitePool;

use crate::{audit_log, db_err, decode, users};

pub(crate) async fn add(
    pool: &SqlitePool,
    partner: &NewPartner,
    user: &NewUser,
    audit: &AuditDraft,
) -> Result<(Partner, User), StoreError> {
    let mut tx = pool.begin_with("BEGIN IMMEDIATE").await.map_err(db_err)?;
    let rejected: Option<(String,)> =
        sqlx::query_as("SELECT verification FROM partners WHERE mpn_id = ?")
            .bind(partner.mpn_id.as_i64())
            .fetch_optional(&mut *tx)
            .await
            .map_err(db_err)?;
    let stored = match rejected {
        Some((state,)) if state == Verification::Rejected.as_str() => {
            sqlx::query(
                "UPDATE partners SET name = ?, country = ?, contact_email = ?, verification = ?, \
                 registered_at = ? WHERE mpn_id = ?",
            )
            .bind(partner.name.as_str())
            .bind(partner.country.as_str())
            .bind(partner.contact_email.as_ref().map(Email::as_str))
            .bind(partner.verification.as_str())
            .bind(audit.at.to_string())
            .bind(partner.mpn_id.as_i64())
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

pub(crate) async fn pending(pool: &SqlitePool) -> Result<Vec<Claim>, StoreError> {
    let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT {} FROM partners WHERE verification = 'unverified' ORDER BY registered_at, mpn_id",
        lpc_store::sql::partners::COLUMNS
    )))
    .fetch_all(pool)
    .await
    .map_err(db_err)?;
    let mut claims = Vec::with_capacity(rows.len());
    for row in &rows {
        let partner = decode::partner(row)?;
        let claimants: Vec<(String, Option<String>)> = sqlx::query_as(
            "SELECT DISTINCT u.email, u.email_confirmed_at FROM users u \
             JOIN user_roles r ON r.user_id = u.id WHERE r.partner_id = ? ORDER BY u.email",
        )
        .bind(partner.mpn_id.as_i64())
        .fetch_all(pool)
        .await
        .map_err(db_err)?;
        let (lines, first, last): (i64, Option<i64>, Option<i64>) = sqlx::query_as(
            "SELECT coalesce(sum(s.lines), 0), min(s.month_from), max(s.month_to) \
             FROM ledger_segments s JOIN ledger_batches b ON b.id = s.batch \
             WHERE s.partner_id = ? AND b.state = 'committed'",
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
    pool: &SqlitePool,
    partner: MpnId,
    decision: Verification,
    audit: &AuditDraft,
) -> Result<Vec<Email>, StoreError> {
    let mut tx = pool.begin_with("BEGIN IMMEDIATE").await.map_err(db_err)?;
    let state: Option<(String,)> =
        sqlx::query_as("SELECT verification FROM partners WHERE mpn_id = ?")
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
         WHERE r.partner_id = ? ORDER BY u.email",
    )
    .bind(partner.as_i64())
    .fetch_all(&mut *tx)
    .await
    .map_err(db_err)?;
    sqlx::query("UPDATE partners SET verification = ? WHERE mpn_id = ?")
        .bind(decision.as_str())
        .bind(partner.as_i64())
        .execute(&mut *tx)
        .await
        .map_err(db_err)?;
    if decision == Verification::Rejected {
        sqlx::query("DELETE FROM user_roles WHERE partner_id = ?")
            .bind(partner.as_i64())
            .execute(&mut *tx)
            .await
            .map_err(db_err)?;
        sqlx::query("DELETE FROM guideline_acceptances WHERE partner_id = ?")
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
    pool: &SqlitePool,
    partner: MpnId,
    contact: &Email,
    verify: bool,
    audit: &AuditDraft,
) -> Result<Partner, StoreError> {
    let mut tx = pool.begin_with("BEGIN IMMEDIATE").await.map_err(db_err)?;
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
    sqlx::query("UPDATE partners SET contact_email = ?, verification = ? WHERE mpn_id = ?")
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
    pool: &SqlitePool,
    sha256: &str,
    now: Timestamp,
    audit: &AuditDraft,
) -> Result<Option<User>, StoreError> {
    let mut tx = pool.begin_with("BEGIN IMMEDIATE").await.map_err(db_err)?;
    let found: Option<(i64, String)> = sqlx::query_as(
        "SELECT r.user_id, u.email FROM password_resets r JOIN users u ON u.id = r.user_id \
         WHERE r.token_sha256 = ? AND r.used_at IS NULL AND r.expires_at > ?",
    )
    .bind(sha256)
    .bind(now.as_second())
    .fetch_optional(&mut *tx)
    .await
    .map_err(db_err)?;
    let Some((user_id, email)) = found else {
        return Ok(None);
    };
    sqlx::query("UPDATE password_resets SET used_at = ? WHERE token_sha256 = ?")
        .bind(now.to_string())
        .bind(sha256)
        .execute(&mut *tx)
        .await
        .map_err(db_err)?;
    sqlx::query(
        "UPDATE users SET email_confirmed_at = coalesce(email_confirmed_at, ?) WHERE id = ?",
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
