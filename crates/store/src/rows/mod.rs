//! Row types: what the store takes and returns, in domain types, never driver types.
//!
//! # Layout
//! - [`partners`]: organizations, users and their roles, verification and claims (R1, R31).
//! - [`people`]: trainers, exam passes, guideline acceptances, import counts and API tokens.
//! - [`ledger`]: invoice lines and what an import found already stored (R12-R14, R16).
//! - [`publications`]: the frozen monthly reports, their rows and totals (R17, R21).
//! - [`memberships`]: memberships, orders, payment and proofs of payment (R3, R5, R11,
//!   R28-R30).
//! - [`cases`]: support cases, their attachments and comments, KPI adjustments (R5, R13, R22,
//!   R27).
//! - [`outbox`]: mail waiting to be sent.
//! - [`announcements`]: the program's announcements, their dismissals and their mail (R32).
//! - [`resources`]: the program's documents in their languages (R8, R32).
//! - [`sessions`]: web sessions.
//! - [`history`]: the operators' import and publication histories.
//! - [`jobs`]: the runs of the scheduled jobs, claimed once across servers (issue 18).
//! - [`onboarding`]: partners registered from the program's file and the invitations of
//!   their contacts (R31).
//!
//! Every type is re-exported here, so `crate::rows::X` names it whichever file holds it.

/// Declares an enum stored as text: `as_str` gives the stored (and JSON) name, `parse` reads
/// it back, so that the database CHECK lists, serde and the code name each value once.
macro_rules! stored_enum {
    (
        $(#[$meta:meta])*
        $name:ident { $($(#[$vmeta:meta])* $variant:ident => $text:literal),+ $(,)? }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
        #[serde(rename_all = "snake_case")]
        pub enum $name {
            $($(#[$vmeta])* $variant),+
        }

        impl $name {
            /// Every value, in declaration order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The name stored in the database and written in JSON.
            pub fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $text),+
                }
            }

            /// The value [`as_str`](Self::as_str) names, if `text` is one.
            pub fn parse(text: &str) -> Option<Self> {
                match text {
                    $($text => Some($name::$variant),)+
                    _ => None,
                }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

pub mod announcements;
pub mod cases;
pub mod history;
pub mod jobs;
pub mod ledger;
pub mod memberships;
pub mod onboarding;
pub mod outbox;
pub mod partners;
pub mod people;
pub mod publications;
pub mod resources;
pub mod sessions;

pub use announcements::{
    Announcement, AnnouncementDraft, AnnouncementMail, AnnouncementText, LocalizedMail,
};
pub use cases::{
    CaseAttachment, CaseComment, CaseKind, CaseState, CaseStateChange, KpiAdjustment, NewCase,
    NewCaseAttachment, NewKpiAdjustment, SupportCase,
};
pub use history::{ImportRecord, PublicationRecord};
pub use jobs::{JobClaim, JobRun};
pub use ledger::{ExistingLine, InvoiceLine, conflict_message, new_import_id};
pub use memberships::{
    Membership, MembershipStatus, NewOrder, NewPaymentProof, Order, OrderEffect, OrderPurpose,
    OrderStatus, PaymentMethod, PaymentProofMeta, ProofDecision, ProofStatus, describe_option,
};
pub use onboarding::{
    ImportedPartner, InvitationBatch, Invitee, NewPartnerInvitation, PartnerImport,
    PartnerInvitation, PartnersStored,
};
pub use outbox::{NewOutboxMessage, OutboxMessage};
pub use partners::{
    Claim, Claimant, NewPartner, NewUser, Partner, PartnerUserRow, User, Verification,
};
pub use people::{ApiTokenInfo, ExamPass, GuidelineAcceptance, ImportCounts, NewApiToken, Trainer};
pub use publications::{Publication, PublishedRow, PublishedTotal};
pub use resources::{
    DocumentFile, DocumentKind, DocumentSource, DocumentVersion, NewDocument, NewDocumentVersion,
    ResourceDocument,
};
pub use sessions::StoredSession;
