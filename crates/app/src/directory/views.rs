//! Requests and listings as partners, operators, the CLI and the API see them, with the
//! landing page checks (R25) stored beside them as JSON.

use jiff::civil::Date;
use lpc_domain::calendar::DateWindow;
use lpc_domain::{CountryCode, MpnId};
use lpc_store::directory::{DirectoryListing, DirectoryRequest, RequestState};
use serde::Serialize;

use crate::AppError;
use crate::landing_check::LandingReport;

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
    pub(super) fn of(r: DirectoryRequest) -> Self {
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
    pub(super) fn of(l: DirectoryListing, today: Date) -> Self {
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

pub(super) fn parse_report(text: Option<&str>) -> Option<LandingReport> {
    text.and_then(|t| serde_json::from_str(t).ok())
}

pub(super) fn report_text(report: &LandingReport) -> Result<String, AppError> {
    serde_json::to_string(report).map_err(|e| AppError::Internal(e.to_string()))
}

/// The failed checks' sentences, for a reason or a mail.
pub(super) fn failures(report: &LandingReport) -> String {
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
