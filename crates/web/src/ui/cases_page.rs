//! A Partner Frontline Support case in the portal (R13, R22): its page
//! (`GET /partner/{mpn}/cases/{id}`), its comments (`POST .../comments`) and its files
//! (`POST .../attachments`, `GET .../attachments/{n}`). The discrepancy form that opens one
//! is in [`super::case_new`].

use std::collections::HashMap;

use askama::Template;
use axum::extract::multipart::MultipartRejection;
use axum::extract::{Multipart, Path, RawQuery, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use lpc_app::cases::{self, CaseView, GivenFile};
use lpc_app::views::CaseKind;
use lpc_app::{App, AppError};

use super::case_new::{error_key, parse_pairs, receive_invoice};
use super::context::{Ctx, render};
use super::extract::PartnerUser;
use super::kpi_format::{money_text, points};
use super::upload::UploadError;

/// One field of the case, formatted.
#[derive(Debug, Clone)]
pub struct FieldView {
    pub label: String,
    pub value: String,
}

/// One attached file, formatted, with the link that downloads it.
#[derive(Debug, Clone)]
pub struct AttachmentView {
    pub name: String,
    pub meta: String,
    pub href: String,
}

/// The attachments of a case, for the partner's page (`base`: `/partner/{mpn}/cases/{id}`) or
/// the console's (`/ops/cases/{id}`).
pub(crate) fn attachment_views(
    ctx: &Ctx,
    base: &str,
    attachments: &[lpc_app::views::CaseAttachment],
) -> Vec<AttachmentView> {
    attachments
        .iter()
        .map(|a| AttachmentView {
            name: a.file_name.clone(),
            meta: ctx.t_args(
                "cases-attachment-meta",
                &[
                    (
                        "size",
                        ctx.lang
                            .number(i64::try_from(a.size_bytes.div_ceil(1024)).unwrap_or(i64::MAX)),
                    ),
                    (
                        "date",
                        ctx.lang
                            .date(a.uploaded_at.to_zoned(jiff::tz::TimeZone::UTC).date()),
                    ),
                    ("who", ctx.actor_label(&a.uploaded_by)),
                ],
            ),
            href: format!("{base}/attachments/{}", a.id),
        })
        .collect()
}

/// An attachment as a download: its own media type (sniffed when it was stored), never shown
/// inline, never sniffed again by the browser.
pub(crate) fn attachment_response(
    meta: &lpc_app::views::CaseAttachment,
    content: Vec<u8>,
) -> Response {
    let safe_name: String = meta
        .file_name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || ".-_".contains(c) {
                c
            } else {
                '_'
            }
        })
        .collect();
    (
        [
            (header::CONTENT_TYPE, meta.content_type.clone()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{safe_name}\""),
            ),
            (header::X_CONTENT_TYPE_OPTIONS, "nosniff".to_owned()),
        ],
        content,
    )
        .into_response()
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
    pub attachments: Vec<AttachmentView>,
    /// The error of the "add a file" form (empty: none).
    pub attach_error: String,
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
            super::kpi_format::type_name(lang, rules, &text("omlp_type")),
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
        attachments: attachment_views(
            ctx,
            &format!("/partner/{}/cases/{id}", pu.partner.mpn_id),
            &view.attachments,
        ),
        attach_error: String::new(),
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
            if raw.as_deref().is_some_and(|q| q.contains("opened=1")) {
                page.notice = pu.ctx.t("cases-opened-notice");
            } else if raw.as_deref().is_some_and(|q| q.contains("attached=1")) {
                page.notice = pu.ctx.t("cases-attached-notice");
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

/// `POST /partner/{mpn}/cases/{id}/attachments` (multipart): adds a file to an open
/// discrepancy case (R13: the invoice support asked for), back to the case.
pub async fn attach(
    pu: PartnerUser,
    State(app): State<App>,
    Path(params): Path<HashMap<String, String>>,
    headers: HeaderMap,
    multipart: Result<Multipart, MultipartRejection>,
) -> Response {
    let ctx = &pu.ctx;
    let Some(id) = case_id(&params) else {
        return ctx.not_found();
    };
    let received = receive_invoice(&headers, multipart).await;
    let outcome = match received {
        Ok(r) => match r.file.filter(|f| f.size > 0) {
            Some(file) => {
                let given = GivenFile {
                    name: file.name.clone(),
                    content: file.into_bytes(),
                };
                cases::attach(&app, &pu.actor, id, given).await.map(|_| ())
            }
            None => Err(AppError::invalid("attachment", "the file is empty")),
        },
        Err(UploadError::TooLarge) => Err(AppError::invalid(
            "attachment",
            "the file is over 5 MiB bytes",
        )),
        Err(_) => Err(AppError::invalid("attachment", "the file is empty")),
    };
    match outcome {
        Ok(()) => Redirect::to(&format!(
            "/partner/{}/cases/{id}?attached=1",
            pu.partner.mpn_id
        ))
        .into_response(),
        Err(e @ (AppError::Invalid { .. } | AppError::Conflict(_))) => {
            let mut page = match case_page(&pu, &app, id).await {
                Ok(page) => page,
                Err(response) => return response,
            };
            page.attach_error = match e {
                AppError::Conflict(_) => ctx.t("cases-error-closed"),
                AppError::Invalid { field, message } => ctx.t(error_key(&field, &message)),
                _ => String::new(),
            };
            render(StatusCode::UNPROCESSABLE_ENTITY, &page)
        }
        Err(e) => ctx.fail(e),
    }
}

/// `GET /partner/{mpn}/cases/{id}/attachments/{attachment}`: downloads a file of the case.
pub async fn attachment(
    pu: PartnerUser,
    State(app): State<App>,
    Path(params): Path<HashMap<String, String>>,
) -> Response {
    let ctx = &pu.ctx;
    let (Some(id), Some(attachment_id)) = (
        case_id(&params),
        params.get("attachment").and_then(|a| a.parse::<i64>().ok()),
    ) else {
        return ctx.not_found();
    };
    // The case must be this partner's: the same file under another partner's address is
    // "not found".
    match cases::get(&app, &pu.actor, id).await {
        Ok(case) if case.partner_id == pu.partner.mpn_id => {}
        Ok(_) => return ctx.not_found(),
        Err(e) => return ctx.fail(e),
    }
    match cases::attachment_content(&app, &pu.actor, id, attachment_id).await {
        Ok((meta, content)) => attachment_response(&meta, content),
        Err(e) => ctx.fail(e),
    }
}
