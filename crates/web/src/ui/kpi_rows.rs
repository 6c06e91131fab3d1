//! The rows of the KPI dashboard's table (R21), formatted for one language and rendered to
//! HTML once per (partner, publication, day, rule set, query, page, language).
//!
//! A page shows up to a hundred rows; formatting each one's numbers, money and links (the
//! discrepancy link carries the seven R21 fields) on every request was most of the cost of a
//! busy partner's dashboard. The fragment depends only on frozen data and the language, so
//! [`crate::view_cache::ViewCaches::row_html`] keeps it and the page inserts it as it is.

use askama::Template;
use lpc_domain::invoice::DocumentType;
use lpc_domain::{MpnId, RuleSet};

use super::context::Ctx;
use super::kpi_dashboard::DashboardRow;
use super::kpi_format::{month_name, points, type_name};

/// One row, formatted.
#[derive(Debug, Clone)]
pub struct RowView {
    pub month: String,
    pub year: String,
    pub omlp_type: String,
    pub omlp_type_id: String,
    pub purchase_units: String,
    pub invoice_number: String,
    pub kpi_value: String,
    pub revenue_value: String,
    pub late: bool,
    pub credit_note: bool,
    pub adjustment: bool,
    pub adjustment_label: String,
    pub adjustment_href: String,
    pub discrepancy_href: String,
    pub discrepancy_label: String,
}

/// Texts every row repeats, translated once per page rather than once per row (a hundred
/// rows made Fluent lookups a large part of a dashboard request).
#[derive(Debug, Clone)]
pub struct RowLabels {
    pub credit_note: String,
    pub late: String,
    pub late_help: String,
    pub report_discrepancy: String,
    /// The column names, repeated in each cell as `data-label`: at phone width the rows are
    /// cards, each field under its name.
    pub col_month: String,
    pub col_year: String,
    pub col_omlp_type: String,
    pub col_purchase_units: String,
    pub col_invoice_number: String,
    pub col_kpi_value: String,
    pub col_revenue_value: String,
}

#[derive(Debug, Template)]
#[template(path = "kpi_rows.html")]
pub struct KpiRows {
    pub labels: RowLabels,
    pub rows: Vec<RowView>,
}

/// The `<tr>` elements of `shown` in `ctx`'s language; empty when no row is shown.
pub fn render<'a>(
    ctx: &Ctx,
    rules: Option<&RuleSet>,
    mpn: MpnId,
    shown: impl Iterator<Item = &'a DashboardRow>,
) -> Result<String, askama::Error> {
    let lang = ctx.lang;
    let month_names: Vec<String> = (1..=12).map(|m| month_name(ctx, m)).collect();
    let rows: Vec<RowView> = shown
        .map(|r| {
            let month = usize::try_from(r.month - 1)
                .ok()
                .and_then(|i| month_names.get(i).cloned())
                .unwrap_or_else(|| month_name(ctx, r.month));
            let case_id = r.adjustment_case_id;
            RowView {
                discrepancy_label: ctx.t_args(
                    "kpi-report-discrepancy-label",
                    &[
                        ("invoice", r.invoice_number.clone()),
                        ("month", month.clone()),
                        ("year", r.year.to_string()),
                    ],
                ),
                month,
                year: r.year.to_string(),
                omlp_type: type_name(lang, rules, &r.omlp_type),
                omlp_type_id: r.omlp_type.clone(),
                purchase_units: lang.number(r.purchase_units),
                invoice_number: r.invoice_number.clone(),
                kpi_value: points(lang, r.kpi_value),
                revenue_value: lang.money(r.revenue),
                late: r.late,
                credit_note: r.document_type == DocumentType::CreditNote,
                adjustment: r.document_type == DocumentType::Adjustment,
                adjustment_label: match case_id {
                    _ if r.document_type != DocumentType::Adjustment => String::new(),
                    Some(id) => ctx.t_args("kpi-adjustment-case", &[("id", id.to_string())]),
                    None => ctx.t("kpi-adjustment"),
                },
                adjustment_href: case_id
                    .map(|id| format!("/partner/{mpn}/cases/{id}"))
                    .unwrap_or_default(),
                discrepancy_href: format!(
                    "/partner/{mpn}/cases/new?{}",
                    r.discrepancy.query_string()
                ),
            }
        })
        .collect();
    if rows.is_empty() {
        return Ok(String::new());
    }
    let fragment = KpiRows {
        labels: RowLabels {
            credit_note: ctx.t("kpi-credit-note"),
            late: ctx.t("kpi-late"),
            late_help: ctx.t("kpi-late-help"),
            report_discrepancy: ctx.t("kpi-report-discrepancy"),
            col_month: ctx.t("kpi-col-month"),
            col_year: ctx.t("kpi-col-year"),
            col_omlp_type: ctx.t("kpi-col-omlp-type"),
            col_purchase_units: ctx.t("kpi-col-purchase-units"),
            col_invoice_number: ctx.t("kpi-col-invoice-number"),
            col_kpi_value: ctx.t("kpi-col-kpi-value"),
            col_revenue_value: ctx.t("kpi-col-revenue-value"),
        },
        rows,
    };
    fragment.render()
}
