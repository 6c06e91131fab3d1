//! The rows of the operators' histories: import runs and publications with who made them.

use jiff::Timestamp;
use serde::Serialize;

use super::publications::Publication;

/// One import run from the operator console (`/ops/imports`), kept in the import history
/// whether it was stored or refused.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ImportRecord {
    /// The console's job id.
    pub id: String,
    /// `invoices`, `trainers` or `exams`.
    pub kind: String,
    pub file_name: String,
    pub started_at: Timestamp,
    pub finished_at: Timestamp,
    /// Who ran it (the audit log's actor name).
    pub by: String,
    /// `done` (stored) or `failed` (refused: nothing stored).
    pub state: String,
    /// Data rows read.
    pub rows: u64,
    /// Rows newly stored (or updated).
    pub stored: u64,
    /// Rows already stored with the same values.
    pub unchanged: u64,
    pub invoices: u64,
    pub credit_notes: u64,
    pub partners: u64,
    /// Rows refused.
    pub refused: u64,
}

/// A publication as its history lists it: the frozen header and who published it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PublicationRecord {
    pub publication: Publication,
    /// The actor of its `publication.publish` audit event; `None` when there is none.
    pub published_by: Option<String>,
}
