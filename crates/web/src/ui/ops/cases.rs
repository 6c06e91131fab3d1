//! Partner Frontline Support in the console (R5, R13, R21, R22, R27): a case's page, where a
//! support agent compares, discusses and decides (the queue is [`super::case_queue`]).
//!
//! Routes (see [`crate::ui::routes`]), support agents and operators ([`SupportUser`]):
//! - `GET /ops/cases/{id}`: the case, its comments, and what an agent compares: for a
//!   discrepancy the seven fields of R21 next to the stored invoice lines and the published
//!   row; for an account profile setup the partner's R5 checklist; for a directory case the
//!   name, country and landing page.
//! - `POST /ops/cases/{id}/comments`: a comment ([`cases::comment`]).
//! - `POST /ops/cases/{id}/accept` and `.../reject`: the decisions, in
//!   [`super::case_decisions`].
//!
//! Every decision goes through the audited use case; a decided case keeps its decision and a
//! second decision is answered with who decided what, and when.

use lpc_domain::RuleSet;
use std::collections::HashMap;

use askama::Template;
use axum::extract::{Path, RawQuery, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use lpc_app::cases::{self, CaseView, Discrepancy, ProposedAdjustment};
use lpc_app::views::CaseKind;
use lpc_app::{Actor, App, AppError};
use lpc_domain::MpnId;
use lpc_domain::invoice::DocumentType;
use lpc_domain::points::{Currency, Money};

use super::case_decisions::answer;
use super::case_evidence::{CheckView, CompareColumn, CompareRow, checklist, comparison};
use super::{OpsNav, Staff, SupportUser};
use crate::ui::context::{Ctx, render};
use crate::ui::kpi_format::points;

/// The common reasons for rejecting a case, each citing its rule: (code, message key).
pub(super) const REJECT_REASONS: [(&str, &str); 5] = [
    (
        "r13-order-confirmation",
        "ops-cases-reason-r13-order-confirmation",
    ),
    ("r13-partner-report", "ops-cases-reason-r13-partner-report"),
    (
        "r22-matches-invoice",
        "ops-cases-reason-r22-matches-invoice",
    ),
    ("r22-no-invoice", "ops-cases-reason-r22-no-invoice"),
    (
        "r18-not-yet-published",
        "ops-cases-reason-r18-not-yet-published",
    ),
];

/// Longest free text, as the app's limit.
pub(super) const MAX_TEXT: usize = 4_000;

/// An option of a filter.
#[derive(Debug, Clone)]
pub struct FilterOption {
    pub value: String,
    pub label: String,
    pub selected: bool,
}

/// `Partner name (MPN)`, remembered per request.
pub(super) async fn partner_label(
    app: &App,
    actor: &Actor,
    names: &mut HashMap<MpnId, String>,
    mpn: MpnId,
) -> String {
    if let Some(name) = names.get(&mpn) {
        return name.clone();
    }
    let label = match lpc_app::partners::get(app, actor, mpn).await {
        Ok(p) => format!("{} ({mpn})", p.name),
        Err(_) => mpn.to_string(),
    };
    names.insert(mpn, label.clone());
    label
}

// ---------------------------------------------------------------------------------------------
// A case.

/// An adjustment as the page shows it (proposed, previewed or saved).
#[derive(Debug, Clone, Default)]
pub struct AdjustmentView {
    pub points: String,
    pub month: String,
    pub omlp_type: String,
    pub units: String,
    pub revenue: String,
    pub invoice: String,
    /// `Included in the report of ...` or `In the next publication`.
    pub published: String,
    /// For the confirming form: what was previewed.
    pub kpi_raw: String,
    pub units_raw: String,
    pub revenue_raw: String,
}

/// A comment, formatted.
#[derive(Debug, Clone)]
pub struct CommentView {
    pub by: String,
    pub body: String,
}

/// A field of a directory case or another kind.
#[derive(Debug, Clone)]
pub struct FieldView {
    pub label: String,
    pub value: String,
    /// A link to show the value as (the landing page); empty: none.
    pub href: String,
}

#[derive(Debug, Template)]
#[template(path = "ops_case.html")]
pub struct CasePage {
    pub ctx: Ctx,
    pub nav: OpsNav,
    pub id: i64,
    pub title: String,
    pub kind_code: &'static str,
    pub kind: String,
    pub state: String,
    pub state_code: &'static str,
    pub partner: String,
    pub partner_href: String,
    pub opened: String,
    pub decided: bool,
    pub decision: String,
    pub decision_by: String,
    pub notice: String,
    pub error: String,
    // Discrepancy.
    pub columns: Vec<CompareColumn>,
    pub compare: Vec<CompareRow>,
    pub lines_note: String,
    pub published_note: String,
    pub evidence: String,
    /// The files the partner gave (R13: the invoice), to download.
    pub attachments: Vec<crate::ui::cases_page::AttachmentView>,
    pub earlier: Vec<AdjustmentView>,
    /// What accepting adds unless the agent grants other points, in a sentence.
    pub proposed_text: String,
    pub preview: Option<AdjustmentView>,
    pub saved: Option<AdjustmentView>,
    pub points: String,
    pub points_error: String,
    // Account profile setup.
    pub checklist: Vec<CheckView>,
    // Directory and others.
    pub fields: Vec<FieldView>,
    // Rejecting.
    pub reasons: Vec<FilterOption>,
    pub reject_text: String,
    pub reject_error: String,
    pub accept_message: String,
    // Comments.
    pub comments: Vec<CommentView>,
    pub comment: String,
    pub comment_error: String,
}

pub(super) fn month_label(ctx: &Ctx, year: i64, month: i64) -> String {
    if (1..=12).contains(&month) {
        ctx.t_args(
            "kpi-month-year",
            &[
                ("month", ctx.t(&format!("kpi-month-{month}"))),
                ("year", year.to_string()),
            ],
        )
    } else {
        format!("{year}-{month:02}")
    }
}

pub(super) fn adjustment_view(
    ctx: &Ctx,
    rules: Option<&RuleSet>,
    a: &ProposedAdjustment,
) -> AdjustmentView {
    let revenue = Currency::parse(&a.currency)
        .ok()
        .and_then(|c| Money::parse_decimal(&a.revenue_value, c).ok())
        .map_or_else(
            || format!("{} {}", a.revenue_value, a.currency),
            |m| ctx.money(m),
        );
    AdjustmentView {
        points: points(ctx.lang, a.kpi_value),
        month: month_label(ctx, i64::from(a.year), i64::from(a.month)),
        omlp_type: crate::ui::kpi_format::type_name(ctx.lang, rules, &a.omlp_type),
        units: ctx.number(a.purchase_units),
        revenue,
        invoice: a.invoice_number.clone(),
        published: ctx.t("ops-cases-adjustment-next"),
        kpi_raw: a.kpi_value.to_string(),
        units_raw: a.purchase_units.to_string(),
        revenue_raw: format!("{} {}", a.revenue_value, a.currency),
    }
}

pub(super) fn saved_view(
    ctx: &Ctx,
    rules: Option<&RuleSet>,
    a: &lpc_app::views::KpiAdjustment,
) -> AdjustmentView {
    AdjustmentView {
        points: points(ctx.lang, a.kpi),
        month: month_label(ctx, i64::from(a.year), i64::from(a.month)),
        omlp_type: crate::ui::kpi_format::type_name(ctx.lang, rules, &a.omlp_type),
        units: ctx.number(a.purchase_units),
        revenue: ctx.money(a.revenue),
        invoice: a.invoice_number.clone(),
        published: match a.published_on {
            Some(on) => ctx.t_args("ops-cases-adjustment-published", &[("date", ctx.date(on))]),
            None => ctx.t("ops-cases-adjustment-next"),
        },
        ..AdjustmentView::default()
    }
}

/// A text detail of a case (empty when missing).
pub(super) fn detail_text(details: &serde_json::Value, key: &str) -> String {
    match &details[key] {
        serde_json::Value::String(s) => s.clone(),
        serde_json::Value::Null => String::new(),
        other => other.to_string(),
    }
}

pub(super) fn reason_options(ctx: &Ctx, chosen: &str) -> Vec<FilterOption> {
    let mut options = vec![FilterOption {
        value: String::new(),
        label: ctx.t("ops-cases-reason-none"),
        selected: chosen.is_empty(),
    }];
    options.extend(REJECT_REASONS.iter().map(|(code, key)| FilterOption {
        value: (*code).to_owned(),
        label: ctx.t(key),
        selected: *code == chosen,
    }));
    options
}

/// The case's page as it stands, for `staff`.
pub(super) async fn case_page(app: &App, staff: &Staff, id: i64) -> Result<CasePage, AppError> {
    let ctx = &staff.ctx;
    let view: CaseView = cases::show(app, &staff.actor, id).await?;
    let case = &view.case;
    let mut names = HashMap::new();
    let opened_on = case.opened_at.to_zoned(jiff::tz::TimeZone::UTC).date();
    let mut page = CasePage {
        ctx: ctx.clone(),
        nav: staff.nav("cases"),
        id,
        title: ctx.t_args("cases-case-title", &[("id", id.to_string())]),
        kind_code: case.kind.as_str(),
        kind: ctx.t(&format!("cases-kind-{}", case.kind.as_str())),
        state: ctx.t(&format!("cases-state-{}", case.state.as_str())),
        state_code: case.state.as_str(),
        partner: partner_label(app, &staff.actor, &mut names, case.partner_id).await,
        // The partner's file is an operator's page: a support agent gets the name alone.
        partner_href: if staff.operator {
            format!("/ops/partners/{}", case.partner_id)
        } else {
            String::new()
        },
        opened: ctx.t_args(
            "cases-opened",
            &[
                ("date", ctx.date(opened_on)),
                ("who", ctx.actor_label(&case.opened_by)),
            ],
        ),
        decided: case.state.is_final(),
        decision: case.decision_message.clone().unwrap_or_default(),
        decision_by: match (&case.decided_by, case.decided_at) {
            (Some(by), Some(at)) => ctx.t_args(
                "ops-cases-decided-by",
                &[
                    ("who", ctx.staff_actor_label(by)),
                    (
                        "date",
                        ctx.date(at.to_zoned(jiff::tz::TimeZone::UTC).date()),
                    ),
                ],
            ),
            _ => String::new(),
        },
        notice: String::new(),
        error: String::new(),
        columns: Vec::new(),
        compare: Vec::new(),
        lines_note: String::new(),
        published_note: String::new(),
        evidence: String::new(),
        attachments: crate::ui::cases_page::attachment_views(
            ctx,
            &format!("/ops/cases/{id}"),
            &view.attachments,
        ),
        earlier: Vec::new(),
        proposed_text: String::new(),
        preview: None,
        saved: view
            .adjustment
            .as_ref()
            .map(|a| saved_view(ctx, app.rules_on(app.clock().today()).ok(), a)),
        points: String::new(),
        points_error: String::new(),
        checklist: Vec::new(),
        fields: Vec::new(),
        reasons: reason_options(ctx, ""),
        reject_text: String::new(),
        reject_error: String::new(),
        accept_message: String::new(),
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
                            ctx.date(c.at.to_zoned(jiff::tz::TimeZone::UTC).date()),
                        ),
                    ],
                ),
                body: c.body.clone(),
            })
            .collect(),
        comment: String::new(),
        comment_error: String::new(),
    };
    match case.kind {
        CaseKind::KpiDiscrepancy => {
            let d = Discrepancy::from_details(&case.details)?;
            page.evidence = match d.evidence_document_type {
                DocumentType::Invoice => ctx.t("cases-evidence-invoice"),
                other => other.to_string(),
            };
            if let Some(evidence) = &view.evidence {
                let (columns, compare) = comparison(
                    ctx,
                    app.rules_on(app.clock().today()).ok(),
                    &d,
                    &evidence.invoice_lines,
                    &evidence.published_rows,
                );
                page.columns = columns;
                page.compare = compare;
                if evidence.invoice_lines.is_empty() {
                    page.lines_note = ctx.t_args(
                        "ops-cases-no-stored-line",
                        &[("invoice", d.invoice_number.clone())],
                    );
                }
                page.published_note = match evidence.published_on {
                    None => ctx.t("ops-cases-no-publication"),
                    Some(on) if evidence.published_rows.is_empty() => ctx.t_args(
                        "ops-cases-no-published-row",
                        &[
                            ("date", ctx.date(on)),
                            ("invoice", d.invoice_number.clone()),
                        ],
                    ),
                    Some(on) => ctx.t_args("ops-cases-published-rows", &[("date", ctx.date(on))]),
                };
                page.earlier = evidence
                    .adjustments
                    .iter()
                    .filter(|a| a.case_id != id)
                    .map(|a| saved_view(ctx, app.rules_on(app.clock().today()).ok(), a))
                    .collect();
                if let Some(a) = &evidence.proposed_adjustment {
                    let a = adjustment_view(ctx, app.rules_on(app.clock().today()).ok(), a);
                    page.proposed_text = ctx.t_args(
                        "ops-cases-proposed",
                        &[
                            ("points", a.points),
                            ("month", a.month),
                            ("omlp", a.omlp_type),
                        ],
                    );
                }
            }
        }
        CaseKind::AccountProfileSetup => {
            page.checklist = checklist(app, &staff.actor, ctx, case).await?;
        }
        CaseKind::DirectoryMissing => {
            let url = detail_text(&case.details, "landing_page_url");
            page.fields = vec![
                FieldView {
                    label: ctx.t("ops-cases-directory-name"),
                    value: detail_text(&case.details, "name"),
                    href: String::new(),
                },
                FieldView {
                    label: ctx.t("ops-cases-directory-country"),
                    value: detail_text(&case.details, "country"),
                    href: String::new(),
                },
                FieldView {
                    label: ctx.t("ops-cases-directory-url"),
                    href: if url.starts_with("https://") || url.starts_with("http://") {
                        url.clone()
                    } else {
                        String::new()
                    },
                    value: url,
                },
            ];
        }
    }
    Ok(page)
}

pub(super) fn case_id(params: &HashMap<String, String>) -> Option<i64> {
    params.get("id").and_then(|id| id.parse().ok())
}

pub(super) fn form(body: &str) -> HashMap<String, String> {
    serde_urlencoded::from_str::<Vec<(String, String)>>(body)
        .unwrap_or_default()
        .into_iter()
        .collect()
}

/// `GET /ops/cases/{id}[?decided=1|commented=1]`.
pub async fn show(
    SupportUser(staff): SupportUser,
    State(app): State<App>,
    Path(params): Path<HashMap<String, String>>,
    RawQuery(raw): RawQuery,
) -> Response {
    let Some(id) = case_id(&params) else {
        return staff.ctx.not_found();
    };
    match case_page(&app, &staff, id).await {
        Ok(mut page) => {
            let raw = raw.unwrap_or_default();
            if raw.contains("decided=1") {
                page.notice = staff.ctx.t_args(
                    "ops-cases-decided-notice",
                    &[("id", id.to_string()), ("state", page.state.clone())],
                );
            }
            render(StatusCode::OK, &page)
        }
        Err(e) => staff.ctx.fail(e),
    }
}

/// `GET /ops/cases/{id}/attachments/{attachment}`: downloads a file the partner gave the case.
pub async fn attachment(
    SupportUser(staff): SupportUser,
    State(app): State<App>,
    Path(params): Path<HashMap<String, String>>,
) -> Response {
    let (Some(id), Some(attachment_id)) = (
        case_id(&params),
        params.get("attachment").and_then(|a| a.parse::<i64>().ok()),
    ) else {
        return staff.ctx.not_found();
    };
    match cases::attachment_content(&app, &staff.actor, id, attachment_id).await {
        Ok((meta, content)) => crate::ui::cases_page::attachment_response(&meta, content),
        Err(e) => staff.ctx.fail(e),
    }
}

/// `POST /ops/cases/{id}/comments`.
pub async fn comment(
    SupportUser(staff): SupportUser,
    State(app): State<App>,
    Path(params): Path<HashMap<String, String>>,
    body: String,
) -> Response {
    let Some(id) = case_id(&params) else {
        return staff.ctx.not_found();
    };
    let text = form(&body).get("body").cloned().unwrap_or_default();
    match cases::comment(&app, &staff.actor, id, &text).await {
        Ok(_) => Redirect::to(&format!("/ops/cases/{id}#comments-heading")).into_response(),
        Err(e @ (AppError::Invalid { .. } | AppError::Conflict(_))) => {
            let closed = matches!(e, AppError::Conflict(_));
            answer(&app, &staff, id, StatusCode::UNPROCESSABLE_ENTITY, |page| {
                page.comment_error = if closed {
                    staff.ctx.t("cases-error-closed")
                } else {
                    staff.ctx.t("cases-error-comment")
                };
                page.comment = text;
            })
            .await
        }
        Err(e) => staff.ctx.fail(e),
    }
}
