//! The program's resources (R32): documents operators publish and partners read in their
//! language, else in English, marked.
//!
//! A document has a kind (the Performance Guidelines of a version, R8; the enrollment guide;
//! the learning option asset collection; a community call recording), a version, and one
//! version per language: a title and either a PDF (at most 20 MiB, told by its first bytes as
//! proofs are, R29) or an `https://` link. The English version comes first, so every language
//! has one to fall back to. Versions never change once published: a correction is a new
//! version of the document. Every change is audited.

use jiff::Timestamp;
use lpc_domain::MpnId;
use lpc_domain::access::Action;
use lpc_store::{
    AuditDraft, DocumentFile, DocumentKind, DocumentSource, NewDocument, NewDocumentVersion,
    ResourceDocument,
};

use crate::{Actor, App, AppError};

/// The largest PDF a document version may be.
pub const MAX_DOCUMENT_BYTES: usize = 20 * 1024 * 1024;

/// The languages a document version may be in; English first.
pub const LANGS: [&str; 3] = ["en", "ja", "it"];

/// The longest title, version and link accepted.
const MAX_TITLE: usize = 200;
const MAX_VERSION: usize = 40;
const MAX_LINK: usize = 2000;

/// A language version as typed by an operator: parsed by [`VersionForm::parse`] so that each
/// refusal names its field.
#[derive(Debug, Clone, Default)]
pub struct VersionForm {
    pub lang: String,
    pub title: String,
    /// An `https://` address, or empty when a file is given.
    pub link: String,
    /// The uploaded file's name and bytes, if any.
    pub file: Option<(String, Vec<u8>)>,
}

impl VersionForm {
    pub fn parse(self) -> Result<NewDocumentVersion, AppError> {
        let lang = self.lang.trim();
        if !LANGS.contains(&lang) {
            return Err(AppError::invalid(
                "lang",
                format!("R32: documents are in en, ja or it, not {:?}", clip(lang)),
            ));
        }
        let title = self.title.trim();
        if title.is_empty()
            || title.chars().count() > MAX_TITLE
            || title.chars().any(char::is_control)
        {
            return Err(AppError::invalid(
                "title",
                format!("R32: a title of 1 to {MAX_TITLE} characters, on one line"),
            ));
        }
        let link = self.link.trim();
        let source = match (link.is_empty(), self.file) {
            (true, Some((name, content))) if !content.is_empty() => check_file(&name, content)?,
            (false, None) => DocumentSource::Link(check_link(link)?),
            (false, Some((_, content))) if content.is_empty() => {
                DocumentSource::Link(check_link(link)?)
            }
            (true, _) => {
                return Err(AppError::invalid(
                    "file",
                    "R32: give the document as a PDF file or an https link",
                ));
            }
            (false, Some(_)) => {
                return Err(AppError::invalid(
                    "link",
                    "R32: give a PDF file or an https link, not both",
                ));
            }
        };
        Ok(NewDocumentVersion {
            lang: lang.to_owned(),
            title: title.to_owned(),
            source,
        })
    }
}

/// At most 40 characters of a refused value, to echo it safely.
fn clip(text: &str) -> String {
    text.chars().take(40).collect()
}

/// R32 + R29: a PDF of at most [`MAX_DOCUMENT_BYTES`], told by its first bytes.
fn check_file(name: &str, content: Vec<u8>) -> Result<DocumentSource, AppError> {
    check_size(content.len() as u64)?;
    if crate::payments::sniff_proof(&content) != Some("application/pdf") {
        return Err(AppError::invalid(
            "file",
            "R32: the document must be a PDF (its first bytes are not %PDF-)",
        ));
    }
    Ok(DocumentSource::File {
        file_name: crate::payments::clean_file_name(name),
        content,
    })
}

/// Refuses a file over [`MAX_DOCUMENT_BYTES`]; adapters call it before reading a body whole.
pub fn check_size(size: u64) -> Result<(), AppError> {
    if size > MAX_DOCUMENT_BYTES as u64 {
        return Err(AppError::invalid(
            "file",
            format!("R32: the file is {size} bytes; at most {MAX_DOCUMENT_BYTES} (20 MiB)"),
        ));
    }
    Ok(())
}

/// R32: links are `https://` only, with a host, no credentials, on one line.
fn check_link(text: &str) -> Result<String, AppError> {
    let refuse = || {
        AppError::invalid(
            "link",
            format!("R32: a link must be an https:// address, at most {MAX_LINK} characters"),
        )
    };
    if text.len() > MAX_LINK || text.chars().any(|c| c.is_control() || c.is_whitespace()) {
        return Err(refuse());
    }
    let url = reqwest::Url::parse(text).map_err(|_| refuse())?;
    if url.scheme() != "https"
        || url.host_str().is_none_or(str::is_empty)
        || !url.username().is_empty()
        || url.password().is_some()
    {
        return Err(refuse());
    }
    Ok(url.to_string())
}

/// Parses a document kind typed in a form.
pub fn parse_kind(text: &str) -> Result<DocumentKind, AppError> {
    DocumentKind::parse(text.trim()).ok_or_else(|| {
        AppError::invalid(
            "kind",
            format!(
                "R32: a document is guidelines, enrollment_guide, asset_collection or \
                 call_recording, not {:?}",
                clip(text)
            ),
        )
    })
}

fn parse_version(text: &str) -> Result<String, AppError> {
    let version = text.trim();
    if version.is_empty()
        || version.len() > MAX_VERSION
        || !version
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b".-_".contains(&b))
    {
        return Err(AppError::invalid(
            "version",
            format!(
                "R32: a version of 1 to {MAX_VERSION} letters, digits, dots, dashes or \
                 underscores (like FY26-1.0)"
            ),
        ));
    }
    Ok(version.to_owned())
}

fn audit(actor: &Actor, action: &str, target: String, at: Timestamp) -> AuditDraft {
    AuditDraft::new(
        actor.audit_name(),
        action,
        target,
        at,
        serde_json::json!({ "rule": "R32" }),
    )
}

/// Publishes a document with its English version (operators).
pub async fn publish(
    app: &App,
    actor: &Actor,
    kind: &str,
    version: &str,
    english: VersionForm,
) -> Result<ResourceDocument, AppError> {
    actor.authorize(Action::OperateProgram)?;
    let kind = parse_kind(kind)?;
    let version = parse_version(version)?;
    let english = english.parse()?;
    if english.lang != "en" {
        return Err(AppError::invalid(
            "lang",
            "R32: a document is published in English first; add other languages after",
        ));
    }
    let now = app.clock().now();
    let new = NewDocument {
        kind,
        version: version.clone(),
        english,
        published_at: now,
        published_by: actor.audit_name(),
    };
    let draft = audit(
        actor,
        "resource.publish",
        format!("resource:{kind}:{version}"),
        now,
    )
    .with_detail("kind", kind.as_str())
    .with_detail("version", version);
    Ok(app.store().publish_document(&new, &draft).await?)
}

/// Adds a Japanese or Italian version to document `id` (operators).
pub async fn add_version(
    app: &App,
    actor: &Actor,
    id: i64,
    form: VersionForm,
) -> Result<ResourceDocument, AppError> {
    actor.authorize(Action::OperateProgram)?;
    let new = form.parse()?;
    let now = app.clock().now();
    let draft = audit(actor, "resource.add_version", format!("resource:{id}"), now);
    Ok(app.store().add_document_version(id, &new, &draft).await?)
}

/// Withdraws document `id` (operators): partners no longer see it.
pub async fn withdraw(app: &App, actor: &Actor, id: i64) -> Result<(), AppError> {
    actor.authorize(Action::OperateProgram)?;
    let now = app.clock().now();
    let draft = audit(actor, "resource.withdraw", format!("resource:{id}"), now);
    Ok(app.store().withdraw_document(id, &draft).await?)
}

/// Every document, withdrawn ones too (operators).
pub async fn all(app: &App, actor: &Actor) -> Result<Vec<ResourceDocument>, AppError> {
    actor.authorize(Action::OperateProgram)?;
    Ok(app.store().resource_documents(true).await?)
}

/// The documents a partner's users read (withdrawn ones left out), newest first.
pub async fn for_partner(
    app: &App,
    actor: &Actor,
    partner: MpnId,
) -> Result<Vec<ResourceDocument>, AppError> {
    actor.authorize(Action::ReadPartner(partner))?;
    Ok(app.store().resource_documents(false).await?)
}

/// The published Performance Guidelines document of `version` (R8), if the program has one;
/// public, as the guidelines page is.
pub async fn guidelines(app: &App, version: &str) -> Result<Option<ResourceDocument>, AppError> {
    if parse_version(version).is_err() {
        return Ok(None);
    }
    Ok(app
        .store()
        .resource_document_by_version(DocumentKind::Guidelines, version)
        .await?
        .filter(|d| d.withdrawn_at.is_none()))
}

/// The PDF of document `id` in `lang`: a withdrawn document's only for operators; a
/// partner's reader (`partner`) reads the others.
pub async fn file(
    app: &App,
    actor: &Actor,
    partner: Option<MpnId>,
    id: i64,
    lang: &str,
) -> Result<DocumentFile, AppError> {
    let staff = actor.authorize(Action::OperateProgram).is_ok();
    match partner {
        Some(partner) => actor.authorize(Action::ReadPartner(partner))?,
        None if staff => {}
        None => actor.authorize(Action::OperateProgram)?,
    }
    let missing = || AppError::NotFound(format!("document {id} has no {lang} file"));
    let document = app
        .store()
        .resource_document(id)
        .await?
        .ok_or_else(missing)?;
    if document.withdrawn_at.is_some() && !staff {
        return Err(missing());
    }
    if !LANGS.contains(&lang) {
        return Err(missing());
    }
    app.store()
        .document_file(id, lang)
        .await?
        .ok_or_else(missing)
}

/// The guidelines document's PDF of `version` in `lang`, for anyone (R8: the page that names
/// it is public).
pub async fn guidelines_file(
    app: &App,
    version: &str,
    lang: &str,
) -> Result<DocumentFile, AppError> {
    let missing = || AppError::NotFound(format!("no {lang} file of guidelines {version}"));
    let document = guidelines(app, version).await?.ok_or_else(missing)?;
    if !LANGS.contains(&lang) {
        return Err(missing());
    }
    app.store()
        .document_file(document.id, lang)
        .await?
        .ok_or_else(missing)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form(link: &str, file: Option<&[u8]>) -> VersionForm {
        VersionForm {
            lang: "en".into(),
            title: "Guidelines".into(),
            link: link.into(),
            file: file.map(|b| ("g.pdf".to_owned(), b.to_vec())),
        }
    }

    #[test]
    fn links_are_https_only() {
        assert!(form("https://learn.example/guide", None).parse().is_ok());
        for bad in [
            "http://learn.example/guide",
            "javascript:alert(1)",
            "https://user:pw@learn.example/",
            "https://learn.example/a b",
            "ftp://learn.example/",
            "data:text/html,hi",
        ] {
            let err = form(bad, None).parse().unwrap_err();
            assert!(err.to_string().contains("link"), "{bad}: {err}");
        }
    }

    #[test]
    fn files_are_pdfs_told_by_their_first_bytes() {
        assert!(form("", Some(b"%PDF-1.7 body")).parse().is_ok());
        let err = form("", Some(b"<html><script>")).parse().unwrap_err();
        assert!(err.to_string().contains("PDF"), "{err}");
        let err = form("", None).parse().unwrap_err();
        assert!(err.to_string().contains("file"), "{err}");
        let err = form("https://x.example/", Some(b"%PDF-1.7"))
            .parse()
            .unwrap_err();
        assert!(err.to_string().contains("not both"), "{err}");
        assert!(check_size(MAX_DOCUMENT_BYTES as u64).is_ok());
        assert!(check_size(MAX_DOCUMENT_BYTES as u64 + 1).is_err());
    }

    #[test]
    fn kinds_versions_and_languages_are_bounded() {
        assert!(parse_kind("call_recording").is_ok());
        assert!(parse_kind("<script>").is_err());
        assert!(parse_version("FY26-1.0").is_ok());
        assert!(parse_version("FY26 1.0").is_err());
        assert!(parse_version(&"9".repeat(41)).is_err());
        let mut f = form("https://x.example/", None);
        f.lang = "fr".into();
        assert!(f.parse().is_err());
    }
}
