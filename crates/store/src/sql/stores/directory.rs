//! [`DirectoryStore`] for every SQL [`Backend`]: each method runs the shared SQL of `crate::sql`.

use crate::audit::AuditDraft;
use crate::error::StoreError;
use async_trait::async_trait;
use jiff::Timestamp;
use jiff::civil::Date;
use lpc_domain::MpnId;

use crate::sql::Backend;
use crate::store::DirectoryStore;

#[async_trait]
impl<B: Backend> DirectoryStore for B {
    async fn add_directory_request(
        &self,
        request: &crate::directory::NewDirectoryRequest,
        audit: &AuditDraft,
    ) -> Result<crate::directory::DirectoryRequest, StoreError> {
        crate::sql::directory::add_request(self, request, audit).await
    }

    async fn directory_request(
        &self,
        id: i64,
    ) -> Result<Option<crate::directory::DirectoryRequest>, StoreError> {
        crate::sql::directory::request_by_id(self, id).await
    }

    async fn directory_requests(
        &self,
        partner: Option<MpnId>,
        state: Option<crate::directory::RequestState>,
    ) -> Result<Vec<crate::directory::DirectoryRequest>, StoreError> {
        crate::sql::directory::requests(self, partner, state).await
    }

    async fn record_directory_request_checks(
        &self,
        id: i64,
        checks: &str,
        checked_at: Timestamp,
        checked_on: Date,
        audit: &AuditDraft,
    ) -> Result<crate::directory::DirectoryRequest, StoreError> {
        crate::sql::directory::record_request_checks(
            self, id, checks, checked_at, checked_on, audit,
        )
        .await
    }

    async fn decide_directory_request(
        &self,
        id: i64,
        decision: &crate::directory::RequestDecision,
        reason: &str,
        audit: &AuditDraft,
    ) -> Result<crate::directory::DirectoryRequest, StoreError> {
        crate::sql::directory::decide(self, id, decision, reason, audit).await
    }

    async fn directory_listing(
        &self,
        partner: MpnId,
    ) -> Result<Option<crate::directory::DirectoryListing>, StoreError> {
        crate::sql::directory::listing_of(self, partner).await
    }

    async fn directory_listings(
        &self,
        include_removed: bool,
    ) -> Result<Vec<crate::directory::DirectoryListing>, StoreError> {
        crate::sql::directory::listings(self, include_removed).await
    }

    async fn record_listing_check(
        &self,
        partner: MpnId,
        check: &crate::directory::ListingCheck,
        audit: &AuditDraft,
    ) -> Result<crate::directory::DirectoryListing, StoreError> {
        crate::sql::directory::record_listing_check(self, partner, check, audit).await
    }

    async fn remove_directory_listing(
        &self,
        partner: MpnId,
        on: Date,
        audit: &AuditDraft,
    ) -> Result<crate::directory::DirectoryListing, StoreError> {
        crate::sql::directory::remove_listing(self, partner, on, audit).await
    }

    async fn public_listings(
        &self,
        on: Date,
    ) -> Result<Vec<crate::directory_public::PublicListing>, StoreError> {
        crate::sql::directory_public::public_listings(self, on).await
    }

    async fn directory_version(
        &self,
    ) -> Result<crate::directory_public::DirectoryVersion, StoreError> {
        crate::sql::directory_public::version(self).await
    }

    async fn directory_token(&self, partner: MpnId) -> Result<Option<String>, StoreError> {
        crate::sql::directory::token(self, partner).await
    }

    async fn create_directory_token(
        &self,
        partner: MpnId,
        token: &str,
        audit: &AuditDraft,
    ) -> Result<String, StoreError> {
        crate::sql::directory::create_token(self, partner, token, audit).await
    }

    async fn directory_competitors(&self) -> Result<Vec<String>, StoreError> {
        crate::sql::directory::competitors(self).await
    }

    async fn add_directory_competitor(
        &self,
        name: &str,
        audit: &AuditDraft,
    ) -> Result<bool, StoreError> {
        crate::sql::directory::add_competitor(self, name, audit).await
    }

    async fn remove_directory_competitor(
        &self,
        name: &str,
        audit: &AuditDraft,
    ) -> Result<bool, StoreError> {
        crate::sql::directory::remove_competitor(self, name, audit).await
    }
}
