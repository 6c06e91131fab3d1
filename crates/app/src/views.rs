//! The records use cases hand to adapters, named as adapters read them.
//!
//! They are the store's rows, re-exported, so that `web` and `cli` depend on `app` alone: the
//! storage traits, the store itself and every write stay behind the use cases (issue 17).
//! A record a page or the API needs in another shape gets its own type in the use case or in
//! the adapter (the API's JSON types are `lpc_web`'s own), never a new path to the store.

pub use lpc_store::directory::RequestState;
pub use lpc_store::program_stats::PartnerQuery;
pub use lpc_store::{
    AuditEvent, CaseAttachment, CaseComment, CaseKind, CaseState, ExamPass, GuidelineAcceptance,
    ImportRecord, InvoiceLine, JobRun, KpiAdjustment, Membership, MembershipStatus, NewPartner,
    Order, OrderPurpose, OrderStatus, Partner, PartnerUserRow, PaymentMethod, PaymentProofMeta,
    ProofDecision, ProofStatus, PublishedRow, RuleSetState, StoredRuleSet, StoredSession,
    SupportCase, Trainer, User, Verification,
};
pub use lpc_store::{DocumentFile, DocumentKind, DocumentVersion, ResourceDocument};
