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
//! - [`stores`]: the aggregates' traits of [`crate::Store`] for every [`Backend`].
//! - [`decode`]: stored values back into domain types.
//! - [`audit_log`]: appending to and paging through the audit chain.
//! - [`partners`]: partner organizations.
//! - [`users`]: users and their roles.
//! - [`tokens`]: API bearer tokens.
//! - [`claims`]: sign-ups waiting for the program, its decisions, contacts on file and
//!   address confirmation (R31).
//! - [`partner_users`]: a partner's users list, with pending invitations (R1).
//! - [`partner_import`]: a partner file stored in bulk (R31); [`partner_invitations`]: the
//!   invitations of its contacts, queued a batch at a time and used once; [`multi_row`]: the
//!   placeholders of statements carrying many rows.
//! - [`sessions`]: web sessions, password reset tokens and users' languages.
//! - [`guidelines`]: acceptances of the Performance Guidelines (R8).
//! - [`people`]: trainers, exam passes and API tokens changed one by one from the portal.
//! - [`trainers`], [`exams`]: trainer affiliations and exam passes (R4, R8, R9).
//! - [`memberships`]: learning memberships (R3, R5, R11, R28) and what paid orders do to them.
//! - [`orders`]: orders and their payment (R29, R30).
//! - [`proofs`]: proofs of bank-transfer payments (R29), kept with their content.
//! - [`publications`]: publications' headers (R17).
//! - [`resources`]: the program's documents and their language versions (R8, R32).
//! - [`publication_history`], [`import_history`]: the operator console's histories of
//!   publications (with who published) and of imports run from the browser.
//! - [`rule_sets`]: rule sets uploaded by operators (R14).
//! - [`eligibility_bulk`]: what eligibility reads about every partner (R14's what-if).
//! - [`outbox`]: e-mail waiting to be sent.
//! - [`announcements`]: the program's announcements, their dismissals and their mail to
//!   every partner admin, in batches (R32).
//! - [`cases`]: support cases, their comments and KPI adjustments (R5, R22, R27).
//! - [`case_attachments`]: the files given with cases (R13: a discrepancy's invoice).
//! - [`directory`]: the public directory's requests, listings, tokens and competitors (R24-R26).
//! - [`directory_public`]: the listings the public directory shows (R24, R26, R28).
//! - [`jobs`]: the scheduled jobs' runs, each claimed by one server with a lease (issue 18).
//! - [`program_stats`]: the operators' overview counts, partner search and audit trails.
//! - [`copy`]: a whole database copied into an empty PostgreSQL one (`lpc db copy`).
//! - [`throttles`]: sign-in and sign-up attempts counted for every server (issue 18).

pub mod announcements;
pub mod audit_log;
pub mod case_attachments;
pub mod cases;
pub mod claims;
pub mod copy;
pub mod db;
pub mod decode;
pub mod directory;
pub mod directory_public;
pub mod eligibility_bulk;
pub mod exams;
pub mod guidelines;
pub mod import_history;
pub mod jobs;
pub mod memberships;
pub mod multi_row;
pub mod orders;
pub mod outbox;
pub mod partner_import;
pub mod partner_invitations;
pub mod partner_users;
pub mod partners;
pub mod people;
pub mod program_stats;
pub mod proofs;
pub mod publication_history;
pub mod publications;
pub mod query;
pub mod resources;
pub mod row;
pub mod rule_sets;
pub mod sessions;
pub mod stores;
pub mod throttles;
pub mod tokens;
pub mod trainers;
pub mod users;

pub use db::{Backend, Db, Dialect, WriteTx};
pub use query::{Arg, Query, sql};
pub use row::{FromRow, FromValue, Row, Value};
