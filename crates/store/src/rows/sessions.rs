//! The rows of web sessions, shared by every server on the same database.

use jiff::Timestamp;

/// A web session, shared by every server on the same database: an opaque id, the session's
/// data as JSON text (the web layer's business) and when it expires.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredSession {
    pub id: String,
    pub data: String,
    pub expires_at: Timestamp,
}
