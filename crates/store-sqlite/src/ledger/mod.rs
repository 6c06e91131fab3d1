//! The KPI ledger on SQLite (`lpc_store::ledger` holds the rules; this moves the rows).
//!
//! Bulk work (an import's documents and segments, a publication's pass over every segment,
//! the conversion of a copy-model database) runs on a rusqlite connection of its own, on a
//! blocking thread, with prepared statements: sqlx runs each statement on a worker thread and
//! hands rows across, which at millions of rows costs more than SQLite itself (measured:
//! 3.4 million document rows in 6.3 s with rusqlite, 10.1 s through sqlx). Small reads and
//! the commit of a batch stay on sqlx, beside every other query of the store.
//!
//! # Layout
//! - [`bulk`]: opening the bulk connection, running on a blocking thread, the import lock.
//! - [`writer`]: an import's rows ([`lpc_store::ledger::LedgerWriter`]).
//! - [`read`]: what readers see: committed batches, publication cut-offs, a partner's rows.
//! - [`publish`]: making a publication, and deriving one again to check its digest.
//! - [`recover`]: removing the pending batches of imports that ended without committing.
//! - [`convert`]: moving a database of the copy model (before issue 14) into the ledger.

pub(crate) mod bulk;
pub(crate) mod convert;
pub(crate) mod publish;
pub(crate) mod read;
pub(crate) mod recover;
pub(crate) mod writer;
