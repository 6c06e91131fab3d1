//! Partner Frontline Support cases (R5, R22, R27), their comments, and the KPI adjustments
//! accepted discrepancy cases add (R22).

use lpc_domain::MpnId;
use lpc_domain::points::KpiPoints;
use lpc_store::{
    AuditDraft, CaseComment, CaseKind, CaseState, CaseStateChange, KpiAdjustment, NewCase,
    StoreError, SupportCase,
};
use sqlx::postgres::PgRow;
use sqlx::{PgConnection, PgPool, Row};

use crate::decode::ts_text;
use crate::{audit_log, db_err, decode, memberships};

/// The columns [`case`] decodes, timestamps as text, for `concat!` into queries.
macro_rules! case_columns {
    () => {
        concat!(
            "id, partner_id, kind, state, opened_by, ",
            ts_text!("opened_at"),
            " AS opened_at, details, decision_message, decided_by, ",
            ts_text!("decided_at"),
            " AS decided_at, membership_id"
        )
    };
}

/// The columns [`adjustment`] decodes.
macro_rules! adjustment_columns {
    () => {
        "id, case_id, partner_id, year, month, omlp_type, invoice_number, purchase_units, \
         kpi_thousandths, revenue_minor, currency, created_on::text AS created_on, \
         published_on::text AS published_on"
    };
}

fn case(row: &PgRow) -> Result<SupportCase, StoreError> {
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

fn adjustment(row: &PgRow) -> Result<KpiAdjustment, StoreError> {
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

async fn get_in(conn: &mut PgConnection, id: i64) -> Result<Option<SupportCase>, StoreError> {
    let row = sqlx::query(concat!(
        "SELECT ",
        case_columns!(),
        " FROM support_cases WHERE id = $1"
    ))
    .bind(id)
    .fetch_optional(&mut *conn)
    .await
    .map_err(db_err)?;
    row.as_ref().map(case).transpose()
}

pub(crate) async fn must_get(conn: &mut PgConnection, id: i64) -> Result<SupportCase, StoreError> {
    get_in(conn, id)
        .await?
        .ok_or_else(|| StoreError::NotFound(format!("case {id}")))
}

pub(crate) async fn get(pool: &PgPool, id: i64) -> Result<Option<SupportCase>, StoreError> {
    let mut conn = pool.acquire().await.map_err(db_err)?;
    get_in(&mut conn, id).await
}

pub(crate) async fn list(
    pool: &PgPool,
    partner: Option<MpnId>,
    state: Option<CaseState>,
) -> Result<Vec<SupportCase>, StoreError> {
    let rows = sqlx::query(concat!(
        "SELECT ",
        case_columns!(),
        " FROM support_cases c
          WHERE ($1::bigint IS NULL OR partner_id = $1) AND ($2::text IS NULL OR state = $2)
          ORDER BY c.id"
    ))
    .bind(partner.map(MpnId::as_i64))
    .bind(state.map(CaseState::as_str))
    .fetch_all(pool)
    .await
    .map_err(db_err)?;
    rows.iter().map(case).collect()
}

pub(crate) async fn open(
    pool: &PgPool,
    new: &NewCase,
    audit: &AuditDraft,
) -> Result<SupportCase, StoreError> {
    let mut tx = audit_log::begin_write(pool).await?;
    let known: Option<(i64,)> = sqlx::query_as("SELECT mpn_id FROM partners WHERE mpn_id = $1")
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
         VALUES ($1, $2, 'open', $3, $4::timestamptz, $5, $6) RETURNING id",
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
    pool: &PgPool,
    case_id: i64,
    author: &str,
    body: &str,
    audit: &AuditDraft,
) -> Result<CaseComment, StoreError> {
    let mut tx = audit_log::begin_write(pool).await?;
    must_get(&mut tx, case_id).await?;
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO case_comments (case_id, author, at, body)
         VALUES ($1, $2, $3::timestamptz, $4) RETURNING id",
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

pub(crate) async fn comments(pool: &PgPool, case_id: i64) -> Result<Vec<CaseComment>, StoreError> {
    let rows = sqlx::query(concat!(
        "SELECT id, case_id, author, ",
        ts_text!("at"),
        " AS at, body FROM case_comments c WHERE case_id = $1 ORDER BY c.id"
    ))
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
    pool: &PgPool,
    case_id: i64,
    change: &CaseStateChange,
    audit: &AuditDraft,
) -> Result<SupportCase, StoreError> {
    let mut tx = audit_log::begin_write(pool).await?;
    let current = must_get(&mut tx, case_id).await?;
    change.check(&current)?;
    // Conditional on the state read above, as a second guard: a decided case never changes.
    let done = sqlx::query(
        "UPDATE support_cases
         SET state = $1, decision_message = coalesce($2, decision_message), decided_by = $3,
             decided_at = $4::timestamptz, membership_id = coalesce(membership_id, $5)
         WHERE id = $6 AND state NOT IN ('resolved', 'rejected')",
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
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11::date) RETURNING id",
        )
        .bind(case_id)
        .bind(current.partner_id.as_i64())
        .bind(i64::from(a.year))
        .bind(i64::from(a.month))
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

/// Every accepted adjustment, by partner and case, read on `conn` (a publication's snapshot).
pub(crate) async fn adjustments_on(
    conn: &mut sqlx::PgConnection,
) -> Result<Vec<KpiAdjustment>, StoreError> {
    let rows = sqlx::query(concat!(
        "SELECT ",
        adjustment_columns!(),
        " FROM kpi_adjustments a ORDER BY a.partner_id, a.case_id"
    ))
    .fetch_all(&mut *conn)
    .await
    .map_err(db_err)?;
    rows.iter().map(adjustment).collect()
}

pub(crate) async fn adjustments(
    pool: &PgPool,
    partner: Option<MpnId>,
    unpublished_only: bool,
) -> Result<Vec<KpiAdjustment>, StoreError> {
    let rows = sqlx::query(concat!(
        "SELECT ",
        adjustment_columns!(),
        " FROM kpi_adjustments a
          WHERE ($1::bigint IS NULL OR partner_id = $1) AND (NOT $2 OR a.published_on IS NULL)
          ORDER BY a.id"
    ))
    .bind(partner.map(MpnId::as_i64))
    .bind(unpublished_only)
    .fetch_all(pool)
    .await
    .map_err(db_err)?;
    rows.iter().map(adjustment).collect()
}
