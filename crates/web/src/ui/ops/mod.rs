//! The operator and support console under `/ops`: what the program team and Partner
//! Frontline Support use every day.
//!
//! Who reaches what (tested in `crates/web/tests/ops_roles.rs`):
//! - [`OperatorUser`]: program operators only (imports, publications, rule sets, partners,
//!   payments, the directory).
//! - [`SupportUser`]: support agents, and operators, who also see the case queue.
//! - Partner users reach neither: a signed-in user without a staff role gets 403; a visitor
//!   is sent to the login page and back.
//!
//! # Layout
//! - this file: the two extractors and `/ops`, the console's home (the sections a role sees).
//! - each section in its own module next to this one, its templates in
//!   `crates/web/templates/ops_*.html` (each includes `ops_nav.html`), its messages in
//!   `locales/{en,ja,it}/ops*.ftl`.
//! - the program's announcements (R32): [`announcements`] (the list, withdrawing),
//!   [`announcement_form`] (writing and changing one), [`announcement_prefill`] (the one the
//!   rule-set what-if drafts, R14); their messages in `locales/{en,ja,it}/announcements.ftl`.

pub mod announcement_form;
pub mod announcement_prefill;
pub mod announcements;
pub mod imports;
pub mod publications;
pub mod resources;
pub mod rules;
pub mod rules_what_if;

use askama::Template;
use axum::extract::FromRequestParts;
use axum::http::StatusCode;
use axum::http::request::Parts;
use axum::response::{IntoResponse, Response};
use lpc_app::views::User;
use lpc_app::{Actor, App};
use lpc_domain::access::Action;

use super::accounts::had_session;
use super::context::{Ctx, render, session_of, to_login};
use super::extract::current_user;

pub mod job_runs;
pub mod overview;
pub mod partner_search;
pub mod partners;

pub mod case_decisions;
pub mod case_evidence;
pub mod case_queue;
pub mod cases;
pub mod claims;
pub mod directory;
pub mod payments;

/// A signed-in member of the program staff, with what the role allows.
#[derive(Debug, Clone)]
pub struct Staff {
    pub ctx: Ctx,
    pub actor: Actor,
    pub user: User,
    /// Holds the operator role: every section.
    pub operator: bool,
    /// Settles cases: support agents and operators.
    pub support: bool,
}

/// The staff member behind a request, or the response that refuses it.
async fn staff_of(parts: &mut Parts, app: &App) -> Result<Staff, Response> {
    let session = session_of(parts, app).await?;
    let ctx = Ctx::from_parts(parts, &session).await?;
    let user = match current_user(app, &ctx).await {
        Ok(Some(user)) => user,
        Ok(None) => {
            if had_session(&parts.headers) && ctx.user.is_some() {
                let _ = session.flush().await;
            }
            return Err(to_login(&ctx.path));
        }
        Err(e) => return Err(ctx.fail(e)),
    };
    let actor = Actor::User {
        email: user.email.clone(),
        grants: user.grants.clone(),
    };
    let operator = actor.authorize(Action::OperateProgram).is_ok();
    let support = actor.authorize(Action::HandleCases).is_ok();
    Ok(Staff {
        ctx,
        actor,
        user,
        operator,
        support,
    })
}

fn staff_only(ctx: &Ctx, text_key: &str) -> Response {
    ctx.message(StatusCode::FORBIDDEN, "error-forbidden-title", text_key)
}

/// An operator (R1's program team): the extractor of every operator page.
#[derive(Debug, Clone)]
pub struct OperatorUser(pub Staff);

impl FromRequestParts<App> for OperatorUser {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, app: &App) -> Result<Self, Self::Rejection> {
        let staff = staff_of(parts, app).await?;
        if !staff.operator {
            return Err(staff_only(&staff.ctx, "ops-operators-only"));
        }
        Ok(OperatorUser(staff))
    }
}

/// A support agent or an operator: the extractor of the case queue and case pages.
#[derive(Debug, Clone)]
pub struct SupportUser(pub Staff);

impl FromRequestParts<App> for SupportUser {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, app: &App) -> Result<Self, Self::Rejection> {
        let staff = staff_of(parts, app).await?;
        if !staff.support {
            return Err(staff_only(&staff.ctx, "ops-support-only"));
        }
        Ok(SupportUser(staff))
    }
}

/// The console's sub-navigation, shown on every `/ops` page (`ops_nav.html`).
#[derive(Debug, Clone)]
pub struct OpsNav {
    pub operator: bool,
    pub support: bool,
    /// The section the page belongs to, for `aria-current`: `overview`, `imports`,
    /// `publications`, `rules`, `partners`, `claims`, `payments`, `cases`, `directory`,
    /// `announcements`.
    pub current: &'static str,
}

impl Staff {
    /// The sub-navigation with `current` marked.
    pub fn nav(&self, current: &'static str) -> OpsNav {
        OpsNav {
            operator: self.operator,
            support: self.support,
            current,
        }
    }
}

#[derive(Debug, Template)]
#[template(path = "ops_home.html")]
struct HomePage {
    ctx: Ctx,
    nav: OpsNav,
}

/// `GET /ops`: operators go to the program overview; support agents to the case queue.
pub async fn home(SupportUser(staff): SupportUser) -> Response {
    if staff.operator {
        return axum::response::Redirect::to("/ops/overview").into_response();
    }
    render(
        StatusCode::OK,
        &HomePage {
            nav: staff.nav("cases"),
            ctx: staff.ctx,
        },
    )
}
