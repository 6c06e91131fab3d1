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
//! - [`points`]: exact quantities: KPI points in thousandths, money in minor units (ISO 4217).
//! - [`learning_option`]: the three enrollment options, LAP < silver < gold (R3).
//! - [`requirement`]: the ids of the requirements options are judged on (DESIGN.md).
//! - [`rules`]: rule sets (program-year data) with validation, and the rule book that picks the
//!   one in force on a date (R14).
//! - [`calendar`]: the program calendar: publications, visibility, renewal, directory, orders
//!   (R17, R18, R19, R26, R28, R29, R30).
//! - [`eligibility`]: every option a partner may enroll in, every requirement and why (R3, R4,
//!   R8..R10, R15, R16), and renewals at an anniversary (R19, R23).
//! - [`entitlement`]: may a partner buy courseware for external delivery, at which price (R5,
//!   R6).
//! - [`invoice`]: Courseware Marketplace documents (R13) and the points a line earns (R12, R14, R20).

pub mod access;
pub mod calendar;
pub mod country;
pub mod eligibility;
pub mod email;
pub mod entitlement;
pub mod ids;
pub mod invoice;
pub mod learning_option;
pub mod points;
pub mod requirement;
pub mod role;
pub mod rules;

pub use country::CountryCode;
pub use email::Email;
pub use ids::{MpnId, PartnerName};
pub use learning_option::LearningOption;
pub use points::{Currency, KpiPoints, Money};
pub use requirement::RequirementId;
pub use role::Role;
pub use rules::{RuleBook, RuleSet};
