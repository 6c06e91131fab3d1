//! The public Learning Partner directory (R24-R26; rows in `crate::directory`):
//! the [`DirectoryStore`] part of the storage contract.

use crate::audit::AuditDraft;
use crate::error::StoreError;
use async_trait::async_trait;
use jiff::Timestamp;
use jiff::civil::Date;
use lpc_domain::MpnId;

/// The public Learning Partner directory (R24-R26; rows in `crate::directory`).
#[async_trait]
pub trait DirectoryStore: Send + Sync {
    /// Stores a listing request; the partner's earlier requests still `received` become
    /// `superseded`, in the same transaction. `NotFound` if the partner is not registered.
    async fn add_directory_request(
        &self,
        request: &crate::directory::NewDirectoryRequest,
        audit: &AuditDraft,
    ) -> Result<crate::directory::DirectoryRequest, StoreError>;

    async fn directory_request(
        &self,
        id: i64,
    ) -> Result<Option<crate::directory::DirectoryRequest>, StoreError>;

    /// Requests of one partner and/or in one state (`None`: any), newest first.
    async fn directory_requests(
        &self,
        partner: Option<MpnId>,
        state: Option<crate::directory::RequestState>,
    ) -> Result<Vec<crate::directory::DirectoryRequest>, StoreError>;

    /// Stores new check results of a request (any state), with its audit event.
    async fn record_directory_request_checks(
        &self,
        id: i64,
        checks: &str,
        checked_at: Timestamp,
        checked_on: Date,
        audit: &AuditDraft,
    ) -> Result<crate::directory::DirectoryRequest, StoreError>;

    /// Decides a `received` request (decided by the audit draft's actor, at its time); an
    /// approval writes the partner's listing in the same transaction. `Conflict` if the
    /// request is not `received`; `NotFound` if there is no such request.
    async fn decide_directory_request(
        &self,
        id: i64,
        decision: &crate::directory::RequestDecision,
        reason: &str,
        audit: &AuditDraft,
    ) -> Result<crate::directory::DirectoryRequest, StoreError>;

    async fn directory_listing(
        &self,
        partner: MpnId,
    ) -> Result<Option<crate::directory::DirectoryListing>, StoreError>;

    /// Every listing, removed ones only with `include_removed`, by partner.
    async fn directory_listings(
        &self,
        include_removed: bool,
    ) -> Result<Vec<crate::directory::DirectoryListing>, StoreError>;

    /// Stores a re-check of a listing: its results, its flag, its removal. `NotFound` if the
    /// partner has no listing.
    async fn record_listing_check(
        &self,
        partner: MpnId,
        check: &crate::directory::ListingCheck,
        audit: &AuditDraft,
    ) -> Result<crate::directory::DirectoryListing, StoreError>;

    /// Removes a listing from `on` (R28: the partner's membership lapsed). `Conflict` if it
    /// is already removed; `NotFound` if there is none.
    async fn remove_directory_listing(
        &self,
        partner: MpnId,
        on: Date,
        audit: &AuditDraft,
    ) -> Result<crate::directory::DirectoryListing, StoreError>;

    /// The listings public on `on` (`visible_from <= on`, not yet `listed_until`) with their
    /// partners' active memberships, by partner (the public directory's read side).
    async fn public_listings(
        &self,
        on: Date,
    ) -> Result<Vec<crate::directory_public::PublicListing>, StoreError>;

    /// A cheap fingerprint of what [`Store::public_listings`] shows, so that a server keeping
    /// the directory in memory knows when to read it again.
    async fn directory_version(
        &self,
    ) -> Result<crate::directory_public::DirectoryVersion, StoreError>;

    /// The partner's domain-ownership token (R25), if one was made.
    async fn directory_token(&self, partner: MpnId) -> Result<Option<String>, StoreError>;

    /// Stores `token` as the partner's unless it has one; returns the one stored (the first
    /// always wins, so two concurrent first uses agree). Audited only when stored.
    async fn create_directory_token(
        &self,
        partner: MpnId,
        token: &str,
        audit: &AuditDraft,
    ) -> Result<String, StoreError>;

    /// The operator's competitors (R25), by name.
    async fn directory_competitors(&self) -> Result<Vec<String>, StoreError>;

    /// Adds a competitor; `false` (nothing written) if that name (any case) is listed.
    async fn add_directory_competitor(
        &self,
        name: &str,
        audit: &AuditDraft,
    ) -> Result<bool, StoreError>;

    /// Removes a competitor; `false` (nothing written) if that name (any case) is not listed.
    async fn remove_directory_competitor(
        &self,
        name: &str,
        audit: &AuditDraft,
    ) -> Result<bool, StoreError>;
}
