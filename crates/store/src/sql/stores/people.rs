//! [`PeopleStore`] for every SQL [`Backend`]: each method runs the shared SQL of `crate::sql`.

use crate::audit::AuditDraft;
use crate::error::StoreError;
use crate::rows::{ExamPass, GuidelineAcceptance, ImportCounts, Trainer, User};
use async_trait::async_trait;
use jiff::Timestamp;
use jiff::civil::Date;
use lpc_domain::MpnId;

use crate::sql::Backend;
use crate::store::PeopleStore;

#[async_trait]
impl<B: Backend> PeopleStore for B {
    async fn import_trainers(
        &self,
        trainers: &[Trainer],
        audit: &AuditDraft,
    ) -> Result<ImportCounts, StoreError> {
        crate::sql::trainers::import(self, trainers, audit).await
    }

    async fn trainers_of(&self, partner: MpnId) -> Result<Vec<Trainer>, StoreError> {
        crate::sql::trainers::of_partner(self, partner).await
    }

    async fn import_exam_passes(
        &self,
        passes: &[ExamPass],
        audit: &AuditDraft,
    ) -> Result<ImportCounts, StoreError> {
        crate::sql::exams::import(self, passes, audit).await
    }

    async fn exam_passes_of(
        &self,
        partner: MpnId,
        since: Date,
    ) -> Result<Vec<ExamPass>, StoreError> {
        crate::sql::exams::of_partner(self, partner, since).await
    }

    async fn accept_guidelines(
        &self,
        acceptance: &GuidelineAcceptance,
        audit: &AuditDraft,
    ) -> Result<(), StoreError> {
        crate::sql::guidelines::accept(self, acceptance, audit).await
    }

    async fn guideline_acceptances(
        &self,
        partner: MpnId,
    ) -> Result<Vec<GuidelineAcceptance>, StoreError> {
        crate::sql::guidelines::of_partner(self, partner).await
    }

    async fn user_by_token(&self, token_sha256: &str) -> Result<Option<User>, StoreError> {
        crate::sql::tokens::user(self, token_sha256).await
    }

    async fn api_token(
        &self,
        token_sha256: &str,
    ) -> Result<Option<crate::ApiTokenInfo>, StoreError> {
        crate::sql::people::token(self, token_sha256).await
    }

    async fn touch_api_token(&self, token_sha256: &str, at: Timestamp) -> Result<(), StoreError> {
        crate::sql::people::touch_token(self, token_sha256, at).await
    }

    async fn remove_trainer(
        &self,
        partner: MpnId,
        mct_id: &str,
        audit: &AuditDraft,
    ) -> Result<bool, StoreError> {
        crate::sql::people::remove_trainer(self, partner, mct_id, audit).await
    }

    async fn remove_exam_pass(
        &self,
        pass: &ExamPass,
        audit: &AuditDraft,
    ) -> Result<bool, StoreError> {
        crate::sql::people::remove_exam_pass(self, pass, audit).await
    }

    async fn add_api_token_with_hint(
        &self,
        user_id: i64,
        token_sha256: &str,
        label: &str,
        last_four: &str,
        expires_at: Timestamp,
        audit: &AuditDraft,
    ) -> Result<(), StoreError> {
        let token = crate::NewApiToken {
            user_id,
            sha256: token_sha256,
            label,
            last_four,
            expires_at,
        };
        crate::sql::people::add_token(self, &token, audit).await
    }

    async fn api_tokens_of(&self, user_id: i64) -> Result<Vec<crate::ApiTokenInfo>, StoreError> {
        crate::sql::people::tokens_of(self, user_id).await
    }

    async fn revoke_api_token(
        &self,
        user_id: i64,
        token_sha256: &str,
        audit: &AuditDraft,
    ) -> Result<bool, StoreError> {
        crate::sql::people::revoke_token(self, user_id, token_sha256, audit).await
    }

    async fn eligibility_bulk(
        &self,
        since: Date,
        published_on: Option<Date>,
    ) -> Result<crate::EligibilityBulk, StoreError> {
        crate::sql::eligibility_bulk::read(self, since, published_on).await
    }
}
