//! `GET /partner/{mpn}/kpi.csv`: the lines the dashboard shows, with its filters and sort.

use std::sync::Arc;

use axum::Extension;
use axum::extract::{RawQuery, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use lpc_app::App;
use lpc_domain::invoice::DocumentType;

use super::extract::PartnerUser;
use super::kpi_format::type_name;
use super::kpi_page::{Loaded, load};
use crate::view_cache::ViewCaches;

/// `GET /partner/{mpn}/kpi.csv`: the lines the dashboard shows, with the same filters and sort,
/// as an attachment. Codes stay as the API gives them, for tools; beside the OMLP type and the
/// document type, their names in the user's language, for people.
pub async fn csv(
    pu: PartnerUser,
    State(app): State<App>,
    Extension(views): Extension<Arc<ViewCaches>>,
    RawQuery(raw): RawQuery,
) -> Response {
    let ctx = &pu.ctx;
    let mpn = pu.partner.mpn_id;
    let Loaded {
        rules, query, d, ..
    } = match load(&pu, &app, &views, raw.as_deref()).await {
        Ok(loaded) => loaded,
        Err(e) => return ctx.fail(e),
    };
    let document_name = |t: DocumentType| match t {
        DocumentType::Invoice => ctx.t("kpi-invoice"),
        DocumentType::CreditNote => ctx.t("kpi-credit-note"),
        DocumentType::Adjustment => ctx.t("kpi-adjustment"),
    };
    let records = d.rows.iter().map(|r| {
        vec![
            r.month.to_string(),
            r.year.to_string(),
            r.omlp_type.clone(),
            type_name(ctx.lang, rules, &r.omlp_type),
            r.purchase_units.to_string(),
            r.invoice_number.clone(),
            r.document_type.as_str().to_owned(),
            document_name(r.document_type),
            r.kpi_value.to_string(),
            r.revenue.to_decimal(),
            r.revenue.currency.code().to_owned(),
            r.late.to_string(),
        ]
    });
    let body = match lpc_app::spreadsheet_cells::csv_text(
        &[
            "month",
            "year",
            "omlp_type",
            "omlp_type_name",
            "purchase_units",
            "invoice_number",
            "document_type",
            "document_type_name",
            "kpi_value",
            "revenue_value",
            "currency",
            "late",
        ],
        records,
    ) {
        Ok(body) => body,
        Err(e) => return ctx.fail(e),
    };
    // The filters name the file, so that two downloads do not overwrite each other.
    let mut name = format!("kpi-report-{mpn}");
    if let Some(month) = query.month {
        name.push_str(&format!("-{month}"));
    }
    if let Some(t) = &query.omlp_type {
        let safe: String = t
            .chars()
            .filter(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '-')
            .take(40)
            .collect();
        name.push_str(&format!("-{safe}"));
    }
    (
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{name}.csv\""),
            ),
        ],
        body,
    )
        .into_response()
}
