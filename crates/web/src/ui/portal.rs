//! The partner portal: `/` and the pages under `/partner/{mpn}/...`, which only the
//! partner's users (and program staff) see. Any other partner answers 404, whether it exists
//! or not, so that URL guessing reveals nothing.

use std::collections::HashMap;

use askama::Template;
use axum::extract::{FromRequestParts, Path, State};
use axum::http::StatusCode;
use axum::http::request::Parts;
use axum::response::{IntoResponse, Redirect, Response};
use lpc_app::{Actor, App, AppError};
use lpc_domain::access::Action;
use lpc_domain::calendar::renewal_window;
use lpc_domain::{Email, MpnId};
use lpc_store::{MembershipStatus, Partner, User};

use super::accounts::had_session;
use super::context::{Ctx, render, session_of, to_login};

/// A signed-in user allowed to see the partner named by the `{mpn}` path segment. Not signed
/// in (or the session ended): a redirect to the login page that comes back here. Signed in
/// without a role in that partner, or no such partner: 404.
#[derive(Debug, Clone)]
pub struct PartnerUser {
    pub ctx: Ctx,
    pub actor: Actor,
    pub user: User,
    pub partner: Partner,
}

impl PartnerUser {
    /// May this user manage the partner's memberships and users (R1)?
    pub fn is_admin(&self) -> bool {
        self.actor
            .authorize(Action::ManagePartnerUsers(self.partner.mpn_id))
            .is_ok()
    }
}

fn login_again(parts: &Parts, ctx: &Ctx) -> Response {
    if had_session(&parts.headers) {
        // The session ended: the login page says so, then comes back here.
        let query = serde_urlencoded::to_string([("next", ctx.path.as_str()), ("expired", "1")])
            .unwrap_or_default();
        return Redirect::to(&format!("/login?{query}")).into_response();
    }
    to_login(&ctx.path)
}

/// The signed-in user of this session, read fresh from the database (roles may have changed);
/// `None` when nobody is signed in or the user is gone.
pub async fn current_user(app: &App, ctx: &Ctx) -> Result<Option<User>, AppError> {
    let Some(su) = &ctx.user else {
        return Ok(None);
    };
    let Ok(email) = Email::parse(&su.email) else {
        return Ok(None);
    };
    Ok(app
        .store()
        .user_by_email(&email)
        .await?
        .filter(|u| u.id == su.id && lpc_app::accounts::session_mark(u) == su.password_mark))
}

impl FromRequestParts<App> for PartnerUser {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, app: &App) -> Result<Self, Self::Rejection> {
        let session = session_of(parts, app).await?;
        let ctx = Ctx::from_parts(parts, &session).await?;
        let user = match current_user(app, &ctx).await {
            Ok(Some(user)) => user,
            Ok(None) => {
                if ctx.user.is_some() {
                    let _ = session.flush().await;
                }
                return Err(login_again(parts, &ctx));
            }
            Err(e) => return Err(ctx.fail(e)),
        };
        let Path(params) = Path::<HashMap<String, String>>::from_request_parts(parts, app)
            .await
            .map_err(|_| ctx.not_found())?;
        let mpn = params
            .get("mpn")
            .and_then(|m| MpnId::parse(m).ok())
            .ok_or_else(|| ctx.not_found())?;
        let actor = Actor::User {
            email: user.email.clone(),
            grants: user.grants.clone(),
        };
        let partner = match lpc_app::partners::get(app, &actor, mpn).await {
            Ok(p) => p,
            Err(AppError::Denied(_) | AppError::NotFound(_)) => return Err(ctx.not_found()),
            Err(e) => return Err(ctx.fail(e)),
        };
        let mut ctx = ctx;
        if !partner.is_verified() {
            ctx.banner = ctx.t_args("unverified-banner", &[("mpn", partner.mpn_id.to_string())]);
        }
        Ok(PartnerUser {
            ctx,
            actor,
            user,
            partner,
        })
    }
}

/// One of the signed-in user's organizations, on the home page.
#[derive(Debug, Clone)]
pub struct PartnerLink {
    pub mpn: String,
    pub name: String,
    pub role: String,
    /// Not verified by the program yet (R31).
    pub pending: bool,
}

#[derive(Debug, Template)]
#[template(path = "home.html")]
pub struct HomePage {
    pub ctx: Ctx,
    pub partners: Vec<PartnerLink>,
}

/// `GET /`: sign-in and sign-up for visitors, the user's organizations when signed in.
pub async fn home(ctx: Ctx, State(app): State<App>) -> Response {
    let user = match current_user(&app, &ctx).await {
        Ok(user) => user,
        Err(e) => return ctx.fail(e),
    };
    let mut partners = Vec::new();
    for grant in user.iter().flat_map(|u| &u.grants) {
        let Some(mpn) = grant.partner() else {
            continue;
        };
        match app.store().partner(mpn).await {
            Ok(Some(p)) => partners.push(PartnerLink {
                mpn: mpn.to_string(),
                name: p.name.as_str().to_owned(),
                role: ctx.t(&format!("role-{}", grant.role().as_str())),
                pending: !p.is_verified(),
            }),
            Ok(None) => {}
            Err(e) => return ctx.fail(e.into()),
        }
    }
    let mut ctx = ctx;
    // A session whose user is gone shows the visitor's page.
    ctx.signed_in = user.is_some();
    render(StatusCode::OK, &HomePage { ctx, partners })
}

/// A membership as the overview shows it, formatted for the page's language.
#[derive(Debug, Clone)]
pub struct MembershipRow {
    pub option: String,
    pub competency: String,
    pub status: String,
    pub status_code: &'static str,
    pub anniversary: String,
    pub window: String,
    pub window_open: bool,
}

#[derive(Debug, Template)]
#[template(path = "overview.html")]
pub struct OverviewPage {
    pub ctx: Ctx,
    pub title: String,
    pub mpn: String,
    pub country: String,
    pub memberships: Vec<MembershipRow>,
    pub is_admin: bool,
    /// R31: an unverified organization is offered what it can do now (trainers, exams).
    pub verified: bool,
    /// What stands between the partner and the next tier (`enroll_page`).
    pub next_tiers: Vec<super::enroll_page::NextTier>,
}

/// `GET /partner/{mpn}`: the organization's memberships, anniversaries and renewal windows
/// (R28).
pub async fn overview(pu: PartnerUser, State(app): State<App>) -> Response {
    let ctx = &pu.ctx;
    let memberships =
        match lpc_app::enrollment::memberships_of(&app, &pu.actor, pu.partner.mpn_id).await {
            Ok(m) => m,
            Err(e) => return ctx.fail(e),
        };
    let today = app.clock().today();
    let lang = ctx.lang;
    // Competencies by the name the rule set in force gives them (`Data Platform`).
    let competency_name = |id: &str| -> String {
        app.rules_on(today)
            .ok()
            .and_then(|rules| rules.competencies.iter().find(|c| c.id == id))
            .map_or_else(|| id.to_owned(), |c| c.name.clone())
    };
    let rows = memberships
        .iter()
        .map(|m| {
            let window = renewal_window(m.option, m.anniversary_date);
            let active = m.status == MembershipStatus::Active;
            MembershipRow {
                option: ctx.t(&format!("option-{}", m.option.as_str())),
                competency: m
                    .competency
                    .as_deref()
                    .map_or_else(|| "—".to_owned(), competency_name),
                status: ctx.t(&format!("status-{}", m.status.as_str())),
                status_code: m.status.as_str(),
                anniversary: lang.date(m.anniversary_date),
                window: if active {
                    format!("{} – {}", lang.date(window.from), lang.date(window.to))
                } else {
                    "—".to_owned()
                },
                window_open: active && window.from <= today && today <= window.to,
            }
        })
        .collect();
    let page = OverviewPage {
        ctx: ctx.clone(),
        title: ctx.t_args(
            "overview-title",
            &[("name", pu.partner.name.as_str().to_owned())],
        ),
        mpn: pu.partner.mpn_id.to_string(),
        country: pu.partner.country.to_string(),
        memberships: rows,
        is_admin: pu.is_admin(),
        verified: pu.partner.is_verified(),
        next_tiers: super::enroll_page::next_tiers(&app, &pu).await,
    };
    render(StatusCode::OK, &page)
}
