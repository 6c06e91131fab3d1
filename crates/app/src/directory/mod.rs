//! The public Learning Partner directory's requests and monthly cycle (R24-R26, R28):
//! `lpc directory request|cycle|list|decide|competitors`, the portal's and the console's
//! directory pages, `POST/GET /api/v1/partners/{mpn}/directory-requests` and the scheduler.
//!
//! - [`request`] (R24): only a partner holding an active learning membership (Learning Action
//!   Pack, silver or gold) may ask, and only its MPN partner admins or account admins (R1). The
//!   name is trimmed, 1 to 100 characters; the country an ISO 3166-1 alpha-2 code; the URL
//!   http(s) (the checker then refuses plain http and private addresses in production). A new
//!   request supersedes the partner's earlier one not yet processed. Its landing page is
//!   checked at once (R25) and the answer states its processing week and the day it will be
//!   visible by (R26, [`directory_processing`]: a request made on the 15th or later, including
//!   during the processing week itself, waits for the next month's cycle).
//! - [`cycle`] (R26): acts only during days 15-21 (the processing week) and is idempotent.
//!   Listings of partners without an active learning membership leave (`listed_until` = that
//!   day, R28); every listed landing page is re-checked once per cycle: the first failure flags
//!   it and mails the partner's admins, a failure at the next cycle removes it. Received
//!   requests whose week has begun (this month's, and older ones still pending) are re-checked
//!   (once a day) and, when every check passes and automatic approval is on, approved; the
//!   others wait for an operator. An approved listing is public from the first 7th on or after
//!   the approval, never before the request's promised `visible_by` (R26: "visible by day 7").
//! - [`decide`]: an operator approves or rejects a received request with a reason; refused
//!   before the request's processing week begins (R26: requests are processed in the third
//!   week), allowed during it and after (a request left pending).
//!
//! Automatic approval is on by default ([`DirectorySettings::auto_approve`]); `lpc` reads
//! `LPC_DIRECTORY_AUTO_APPROVE=off` to leave every request to operators, and
//! `LPC_DIRECTORY_CHECKS=test` to let the checker reach plain-http loopback servers (tests).
//! Every change is audited in the transaction that makes it.
//!
//! # Layout
//!
//! - this module: the audit draft every change is recorded with.
//! - `settings`: [`DirectorySettings`], how requests are checked and decided.
//! - `requests`: [`request`] and what partners read of their requests and listing (R24).
//! - `token`: the partner's verification token (R25).
//! - `views`: requests and listings as partners, operators, the CLI and the API see them.
//! - `schedule`: the processing week to show and the day an approval is public (R26).
//! - `decisions`: [`decide`] and the landing page checks run again (R25, R26).
//! - `competitors`: the competitors no landing page may name (R25).
//! - `overview`: every request and listing, for operators.
//! - `cycle`: the monthly cycle, [`cycle()`] (R25, R26, R28).
//!
//! [`directory_processing`]: lpc_domain::calendar::directory_processing

use lpc_store::AuditDraft;

use crate::{Actor, App};

mod competitors;
mod cycle;
mod decisions;
mod overview;
mod requests;
mod schedule;
mod settings;
mod token;
mod views;

pub use competitors::{COMPETITOR_MAX, add_competitor, competitors, remove_competitor};
pub use cycle::{CycleListing, CycleReport, CycleRequest, cycle};
pub use decisions::{Decision, decide, recheck};
pub use overview::{DirectoryOverview, overview};
pub use requests::{
    NAME_MAX, RequestInput, URL_MAX, listing_of, parse_name, parse_url, request, requests_of,
};
pub use schedule::{current_or_next_window, visible_from};
pub use settings::DirectorySettings;
pub use token::verification_token;
pub use views::{ListingView, RequestView};

fn draft(
    app: &App,
    actor: &Actor,
    action: &str,
    subject: String,
    details: serde_json::Value,
) -> AuditDraft {
    AuditDraft::new(
        actor.audit_name(),
        action,
        subject,
        app.clock().now(),
        details,
    )
}
