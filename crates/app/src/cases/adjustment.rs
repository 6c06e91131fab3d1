//! R22: the KPI adjustment accepting a discrepancy adds: the partner's claim less what the
//! dashboard already counts for that invoice number, and what it counts.

use std::collections::BTreeMap;

use lpc_domain::MpnId;
use lpc_domain::access::Action;
use lpc_domain::invoice::DocumentType;
use lpc_domain::points::{KpiPoints, Money};
use lpc_store::{CaseKind, NewKpiAdjustment, PublishedRow};
use serde::Serialize;

use super::{Discrepancy, get};
use crate::{Actor, App, AppError};

/// An adjustment as [`proposed_adjustment`] computes it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ProposedAdjustment {
    pub year: i16,
    pub month: i8,
    pub omlp_type: String,
    pub invoice_number: String,
    pub purchase_units: i64,
    pub kpi_value: KpiPoints,
    pub revenue_value: String,
    pub currency: String,
}

pub(super) fn to_proposed(a: &NewKpiAdjustment) -> ProposedAdjustment {
    ProposedAdjustment {
        year: a.year,
        month: a.month,
        omlp_type: a.omlp_type.clone(),
        invoice_number: a.invoice_number.clone(),
        purchase_units: a.purchase_units,
        kpi_value: a.kpi,
        revenue_value: a.revenue.to_decimal(),
        currency: a.revenue.currency.code().to_owned(),
    }
}

/// What the partner's dashboard already counts for one invoice number.
pub(super) struct Counted {
    pub(super) published_on: Option<jiff::civil::Date>,
    /// The invoice's rows (its number) and its adjustments' rows in the latest publication.
    pub(super) rows: Vec<PublishedRow>,
    /// Those rows plus the adjustments for it that no publication has included yet.
    pub(super) units: i64,
    pub(super) kpi: KpiPoints,
    /// Revenue per currency.
    pub(super) revenue: BTreeMap<String, i64>,
}

/// Sums what counts for `invoice_number` today: in the latest publication on or before today,
/// the rows with that invoice number and the adjustment rows of cases about it; plus the
/// accepted adjustments for it that the next publication will add.
pub(super) async fn counted_for(
    app: &App,
    partner: MpnId,
    invoice_number: &str,
) -> Result<Counted, AppError> {
    let adjustments = app.store().kpi_adjustments(Some(partner), false).await?;
    let of_invoice = |document: &str| {
        adjustments
            .iter()
            .any(|a| a.invoice_number == invoice_number && format!("ADJ-{}", a.case_id) == document)
    };
    let mut counted = Counted {
        published_on: None,
        rows: Vec::new(),
        units: 0,
        kpi: KpiPoints::ZERO,
        revenue: BTreeMap::new(),
    };
    if let Some(p) = app.store().latest_publication(app.clock().today()).await? {
        counted.published_on = Some(p.published_on);
        counted.rows = app
            .store()
            .published_rows(p.published_on, partner)
            .await?
            .into_iter()
            .filter(|r| match r.document_type {
                DocumentType::Adjustment => of_invoice(&r.document_number),
                DocumentType::Invoice | DocumentType::CreditNote => {
                    r.document_number == invoice_number
                }
            })
            .collect();
    }
    let pending = adjustments
        .iter()
        .filter(|a| a.published_on.is_none() && a.invoice_number == invoice_number);
    for (units, kpi, revenue) in counted
        .rows
        .iter()
        .map(|r| (r.purchase_units, r.kpi, r.revenue))
        .chain(pending.map(|a| (a.purchase_units, a.kpi, a.revenue)))
    {
        counted.units += units;
        counted.kpi += kpi;
        *counted
            .revenue
            .entry(revenue.currency.code().to_owned())
            .or_default() += revenue.minor;
    }
    Ok(counted)
}

/// R22: the adjustment accepting a discrepancy adds: the partner's claim less what the
/// dashboard already counts for that invoice number (units, points, revenue in the claim's
/// currency); `points` (the agent's grant) replaces the computed points.
pub(super) fn proposal(
    d: &Discrepancy,
    counted: &Counted,
    points: Option<KpiPoints>,
    today: jiff::civil::Date,
) -> NewKpiAdjustment {
    let currency = d.revenue_value.currency;
    let counted_revenue = counted
        .revenue
        .get(currency.code())
        .copied()
        .unwrap_or_default();
    NewKpiAdjustment {
        year: d.year,
        month: d.month,
        omlp_type: d.omlp_type.clone(),
        invoice_number: d.invoice_number.clone(),
        purchase_units: d.purchase_units - counted.units,
        kpi: points.unwrap_or_else(|| {
            KpiPoints::from_thousandths(d.kpi_value.thousandths() - counted.kpi.thousandths())
        }),
        revenue: Money::new(d.revenue_value.minor - counted_revenue, currency),
        created_on: today,
    }
}

/// The adjustment accepting the discrepancy case `id` would add without `points`: see
/// [`proposal`]. Support only.
pub async fn proposed_adjustment(
    app: &App,
    actor: &Actor,
    id: i64,
) -> Result<ProposedAdjustment, AppError> {
    actor.authorize(Action::HandleCases)?;
    let case = get(app, actor, id).await?;
    if case.kind != CaseKind::KpiDiscrepancy {
        return Err(AppError::invalid(
            "id",
            format!("case {id} is a {} case, not a kpi_discrepancy", case.kind),
        ));
    }
    let d = Discrepancy::from_details(&case.details)?;
    let counted = counted_for(app, case.partner_id, &d.invoice_number).await?;
    Ok(to_proposed(&proposal(
        &d,
        &counted,
        None,
        app.clock().today(),
    )))
}
