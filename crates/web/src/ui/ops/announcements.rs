//! The program's announcements in the console (R32), operators only: the list with each
//! one's languages, dates, state and mail, and withdrawing one. The form that writes and
//! changes them is `announcement_form`.
//!
//! Routes (see [`crate::ui::routes`]), each change answered by a redirect back to the list
//! (post/redirect/get):
//! - `GET /ops/announcements[?published=ID&mailed=N|saved=ID|withdrawn=ID]`: the list.
//! - `POST /ops/announcements/{id}/withdraw`: [`announcements::withdraw`] (ends today).

use std::collections::HashMap;

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use lpc_app::announcements::{self, Announcement, Status};
use lpc_app::{App, AppError};

use super::{OperatorUser, OpsNav, Staff};
use crate::ui::context::{Ctx, render};

/// One announcement as the list shows it.
#[derive(Debug, Clone)]
pub struct AnnouncementRow {
    pub id: i64,
    pub title: String,
    /// The languages it has a version in (`en · ja`).
    pub langs: String,
    pub starts: String,
    pub ends: String,
    /// `scheduled`, `active`, `ended`, `withdrawn`: for the style.
    pub status: &'static str,
    pub status_label: String,
    pub mailed: String,
    /// Not started yet: it can still be changed.
    pub editable: bool,
    /// Scheduled or shown today: it can be withdrawn.
    pub withdrawable: bool,
}

#[derive(Debug, Template)]
#[template(path = "ops_announcements.html")]
pub struct ListPage {
    pub ctx: Ctx,
    pub nav: OpsNav,
    /// What was just done (`role="status"`); empty: nothing.
    pub notice: String,
    /// Why the last action was refused (`role="alert"`); empty: nothing.
    pub error: String,
    pub rows: Vec<AnnouncementRow>,
}

/// The row of `a` on `today`.
pub fn row(ctx: &Ctx, a: &Announcement, today: jiff::civil::Date) -> AnnouncementRow {
    let status = Status::of(a, today);
    // The operator's language where the announcement has it, else English (R32).
    let title = a
        .text_in(ctx.lang_code())
        .map(|(t, _)| t.title.clone())
        .unwrap_or_default();
    AnnouncementRow {
        id: a.id,
        title,
        langs: a
            .texts
            .iter()
            .map(|t| t.lang.as_str())
            .collect::<Vec<_>>()
            .join(" · "),
        starts: ctx.date(a.starts_on),
        ends: a
            .ends_on
            .map_or_else(|| ctx.t("ann-no-end"), |d| ctx.date(d)),
        status: status.as_str(),
        status_label: ctx.t(&format!("ann-status-{}", status.as_str())),
        mailed: match a.mailed_at {
            Some(at) => ctx.date(at.to_zoned(jiff::tz::TimeZone::UTC).date()),
            None if status == Status::Scheduled => ctx.t("ann-mailed-on-start"),
            None => "—".to_owned(),
        },
        editable: status == Status::Scheduled,
        withdrawable: matches!(status, Status::Scheduled | Status::Active),
    }
}

async fn page(app: &App, staff: &Staff) -> Result<ListPage, AppError> {
    let ctx = &staff.ctx;
    let today = app.clock().today();
    let list = announcements::list(app, &staff.actor).await?;
    Ok(ListPage {
        ctx: ctx.clone(),
        nav: staff.nav("announcements"),
        notice: String::new(),
        error: String::new(),
        rows: list.iter().map(|a| row(ctx, a, today)).collect(),
    })
}

/// The list again with `error` (a refusal: withdrawn or changed meanwhile).
pub async fn refused(app: &App, staff: &Staff, status: StatusCode, error: String) -> Response {
    match page(app, staff).await {
        Ok(mut page) => {
            page.error = error;
            render(status, &page)
        }
        Err(e) => staff.ctx.fail(e),
    }
}

/// `GET /ops/announcements[?published=ID&mailed=N|saved=ID|withdrawn=ID]`
pub async fn list(
    OperatorUser(staff): OperatorUser,
    State(app): State<App>,
    Query(query): Query<HashMap<String, String>>,
) -> Response {
    let mut page = match page(&app, &staff).await {
        Ok(page) => page,
        Err(e) => return staff.ctx.fail(e),
    };
    let ctx = &staff.ctx;
    // Echoed values are parsed first: only numbers are ever shown back.
    let number = |key: &str| query.get(key).and_then(|v| v.parse::<u64>().ok());
    if let Some(id) = number("published") {
        let mailed = number("mailed").unwrap_or(0);
        page.notice = ctx.t_args(
            "ann-published-notice",
            &[("id", id.to_string()), ("mailed", mailed.to_string())],
        );
    } else if let Some(id) = number("saved") {
        page.notice = ctx.t_args("ann-saved-notice", &[("id", id.to_string())]);
    } else if let Some(id) = number("withdrawn") {
        page.notice = ctx.t_args("ann-withdrawn-notice", &[("id", id.to_string())]);
    }
    render(StatusCode::OK, &page)
}

/// `POST /ops/announcements/{id}/withdraw`
pub async fn withdraw(
    OperatorUser(staff): OperatorUser,
    State(app): State<App>,
    Path(id): Path<String>,
) -> Response {
    let Ok(id) = id.parse::<i64>() else {
        return staff.ctx.not_found();
    };
    match announcements::withdraw(&app, &staff.actor, id).await {
        Ok(_) => Redirect::to(&format!("/ops/announcements?withdrawn={id}")).into_response(),
        Err(AppError::Conflict(_)) => {
            let text = staff
                .ctx
                .t_args("ann-withdraw-refused", &[("id", id.to_string())]);
            refused(&app, &staff, StatusCode::CONFLICT, text).await
        }
        Err(e) => staff.ctx.fail(e),
    }
}
