//! [`ResourceStore`] for every SQL [`Backend`]: each method runs the shared SQL of `crate::sql`.

use async_trait::async_trait;

use crate::AuditDraft;
use crate::error::StoreError;
use crate::rows::{DocumentFile, DocumentKind, NewDocument, NewDocumentVersion, ResourceDocument};
use crate::sql::Backend;
use crate::sql::resources;
use crate::store::ResourceStore;

#[async_trait]
impl<B: Backend> ResourceStore for B {
    async fn publish_document(
        &self,
        new: &NewDocument,
        audit: &AuditDraft,
    ) -> Result<ResourceDocument, StoreError> {
        resources::publish(self, new, audit).await
    }

    async fn add_document_version(
        &self,
        id: i64,
        new: &NewDocumentVersion,
        audit: &AuditDraft,
    ) -> Result<ResourceDocument, StoreError> {
        resources::add_version(self, id, new, audit).await
    }

    async fn withdraw_document(&self, id: i64, audit: &AuditDraft) -> Result<(), StoreError> {
        resources::withdraw(self, id, audit).await
    }

    async fn resource_document(&self, id: i64) -> Result<Option<ResourceDocument>, StoreError> {
        resources::get(self, id).await
    }

    async fn resource_document_by_version(
        &self,
        kind: DocumentKind,
        version: &str,
    ) -> Result<Option<ResourceDocument>, StoreError> {
        resources::by_version(self, kind, version).await
    }

    async fn resource_documents(
        &self,
        with_withdrawn: bool,
    ) -> Result<Vec<ResourceDocument>, StoreError> {
        resources::list(self, with_withdrawn).await
    }

    async fn document_file(&self, id: i64, lang: &str) -> Result<Option<DocumentFile>, StoreError> {
        resources::file(self, id, lang).await
    }
}
