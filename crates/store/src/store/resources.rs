//! The program's documents (R8, R32): the [`ResourceStore`] part of the storage contract.

use async_trait::async_trait;

use crate::AuditDraft;
use crate::error::StoreError;
use crate::rows::{DocumentFile, DocumentKind, NewDocument, NewDocumentVersion, ResourceDocument};

/// The documents operators publish and partners read, each with its language versions.
#[async_trait]
pub trait ResourceStore: Send + Sync {
    /// Publishes a document with its English version; a kind and version published before
    /// is a `Conflict`.
    async fn publish_document(
        &self,
        new: &NewDocument,
        audit: &AuditDraft,
    ) -> Result<ResourceDocument, StoreError>;

    /// Adds a Japanese or Italian version; one that exists is a `Conflict` (versions never
    /// change: a new version of the document is published instead).
    async fn add_document_version(
        &self,
        id: i64,
        new: &NewDocumentVersion,
        audit: &AuditDraft,
    ) -> Result<ResourceDocument, StoreError>;

    /// Withdraws a document: partners no longer see it.
    async fn withdraw_document(&self, id: i64, audit: &AuditDraft) -> Result<(), StoreError>;

    async fn resource_document(&self, id: i64) -> Result<Option<ResourceDocument>, StoreError>;

    /// The document of `kind` and `version` (the guidelines a partner accepts, R8).
    async fn resource_document_by_version(
        &self,
        kind: DocumentKind,
        version: &str,
    ) -> Result<Option<ResourceDocument>, StoreError>;

    /// The newest documents (at most 500), withdrawn ones only when asked.
    async fn resource_documents(
        &self,
        with_withdrawn: bool,
    ) -> Result<Vec<ResourceDocument>, StoreError>;

    /// The PDF of document `id` in `lang`, when that version is a file.
    async fn document_file(&self, id: i64, lang: &str) -> Result<Option<DocumentFile>, StoreError>;
}
