//! The partner's people in the portal (issue 6 item 5): its trainers (R4) and exam passes
//! (R8), each listed for every user of the partner, and added, removed (after a
//! confirmation) and imported from a CSV by its admins only (R1).
//!
//! - `GET /partner/{mpn}/trainers`, `POST .../trainers` (add), `GET/POST .../trainers/remove`,
//!   `POST .../trainers/import` (multipart, `?csrf=`).
//! - The same under `/partner/{mpn}/exams`.

use std::collections::HashMap;

use askama::Template;
use axum::extract::multipart::MultipartRejection;
use axum::extract::{Multipart, RawQuery, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use lpc_app::csv_rows::RowError;
use lpc_app::exams::ExamInput;
use lpc_app::trainers::TrainerInput;
use lpc_app::{App, AppError};
use lpc_domain::calendar::exam_window;
use lpc_store::{ExamPass, Trainer};

use super::context::{Ctx, render};
use super::extract::PartnerUser;
use super::forms::{Field, FormPage, Hidden, Link};
use super::upload::{self, Keep, UploadError};

/// Largest CSV a partner may upload here (a partner's people fit in far less).
pub const IMPORT_LIMIT: usize = 2 * 1024 * 1024;
/// The route's body limit: the file plus the multipart framing.
pub const IMPORT_ROUTE_LIMIT: usize = IMPORT_LIMIT + 16 * 1024;

/// One row of the list.
#[derive(Debug, Clone)]
pub struct RowView {
    pub cells: Vec<String>,
    /// The status cell (`active`/`inactive`, `counts`/`old`) and its text.
    pub status: String,
    pub status_code: &'static str,
    pub remove_href: String,
}

/// One refused row of an import.
#[derive(Debug, Clone)]
pub struct RowErrorView {
    pub line: u64,
    pub column: String,
    pub value: String,
    pub reason: String,
    /// The importer's own words (English), for the details.
    pub detail: String,
}

/// The trainers page and the exams page.
#[derive(Debug, Template)]
#[template(path = "people.html")]
pub struct PeoplePage {
    pub ctx: Ctx,
    pub mpn: String,
    /// `trainers` or `exams`: the path segment and the prefix of the ids.
    pub kind: &'static str,
    pub title: String,
    pub summary_title: String,
    pub summary: Vec<String>,
    pub headers: Vec<String>,
    pub rows: Vec<RowView>,
    pub empty: String,
    pub notice: String,
    pub is_admin: bool,
    pub add_title: String,
    pub fields: Vec<Field>,
    pub form_error: String,
    pub import_title: String,
    pub import_help: String,
    pub import_error: String,
    pub row_errors: Vec<RowErrorView>,
}

fn parse_pairs(text: &str) -> HashMap<String, String> {
    serde_urlencoded::from_str::<Vec<(String, String)>>(text)
        .unwrap_or_default()
        .into_iter()
        .collect()
}

fn query_of(raw: Option<&str>) -> HashMap<String, String> {
    parse_pairs(raw.unwrap_or(""))
}

fn forbidden(ctx: &Ctx) -> Response {
    ctx.message(
        StatusCode::FORBIDDEN,
        "error-forbidden-title",
        "error-admin-only",
    )
}

/// The message key for the app's refusal of `field` for the reason `reason`.
fn error_key(field: &str, reason: &str) -> String {
    if reason.contains("already") {
        return format!("people-error-{field}-taken");
    }
    if reason.contains("another partner") {
        return "people-error-other-partner".to_owned();
    }
    if reason.contains("same MCT") {
        return "people-error-mct-repeated".to_owned();
    }
    if reason.contains("counts toward no competency") {
        return "people-error-exam_code-unknown".to_owned();
    }
    match field {
        "(header)" => "people-error-header".to_owned(),
        "(row)" => "people-error-row".to_owned(),
        "valid_until" if reason.contains("ends before") => "people-error-valid_until".to_owned(),
        "passed_on" if reason.contains("after today") => "people-error-passed_on-future".to_owned(),
        other => format!("people-error-{other}"),
    }
}

/// The app's refusal of a form, per field: `field` lists the faulty fields (`"a, b"`) and
/// `message` each one's reason (`"a ...; b ..."`).
fn field_errors(ctx: &Ctx, field: &str, message: &str) -> Vec<(String, String)> {
    let reasons: Vec<&str> = message.split("; ").collect();
    field
        .split(", ")
        .map(|name| {
            let name = name.trim();
            let reason = reasons
                .iter()
                .find(|r| r.starts_with(&format!("{name} ")))
                .copied()
                .unwrap_or(message);
            (name.to_owned(), ctx.t(&error_key(name, reason)))
        })
        .collect()
}

fn row_errors(ctx: &Ctx, errors: &[RowError]) -> Vec<RowErrorView> {
    errors
        .iter()
        .map(|e| RowErrorView {
            line: e.line,
            column: e.column.clone(),
            value: e.value.clone(),
            reason: ctx.t(&error_key(&e.column, &e.reason)),
            detail: e.reason.clone(),
        })
        .collect()
}

fn set_field_error(fields: &mut [Field], form_error: &mut String, name: &str, text: String) {
    match fields.iter_mut().find(|f| f.name == name) {
        Some(f) => f.error = text,
        None => *form_error = text,
    }
}

/// The CSV file of a multipart upload, read up to [`IMPORT_LIMIT`] only. `Err`: the message
/// key of the refusal and its status.
async fn uploaded_csv(
    headers: &HeaderMap,
    multipart: Result<Multipart, MultipartRejection>,
) -> Result<(String, Vec<u8>), (StatusCode, &'static str)> {
    let too_large = (StatusCode::PAYLOAD_TOO_LARGE, "people-import-too-large");
    let missing = (StatusCode::UNPROCESSABLE_ENTITY, "people-import-missing");
    let received = if upload::declared_over(headers, IMPORT_ROUTE_LIMIT as u64) {
        Err(UploadError::TooLarge)
    } else {
        upload::receive(multipart, "file", IMPORT_LIMIT as u64, Keep::InMemory).await
    };
    let file = match received {
        Ok(received) => received.file.filter(|f| f.size > 0).ok_or(missing)?,
        Err(UploadError::TooLarge) => return Err(too_large),
        Err(_) => return Err(missing),
    };
    let name = if file.name.trim().is_empty() {
        "upload.csv".to_owned()
    } else {
        file.name.clone()
    };
    Ok((name, file.into_bytes()))
}

// ---------------------------------------------------------------------------------------
// Trainers (R4).

fn trainer_fields(ctx: &Ctx, values: &HashMap<String, String>) -> Vec<Field> {
    let value = |name: &str| values.get(name).map(String::as_str).unwrap_or("");
    vec![
        Field::new(
            "mct_id",
            ctx.t("people-field-mct_id"),
            "text",
            value("mct_id"),
        )
        .maxlength(64),
        Field::new("name", ctx.t("people-field-name"), "text", value("name"))
            .autocomplete("off")
            .maxlength(200),
        Field::new(
            "email",
            ctx.t("people-field-email"),
            "email",
            value("email"),
        )
        .autocomplete("off"),
        Field::new(
            "valid_from",
            ctx.t("people-field-valid_from"),
            "date",
            value("valid_from"),
        ),
        Field::new(
            "valid_until",
            ctx.t("people-field-valid_until"),
            "date",
            value("valid_until"),
        ),
    ]
}

async fn trainers_page(
    app: &App,
    pu: &PartnerUser,
    values: &HashMap<String, String>,
) -> Result<PeoplePage, AppError> {
    let ctx = &pu.ctx;
    let mpn = pu.partner.mpn_id;
    let trainers = lpc_app::trainers::of_partner(app, &pu.actor, mpn).await?;
    let today = app.clock().today();
    let active = lpc_app::trainers::active_count(&trainers, today);
    let remove = |t: &Trainer| {
        let q = serde_urlencoded::to_string([("mct_id", t.mct_id.as_str())]).unwrap_or_default();
        format!("/partner/{mpn}/trainers/remove?{q}")
    };
    let rows = trainers
        .iter()
        .map(|t| {
            let is_active = t.valid_from <= today && today <= t.valid_until;
            RowView {
                cells: vec![
                    t.mct_id.clone(),
                    t.name.clone(),
                    t.email.to_string(),
                    ctx.date(t.valid_from),
                    ctx.date(t.valid_until),
                ],
                status: ctx.t(if is_active {
                    "people-active"
                } else {
                    "people-inactive"
                }),
                status_code: if is_active { "active" } else { "inactive" },
                remove_href: remove(t),
            }
        })
        .collect();
    Ok(PeoplePage {
        ctx: ctx.clone(),
        mpn: mpn.to_string(),
        kind: "trainers",
        title: ctx.t("people-trainers-title"),
        summary_title: ctx.t("people-trainers-summary"),
        summary: vec![ctx.t_args(
            "people-trainers-active",
            &[("count", ctx.number(i64::from(active)))],
        )],
        headers: [
            "people-field-mct_id",
            "people-field-name",
            "people-field-email",
            "people-field-valid_from",
            "people-field-valid_until",
            "people-col-active",
        ]
        .iter()
        .map(|k| ctx.t(k))
        .collect(),
        rows,
        empty: ctx.t("people-trainers-none"),
        notice: String::new(),
        is_admin: pu.is_admin(),
        add_title: ctx.t("people-trainers-add"),
        fields: trainer_fields(ctx, values),
        form_error: String::new(),
        import_title: ctx.t("people-trainers-import"),
        import_help: ctx.t_args(
            "people-import-help",
            &[("columns", lpc_app::trainers::COLUMNS.join(","))],
        ),
        import_error: String::new(),
        row_errors: Vec::new(),
    })
}

fn notice_of(ctx: &Ctx, query: &HashMap<String, String>) -> String {
    if query.contains_key("added") {
        ctx.t("people-added")
    } else if query.contains_key("removed") {
        ctx.t("people-removed")
    } else if let Some(n) = query.get("imported").and_then(|n| n.parse::<i64>().ok()) {
        ctx.t_args("people-imported", &[("count", ctx.number(n))])
    } else {
        String::new()
    }
}

/// `GET /partner/{mpn}/trainers`: the partner's MCTs and how many are active today (R4).
pub async fn trainers(
    pu: PartnerUser,
    State(app): State<App>,
    RawQuery(raw): RawQuery,
) -> Response {
    match trainers_page(&app, &pu, &HashMap::new()).await {
        Ok(mut page) => {
            page.notice = notice_of(&pu.ctx, &query_of(raw.as_deref()));
            render(StatusCode::OK, &page)
        }
        Err(e) => pu.ctx.fail(e),
    }
}

/// `POST /partner/{mpn}/trainers`: adds one trainer (admins, R1).
pub async fn add_trainer(pu: PartnerUser, State(app): State<App>, body: String) -> Response {
    let ctx = &pu.ctx;
    if !pu.is_admin() {
        return forbidden(ctx);
    }
    let values = parse_pairs(&body);
    let value = |name: &str| values.get(name).cloned().unwrap_or_default();
    let input = TrainerInput {
        mct_id: value("mct_id"),
        name: value("name"),
        email: value("email"),
        valid_from: value("valid_from"),
        valid_until: value("valid_until"),
    };
    let mpn = pu.partner.mpn_id;
    match lpc_app::trainers::add(&app, &pu.actor, mpn, &input).await {
        Ok(_) => Redirect::to(&format!("/partner/{mpn}/trainers?added=1")).into_response(),
        Err(AppError::Invalid { field, message }) => {
            let mut page = match trainers_page(&app, &pu, &values).await {
                Ok(page) => page,
                Err(e) => return ctx.fail(e),
            };
            for (name, text) in field_errors(ctx, &field, &message) {
                set_field_error(&mut page.fields, &mut page.form_error, &name, text);
            }
            render(StatusCode::UNPROCESSABLE_ENTITY, &page)
        }
        Err(e) => ctx.fail(e),
    }
}

/// `GET /partner/{mpn}/trainers/remove?mct_id=...`: asks before removing.
pub async fn remove_trainer_form(
    pu: PartnerUser,
    State(app): State<App>,
    RawQuery(raw): RawQuery,
) -> Response {
    let ctx = &pu.ctx;
    if !pu.is_admin() {
        return forbidden(ctx);
    }
    let mct_id = query_of(raw.as_deref())
        .remove("mct_id")
        .unwrap_or_default();
    let mpn = pu.partner.mpn_id;
    let trainer = match lpc_app::trainers::of_partner(&app, &pu.actor, mpn).await {
        Ok(list) => list.into_iter().find(|t| t.mct_id == mct_id),
        Err(e) => return ctx.fail(e),
    };
    let Some(trainer) = trainer else {
        return ctx.not_found();
    };
    let mut page = FormPage::new(
        ctx,
        "people-trainers-remove-title",
        &format!("/partner/{mpn}/trainers/remove"),
        "people-remove-confirm",
    );
    page.intro = ctx.t_args(
        "people-trainers-remove-intro",
        &[
            ("mct", trainer.mct_id.clone()),
            ("name", trainer.name.clone()),
        ],
    );
    page.hidden.push(Hidden {
        name: "mct_id",
        value: trainer.mct_id,
    });
    page.links.push(Link {
        href: format!("/partner/{mpn}/trainers"),
        label: ctx.t("people-cancel"),
    });
    page.respond(StatusCode::OK)
}

/// `POST /partner/{mpn}/trainers/remove`: removes the trainer (admins, R1).
pub async fn remove_trainer(pu: PartnerUser, State(app): State<App>, body: String) -> Response {
    let ctx = &pu.ctx;
    if !pu.is_admin() {
        return forbidden(ctx);
    }
    let mct_id = parse_pairs(&body).remove("mct_id").unwrap_or_default();
    let mpn = pu.partner.mpn_id;
    match lpc_app::trainers::remove(&app, &pu.actor, mpn, &mct_id).await {
        Ok(()) => Redirect::to(&format!("/partner/{mpn}/trainers?removed=1")).into_response(),
        Err(e) => ctx.fail(e),
    }
}

/// `POST /partner/{mpn}/trainers/import?csrf=...`: a trainers CSV (the format of
/// `lpc trainers import`), stored whole or not at all; every refused row is shown.
pub async fn import_trainers(
    pu: PartnerUser,
    State(app): State<App>,
    headers: HeaderMap,
    multipart: Result<Multipart, MultipartRejection>,
) -> Response {
    let ctx = &pu.ctx;
    if !pu.is_admin() {
        return forbidden(ctx);
    }
    let mpn = pu.partner.mpn_id;
    let (name, content) = match uploaded_csv(&headers, multipart).await {
        Ok(file) => file,
        Err((status, key)) => {
            return refused_import(&app, &pu, PeopleKind::Trainers, status, key, Vec::new()).await;
        }
    };
    match lpc_app::trainers::import_for_partner(&app, &pu.actor, mpn, &name, &content).await {
        Ok(done) => Redirect::to(&format!(
            "/partner/{mpn}/trainers?imported={}",
            done.counts.added + done.counts.updated
        ))
        .into_response(),
        Err(AppError::Rows { errors, .. }) => {
            let views = row_errors(ctx, &errors);
            refused_import(
                &app,
                &pu,
                PeopleKind::Trainers,
                StatusCode::UNPROCESSABLE_ENTITY,
                "people-import-refused",
                views,
            )
            .await
        }
        Err(e) => ctx.fail(e),
    }
}

// ---------------------------------------------------------------------------------------
// Exam passes (R8).

fn exam_fields(ctx: &Ctx, values: &HashMap<String, String>) -> Vec<Field> {
    let value = |name: &str| values.get(name).map(String::as_str).unwrap_or("");
    vec![
        Field::new(
            "person_email",
            ctx.t("people-field-person_email"),
            "email",
            value("person_email"),
        )
        .autocomplete("off"),
        Field::new(
            "exam_code",
            ctx.t("people-field-exam_code"),
            "text",
            value("exam_code"),
        )
        .maxlength(32)
        .help(ctx.t("people-field-exam_code-help")),
        Field::new(
            "passed_on",
            ctx.t("people-field-passed_on"),
            "date",
            value("passed_on"),
        ),
    ]
}

async fn exams_page(
    app: &App,
    pu: &PartnerUser,
    values: &HashMap<String, String>,
) -> Result<PeoplePage, AppError> {
    let ctx = &pu.ctx;
    let mpn = pu.partner.mpn_id;
    let passes = lpc_app::exams::of_partner(app, &pu.actor, mpn).await?;
    let today = app.clock().today();
    let window = exam_window(today);
    let rules = app.rules_on(today)?;
    let name_of = |id: &str| crate::ui::directory_public::competency_label(ctx, Some(rules), id);
    let counts = lpc_domain::eligibility::count_exam_passes(
        rules,
        passes.iter().map(|p| (p.exam_code.as_str(), p.passed_on)),
        today,
    );
    let mut summary: Vec<String> = counts
        .iter()
        .map(|(c, n)| {
            ctx.t_args(
                "people-exams-count",
                &[
                    ("competency", name_of(c)),
                    ("count", ctx.number(i64::from(*n))),
                ],
            )
        })
        .collect();
    if summary.is_empty() {
        summary.push(ctx.t("people-exams-count-none"));
    }
    summary.insert(
        0,
        ctx.t_args(
            "people-exams-window",
            &[("from", ctx.date(window.from)), ("to", ctx.date(window.to))],
        ),
    );
    let remove = |p: &ExamPass| {
        let q = serde_urlencoded::to_string([
            ("person_email", p.person_email.as_str()),
            ("exam_code", p.exam_code.as_str()),
            ("passed_on", &p.passed_on.to_string()),
        ])
        .unwrap_or_default();
        format!("/partner/{mpn}/exams/remove?{q}")
    };
    let mut rows: Vec<RowView> = passes
        .iter()
        .rev()
        .map(|p| {
            let competencies: Vec<String> = rules
                .competencies_of_exam(&p.exam_code)
                .iter()
                .map(|c| name_of(c))
                .collect();
            let counts = window.contains(p.passed_on) && !competencies.is_empty();
            RowView {
                cells: vec![
                    p.person_email.to_string(),
                    p.exam_code.clone(),
                    if competencies.is_empty() {
                        ctx.t("people-exams-unmapped")
                    } else {
                        competencies.join(", ")
                    },
                    ctx.date(p.passed_on),
                ],
                status: ctx.t(if counts {
                    "people-exams-counts"
                } else {
                    "people-exams-not-counted"
                }),
                status_code: if counts { "active" } else { "inactive" },
                remove_href: remove(p),
            }
        })
        .collect();
    rows.shrink_to_fit();
    Ok(PeoplePage {
        ctx: ctx.clone(),
        mpn: mpn.to_string(),
        kind: "exams",
        title: ctx.t("people-exams-title"),
        summary_title: ctx.t("people-exams-summary"),
        summary,
        headers: [
            "people-field-person_email",
            "people-field-exam_code",
            "people-col-competencies",
            "people-field-passed_on",
            "people-col-counts",
        ]
        .iter()
        .map(|k| ctx.t(k))
        .collect(),
        rows,
        empty: ctx.t("people-exams-none"),
        notice: String::new(),
        is_admin: pu.is_admin(),
        add_title: ctx.t("people-exams-add"),
        fields: exam_fields(ctx, values),
        form_error: String::new(),
        import_title: ctx.t("people-exams-import"),
        import_help: ctx.t_args(
            "people-import-help",
            &[("columns", lpc_app::exams::COLUMNS.join(","))],
        ),
        import_error: String::new(),
        row_errors: Vec::new(),
    })
}

/// `GET /partner/{mpn}/exams`: the partner's exam passes and, per competency, how many count
/// in the last 12 months (R8).
pub async fn exams(pu: PartnerUser, State(app): State<App>, RawQuery(raw): RawQuery) -> Response {
    match exams_page(&app, &pu, &HashMap::new()).await {
        Ok(mut page) => {
            page.notice = notice_of(&pu.ctx, &query_of(raw.as_deref()));
            render(StatusCode::OK, &page)
        }
        Err(e) => pu.ctx.fail(e),
    }
}

fn exam_input(values: &HashMap<String, String>) -> ExamInput {
    let value = |name: &str| values.get(name).cloned().unwrap_or_default();
    ExamInput {
        person_email: value("person_email"),
        exam_code: value("exam_code"),
        passed_on: value("passed_on"),
    }
}

/// `POST /partner/{mpn}/exams`: adds one exam pass (admins, R1).
pub async fn add_exam(pu: PartnerUser, State(app): State<App>, body: String) -> Response {
    let ctx = &pu.ctx;
    if !pu.is_admin() {
        return forbidden(ctx);
    }
    let values = parse_pairs(&body);
    let mpn = pu.partner.mpn_id;
    match lpc_app::exams::add(&app, &pu.actor, mpn, &exam_input(&values)).await {
        Ok(_) => Redirect::to(&format!("/partner/{mpn}/exams?added=1")).into_response(),
        Err(AppError::Invalid { field, message }) => {
            let mut page = match exams_page(&app, &pu, &values).await {
                Ok(page) => page,
                Err(e) => return ctx.fail(e),
            };
            for (name, text) in field_errors(ctx, &field, &message) {
                set_field_error(&mut page.fields, &mut page.form_error, &name, text);
            }
            render(StatusCode::UNPROCESSABLE_ENTITY, &page)
        }
        Err(e) => ctx.fail(e),
    }
}

/// The stored pass named by `values` (the list's link or the confirmation form), if any.
fn named_pass(
    pu: &PartnerUser,
    values: &HashMap<String, String>,
    today: jiff::civil::Date,
) -> Option<ExamPass> {
    lpc_app::exams::check_input(pu.partner.mpn_id, &exam_input(values), today).ok()
}

/// `GET /partner/{mpn}/exams/remove?person_email=...&exam_code=...&passed_on=...`: asks
/// before removing.
pub async fn remove_exam_form(
    pu: PartnerUser,
    State(app): State<App>,
    RawQuery(raw): RawQuery,
) -> Response {
    let ctx = &pu.ctx;
    if !pu.is_admin() {
        return forbidden(ctx);
    }
    let mpn = pu.partner.mpn_id;
    let Some(pass) = named_pass(&pu, &query_of(raw.as_deref()), app.clock().today()) else {
        return ctx.not_found();
    };
    match lpc_app::exams::of_partner(&app, &pu.actor, mpn).await {
        Ok(list) if list.contains(&pass) => {}
        Ok(_) => return ctx.not_found(),
        Err(e) => return ctx.fail(e),
    }
    let mut page = FormPage::new(
        ctx,
        "people-exams-remove-title",
        &format!("/partner/{mpn}/exams/remove"),
        "people-remove-confirm",
    );
    page.intro = ctx.t_args(
        "people-exams-remove-intro",
        &[
            ("code", pass.exam_code.clone()),
            ("person", pass.person_email.to_string()),
            ("date", ctx.date(pass.passed_on)),
        ],
    );
    page.hidden = vec![
        Hidden {
            name: "person_email",
            value: pass.person_email.to_string(),
        },
        Hidden {
            name: "exam_code",
            value: pass.exam_code.clone(),
        },
        Hidden {
            name: "passed_on",
            value: pass.passed_on.to_string(),
        },
    ];
    page.links.push(Link {
        href: format!("/partner/{mpn}/exams"),
        label: ctx.t("people-cancel"),
    });
    page.respond(StatusCode::OK)
}

/// `POST /partner/{mpn}/exams/remove`: removes the pass (admins, R1).
pub async fn remove_exam(pu: PartnerUser, State(app): State<App>, body: String) -> Response {
    let ctx = &pu.ctx;
    if !pu.is_admin() {
        return forbidden(ctx);
    }
    let mpn = pu.partner.mpn_id;
    let Some(pass) = named_pass(&pu, &parse_pairs(&body), app.clock().today()) else {
        return ctx.not_found();
    };
    match lpc_app::exams::remove(&app, &pu.actor, &pass).await {
        Ok(()) => Redirect::to(&format!("/partner/{mpn}/exams?removed=1")).into_response(),
        Err(e) => ctx.fail(e),
    }
}

/// `POST /partner/{mpn}/exams/import?csrf=...`: an exams CSV (the format of
/// `lpc exams import`), stored whole or not at all; every refused row is shown.
pub async fn import_exams(
    pu: PartnerUser,
    State(app): State<App>,
    headers: HeaderMap,
    multipart: Result<Multipart, MultipartRejection>,
) -> Response {
    let ctx = &pu.ctx;
    if !pu.is_admin() {
        return forbidden(ctx);
    }
    let mpn = pu.partner.mpn_id;
    let (name, content) = match uploaded_csv(&headers, multipart).await {
        Ok(file) => file,
        Err((status, key)) => {
            return refused_import(&app, &pu, PeopleKind::Exams, status, key, Vec::new()).await;
        }
    };
    match lpc_app::exams::import_for_partner(&app, &pu.actor, mpn, &name, &content).await {
        Ok(done) => Redirect::to(&format!(
            "/partner/{mpn}/exams?imported={}",
            done.counts.added
        ))
        .into_response(),
        Err(AppError::Rows { errors, .. }) => {
            let views = row_errors(ctx, &errors);
            refused_import(
                &app,
                &pu,
                PeopleKind::Exams,
                StatusCode::UNPROCESSABLE_ENTITY,
                "people-import-refused",
                views,
            )
            .await
        }
        Err(e) => ctx.fail(e),
    }
}

// ---------------------------------------------------------------------------------------
// What the two imports share.

/// Which people page an import answers on.
#[derive(Debug, Clone, Copy)]
enum PeopleKind {
    Trainers,
    Exams,
}

/// The page of `kind` again, with the import's refusal and every refused row.
async fn refused_import(
    app: &App,
    pu: &PartnerUser,
    kind: PeopleKind,
    status: StatusCode,
    key: &'static str,
    errors: Vec<RowErrorView>,
) -> Response {
    let page = match kind {
        PeopleKind::Trainers => trainers_page(app, pu, &HashMap::new()).await,
        PeopleKind::Exams => exams_page(app, pu, &HashMap::new()).await,
    };
    match page {
        Ok(mut page) => {
            page.import_error = pu.ctx.t(key);
            page.row_errors = errors;
            render(status, &page)
        }
        Err(e) => pu.ctx.fail(e),
    }
}
