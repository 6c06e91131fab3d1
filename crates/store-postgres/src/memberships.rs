//! Learning memberships (R3, R5, R11, R28), and the effects of paid orders on them.

use jiff::civil::Date;
use lpc_domain::{LearningOption, MpnId};
use lpc_store::rows::describe_option;
use lpc_store::{AuditDraft, Membership, MembershipStatus, OrderEffect, StoreError};
use sqlx::postgres::PgRow;
use sqlx::{PgConnection, PgPool, Row};

use crate::decode::competency_key;
use crate::{audit_log, db_err, decode};

/// The columns [`membership`] decodes, dates as text, for `concat!` into queries.
macro_rules! membership_columns {
    () => {
        "id, partner_id, option, competency, started_on::text AS started_on, \
         anniversary_date::text AS anniversary_date, status, ended_on::text AS ended_on, \
         refund_forfeited, marketplace_access_on::text AS marketplace_access_on"
    };
}

const SELECT_BY_ID: &str = concat!(
    "SELECT ",
    membership_columns!(),
    " FROM memberships WHERE id = $1"
);

pub(crate) fn membership(row: &PgRow) -> Result<Membership, StoreError> {
    let text = |col: &str| row.try_get::<String, _>(col).map_err(db_err);
    let opt_text = |col: &str| row.try_get::<Option<String>, _>(col).map_err(db_err);
    Ok(Membership {
        id: row.try_get("id").map_err(db_err)?,
        partner_id: decode::mpn_id(row.try_get("partner_id").map_err(db_err)?)?,
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
        refund_forfeited: row.try_get("refund_forfeited").map_err(db_err)?,
        marketplace_access_on: decode::opt_date(opt_text("marketplace_access_on")?)?,
    })
}

pub(crate) async fn get(
    conn: &mut PgConnection,
    id: i64,
) -> Result<Option<Membership>, StoreError> {
    let row = sqlx::query(SELECT_BY_ID)
        .bind(id)
        .fetch_optional(&mut *conn)
        .await
        .map_err(db_err)?;
    row.as_ref().map(membership).transpose()
}

/// Reads a membership that a change inside the current transaction just touched.
async fn must_get(conn: &mut PgConnection, id: i64) -> Result<Membership, StoreError> {
    get(conn, id)
        .await?
        .ok_or_else(|| StoreError::NotFound(format!("membership {id}")))
}

pub(crate) async fn by_id(pool: &PgPool, id: i64) -> Result<Option<Membership>, StoreError> {
    let mut conn = pool.acquire().await.map_err(db_err)?;
    get(&mut conn, id).await
}

pub(crate) async fn of_partner(
    pool: &PgPool,
    partner: MpnId,
) -> Result<Vec<Membership>, StoreError> {
    let rows = sqlx::query(concat!(
        "SELECT ",
        membership_columns!(),
        " FROM memberships m WHERE partner_id = $1 ORDER BY m.started_on, m.id"
    ))
    .bind(partner.as_i64())
    .fetch_all(pool)
    .await
    .map_err(db_err)?;
    rows.iter().map(membership).collect()
}

pub(crate) async fn due(pool: &PgPool, until: Date) -> Result<Vec<Membership>, StoreError> {
    let rows = sqlx::query(concat!(
        "SELECT ",
        membership_columns!(),
        " FROM memberships m WHERE status = 'active' AND anniversary_date <= $1::date
          ORDER BY m.anniversary_date, m.id"
    ))
    .bind(until.to_string())
    .fetch_all(pool)
    .await
    .map_err(db_err)?;
    rows.iter().map(membership).collect()
}

/// The refusal of a change to a membership that is missing, not active, or not the kind
/// the change needs.
async fn not_active(conn: &mut PgConnection, id: i64, change: &str) -> StoreError {
    match get(conn, id).await {
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

pub(crate) async fn lapse(
    pool: &PgPool,
    id: i64,
    on: Date,
    audit: &AuditDraft,
) -> Result<Membership, StoreError> {
    let mut tx = audit_log::begin_write(pool).await?;
    let done = sqlx::query(
        "UPDATE memberships SET status = 'lapsed', ended_on = $1::date
         WHERE id = $2 AND status = 'active'",
    )
    .bind(on.to_string())
    .bind(id)
    .execute(&mut *tx)
    .await
    .map_err(db_err)?;
    if done.rows_affected() == 0 {
        return Err(not_active(&mut tx, id, "lapsed").await);
    }
    audit_log::append(&mut tx, audit).await?;
    let stored = must_get(&mut tx, id).await?;
    tx.commit().await.map_err(db_err)?;
    Ok(stored)
}

pub(crate) async fn grant_access(
    pool: &PgPool,
    id: i64,
    on: Date,
    audit: &AuditDraft,
) -> Result<Membership, StoreError> {
    let mut tx = audit_log::begin_write(pool).await?;
    if grant_in(&mut tx, id, None, on).await? {
        audit_log::append(&mut tx, audit).await?;
    }
    let stored = must_get(&mut tx, id).await?;
    tx.commit().await.map_err(db_err)?;
    Ok(stored)
}

/// R5: grants marketplace access to an active membership (of `partner`, when given) inside
/// the caller's transaction; false when it already had access (the first date stays).
pub(crate) async fn grant_in(
    conn: &mut PgConnection,
    id: i64,
    partner: Option<MpnId>,
    on: Date,
) -> Result<bool, StoreError> {
    let Some(m) = get(conn, id).await? else {
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
    sqlx::query("UPDATE memberships SET marketplace_access_on = $1::date WHERE id = $2")
        .bind(on.to_string())
        .bind(id)
        .execute(&mut *conn)
        .await
        .map_err(db_err)?;
    Ok(true)
}

/// Whether the partner holds an active membership of this option and competency.
pub(crate) async fn holds_active(
    conn: &mut PgConnection,
    partner: MpnId,
    option: LearningOption,
    competency: Option<&str>,
) -> Result<bool, StoreError> {
    let found: Option<(i64,)> = sqlx::query_as(
        "SELECT id FROM memberships
         WHERE partner_id = $1 AND option = $2 AND competency = $3 AND status = 'active'",
    )
    .bind(partner.as_i64())
    .bind(option.as_str())
    .bind(competency_key(competency))
    .fetch_optional(&mut *conn)
    .await
    .map_err(db_err)?;
    Ok(found.is_some())
}

/// The refusal of a second active membership of one option and competency.
pub(crate) fn already_held(
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
    conn: &mut PgConnection,
    partner: MpnId,
    option: LearningOption,
    competency: Option<&str>,
    started_on: Date,
    anniversary_date: Date,
) -> Result<i64, StoreError> {
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO memberships (partner_id, option, competency, started_on, anniversary_date, status)
         VALUES ($1, $2, $3, $4::date, $5::date, 'active') RETURNING id",
    )
    .bind(partner.as_i64())
    .bind(option.as_str())
    .bind(competency_key(competency))
    .bind(started_on.to_string())
    .bind(anniversary_date.to_string())
    .fetch_one(&mut *conn)
    .await
    .map_err(|e| match e {
        // The partial unique index: one active membership per option and competency.
        sqlx::Error::Database(ref d) if d.is_unique_violation() => {
            already_held(partner, option, competency)
        }
        other => db_err(other),
    })?;
    Ok(id)
}

/// Applies what paying an order of `partner` does, inside the payment's transaction; returns
/// the membership the order bought or renewed.
pub(crate) async fn apply_effect(
    conn: &mut PgConnection,
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
                conn,
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
            let done = sqlx::query(
                "UPDATE memberships SET anniversary_date = $1::date
                 WHERE id = $2 AND partner_id = $3 AND status = 'active'",
            )
            .bind(new_anniversary_date.to_string())
            .bind(membership_id)
            .bind(partner.as_i64())
            .execute(&mut *conn)
            .await
            .map_err(db_err)?;
            if done.rows_affected() == 0 {
                return Err(not_active(conn, *membership_id, "renewed").await);
            }
            Ok(*membership_id)
        }
        OrderEffect::Upgrade {
            from_membership_id,
            started_on,
            anniversary_date,
        } => {
            // R11: the silver membership ends, its refund forfeited by the discount.
            let silver: Option<(String,)> = sqlx::query_as(
                "UPDATE memberships SET status = 'upgraded', ended_on = $1::date, refund_forfeited = true
                 WHERE id = $2 AND partner_id = $3 AND status = 'active' AND option = 'silver'
                 RETURNING competency",
            )
            .bind(started_on.to_string())
            .bind(from_membership_id)
            .bind(partner.as_i64())
            .fetch_optional(&mut *conn)
            .await
            .map_err(db_err)?;
            let Some((competency,)) = silver else {
                return Err(not_active(conn, *from_membership_id, "upgraded").await);
            };
            start(
                conn,
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
pub(crate) async fn check_concerned(
    conn: &mut PgConnection,
    id: i64,
    partner: MpnId,
    upgrade_in: Option<Option<&str>>,
) -> Result<(), StoreError> {
    let Some(m) = get(conn, id).await? else {
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
