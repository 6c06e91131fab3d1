//! [`ProgramStore`] for every SQL [`Backend`]: each method runs the shared SQL of `crate::sql`.

use crate::audit::{AuditDraft, AuditEvent};
use crate::error::StoreError;
use crate::rows::{ImportRecord, Membership, Partner, PublicationRecord};
use async_trait::async_trait;
use jiff::civil::Date;

use crate::sql::Backend;
use crate::store::ProgramStore;

#[async_trait]
impl<B: Backend> ProgramStore for B {
    async fn audit_page(&self, after: i64, limit: u32) -> Result<Vec<AuditEvent>, StoreError> {
        crate::sql::audit_log::page(self, after, limit).await
    }

    async fn program_counts(&self) -> Result<crate::program_stats::ProgramCounts, StoreError> {
        crate::sql::program_stats::counts(self).await
    }

    async fn anniversary_counts(
        &self,
        today: Date,
    ) -> Result<crate::program_stats::AnniversaryCounts, StoreError> {
        crate::sql::program_stats::anniversary_counts(self, today).await
    }

    async fn anniversaries_between(
        &self,
        from: Date,
        until: Date,
        offset: u64,
        limit: u32,
    ) -> Result<Vec<Membership>, StoreError> {
        crate::sql::program_stats::anniversaries_between(self, from, until, offset, limit).await
    }

    async fn search_partners(
        &self,
        query: &crate::program_stats::PartnerQuery,
        offset: u64,
        limit: u32,
    ) -> Result<(Vec<Partner>, u64), StoreError> {
        crate::sql::program_stats::search_partners(self, query, offset, limit).await
    }

    async fn audit_trail(
        &self,
        filter: &crate::program_stats::AuditTrailFilter,
        before: Option<i64>,
        limit: u32,
    ) -> Result<Vec<AuditEvent>, StoreError> {
        crate::sql::program_stats::audit_trail(self, filter, before, limit).await
    }

    async fn record_import(
        &self,
        record: &ImportRecord,
        audit: &AuditDraft,
    ) -> Result<(), StoreError> {
        crate::sql::import_history::record(self, record, audit).await
    }

    async fn import_history(&self, limit: u32) -> Result<Vec<ImportRecord>, StoreError> {
        crate::sql::import_history::latest(self, limit).await
    }

    async fn publication_history(&self, limit: u32) -> Result<Vec<PublicationRecord>, StoreError> {
        crate::sql::publication_history::latest(self, limit).await
    }

    async fn add_rule_set_draft(
        &self,
        draft: &crate::NewRuleSetDraft,
        audit: &AuditDraft,
    ) -> Result<crate::StoredRuleSet, StoreError> {
        crate::sql::rule_sets::add_draft(self, draft, audit).await
    }

    async fn rule_sets(&self) -> Result<Vec<crate::StoredRuleSet>, StoreError> {
        crate::sql::rule_sets::all(self).await
    }

    async fn rule_set(&self, id: i64) -> Result<Option<crate::StoredRuleSet>, StoreError> {
        crate::sql::rule_sets::one(self, id).await
    }

    async fn activate_rule_set(
        &self,
        activation: &crate::RuleSetActivation,
        audit: &AuditDraft,
    ) -> Result<crate::StoredRuleSet, StoreError> {
        crate::sql::rule_sets::activate(self, activation, audit).await
    }

    async fn discard_rule_set(&self, id: i64, audit: &AuditDraft) -> Result<(), StoreError> {
        crate::sql::rule_sets::discard(self, id, audit).await
    }
}
