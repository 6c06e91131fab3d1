//! `lpc-domain`: the rules of the Learning Partner Program as pure functions.
//!
//! Nothing here does IO, reads a clock or knows a database: every decision is a function of
//! its inputs (rule set, facts, `today`), so that it can be tested exhaustively and explained
//! requirement by requirement. Rule ids (`R1`..`R30`) refer to `shared/PROGRAM.md`.
//!
//! # Layout
//! - [`ids`]: the MPN ID newtype and partner display names, parsed once at the edge.
//! - [`country`]: ISO 3166-1 alpha-2 country codes.
//! - [`email`]: e-mail addresses as login names.
//! - [`role`]: the roles a user holds, per organization or on the operator side (R1).
//! - [`access`]: who may do what (R1), as a pure policy the `app` crate enforces.

pub mod access;
pub mod country;
pub mod email;
pub mod ids;
pub mod role;

pub use country::CountryCode;
pub use email::Email;
pub use ids::{MpnId, PartnerName};
pub use role::Role;
