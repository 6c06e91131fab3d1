//! What the partner's people pages share (issue 6 item 5): the page of a list with its add and
//! import forms, the refusals of a form or an import next to their field or row, and the
//! upload of a CSV. The trainers (R4) are in `trainers_page`, the exam passes (R8) in
//! `exams_page`: each listed for every user of the partner, and added, removed (after a
//! confirmation) and imported from a CSV by its admins only (R1).
//!
//! - `GET /partner/{mpn}/trainers`, `POST .../trainers` (add), `GET/POST .../trainers/remove`,
//!   `POST .../trainers/import` (multipart, `?csrf=`).
//! - The same under `/partner/{mpn}/exams`.

use std::collections::HashMap;

use askama::Template;
use axum::extract::Multipart;
use axum::extract::multipart::MultipartRejection;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use lpc_app::App;
use lpc_app::csv_rows::RowError;

use super::context::{Ctx, render};
use super::exams_page::exams_page;
use super::extract::PartnerUser;
use super::forms::Field;
use super::trainers_page::trainers_page;
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

pub(super) fn parse_pairs(text: &str) -> HashMap<String, String> {
    serde_urlencoded::from_str::<Vec<(String, String)>>(text)
        .unwrap_or_default()
        .into_iter()
        .collect()
}

pub(super) fn query_of(raw: Option<&str>) -> HashMap<String, String> {
    parse_pairs(raw.unwrap_or(""))
}

pub(super) fn forbidden(ctx: &Ctx) -> Response {
    ctx.message(
        StatusCode::FORBIDDEN,
        "error-forbidden-title",
        "error-admin-only",
    )
}

/// The message key for the app's refusal of `field` for the reason `reason`.
pub(super) fn error_key(field: &str, reason: &str) -> String {
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
pub(super) fn field_errors(ctx: &Ctx, field: &str, message: &str) -> Vec<(String, String)> {
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

pub(super) fn row_errors(ctx: &Ctx, errors: &[RowError]) -> Vec<RowErrorView> {
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

pub(super) fn set_field_error(
    fields: &mut [Field],
    form_error: &mut String,
    name: &str,
    text: String,
) {
    match fields.iter_mut().find(|f| f.name == name) {
        Some(f) => f.error = text,
        None => *form_error = text,
    }
}

/// The CSV file of a multipart upload, read up to [`IMPORT_LIMIT`] only. `Err`: the message
/// key of the refusal and its status.
pub(super) async fn uploaded_csv(
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

pub(super) fn notice_of(ctx: &Ctx, query: &HashMap<String, String>) -> String {
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

// ---------------------------------------------------------------------------------------
// What the two imports share.

/// Which people page an import answers on.
#[derive(Debug, Clone, Copy)]
pub(super) enum PeopleKind {
    Trainers,
    Exams,
}

impl PeopleKind {
    /// The page's path under `/partner/{mpn}/`.
    fn path(self) -> &'static str {
        match self {
            Self::Trainers => "trainers",
            Self::Exams => "exams",
        }
    }
}

/// `POST /partner/{mpn}/{trainers|exams}/import`: the CSV uploaded (admins, R1), `import` run
/// on its name and content (stored whole or not at all), then the page again: with how many
/// were stored, or with every refused row.
pub(super) async fn import_upload<F, Fut>(
    app: &App,
    pu: &PartnerUser,
    kind: PeopleKind,
    headers: &HeaderMap,
    multipart: Result<Multipart, MultipartRejection>,
    import: F,
) -> Response
where
    F: FnOnce(String, Vec<u8>) -> Fut,
    Fut: std::future::Future<Output = Result<u64, lpc_app::AppError>>,
{
    let ctx = &pu.ctx;
    if !pu.is_admin() {
        return forbidden(ctx);
    }
    let (name, content) = match uploaded_csv(headers, multipart).await {
        Ok(file) => file,
        Err((status, key)) => return refused_import(app, pu, kind, status, key, Vec::new()).await,
    };
    match import(name, content).await {
        Ok(stored) => Redirect::to(&format!(
            "/partner/{}/{}?imported={stored}",
            pu.partner.mpn_id,
            kind.path()
        ))
        .into_response(),
        Err(lpc_app::AppError::Rows { errors, .. }) => {
            let views = row_errors(ctx, &errors);
            refused_import(
                app,
                pu,
                kind,
                StatusCode::UNPROCESSABLE_ENTITY,
                "people-import-refused",
                views,
            )
            .await
        }
        Err(e) => ctx.fail(e),
    }
}

/// The page of `kind` again, with the import's refusal and every refused row.
pub(super) async fn refused_import(
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
