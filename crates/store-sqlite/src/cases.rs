//! Partner Frontline Support cases (R5, R22, R27), their comments, and the KPI adjustments
//! accepted discrepancy cases add (R22).

use lpc_domain::MpnId;
use lpc_domain::points::KpiPoints;
use lpc_store::{
    AuditDraft, CaseComment, CaseKind, CaseState, CaseStateChange, KpiAdjustment, NewCase,
    StoreError, SupportCase,
};
use sqlx::sqlite::SqliteRow;
use sqlx::{Row, SqliteConnection, SqlitePool};

use crate::{audit_log, db_err, decode, memberships};

/// The columns [`case`] decodes, for `concat!` into queries.
macro_rules! case_columns {
    () => {
        "id, partner_id, kind, state, opened_by, opened_at, details, decision_message, \
         decided_by, decided_at, membership_id"
    };
}

/// The columns [`adjustment`] decodes.
macro_rules! adjustment_columns {
    () => {
        "id, case_id, partner_id, year, month, omlp_type, invoice_number, purchase_units, \
         kpi_thousandths, revenue_minor, currency, created_on, published_on"
    };
}

fn case(row: &SqliteRow) -> Result<SupportCase, StoreError> {
    let text = |col: &str| row.try_get::<String, _>(col).map_err(db_err);
    let opt_text = |col: &str| row.try_get::<Option<String>, _>(col).map_err(db_err);
    let details = text("details")?;
    Ok(SupportCase {
        id: row.try_get("id").map_err(db_err)?,
        partner_id: decode::mpn_id(row.try_get("partner_id").map_err(db_err)?)?,
        kind: decode::stored(&text("kind")?, "case kind", CaseKind::parse)?,
        state: decode::stored(&text("state")?, "case state", CaseState::parse)?,
        opened_by: text("opened_by")?,
        opened_at: decode::timestamp(&text("opened_at")?)?,
        details: serde_json::from_str(&details)
            .map_err(|e| StoreError::corrupt(format!("stored case details {details:?}: {e}")))?,
        decision_message: opt_text("decision_message")?,
        decided_by: opt_text("decided_by")?,
        decided_at: decode::opt_timestamp(opt_text("decided_at")?)?,
        membership_id: row.try_get("membership_id").map_err(db_err)?,
    })
}

fn adjustment(row: &SqliteRow) -> Result<KpiAdjustment, StoreError> {
    let text = |col: &str| row.try_get::<String, _>(col).map_err(db_err);
    let int = |col: &str| row.try_get::<i64, _>(col).map_err(db_err);
    let year = int("year")?;
    let month = int("month")?;
    Ok(KpiAdjustment {
        id: int("id")?,
        case_id: int("case_id")?,
        partner_id: decode::mpn_id(int("partner_id")?)?,
        year: i16::try_from(year)
            .map_err(|_| StoreError::corrupt(format!("stored adjustment year {year}")))?,
        month: i8::try_from(month)
            .map_err(|_| StoreError::corrupt(format!("stored adjustment month {month}")))?,
        omlp_type: text("omlp_type")?,
        invoice_number: text("invoice_number")?,
        purchase_units: int("purchase_units")?,
        kpi: KpiPoints::from_thousandths(int("kpi_thousandths")?),
        revenue: decode::money(int("revenue_minor")?, &text("currency")?)?,
        created_on: decode::date(&text("created_on")?)?,
        published_on: decode::opt_date(
            row.try_get::<Option<String>, _>("published_on")
                .map_err(db_err)?,
        )?,
    })
}

async fn get_in(conn: &mut SqliteConnection, id: i64) -> Result<Option<SupportCase>, StoreError> {
    let row = sqlx::query(concat!(
        "SELECT ",
        case_columns!(),
        " FROM support_cases WHERE id = ?"
    ))
    .bind(id)
    .fetch_optional(&mut *conn)
    .await
    .map_err(db_err)?;
    row.as_ref().map(case).transpose()
}

pub(crate) async fn must_get(
    conn: &mut SqliteConnection,
    id: i64,
) -> Result<SupportCase, StoreError> {
    get_in(conn, id)
        .await?
        .ok_or_else(|| StoreError::NotFound(format!("case {id}")))
}

pub(crate) async fn get(pool: &SqlitePool, id: i64) -> Result<Option<SupportCase>, StoreError> {
    let mut conn = pool.acquire().await.map_err(db_err)?;
    get_in(&mut conn, id).await
}

pub(crate) async fn list(
    pool: &SqlitePool,
    partner: Option<MpnId>,
    state: Option<CaseState>,
) -> Result<Vec<SupportCase>, StoreError> {
    let rows = sqlx::query(concat!(
        "SELECT ",
        case_columns!(),
        " FROM support_cases WHERE (?1 IS NULL OR partner_id = ?1) AND (?2 IS NULL OR state = ?2)
          ORDER BY id"
    ))
    .bind(partner.map(MpnId::as_i64))
    .bind(state.map(CaseState::as_str))
    .fetch_all(pool)
    .await
    .map_err(db_err)?;
    rows.iter().map(case).collect()
}

pub(crate) async fn open(
    pool: &SqlitePool,
    new: &NewCase,
    audit: &AuditDraft,
) -> Result<SupportCase, StoreError> {
    let mut tx = pool.begin_with("BEGIN IMMEDIATE").await.map_err(db_err)?;
    let known: Option<(i64,)> = sqlx::query_as("SELECT mpn_id FROM partners WHERE mpn_id = ?")
        .bind(new.partner_id.as_i64())
        .fetch_optional(&mut *tx)
        .await
        .map_err(db_err)?;
    if known.is_none() {
        return Err(StoreError::NotFound(format!(
            "partner {} is not registered",
            new.partner_id
        )));
    }
    if let Some(id) = new.membership_id {
        match memberships::get(&mut tx, id).await? {
            Some(m) if m.partner_id == new.partner_id => {}
            Some(m) => {
                return Err(StoreError::Conflict(format!(
                    "membership {id} is partner {}'s, not partner {}'s",
                    m.partner_id, new.partner_id
                )));
            }
            None => return Err(StoreError::NotFound(format!("membership {id}"))),
        }
    }
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO support_cases (partner_id, kind, state, opened_by, opened_at, details, membership_id)
         VALUES (?, ?, 'open', ?, ?, ?, ?) RETURNING id",
    )
    .bind(new.partner_id.as_i64())
    .bind(new.kind.as_str())
    .bind(&new.opened_by)
    .bind(audit.at.to_string())
    .bind(new.details.to_string())
    .bind(new.membership_id)
    .fetch_one(&mut *tx)
    .await
    .map_err(db_err)?;
    let mut audit = audit.with_detail("case_id", id);
    if let Some(file) = &new.attachment {
        let attachment_id = crate::case_attachments::insert(&mut tx, id, file, audit.at).await?;
        audit = audit
            .with_detail("attachment_id", attachment_id)
            .with_detail("sha256", file.sha256_hex());
    }
    audit_log::append(&mut tx, &audit).await?;
    let stored = must_get(&mut tx, id).await?;
    tx.commit().await.map_err(db_err)?;
    Ok(stored)
}

pub(crate) async fn comment(
    pool: &SqlitePool,
    case_id: i64,
    author: &str,
    body: &str,
    audit: &AuditDraft,
) -> Result<CaseComment, StoreError> {
    let mut tx = pool.begin_with("BEGIN IMMEDIATE").await.map_err(db_err)?;
    must_get(&mut tx, case_id).await?;
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO case_comments (case_id, author, at, body) VALUES (?, ?, ?, ?) RETURNING id",
    )
    .bind(case_id)
    .bind(author)
    .bind(audit.at.to_string())
    .bind(body)
    .fetch_one(&mut *tx)
    .await
    .map_err(db_err)?;
    audit_log::append(&mut tx, &audit.with_detail("comment_id", id)).await?;
    tx.commit().await.map_err(db_err)?;
    Ok(CaseComment {
        id,
        case_id,
        author: author.to_owned(),
        at: audit.at,
        body: body.to_owned(),
    })
}

pub(crate) async fn comments(
    pool: &SqlitePool,
    case_id: i64,
) -> Result<Vec<CaseComment>, StoreError> {
    let rows = sqlx::query(
        "SELECT id, case_id, author, at, body FROM case_comments WHERE case_id = ? ORDER BY id",
    )
    .bind(case_id)
    .fetch_all(pool)
    .await
    .map_err(db_err)?;
    rows.iter()
        .map(|row| {
            let text = |col: &str| row.try_get::<String, _>(col).map_err(db_err);
            Ok(CaseComment {
                id: row.try_get("id").map_err(db_err)?,
                case_id: row.try_get("case_id").map_err(db_err)?,
                author: text("author")?,
                at: decode::timestamp(&text("at")?)?,
                body: text("body")?,
            })
        })
        .collect()
}

pub(crate) async fn set_state(
    pool: &SqlitePool,
    case_id: i64,
    change: &CaseStateChange,
    audit: &AuditDraft,
) -> Result<SupportCase, StoreError> {
    let mut tx = pool.begin_with("BEGIN IMMEDIATE").await.map_err(db_err)?;
    let current = must_get(&mut tx, case_id).await?;
    change.check(&current)?;
    // Conditional on the state read above, as a second guard: a decided case never changes.
    let done = sqlx::query(
        "UPDATE support_cases
         SET state = ?, decision_message = coalesce(?, decision_message), decided_by = ?,
             decided_at = ?, membership_id = coalesce(membership_id, ?)
         WHERE id = ? AND state NOT IN ('resolved', 'rejected')",
    )
    .bind(change.state.as_str())
    .bind(&change.message)
    .bind(&change.decided_by)
    .bind(audit.at.to_string())
    .bind(change.grant_access.map(|(membership, _)| membership))
    .bind(case_id)
    .execute(&mut *tx)
    .await
    .map_err(db_err)?;
    if done.rows_affected() == 0 {
        return Err(StoreError::Conflict(format!(
            "case {case_id} is already decided"
        )));
    }
    let mut audit = audit.with_detail("state", change.state.as_str());
    if let Some(a) = &change.adjustment {
        let (id,): (i64,) = sqlx::query_as(
            "INSERT INTO kpi_adjustments (case_id, partner_id, year, month, omlp_type,
                 invoice_number, purchase_units, kpi_thousandths, revenue_minor, currency, created_on)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
        )
        .bind(case_id)
        .bind(current.partner_id.as_i64())
        .bind(a.year)
        .bind(a.month)
        .bind(&a.omlp_type)
        .bind(&a.invoice_number)
        .bind(a.purchase_units)
        .bind(a.kpi.thousandths())
        .bind(a.revenue.minor)
        .bind(a.revenue.currency.code())
        .bind(a.created_on.to_string())
        .fetch_one(&mut *tx)
        .await
        .map_err(db_err)?;
        audit = audit.with_detail("adjustment_id", id);
    }
    if let Some((membership, on)) = change.grant_access {
        memberships::grant_in(&mut tx, membership, Some(current.partner_id), on).await?;
        audit = audit.with_detail("marketplace_access", membership);
    }
    audit_log::append(&mut tx, &audit).await?;
    let stored = must_get(&mut tx, case_id).await?;
    tx.commit().await.map_err(db_err)?;
    Ok(stored)
}

pub(crate) async fn adjustments(
    pool: &SqlitePool,
    partner: Option<MpnId>,
    unpublished_only: bool,
) -> Result<Vec<KpiAdjustment>, StoreError> {
    let rows = sqlx::query(concat!(
        "SELECT ",
        adjustment_columns!(),
        " FROM kpi_adjustments WHERE (?1 IS NULL OR partner_id = ?1)
          AND (NOT ?2 OR published_on IS NULL) ORDER BY id"
    ))
    .bind(partner.map(MpnId::as_i64))
    .bind(unpublished_only)
    .fetch_all(pool)
    .await
    .map_err(db_err)?;
    rows.iter().map(adjustment).collect()
}
