//! Rule sets uploaded by operators (R14): drafts, activation, discarding.

use crate::{
    AuditDraft, NewRuleSetDraft, RuleSetActivation, RuleSetState, StoreError, StoredRuleSet,
};

use crate::sql::db::{Backend, Db, WriteTx};
use crate::sql::query::sql;
use crate::sql::row::Row;
use crate::sql::{audit_log, decode};

/// The columns [`rule_set`] decodes.
const COLUMNS: &str = "id, name, toml, sha256, state, uploaded_by, uploaded_at, activated_by, \
                       activated_at, effective_from";

fn rule_set(row: &Row) -> Result<StoredRuleSet, StoreError> {
    let text = |col: &str| row.get::<String>(col);
    let opt_text = |col: &str| row.get::<Option<String>>(col);
    Ok(StoredRuleSet {
        id: row.get("id")?,
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

/// The rule set `id`, inside the caller's connection or transaction.
pub async fn get_in(db: &mut impl Db, id: i64) -> Result<Option<StoredRuleSet>, StoreError> {
    let row = db
        .fetch_optional(sql(format!("SELECT {COLUMNS} FROM rule_sets WHERE id = $1")).bind(id))
        .await?;
    row.as_ref().map(rule_set).transpose()
}

/// Stores an uploaded draft.
pub async fn add_draft(
    backend: &impl Backend,
    draft: &NewRuleSetDraft,
    audit: &AuditDraft,
) -> Result<StoredRuleSet, StoreError> {
    let mut tx = backend.write().await?;
    let (id,): (i64,) = tx
        .fetch_one_as(
            sql(
                "INSERT INTO rule_sets (name, toml, sha256, state, uploaded_by, uploaded_at)
                 VALUES ($1, $2, $3, 'draft', $4, $5::timestamptz) RETURNING id",
            )
            .bind(&draft.name)
            .bind(&draft.toml)
            .bind(&draft.sha256)
            .bind(&draft.uploaded_by)
            .bind(draft.uploaded_at.to_string()),
        )
        .await?;
    audit_log::append(&mut tx, &audit.with_detail("rule_set_id", id)).await?;
    let stored = get_in(&mut tx, id)
        .await?
        .ok_or_else(|| StoreError::corrupt(format!("rule set {id} vanished")))?;
    tx.commit().await?;
    Ok(stored)
}

/// Every rule set, newest first.
pub async fn all(backend: &impl Backend) -> Result<Vec<StoredRuleSet>, StoreError> {
    let rows = backend
        .read()
        .await?
        .fetch_all(sql(format!(
            "SELECT {COLUMNS} FROM rule_sets ORDER BY id DESC"
        )))
        .await?;
    rows.iter().map(rule_set).collect()
}

/// The rule set `id`.
pub async fn one(backend: &impl Backend, id: i64) -> Result<Option<StoredRuleSet>, StoreError> {
    get_in(&mut backend.read().await?, id).await
}

/// The rule set `id` as a draft, or why it cannot change.
async fn draft_of(db: &mut impl Db, id: i64) -> Result<StoredRuleSet, StoreError> {
    let stored = get_in(db, id)
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

/// Activates a draft from its effective date on; `Conflict` if another rule set takes effect
/// on that date.
pub async fn activate(
    backend: &impl Backend,
    activation: &RuleSetActivation,
    audit: &AuditDraft,
) -> Result<StoredRuleSet, StoreError> {
    let mut tx = backend.write().await?;
    draft_of(&mut tx, activation.id).await?;
    let taken: Option<(i64, String)> = tx
        .fetch_optional_as(
            sql("SELECT id, name FROM rule_sets WHERE state = 'active' AND effective_from = $1::date")
                .bind(activation.effective_from.to_string()),
        )
        .await?;
    if let Some((id, name)) = taken {
        return Err(StoreError::Conflict(format!(
            "rule set {id} ({name}) already takes effect on {}: the rule set in force on a \
             date must be unambiguous (R14)",
            activation.effective_from
        )));
    }
    tx.execute(
        sql("UPDATE rule_sets SET state = 'active', activated_by = $1,
             activated_at = $2::timestamptz, effective_from = $3::date
             WHERE id = $4 AND state = 'draft'")
        .bind(&activation.by)
        .bind(activation.at.to_string())
        .bind(activation.effective_from.to_string())
        .bind(activation.id),
    )
    .await?;
    audit_log::append(&mut tx, audit).await?;
    let stored = get_in(&mut tx, activation.id)
        .await?
        .ok_or_else(|| StoreError::corrupt(format!("rule set {} vanished", activation.id)))?;
    tx.commit().await?;
    Ok(stored)
}

/// Discards a draft.
pub async fn discard(
    backend: &impl Backend,
    id: i64,
    audit: &AuditDraft,
) -> Result<(), StoreError> {
    let mut tx = backend.write().await?;
    draft_of(&mut tx, id).await?;
    tx.execute(
        sql("UPDATE rule_sets SET state = 'discarded' WHERE id = $1 AND state = 'draft'").bind(id),
    )
    .await?;
    audit_log::append(&mut tx, audit).await?;
    tx.commit().await
}
