//! The directory in the console (R24-R26): the requests with their landing page checks,
//! approving or rejecting them with a reason, running the checks again, running the cycle,
//! the flagged listings and the competitors.
//!
//! Routes (see [`crate::ui::routes`]), operators only ([`OperatorUser`]):
//! - `GET /ops/directory[?done=...]`
//! - `POST /ops/directory/{id}/decide` (`decision` = `approve`|`reject`, `reason`):
//!   [`directory::decide`]; refused before the request's processing week (R26).
//! - `POST /ops/directory/{id}/recheck`: [`directory::recheck`].
//! - `POST /ops/directory/cycle`: [`directory::cycle`] (idempotent, acts on days 15-21).
//! - `POST /ops/directory/competitors` (`name`): [`directory::add_competitor`].

use std::collections::HashMap;

use askama::Template;
use axum::extract::{Path, RawQuery, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use lpc_app::directory::{self, Decision};
use lpc_app::views::RequestState;
use lpc_app::{App, AppError};

use super::{OperatorUser, OpsNav, Staff};
use crate::ui::context::{Ctx, render};
use crate::ui::directory_page::{ListingRow, RequestRow};

/// A request in the console: the portal's row plus its partner.
#[derive(Debug, Clone)]
pub struct OpsRequest {
    pub row: RequestRow,
    pub partner: String,
    pub partner_href: String,
    pub received: bool,
    pub checks_passed: bool,
    /// Its processing week has begun (R26): approving and rejecting are offered only then.
    pub decidable: bool,
}

/// A flagged listing.
#[derive(Debug, Clone)]
pub struct OpsListing {
    pub partner: String,
    pub row: ListingRow,
}

#[derive(Debug, Template)]
#[template(path = "ops_directory.html")]
pub struct OpsDirectoryPage {
    pub ctx: Ctx,
    pub nav: OpsNav,
    pub notice: String,
    pub error: String,
    pub window: String,
    pub in_window: bool,
    pub auto_approve: String,
    pub received: Vec<OpsRequest>,
    pub decided: Vec<OpsRequest>,
    pub flagged: Vec<OpsListing>,
    pub listed: String,
    pub competitors: Vec<String>,
}

/// How many decided requests the history shows.
const HISTORY: usize = 20;

async fn page(app: &App, staff: &Staff) -> Result<OpsDirectoryPage, AppError> {
    let ctx = &staff.ctx;
    let all = directory::overview(app, &staff.actor).await?;
    let today = app.clock().today();
    let mut received = Vec::new();
    let mut decided = Vec::new();
    for r in &all.requests {
        let view = OpsRequest {
            row: RequestRow::of(ctx, r),
            partner: r.partner_id.to_string(),
            partner_href: format!("/ops/partners/{}", r.partner_id),
            received: r.status == RequestState::Received,
            checks_passed: r.checks_passed,
            decidable: today >= r.processing_window.from,
        };
        match r.status {
            RequestState::Received => received.push(view),
            RequestState::Superseded => {}
            _ if decided.len() < HISTORY => decided.push(view),
            _ => {}
        }
    }
    // Oldest first: the order the cycle processes them in.
    received.reverse();
    let flagged = all
        .listings
        .iter()
        .filter(|l| l.flagged_on.is_some() && l.listed_until.is_none())
        .map(|l| OpsListing {
            partner: l.partner_id.to_string(),
            row: ListingRow::of(ctx, l),
        })
        .collect();
    let listed = all.listings.iter().filter(|l| l.visible).count();
    Ok(OpsDirectoryPage {
        ctx: ctx.clone(),
        nav: staff.nav("directory"),
        notice: String::new(),
        error: String::new(),
        window: format!(
            "{} – {}",
            ctx.date(all.processing_window.from),
            ctx.date(all.processing_window.to)
        ),
        in_window: all.in_processing_window,
        auto_approve: ctx.t(if all.auto_approve {
            "ops-directory-auto-on"
        } else {
            "ops-directory-auto-off"
        }),
        received,
        decided,
        flagged,
        listed: ctx.number(i64::try_from(listed).unwrap_or(i64::MAX)),
        competitors: all.competitors,
    })
}

/// `GET /ops/directory`.
pub async fn list(
    OperatorUser(staff): OperatorUser,
    State(app): State<App>,
    RawQuery(raw): RawQuery,
) -> Response {
    let mut page = match page(&app, &staff).await {
        Ok(p) => p,
        Err(e) => return staff.ctx.fail(e),
    };
    let query: HashMap<String, String> =
        serde_urlencoded::from_str(raw.as_deref().unwrap_or("")).unwrap_or_default();
    if let Some(done) = query.get("done") {
        let key = match done.as_str() {
            "approved" => "ops-directory-done-approved",
            "rejected" => "ops-directory-done-rejected",
            "checked" => "ops-directory-done-checked",
            "cycle" => "ops-directory-done-cycle",
            "competitor" => "ops-directory-done-competitor",
            _ => "",
        };
        if !key.is_empty() {
            page.notice = staff.ctx.t(key);
        }
    }
    render(StatusCode::OK, &page)
}

/// The page with `error` at the top.
async fn refused(app: &App, staff: &Staff, status: StatusCode, error: String) -> Response {
    match page(app, staff).await {
        Ok(mut page) => {
            page.error = error;
            render(status, &page)
        }
        Err(e) => staff.ctx.fail(e),
    }
}

/// A refusal in the page's language.
fn refusal(ctx: &Ctx, err: &AppError) -> Option<(StatusCode, String)> {
    match err {
        AppError::Invalid { field, .. } if field == "reason" => Some((
            StatusCode::UNPROCESSABLE_ENTITY,
            ctx.t("ops-directory-reason-required"),
        )),
        AppError::Invalid { field, .. } if field == "name" => Some((
            StatusCode::UNPROCESSABLE_ENTITY,
            ctx.t("ops-directory-competitor-invalid"),
        )),
        AppError::Conflict(message) if message.starts_with("R26") => {
            Some((StatusCode::CONFLICT, ctx.t("ops-directory-not-yet")))
        }
        AppError::Conflict(message) if message.starts_with("R24") => {
            Some((StatusCode::CONFLICT, ctx.t("directory-error-r24")))
        }
        AppError::Conflict(_) => Some((StatusCode::CONFLICT, ctx.t("ops-directory-decided"))),
        _ => None,
    }
}

async fn answer(app: &App, staff: &Staff, result: Result<(), AppError>, done: &str) -> Response {
    match result {
        Ok(()) => Redirect::to(&format!("/ops/directory?done={done}")).into_response(),
        Err(e) => match refusal(&staff.ctx, &e) {
            Some((status, text)) => refused(app, staff, status, text).await,
            None => staff.ctx.fail(e),
        },
    }
}

/// `POST /ops/directory/{id}/decide`.
pub async fn decide(
    OperatorUser(staff): OperatorUser,
    State(app): State<App>,
    Path(id): Path<i64>,
    body: String,
) -> Response {
    let values: HashMap<String, String> = serde_urlencoded::from_str(&body).unwrap_or_default();
    let reason = values.get("reason").cloned().unwrap_or_default();
    let (decision, done) = match values.get("decision").map(String::as_str) {
        Some("approve") => (Decision::Approve, "approved"),
        Some("reject") => (Decision::Reject, "rejected"),
        _ => {
            let text = staff.ctx.t("ops-directory-pick-decision");
            return refused(&app, &staff, StatusCode::UNPROCESSABLE_ENTITY, text).await;
        }
    };
    let result = directory::decide(&app, &staff.actor, id, decision, &reason)
        .await
        .map(drop);
    answer(&app, &staff, result, done).await
}

/// `POST /ops/directory/{id}/recheck`.
pub async fn recheck(
    OperatorUser(staff): OperatorUser,
    State(app): State<App>,
    Path(id): Path<i64>,
) -> Response {
    let result = directory::recheck(&app, &staff.actor, id).await.map(drop);
    answer(&app, &staff, result, "checked").await
}

/// `POST /ops/directory/cycle`.
pub async fn cycle(OperatorUser(staff): OperatorUser, State(app): State<App>) -> Response {
    let result = directory::cycle(&app, &staff.actor).await.map(drop);
    answer(&app, &staff, result, "cycle").await
}

/// `POST /ops/directory/competitors`.
pub async fn add_competitor(
    OperatorUser(staff): OperatorUser,
    State(app): State<App>,
    body: String,
) -> Response {
    let values: HashMap<String, String> = serde_urlencoded::from_str(&body).unwrap_or_default();
    let name = values.get("name").cloned().unwrap_or_default();
    let result = directory::add_competitor(&app, &staff.actor, &name)
        .await
        .map(drop);
    answer(&app, &staff, result, "competitor").await
}
