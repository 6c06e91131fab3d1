//! The signed-in user's API tokens (issue 6 item 7): `GET /settings/tokens` lists them (name,
//! creation date, last four characters, expiry, last use), `POST /settings/tokens` creates one
//! for the days chosen and shows it once, `POST /settings/tokens/revoke` revokes one.

use std::collections::HashMap;

use askama::Template;
use axum::extract::{RawQuery, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use lpc_app::views::User;
use lpc_app::{Actor, App, AppError};

use super::context::{Ctx, render, to_login};
use super::extract::current_user;

/// One token in the list.
#[derive(Debug, Clone)]
pub struct TokenRow {
    /// The token's digest, which names it in the revoke form (never the token itself).
    pub id: String,
    pub label: String,
    pub created: String,
    pub ends: String,
    /// The day it stops working, or "Expired on ..." once it has.
    pub expires: String,
    pub expired: bool,
    pub last_used: String,
    pub revoke_label: String,
}

/// The durations the form offers, in days; the first is the default.
pub const DAY_CHOICES: [i64; 4] = [lpc_app::tokens::DEFAULT_DAYS, 30, 180, 365];

/// One duration in the form.
#[derive(Debug, Clone)]
pub struct DayChoice {
    pub days: i64,
    pub label: String,
    pub selected: bool,
}

#[derive(Debug, Template)]
#[template(path = "tokens.html")]
pub struct TokensPage {
    pub ctx: Ctx,
    pub tokens: Vec<TokenRow>,
    /// The token just created, shown this once; empty otherwise.
    pub created: String,
    pub notice: String,
    pub label: String,
    pub label_error: String,
    pub days: Vec<DayChoice>,
    pub days_error: String,
}

fn parse_pairs(text: &str) -> HashMap<String, String> {
    serde_urlencoded::from_str::<Vec<(String, String)>>(text)
        .unwrap_or_default()
        .into_iter()
        .collect()
}

/// The signed-in user and their actor, or the response to send instead (the login page).
async fn signed_in(app: &App, ctx: &Ctx) -> Result<(User, Actor), Response> {
    match current_user(app, ctx).await {
        Ok(Some(user)) => {
            let actor = Actor::User {
                email: user.email.clone(),
                grants: user.grants.clone(),
            };
            Ok((user, actor))
        }
        Ok(None) => Err(to_login(&ctx.path)),
        Err(e) => Err(ctx.fail(e)),
    }
}

async fn page(app: &App, ctx: &Ctx, actor: &Actor) -> Result<TokensPage, AppError> {
    let tokens = lpc_app::tokens::list_own(app, actor).await?;
    let now = app.clock().now();
    let day = |t: jiff::Timestamp| ctx.date(t.to_zoned(jiff::tz::TimeZone::UTC).date());
    Ok(TokensPage {
        ctx: ctx.clone(),
        tokens: tokens
            .into_iter()
            .map(|t| {
                let ends = if t.last_four.is_empty() {
                    "—".to_owned()
                } else {
                    format!("…{}", t.last_four)
                };
                let expired = t.expires_at <= now;
                TokenRow {
                    revoke_label: ctx.t_args("tokens-revoke-named", &[("name", t.label.clone())]),
                    id: t.token_sha256,
                    label: t.label,
                    created: day(t.created_at),
                    ends,
                    expires: if expired {
                        ctx.t_args("tokens-expired", &[("date", day(t.expires_at))])
                    } else {
                        day(t.expires_at)
                    },
                    expired,
                    last_used: t
                        .last_used_at
                        .map_or_else(|| ctx.t("tokens-never-used"), day),
                }
            })
            .collect(),
        created: String::new(),
        notice: String::new(),
        label: String::new(),
        label_error: String::new(),
        days: day_choices(ctx, lpc_app::tokens::DEFAULT_DAYS),
        days_error: String::new(),
    })
}

fn day_choices(ctx: &Ctx, chosen: i64) -> Vec<DayChoice> {
    DAY_CHOICES
        .iter()
        .map(|&days| DayChoice {
            days,
            label: ctx.t_args("tokens-days", &[("days", days.to_string())]),
            selected: days == chosen,
        })
        .collect()
}

/// Pages that show a token (or its list) are never cached.
fn no_store(mut response: Response) -> Response {
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

/// `GET /settings/tokens`: the user's tokens and the form to create one.
pub async fn list(ctx: Ctx, State(app): State<App>, RawQuery(raw): RawQuery) -> Response {
    let (_, actor) = match signed_in(&app, &ctx).await {
        Ok(who) => who,
        Err(response) => return response,
    };
    match page(&app, &ctx, &actor).await {
        Ok(mut p) => {
            if raw.is_some_and(|q| q.contains("revoked=1")) {
                p.notice = ctx.t("tokens-revoked");
            }
            no_store(render(StatusCode::OK, &p))
        }
        Err(e) => ctx.fail(e),
    }
}

/// `POST /settings/tokens`: creates a token named `label` and shows it this once.
pub async fn create(ctx: Ctx, State(app): State<App>, body: String) -> Response {
    let (_, actor) = match signed_in(&app, &ctx).await {
        Ok(who) => who,
        Err(response) => return response,
    };
    let mut form = parse_pairs(&body);
    let label = form.remove("label").unwrap_or_default();
    // Only a duration the form offers; none given is the default.
    let days = match form.remove("days") {
        None => Some(lpc_app::tokens::DEFAULT_DAYS),
        Some(text) => text
            .trim()
            .parse::<i64>()
            .ok()
            .filter(|d| DAY_CHOICES.contains(d)),
    };
    let result = match days {
        Some(days) => lpc_app::tokens::create_own(&app, &actor, &label, days).await,
        None => Err(AppError::invalid("days", "not a duration offered")),
    };
    let mut p = match page(&app, &ctx, &actor).await {
        Ok(p) => p,
        Err(e) => return ctx.fail(e),
    };
    match result {
        Ok(token) => {
            p.created = token;
            no_store(render(StatusCode::OK, &p))
        }
        Err(AppError::Invalid { field, .. }) => {
            p.label = label;
            if field == "days" {
                p.days_error = ctx.t("tokens-error-days");
            } else {
                p.label_error = ctx.t("tokens-error-name");
            }
            p.days = day_choices(&ctx, days.unwrap_or(lpc_app::tokens::DEFAULT_DAYS));
            no_store(render(StatusCode::UNPROCESSABLE_ENTITY, &p))
        }
        Err(e) => ctx.fail(e),
    }
}

/// `POST /settings/tokens/revoke`: revokes the token named by its digest.
pub async fn revoke(ctx: Ctx, State(app): State<App>, body: String) -> Response {
    let (_, actor) = match signed_in(&app, &ctx).await {
        Ok(who) => who,
        Err(response) => return response,
    };
    let token = parse_pairs(&body).remove("token").unwrap_or_default();
    match lpc_app::tokens::revoke_own(&app, &actor, &token).await {
        Ok(()) => Redirect::to("/settings/tokens?revoked=1").into_response(),
        Err(e) => ctx.fail(e),
    }
}
