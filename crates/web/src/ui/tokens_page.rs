//! The signed-in user's API tokens (issue 6 item 7): `GET /settings/tokens` lists them (name,
//! creation date, last four characters), `POST /settings/tokens` creates one and shows it
//! once, `POST /settings/tokens/revoke` revokes one.

use std::collections::HashMap;

use askama::Template;
use axum::extract::{RawQuery, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use lpc_app::{Actor, App, AppError};
use lpc_store::User;

use super::context::{Ctx, render, to_login};
use super::portal::current_user;

/// One token in the list.
#[derive(Debug, Clone)]
pub struct TokenRow {
    /// The token's digest, which names it in the revoke form (never the token itself).
    pub id: String,
    pub label: String,
    pub created: String,
    pub ends: String,
    pub revoke_label: String,
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
                TokenRow {
                    revoke_label: ctx.t_args("tokens-revoke-named", &[("name", t.label.clone())]),
                    id: t.token_sha256,
                    label: t.label,
                    created: ctx.date(t.created_at.to_zoned(jiff::tz::TimeZone::UTC).date()),
                    ends,
                }
            })
            .collect(),
        created: String::new(),
        notice: String::new(),
        label: String::new(),
        label_error: String::new(),
    })
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
    let label = parse_pairs(&body).remove("label").unwrap_or_default();
    let result = lpc_app::tokens::create_own(&app, &actor, &label).await;
    let mut p = match page(&app, &ctx, &actor).await {
        Ok(p) => p,
        Err(e) => return ctx.fail(e),
    };
    match result {
        Ok(token) => {
            p.created = token;
            no_store(render(StatusCode::OK, &p))
        }
        Err(AppError::Invalid { .. }) => {
            p.label = label;
            p.label_error = ctx.t("tokens-error-name");
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
