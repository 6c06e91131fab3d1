//! The program's documents in the console (R32): publishing one in English, adding its
//! Japanese and Italian versions, withdrawing it, and reading its files.
//!
//! Routes, operators only ([`OperatorUser`]), each change answered by a redirect back to the
//! list (post/redirect/get); uploads carry their CSRF token in the form's `action`:
//! - `GET /ops/resources`: every document and the forms.
//! - `POST /ops/resources`: publish (`kind`, `version`, `title`, `link` or `file`).
//! - `POST /ops/resources/{id}/versions`: add a language version (`lang`, `title`, `link` or
//!   `file`).
//! - `POST /ops/resources/{id}/withdraw`.
//! - `GET /ops/resources/{id}/{lang}`: a version's PDF.

use std::collections::HashMap;

use askama::Template;
use axum::extract::multipart::MultipartRejection;
use axum::extract::{Multipart, Path, RawQuery, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use lpc_app::resources::{self, MAX_DOCUMENT_BYTES, VersionForm};
use lpc_app::views::DocumentKind;
use lpc_app::{App, AppError};

use super::{OperatorUser, OpsNav, Staff};
use crate::ui::context::{Ctx, render};
use crate::ui::upload::{self, Keep, UploadError};

/// The most a publish request's body may be: the PDF and the form's fields.
pub const RESOURCE_ROUTE_LIMIT: usize = MAX_DOCUMENT_BYTES + 64 * 1024;

/// One document as the console lists it.
#[derive(Debug, Clone)]
pub struct DocumentRow {
    pub id: i64,
    pub kind: String,
    pub version: String,
    pub title: String,
    /// Each language version: its code, and where it opens.
    pub versions: Vec<(String, String)>,
    /// Languages without a version yet, offered by the add form.
    pub missing: Vec<&'static str>,
    pub published: String,
    pub withdrawn: bool,
}

#[derive(Debug, Template)]
#[template(path = "ops_resources.html")]
pub struct ResourcesPage {
    pub ctx: Ctx,
    pub nav: OpsNav,
    pub notice: String,
    pub error: String,
    pub kinds: Vec<(&'static str, String)>,
    pub documents: Vec<DocumentRow>,
}

async fn page(app: &App, staff: &Staff) -> Result<ResourcesPage, AppError> {
    let ctx = &staff.ctx;
    let documents = resources::all(app, &staff.actor).await?;
    Ok(ResourcesPage {
        ctx: ctx.clone(),
        nav: staff.nav("resources"),
        notice: String::new(),
        error: String::new(),
        kinds: DocumentKind::ALL
            .iter()
            .map(|k| (k.as_str(), ctx.t(&format!("resources-kind-{}", k.as_str()))))
            .collect(),
        documents: documents
            .iter()
            .map(|d| DocumentRow {
                id: d.id,
                kind: ctx.t(&format!("resources-kind-{}", d.kind.as_str())),
                version: d.version.clone(),
                title: d
                    .versions
                    .first()
                    .map(|v| v.title.clone())
                    .unwrap_or_default(),
                versions: d
                    .versions
                    .iter()
                    .map(|v| {
                        (
                            v.lang.clone(),
                            v.link_url
                                .clone()
                                .unwrap_or_else(|| format!("/ops/resources/{}/{}", d.id, v.lang)),
                        )
                    })
                    .collect(),
                missing: resources::LANGS
                    .iter()
                    .copied()
                    .filter(|l| !d.versions.iter().any(|v| v.lang == *l))
                    .collect(),
                published: ctx.date(d.published_at.to_zoned(jiff::tz::TimeZone::UTC).date()),
                withdrawn: d.withdrawn_at.is_some(),
            })
            .collect(),
    })
}

/// `GET /ops/resources[?published=ID|version=ID&lang=L|withdrawn=ID]`
pub async fn list(
    OperatorUser(staff): OperatorUser,
    State(app): State<App>,
    RawQuery(raw): RawQuery,
) -> Response {
    let query: HashMap<String, String> =
        serde_urlencoded::from_str(raw.as_deref().unwrap_or("")).unwrap_or_default();
    let mut page = match page(&app, &staff).await {
        Ok(page) => page,
        Err(e) => return staff.ctx.fail(e),
    };
    let ctx = &staff.ctx;
    // Echoed values are parsed first: only a number or a language code is shown back.
    let id = |key: &str| query.get(key).and_then(|v| v.parse::<i64>().ok());
    if let Some(id) = id("published") {
        page.notice = ctx.t_args("ops-resources-published-notice", &[("id", id.to_string())]);
    } else if let (Some(id), Some(lang)) = (
        id("version"),
        query
            .get("lang")
            .and_then(|l| resources::LANGS.iter().find(|x| *x == l)),
    ) {
        page.notice = ctx.t_args(
            "ops-resources-version-notice",
            &[("id", id.to_string()), ("lang", (*lang).to_owned())],
        );
    } else if let Some(id) = id("withdrawn") {
        page.notice = ctx.t_args("ops-resources-withdrawn-notice", &[("id", id.to_string())]);
    }
    render(StatusCode::OK, &page)
}

async fn refused(app: &App, staff: &Staff, status: StatusCode, error: String) -> Response {
    match page(app, staff).await {
        Ok(mut page) => {
            page.error = error;
            render(status, &page)
        }
        Err(e) => staff.ctx.fail(e),
    }
}

/// The form and its file, or the answer that refuses it.
async fn receive(
    app: &App,
    staff: &Staff,
    headers: &HeaderMap,
    multipart: Result<Multipart, MultipartRejection>,
) -> Result<(HashMap<String, String>, VersionForm), Response> {
    let received = if upload::declared_over(headers, RESOURCE_ROUTE_LIMIT as u64) {
        Err(UploadError::TooLarge)
    } else {
        upload::receive(multipart, "file", MAX_DOCUMENT_BYTES as u64, Keep::InMemory).await
    };
    let received = match received {
        Ok(received) => received,
        Err(UploadError::TooLarge) => {
            let message = format!(
                "{}: {}",
                staff.ctx.t("ops-resources-file"),
                staff.ctx.t("ops-resources-error-file-size")
            );
            return Err(refused(app, staff, StatusCode::PAYLOAD_TOO_LARGE, message).await);
        }
        Err(_) => {
            return Err(refused(
                app,
                staff,
                StatusCode::BAD_REQUEST,
                staff.ctx.t("ops-resources-bad-upload"),
            )
            .await);
        }
    };
    let field = |name: &str| received.fields.get(name).cloned().unwrap_or_default();
    let form = VersionForm {
        lang: field("lang"),
        title: field("title"),
        link: field("link"),
        file: received
            .file
            .filter(|f| f.size > 0)
            .map(|f| (f.name.clone(), f.into_bytes())),
    };
    Ok((received.fields, form))
}

/// What a refused change answers: the list with the reason (it names the field and rule).
async fn fail(app: &App, staff: &Staff, e: AppError) -> Response {
    let ctx = &staff.ctx;
    match e {
        AppError::Invalid { field, message } => {
            // The use case's sentence is English; the page says it in the operator's
            // language, naming the field and the rule (R32).
            let key = match field.as_str() {
                "file" if message.contains("PDF (") => "ops-resources-error-not-pdf",
                "file" if message.contains("MiB") => "ops-resources-error-file-size",
                "file" => "ops-resources-error-no-source",
                "link" if message.contains("not both") => "ops-resources-error-both",
                "link" => "ops-resources-error-link",
                "title" => "ops-resources-error-title",
                "version" => "ops-resources-error-version",
                "kind" => "ops-resources-error-kind",
                _ => "ops-resources-error-lang",
            };
            let label = ctx.t(match field.as_str() {
                "file" => "ops-resources-file",
                "link" => "ops-resources-link",
                "title" => "ops-resources-doc-title",
                "version" => "ops-resources-version",
                "kind" => "ops-resources-kind",
                _ => "ops-resources-lang",
            });
            let text = format!("{label}: {}", ctx.t(key));
            refused(app, staff, StatusCode::UNPROCESSABLE_ENTITY, text).await
        }
        AppError::Conflict(message) => {
            let key = if message.contains("published already") {
                "ops-resources-error-published"
            } else if message.contains("withdrawn") {
                "ops-resources-error-withdrawn"
            } else {
                "ops-resources-error-has-lang"
            };
            refused(app, staff, StatusCode::CONFLICT, ctx.t(key)).await
        }
        other => ctx.fail(other),
    }
}

/// `POST /ops/resources`
pub async fn publish(
    OperatorUser(staff): OperatorUser,
    State(app): State<App>,
    headers: HeaderMap,
    multipart: Result<Multipart, MultipartRejection>,
) -> Response {
    let (fields, mut form) = match receive(&app, &staff, &headers, multipart).await {
        Ok(received) => received,
        Err(answer) => return answer,
    };
    form.lang = "en".to_owned();
    let get = |name: &str| fields.get(name).map(String::as_str).unwrap_or_default();
    match resources::publish(&app, &staff.actor, get("kind"), get("version"), form).await {
        Ok(d) => Redirect::to(&format!("/ops/resources?published={}", d.id)).into_response(),
        Err(e) => fail(&app, &staff, e).await,
    }
}

/// `POST /ops/resources/{id}/versions`
pub async fn add_version(
    OperatorUser(staff): OperatorUser,
    State(app): State<App>,
    Path(id): Path<i64>,
    headers: HeaderMap,
    multipart: Result<Multipart, MultipartRejection>,
) -> Response {
    let (_, form) = match receive(&app, &staff, &headers, multipart).await {
        Ok(received) => received,
        Err(answer) => return answer,
    };
    let lang = form.lang.trim().to_owned();
    match resources::add_version(&app, &staff.actor, id, form).await {
        Ok(_) => {
            let query = serde_urlencoded::to_string([("version", id.to_string()), ("lang", lang)])
                .unwrap_or_default();
            Redirect::to(&format!("/ops/resources?{query}")).into_response()
        }
        Err(e) => fail(&app, &staff, e).await,
    }
}

/// `POST /ops/resources/{id}/withdraw`
pub async fn withdraw(
    OperatorUser(staff): OperatorUser,
    State(app): State<App>,
    Path(id): Path<i64>,
) -> Response {
    match resources::withdraw(&app, &staff.actor, id).await {
        Ok(()) => Redirect::to(&format!("/ops/resources?withdrawn={id}")).into_response(),
        Err(e) => fail(&app, &staff, e).await,
    }
}

/// `GET /ops/resources/{id}/{lang}`
pub async fn file(
    OperatorUser(staff): OperatorUser,
    State(app): State<App>,
    Path((id, lang)): Path<(i64, String)>,
) -> Response {
    match resources::file(&app, &staff.actor, None, id, &lang).await {
        Ok(file) => crate::ui::resources_page::pdf_download(file),
        Err(e) => staff.ctx.fail(e),
    }
}
