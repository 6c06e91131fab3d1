//! `/ops/imports`: operators upload an invoices, trainers or exams CSV from the browser and
//! follow the import live.
//!
//! - `GET /ops/imports`: the upload form and the import history.
//! - `POST /ops/imports?csrf=...`: a multipart upload (`kind`, `skip_invalid`, `file`), streamed
//!   part by part to a temporary file (never held in memory: invoice files run to hundreds of
//!   megabytes), then imported in the background (`lpc_app::import_jobs`); answers with a
//!   redirect to the job's page.
//! - `GET /ops/imports/{job}`: the job's page: a `<progress>` bar kept up to date by a small
//!   inline script polling `progress.json` every 500 ms (without JavaScript, the page reloads
//!   itself every two seconds and has a reload link); once finished, the summary (the counts of
//!   `lpc invoices import --json`) or the refusal, with the refused rows.
//! - `GET /ops/imports/{job}/progress.json`: where the job is, with a status line in the
//!   page's language.
//! - `GET /ops/imports/{job}/refused.csv`: the refused rows: line, field, value, rule, reason.

use std::collections::HashMap;
use std::io::Seek;

use askama::Template;
use axum::Json;
use axum::body::Body;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use futures_util::StreamExt;
use lpc_app::App;
use lpc_app::import_jobs::{self, FileProblem, ImportKind, JobState, JobView, RefusedRow, Upload};
use lpc_store::ImportRecord;
use serde::Serialize;
use tokio::io::AsyncWriteExt;

use super::{OperatorUser, OpsNav};
use crate::ui::context::{Ctx, render};

/// The largest upload accepted (an invoices file of a few million lines fits many times).
pub const UPLOAD_LIMIT: u64 = 4 * 1024 * 1024 * 1024;
/// The largest form field other than the file.
const FIELD_LIMIT: usize = 4 * 1024;
/// The most part headers a part may have, in bytes.
const PART_HEADERS_LIMIT: usize = 16 * 1024;
/// Refused rows shown on the job page; all of them are in `refused.csv`.
const SHOWN_REFUSALS: usize = 200;
/// Imports listed in the history.
const HISTORY_LENGTH: u32 = 50;

// ---------------------------------------------------------------------------------------
// The upload, streamed.

/// Why an upload could not be read.
#[derive(Debug, PartialEq, Eq)]
enum UploadError {
    NotMultipart,
    TooLarge,
    Malformed,
    Disk,
}

impl UploadError {
    fn key(&self) -> &'static str {
        match self {
            Self::NotMultipart | Self::Malformed => "ops-imports-upload-malformed",
            Self::TooLarge => "ops-imports-upload-too-large",
            Self::Disk => "ops-imports-upload-disk",
        }
    }
}

/// The form as received: its small fields, and the file written to disk.
#[derive(Debug, Default)]
struct Received {
    fields: HashMap<String, String>,
    /// The file's name as sent, the temporary file (read from its start) and its size.
    file: Option<(String, std::fs::File, u64)>,
}

/// What the current part is written to.
enum Sink {
    Field(String, Vec<u8>),
    File(String, tokio::fs::File, u64),
    Skip,
}

enum Stage {
    /// Before the first delimiter, or after a part's content (looking for the delimiter).
    Preamble,
    /// Just after a delimiter: `--` ends the body, CRLF starts a part.
    AfterDelimiter,
    Headers,
    Content(Sink),
    End,
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    if needle.is_empty() || haystack.len() < needle.len() {
        return None;
    }
    let first = needle[0];
    let last_start = haystack.len() - needle.len();
    let mut from = 0;
    while from <= last_start {
        let offset = haystack[from..=last_start]
            .iter()
            .position(|b| *b == first)?;
        let at = from + offset;
        if haystack[at..at + needle.len()] == *needle {
            return Some(at);
        }
        from = at + 1;
    }
    None
}

fn boundary_of(headers: &HeaderMap) -> Option<String> {
    let content_type = headers.get(header::CONTENT_TYPE)?.to_str().ok()?;
    let mut params = content_type.split(';').map(str::trim);
    if !params.next()?.eq_ignore_ascii_case("multipart/form-data") {
        return None;
    }
    params
        .find_map(|p| p.strip_prefix("boundary="))
        .map(|b| b.trim_matches('"').to_owned())
        .filter(|b| !b.is_empty() && b.len() <= 200)
}

/// `name` and `filename` of a part's `Content-Disposition`.
fn disposition(headers: &str) -> (Option<String>, Option<String>) {
    let Some(line) = headers
        .split("\r\n")
        .find(|l| l.to_ascii_lowercase().starts_with("content-disposition:"))
    else {
        return (None, None);
    };
    let param = |key: &str| -> Option<String> {
        line.split(';').map(str::trim).find_map(|p| {
            p.strip_prefix(key)
                .and_then(|rest| rest.strip_prefix('='))
                .map(|v| v.trim_matches('"').to_owned())
        })
    };
    (param("name"), param("filename"))
}

async fn open_sink(headers: &str) -> Result<Sink, UploadError> {
    match disposition(headers) {
        (Some(name), Some(filename)) if name == "file" => {
            let file = tempfile::tempfile().map_err(|e| {
                tracing::error!("no temporary file for an upload: {e}");
                UploadError::Disk
            })?;
            Ok(Sink::File(filename, tokio::fs::File::from_std(file), 0))
        }
        (Some(name), None) => Ok(Sink::Field(name, Vec::new())),
        _ => Ok(Sink::Skip),
    }
}

async fn write(sink: &mut Sink, bytes: &[u8]) -> Result<(), UploadError> {
    match sink {
        Sink::Field(_, value) => {
            if value.len() + bytes.len() > FIELD_LIMIT {
                return Err(UploadError::Malformed);
            }
            value.extend_from_slice(bytes);
        }
        Sink::File(_, file, size) => {
            file.write_all(bytes).await.map_err(|e| {
                tracing::error!("cannot write an upload to disk: {e}");
                UploadError::Disk
            })?;
            *size += bytes.len() as u64;
        }
        Sink::Skip => {}
    }
    Ok(())
}

async fn close(sink: Sink, received: &mut Received) -> Result<(), UploadError> {
    match sink {
        Sink::Field(name, value) => {
            received
                .fields
                .insert(name, String::from_utf8_lossy(&value).into_owned());
        }
        Sink::File(name, mut file, size) => {
            let disk = |e: std::io::Error| {
                tracing::error!("cannot finish an upload on disk: {e}");
                UploadError::Disk
            };
            file.flush().await.map_err(disk)?;
            let mut file = file.into_std().await;
            file.rewind().map_err(disk)?;
            received.file = Some((name, file, size));
        }
        Sink::Skip => {}
    }
    Ok(())
}

/// Reads a `multipart/form-data` body chunk by chunk: small fields into memory, the `file`
/// part into a temporary file, never more than a chunk and a delimiter held at once.
async fn receive(headers: &HeaderMap, body: Body) -> Result<Received, UploadError> {
    let boundary = boundary_of(headers).ok_or(UploadError::NotMultipart)?;
    let declared = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > UPLOAD_LIMIT) {
        return Err(UploadError::TooLarge);
    }
    let delimiter = format!("\r\n--{boundary}").into_bytes();
    // The first delimiter starts the body without the CRLF; one is put in front of it.
    let mut buf: Vec<u8> = b"\r\n".to_vec();
    let mut stream = body.into_data_stream();
    let mut stage = Stage::Preamble;
    let mut received = Received::default();
    let mut total: u64 = 0;
    loop {
        // Take from `buf` everything that can be decided now.
        loop {
            match stage {
                Stage::Preamble => match find(&buf, &delimiter) {
                    Some(at) => {
                        buf.drain(..at + delimiter.len());
                        stage = Stage::AfterDelimiter;
                    }
                    None => {
                        let keep = buf.len().min(delimiter.len() - 1);
                        buf.drain(..buf.len() - keep);
                        break;
                    }
                },
                Stage::AfterDelimiter => {
                    if buf.len() < 2 {
                        break;
                    }
                    if buf.starts_with(b"--") {
                        stage = Stage::End;
                        break;
                    }
                    if !buf.starts_with(b"\r\n") {
                        return Err(UploadError::Malformed);
                    }
                    buf.drain(..2);
                    stage = Stage::Headers;
                }
                Stage::Headers => match find(&buf, b"\r\n\r\n") {
                    Some(at) => {
                        let part_headers = String::from_utf8_lossy(&buf[..at]).into_owned();
                        buf.drain(..at + 4);
                        stage = Stage::Content(open_sink(&part_headers).await?);
                    }
                    None if buf.len() > PART_HEADERS_LIMIT => {
                        return Err(UploadError::Malformed);
                    }
                    None => break,
                },
                Stage::Content(mut sink) => match find(&buf, &delimiter) {
                    Some(at) => {
                        write(&mut sink, &buf[..at]).await?;
                        close(sink, &mut received).await?;
                        buf.drain(..at + delimiter.len());
                        stage = Stage::AfterDelimiter;
                    }
                    None => {
                        // The tail may be the start of a delimiter: kept for the next chunk.
                        let keep = buf.len().min(delimiter.len() - 1);
                        let ready = buf.len() - keep;
                        write(&mut sink, &buf[..ready]).await?;
                        buf.drain(..ready);
                        stage = Stage::Content(sink);
                        break;
                    }
                },
                Stage::End => break,
            }
        }
        if matches!(stage, Stage::End) {
            return Ok(received);
        }
        match stream.next().await {
            Some(Ok(chunk)) => {
                total += chunk.len() as u64;
                if total > UPLOAD_LIMIT {
                    return Err(UploadError::TooLarge);
                }
                buf.extend_from_slice(&chunk);
            }
            Some(Err(e)) => {
                tracing::info!("an upload stopped: {e}");
                return Err(UploadError::Malformed);
            }
            None => return Err(UploadError::Malformed),
        }
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
        by: r.by.trim_start_matches("user:").to_owned(),
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
    headers: HeaderMap,
    body: Body,
) -> Response {
    let ctx = &staff.ctx;
    let refuse = |status: StatusCode, page: Result<ImportsPage, lpc_app::AppError>| match page {
        Ok(page) => render(status, &page),
        Err(e) => ctx.fail(e),
    };
    let received = match receive(&headers, body).await {
        Ok(received) => received,
        Err(e) => {
            let status = if e == UploadError::TooLarge {
                StatusCode::PAYLOAD_TOO_LARGE
            } else {
                StatusCode::UNPROCESSABLE_ENTITY
            };
            let errors = (String::new(), String::new(), ctx.t(e.key()));
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
        .filter(|(name, _, size)| !(name.trim().is_empty() && *size == 0));
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
        by: job.by.trim_start_matches("user:").to_owned(),
        started: when(ctx, job.started_at),
        state: job.state.as_str(),
        percent: job.percent,
        status_text: status_text(ctx, &job),
        counts: counts(ctx, &job),
        outcome,
        refused: shown,
        refused_more,
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

#[cfg(test)]
mod tests {
    use super::*;

    async fn parse(body: &'static [u8], chunk: usize) -> Result<Received, UploadError> {
        let mut headers = HeaderMap::new();
        headers.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("multipart/form-data; boundary=XyZ"),
        );
        let chunks: Vec<Result<Vec<u8>, std::io::Error>> =
            body.chunks(chunk).map(|c| Ok(c.to_vec())).collect();
        receive(
            &headers,
            Body::from_stream(futures_util::stream::iter(chunks)),
        )
        .await
    }

    const BODY: &[u8] = b"--XyZ\r\nContent-Disposition: form-data; name=\"kind\"\r\n\r\ninvoices\r\n--XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.csv\"\r\nContent-Type: text/csv\r\n\r\na,b\r\n--X\r\n1,2\r\n\r\n--XyZ--\r\n";

    #[tokio::test]
    async fn a_streamed_upload_is_split_the_same_whatever_the_chunks() {
        for chunk in [1, 2, 3, 7, 64, 4096] {
            let mut received = parse(BODY, chunk).await.unwrap();
            assert_eq!(received.fields["kind"], "invoices", "chunk {chunk}");
            let (name, mut file, size) = received.file.take().unwrap();
            let mut content = String::new();
            std::io::Read::read_to_string(&mut file, &mut content).unwrap();
            assert_eq!(name, "a.csv");
            assert_eq!(content, "a,b\r\n--X\r\n1,2\r\n", "chunk {chunk}");
            assert_eq!(size, content.len() as u64);
        }
    }

    #[tokio::test]
    async fn a_truncated_upload_is_refused() {
        let cut = &BODY[..BODY.len() - 12];
        assert_eq!(parse(cut, 5).await.map(|_| ()), Err(UploadError::Malformed));
    }
}
