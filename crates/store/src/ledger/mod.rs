//! The KPI ledger: invoice lines as an append-only ledger written in batches, and
//! publications as cut-offs over it (DESIGN.md, storage; issue 14).
//!
//! Everything here is free of any database driver, so that both backends store and derive
//! exactly the same things; a backend only moves rows.
//!
//! # Layout
//! - [`segment`]: how lines are packed, one value per partner and flush of an import.
//! - [`documents`]: the document table that identifies lines by key (idempotent imports).
//! - [`fingerprint`]: the 64-bit fingerprint of a line's values kept in that table.
//! - [`buffer`]: an import's lines waiting to become segments, in compact form.
//! - [`import`]: an import session over a backend's [`import::LedgerWriter`].
//! - [`publication`]: the rows a publication holds, derived from the ledger, its totals and
//!   digest.
//! - [`parallel`]: deriving a publication on every core, hashed in partner order.
//! - [`batches`]: what committed batches record, and the figures read from it.
//! - [`convert`]: moving a database of the copy model into the ledger.

pub mod batches;
pub mod buffer;
pub mod convert;
pub mod documents;
pub mod fingerprint;
pub mod import;
pub mod parallel;
pub mod publication;
pub mod segment;

pub use batches::{BatchRecord, late_lines_waiting};
pub use documents::{DocumentKey, DocumentPart};
pub use import::{BUFFER_BYTES, BatchSummary, ImportSession, LedgerWriter, Prepared};
pub use parallel::ParallelPublication;
pub use publication::{
    Feeder, PartnerAdjustments, PartnerLedger, PartnerPart, PendingPartner, PreviousCut,
    PublicationCut, PublicationOutcome, derive_part, partner_rows,
};
pub use segment::{
    EncodedSegment, LineRef, Segment, SegmentBuilder, month_number, month_of_number,
};
