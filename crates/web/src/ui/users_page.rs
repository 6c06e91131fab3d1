//! The partner's users list, `GET /partner/{mpn}/users`: who holds which role, since when,
//! and which invitations still wait for a password, with the way to invite another user.
//! Shown to the partner's admins and to operators (R1), as the invitation form is; other
//! users of the partner are refused like on that form, other partners answer 404.

use askama::Template;
use axum::extract::{RawQuery, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use lpc_app::{App, partner_users};
use lpc_domain::{Email, Role};

use super::context::{Ctx, render};
use super::extract::PartnerUser;

/// One role of one user, formatted for the page's language.
#[derive(Debug, Clone)]
pub struct UserRow {
    pub email: String,
    pub role: String,
    /// `mpn_partner_admin`, `account_admin` or `member`: the role form's selected choice.
    pub role_code: &'static str,
    pub added: String,
    pub pending: bool,
}

#[derive(Debug, Template)]
#[template(path = "users.html")]
pub struct UsersPage {
    pub ctx: Ctx,
    pub mpn: String,
    /// The table's caption, naming the organization.
    pub caption: String,
    pub users: Vec<UserRow>,
    /// The roles a user can be given, code and name.
    pub roles: Vec<(&'static str, String)>,
    /// What was just done (`role="status"`); empty: nothing.
    pub notice: String,
    /// Why the last change was refused (`role="alert"`); empty: nothing.
    pub error: String,
}

/// The roles of a partner organization (R1), highest first.
fn partner_roles() -> impl Iterator<Item = Role> {
    Role::ALL.into_iter().filter(|r| r.is_partner_side())
}

async fn page(pu: &PartnerUser, app: &App) -> Result<UsersPage, Response> {
    let ctx = &pu.ctx;
    let rows = partner_users::users_of(app, &pu.actor, pu.partner.mpn_id)
        .await
        .map_err(|e| ctx.fail(e))?;
    let users = rows
        .into_iter()
        .map(|r| UserRow {
            email: r.email.to_string(),
            role: ctx.t(&format!("role-{}", r.role.as_str())),
            role_code: r.role.as_str(),
            // Creation instants are kept in UTC; the date is the UTC day.
            added: ctx.date(r.created_at.to_zoned(jiff::tz::TimeZone::UTC).date()),
            pending: r.invitation_pending,
        })
        .collect();
    Ok(UsersPage {
        ctx: ctx.clone(),
        mpn: pu.partner.mpn_id.to_string(),
        caption: ctx.t_args(
            "users-caption",
            &[("partner", pu.partner.name.as_str().to_owned())],
        ),
        users,
        roles: partner_roles()
            .map(|r| (r.as_str(), ctx.t(&format!("role-{}", r.as_str()))))
            .collect(),
        notice: String::new(),
        error: String::new(),
    })
}

/// `GET /partner/{mpn}/users[?changed=EMAIL|removed=EMAIL]` (partner admins and operators,
/// R1)
pub async fn list(pu: PartnerUser, State(app): State<App>, RawQuery(raw): RawQuery) -> Response {
    let mut page = match page(&pu, &app).await {
        Ok(page) => page,
        Err(response) => return response,
    };
    let query: Vec<(String, String)> =
        serde_urlencoded::from_str(raw.as_deref().unwrap_or("")).unwrap_or_default();
    // Only a parsed address is ever shown back.
    for (what, value) in query {
        if let Ok(email) = Email::parse(&value) {
            let key = match what.as_str() {
                "changed" => "users-changed",
                "removed" => "users-removed",
                _ => continue,
            };
            page.notice = pu.ctx.t_args(key, &[("email", email.to_string())]);
        }
    }
    render(StatusCode::OK, &page)
}

/// The users page again after a refused change: the reason above the table.
async fn refused(pu: &PartnerUser, app: &App, status: StatusCode, error: String) -> Response {
    match page(pu, app).await {
        Ok(mut page) => {
            page.error = error;
            render(status, &page)
        }
        Err(response) => response,
    }
}

/// The form of a role change or a removal.
#[derive(Debug, Default, serde::Deserialize)]
#[serde(default)]
pub struct RoleForm {
    pub email: String,
    pub role: String,
}

/// `POST /partner/{mpn}/users/role` (R1): another role for a user of the organization; back
/// to the list with a notice (post/redirect/get).
pub async fn change_role(
    pu: PartnerUser,
    State(app): State<App>,
    axum::Form(f): axum::Form<RoleForm>,
) -> Response {
    let ctx = &pu.ctx;
    let (Ok(email), Some(role)) = (
        Email::parse(f.email.trim()),
        partner_roles().find(|r| r.as_str() == f.role),
    ) else {
        return refused(
            &pu,
            &app,
            StatusCode::UNPROCESSABLE_ENTITY,
            ctx.t("error-role"),
        )
        .await;
    };
    let mpn = pu.partner.mpn_id;
    match partner_users::change_role(&app, &pu.actor, mpn, &email, role).await {
        Ok(()) => done(mpn, "changed", &email),
        Err(e) => answer(&pu, &app, e).await,
    }
}

/// `POST /partner/{mpn}/users/remove` (R1): the user keeps the account, without a role in
/// the organization.
pub async fn remove(
    pu: PartnerUser,
    State(app): State<App>,
    axum::Form(f): axum::Form<RoleForm>,
) -> Response {
    let Ok(email) = Email::parse(f.email.trim()) else {
        return pu.ctx.not_found();
    };
    let mpn = pu.partner.mpn_id;
    match partner_users::remove(&app, &pu.actor, mpn, &email).await {
        Ok(()) => done(mpn, "removed", &email),
        Err(e) => answer(&pu, &app, e).await,
    }
}

fn done(mpn: lpc_domain::MpnId, what: &str, email: &Email) -> Response {
    let query = serde_urlencoded::to_string([(what, email.as_str())]).unwrap_or_default();
    axum::response::Redirect::to(&format!("/partner/{mpn}/users?{query}")).into_response()
}

async fn answer(pu: &PartnerUser, app: &App, e: lpc_app::AppError) -> Response {
    match e {
        lpc_app::AppError::Conflict(_) => {
            refused(pu, app, StatusCode::CONFLICT, pu.ctx.t("users-last-admin")).await
        }
        other => pu.ctx.fail(other),
    }
}
