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
//! - [`audit`]: verifying the audit chain.
//! - [`demo`]: the demo program a newcomer sees.

pub mod actor;
pub mod app;
pub mod audit;
pub mod clock;
pub mod demo;
pub mod error;
pub mod partners;
pub mod passwords;
pub mod rule_files;
pub mod users;

pub use actor::Actor;
pub use app::App;
pub use clock::{Clock, FixedClock, SystemClock};
pub use error::AppError;
