//! The demo's support cases (R13, R22): KPI discrepancy claims built on what the latest report
//! shows, one open, one accepted and one rejected.

use jiff::civil::Date;
use lpc_domain::MpnId;
use lpc_domain::points::{KpiPoints, Money};
use lpc_store::{CaseKind, CaseState};

use super::cast::{admin_of, mpn};
use super::invalid_demo;
use crate::cases::{CaseRequest, Decision};
use crate::{Actor, App, AppError, cases};

/// What the latest report shows for one invoice of `partner` (all its rows): units, points,
/// revenue. The claims of the demo's discrepancy cases are built on it.
pub(super) async fn reported(
    app: &App,
    partner: MpnId,
    invoice: &str,
) -> Result<(i64, KpiPoints, Money), AppError> {
    let usd = lpc_domain::points::Currency::parse("USD").map_err(invalid_demo)?;
    let mut totals = (0, KpiPoints::ZERO, Money::new(0, usd));
    let Some(publication) = app.store().latest_publication(app.clock().today()).await? else {
        return Ok(totals);
    };
    for row in app
        .store()
        .published_rows(publication.published_on, partner)
        .await?
        .into_iter()
        .filter(|r| r.document_number == invoice)
    {
        totals.0 += row.purchase_units;
        totals.1 += row.kpi;
        totals.2 = Money::new(totals.2.minor + row.revenue.minor, usd);
    }
    Ok(totals)
}

/// A discrepancy claim: `missing` MOC units more than the report shows for the invoice.
pub(super) async fn claim(
    app: &App,
    partner: MpnId,
    month: lpc_domain::calendar::YearMonth,
    invoice: &str,
    missing: i64,
) -> Result<CaseRequest, AppError> {
    let (units, kpi, revenue) = reported(app, partner, invoice).await?;
    let date: Date = month.day(10);
    let per_unit = lpc_domain::invoice::line_points(app.rules(), date, "moc", missing)
        .map_err(invalid_demo)?;
    let fields = [
        ("month", month.month().to_string()),
        ("year", month.year().to_string()),
        ("omlp_type", "moc".to_owned()),
        ("purchase_units", (units + missing).to_string()),
        ("invoice_number", invoice.to_owned()),
        ("kpi_value", (kpi + per_unit).to_string()),
        (
            "revenue_value",
            Money::new(revenue.minor + missing * 9_900, revenue.currency).to_decimal(),
        ),
        ("currency", revenue.currency.code().to_owned()),
        ("evidence_document_type", "invoice".to_owned()),
    ];
    Ok(CaseRequest {
        partner_id: partner,
        kind: CaseKind::KpiDiscrepancy,
        fields: fields.into_iter().map(|(k, v)| (k.to_owned(), v)).collect(),
    })
}

/// Today's support cases (R13, R22): one open, one accepted with its KPI adjustment, one
/// rejected because the evidence is an order confirmation.
pub(super) async fn seed_cases(app: &App, support: &Actor) -> Result<Vec<String>, AppError> {
    let month = lpc_domain::calendar::YearMonth::of(app.clock().today()).saturating_add_months(-3);
    let mut stages = Vec::new();

    let sakura = mpn(4_100_001)?;
    let request = claim(app, sakura, month, &format!("INV-{sakura}-{month}"), 10).await?;
    let open = cases::open(app, &admin_of(4_100_001)?, request).await?;
    cases::comment(
        app,
        &admin_of(4_100_001)?,
        open.id,
        "Ten MOC units of this invoice are missing from our dashboard; the invoice is attached.",
    )
    .await?;
    stages.push(format!(
        "Sakura Learning (4100001): KPI discrepancy case {} open, for support to decide (R22)",
        open.id
    ));

    let aurora = mpn(3_900_001)?;
    let request = claim(app, aurora, month, &format!("INV-{aurora}-{month}"), 5).await?;
    let accepted = cases::open(app, &admin_of(3_900_001)?, request).await?;
    let decided = cases::decide(
        app,
        support,
        accepted.id,
        Decision {
            state: CaseState::Resolved,
            message: None,
            points: None,
        },
    )
    .await?;
    stages.push(format!(
        "Formazione Aurora (3900001): KPI discrepancy case {} resolved with an adjustment of {} \
         points, included in the next publication (R22)",
        accepted.id,
        decided
            .adjustment
            .map_or_else(String::new, |a| a.kpi.to_string())
    ));

    let tailspin = mpn(5_500_001)?;
    let confirmation = format!("OC-{tailspin}-{month}");
    let request = claim(app, tailspin, month, &confirmation, 20).await?;
    let refused = cases::open(app, &admin_of(5_500_001)?, request).await?;
    cases::decide(
        app,
        support,
        refused.id,
        Decision {
            state: CaseState::Rejected,
            message: Some(format!(
                "R13: {confirmation} is an order confirmation, not an invoice; only actual \
                 invoices count, and are accepted as evidence (R22)"
            )),
            points: None,
        },
    )
    .await?;
    stages.push(format!(
        "Tailspin Treinamentos (5500001): KPI discrepancy case {} rejected: its evidence is \
         an order confirmation (R13)",
        refused.id
    ));
    Ok(stages)
}
