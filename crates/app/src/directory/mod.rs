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

use jiff::civil::Date;
use lpc_domain::access::Action;
use lpc_domain::calendar::{DateWindow, directory_processing};
use lpc_domain::{CountryCode, MpnId};
use lpc_store::directory::{
    DirectoryListing, DirectoryRequest, NewDirectoryRequest, RequestDecision, RequestState,
};
use lpc_store::{AuditDraft, MembershipStatus};
use serde::Serialize;
use serde_json::json;

use crate::landing_check::{CheckSettings, LandingReport, check_landing_page};
use crate::{Actor, App, AppError};

mod cycle;
pub use cycle::{CycleListing, CycleReport, CycleRequest, cycle};

/// The longest name to show (R24), in characters, after trimming.
pub const NAME_MAX: usize = 100;
/// The longest landing page URL accepted, in bytes.
pub const URL_MAX: usize = 2000;
/// The longest competitor name, in characters.
pub const COMPETITOR_MAX: usize = 100;

/// How listing requests are checked and decided.
#[derive(Debug, Clone)]
pub struct DirectorySettings {
    /// The landing page checker's limits and what it may reach (R25).
    pub checks: CheckSettings,
    /// During the processing week, approve a request whose every check passes without waiting
    /// for an operator. On by default.
    pub auto_approve: bool,
}

impl Default for DirectorySettings {
    fn default() -> Self {
        Self {
            checks: CheckSettings::production(),
            auto_approve: true,
        }
    }
}

impl DirectorySettings {
    /// The checker of tests (plain http and loopback servers allowed), automatic approval on.
    pub fn for_tests() -> Self {
        Self {
            checks: CheckSettings::for_tests(),
            auto_approve: true,
        }
    }

    /// The settings named by `LPC_DIRECTORY_CHECKS` (`production`, the default, or `test`) and
    /// `LPC_DIRECTORY_AUTO_APPROVE` (`on`, the default, or `off`).
    pub fn from_values(checks: Option<&str>, auto_approve: Option<&str>) -> Result<Self, AppError> {
        let checks = match checks.map(str::trim) {
            None | Some("" | "production") => CheckSettings::production(),
            Some("test") => CheckSettings::for_tests(),
            Some(other) => {
                return Err(AppError::invalid(
                    "LPC_DIRECTORY_CHECKS",
                    format!("{other:?} is neither production nor test"),
                ));
            }
        };
        let auto_approve = match auto_approve
            .map(|v| v.trim().to_ascii_lowercase())
            .as_deref()
        {
            None | Some("" | "on" | "true" | "1" | "yes") => true,
            Some("off" | "false" | "0" | "no") => false,
            Some(other) => {
                return Err(AppError::invalid(
                    "LPC_DIRECTORY_AUTO_APPROVE",
                    format!("{other:?} is neither on nor off"),
                ));
            }
        };
        Ok(Self {
            checks,
            auto_approve,
        })
    }
}

/// What a partner asks to show (R24), as typed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestInput {
    pub partner: MpnId,
    pub display_name: String,
    pub country: String,
    pub landing_url: String,
}

/// A request as partners, operators, the CLI and the API see it: DESIGN.md's `directory
/// request` shape (`status`, `processing_window`, `visible_by`) plus the rest.
#[derive(Debug, Clone, Serialize)]
pub struct RequestView {
    /// `received`, `approved`, `rejected` or `superseded`.
    pub status: RequestState,
    pub request_id: i64,
    pub partner_id: MpnId,
    pub display_name: String,
    pub country: CountryCode,
    pub landing_url: String,
    pub requested_on: Date,
    /// R26: the week the request is processed in.
    pub processing_window: DateWindow,
    /// R26: the day it will be visible by, once approved.
    pub visible_by: Date,
    /// True when every landing page check passed (R25).
    pub checks_passed: bool,
    /// The latest landing page checks (R25).
    pub checks: Option<LandingReport>,
    pub decided_by: Option<String>,
    pub decided_at: Option<jiff::Timestamp>,
    pub reason: Option<String>,
}

impl RequestView {
    fn of(r: DirectoryRequest) -> Self {
        let checks = parse_report(r.checks.as_deref());
        RequestView {
            status: r.state,
            request_id: r.id,
            partner_id: r.partner_id,
            display_name: r.display_name,
            country: r.country,
            landing_url: r.landing_url,
            requested_on: r.requested_on,
            processing_window: DateWindow {
                from: r.processing_from,
                to: r.processing_to,
            },
            visible_by: r.visible_by,
            checks_passed: checks.as_ref().is_some_and(LandingReport::passed),
            checks,
            decided_by: r.decided_by,
            decided_at: r.decided_at,
            reason: r.reason,
        }
    }
}

/// A listing as partners and operators see it.
#[derive(Debug, Clone, Serialize)]
pub struct ListingView {
    pub partner_id: MpnId,
    pub display_name: String,
    pub country: CountryCode,
    pub landing_url: String,
    pub request_id: i64,
    pub visible_from: Date,
    pub listed_until: Option<Date>,
    /// Public in the directory today.
    pub visible: bool,
    pub flagged_on: Option<Date>,
    pub flag_reason: Option<String>,
    pub checks: Option<LandingReport>,
}

impl ListingView {
    fn of(l: DirectoryListing, today: Date) -> Self {
        ListingView {
            visible: l.is_visible_on(today),
            checks: parse_report(l.checks.as_deref()),
            partner_id: l.partner_id,
            display_name: l.display_name,
            country: l.country,
            landing_url: l.landing_url,
            request_id: l.request_id,
            visible_from: l.visible_from,
            listed_until: l.listed_until,
            flagged_on: l.flagged_on,
            flag_reason: l.flag_reason,
        }
    }
}

fn parse_report(text: Option<&str>) -> Option<LandingReport> {
    text.and_then(|t| serde_json::from_str(t).ok())
}

fn report_text(report: &LandingReport) -> Result<String, AppError> {
    serde_json::to_string(report).map_err(|e| AppError::Internal(e.to_string()))
}

/// The failed checks' sentences, for a reason or a mail.
fn failures(report: &LandingReport) -> String {
    let failed: Vec<String> = report
        .checks
        .iter()
        .filter(|c| !c.passed)
        .map(|c| format!("{}: {}", c.id, c.detail))
        .collect();
    if failed.is_empty() {
        "R25: the landing page could not be checked".to_owned()
    } else {
        failed.join("; ")
    }
}

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

/// R24: the name to show, trimmed, 1 to 100 characters, no control characters.
pub fn parse_name(input: &str) -> Result<String, AppError> {
    let name = input.trim();
    let chars = name.chars().count();
    if chars == 0 || chars > NAME_MAX {
        return Err(AppError::invalid(
            "name",
            format!("R24: the name to show must be 1 to {NAME_MAX} characters, not {chars}"),
        ));
    }
    if name.chars().any(char::is_control) {
        return Err(AppError::invalid(
            "name",
            "R24: the name to show may not contain control characters",
        ));
    }
    Ok(name.to_owned())
}

/// R24: the landing page URL: absolute http(s) with a host, no user name or password.
pub fn parse_url(input: &str) -> Result<String, AppError> {
    let text = input.trim();
    let refuse = |why: &str| AppError::invalid("url", format!("R25: {text:?} {why}"));
    if text.len() > URL_MAX {
        return Err(refuse(&format!("is longer than {URL_MAX} characters")));
    }
    let url = reqwest::Url::parse(text).map_err(|e| refuse(&format!("is not a URL ({e})")))?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(refuse("is not an http(s) URL"));
    }
    if url.host_str().is_none_or(str::is_empty) {
        return Err(refuse("names no host"));
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(refuse("may not hold a user name or password"));
    }
    Ok(url.to_string())
}

async fn has_active_membership(app: &App, partner: MpnId) -> Result<bool, AppError> {
    Ok(app
        .store()
        .memberships_of(partner)
        .await?
        .iter()
        .any(|m| m.status == MembershipStatus::Active))
}

fn r24_refusal(partner: MpnId) -> AppError {
    AppError::Conflict(format!(
        "R24: partner {partner} holds no active learning membership (Learning Action Pack, silver or gold): only an active learning partner may be listed in the directory"
    ))
}

/// R24: asks for the partner's listing; checks its landing page at once (R25) and answers
/// with the processing week and the day it will be visible by (R26).
pub async fn request(
    app: &App,
    actor: &Actor,
    input: &RequestInput,
) -> Result<RequestView, AppError> {
    actor.authorize(Action::ManageMemberships(input.partner))?;
    let name = parse_name(&input.display_name);
    let country = CountryCode::parse(&input.country)
        .map_err(|e| AppError::invalid("country", format!("R24: {e}")));
    let url = parse_url(&input.landing_url);
    let (name, country, url) = match (name, country, url) {
        (Ok(n), Ok(c), Ok(u)) => (n, c, u),
        (n, c, u) => {
            // Every bad field at once, each named.
            let errors: Vec<AppError> = [n.err(), c.err(), u.err()].into_iter().flatten().collect();
            let fields: Vec<String> = errors
                .iter()
                .filter_map(|e| match e {
                    AppError::Invalid { field, .. } => Some(field.clone()),
                    _ => None,
                })
                .collect();
            let messages: Vec<String> = errors
                .iter()
                .map(|e| match e {
                    AppError::Invalid { message, .. } => message.clone(),
                    other => other.to_string(),
                })
                .collect();
            return Err(AppError::invalid(fields.join(", "), messages.join("; ")));
        }
    };
    let partner = app.store().partner(input.partner).await?.ok_or_else(|| {
        AppError::NotFound(format!("partner {} is not registered", input.partner))
    })?;
    if !has_active_membership(app, partner.mpn_id).await? {
        return Err(r24_refusal(partner.mpn_id));
    }
    let token = token_of(app, actor, partner.mpn_id).await?;
    let competitors = app.store().directory_competitors().await?;
    let report =
        check_landing_page(&app.directory().checks, &url, &name, &token, &competitors).await;
    let today = app.clock().today();
    let cycle = directory_processing(today);
    let new = NewDirectoryRequest {
        partner_id: partner.mpn_id,
        display_name: name.clone(),
        country,
        landing_url: url.clone(),
        requested_at: app.clock().now(),
        requested_on: today,
        processing_from: cycle.processing_window.from,
        processing_to: cycle.processing_window.to,
        visible_by: cycle.visible_by,
        checks: report_text(&report)?,
    };
    let audit = draft(
        app,
        actor,
        "directory.request",
        format!("partner:{}", partner.mpn_id),
        json!({
            "name": name,
            "country": country.as_str(),
            "url": url,
            "processing_window": cycle.processing_window,
            "visible_by": cycle.visible_by,
            "checks_passed": report.passed(),
        }),
    );
    let stored = app.store().add_directory_request(&new, &audit).await?;
    Ok(RequestView::of(stored))
}

/// The partner's requests, newest first.
pub async fn requests_of(
    app: &App,
    actor: &Actor,
    partner: MpnId,
) -> Result<Vec<RequestView>, AppError> {
    actor.authorize(Action::ReadPartner(partner))?;
    let requests = app.store().directory_requests(Some(partner), None).await?;
    Ok(requests.into_iter().map(RequestView::of).collect())
}

/// The partner's listing, if it was ever approved.
pub async fn listing_of(
    app: &App,
    actor: &Actor,
    partner: MpnId,
) -> Result<Option<ListingView>, AppError> {
    actor.authorize(Action::ReadPartner(partner))?;
    let today = app.clock().today();
    Ok(app
        .store()
        .directory_listing(partner)
        .await?
        .map(|l| ListingView::of(l, today)))
}

/// R25: the token the partner serves at `/.well-known/lpc-verification.txt` on its landing
/// page's host; made at random on first use and kept.
pub async fn verification_token(
    app: &App,
    actor: &Actor,
    partner: MpnId,
) -> Result<String, AppError> {
    actor.authorize(Action::ReadPartner(partner))?;
    token_of(app, actor, partner).await
}

async fn token_of(app: &App, actor: &Actor, partner: MpnId) -> Result<String, AppError> {
    if let Some(token) = app.store().directory_token(partner).await? {
        return Ok(token);
    }
    let mut secret = [0u8; 16];
    getrandom::fill(&mut secret).map_err(|e| AppError::Internal(format!("no randomness: {e}")))?;
    let token = format!("lpc-verification-{}", hex::encode(secret));
    let audit = draft(
        app,
        actor,
        "directory.token",
        format!("partner:{partner}"),
        json!({}),
    );
    Ok(app
        .store()
        .create_directory_token(partner, &token, &audit)
        .await?)
}

/// Every request and listing, for operators (`lpc directory list`, `/ops/directory`).
#[derive(Debug, Clone, Serialize)]
pub struct DirectoryOverview {
    pub today: Date,
    /// The processing week now or next (R26).
    pub processing_window: DateWindow,
    pub in_processing_window: bool,
    pub auto_approve: bool,
    pub requests: Vec<RequestView>,
    pub listings: Vec<ListingView>,
    pub competitors: Vec<String>,
}

/// The processing week containing `today`, or the next one (R26).
pub fn current_or_next_window(today: Date) -> DateWindow {
    let this_month = DateWindow {
        from: today
            .first_of_month()
            .saturating_add(jiff::Span::new().days(14)),
        to: today
            .first_of_month()
            .saturating_add(jiff::Span::new().days(20)),
    };
    if today <= this_month.to {
        this_month
    } else {
        directory_processing(today).processing_window
    }
}

pub async fn overview(app: &App, actor: &Actor) -> Result<DirectoryOverview, AppError> {
    actor.authorize(Action::OperateProgram)?;
    let today = app.clock().today();
    let window = current_or_next_window(today);
    let requests = app.store().directory_requests(None, None).await?;
    let listings = app.store().directory_listings(true).await?;
    Ok(DirectoryOverview {
        today,
        processing_window: window,
        in_processing_window: window.contains(today),
        auto_approve: app.directory().auto_approve,
        requests: requests.into_iter().map(RequestView::of).collect(),
        listings: listings
            .into_iter()
            .map(|l| ListingView::of(l, today))
            .collect(),
        competitors: app.store().directory_competitors().await?,
    })
}

/// R26: the day an approval on `today` makes the listing public: the first 7th on or after
/// `today`, and never before the `visible_by` the partner was promised... nor later than
/// needed: the promise is "by", so an approval in the processing week gives exactly it.
pub fn visible_from(request_visible_by: Date, today: Date) -> Date {
    let this_month = today
        .first_of_month()
        .saturating_add(jiff::Span::new().days(6));
    let next_seventh = if today <= this_month {
        this_month
    } else {
        this_month.saturating_add(jiff::Span::new().months(1))
    };
    next_seventh.max(request_visible_by)
}

/// An operator's decision.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    Approve,
    Reject,
}

/// Approves or rejects a received request (operators, R1), with a reason (required to
/// reject). Refused before the request's processing week begins (R26).
pub async fn decide(
    app: &App,
    actor: &Actor,
    request_id: i64,
    decision: Decision,
    reason: &str,
) -> Result<RequestView, AppError> {
    actor.authorize(Action::OperateProgram)?;
    let reason = reason.trim();
    if decision == Decision::Reject && reason.is_empty() {
        return Err(AppError::invalid(
            "reason",
            "a rejection needs a reason the partner can act on",
        ));
    }
    if reason.chars().count() > 1000 {
        return Err(AppError::invalid(
            "reason",
            "a reason has at most 1000 characters",
        ));
    }
    let request = app
        .store()
        .directory_request(request_id)
        .await?
        .ok_or_else(|| AppError::NotFound(format!("there is no directory request {request_id}")))?;
    if request.state != RequestState::Received {
        return Err(AppError::Conflict(format!(
            "directory request {request_id} is {}: only a received request can be decided",
            request.state
        )));
    }
    let today = app.clock().today();
    if today < request.processing_from {
        return Err(AppError::Conflict(format!(
            "R26: directory request {request_id} is processed from {} to {}; it cannot be decided before",
            request.processing_from, request.processing_to
        )));
    }
    if decision == Decision::Approve && !has_active_membership(app, request.partner_id).await? {
        return Err(r24_refusal(request.partner_id));
    }
    let reason = if reason.is_empty() {
        "approved by an operator".to_owned()
    } else {
        reason.to_owned()
    };
    decide_now(app, actor, &request, decision, &reason, today).await
}

async fn decide_now(
    app: &App,
    actor: &Actor,
    request: &DirectoryRequest,
    decision: Decision,
    reason: &str,
    today: Date,
) -> Result<RequestView, AppError> {
    let (stored_decision, action, visible) = match decision {
        Decision::Approve => {
            let on = visible_from(request.visible_by, today);
            (
                RequestDecision::Approve { visible_from: on },
                "directory.approve",
                Some(on),
            )
        }
        Decision::Reject => (RequestDecision::Reject, "directory.reject", None),
    };
    let audit = draft(
        app,
        actor,
        action,
        format!("partner:{}", request.partner_id),
        json!({ "request_id": request.id, "reason": reason, "visible_from": visible }),
    );
    let stored = app
        .store()
        .decide_directory_request(request.id, &stored_decision, reason, &audit)
        .await?;
    app.directory_index().invalidate();
    Ok(RequestView::of(stored))
}

/// Runs the landing page checks of a request again (operators: "run checks again").
pub async fn recheck(app: &App, actor: &Actor, request_id: i64) -> Result<RequestView, AppError> {
    actor.authorize(Action::OperateProgram)?;
    let request = app
        .store()
        .directory_request(request_id)
        .await?
        .ok_or_else(|| AppError::NotFound(format!("there is no directory request {request_id}")))?;
    let (stored, _) = recheck_request(app, actor, &request).await?;
    Ok(RequestView::of(stored))
}

async fn check(
    app: &App,
    actor: &Actor,
    partner: MpnId,
    url: &str,
    name: &str,
) -> Result<LandingReport, AppError> {
    let token = token_of(app, actor, partner).await?;
    let competitors = app.store().directory_competitors().await?;
    Ok(check_landing_page(&app.directory().checks, url, name, &token, &competitors).await)
}

async fn recheck_request(
    app: &App,
    actor: &Actor,
    request: &DirectoryRequest,
) -> Result<(DirectoryRequest, LandingReport), AppError> {
    let report = check(
        app,
        actor,
        request.partner_id,
        &request.landing_url,
        &request.display_name,
    )
    .await?;
    let audit = draft(
        app,
        actor,
        "directory.check",
        format!("partner:{}", request.partner_id),
        json!({ "request_id": request.id, "passed": report.passed() }),
    );
    let stored = app
        .store()
        .record_directory_request_checks(
            request.id,
            &report_text(&report)?,
            app.clock().now(),
            app.clock().today(),
            &audit,
        )
        .await?;
    Ok((stored, report))
}

/// The operator's competitors (R25).
pub async fn competitors(app: &App, actor: &Actor) -> Result<Vec<String>, AppError> {
    actor.authorize(Action::OperateProgram)?;
    Ok(app.store().directory_competitors().await?)
}

/// Adds a competitor no landing page may name (R25); `false` when it is listed already.
pub async fn add_competitor(app: &App, actor: &Actor, name: &str) -> Result<bool, AppError> {
    actor.authorize(Action::OperateProgram)?;
    let name = name.trim();
    let chars = name.chars().count();
    if chars == 0 || chars > COMPETITOR_MAX || name.chars().any(char::is_control) {
        return Err(AppError::invalid(
            "name",
            format!("a competitor's name has 1 to {COMPETITOR_MAX} characters, not {chars}"),
        ));
    }
    let audit = draft(
        app,
        actor,
        "directory.competitor.add",
        format!("competitor:{name}"),
        json!({}),
    );
    Ok(app.store().add_directory_competitor(name, &audit).await?)
}

/// Removes a competitor; `false` when it was not listed.
pub async fn remove_competitor(app: &App, actor: &Actor, name: &str) -> Result<bool, AppError> {
    actor.authorize(Action::OperateProgram)?;
    let name = name.trim();
    let audit = draft(
        app,
        actor,
        "directory.competitor.remove",
        format!("competitor:{name}"),
        json!({}),
    );
    Ok(app
        .store()
        .remove_directory_competitor(name, &audit)
        .await?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn r26_an_approval_is_public_from_the_first_seventh_never_before_the_promise() {
        // Approved in the processing week: exactly the promised day.
        assert_eq!(
            visible_from(date(2021, 4, 7), date(2021, 3, 15)),
            date(2021, 4, 7)
        );
        assert_eq!(
            visible_from(date(2021, 4, 7), date(2021, 3, 21)),
            date(2021, 4, 7)
        );
        // Decided late: the next 7th.
        assert_eq!(
            visible_from(date(2021, 4, 7), date(2021, 4, 9)),
            date(2021, 5, 7)
        );
        assert_eq!(
            visible_from(date(2021, 4, 7), date(2021, 4, 7)),
            date(2021, 4, 7)
        );
        // December's week: January of the next year.
        assert_eq!(
            visible_from(date(2022, 1, 7), date(2021, 12, 16)),
            date(2022, 1, 7)
        );
    }

    #[test]
    fn r26_the_window_is_this_months_until_the_21st_then_next_months() {
        let w = current_or_next_window(date(2021, 3, 10));
        assert_eq!((w.from, w.to), (date(2021, 3, 15), date(2021, 3, 21)));
        let w = current_or_next_window(date(2021, 3, 21));
        assert_eq!((w.from, w.to), (date(2021, 3, 15), date(2021, 3, 21)));
        let w = current_or_next_window(date(2021, 12, 22));
        assert_eq!((w.from, w.to), (date(2022, 1, 15), date(2022, 1, 21)));
    }

    #[test]
    fn r26_every_day_2000_2100_approved_in_its_week_is_public_exactly_by_its_promise() {
        let last = date(2100, 12, 31);
        let mut day = date(2000, 1, 1);
        while day <= last {
            let promised = directory_processing(day);
            let week = promised.processing_window;
            // Approved on any day of its week: public exactly on the promised day.
            for approved in [week.from, week.to] {
                assert_eq!(
                    visible_from(promised.visible_by, approved),
                    promised.visible_by,
                    "{day}"
                );
            }
            // Never before the promise, whenever decided.
            assert!(visible_from(promised.visible_by, day) >= promised.visible_by);
            let window = current_or_next_window(day);
            assert_eq!((window.from.day(), window.to.day()), (15, 21), "{day}");
            assert!(window.to >= day, "{day}");
            assert_eq!(
                window.contains(day),
                (15..=21).contains(&day.day()),
                "{day}"
            );
            day = day.tomorrow().unwrap();
        }
    }

    #[test]
    fn r24_names_and_urls_are_refused_with_their_field() {
        assert_eq!(parse_name("  Contoso  ").unwrap(), "Contoso");
        assert!(
            matches!(parse_name("   "), Err(AppError::Invalid { field, .. }) if field == "name")
        );
        assert!(parse_name(&"x".repeat(101)).is_err());
        assert!(parse_name(&"é".repeat(100)).is_ok());
        assert!(
            matches!(parse_url("ftp://example.com/"), Err(AppError::Invalid { field, .. }) if field == "url")
        );
        assert!(parse_url("javascript:alert(1)").is_err());
        assert!(parse_url("https://user:pw@example.com/").is_err());
        assert!(parse_url("https://example.com/learning").is_ok());
    }
}
