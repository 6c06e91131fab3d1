//! The monthly KPI publication (R17, R18, R21) and what a partner's dashboard shows.
//!
//! A publication freezes, for every registered partner, the lines of the twelve months of
//! its period (R17), each line visible from the 15th after its month (R18), plus lines that
//! arrived after the publication they belonged in (marked late), with totals per OMLP type
//! and in all, caps applied (R12). The store does the freezing inside the database
//! (`lpc_store::publishing`); this module decides what is due and what is late.

use std::collections::BTreeMap;
use std::sync::Arc;

use jiff::civil::Date;
use lpc_domain::MpnId;
use lpc_domain::access::Action;
use lpc_domain::calendar::{self, MonthSpan};
use lpc_domain::points::{KpiPoints, Money};
use lpc_store::{AuditDraft, Publication, PublicationPlan};
use serde::Serialize;

use crate::{Actor, App, AppError};

/// The answer of `lpc publish`, in DESIGN.md's shape.
#[derive(Debug, Clone, Serialize)]
pub struct Published {
    pub published_on: Date,
    pub period: MonthSpan,
    pub partners: u64,
    pub lines: u64,
    pub digest: String,
    pub already_published: bool,
}

impl Published {
    fn of(p: &Publication, already_published: bool) -> Self {
        Self {
            published_on: p.published_on,
            period: p.period,
            partners: p.partners,
            lines: p.lines,
            digest: p.digest.clone(),
            already_published,
        }
    }
}

/// Publishes the report of the latest 15th on or before today (operators and the scheduler).
pub async fn publish(app: &App, actor: &Actor) -> Result<Published, AppError> {
    let date = calendar::publication_on_or_before(app.clock().today());
    publish_on(app, actor, date).await
}

/// Publishes the report of `published_on` (a 15th); idempotent.
pub async fn publish_on(
    app: &App,
    actor: &Actor,
    published_on: Date,
) -> Result<Published, AppError> {
    actor.authorize(Action::OperateProgram)?;
    if published_on.day() != 15 || published_on > app.clock().today() {
        return Err(AppError::invalid(
            "published_on",
            format!(
                "R17: reports are published on the 15th, up to today; {published_on} is not such a day"
            ),
        ));
    }
    if let Some(existing) = app.store().publication(published_on).await? {
        return Ok(Published::of(&existing, true));
    }
    let period = calendar::period_of_publication(published_on);
    let plan = PublicationPlan {
        published_on,
        period,
        rules: app.rules().in_force_on(published_on).cloned(),
        published_at: app.clock().now(),
    };
    let audit = AuditDraft::new(
        actor.audit_name(),
        "publication.publish",
        format!("publication:{published_on}"),
        app.clock().now(),
        serde_json::json!({ "period": period }),
    );
    match app.store().publish(&plan, &audit).await {
        Ok(publication) => Ok(Published::of(&publication, false)),
        // Another process published the same date meanwhile: report what it froze.
        Err(lpc_store::StoreError::Conflict(_)) => {
            match app.store().publication(published_on).await? {
                Some(existing) => Ok(Published::of(&existing, true)),
                None => Err(AppError::Internal("publication vanished".into())),
            }
        }
        Err(e) => Err(e.into()),
    }
}

/// One row of the dashboard: the seven fields of R21 and where it comes from. The revenue is
/// money, not text, until a serializer or a page writes it (issue 17); in JSON it is
/// `revenue_value` (an exact decimal string) and `currency`, as DESIGN.md's report has it.
#[derive(Debug, Clone)]
pub struct ReportRow {
    pub year: i16,
    pub month: i8,
    pub omlp_type: String,
    pub purchase_units: i64,
    pub invoice_number: String,
    pub kpi_value: KpiPoints,
    pub revenue: Money,
    /// `invoice`, `credit_note`, or `adjustment`: a KPI adjustment of an accepted discrepancy
    /// case (R22), whose `invoice_number` is the partner's invoice it corrects.
    pub document_type: lpc_domain::invoice::DocumentType,
    pub line_number: u32,
    pub late: bool,
    /// For an adjustment row: the support case that added it (its frozen document number is
    /// `ADJ-<case id>`); `null` for invoice and credit-note rows.
    pub adjustment_case_id: Option<i64>,
}

impl Serialize for ReportRow {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut row = serializer.serialize_struct("ReportRow", 12)?;
        row.serialize_field("year", &self.year)?;
        row.serialize_field("month", &self.month)?;
        row.serialize_field("omlp_type", &self.omlp_type)?;
        row.serialize_field("purchase_units", &self.purchase_units)?;
        row.serialize_field("invoice_number", &self.invoice_number)?;
        row.serialize_field("kpi_value", &self.kpi_value)?;
        row.serialize_field("revenue_value", &self.revenue.to_decimal())?;
        row.serialize_field("currency", self.revenue.currency.code())?;
        row.serialize_field("document_type", &self.document_type)?;
        row.serialize_field("line_number", &self.line_number)?;
        row.serialize_field("late", &self.late)?;
        row.serialize_field("adjustment_case_id", &self.adjustment_case_id)?;
        row.end()
    }
}

/// Totals of the report: in all (`kpi_value`) and per OMLP type, caps applied.
#[derive(Debug, Clone, Serialize)]
pub struct ReportTotals {
    pub kpi_value: KpiPoints,
    pub by_omlp_type: BTreeMap<String, KpiPoints>,
}

/// What a partner's dashboard shows today (R17, R21), in DESIGN.md's `kpi report` shape.
#[derive(Debug, Clone, Serialize)]
pub struct KpiReport {
    pub partner_id: MpnId,
    /// The latest publication on or before today; `None` before the first.
    pub published_on: Option<Date>,
    pub period: Option<MonthSpan>,
    /// When the next report is published (the next 15th after today).
    pub next_publication_on: Date,
    /// Shared with the report cache: a published report never changes, and copying a large
    /// partner's ten thousand rows was most of a dashboard request.
    pub rows: Arc<Vec<ReportRow>>,
    pub totals: ReportTotals,
}

/// The report a partner sees today: the latest publication on or before today (R17).
pub async fn kpi_report(app: &App, actor: &Actor, partner: MpnId) -> Result<KpiReport, AppError> {
    let partner = crate::partners::get(app, actor, partner).await?;
    kpi_report_of(app, actor, &partner).await
}

/// The latest publication on or before `today`, from memory once it is settled for the day
/// ([`crate::report_cache::ReportCache::settle`]): every dashboard and report request asks.
pub async fn latest_on(app: &App, today: Date) -> Result<Option<Arc<Publication>>, AppError> {
    if let Some(settled) = app.reports().latest(today) {
        return Ok(Some(settled));
    }
    let found = app.store().latest_publication(today).await?;
    if let Some(p) = &found {
        app.reports().settle(today, p);
    }
    Ok(found.map(Arc::new))
}

/// [`kpi_report`] of a partner the caller has already read (the portal's pages hold it): the
/// dashboard is the busiest page, and reading the partner twice was a sixth of its queries.
pub async fn kpi_report_of(
    app: &App,
    actor: &Actor,
    partner: &lpc_store::Partner,
) -> Result<KpiReport, AppError> {
    actor.authorize(Action::ReadPartner(partner.mpn_id))?;
    crate::claims::require_verified(actor, partner)?;
    let partner = partner.mpn_id;
    let today = app.clock().today();
    let next = calendar::publication_on_or_before(today)
        .checked_add(jiff::Span::new().months(1))
        .map_err(|e| AppError::Internal(e.to_string()))?;
    let mut report = KpiReport {
        partner_id: partner,
        published_on: None,
        period: None,
        next_publication_on: next,
        rows: Arc::new(Vec::new()),
        totals: ReportTotals {
            kpi_value: KpiPoints::ZERO,
            by_omlp_type: BTreeMap::new(),
        },
    };
    let Some(publication) = latest_on(app, today).await? else {
        return Ok(report);
    };
    report.published_on = Some(publication.published_on);
    report.period = Some(publication.period);
    if let Some(frozen) = app.reports().get(publication.published_on, partner) {
        report.rows = frozen.rows.clone();
        report.totals = frozen.totals.clone();
        return Ok(report);
    }
    let rows = app
        .store()
        .published_rows(publication.published_on, partner)
        .await?;
    // R22: an adjustment row is frozen as `ADJ-<case id>`; the dashboard shows the invoice
    // number the partner disputed, with the case it comes from.
    let adjustments: BTreeMap<String, (i64, String)> = if rows
        .iter()
        .any(|r| r.document_type == lpc_domain::invoice::DocumentType::Adjustment)
    {
        app.store()
            .kpi_adjustments(Some(partner), false)
            .await?
            .into_iter()
            .map(|a| (format!("ADJ-{}", a.case_id), (a.case_id, a.invoice_number)))
            .collect()
    } else {
        BTreeMap::new()
    };
    report.rows = Arc::new(
        rows.into_iter()
            .map(|r| {
                let adjustment = (r.document_type == lpc_domain::invoice::DocumentType::Adjustment)
                    .then(|| adjustments.get(&r.document_number))
                    .flatten();
                ReportRow {
                    year: r.year,
                    month: r.month,
                    omlp_type: r.omlp_type,
                    purchase_units: r.purchase_units,
                    invoice_number: adjustment.map_or(r.document_number, |(_, n)| n.clone()),
                    kpi_value: r.kpi,
                    revenue: r.revenue,
                    document_type: r.document_type,
                    line_number: r.line_number,
                    late: r.late,
                    adjustment_case_id: adjustment.map(|(case, _)| *case),
                }
            })
            .collect(),
    );
    for total in app
        .store()
        .published_totals(publication.published_on, partner)
        .await?
    {
        match total.omlp_type {
            Some(omlp_type) => {
                report.totals.by_omlp_type.insert(omlp_type, total.kpi);
            }
            None => report.totals.kpi_value = total.kpi,
        }
    }
    let frozen = app.reports().put(
        publication.published_on,
        partner,
        crate::report_cache::FrozenReport {
            rows: report.rows,
            totals: report.totals,
        },
    );
    report.rows = frozen.rows.clone();
    report.totals = frozen.totals.clone();
    Ok(report)
}

/// The KPI points of a partner's latest publication on or before `today` and its date, for
/// eligibility (R17: 0 before the first publication).
pub async fn latest_points(
    app: &App,
    partner: MpnId,
    today: Date,
) -> Result<(KpiPoints, Option<Date>), AppError> {
    let Some(publication) = latest_on(app, today).await? else {
        return Ok((KpiPoints::ZERO, None));
    };
    let totals = app
        .store()
        .published_totals(publication.published_on, partner)
        .await?;
    let all = totals
        .into_iter()
        .find(|t| t.omlp_type.is_none())
        .map_or(KpiPoints::ZERO, |t| t.kpi);
    Ok((all, Some(publication.published_on)))
}

/// The report's rows as CSV: the seven fields of R21 in the dashboard's order, and whether
/// each arrived late.
pub fn report_csv(report: &KpiReport) -> Result<String, AppError> {
    let fail = |e: &dyn std::fmt::Display| AppError::Internal(format!("cannot write CSV: {e}"));
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer
        .write_record([
            "month",
            "year",
            "omlp_type",
            "purchase_units",
            "invoice_number",
            "kpi_value",
            "revenue_value",
            "currency",
            "late",
        ])
        .map_err(|e| fail(&e))?;
    for r in report.rows.iter() {
        let cells = [
            r.month.to_string(),
            r.year.to_string(),
            r.omlp_type.clone(),
            r.purchase_units.to_string(),
            r.invoice_number.clone(),
            r.kpi_value.to_string(),
            r.revenue.to_decimal(),
            r.revenue.currency.code().to_owned(),
            r.late.to_string(),
        ];
        writer
            .write_record(crate::spreadsheet_cells::neutral_record(
                cells.iter().map(String::as_str),
            ))
            .map_err(|e| fail(&e))?;
    }
    let bytes = writer.into_inner().map_err(|e| fail(&e))?;
    String::from_utf8(bytes).map_err(|e| fail(&e))
}
