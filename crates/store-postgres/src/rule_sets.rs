//! Rule sets uploaded by operators (R14): drafts, activation, discarding.

use lpc_store::{
    AuditDraft, NewRuleSetDraft, RuleSetActivation, RuleSetState, StoreError, StoredRuleSet,
};
use sqlx::postgres::PgRow;
use sqlx::{PgConnection, PgPool, Row};

use crate::decode::ts_text;
use crate::{audit_log, db_err, decode};

macro_rules! columns {
    () => {
        concat!(
            "id, name, toml, sha256, state, uploaded_by, ",
            ts_text!("uploaded_at"),
            " AS uploaded_at, activated_by, ",
            ts_text!("activated_at"),
            " AS activated_at, effective_from::text AS effective_from"
        )
    };
}

fn rule_set(row: &PgRow) -> Result<StoredRuleSet, StoreError> {
    let text = |col: &str| row.try_get::<String, _>(col).map_err(db_err);
    let opt_text = |col: &str| row.try_get::<Option<String>, _>(col).map_err(db_err);
    Ok(StoredRuleSet {
        id: row.try_get("id").map_err(db_err)?,
        name: text("name")?,
        toml: text("toml")?,
        sha256: text("sha256")?,
        state: decode::stored(&text("state")?, "rule set state", RuleSetState::parse)?,
        uploaded_by: text("uploaded_by")?,
        uploaded_at: decode::timestamp(&text("uploaded_at")?)?,
        activated_by: opt_text("activated_by")?,
        activated_at: decode::opt_timestamp(opt_text("activated_at")?)?,
        effective_from: decode::opt_date(opt_text("effective_from")?)?,
    })
}

async fn get(conn: &mut PgConnection, id: i64) -> Result<Option<StoredRuleSet>, StoreError> {
    let row = sqlx::query(concat!(
        "SELECT ",
        columns!(),
        " FROM rule_sets WHERE id = $1"
    ))
    .bind(id)
    .fetch_optional(&mut *conn)
    .await
    .map_err(db_err)?;
    row.as_ref().map(rule_set).transpose()
}

pub(crate) async fn add_draft(
    pool: &PgPool,
    draft: &NewRuleSetDraft,
    audit: &AuditDraft,
) -> Result<StoredRuleSet, StoreError> {
    let mut tx = audit_log::begin_write(pool).await?;
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO rule_sets (name, toml, sha256, state, uploaded_by, uploaded_at)
         VALUES ($1, $2, $3, 'draft', $4, $5::timestamptz) RETURNING id",
    )
    .bind(&draft.name)
    .bind(&draft.toml)
    .bind(&draft.sha256)
    .bind(&draft.uploaded_by)
    .bind(draft.uploaded_at.to_string())
    .fetch_one(&mut *tx)
    .await
    .map_err(db_err)?;
    audit_log::append(&mut tx, &audit.with_detail("rule_set_id", id)).await?;
    let stored = get(&mut tx, id)
        .await?
        .ok_or_else(|| StoreError::corrupt(format!("rule set {id} vanished")))?;
    tx.commit().await.map_err(db_err)?;
    Ok(stored)
}

pub(crate) async fn all(pool: &PgPool) -> Result<Vec<StoredRuleSet>, StoreError> {
    let rows = sqlx::query(concat!(
        "SELECT ",
        columns!(),
        " FROM rule_sets ORDER BY id DESC"
    ))
    .fetch_all(pool)
    .await
    .map_err(db_err)?;
    rows.iter().map(rule_set).collect()
}

pub(crate) async fn one(pool: &PgPool, id: i64) -> Result<Option<StoredRuleSet>, StoreError> {
    let mut conn = pool.acquire().await.map_err(db_err)?;
    get(&mut conn, id).await
}

/// The rule set `id` as a draft, or why it cannot change.
async fn draft_of(conn: &mut PgConnection, id: i64) -> Result<StoredRuleSet, StoreError> {
    let stored = get(conn, id)
        .await?
        .ok_or_else(|| StoreError::NotFound(format!("rule set {id}")))?;
    if stored.state != RuleSetState::Draft {
        return Err(StoreError::Conflict(format!(
            "rule set {id} is {}, not a draft: only a draft can be activated or discarded",
            stored.state.as_str()
        )));
    }
    Ok(stored)
}

pub(crate) async fn activate(
    pool: &PgPool,
    activation: &RuleSetActivation,
    audit: &AuditDraft,
) -> Result<StoredRuleSet, StoreError> {
    let mut tx = audit_log::begin_write(pool).await?;
    draft_of(&mut tx, activation.id).await?;
    let taken: Option<(i64, String)> = sqlx::query_as(
        "SELECT id, name FROM rule_sets WHERE state = 'active' AND effective_from = $1::date",
    )
    .bind(activation.effective_from.to_string())
    .fetch_optional(&mut *tx)
    .await
    .map_err(db_err)?;
    if let Some((id, name)) = taken {
        return Err(StoreError::Conflict(format!(
            "rule set {id} ({name}) already takes effect on {}: the rule set in force on a \
             date must be unambiguous (R14)",
            activation.effective_from
        )));
    }
    sqlx::query(
        "UPDATE rule_sets SET state = 'active', activated_by = $1,
         activated_at = $2::timestamptz, effective_from = $3::date
         WHERE id = $4 AND state = 'draft'",
    )
    .bind(&activation.by)
    .bind(activation.at.to_string())
    .bind(activation.effective_from.to_string())
    .bind(activation.id)
    .execute(&mut *tx)
    .await
    .map_err(db_err)?;
    audit_log::append(&mut tx, audit).await?;
    let stored = get(&mut tx, activation.id)
        .await?
        .ok_or_else(|| StoreError::corrupt(format!("rule set {} vanished", activation.id)))?;
    tx.commit().await.map_err(db_err)?;
    Ok(stored)
}

pub(crate) async fn discard(pool: &PgPool, id: i64, audit: &AuditDraft) -> Result<(), StoreError> {
    let mut tx = audit_log::begin_write(pool).await?;
    draft_of(&mut tx, id).await?;
    sqlx::query("UPDATE rule_sets SET state = 'discarded' WHERE id = $1 AND state = 'draft'")
        .bind(id)
        .execute(&mut *tx)
        .await
        .map_err(db_err)?;
    audit_log::append(&mut tx, audit).await?;
    tx.commit().await.map_err(db_err)
}
