//! `/ops/imports`: operators upload an invoices, trainers, exams or partners CSV from the
//! browser and follow the import live. A partner file (R31) registers its partners verified
//! and mails each new partner's contact an invitation (`crate::ui::invitation`); the job's
//! page lists the contacts it did not invite.
//!
//! - `GET /ops/imports`: the upload form and the import history.
//! - `POST /ops/imports?csrf=...`: a multipart upload (`kind`, `skip_invalid`, `file`), streamed
//!   part by part to a temporary file ([`crate::ui::upload`]) (never held in memory: invoice files run to hundreds of
//!   megabytes), then imported in the background (`lpc_app::import_jobs`); answers with a
//!   redirect to the job's page.
//! - `GET /ops/imports/{job}`: the job's page: a `<progress>` bar kept up to date by a small
//!   inline script polling `progress.json` every 500 ms (without JavaScript, the page reloads
//!   itself every two seconds and has a reload link); once finished, the summary (the counts of
//!   `lpc invoices import --json`) or the refusal, with the refused rows.
//! - `GET /ops/imports/{job}/progress.json`: where the job is, with a status line in the
//!   page's language.
//! - `GET /ops/imports/{job}/refused.csv`: the refused rows: line, field, value, rule, reason.

use askama::Template;
use axum::Extension;
use axum::Json;
use axum::extract::multipart::MultipartRejection;
use axum::extract::{Multipart, Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use lpc_app::App;
use lpc_app::import_jobs::{self, FileProblem, ImportKind, JobState, JobView, RefusedRow, Upload};
use lpc_app::views::ImportRecord;
use serde::Serialize;

use super::{OperatorUser, OpsNav};
use crate::ui::Ui;
use crate::ui::context::{Ctx, render};
use crate::ui::upload::{self, Content, Keep, UploadError};

/// The largest upload accepted (an invoices file of a few million lines fits many times).
pub const UPLOAD_LIMIT: u64 = 4 * 1024 * 1024 * 1024;
/// Refused rows shown on the job page; all of them are in `refused.csv`.
const SHOWN_REFUSALS: usize = 200;
/// Imports listed in the history.
const HISTORY_LENGTH: u32 = 50;

/// The message key of an upload that could not be read.
fn upload_error_key(e: UploadError) -> &'static str {
    match e {
        UploadError::NotMultipart | UploadError::Malformed => "ops-imports-upload-malformed",
        UploadError::TooLarge => "ops-imports-upload-too-large",
        UploadError::Disk => "ops-imports-upload-disk",
    }
}

// ---------------------------------------------------------------------------------------
// The list page and the upload.

/// One row of the import history.
#[derive(Debug, Clone)]
struct HistoryRow {
    started: String,
    kind: String,
    file_name: String,
    by: String,
    state: &'static str,
    state_label: String,
    rows: String,
    stored: String,
    refused: String,
    /// The job's page, while the job is still in memory.
    href: String,
}

#[derive(Debug, Clone)]
struct KindChoice {
    value: &'static str,
    label: String,
    columns: String,
    selected: bool,
}

#[derive(Debug, Template)]
#[template(path = "ops_imports.html")]
struct ImportsPage {
    ctx: Ctx,
    nav: OpsNav,
    kinds: Vec<KindChoice>,
    skip_invalid: bool,
    form_error: String,
    kind_error: String,
    file_error: String,
    history: Vec<HistoryRow>,
}

fn when(ctx: &Ctx, at: jiff::Timestamp) -> String {
    let zoned = at.to_zoned(jiff::tz::TimeZone::UTC);
    format!(
        "{} {:02}:{:02} UTC",
        ctx.date(zoned.date()),
        zoned.hour(),
        zoned.minute()
    )
}

fn number(ctx: &Ctx, n: u64) -> String {
    ctx.number(i64::try_from(n).unwrap_or(i64::MAX))
}

fn kind_label(ctx: &Ctx, kind: &str) -> String {
    ctx.t(&format!("ops-imports-kind-{kind}"))
}

fn history_row(ctx: &Ctx, app: &App, r: ImportRecord) -> HistoryRow {
    let state = if r.state == "done" { "done" } else { "failed" };
    HistoryRow {
        started: when(ctx, r.started_at),
        kind: kind_label(ctx, &r.kind),
        by: ctx.staff_actor_label(&r.by),
        state,
        state_label: ctx.t(&format!("ops-imports-state-{state}")),
        rows: number(ctx, r.rows),
        stored: number(ctx, r.stored),
        refused: number(ctx, r.refused),
        href: if app.import_jobs().contains(&r.id) {
            format!("/ops/imports/{}", r.id)
        } else {
            String::new()
        },
        file_name: r.file_name,
    }
}

/// The list page; `kind`, `skip_invalid` as the form had them.
async fn imports_page(
    app: &App,
    staff: &super::Staff,
    kind: Option<ImportKind>,
    skip_invalid: bool,
    errors: (String, String, String),
) -> Result<ImportsPage, lpc_app::AppError> {
    let ctx = &staff.ctx;
    let history = lpc_app::import_jobs::history(app, &staff.actor, HISTORY_LENGTH)
        .await?
        .into_iter()
        .map(|r| history_row(ctx, app, r))
        .collect();
    let kind = kind.unwrap_or(ImportKind::Invoices);
    Ok(ImportsPage {
        kinds: ImportKind::ALL
            .into_iter()
            .map(|k| KindChoice {
                value: k.as_str(),
                label: kind_label(ctx, k.as_str()),
                columns: k.columns().join(","),
                selected: k == kind,
            })
            .collect(),
        skip_invalid,
        form_error: errors.0,
        kind_error: errors.1,
        file_error: errors.2,
        history,
        nav: staff.nav("imports"),
        ctx: staff.ctx.clone(),
    })
}

/// `GET /ops/imports`.
pub async fn list(OperatorUser(staff): OperatorUser, State(app): State<App>) -> Response {
    let errors = (String::new(), String::new(), String::new());
    match imports_page(&app, &staff, None, false, errors).await {
        Ok(page) => render(StatusCode::OK, &page),
        Err(e) => staff.ctx.fail(e),
    }
}

/// `POST /ops/imports?csrf=...`: the multipart upload.
pub async fn upload(
    OperatorUser(staff): OperatorUser,
    State(app): State<App>,
    Extension(ui): Extension<std::sync::Arc<Ui>>,
    headers: HeaderMap,
    multipart: Result<Multipart, MultipartRejection>,
) -> Response {
    let ctx = &staff.ctx;
    let refuse = |status: StatusCode, page: Result<ImportsPage, lpc_app::AppError>| match page {
        Ok(page) => render(status, &page),
        Err(e) => ctx.fail(e),
    };
    let received = if upload::declared_over(&headers, UPLOAD_LIMIT) {
        Err(UploadError::TooLarge)
    } else {
        upload::receive(multipart, "file", UPLOAD_LIMIT, Keep::OnDisk).await
    };
    let received = match received {
        Ok(received) => received,
        Err(e) => {
            let status = if e == UploadError::TooLarge {
                StatusCode::PAYLOAD_TOO_LARGE
            } else {
                StatusCode::UNPROCESSABLE_ENTITY
            };
            let errors = (String::new(), String::new(), ctx.t(upload_error_key(e)));
            return refuse(
                status,
                imports_page(&app, &staff, None, false, errors).await,
            );
        }
    };
    let kind = received
        .fields
        .get("kind")
        .and_then(|k| ImportKind::parse(k.trim()));
    let skip_invalid = received
        .fields
        .get("skip_invalid")
        .is_some_and(|v| matches!(v.trim(), "on" | "1" | "true"));
    let kind_error = if kind.is_none() {
        ctx.t("ops-imports-kind-missing")
    } else {
        String::new()
    };
    let file = received
        .file
        .filter(|f| !(f.name.trim().is_empty() && f.size == 0))
        .and_then(|f| match f.content {
            Content::Disk(file) => Some((f.name, file, f.size)),
            Content::Memory(_) => None,
        });
    let file_error = if file.is_none() {
        ctx.t("ops-imports-file-missing")
    } else {
        String::new()
    };
    let (Some(kind), Some((name, file, size))) = (kind, file) else {
        let errors = (ctx.t("ops-imports-form-error"), kind_error, file_error);
        return refuse(
            StatusCode::UNPROCESSABLE_ENTITY,
            imports_page(&app, &staff, kind, skip_invalid, errors).await,
        );
    };
    // Only the name's last segment: browsers may send a path.
    let name = name
        .rsplit(['/', '\\'])
        .next()
        .unwrap_or_default()
        .trim()
        .to_owned();
    let upload = Upload {
        kind,
        file_name: if name.is_empty() {
            format!("{}.csv", kind.as_str())
        } else {
            name
        },
        file,
        bytes_total: size,
        skip_invalid,
        invitation_text: (kind == ImportKind::Partners)
            .then(|| crate::ui::invitation::compose_invitations(&ui.config.public_url)),
    };
    match import_jobs::start(&app, &staff.actor, upload) {
        Ok(id) => Redirect::to(&format!("/ops/imports/{id}")).into_response(),
        Err(e) => ctx.fail(e),
    }
}

// ---------------------------------------------------------------------------------------
// A job's page, its progress and its refused rows.

#[derive(Debug, Clone)]
struct Count {
    id: &'static str,
    label: String,
    value: String,
}

#[derive(Debug, Template)]
#[template(path = "ops_import.html")]
struct JobPage {
    ctx: Ctx,
    nav: OpsNav,
    id: String,
    title: String,
    kind: String,
    by: String,
    started: String,
    state: &'static str,
    percent: u64,
    status_text: String,
    /// Once finished: what it did (or would have done).
    counts: Vec<Count>,
    /// The file-level refusal, or the refusal of its rows, or the note on skipped rows.
    outcome: String,
    refused: Vec<RefusedRow>,
    refused_more: String,
    /// A partner file's contacts not invited: line, MPN ID, address.
    not_invited: Vec<(u64, String, String)>,
}

fn kib(ctx: &Ctx, bytes: u64) -> String {
    number(ctx, bytes.div_ceil(1024))
}

/// The one-line status of a job in the page's language.
fn status_text(ctx: &Ctx, job: &JobView) -> String {
    match job.state {
        JobState::Running => ctx.t_args(
            "ops-imports-status-running",
            &[
                ("read", kib(ctx, job.bytes_read.min(job.bytes_total))),
                ("total", kib(ctx, job.bytes_total)),
                ("rows", number(ctx, job.rows_read)),
                ("percent", job.percent.to_string()),
            ],
        ),
        JobState::Done => ctx.t("ops-imports-status-done"),
        JobState::Failed => ctx.t("ops-imports-status-failed"),
    }
}

fn problem_text(ctx: &Ctx, job: &JobView, problem: &FileProblem) -> String {
    let kind = kind_label(ctx, job.kind.as_str());
    match problem {
        FileProblem::NotText => ctx.t_args(
            "ops-imports-problem-not-text",
            &[("kind", kind), ("expected", job.kind.columns().join(","))],
        ),
        FileProblem::Header { expected, reason } => ctx.t_args(
            "ops-imports-problem-header",
            &[
                ("kind", kind),
                ("expected", expected.clone()),
                ("reason", reason.clone()),
            ],
        ),
        FileProblem::TooLarge { limit } => ctx.t_args(
            "ops-imports-problem-too-large",
            &[("limit", number(ctx, limit / (1024 * 1024)))],
        ),
        FileProblem::Failed => ctx.t("ops-imports-problem-failed"),
    }
}

fn counts(ctx: &Ctx, job: &JobView) -> Vec<Count> {
    let Some(s) = &job.summary else {
        return Vec::new();
    };
    let count = |id: &'static str, value: u64| Count {
        id,
        label: ctx.t(&format!("ops-imports-count-{id}")),
        value: number(ctx, value),
    };
    let mut out = vec![count("rows", s.rows), count("lines", s.lines)];
    if job.kind == ImportKind::Invoices {
        out.push(count("invoices", s.invoices));
        out.push(count("credit_notes", s.credit_notes));
        out.push(count("partners", s.partners));
    }
    if job.kind == ImportKind::Partners {
        out.push(count("invited", s.invited));
        out.push(count("without_contact", s.without_contact));
        out.push(count("not_invited", s.not_invited));
    }
    out.push(count("unchanged", s.unchanged));
    out.push(count("refused", s.refused));
    let millis = (s.seconds * 1000.0).round();
    out.push(Count {
        id: "seconds",
        label: ctx.t("ops-imports-count-seconds"),
        value: ctx.t_args(
            "ops-imports-seconds",
            &[(
                "ms",
                ctx.number(if millis.is_finite() { millis as i64 } else { 0 }),
            )],
        ),
    });
    out
}

fn job_page(staff: &super::Staff, job: JobView) -> JobPage {
    let ctx = &staff.ctx;
    let outcome = match (&job.problem, job.state) {
        (Some(problem), _) => problem_text(ctx, &job, problem),
        (None, JobState::Failed) => ctx.t_args(
            "ops-imports-refused",
            &[("count", number(ctx, job.refused_count))],
        ),
        (None, JobState::Done) if job.refused_count > 0 => ctx.t_args(
            "ops-imports-skipped",
            &[("count", number(ctx, job.refused_count))],
        ),
        _ => String::new(),
    };
    let shown: Vec<RefusedRow> = job.refused.iter().take(SHOWN_REFUSALS).cloned().collect();
    let refused_more = if job.refused.len() > shown.len() {
        ctx.t_args(
            "ops-imports-refused-more",
            &[(
                "count",
                number(ctx, (job.refused.len() - shown.len()) as u64),
            )],
        )
    } else {
        String::new()
    };
    JobPage {
        title: ctx.t_args("ops-imports-job-title", &[("file", job.file_name.clone())]),
        kind: kind_label(ctx, job.kind.as_str()),
        by: ctx.staff_actor_label(&job.by),
        started: when(ctx, job.started_at),
        state: job.state.as_str(),
        percent: job.percent,
        status_text: status_text(ctx, &job),
        counts: counts(ctx, &job),
        outcome,
        refused: shown,
        refused_more,
        not_invited: job
            .not_invited
            .iter()
            .take(SHOWN_REFUSALS)
            .map(|n| (n.line, n.mpn_id.to_string(), n.contact_email.to_string()))
            .collect(),
        id: job.id,
        nav: staff.nav("imports"),
        ctx: staff.ctx.clone(),
    }
}

/// `GET /ops/imports/{job}`.
pub async fn show(
    OperatorUser(staff): OperatorUser,
    State(app): State<App>,
    Path(id): Path<String>,
) -> Response {
    match app.import_jobs().get(&id) {
        Some(job) => render(StatusCode::OK, &job_page(&staff, job)),
        None => staff.ctx.not_found(),
    }
}

/// What the page's script reads.
#[derive(Debug, Serialize)]
pub struct ProgressAnswer {
    pub state: JobState,
    pub percent: u64,
    pub bytes_read: u64,
    pub bytes_total: u64,
    pub rows_read: u64,
    /// The status line in the page's language.
    pub text: String,
    pub summary: Option<import_jobs::ImportSummary>,
    pub refused: u64,
}

/// `GET /ops/imports/{job}/progress.json`.
pub async fn progress(
    OperatorUser(staff): OperatorUser,
    State(app): State<App>,
    Path(id): Path<String>,
) -> Response {
    let Some(job) = app.import_jobs().get(&id) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let mut response = Json(ProgressAnswer {
        text: status_text(&staff.ctx, &job),
        state: job.state,
        percent: job.percent,
        bytes_read: job.bytes_read,
        bytes_total: job.bytes_total,
        rows_read: job.rows_read,
        summary: job.summary,
        refused: job.refused_count,
    })
    .into_response();
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

/// `GET /ops/imports/{job}/refused.csv`.
pub async fn refused_csv(
    OperatorUser(staff): OperatorUser,
    State(app): State<App>,
    Path(id): Path<String>,
) -> Response {
    let Some(job) = app.import_jobs().get(&id) else {
        return staff.ctx.not_found();
    };
    match import_jobs::refused_csv(&job.refused) {
        Ok(csv) => {
            let disposition = format!("attachment; filename=\"refused-{}.csv\"", job.id);
            let mut response = csv.into_response();
            let headers = response.headers_mut();
            headers.insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/csv; charset=utf-8"),
            );
            if let Ok(value) = HeaderValue::from_str(&disposition) {
                headers.insert(header::CONTENT_DISPOSITION, value);
            }
            response
        }
        Err(e) => staff.ctx.fail(e),
    }
}
