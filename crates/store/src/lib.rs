//! `lpc-store`: the storage contract of lpc, free of any database driver.
//!
//! The `app` crate talks to a [`Store`]; each backend crate (`lpc-store-sqlite`,
//! `lpc-store-postgres`) implements it with its own migrations. No driver type crosses the
//! trait, so use cases and tests are the same whichever database runs underneath.
//!
//! # Layout
//! - [`store`]: the [`Store`] trait, made of one trait per aggregate.
//! - [`error`]: [`StoreError`], the three outcomes a caller can act on.
//! - [`rows`]: the row types the trait takes and returns.
//! - [`audit`]: the SHA-256 hash chain over audit events and its verification.
//! - [`publishing`]: what both backends share to make a publication (plan, caps, digest).
//! - [`ledger`]: invoice lines as an append-only ledger in batches, publications as
//!   cut-offs over it, the same for both backends.
//! - [`directory`]: the rows of the public directory (R24-R26).
//! - [`directory_public`]: what the public directory reads (listings public on a day).
//! - [`sql`]: the SQL both backends share, written once over a small `Db` trait each backend
//!   implements.
//! - [`program_stats`]: the operators' overview counts, partner search and audit trails.
//! - `story` (feature `stories`): the shared story tests that every backend must pass, compiled
//!   only into the backends' test suites.

pub mod audit;
pub mod directory;
pub mod directory_public;
pub mod error;
pub mod ledger;
pub mod program_stats;
pub mod publishing;
pub mod rows;
pub mod rule_set_rows;
pub mod sql;
pub mod store;
// The story suite ships only to the backends' tests (issue 17): it is test code, not library.
#[cfg(feature = "stories")]
pub mod story;

pub use audit::{AuditDraft, AuditEvent, ChainBreak};
pub use error::StoreError;
pub use publishing::PublicationPlan;
pub use rows::ApiTokenInfo;
pub use rows::NewApiToken;
pub use rows::StoredSession;
pub use rows::new_import_id;
pub use rows::{
    Announcement, AnnouncementDraft, AnnouncementMail, AnnouncementText, LocalizedMail,
};
pub use rows::{
    CaseAttachment, CaseComment, CaseKind, CaseState, CaseStateChange, Claim, Claimant, ExamPass,
    ExistingLine, GuidelineAcceptance, ImportCounts, InvoiceLine, KpiAdjustment, Membership,
    MembershipStatus, NewCase, NewCaseAttachment, NewKpiAdjustment, NewOrder, NewOutboxMessage,
    NewPartner, NewPaymentProof, NewUser, Order, OrderEffect, OrderPurpose, OrderStatus,
    OutboxMessage, Partner, PaymentMethod, PaymentProofMeta, ProofDecision, ProofStatus,
    Publication, PublishedRow, PublishedTotal, SupportCase, Trainer, User, Verification,
};
pub use rows::{
    DocumentFile, DocumentKind, DocumentSource, DocumentVersion, NewDocument, NewDocumentVersion,
    ResourceDocument,
};
pub use rows::{ImportRecord, JobClaim, JobRun, PartnerUserRow, PublicationRecord};
pub use rows::{
    ImportedPartner, InvitationBatch, Invitee, NewPartnerInvitation, PartnerImport,
    PartnerInvitation, PartnersStored,
};
pub use rule_set_rows::{
    EligibilityBulk, NewRuleSetDraft, RuleSetActivation, RuleSetState, StoredRuleSet,
};
pub use store::AnnouncementStore;
pub use store::throttles::{ThrottleLimit, ThrottlePlace, ThrottlePrune, ThrottleStore};
pub use store::{
    CaseStore, DirectoryStore, InvoiceImport, JobStore, LedgerStore, MembershipStore, OutboxStore,
    PartnerStore, PeopleStore, ProgramStore, PublicationStore, ResourceStore, SessionStore, Store,
};
