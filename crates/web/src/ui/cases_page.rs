//! Partner Frontline Support cases in the portal (R13, R22): the discrepancy form a KPI
//! dashboard row opens (`GET/POST /partner/{mpn}/cases/new`), a case's page
//! (`GET /partner/{mpn}/cases/{id}`) and its comments (`POST /partner/{mpn}/cases/{id}/comments`).

use std::collections::{BTreeMap, HashMap};

use askama::Template;
use axum::extract::{Path, RawQuery, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use lpc_app::cases::{self, CaseRequest, CaseView};
use lpc_app::{App, AppError};
use lpc_store::CaseKind;

use super::context::{Ctx, render};
use super::forms::{Choice, Field};
use super::kpi_page::{money_text, points};
use super::portal::PartnerUser;

/// The seven fields of R21 and the revenue's currency, with their label keys, in the
/// dashboard's order.
const FIELDS: [(&str, &str, &str); 8] = [
    ("month", "cases-field-month", "numeric"),
    ("year", "cases-field-year", "numeric"),
    ("omlp_type", "cases-field-omlp-type", ""),
    ("purchase_units", "cases-field-purchase-units", "numeric"),
    ("invoice_number", "cases-field-invoice-number", ""),
    ("kpi_value", "cases-field-kpi-value", "decimal"),
    ("revenue_value", "cases-field-revenue-value", "decimal"),
    ("currency", "cases-field-currency", ""),
];

const EVIDENCE: [(&str, &str); 3] = [
    ("invoice", "cases-evidence-invoice"),
    ("order_confirmation", "cases-evidence-order-confirmation"),
    ("partner_report", "cases-evidence-partner-report"),
];

/// Longest message, as the app's comment limit.
const MAX_MESSAGE: usize = 4_000;

#[derive(Debug, Template)]
#[template(path = "case_new.html")]
pub struct CaseNewPage {
    pub ctx: Ctx,
    pub mpn: String,
    pub fields: Vec<Field>,
    pub evidence: Field,
    pub message: String,
    pub message_error: String,
    pub form_error: String,
}

impl CaseNewPage {
    fn new(ctx: &Ctx, mpn: String, values: &HashMap<String, String>) -> Self {
        let value = |name: &str| values.get(name).map(String::as_str).unwrap_or("");
        let fields = FIELDS
            .iter()
            .map(|(name, label, inputmode)| {
                Field::new(name, ctx.t(label), "text", value(name))
                    .inputmode(inputmode)
                    .maxlength(64)
            })
            .collect();
        let chosen = match value("evidence_document_type") {
            "" => "invoice",
            other => other,
        };
        let evidence = Field::new(
            "evidence_document_type",
            ctx.t("cases-field-evidence"),
            "select",
            chosen,
        )
        .options(
            EVIDENCE
                .iter()
                .map(|(v, label)| Choice {
                    value: (*v).to_owned(),
                    label: ctx.t(label),
                    selected: *v == chosen,
                })
                .collect(),
        );
        CaseNewPage {
            ctx: ctx.clone(),
            mpn,
            fields,
            evidence,
            message: value("message").to_owned(),
            message_error: String::new(),
            form_error: String::new(),
        }
    }

    fn set_error(&mut self, name: &str, text: String) {
        if name == "evidence_document_type" {
            self.evidence.error = text;
        } else if let Some(f) = self.fields.iter_mut().find(|f| f.name == name) {
            f.error = text;
        } else {
            self.form_error = text;
        }
    }
}

fn parse_pairs(text: &str) -> HashMap<String, String> {
    serde_urlencoded::from_str::<Vec<(String, String)>>(text)
        .unwrap_or_default()
        .into_iter()
        .collect()
}

/// `GET /partner/{mpn}/cases/new?kind=kpi_discrepancy&month=...`: the form, prefilled.
pub async fn new_form(pu: PartnerUser, RawQuery(raw): RawQuery) -> Response {
    let values = parse_pairs(raw.as_deref().unwrap_or(""));
    let page = CaseNewPage::new(&pu.ctx, pu.partner.mpn_id.to_string(), &values);
    render(StatusCode::OK, &page)
}

/// The message key for the app's refusal of `field` (`message` is the app's English reason).
fn error_key(field: &str, message: &str) -> &'static str {
    match field {
        "month" if message.contains("R17") => "cases-error-no-report",
        "month" if message.contains("R18") => "cases-error-month-not-in-report",
        _ if message.contains("is missing") => "cases-error-required",
        "month" => "cases-error-month",
        "year" => "cases-error-year",
        "omlp_type" => "cases-error-omlp-type",
        "purchase_units" => "cases-error-purchase-units",
        "invoice_number" => "cases-error-invoice-number",
        "kpi_value" => "cases-error-kpi-value",
        "revenue_value" => "cases-error-revenue-value",
        "currency" => "cases-error-currency",
        "evidence_document_type" => "cases-error-evidence",
        _ => "error-internal",
    }
}

/// The app's refusal of a discrepancy, per field: its `field` lists the faulty fields
/// (`"month, currency"`) and its `message` each one's reason (`"...: month ...; currency ..."`).
fn field_errors(field: &str, message: &str) -> Vec<(String, &'static str)> {
    let reasons: Vec<&str> = message.split("; ").collect();
    field
        .split(", ")
        .map(|name| {
            let name = name.trim();
            let reason = reasons
                .iter()
                .find(|r| r.starts_with(&format!("{name} ")) || r.contains(&format!(": {name} ")))
                .copied()
                .unwrap_or(message);
            (name.to_owned(), error_key(name, reason))
        })
        .collect()
}

/// `POST /partner/{mpn}/cases/new`: opens the case, adds the message as its first comment,
/// and shows the case; refused fields come back with their errors and the values kept.
pub async fn create(pu: PartnerUser, State(app): State<App>, body: String) -> Response {
    let values = parse_pairs(&body);
    let ctx = &pu.ctx;
    let mpn = pu.partner.mpn_id;
    let mut page = CaseNewPage::new(ctx, mpn.to_string(), &values);
    let message = page.message.trim().to_owned();
    if message.chars().count() > MAX_MESSAGE {
        page.message_error = ctx.t("cases-error-comment");
        return render(StatusCode::UNPROCESSABLE_ENTITY, &page);
    }
    let mut fields: BTreeMap<String, String> = BTreeMap::new();
    for name in FIELDS
        .iter()
        .map(|(n, _, _)| *n)
        .chain(["evidence_document_type"])
    {
        if let Some(v) = values.get(name).filter(|v| !v.trim().is_empty()) {
            fields.insert(name.to_owned(), v.trim().to_owned());
        }
    }
    let request = CaseRequest {
        partner_id: mpn,
        kind: CaseKind::KpiDiscrepancy,
        fields,
    };
    let case = match cases::open(&app, &pu.actor, request).await {
        Ok(case) => case,
        Err(AppError::Invalid { field, message }) => {
            for (name, key) in field_errors(&field, &message) {
                page.set_error(&name, ctx.t(key));
            }
            return render(StatusCode::UNPROCESSABLE_ENTITY, &page);
        }
        Err(e) => return ctx.fail(e),
    };
    if !message.is_empty()
        && let Err(e) = cases::comment(&app, &pu.actor, case.id, &message).await
    {
        tracing::warn!(error = %e, case = case.id, "the case's first comment failed");
    }
    Redirect::to(&format!("/partner/{mpn}/cases/{}?opened=1", case.id)).into_response()
}

/// One field of the case, formatted.
#[derive(Debug, Clone)]
pub struct FieldView {
    pub label: String,
    pub value: String,
}

/// One comment, formatted.
#[derive(Debug, Clone)]
pub struct CommentView {
    pub by: String,
    pub body: String,
}

#[derive(Debug, Template)]
#[template(path = "case.html")]
pub struct CasePage {
    pub ctx: Ctx,
    pub mpn: String,
    pub id: i64,
    pub title: String,
    pub kind: String,
    pub state: String,
    pub state_code: &'static str,
    pub opened: String,
    pub notice: String,
    pub decision: String,
    pub fields: Vec<FieldView>,
    pub comments: Vec<CommentView>,
    pub open: bool,
    pub comment: String,
    pub comment_error: String,
    pub is_discrepancy: bool,
}

fn case_fields(ctx: &Ctx, rules: Option<&lpc_domain::RuleSet>, view: &CaseView) -> Vec<FieldView> {
    let details = &view.case.details;
    let text = |k: &str| match &details[k] {
        serde_json::Value::String(s) => s.clone(),
        serde_json::Value::Null => String::new(),
        other => other.to_string(),
    };
    if view.case.kind != CaseKind::KpiDiscrepancy {
        return details
            .as_object()
            .map(|o| {
                o.keys()
                    .map(|k| FieldView {
                        // A detail no message names yet reads as words, not as a code.
                        label: ctx
                            .lang
                            .try_t(&format!("cases-detail-{k}"))
                            .unwrap_or_else(|| k.replace('_', " ")),
                        value: text(k),
                    })
                    .collect()
            })
            .unwrap_or_default();
    }
    let lang = ctx.lang;
    let number = |k: &str| {
        details[k]
            .as_i64()
            .map_or_else(|| text(k), |n| lang.number(n))
    };
    let kpi = lpc_domain::KpiPoints::parse(&text("kpi_value"))
        .map_or_else(|_| text("kpi_value"), |p| points(lang, p));
    let evidence = match text("evidence_document_type").as_str() {
        "invoice" => ctx.t("cases-evidence-invoice"),
        other => other.to_owned(),
    };
    let month = details["month"]
        .as_i64()
        .filter(|m| (1..=12).contains(m))
        .map_or_else(|| text("month"), |m| ctx.t(&format!("kpi-month-{m}")));
    [
        ("kpi-col-month", month),
        ("kpi-col-year", text("year")),
        (
            "cases-field-omlp-type",
            super::kpi_page::type_name(lang, rules, &text("omlp_type")),
        ),
        ("cases-field-purchase-units", number("purchase_units")),
        ("cases-field-invoice-number", text("invoice_number")),
        ("cases-field-kpi-value", kpi),
        (
            "cases-field-revenue-value",
            money_text(lang, &text("revenue_value"), &text("currency")),
        ),
        ("cases-field-evidence", evidence),
    ]
    .into_iter()
    .map(|(label, value)| FieldView {
        label: ctx.t(label),
        value,
    })
    .collect()
}

fn case_id(params: &HashMap<String, String>) -> Option<i64> {
    params.get("id").and_then(|id| id.parse().ok())
}

async fn case_page(pu: &PartnerUser, app: &App, id: i64) -> Result<CasePage, Response> {
    let ctx = &pu.ctx;
    let view = match cases::show(app, &pu.actor, id).await {
        Ok(v) if v.case.partner_id == pu.partner.mpn_id => v,
        Ok(_) => return Err(ctx.not_found()),
        Err(e) => return Err(ctx.fail(e)),
    };
    let case = &view.case;
    let opened_on = case.opened_at.to_zoned(jiff::tz::TimeZone::UTC).date();
    Ok(CasePage {
        ctx: ctx.clone(),
        mpn: pu.partner.mpn_id.to_string(),
        id,
        title: ctx.t_args("cases-case-title", &[("id", id.to_string())]),
        kind: ctx.t(&format!("cases-kind-{}", case.kind.as_str())),
        state: ctx.t(&format!("cases-state-{}", case.state.as_str())),
        state_code: case.state.as_str(),
        opened: ctx.t_args(
            "cases-opened",
            &[
                ("date", ctx.lang.date(opened_on)),
                ("who", ctx.actor_label(&case.opened_by)),
            ],
        ),
        notice: String::new(),
        decision: case.decision_message.clone().unwrap_or_default(),
        fields: case_fields(ctx, app.rules_on(app.clock().today()).ok(), &view),
        comments: view
            .comments
            .iter()
            .map(|c| CommentView {
                by: ctx.t_args(
                    "cases-comment-by",
                    &[
                        ("who", ctx.actor_label(&c.author)),
                        (
                            "date",
                            ctx.lang.date(c.at.to_zoned(jiff::tz::TimeZone::UTC).date()),
                        ),
                    ],
                ),
                body: c.body.clone(),
            })
            .collect(),
        open: !case.state.is_final(),
        comment: String::new(),
        comment_error: String::new(),
        is_discrepancy: case.kind == CaseKind::KpiDiscrepancy,
    })
}

/// `GET /partner/{mpn}/cases/{id}`: the case, its comments and the comment form.
pub async fn show(
    pu: PartnerUser,
    State(app): State<App>,
    Path(params): Path<HashMap<String, String>>,
    RawQuery(raw): RawQuery,
) -> Response {
    let Some(id) = case_id(&params) else {
        return pu.ctx.not_found();
    };
    match case_page(&pu, &app, id).await {
        Ok(mut page) => {
            if raw.is_some_and(|q| q.contains("opened=1")) {
                page.notice = pu.ctx.t("cases-opened-notice");
            }
            render(StatusCode::OK, &page)
        }
        Err(response) => response,
    }
}

/// `POST /partner/{mpn}/cases/{id}/comments`: adds a comment, back to the case.
pub async fn comment(
    pu: PartnerUser,
    State(app): State<App>,
    Path(params): Path<HashMap<String, String>>,
    body: String,
) -> Response {
    let Some(id) = case_id(&params) else {
        return pu.ctx.not_found();
    };
    let values = parse_pairs(&body);
    let text = values.get("body").cloned().unwrap_or_default();
    let mut page = match case_page(&pu, &app, id).await {
        Ok(page) => page,
        Err(response) => return response,
    };
    match cases::comment(&app, &pu.actor, id, &text).await {
        Ok(_) => Redirect::to(&format!("/partner/{}/cases/{id}", page.mpn)).into_response(),
        Err(e @ (AppError::Invalid { .. } | AppError::Conflict(_))) => {
            page.comment_error = match e {
                AppError::Conflict(_) => pu.ctx.t("cases-error-closed"),
                _ => pu.ctx.t("cases-error-comment"),
            };
            page.comment = text;
            render(StatusCode::UNPROCESSABLE_ENTITY, &page)
        }
        Err(e) => pu.ctx.fail(e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refusals_map_to_each_field() {
        let errors = field_errors(
            "month, evidence_document_type",
            "R22: a KPI discrepancy case gives ...: month \"13\" must be a month number, 1 to 12; \
             evidence_document_type R13: only an actual invoice is accepted",
        );
        assert_eq!(
            errors,
            [
                ("month".to_owned(), "cases-error-month"),
                ("evidence_document_type".to_owned(), "cases-error-evidence"),
            ]
        );
        assert_eq!(
            field_errors("month", "R18, R22: 2019-01 is not in the report"),
            [("month".to_owned(), "cases-error-month-not-in-report")]
        );
        assert_eq!(
            field_errors("currency", "x: currency is missing"),
            [("currency".to_owned(), "cases-error-required")]
        );
    }
}
