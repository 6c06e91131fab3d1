//! What a support agent compares before deciding a case: a discrepancy's seven R21 fields
//! next to the stored invoice lines and the published rows (R22), and the R5 checklist of the
//! Action Pack membership an account profile case activates. Shown on [`super::cases`]'s page.

use crate::ui::kpi_format::type_name;
use lpc_app::cases::Discrepancy;
use lpc_app::views::{CaseState, InvoiceLine, MembershipStatus, SupportCase};
use lpc_app::{App, AppError};
use lpc_domain::LearningOption;
use lpc_domain::invoice::DocumentType;
use lpc_domain::points::{KpiPoints, Money};

use crate::ui::context::Ctx;
use crate::ui::kpi_format::points;

/// One of the seven fields: the partner's claim and each compared value.
#[derive(Debug, Clone)]
pub struct CompareRow {
    pub label: String,
    pub claim: String,
    /// Per stored invoice line, then per published row: (value, equal to the claim).
    pub cells: Vec<(String, bool)>,
}

/// A column of the comparison: a stored line or a published row.
#[derive(Debug, Clone)]
pub struct CompareColumn {
    pub heading: String,
}

/// One step of the R5 checklist.
#[derive(Debug, Clone)]
pub struct CheckView {
    pub label: String,
    pub done: bool,
    pub state: String,
}

/// The seven fields of the claim next to each stored line and each published row (R21, R22).
pub(super) fn comparison(
    ctx: &Ctx,
    rules: Option<&lpc_domain::RuleSet>,
    d: &Discrepancy,
    lines: &[InvoiceLine],
    rows: &[lpc_app::views::PublishedRow],
) -> (Vec<CompareColumn>, Vec<CompareRow>) {
    // Each compared value as (month, year, omlp, units, invoice, kpi, revenue).
    type Values = (i8, i16, String, i64, String, KpiPoints, Money);
    let mut columns = Vec::new();
    let mut values: Vec<Values> = Vec::new();
    for l in lines {
        columns.push(CompareColumn {
            heading: ctx.t_args(
                "ops-cases-col-stored-line",
                &[
                    ("line", l.line_number.to_string()),
                    ("date", ctx.date(l.document_date)),
                ],
            ),
        });
        values.push((
            l.document_date.month(),
            l.document_date.year(),
            l.omlp_type.clone(),
            l.purchase_units,
            l.document_number.clone(),
            l.kpi,
            l.revenue,
        ));
    }
    for r in rows {
        let heading = if r.document_type == DocumentType::Adjustment {
            ctx.t_args(
                "ops-cases-col-published-adjustment",
                &[("number", r.document_number.clone())],
            )
        } else {
            ctx.t_args(
                "ops-cases-col-published-row",
                &[("line", r.line_number.to_string())],
            )
        };
        columns.push(CompareColumn { heading });
        // An adjustment row is about the claim's invoice (its case's), numbered ADJ-<case>.
        let number = if r.document_type == DocumentType::Adjustment {
            d.invoice_number.clone()
        } else {
            r.document_number.clone()
        };
        values.push((
            r.month,
            r.year,
            r.omlp_type.clone(),
            r.purchase_units,
            number,
            r.kpi,
            r.revenue,
        ));
    }
    let month_name = |m: i8| {
        if (1..=12).contains(&m) {
            ctx.t(&format!("kpi-month-{m}"))
        } else {
            m.to_string()
        }
    };
    let compare = vec![
        CompareRow {
            label: ctx.t("kpi-col-month"),
            claim: month_name(d.month),
            cells: values
                .iter()
                .map(|v| (month_name(v.0), v.0 == d.month))
                .collect(),
        },
        CompareRow {
            label: ctx.t("kpi-col-year"),
            claim: d.year.to_string(),
            cells: values
                .iter()
                .map(|v| (v.1.to_string(), v.1 == d.year))
                .collect(),
        },
        CompareRow {
            label: ctx.t("kpi-col-omlp-type"),
            // The type's name a person reads, compared by its code.
            claim: type_name(ctx.lang, rules, &d.omlp_type),
            cells: values
                .iter()
                .map(|v| (type_name(ctx.lang, rules, &v.2), v.2 == d.omlp_type))
                .collect(),
        },
        CompareRow {
            label: ctx.t("kpi-col-purchase-units"),
            claim: ctx.number(d.purchase_units),
            cells: values
                .iter()
                .map(|v| (ctx.number(v.3), v.3 == d.purchase_units))
                .collect(),
        },
        CompareRow {
            label: ctx.t("kpi-col-invoice-number"),
            claim: d.invoice_number.clone(),
            cells: values
                .iter()
                .map(|v| (v.4.clone(), v.4 == d.invoice_number))
                .collect(),
        },
        CompareRow {
            label: ctx.t("kpi-col-kpi-value"),
            claim: points(ctx.lang, d.kpi_value),
            cells: values
                .iter()
                .map(|v| (points(ctx.lang, v.5), v.5 == d.kpi_value))
                .collect(),
        },
        CompareRow {
            label: ctx.t("kpi-col-revenue-value"),
            claim: ctx.money(d.revenue_value),
            cells: values
                .iter()
                .map(|v| (ctx.money(v.6), v.6 == d.revenue_value))
                .collect(),
        },
    ];
    (columns, compare)
}

/// The R5 checklist of the partner's Action Pack membership the case activates.
pub(super) async fn checklist(
    app: &App,
    actor: &lpc_app::Actor,
    ctx: &Ctx,
    case: &SupportCase,
) -> Result<Vec<CheckView>, AppError> {
    let memberships = lpc_app::enrollment::memberships_of(app, actor, case.partner_id).await?;
    let lap = memberships
        .iter()
        .filter(|m| m.option == LearningOption::ActionPack)
        .find(|m| Some(m.id) == case.membership_id)
        .or_else(|| {
            memberships.iter().find(|m| {
                m.option == LearningOption::ActionPack && m.status == MembershipStatus::Active
            })
        });
    let bought = match lap {
        Some(m) if m.status == MembershipStatus::Active => CheckView {
            label: ctx.t("lap-step-buy"),
            done: true,
            state: ctx.t_args("lap-step-buy-done", &[("date", ctx.date(m.started_on))]),
        },
        Some(m) => CheckView {
            label: ctx.t("lap-step-buy"),
            done: false,
            state: ctx.t_args(
                "ops-cases-membership-not-active",
                &[("status", ctx.t(&format!("status-{}", m.status.as_str())))],
            ),
        },
        None => CheckView {
            label: ctx.t("lap-step-buy"),
            done: false,
            state: ctx.t("lap-step-buy-pending"),
        },
    };
    let case_step = CheckView {
        label: ctx.t("lap-step-case"),
        done: case.state == CaseState::Resolved,
        state: if case.state == CaseState::Resolved {
            ctx.t_args("lap-step-case-resolved", &[("id", case.id.to_string())])
        } else {
            ctx.t_args(
                "ops-cases-this-case",
                &[
                    ("id", case.id.to_string()),
                    (
                        "state",
                        ctx.t(&format!("cases-state-{}", case.state.as_str())),
                    ),
                ],
            )
        },
    };
    let access = match lap.and_then(|m| m.marketplace_access_on) {
        Some(on) => CheckView {
            label: ctx.t("lap-step-access"),
            done: true,
            state: ctx.t_args("lap-step-access-yes", &[("date", ctx.date(on))]),
        },
        None => CheckView {
            label: ctx.t("lap-step-access"),
            done: false,
            state: ctx.t("lap-step-access-no"),
        },
    };
    Ok(vec![bought, case_step, access])
}
