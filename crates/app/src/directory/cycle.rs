//! The directory's monthly cycle (R25, R26, R28): [`cycle`], run by operators, `lpc directory
//! cycle` and the scheduler; see the parent module's docs for what it decides.

use futures_util::StreamExt;
use jiff::civil::Date;
use lpc_domain::MpnId;
use lpc_domain::access::Action;
use lpc_domain::calendar::{DateWindow, directory_processing};
use lpc_store::NewOutboxMessage;
use lpc_store::directory::{DirectoryListing, DirectoryRequest, ListingCheck, RequestState};
use serde::Serialize;
use serde_json::json;

use super::decisions::{Decision, check, decide_now, recheck_request};
use super::draft;
use super::requests::{has_active_membership, r24_refusal};
use super::schedule::{current_or_next_window, visible_from};
use super::views::{failures, parse_report, report_text};
use crate::landing_check::LandingReport;
use crate::{Actor, App, AppError};

/// Landing pages checked at the same time by the monthly cycle (R25).
const CHECKS_AT_ONCE: usize = 8;

/// One request the cycle decided or left.
#[derive(Debug, Clone, Serialize)]
pub struct CycleRequest {
    pub request_id: i64,
    pub partner_id: MpnId,
    /// Approved: the day it is public.
    pub visible_from: Option<Date>,
    pub reason: String,
}

/// One listing the cycle flagged, cleared or removed.
#[derive(Debug, Clone, Serialize)]
pub struct CycleListing {
    pub partner_id: MpnId,
    pub reason: String,
}

/// What one run of the cycle did (`lpc directory cycle --json`).
#[derive(Debug, Clone, Serialize)]
pub struct CycleReport {
    pub today: Date,
    /// False outside days 15-21: nothing was done.
    pub in_processing_window: bool,
    /// This month's processing week, or the next one.
    pub processing_window: DateWindow,
    pub approved: Vec<CycleRequest>,
    pub rejected: Vec<CycleRequest>,
    /// Left for an operator: a check failed, or automatic approval is off.
    pub awaiting_decision: Vec<CycleRequest>,
    pub flagged: Vec<CycleListing>,
    /// Flagged before, passing again.
    pub cleared: Vec<CycleListing>,
    /// Removed from the directory from today.
    pub removed: Vec<CycleListing>,
    /// Landing pages checked by this run.
    pub checked: usize,
    pub mails_queued: usize,
}

/// R26: the monthly cycle (operators, the CLI and the scheduler); see the module docs.
pub async fn cycle(app: &App, actor: &Actor) -> Result<CycleReport, AppError> {
    actor.authorize(Action::OperateProgram)?;
    let today = app.clock().today();
    let window = current_or_next_window(today);
    let mut report = CycleReport {
        today,
        in_processing_window: window.contains(today),
        processing_window: window,
        approved: Vec::new(),
        rejected: Vec::new(),
        awaiting_decision: Vec::new(),
        flagged: Vec::new(),
        cleared: Vec::new(),
        removed: Vec::new(),
        checked: 0,
        mails_queued: 0,
    };
    if !report.in_processing_window {
        return Ok(report);
    }
    let mut changed = false;
    // R28: a partner without an active learning membership leaves at this cycle.
    for listing in app.store().directory_listings(false).await? {
        if has_active_membership(app, listing.partner_id).await? {
            continue;
        }
        let reason = format!(
            "R28: partner {} holds no active learning membership any more",
            listing.partner_id
        );
        let audit = draft(
            app,
            actor,
            "directory.remove",
            format!("partner:{}", listing.partner_id),
            json!({ "reason": reason, "on": today }),
        );
        match app
            .store()
            .remove_directory_listing(listing.partner_id, today, &audit)
            .await
        {
            Ok(_) => {}
            // Another server's cycle removed it a moment ago.
            Err(lpc_store::StoreError::Conflict(_)) => continue,
            Err(e) => return Err(e.into()),
        }
        changed = true;
        report.mails_queued += tell_removal(app, listing.partner_id, today, &reason).await?;
        report.removed.push(CycleListing {
            partner_id: listing.partner_id,
            reason,
        });
    }
    // R25: each listed landing page is checked again once per cycle. A check may wait up
    // to its time limit on a slow site, so several run at once; their outcomes are recorded
    // one by one, in the listings' order.
    let due: Vec<_> = app
        .store()
        .directory_listings(false)
        .await?
        .into_iter()
        .filter(|l| l.last_checked_on.is_none_or(|on| on < window.from))
        .collect();
    let mut checks = futures_util::stream::iter(due)
        .map(|listing| async move {
            let checked = check(
                app,
                actor,
                listing.partner_id,
                &listing.landing_url,
                &listing.display_name,
            )
            .await;
            (listing, checked)
        })
        .buffered(CHECKS_AT_ONCE);
    while let Some((listing, checked)) = checks.next().await {
        let checked = checked?;
        report.checked += 1;
        let passed = checked.passed();
        let reason = failures(&checked);
        let flagged_before = listing.flagged_on.is_some_and(|on| on < window.from);
        let (flag, remove_on, action) = if passed {
            (None, None, "directory.listing.check")
        } else if flagged_before {
            (
                Some((today, reason.clone())),
                Some(today),
                "directory.remove",
            )
        } else {
            (Some((today, reason.clone())), None, "directory.flag")
        };
        let audit = draft(
            app,
            actor,
            action,
            format!("partner:{}", listing.partner_id),
            json!({ "passed": passed, "reason": if passed { None } else { Some(&reason) } }),
        );
        let change = ListingCheck {
            checks: report_text(&checked)?,
            checked_at: app.clock().now(),
            checked_on: today,
            flag,
            remove_on,
        };
        app.store()
            .record_listing_check(listing.partner_id, &change, &audit)
            .await?;
        let entry = CycleListing {
            partner_id: listing.partner_id,
            reason: reason.clone(),
        };
        if passed {
            if listing.flagged_on.is_some() {
                changed = true;
                report.cleared.push(CycleListing {
                    partner_id: listing.partner_id,
                    reason: "R25: every check passes again".to_owned(),
                });
            }
        } else if remove_on.is_some() {
            changed = true;
            let why = format!("R25: its landing page still fails its checks: {reason}");
            report.mails_queued += tell_removal(app, listing.partner_id, today, &why).await?;
            report.removed.push(CycleListing {
                partner_id: listing.partner_id,
                reason: why,
            });
        } else if listing.flagged_on.is_none() {
            report.mails_queued += tell_flag(app, &listing, today, &reason).await?;
            report.flagged.push(entry);
        }
    }
    // R26: the requests whose processing week has begun, oldest first.
    let mut due: Vec<DirectoryRequest> = app
        .store()
        .directory_requests(None, Some(RequestState::Received))
        .await?
        .into_iter()
        .filter(|r| r.processing_from <= today)
        .collect();
    due.sort_by_key(|r| r.id);
    for request in due {
        if !has_active_membership(app, request.partner_id).await? {
            let reason = r24_refusal(request.partner_id).to_string();
            match decide_now(app, actor, &request, Decision::Reject, &reason, today).await {
                Ok(_) => {}
                // Decided meanwhile (an operator, another server's cycle).
                Err(AppError::Conflict(_)) => continue,
                Err(e) => return Err(e),
            }
            changed = true;
            report.rejected.push(CycleRequest {
                request_id: request.id,
                partner_id: request.partner_id,
                visible_from: None,
                reason,
            });
            continue;
        }
        let (request, checks) = if request.last_checked_on == Some(today) {
            let checks = parse_report(request.checks.as_deref());
            (request, checks)
        } else {
            let (stored, checks) = recheck_request(app, actor, &request).await?;
            report.checked += 1;
            (stored, Some(checks))
        };
        let passed = checks.as_ref().is_some_and(LandingReport::passed);
        if passed && app.directory().auto_approve {
            let reason = "R25: every landing page check passed; approved automatically (R26)";
            let view =
                match decide_now(app, actor, &request, Decision::Approve, reason, today).await {
                    Ok(view) => view,
                    Err(AppError::Conflict(_)) => continue,
                    Err(e) => return Err(e),
                };
            changed = true;
            report.approved.push(CycleRequest {
                request_id: view.request_id,
                partner_id: view.partner_id,
                visible_from: Some(visible_from(request.visible_by, today)),
                reason: reason.to_owned(),
            });
        } else {
            report.awaiting_decision.push(CycleRequest {
                request_id: request.id,
                partner_id: request.partner_id,
                visible_from: None,
                reason: match &checks {
                    Some(c) if !c.passed() => failures(c),
                    _ => "automatic approval is off: an operator decides".to_owned(),
                },
            });
        }
    }
    if changed {
        app.directory_index().invalidate();
    }
    Ok(report)
}

async fn mail_admins(
    app: &App,
    partner: MpnId,
    key: &str,
    subject: &str,
    body: &str,
) -> Result<usize, AppError> {
    let mut queued = 0;
    for to in app.store().partner_admin_emails(partner).await? {
        let message = NewOutboxMessage {
            dedup_key: format!("{key}:{to}"),
            to,
            subject: subject.to_owned(),
            body: body.to_owned(),
            created_at: app.clock().now(),
        };
        if app.store().enqueue_mail(&message).await? {
            queued += 1;
        }
    }
    Ok(queued)
}

async fn tell_flag(
    app: &App,
    listing: &DirectoryListing,
    today: Date,
    reason: &str,
) -> Result<usize, AppError> {
    let next = directory_processing(today).processing_window.from;
    let body = format!(
        "The landing page of partner {} in the Learning Partner directory ({}) failed its monthly check on {today}:\n\n{reason}\n\nPlease fix it: if it still fails at the next cycle (from {next}), the listing is removed from the directory (R25).\n",
        listing.partner_id, listing.landing_url
    );
    mail_admins(
        app,
        listing.partner_id,
        &format!("directory-flag:{}:{today}", listing.partner_id),
        "Your directory landing page failed its check",
        &body,
    )
    .await
}

async fn tell_removal(
    app: &App,
    partner: MpnId,
    today: Date,
    reason: &str,
) -> Result<usize, AppError> {
    let body = format!(
        "The listing of partner {partner} was removed from the Learning Partner directory on {today}.\n\n{reason}\n\nA new listing can be requested from the portal once this is resolved (R24).\n"
    );
    mail_admins(
        app,
        partner,
        &format!("directory-remove:{partner}:{today}"),
        "Your directory listing was removed",
        &body,
    )
    .await
}
