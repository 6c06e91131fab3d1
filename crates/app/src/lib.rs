//! `lpc-app`: the use cases of the Learning Partner Center.
//!
//! The only crate that joins the pure rules (`lpc-domain`), storage (`lpc-store`), the clock
//! and the audit log. Adapters (CLI, web) parse their input into domain types, call a use case
//! with the [`Actor`] asking, and render the result; permissions (R1) are decided here, so no
//! adapter can forget them.
//!
//! # Layout
//! - [`app`]: [`App`], the handle every adapter holds (store + clock).
//! - [`clock`]: where "today" comes from (`--today`, `LPC_TODAY`, or the real date).
//! - [`actor`]: who is asking, and how that is written into the audit log.
//! - [`error`]: [`AppError`], one enum for every refusal and failure, with its exit code.
//! - [`rule_files`]: loading rule sets from TOML files (embedded or `--rules DIR`).
//! - [`passwords`]: Argon2id hashing, off the async threads.
//! - [`partners`]: registering and reading partner organizations.
//! - [`users`]: creating users with their roles, and signing in.
//! - [`accounts`]: self-service sign-up, password resets and invitations (single-use links).
//! - [`claims`]: who an organization belongs to (R31): claims waiting for an operator, the
//!   decisions, the program's invitations to contacts on file, what an unverified one may not
//!   see or do.
//! - [`partner_users`]: the partner's users list, with pending invitations (R1).
//! - [`partners_import`]: onboarding partners in bulk from the program's partner file,
//!   verified, their contacts invited by single-use links (R31).
//! - [`partner_invitations`]: those links used: the contact's account made as the partner's
//!   MPN partner admin (R31).
//! - [`audit`]: verifying the audit chain.
//! - [`spreadsheet_cells`]: cells of the CSV files we write, safe to open in a spreadsheet.
//! - [`csv_rows`]: reading the interchange CSV files with every bad row reported.
//! - [`import_file`]: what every file import shares (the file's digest).
//! - [`import_jobs`]: imports run in the background from the operator console, their
//!   progress, outcome and refused rows, and the import history.
//! - [`trainers`], [`exams`]: importing trainer affiliations and exam passes (R4, R8, R9).
//! - [`invoices`]: importing Courseware Marketplace invoices (R12, R13, R14, R16, R20).
//! - [`publications`]: the monthly KPI publication (R17, R18, R21) and the dashboard's report.
//! - [`publication_history`]: the publications operators list, and a partner's two
//!   publications compared line by line.
//! - [`memo`]: values derived from frozen data, kept in memory up to a budget.
//! - [`resources`]: the program's documents in en, ja and it (R8, R32).
//! - [`report_cache`]: published reports kept in memory once read (they never change).
//! - [`directory`]: listing requests, the verification token and the monthly cycle (R24-R26).
//! - [`directory_search`]: the public directory kept in memory and searched (R24, R26).
//! - [`renewals`]: anniversaries: renewed, waived (R23), pending or lapsed (R28), reminders.
//! - [`renewal_assessment`]: one judgement of a renewal on the anniversary's facts, shared by
//!   the renewal run, the operators' predictions and the forecast (R14, R19, R23).
//! - [`renewal_forecast`]: what a partner must still do before an anniversary, and by when
//!   (R17, R19).
//! - [`cases`]: Partner Frontline Support cases: KPI discrepancies and their adjustments (R13,
//!   R21, R22), account profile setup (R5), missing directory listings (R27).
//! - [`mail`]: the e-mail outbox: queueing with a dedup key, delivering by SMTP (lettre).
//! - [`announcements`]: the program's announcements (R32, R14): published, changed before
//!   their start, withdrawn; shown to partners until dismissed; mailed once to every partner
//!   admin in their language.
//! - [`scheduler`]: the server's daily jobs (publication on the 15th), catching up at start.
//! - [`eligibility`]: gathering a partner's facts and judging every option (R3..R10).
//! - [`entitlements`]: may a partner buy courseware for external delivery, at which price (R6).
//! - [`guidelines`]: a partner admin's acceptance of the Performance Guidelines (R8).
//! - [`enrollment`]: enrolling and upgrading, an order per enrollment (R1..R5, R8..R11).
//! - [`bank_transfer`]: the program's bank account and the payment reference of an order.
//! - [`payments`]: proofs of bank transfers, confirmation, expiry and refunds (R29, R30).
//! - [`tokens`]: API bearer tokens.
//! - [`web_sessions`]: the web's sessions, kept in the database.
//! - [`throttles`]: attempts reserved before the work they protect, counted for every server
//!   (the web's sign-in and sign-up limits).
//! - [`views`]: the records use cases hand to adapters (the store's rows, re-exported).
//! - [`program_overview`]: the operators' overview, renewal predictions, partner search and files.
//! - [`demo`]: the demo program a newcomer sees.
//! - [`landing_check`]: the directory landing page checks (R25), safe against hostile servers.
//! - [`bench_data`]: the deterministic files `lpc bench generate` writes for the benchmarks.

pub mod accounts;
pub mod actor;
pub mod announcements;
pub mod app;
pub mod audit;
pub mod bank_transfer;
pub mod bench_data;
pub mod cases;
pub mod claims;
pub mod clock;
pub mod csv_rows;
pub mod demo;
pub mod directory;
pub mod directory_search;
pub mod eligibility;
pub mod enrollment;
pub mod entitlements;
pub mod error;
pub mod exams;
pub mod guidelines;
pub mod import_file;
pub mod import_jobs;
pub mod invoices;
pub mod landing_check;
pub mod mail;
pub mod memo;
pub mod partner_invitations;
pub mod partner_users;
pub mod partners;
pub mod partners_import;
pub mod passwords;
pub mod payments;
pub mod program_overview;
pub mod publication_history;
pub mod publications;
pub mod renewal_assessment;
pub mod renewal_forecast;
pub mod renewals;
pub mod report_cache;
pub mod resources;
pub mod rule_drafts;
pub mod rule_files;
pub mod scheduler;
pub mod spreadsheet_cells;
pub mod throttles;
pub mod tokens;
pub mod trainers;
pub mod users;
pub mod views;
pub mod web_sessions;

pub use actor::Actor;
pub use app::{App, MailSettings};
pub use clock::{Clock, FixedClock, SystemClock};
pub use error::AppError;
