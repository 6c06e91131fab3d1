//! The monthly KPI publication (R17, R18, R21) and what a partner's dashboard shows.
//!
//! A publication freezes, for every registered partner, the lines of the twelve months of
//! its period (R17), each line visible from the 15th after its month (R18), plus lines that
//! arrived after the publication they belonged in (marked late), with totals per OMLP type
//! and in all, caps applied (R12). Its SHA-256 digest covers a canonical text of everything
//! it shows, so publishing the same date again proves nothing changed.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

use jiff::civil::Date;
use lpc_domain::MpnId;
use lpc_domain::access::Action;
use lpc_domain::calendar::{self, MonthSpan, YearMonth};
use lpc_domain::points::KpiPoints;
use lpc_store::{AuditDraft, Publication, PublishedRow, PublishedTotal};
use serde::Serialize;
use sha2::{Digest, Sha256};

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
    let previous = app
        .store()
        .latest_publication(
            published_on
                .yesterday()
                .map_err(|e| AppError::Internal(e.to_string()))?,
        )
        .await?;
    let started = std::time::Instant::now();
    let late_since = app
        .store()
        .first_publication()
        .await?
        .map(|first| first.period.from);
    let candidates = app
        .store()
        .publication_candidates(period, late_since)
        .await?;
    tracing::debug!(
        lines = candidates.len(),
        seconds = started.elapsed().as_secs_f64(),
        "publication: lines gathered"
    );
    let mut rows: Vec<PublishedRow> = candidates
        .into_iter()
        .map(|c| {
            let month = YearMonth::of(c.line.document_date);
            // Late: it belonged in an earlier publication's period but none included it.
            let late =
                !c.previously_published && previous.as_ref().is_some_and(|p| month <= p.period.to);
            PublishedRow {
                partner_id: c.line.partner_id,
                document_type: c.line.document_type,
                document_number: c.line.document_number,
                line_number: c.line.line_number,
                year: month.year(),
                month: month.month(),
                omlp_type: c.line.omlp_type,
                purchase_units: c.line.purchase_units,
                kpi: c.line.kpi,
                revenue: c.line.revenue,
                late,
            }
        })
        .collect();
    rows.sort_by(|a, b| {
        (
            a.partner_id,
            a.year,
            a.month,
            &a.document_number,
            a.document_type,
            a.line_number,
        )
            .cmp(&(
                b.partner_id,
                b.year,
                b.month,
                &b.document_number,
                b.document_type,
                b.line_number,
            ))
    });
    let totals = totals(app, published_on, &rows);
    let partners = rows
        .iter()
        .map(|r| r.partner_id)
        .collect::<BTreeSet<_>>()
        .len() as u64;
    let publication = Publication {
        published_on,
        period,
        partners,
        lines: rows.len() as u64,
        digest: digest(published_on, period, &rows, &totals),
        published_at: app.clock().now(),
    };
    let audit = AuditDraft::new(
        actor.audit_name(),
        "publication.publish",
        format!("publication:{published_on}"),
        app.clock().now(),
        serde_json::json!({ "digest": publication.digest, "partners": partners, "lines": publication.lines }),
    );
    match app
        .store()
        .save_publication(&publication, &rows, &totals, &audit)
        .await
    {
        Ok(()) => Ok(Published::of(&publication, false)),
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

/// Totals per partner: per OMLP type (each type's cap applied) and in all (every cap
/// applied), by the rule set in force on the publication date (R12, R14).
fn totals(app: &App, published_on: Date, rows: &[PublishedRow]) -> Vec<PublishedTotal> {
    let rules = app.rules().in_force_on(published_on);
    let mut per_partner: BTreeMap<MpnId, BTreeMap<String, KpiPoints>> = BTreeMap::new();
    for row in rows {
        *per_partner
            .entry(row.partner_id)
            .or_default()
            .entry(row.omlp_type.clone())
            .or_insert(KpiPoints::ZERO) += row.kpi;
    }
    let mut totals = Vec::new();
    for (partner, per_type) in per_partner {
        for (omlp_type, points) in &per_type {
            let cap = rules
                .and_then(|r| r.omlp_type(omlp_type))
                .and_then(|t| t.cap);
            let kpi = cap.map_or(*points, |cap| (*points).min(cap));
            totals.push(PublishedTotal {
                partner_id: partner,
                omlp_type: Some(omlp_type.clone()),
                kpi,
            });
        }
        let all = rules.map_or_else(
            || per_type.values().copied().sum(),
            |r| r.capped_total(&per_type),
        );
        totals.push(PublishedTotal {
            partner_id: partner,
            omlp_type: None,
            kpi: all,
        });
    }
    totals
}

/// SHA-256 over a canonical text of the publication: one line per row and per total, fields
/// tab-separated, in the order they are stored.
fn digest(
    published_on: Date,
    period: MonthSpan,
    rows: &[PublishedRow],
    totals: &[PublishedTotal],
) -> String {
    let mut text = format!(
        "lpc-publication-v1\t{published_on}\t{}\t{}\n",
        period.from, period.to
    );
    for r in rows {
        let _ = writeln!(
            text,
            "row\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}",
            r.partner_id,
            r.year,
            r.month,
            r.document_type,
            r.document_number,
            r.line_number,
            r.omlp_type,
            r.purchase_units,
            r.kpi.thousandths(),
            r.revenue.minor,
            r.revenue.currency.code(),
            r.late
        );
    }
    for t in totals {
        let _ = writeln!(
            text,
            "total\t{}\t{}\t{}",
            t.partner_id,
            t.omlp_type.as_deref().unwrap_or("*"),
            t.kpi.thousandths()
        );
    }
    hex::encode(Sha256::digest(text.as_bytes()))
}

/// One row of the dashboard: the seven fields of R21 and where it comes from.
#[derive(Debug, Clone, Serialize)]
pub struct ReportRow {
    pub year: i16,
    pub month: i8,
    pub omlp_type: String,
    pub purchase_units: i64,
    pub invoice_number: String,
    pub kpi_value: KpiPoints,
    /// A decimal string, exact.
    pub revenue_value: String,
    pub currency: String,
    pub document_type: lpc_domain::invoice::DocumentType,
    pub line_number: u32,
    pub late: bool,
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
    pub rows: Vec<ReportRow>,
    pub totals: ReportTotals,
}

/// The report a partner sees today: the latest publication on or before today (R17).
pub async fn kpi_report(app: &App, actor: &Actor, partner: MpnId) -> Result<KpiReport, AppError> {
    actor.authorize(Action::ReadPartner(partner))?;
    if app.store().partner(partner).await?.is_none() {
        return Err(AppError::NotFound(format!(
            "partner {partner} is not registered"
        )));
    }
    let today = app.clock().today();
    let next = calendar::publication_on_or_before(today)
        .checked_add(jiff::Span::new().months(1))
        .map_err(|e| AppError::Internal(e.to_string()))?;
    let mut report = KpiReport {
        partner_id: partner,
        published_on: None,
        period: None,
        next_publication_on: next,
        rows: Vec::new(),
        totals: ReportTotals {
            kpi_value: KpiPoints::ZERO,
            by_omlp_type: BTreeMap::new(),
        },
    };
    let Some(publication) = app.store().latest_publication(today).await? else {
        return Ok(report);
    };
    report.published_on = Some(publication.published_on);
    report.period = Some(publication.period);
    report.rows = app
        .store()
        .published_rows(publication.published_on, partner)
        .await?
        .into_iter()
        .map(|r| ReportRow {
            year: r.year,
            month: r.month,
            omlp_type: r.omlp_type,
            purchase_units: r.purchase_units,
            invoice_number: r.document_number,
            kpi_value: r.kpi,
            revenue_value: r.revenue.to_decimal(),
            currency: r.revenue.currency.code().to_owned(),
            document_type: r.document_type,
            line_number: r.line_number,
            late: r.late,
        })
        .collect();
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
    Ok(report)
}

/// The KPI points of a partner's latest publication on or before `today` and its date, for
/// eligibility (R17: 0 before the first publication).
pub async fn latest_points(
    app: &App,
    partner: MpnId,
    today: Date,
) -> Result<(KpiPoints, Option<Date>), AppError> {
    let Some(publication) = app.store().latest_publication(today).await? else {
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
    for r in &report.rows {
        writer
            .write_record([
                r.month.to_string(),
                r.year.to_string(),
                r.omlp_type.clone(),
                r.purchase_units.to_string(),
                r.invoice_number.clone(),
                r.kpi_value.to_string(),
                r.revenue_value.clone(),
                r.currency.clone(),
                r.late.to_string(),
            ])
            .map_err(|e| fail(&e))?;
    }
    let bytes = writer.into_inner().map_err(|e| fail(&e))?;
    String::from_utf8(bytes).map_err(|e| fail(&e))
}
