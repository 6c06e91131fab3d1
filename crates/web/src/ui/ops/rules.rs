//! Rule sets in the console (R14): the program years side by side, drafts uploaded and checked
//! as `lpc rules check` does, the what-if of a draft on every partner, activation.
//!
//! Routes (see [`crate::ui::routes`]), operators only ([`OperatorUser`]):
//! - `GET /ops/rules`: the rule sets in force by effective date, side by side (rows: the
//!   settings as `lpc rules show --json` names them; a value that differs from the column
//!   before is highlighted), the uploaded rule sets, the upload form.
//! - `POST /ops/rules/drafts` (`toml`, `file_name`): [`rule_drafts::upload_draft`]; a refused
//!   file comes back with every error (line, column, field) and the text kept.
//! - `GET /ops/rules/drafts/{id}`: the draft next to the rule set in force on its date, the
//!   what-if form, the activation form and discarding.
//! - `GET /ops/rules/drafts/{id}/what-if?on=DATE` and its CSV: in [`super::rules_what_if`].
//! - `POST /ops/rules/drafts/{id}/activate` (`effective_from`): a date before today is refused
//!   next to the field, naming R14; `POST /ops/rules/drafts/{id}/discard`.

use std::collections::HashMap;

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use jiff::civil::Date;
use lpc_app::rule_drafts::{self, Upload};
use lpc_app::rule_files::RuleFileError;
use lpc_app::views::{RuleSetState, StoredRuleSet};
use lpc_app::{App, AppError};
use lpc_domain::rules::RuleSet;
use serde::Deserialize;

use super::{OperatorUser, OpsNav, Staff};
use crate::ui::context::{Ctx, render};

/// The largest rule file accepted, in bytes (the shipped ones are a few kilobytes).
const MAX_TOML: usize = 256 * 1024;

/// One row of a side-by-side table.
#[derive(Debug, Clone)]
pub struct SettingRow {
    pub key: String,
    /// What the setting is, in the operator's language (`Silver · KPI points`); the key stays
    /// beside it, as the rule file spells it.
    pub label: String,
    pub cells: Vec<Cell>,
    /// Some value differs between the columns.
    pub differs: bool,
}

#[derive(Debug, Clone)]
pub struct Cell {
    pub value: String,
    /// Differs from the column before.
    pub changed: bool,
}

/// A column head: a rule set's name and effective date.
#[derive(Debug, Clone)]
pub struct Column {
    pub name: String,
    pub from: String,
}

/// One uploaded rule set as listed.
#[derive(Debug, Clone)]
pub struct DraftView {
    pub id: i64,
    pub name: String,
    pub state: &'static str,
    pub state_label: String,
    pub uploaded: String,
    pub effective: String,
}

/// One error of a refused upload.
#[derive(Debug, Clone)]
pub struct ErrorView {
    pub place: String,
    pub field: String,
    pub message: String,
}

#[derive(Debug, Template)]
#[template(path = "ops_rules.html")]
struct RulesPage {
    ctx: Ctx,
    nav: OpsNav,
    columns: Vec<Column>,
    rows: Vec<SettingRow>,
    drafts: Vec<DraftView>,
    toml: String,
    file_name: String,
    errors: Vec<ErrorView>,
    /// "The file has N errors", when refused.
    refused: String,
    notice: String,
}

#[derive(Debug, Template)]
#[template(path = "ops_rules_draft.html")]
struct DraftPage {
    ctx: Ctx,
    nav: OpsNav,
    draft: DraftView,
    columns: Vec<Column>,
    rows: Vec<SettingRow>,
    is_draft: bool,
    on: String,
    effective_from: String,
    activate_error: String,
    notice: String,
}

/// A rule file's key (`tiers.silver.kpi_points`) as a person reads it: the thing it belongs
/// to by its name (a competency, a tier, an OMLP type, a cap or a waiver) and the setting's
/// label (`ops-rules-setting-<leaf>`).
fn setting_label(ctx: &Ctx, rules: Option<&RuleSet>, key: &str) -> String {
    let leaf = |name: &str| {
        ctx.lang
            .try_t(&format!("ops-rules-setting-{name}"))
            .unwrap_or_else(|| name.replace('_', " "))
    };
    let parts: Vec<&str> = key.split('.').collect();
    match parts.as_slice() {
        [name] => leaf(name),
        ["competencies", id, name] => format!(
            "{} · {}",
            crate::ui::directory_public::competency_label(ctx, rules, id),
            leaf(name)
        ),
        ["tiers", tier, name] => format!(
            "{} · {}",
            ctx.lang
                .try_t(&format!("option-{tier}"))
                .unwrap_or_else(|| (*tier).to_owned()),
            leaf(name)
        ),
        ["omlp_types", id, name] => format!(
            "{} · {}",
            crate::ui::kpi_format::type_name(ctx.lang, rules, id),
            leaf(name)
        ),
        [group @ ("exams" | "caps" | "waivers"), id, name] => format!(
            "{} {id} · {}",
            ctx.t(&format!("ops-rules-group-{group}")),
            leaf(name)
        ),
        _ => key.to_owned(),
    }
}

fn side_by_side(ctx: &Ctx, sets: &[&RuleSet], today: Date) -> (Vec<Column>, Vec<SettingRow>) {
    let settings: Vec<Vec<(String, String)>> = sets
        .iter()
        .map(|set| rule_drafts::settings(set, today).unwrap_or_default())
        .collect();
    let rows = rule_drafts::side_by_side(&settings)
        .into_iter()
        .map(|(key, values)| {
            let cells: Vec<Cell> = values
                .iter()
                .enumerate()
                .map(|(i, value)| Cell {
                    value: value.clone().unwrap_or_else(|| "—".to_owned()),
                    changed: i > 0 && values.get(i - 1) != Some(value),
                })
                .collect();
            let differs = cells.iter().any(|c| c.changed);
            SettingRow {
                label: setting_label(ctx, sets.last().copied(), &key),
                key,
                cells,
                differs,
            }
        })
        .collect();
    let columns = sets
        .iter()
        .map(|set| Column {
            name: set.name.clone(),
            from: ctx.date(set.effective_from),
        })
        .collect();
    (columns, rows)
}

fn draft_view(ctx: &Ctx, stored: &StoredRuleSet) -> DraftView {
    DraftView {
        id: stored.id,
        name: stored.name.clone(),
        state: stored.state.as_str(),
        state_label: ctx.t(&format!("ops-rules-state-{}", stored.state.as_str())),
        uploaded: ctx.t_args(
            "ops-rules-uploaded",
            &[
                (
                    "date",
                    ctx.date(stored.uploaded_at.to_zoned(jiff::tz::TimeZone::UTC).date()),
                ),
                ("who", ctx.staff_actor_label(&stored.uploaded_by)),
            ],
        ),
        effective: stored
            .effective_from
            .map(|d| ctx.date(d))
            .unwrap_or_default(),
    }
}

async fn rules_page(app: &App, staff: &Staff) -> Result<RulesPage, AppError> {
    let ctx = &staff.ctx;
    let book = app.latest_rules();
    let today = app.clock().today();
    let sets: Vec<&RuleSet> = book.sets().iter().collect();
    let (columns, rows) = side_by_side(ctx, &sets, today);
    let drafts = rule_drafts::list(app, &staff.actor)
        .await?
        .iter()
        .map(|d| draft_view(ctx, d))
        .collect();
    Ok(RulesPage {
        ctx: ctx.clone(),
        nav: staff.nav("rules"),
        columns,
        rows,
        drafts,
        toml: String::new(),
        file_name: String::new(),
        errors: Vec::new(),
        refused: String::new(),
        notice: String::new(),
    })
}

#[derive(Debug, Deserialize)]
pub struct NoticeQuery {
    #[serde(default)]
    discarded: Option<i64>,
}

/// `GET /ops/rules`.
pub async fn list(
    OperatorUser(staff): OperatorUser,
    State(app): State<App>,
    Query(query): Query<NoticeQuery>,
) -> Response {
    match rules_page(&app, &staff).await {
        Ok(mut page) => {
            if let Some(id) = query.discarded {
                page.notice = staff
                    .ctx
                    .t_args("ops-rules-discarded", &[("id", id.to_string())]);
            }
            render(StatusCode::OK, &page)
        }
        Err(e) => staff.ctx.fail(e),
    }
}

fn error_view(ctx: &Ctx, error: &RuleFileError) -> ErrorView {
    let place = match (error.line, error.column) {
        (Some(line), Some(column)) => ctx.t_args(
            "ops-rules-error-place",
            &[("line", line.to_string()), ("column", column.to_string())],
        ),
        (Some(line), None) => ctx.t_args("ops-rules-error-line", &[("line", line.to_string())]),
        _ => ctx.t("ops-rules-error-nowhere"),
    };
    ErrorView {
        place,
        field: error.field.clone(),
        message: error.message.clone(),
    }
}

/// A file name safe to show and to name the upload in errors.
fn clean_file_name(name: &str) -> String {
    let name = name.rsplit(['/', '\\']).next().unwrap_or_default().trim();
    let safe: String = name
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_'))
        .take(100)
        .collect();
    if safe.is_empty() {
        "draft.toml".to_owned()
    } else {
        safe
    }
}

/// `POST /ops/rules/drafts`: `toml` (the text, from the textarea or read from the chosen file
/// by the page) and `file_name`.
pub async fn upload(
    OperatorUser(staff): OperatorUser,
    State(app): State<App>,
    body: String,
) -> Response {
    let values: HashMap<String, String> = serde_urlencoded::from_str(&body).unwrap_or_default();
    let toml = values.get("toml").cloned().unwrap_or_default();
    let file_name = clean_file_name(values.get("file_name").map_or("", String::as_str));
    let ctx = &staff.ctx;
    let refusal = if toml.trim().is_empty() {
        Some(vec![ErrorView {
            place: ctx.t("ops-rules-error-nowhere"),
            field: "toml".to_owned(),
            message: ctx.t("ops-rules-upload-empty"),
        }])
    } else if toml.len() > MAX_TOML {
        Some(vec![ErrorView {
            place: ctx.t("ops-rules-error-nowhere"),
            field: "toml".to_owned(),
            message: ctx.t("ops-rules-upload-too-large"),
        }])
    } else {
        match rule_drafts::upload_draft(&app, &staff.actor, &file_name, &toml).await {
            Ok(Upload::Stored(stored)) => {
                return Redirect::to(&format!("/ops/rules/drafts/{}?uploaded=1", stored.id))
                    .into_response();
            }
            Ok(Upload::Refused(errors)) => {
                Some(errors.iter().map(|e| error_view(ctx, e)).collect())
            }
            Err(e) => return ctx.fail(e),
        }
    };
    match rules_page(&app, &staff).await {
        Ok(mut page) => {
            page.errors = refusal.unwrap_or_default();
            page.refused = ctx.t_args(
                "ops-rules-upload-refused",
                &[("count", page.errors.len().to_string())],
            );
            page.toml = toml;
            page.file_name = file_name;
            render(StatusCode::UNPROCESSABLE_ENTITY, &page)
        }
        Err(e) => ctx.fail(e),
    }
}

#[derive(Debug, Deserialize)]
pub struct DraftQuery {
    #[serde(default)]
    uploaded: Option<u8>,
    #[serde(default)]
    activated: Option<u8>,
}

async fn draft_page(app: &App, staff: &Staff, id: i64) -> Result<DraftPage, AppError> {
    let ctx = &staff.ctx;
    let (stored, draft) = rule_drafts::get(app, &staff.actor, id).await?;
    let today = app.clock().today();
    let on = draft.effective_from.max(today);
    let book = app.latest_rules();
    let mut sets: Vec<&RuleSet> = Vec::new();
    // An active rule set is in the book itself: compare it with the one before its date.
    let compare_on = if stored.state == RuleSetState::Active {
        on.yesterday().ok()
    } else {
        Some(on)
    };
    if let Some(before) = compare_on.and_then(|date| book.in_force_on(date)) {
        sets.push(before);
    }
    sets.push(&draft);
    let (columns, rows) = side_by_side(ctx, &sets, today);
    Ok(DraftPage {
        ctx: ctx.clone(),
        nav: staff.nav("rules"),
        draft: draft_view(ctx, &stored),
        columns,
        rows,
        is_draft: stored.state == RuleSetState::Draft,
        on: on.to_string(),
        effective_from: on.to_string(),
        activate_error: String::new(),
        notice: String::new(),
    })
}

/// `GET /ops/rules/drafts/{id}`.
pub async fn show(
    OperatorUser(staff): OperatorUser,
    State(app): State<App>,
    Path(id): Path<i64>,
    Query(query): Query<DraftQuery>,
) -> Response {
    match draft_page(&app, &staff, id).await {
        Ok(mut page) => {
            if query.uploaded.is_some() {
                page.notice = staff.ctx.t("ops-rules-upload-ok");
            } else if query.activated.is_some() {
                page.notice = staff.ctx.t_args(
                    "ops-rules-activated",
                    &[("date", page.draft.effective.clone())],
                );
            }
            render(StatusCode::OK, &page)
        }
        Err(e) => staff.ctx.fail(e),
    }
}

/// `POST /ops/rules/drafts/{id}/activate` with `effective_from`.
pub async fn activate(
    OperatorUser(staff): OperatorUser,
    State(mut app): State<App>,
    Path(id): Path<i64>,
    body: String,
) -> Response {
    let values: HashMap<String, String> = serde_urlencoded::from_str(&body).unwrap_or_default();
    let text = values
        .get("effective_from")
        .map(|v| v.trim().to_owned())
        .unwrap_or_default();
    let ctx = &staff.ctx;
    let error = match text.parse::<Date>() {
        Err(_) => ctx.t("ops-rules-activate-not-a-date"),
        Ok(date) => match rule_drafts::activate(&mut app, &staff.actor, id, date).await {
            Ok(_) => {
                return Redirect::to(&format!("/ops/rules/drafts/{id}?activated=1"))
                    .into_response();
            }
            Err(AppError::Invalid { message, .. }) if date < app.clock().today() => ctx.t_args(
                "ops-rules-activate-past",
                &[
                    ("date", ctx.date(date)),
                    ("today", ctx.date(app.clock().today())),
                    ("detail", message),
                ],
            ),
            Err(AppError::Invalid { message, .. } | AppError::Conflict(message)) => {
                ctx.t_args("ops-rules-activate-refused", &[("detail", message)])
            }
            Err(e) => return ctx.fail(e),
        },
    };
    match draft_page(&app, &staff, id).await {
        Ok(mut page) => {
            page.activate_error = error;
            page.effective_from = text;
            render(StatusCode::UNPROCESSABLE_ENTITY, &page)
        }
        Err(e) => ctx.fail(e),
    }
}

/// `POST /ops/rules/drafts/{id}/discard`.
pub async fn discard(
    OperatorUser(staff): OperatorUser,
    State(app): State<App>,
    Path(id): Path<i64>,
) -> Response {
    match rule_drafts::discard(&app, &staff.actor, id).await {
        Ok(()) => Redirect::to(&format!("/ops/rules?discarded={id}")).into_response(),
        Err(AppError::Conflict(message)) => match draft_page(&app, &staff, id).await {
            Ok(mut page) => {
                page.notice = message;
                render(StatusCode::CONFLICT, &page)
            }
            Err(e) => staff.ctx.fail(e),
        },
        Err(e) => staff.ctx.fail(e),
    }
}
