//! The operators' program (counts, audit, histories, rule sets): the [`ProgramStore`] part of
//! the storage contract.

use crate::audit::{AuditDraft, AuditEvent};
use crate::error::StoreError;
use crate::rows::{ImportRecord, Membership, Partner, PublicationRecord};
use async_trait::async_trait;
use jiff::civil::Date;

/// The operators' program: overview counts, partner search, the audit chain and trails,
/// the histories of imports and publications, and rule sets (R14).
#[async_trait]
pub trait ProgramStore: Send + Sync {
    /// Up to `limit` audit events with `seq > after`, in order: the log is read in pages so
    /// that verifying millions of events needs little memory.
    async fn audit_page(&self, after: i64, limit: u32) -> Result<Vec<AuditEvent>, StoreError>;

    /// The overview's counts: partners by tier (active memberships), competency and country,
    /// and undecided cases by kind and day opened.
    async fn program_counts(&self) -> Result<crate::program_stats::ProgramCounts, StoreError>;

    /// Active memberships whose anniversary falls after `today` and within 30, 60, 90 days.
    async fn anniversary_counts(
        &self,
        today: Date,
    ) -> Result<crate::program_stats::AnniversaryCounts, StoreError>;

    /// Active memberships whose anniversary is in `from..=until`, by anniversary then id,
    /// `limit` of them after skipping `offset`.
    async fn anniversaries_between(
        &self,
        from: Date,
        until: Date,
        offset: u64,
        limit: u32,
    ) -> Result<Vec<Membership>, StoreError>;

    /// Partners matching `query`, by MPN ID, `limit` after skipping `offset`, and how many
    /// match in all.
    async fn search_partners(
        &self,
        query: &crate::program_stats::PartnerQuery,
        offset: u64,
        limit: u32,
    ) -> Result<(Vec<Partner>, u64), StoreError>;

    /// Up to `limit` audit events of `filter` with `seq < before` (all when `None`), newest
    /// first.
    async fn audit_trail(
        &self,
        filter: &crate::program_stats::AuditTrailFilter,
        before: Option<i64>,
        limit: u32,
    ) -> Result<Vec<AuditEvent>, StoreError>;

    /// Records one finished import (done or refused) of the operator console, with its audit
    /// event in the same transaction; `Conflict` when its id is already recorded.
    async fn record_import(
        &self,
        record: &ImportRecord,
        audit: &AuditDraft,
    ) -> Result<(), StoreError>;

    /// The latest `limit` recorded imports, newest first.
    async fn import_history(&self, limit: u32) -> Result<Vec<ImportRecord>, StoreError>;

    /// The latest `limit` publications, newest first, each with who published it (the actor
    /// of its `publication.publish` audit event, when there is one).
    async fn publication_history(&self, limit: u32) -> Result<Vec<PublicationRecord>, StoreError>;

    /// Stores a checked rule set as a draft, with its audit event.
    async fn add_rule_set_draft(
        &self,
        draft: &crate::rule_set_rows::NewRuleSetDraft,
        audit: &AuditDraft,
    ) -> Result<crate::rule_set_rows::StoredRuleSet, StoreError>;

    /// Every uploaded rule set, newest first.
    async fn rule_sets(&self) -> Result<Vec<crate::rule_set_rows::StoredRuleSet>, StoreError>;

    async fn rule_set(
        &self,
        id: i64,
    ) -> Result<Option<crate::rule_set_rows::StoredRuleSet>, StoreError>;

    /// Activates a draft from `effective_from` (R14), with its audit event in the same
    /// transaction. `NotFound` without such a rule set; `Conflict` when it is not a draft or
    /// another active rule set takes effect that day.
    async fn activate_rule_set(
        &self,
        activation: &crate::rule_set_rows::RuleSetActivation,
        audit: &AuditDraft,
    ) -> Result<crate::rule_set_rows::StoredRuleSet, StoreError>;

    /// Discards a draft, with its audit event. `NotFound` without such a rule set;
    /// `Conflict` when it is not a draft.
    async fn discard_rule_set(&self, id: i64, audit: &AuditDraft) -> Result<(), StoreError>;
}
