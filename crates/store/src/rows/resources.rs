//! The program's documents (R32): the Performance Guidelines partners accept (R8), the
//! enrollment guide, the learning option asset collection and the community call recordings,
//! each in English and, where one exists, Japanese and Italian.

use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

stored_enum! {
    /// What a document is, which says where partners find it (R32).
    DocumentKind {
        /// The Learning Program Performance Guidelines of a version partners accept (R8).
        Guidelines => "guidelines",
        /// The enrollment guide with its performance examples.
        EnrollmentGuide => "enrollment_guide",
        /// The learning option asset collection.
        AssetCollection => "asset_collection",
        /// A monthly community call recording.
        CallRecording => "call_recording",
    }
}

/// Where one language version of a document is: a PDF kept in the store, or a link.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DocumentSource {
    /// An `https://` address (the app has checked it).
    Link(String),
    /// A PDF (the app has checked its first bytes and size, as for proofs, R29).
    File { file_name: String, content: Vec<u8> },
}

/// One language version to store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewDocumentVersion {
    /// `en`, `ja` or `it`.
    pub lang: String,
    pub title: String,
    pub source: DocumentSource,
}

impl NewDocumentVersion {
    /// The SHA-256 of the file, hex; `None` for a link.
    pub fn sha256_hex(&self) -> Option<String> {
        match &self.source {
            DocumentSource::File { content, .. } => Some(hex::encode(Sha256::digest(content))),
            DocumentSource::Link(_) => None,
        }
    }
}

/// A document to publish, with its English version (the one every language falls back to).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewDocument {
    pub kind: DocumentKind,
    pub version: String,
    pub english: NewDocumentVersion,
    pub published_at: Timestamp,
    /// Who published it, as in the audit log.
    pub published_by: String,
}

/// One language version of a stored document, without its content.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DocumentVersion {
    pub lang: String,
    pub title: String,
    pub link_url: Option<String>,
    pub file_name: Option<String>,
    pub size_bytes: Option<u64>,
    pub sha256: Option<String>,
}

/// A stored document and its language versions (English first).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ResourceDocument {
    pub id: i64,
    pub kind: DocumentKind,
    pub version: String,
    pub published_at: Timestamp,
    pub published_by: String,
    pub withdrawn_at: Option<Timestamp>,
    pub versions: Vec<DocumentVersion>,
}

impl ResourceDocument {
    /// The version in `lang`, else the English one, and whether it fell back (R32).
    pub fn in_lang(&self, lang: &str) -> Option<(&DocumentVersion, bool)> {
        if let Some(v) = self.versions.iter().find(|v| v.lang == lang) {
            return Some((v, false));
        }
        self.versions
            .iter()
            .find(|v| v.lang == "en")
            .map(|v| (v, lang != "en"))
    }
}

/// A stored file of a document version.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocumentFile {
    pub file_name: String,
    pub content: Vec<u8>,
}
