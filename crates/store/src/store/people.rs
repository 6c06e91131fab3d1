//! Trainers, exam passes, guidelines acceptances and API tokens (R4, R8, R9):
//! the [`PeopleStore`] part of the storage contract.

use crate::audit::AuditDraft;
use crate::error::StoreError;
use crate::rows::{ApiTokenInfo, ExamPass, GuidelineAcceptance, ImportCounts, Trainer, User};
use async_trait::async_trait;
use jiff::Timestamp;
use jiff::civil::Date;
use lpc_domain::MpnId;

/// Trainers, exam passes, guidelines acceptances and API tokens (R4, R8, R9).
#[async_trait]
pub trait PeopleStore: Send + Sync {
    /// Stores trainer affiliations keyed by (partner, MCT ID): new ones are added, changed
    /// ones (a renewed certification) updated, identical ones left alone; all in one
    /// transaction with its audit event.
    async fn import_trainers(
        &self,
        trainers: &[Trainer],
        audit: &AuditDraft,
    ) -> Result<ImportCounts, StoreError>;

    /// A partner's trainers, by MCT ID.
    async fn trainers_of(&self, partner: MpnId) -> Result<Vec<Trainer>, StoreError>;

    /// Stores exam passes; a pass already stored is left alone. One transaction.
    async fn import_exam_passes(
        &self,
        passes: &[ExamPass],
        audit: &AuditDraft,
    ) -> Result<ImportCounts, StoreError>;

    /// A partner's exam passes on or after `since`, oldest first.
    async fn exam_passes_of(
        &self,
        partner: MpnId,
        since: jiff::civil::Date,
    ) -> Result<Vec<ExamPass>, StoreError>;

    /// Records that a partner admin accepted a guidelines version (R8); accepting the same
    /// version again keeps the first acceptance.
    async fn accept_guidelines(
        &self,
        acceptance: &GuidelineAcceptance,
        audit: &AuditDraft,
    ) -> Result<(), StoreError>;

    /// Every guidelines version the partner has accepted.
    async fn guideline_acceptances(
        &self,
        partner: MpnId,
    ) -> Result<Vec<GuidelineAcceptance>, StoreError>;

    /// The user holding the token whose SHA-256 is given.
    async fn user_by_token(&self, token_sha256: &str) -> Result<Option<User>, StoreError>;

    /// The token with this digest as its owner's list shows it (expiry, last use).
    async fn api_token(&self, token_sha256: &str) -> Result<Option<ApiTokenInfo>, StoreError>;

    /// Records that the token authenticated a request at `at` (callers do it at most hourly).
    async fn touch_api_token(&self, token_sha256: &str, at: Timestamp) -> Result<(), StoreError>;

    /// Removes one of a partner's trainer affiliations, with its audit event in the same
    /// transaction; `false` (and nothing audited) when there was no such trainer.
    async fn remove_trainer(
        &self,
        partner: MpnId,
        mct_id: &str,
        audit: &AuditDraft,
    ) -> Result<bool, StoreError>;

    /// Removes one exam pass, with its audit event in the same transaction; `false` (and
    /// nothing audited) when there was no such pass.
    async fn remove_exam_pass(
        &self,
        pass: &ExamPass,
        audit: &AuditDraft,
    ) -> Result<bool, StoreError>;

    /// Stores an API token's SHA-256 for a user with the token's last four characters, so
    /// that the user can recognise it in the list, and the moment it expires.
    async fn add_api_token_with_hint(
        &self,
        user_id: i64,
        token_sha256: &str,
        label: &str,
        last_four: &str,
        expires_at: Timestamp,
        audit: &AuditDraft,
    ) -> Result<(), StoreError>;

    /// The user's API tokens, oldest first.
    async fn api_tokens_of(&self, user_id: i64) -> Result<Vec<ApiTokenInfo>, StoreError>;

    /// Revokes one of the user's tokens, with its audit event in the same transaction;
    /// `false` (and nothing audited) when the user holds no such token.
    async fn revoke_api_token(
        &self,
        user_id: i64,
        token_sha256: &str,
        audit: &AuditDraft,
    ) -> Result<bool, StoreError>;

    /// Every partner's trainers, exam passes since `since`, accepted guidelines versions and,
    /// with `published_on`, overall KPI points of that publication: what eligibility needs,
    /// in four queries rather than four per partner (a what-if over every partner).
    async fn eligibility_bulk(
        &self,
        since: Date,
        published_on: Option<Date>,
    ) -> Result<crate::rule_set_rows::EligibilityBulk, StoreError>;
}
