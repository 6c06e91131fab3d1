//! `/partner/{mpn}/resources`: the program's documents by kind, in the reader's language, else
//! in English and marked so (R32); and the download of a document's PDF.
//!
//! A PDF can carry scripts and forms, so it is always a download (never shown inline) under a
//! sandboxing policy, as proofs of payment are (issue 15).

use askama::Template;
use axum::body::Body;
use axum::extract::{Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use lpc_app::App;
use lpc_app::views::{DocumentFile, DocumentKind, ResourceDocument};

use super::context::{Ctx, render};
use super::extract::PartnerUser;

/// One document in the reader's language.
#[derive(Debug, Clone)]
pub struct DocumentView {
    pub title: String,
    pub version: String,
    /// Where it opens: the PDF's download or the https link.
    pub href: String,
    /// A PDF (downloaded) rather than a link (opened elsewhere).
    pub is_file: bool,
    /// "English version: no Japanese one yet" when it fell back; empty otherwise.
    pub fallback: String,
    pub published: String,
    pub size: String,
}

/// The documents of one kind.
#[derive(Debug, Clone)]
pub struct KindSection {
    pub kind: &'static str,
    pub title: String,
    pub intro: String,
    pub documents: Vec<DocumentView>,
}

#[derive(Debug, Template)]
#[template(path = "resources.html")]
pub struct ResourcesPage {
    pub ctx: Ctx,
    pub mpn: String,
    pub sections: Vec<KindSection>,
}

/// `document` in the page's language; `file_href` makes the download path of a language.
pub(crate) fn document_view(
    ctx: &Ctx,
    document: &ResourceDocument,
    file_href: impl Fn(&str) -> String,
) -> Option<DocumentView> {
    let (version, fell_back) = document.in_lang(ctx.lang_code())?;
    let (href, is_file) = match &version.link_url {
        Some(link) => (link.clone(), false),
        None => (file_href(&version.lang), true),
    };
    Some(DocumentView {
        title: version.title.clone(),
        version: document.version.clone(),
        href,
        is_file,
        fallback: if fell_back {
            ctx.t("resources-english-only")
        } else {
            String::new()
        },
        published: ctx.date(
            document
                .published_at
                .to_zoned(jiff::tz::TimeZone::UTC)
                .date(),
        ),
        size: version
            .size_bytes
            .map(|b| size_text(ctx, b))
            .unwrap_or_default(),
    })
}

/// A file's size the way people read it: kilobytes under a megabyte.
fn size_text(ctx: &Ctx, bytes: u64) -> String {
    if bytes < 1_048_576 {
        ctx.t_args(
            "resources-size-kb",
            &[("kb", bytes.div_ceil(1024).to_string())],
        )
    } else {
        ctx.t_args(
            "resources-size",
            &[("mb", format!("{:.1}", bytes as f64 / 1_048_576.0))],
        )
    }
}

/// The documents grouped by kind, in the order partners meet them.
pub(crate) fn sections(
    ctx: &Ctx,
    documents: &[ResourceDocument],
    file_href: impl Fn(&ResourceDocument, &str) -> String,
) -> Vec<KindSection> {
    DocumentKind::ALL
        .iter()
        .map(|kind| KindSection {
            kind: kind.as_str(),
            title: ctx.t(&format!("resources-kind-{}", kind.as_str())),
            intro: ctx.t(&format!("resources-intro-{}", kind.as_str())),
            documents: documents
                .iter()
                .filter(|d| d.kind == *kind)
                .filter_map(|d| document_view(ctx, d, |lang| file_href(d, lang)))
                .collect(),
        })
        .collect()
}

/// `GET /partner/{mpn}/resources`
pub async fn page(pu: PartnerUser, State(app): State<App>) -> Response {
    let ctx = &pu.ctx;
    let mpn = pu.partner.mpn_id.to_string();
    let documents = match lpc_app::resources::for_partner(&app, &pu.actor, pu.partner.mpn_id).await
    {
        Ok(documents) => documents,
        Err(e) => return ctx.fail(e),
    };
    let page = ResourcesPage {
        sections: sections(ctx, &documents, |d, lang| {
            format!("/partner/{mpn}/resources/{}/{lang}", d.id)
        }),
        ctx: ctx.clone(),
        mpn,
    };
    render(StatusCode::OK, &page)
}

/// A document's PDF as a download.
pub(crate) fn pdf_download(file: DocumentFile) -> Response {
    let name = super::ops::payments::header_file_name(&file.file_name);
    Response::builder()
        .status(StatusCode::OK)
        .header(header::CONTENT_TYPE, "application/pdf")
        .header(
            header::CONTENT_DISPOSITION,
            format!("attachment; filename=\"{name}\""),
        )
        .header(header::X_CONTENT_TYPE_OPTIONS, "nosniff")
        .header(
            header::CONTENT_SECURITY_POLICY,
            "sandbox; default-src 'none'",
        )
        .header(header::CACHE_CONTROL, "private, max-age=3600")
        .body(Body::from(file.content))
        .unwrap_or_else(|_| StatusCode::INTERNAL_SERVER_ERROR.into_response())
}

/// `GET /partner/{mpn}/resources/{id}/{lang}`
pub async fn download(
    pu: PartnerUser,
    State(app): State<App>,
    Path((_, id, lang)): Path<(String, i64, String)>,
) -> Response {
    match lpc_app::resources::file(&app, &pu.actor, Some(pu.partner.mpn_id), id, &lang).await {
        Ok(file) => pdf_download(file),
        Err(e) => pu.ctx.fail(e),
    }
}
