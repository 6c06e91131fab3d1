//! Partner Frontline Support cases (R5, R22, R27), their comments, and the KPI adjustments
//! accepted discrepancy cases add (R22).

use lpc_domain::MpnId;
use lpc_domain::points::KpiPoints;

use crate::sql::db::{Backend, Db, WriteTx};
use crate::sql::query::sql;
use crate::sql::row::Row;
use crate::sql::{audit_log, case_attachments, decode, memberships};
use crate::{
    AuditDraft, CaseComment, CaseKind, CaseState, CaseStateChange, KpiAdjustment, NewCase,
    StoreError, SupportCase,
};

/// The columns [`case`] decodes.
const CASE_COLUMNS: &str = "id, partner_id, kind, state, opened_by, opened_at, details, \
     decision_message, decided_by, decided_at, membership_id";

/// The columns [`adjustment`] decodes.
const ADJUSTMENT_COLUMNS: &str = "id, case_id, partner_id, year, month, omlp_type, \
     invoice_number, purchase_units, kpi_thousandths, revenue_minor, currency, created_on, \
     published_on";

fn case(row: &Row) -> Result<SupportCase, StoreError> {
    let text = |col: &str| row.get::<String>(col);
    let opt_text = |col: &str| row.get::<Option<String>>(col);
    let details = text("details")?;
    Ok(SupportCase {
        id: row.get("id")?,
        partner_id: decode::mpn_id(row.get("partner_id")?)?,
        kind: decode::stored(&text("kind")?, "case kind", CaseKind::parse)?,
        state: decode::stored(&text("state")?, "case state", CaseState::parse)?,
        opened_by: text("opened_by")?,
        opened_at: decode::timestamp(&text("opened_at")?)?,
        details: serde_json::from_str(&details)
            .map_err(|e| StoreError::corrupt(format!("stored case details {details:?}: {e}")))?,
        decision_message: opt_text("decision_message")?,
        decided_by: opt_text("decided_by")?,
        decided_at: decode::opt_timestamp(opt_text("decided_at")?)?,
        membership_id: row.get("membership_id")?,
    })
}

fn adjustment(row: &Row) -> Result<KpiAdjustment, StoreError> {
    let text = |col: &str| row.get::<String>(col);
    let int = |col: &str| row.get::<i64>(col);
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
        published_on: decode::opt_date(row.get("published_on")?)?,
    })
}

/// [`get`] inside the caller's connection or transaction.
pub async fn get_in(db: &mut impl Db, id: i64) -> Result<Option<SupportCase>, StoreError> {
    let row = db
        .fetch_optional(
            sql(format!(
                "SELECT {CASE_COLUMNS} FROM support_cases WHERE id = $1"
            ))
            .bind(id),
        )
        .await?;
    row.as_ref().map(case).transpose()
}

/// The case `id` inside the caller's connection or transaction; `NotFound` if there is none.
pub async fn must_get(db: &mut impl Db, id: i64) -> Result<SupportCase, StoreError> {
    get_in(db, id)
        .await?
        .ok_or_else(|| StoreError::NotFound(format!("case {id}")))
}

pub async fn get(backend: &impl Backend, id: i64) -> Result<Option<SupportCase>, StoreError> {
    get_in(&mut backend.read().await?, id).await
}

pub async fn list(
    backend: &impl Backend,
    partner: Option<MpnId>,
    state: Option<CaseState>,
) -> Result<Vec<SupportCase>, StoreError> {
    let rows = backend
        .read()
        .await?
        .fetch_all(
            sql(format!(
                "SELECT {CASE_COLUMNS} FROM support_cases
                 WHERE ($1::bigint IS NULL OR partner_id = $1)
                   AND ($2::text IS NULL OR state = $2)
                 ORDER BY id"
            ))
            .bind(partner.map(MpnId::as_i64))
            .bind(state.map(CaseState::as_str)),
        )
        .await?;
    rows.iter().map(case).collect()
}

pub async fn open(
    backend: &impl Backend,
    new: &NewCase,
    audit: &AuditDraft,
) -> Result<SupportCase, StoreError> {
    let mut tx = backend.write().await?;
    let known: Option<(i64,)> = tx
        .fetch_optional_as(
            sql("SELECT mpn_id FROM partners WHERE mpn_id = $1").bind(new.partner_id.as_i64()),
        )
        .await?;
    if known.is_none() {
        return Err(StoreError::NotFound(format!(
            "partner {} is not registered",
            new.partner_id
        )));
    }
    if let Some(id) = new.membership_id {
        match memberships::get_in(&mut tx, id).await? {
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
    let (id,): (i64,) = tx
        .fetch_one_as(
            sql(
                "INSERT INTO support_cases (partner_id, kind, state, opened_by, opened_at,
                     details, membership_id)
                 VALUES ($1, $2, 'open', $3, $4::timestamptz, $5, $6) RETURNING id",
            )
            .bind(new.partner_id.as_i64())
            .bind(new.kind.as_str())
            .bind(&new.opened_by)
            .bind(audit.at.to_string())
            .bind(new.details.to_string())
            .bind(new.membership_id),
        )
        .await?;
    let mut audit = audit.with_detail("case_id", id);
    if let Some(file) = &new.attachment {
        let attachment_id = case_attachments::insert(&mut tx, id, file, audit.at).await?;
        audit = audit
            .with_detail("attachment_id", attachment_id)
            .with_detail("sha256", file.sha256_hex());
    }
    audit_log::append(&mut tx, &audit).await?;
    let stored = must_get(&mut tx, id).await?;
    tx.commit().await?;
    Ok(stored)
}

pub async fn comment(
    backend: &impl Backend,
    case_id: i64,
    author: &str,
    body: &str,
    audit: &AuditDraft,
) -> Result<CaseComment, StoreError> {
    let mut tx = backend.write().await?;
    must_get(&mut tx, case_id).await?;
    let (id,): (i64,) = tx
        .fetch_one_as(
            sql("INSERT INTO case_comments (case_id, author, at, body)
                 VALUES ($1, $2, $3::timestamptz, $4) RETURNING id")
            .bind(case_id)
            .bind(author)
            .bind(audit.at.to_string())
            .bind(body),
        )
        .await?;
    audit_log::append(&mut tx, &audit.with_detail("comment_id", id)).await?;
    tx.commit().await?;
    Ok(CaseComment {
        id,
        case_id,
        author: author.to_owned(),
        at: audit.at,
        body: body.to_owned(),
    })
}

pub async fn comments(
    backend: &impl Backend,
    case_id: i64,
) -> Result<Vec<CaseComment>, StoreError> {
    let rows = backend
        .read()
        .await?
        .fetch_all(
            sql("SELECT id, case_id, author, at, body FROM case_comments
                 WHERE case_id = $1 ORDER BY id")
            .bind(case_id),
        )
        .await?;
    rows.iter()
        .map(|row| {
            let text = |col: &str| row.get::<String>(col);
            Ok(CaseComment {
                id: row.get("id")?,
                case_id: row.get("case_id")?,
                author: text("author")?,
                at: decode::timestamp(&text("at")?)?,
                body: text("body")?,
            })
        })
        .collect()
}

pub async fn set_state(
    backend: &impl Backend,
    case_id: i64,
    change: &CaseStateChange,
    audit: &AuditDraft,
) -> Result<SupportCase, StoreError> {
    let mut tx = backend.write().await?;
    let current = must_get(&mut tx, case_id).await?;
    change.check(&current)?;
    // Conditional on the state read above, as a second guard: a decided case never changes.
    let done = tx
        .execute(
            sql("UPDATE support_cases
                 SET state = $1, decision_message = coalesce($2, decision_message),
                     decided_by = $3, decided_at = $4::timestamptz,
                     membership_id = coalesce(membership_id, $5)
                 WHERE id = $6 AND state NOT IN ('resolved', 'rejected')")
            .bind(change.state.as_str())
            .bind(change.message.as_deref())
            .bind(&change.decided_by)
            .bind(audit.at.to_string())
            .bind(change.grant_access.map(|(membership, _)| membership))
            .bind(case_id),
        )
        .await?;
    if done == 0 {
        return Err(StoreError::Conflict(format!(
            "case {case_id} is already decided"
        )));
    }
    let mut audit = audit.with_detail("state", change.state.as_str());
    if let Some(a) = &change.adjustment {
        let (id,): (i64,) = tx
            .fetch_one_as(
                sql(
                    "INSERT INTO kpi_adjustments (case_id, partner_id, year, month, omlp_type,
                         invoice_number, purchase_units, kpi_thousandths, revenue_minor,
                         currency, created_on)
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
                .bind(a.created_on.to_string()),
            )
            .await?;
        audit = audit.with_detail("adjustment_id", id);
    }
    if let Some((membership, on)) = change.grant_access {
        memberships::grant_in(&mut tx, membership, Some(current.partner_id), on).await?;
        audit = audit.with_detail("marketplace_access", membership);
    }
    audit_log::append(&mut tx, &audit).await?;
    let stored = must_get(&mut tx, case_id).await?;
    tx.commit().await?;
    Ok(stored)
}

/// Every accepted adjustment, by partner and case, read inside the caller's connection or
/// transaction (a publication's snapshot).
pub async fn all_adjustments_in(db: &mut impl Db) -> Result<Vec<KpiAdjustment>, StoreError> {
    let rows = db
        .fetch_all(sql(format!(
            "SELECT {ADJUSTMENT_COLUMNS} FROM kpi_adjustments ORDER BY partner_id, case_id"
        )))
        .await?;
    rows.iter().map(adjustment).collect()
}

pub async fn adjustments(
    backend: &impl Backend,
    partner: Option<MpnId>,
    unpublished_only: bool,
) -> Result<Vec<KpiAdjustment>, StoreError> {
    adjustments_in(&mut backend.read().await?, partner, unpublished_only).await
}

/// [`adjustments`] inside the caller's connection or transaction.
pub async fn adjustments_in(
    db: &mut impl Db,
    partner: Option<MpnId>,
    unpublished_only: bool,
) -> Result<Vec<KpiAdjustment>, StoreError> {
    let rows = db
        .fetch_all(
            sql(format!(
                "SELECT {ADJUSTMENT_COLUMNS} FROM kpi_adjustments
                 WHERE ($1::bigint IS NULL OR partner_id = $1)
                   AND (NOT $2 OR published_on IS NULL)
                 ORDER BY id"
            ))
            .bind(partner.map(MpnId::as_i64))
            .bind(unpublished_only),
        )
        .await?;
    rows.iter().map(adjustment).collect()
}
