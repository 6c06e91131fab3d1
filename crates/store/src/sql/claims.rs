//! Claims of organizations (R31): sign-ups waiting for the program, its decisions, the
//! contact on file, and confirming an address.

use crate::{
    AuditDraft, Claim, Claimant, NewPartner, NewUser, Partner, StoreError, User, Verification,
};
use jiff::Timestamp;
use lpc_domain::{Email, MpnId};

use crate::sql::db::{Backend, Db, WriteTx};
use crate::sql::query::sql;
use crate::sql::{audit_log, decode, partners, users};

pub async fn add(
    backend: &impl Backend,
    partner: &NewPartner,
    user: &NewUser,
    audit: &AuditDraft,
) -> Result<(Partner, User), StoreError> {
    let mut tx = backend.write().await?;
    let rejected: Option<(String,)> = tx
        .fetch_optional_as(
            sql("SELECT verification FROM partners WHERE mpn_id = $1")
                .bind(partner.mpn_id.as_i64()),
        )
        .await?;
    let stored = match rejected {
        Some((state,)) if state == Verification::Rejected.as_str() => {
            tx.execute(
                sql(
                    "UPDATE partners SET name = $1, country = $2, contact_email = $3, \
                     verification = $4, registered_at = $5::timestamptz WHERE mpn_id = $6",
                )
                .bind(partner.name.as_str())
                .bind(partner.country.as_str())
                .bind(partner.contact_email.as_ref().map(Email::as_str))
                .bind(partner.verification.as_str())
                .bind(audit.at.to_string())
                .bind(partner.mpn_id.as_i64()),
            )
            .await?;
            partners::get_in(&mut tx, partner.mpn_id)
                .await?
                .ok_or_else(|| StoreError::NotFound(format!("partner {}", partner.mpn_id)))?
        }
        _ => partners::insert(&mut tx, partner, audit).await?,
    };
    let user = users::insert(&mut tx, user, audit.at).await?;
    audit_log::append(&mut tx, audit).await?;
    tx.commit().await?;
    Ok((stored, user))
}

pub async fn pending(backend: &impl Backend) -> Result<Vec<Claim>, StoreError> {
    let mut db = backend.read().await?;
    let rows = db
        .fetch_all(sql(format!(
            "SELECT {} FROM partners WHERE verification = 'unverified' \
             ORDER BY registered_at, mpn_id",
            partners::COLUMNS
        )))
        .await?;
    let mut claims = Vec::with_capacity(rows.len());
    for row in &rows {
        let partner = decode::partner(row)?;
        let claimants: Vec<(String, Option<String>)> = db
            .fetch_all_as(
                sql(
                    "SELECT DISTINCT u.email, u.email_confirmed_at FROM users u \
                     JOIN user_roles r ON r.user_id = u.id WHERE r.partner_id = $1 \
                     ORDER BY u.email",
                )
                .bind(partner.mpn_id.as_i64()),
            )
            .await?;
        // PostgreSQL sums BIGINTs as NUMERIC: the casts bring them back to integers.
        let (lines, first, last): (i64, Option<i64>, Option<i64>) = db
            .fetch_one_as(
                sql(
                    "SELECT coalesce(sum(s.lines), 0)::bigint, min(s.month_from)::bigint, \
                     max(s.month_to)::bigint \
                     FROM ledger_segments s JOIN ledger_batches b ON b.id = s.batch \
                     WHERE s.partner_id = $1 AND b.state = 'committed'",
                )
                .bind(partner.mpn_id.as_i64()),
            )
            .await?;
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
    Ok(crate::ledger::segment::month_of_number(number)?.to_string())
}

pub async fn decide(
    backend: &impl Backend,
    partner: MpnId,
    decision: Verification,
    audit: &AuditDraft,
) -> Result<Vec<Email>, StoreError> {
    let mut tx = backend.write().await?;
    let state: Option<(String,)> = tx
        .fetch_optional_as(
            sql("SELECT verification FROM partners WHERE mpn_id = $1").bind(partner.as_i64()),
        )
        .await?;
    match state {
        None => return Err(StoreError::NotFound(format!("partner {partner}"))),
        Some((s,)) if s != Verification::Unverified.as_str() => {
            return Err(StoreError::Conflict(format!(
                "partner {partner} is {s}, not a claim waiting for a decision (R31)"
            )));
        }
        Some(_) => {}
    }
    let holders: Vec<(String,)> = tx
        .fetch_all_as(
            sql(
                "SELECT DISTINCT u.email FROM users u JOIN user_roles r ON r.user_id = u.id \
                 WHERE r.partner_id = $1 ORDER BY u.email",
            )
            .bind(partner.as_i64()),
        )
        .await?;
    tx.execute(
        sql("UPDATE partners SET verification = $1 WHERE mpn_id = $2")
            .bind(decision.as_str())
            .bind(partner.as_i64()),
    )
    .await?;
    if decision == Verification::Rejected {
        tx.execute(sql("DELETE FROM user_roles WHERE partner_id = $1").bind(partner.as_i64()))
            .await?;
        tx.execute(
            sql("DELETE FROM guideline_acceptances WHERE partner_id = $1").bind(partner.as_i64()),
        )
        .await?;
    }
    audit_log::append(&mut tx, audit).await?;
    tx.commit().await?;
    holders
        .iter()
        .map(|(email,)| decode::email(email))
        .collect()
}

pub async fn set_contact(
    backend: &impl Backend,
    partner: MpnId,
    contact: &Email,
    verify: bool,
    audit: &AuditDraft,
) -> Result<Partner, StoreError> {
    let mut tx = backend.write().await?;
    let current = partners::get_in(&mut tx, partner)
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
    tx.execute(
        sql("UPDATE partners SET contact_email = $1, verification = $2 WHERE mpn_id = $3")
            .bind(contact.as_str())
            .bind(verification.as_str())
            .bind(partner.as_i64()),
    )
    .await?;
    audit_log::append(&mut tx, audit).await?;
    tx.commit().await?;
    Ok(Partner {
        contact_email: Some(contact.clone()),
        verification,
        ..current
    })
}

pub async fn confirm_email(
    backend: &impl Backend,
    sha256: &str,
    now: Timestamp,
    audit: &AuditDraft,
) -> Result<Option<User>, StoreError> {
    let mut tx = backend.write().await?;
    let found: Option<(i64, String)> = tx
        .fetch_optional_as(
            sql("SELECT r.user_id, u.email FROM password_resets r \
                 JOIN users u ON u.id = r.user_id \
                 WHERE r.token_sha256 = $1 AND r.used_at IS NULL AND r.expires_at > $2")
            .bind(sha256)
            .bind(now.as_second()),
        )
        .await?;
    let Some((user_id, email)) = found else {
        return Ok(None);
    };
    tx.execute(
        sql("UPDATE password_resets SET used_at = $1::timestamptz WHERE token_sha256 = $2")
            .bind(now.to_string())
            .bind(sha256),
    )
    .await?;
    tx.execute(
        sql(
            "UPDATE users SET email_confirmed_at = coalesce(email_confirmed_at, \
             $1::timestamptz) WHERE id = $2",
        )
        .bind(now.to_string())
        .bind(user_id),
    )
    .await?;
    audit_log::append(&mut tx, audit).await?;
    tx.commit().await?;
    users::by_email(backend, &decode::email(&email)?).await
}
