//! `sql`: the SQL and the row decoding that both backends share, written once.
//!
//! A backend implements [`Db`] (run a statement, return [`Row`]s of plain [`Value`]s) and
//! [`Backend`] (where reads and write transactions come from); everything else here is generic
//! over them. Statements use `$N` placeholders and PostgreSQL's `::type` casts, which the
//! SQLite backend removes; where the two databases really speak differently, the code asks
//! [`Db::DIALECT`]. What is not shared stays in the backend crates: migrations, the ledger's
//! bulk paths (COPY, SQLite's prepared statements), locking.
//!
//! # Layout
//! - [`query`]: a statement and its arguments ([`sql`], [`Query`], [`Arg`]).
//! - [`row`]: a fetched row as plain values ([`Row`], [`Value`]).
//! - [`db`]: the [`Db`], [`WriteTx`] and [`Backend`] traits a backend implements.
//! - [`decode`]: stored values back into domain types.
//! - [`audit_log`]: appending to and paging through the audit chain.
//! - [`partners`]: partner organizations.

pub mod audit_log;
pub mod db;
pub mod decode;
pub mod partners;
pub mod query;
pub mod row;

pub use db::{Backend, Db, Dialect, WriteTx};
pub use query::{Arg, Query, sql};
pub use row::{FromRow, FromValue, Row, Value};
