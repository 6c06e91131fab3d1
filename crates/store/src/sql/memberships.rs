//! Learning memberships (R3, R5, R11, R28), and the effects of paid orders on them.

use jiff::civil::Date;
use lpc_domain::{LearningOption, MpnId};

use crate::rows::describe_option;
use crate::{AuditDraft, Membership, MembershipStatus, OrderEffect, StoreError};

use crate::sql::audit_log;
use crate::sql::db::{Backend, Db, WriteTx};
use crate::sql::decode::{self, competency_key};
use crate::sql::query::sql;
use crate::sql::row::Row;

/// The columns [`membership`] decodes.
pub const COLUMNS: &str = "id, partner_id, option, competency, started_on, anniversary_date, \
                           status, ended_on, refund_forfeited, marketplace_access_on";

/// A membership from a row of [`COLUMNS`].
pub fn membership(row: &Row) -> Result<Membership, StoreError> {
    let text = |col: &str| row.get::<String>(col);
    let opt_text = |col: &str| row.get::<Option<String>>(col);
    Ok(Membership {
        id: row.get("id")?,
        partner_id: decode::mpn_id(row.get("partner_id")?)?,
        option: decode::option(&text("option")?)?,
        competency: decode::competency(text("competency")?),
        started_on: decode::date(&text("started_on")?)?,
        anniversary_date: decode::date(&text("anniversary_date")?)?,
        status: decode::stored(
            &text("status")?,
            "membership status",
            MembershipStatus::parse,
        )?,
        ended_on: decode::opt_date(opt_text("ended_on")?)?,
        refund_forfeited: row.get("refund_forfeited")?,
        marketplace_access_on: decode::opt_date(opt_text("marketplace_access_on")?)?,
    })
}

pub async fn get(backend: &impl Backend, id: i64) -> Result<Option<Membership>, StoreError> {
    get_in(&mut backend.read().await?, id).await
}

/// [`get`] inside the caller's connection or transaction.
pub async fn get_in(db: &mut impl Db, id: i64) -> Result<Option<Membership>, StoreError> {
    let row = db
        .fetch_optional(sql(format!("SELECT {COLUMNS} FROM memberships WHERE id = $1")).bind(id))
        .await?;
    row.as_ref().map(membership).transpose()
}

/// Reads a membership that a change inside the current transaction just touched.
async fn must_get(db: &mut impl Db, id: i64) -> Result<Membership, StoreError> {
    get_in(db, id)
        .await?
        .ok_or_else(|| StoreError::NotFound(format!("membership {id}")))
}

pub async fn of_partner(
    backend: &impl Backend,
    partner: MpnId,
) -> Result<Vec<Membership>, StoreError> {
    let rows = backend
        .read()
        .await?
        .fetch_all(
            sql(format!(
                "SELECT {COLUMNS} FROM memberships WHERE partner_id = $1 ORDER BY started_on, id"
            ))
            .bind(partner.as_i64()),
        )
        .await?;
    rows.iter().map(membership).collect()
}

pub async fn due(backend: &impl Backend, until: Date) -> Result<Vec<Membership>, StoreError> {
    let rows = backend
        .read()
        .await?
        .fetch_all(
            sql(format!(
                "SELECT {COLUMNS} FROM memberships
                 WHERE status = 'active' AND anniversary_date <= $1::date
                 ORDER BY anniversary_date, id"
            ))
            .bind(until.to_string()),
        )
        .await?;
    rows.iter().map(membership).collect()
}

/// The refusal of a change to a membership that is missing, not active, or not the kind
/// the change needs.
async fn not_active(db: &mut impl Db, id: i64, change: &str) -> StoreError {
    match get_in(db, id).await {
        Ok(Some(m)) => StoreError::Conflict(format!(
            "membership {id} ({} of partner {}, {}) cannot be {change}",
            describe_option(m.option, m.competency.as_deref()),
            m.partner_id,
            m.status
        )),
        Ok(None) => StoreError::NotFound(format!("membership {id}")),
        Err(e) => e,
    }
}

pub async fn lapse(
    backend: &impl Backend,
    id: i64,
    on: Date,
    audit: &AuditDraft,
) -> Result<Membership, StoreError> {
    let mut tx = backend.write().await?;
    let changed = tx
        .execute(
            sql(
                "UPDATE memberships SET status = 'lapsed', ended_on = $1::date
                 WHERE id = $2 AND status = 'active'",
            )
            .bind(on.to_string())
            .bind(id),
        )
        .await?;
    if changed == 0 {
        return Err(not_active(&mut tx, id, "lapsed").await);
    }
    audit_log::append(&mut tx, audit).await?;
    let stored = must_get(&mut tx, id).await?;
    tx.commit().await?;
    Ok(stored)
}

pub async fn grant_access(
    backend: &impl Backend,
    id: i64,
    on: Date,
    audit: &AuditDraft,
) -> Result<Membership, StoreError> {
    let mut tx = backend.write().await?;
    if grant_in(&mut tx, id, None, on).await? {
        audit_log::append(&mut tx, audit).await?;
    }
    let stored = must_get(&mut tx, id).await?;
    tx.commit().await?;
    Ok(stored)
}

/// R5: grants marketplace access to an active membership (of `partner`, when given) inside
/// the caller's transaction; false when it already had access (the first date stays).
pub async fn grant_in(
    tx: &mut impl Db,
    id: i64,
    partner: Option<MpnId>,
    on: Date,
) -> Result<bool, StoreError> {
    let Some(m) = get_in(tx, id).await? else {
        return Err(StoreError::NotFound(format!("membership {id}")));
    };
    if m.status != MembershipStatus::Active || partner.is_some_and(|p| p != m.partner_id) {
        return Err(StoreError::Conflict(format!(
            "membership {id} is a {} membership of partner {}: it cannot get marketplace access{}",
            m.status,
            m.partner_id,
            partner.map_or(String::new(), |p| format!(" for partner {p}"))
        )));
    }
    if m.marketplace_access_on.is_some() {
        return Ok(false);
    }
    tx.execute(
        sql("UPDATE memberships SET marketplace_access_on = $1::date WHERE id = $2")
            .bind(on.to_string())
            .bind(id),
    )
    .await?;
    Ok(true)
}

/// Whether the partner holds an active membership of this option and competency.
pub async fn holds_active(
    db: &mut impl Db,
    partner: MpnId,
    option: LearningOption,
    competency: Option<&str>,
) -> Result<bool, StoreError> {
    let found: Option<(i64,)> = db
        .fetch_optional_as(
            sql("SELECT id FROM memberships
                 WHERE partner_id = $1 AND option = $2 AND competency = $3 AND status = 'active'")
            .bind(partner.as_i64())
            .bind(option.as_str())
            .bind(competency_key(competency)),
        )
        .await?;
    Ok(found.is_some())
}

/// The refusal of a second active membership of one option and competency.
pub fn already_held(
    partner: MpnId,
    option: LearningOption,
    competency: Option<&str>,
) -> StoreError {
    StoreError::Conflict(format!(
        "partner {partner} already holds an active {}",
        describe_option(option, competency)
    ))
}

async fn start(
    tx: &mut impl Db,
    partner: MpnId,
    option: LearningOption,
    competency: Option<&str>,
    started_on: Date,
    anniversary_date: Date,
) -> Result<i64, StoreError> {
    // The partial unique index allows one active membership per option and competency; a
    // second one is skipped (no row returned) rather than failing, which would abort a
    // PostgreSQL transaction.
    let inserted: Option<(i64,)> = tx
        .fetch_optional_as(
            sql("INSERT INTO memberships
                     (partner_id, option, competency, started_on, anniversary_date, status)
                 VALUES ($1, $2, $3, $4::date, $5::date, 'active')
                 ON CONFLICT DO NOTHING RETURNING id")
            .bind(partner.as_i64())
            .bind(option.as_str())
            .bind(competency_key(competency))
            .bind(started_on.to_string())
            .bind(anniversary_date.to_string()),
        )
        .await?;
    inserted
        .map(|(id,)| id)
        .ok_or_else(|| already_held(partner, option, competency))
}

/// Applies what paying an order of `partner` does, inside the payment's transaction; returns
/// the membership the order bought or renewed.
pub async fn apply_effect(
    tx: &mut impl Db,
    partner: MpnId,
    effect: &OrderEffect,
) -> Result<i64, StoreError> {
    match effect {
        OrderEffect::StartMembership {
            option,
            competency,
            started_on,
            anniversary_date,
        } => {
            start(
                tx,
                partner,
                *option,
                competency.as_deref(),
                *started_on,
                *anniversary_date,
            )
            .await
        }
        OrderEffect::Renew {
            membership_id,
            new_anniversary_date,
        } => {
            let changed = tx
                .execute(
                    sql("UPDATE memberships SET anniversary_date = $1::date
                         WHERE id = $2 AND partner_id = $3 AND status = 'active'")
                    .bind(new_anniversary_date.to_string())
                    .bind(*membership_id)
                    .bind(partner.as_i64()),
                )
                .await?;
            if changed == 0 {
                return Err(not_active(tx, *membership_id, "renewed").await);
            }
            Ok(*membership_id)
        }
        OrderEffect::Upgrade {
            from_membership_id,
            started_on,
            anniversary_date,
        } => {
            // R11: the silver membership ends, its refund forfeited by the discount.
            let silver: Option<(String,)> = tx
                .fetch_optional_as(
                    sql("UPDATE memberships
                         SET status = 'upgraded', ended_on = $1::date, refund_forfeited = true
                         WHERE id = $2 AND partner_id = $3 AND status = 'active'
                           AND option = 'silver'
                         RETURNING competency")
                    .bind(started_on.to_string())
                    .bind(*from_membership_id)
                    .bind(partner.as_i64()),
                )
                .await?;
            let Some((competency,)) = silver else {
                return Err(not_active(tx, *from_membership_id, "upgraded").await);
            };
            start(
                tx,
                partner,
                LearningOption::Gold,
                decode::competency(competency).as_deref(),
                *started_on,
                *anniversary_date,
            )
            .await
        }
    }
}

/// Checks, before a renewal or upgrade order is stored, that it names an active membership
/// of the partner (for an upgrade, a silver one in the order's competency).
pub async fn check_concerned(
    db: &mut impl Db,
    id: i64,
    partner: MpnId,
    upgrade_in: Option<Option<&str>>,
) -> Result<(), StoreError> {
    let Some(m) = get_in(db, id).await? else {
        return Err(StoreError::NotFound(format!("membership {id}")));
    };
    let fits = m.partner_id == partner
        && m.status == MembershipStatus::Active
        && upgrade_in.is_none_or(|competency| {
            m.option == LearningOption::Silver && m.competency.as_deref() == competency
        });
    if fits {
        Ok(())
    } else {
        Err(StoreError::Conflict(format!(
            "membership {id} is a {} {} of partner {}: the order cannot concern it",
            m.status,
            describe_option(m.option, m.competency.as_deref()),
            m.partner_id
        )))
    }
}
