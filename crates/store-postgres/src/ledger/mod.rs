//! The KPI ledger on PostgreSQL (`lpc_store::ledger` holds the rules; this moves the rows).
//!
//! Rows travel in arrays (`unnest`), one statement per few thousand rows, each call of an
//! import its own short transaction. An import holds a session-level advisory lock on a
//! connection of its own for its whole length, which PostgreSQL releases when that
//! connection ends, however the process ends.
//!
//! # Layout
//! - [`lock`]: the import lock.
//! - [`writer`]: an import's rows ([`lpc_store::ledger::LedgerWriter`]).
//! - [`read`]: what readers see: committed batches, publication cut-offs, a partner's rows.
//! - [`publish`]: making a publication, and deriving one again to check its digest.
//! - [`recover`]: removing the pending batches of imports that ended without committing.
//! - [`convert`]: moving a database of the copy model (before issue 14) into the ledger.

pub(crate) mod convert;
pub(crate) mod lock;
pub(crate) mod publish;
pub(crate) mod read;
pub(crate) mod recover;
pub(crate) mod writer;
