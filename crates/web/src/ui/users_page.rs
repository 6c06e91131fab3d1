//! The partner's users list, `GET /partner/{mpn}/users`: who holds which role, since when,
//! and which invitations still wait for a password, with the way to invite another user.
//! Shown to the partner's admins and to operators (R1), as the invitation form is; other
//! users of the partner are refused like on that form, other partners answer 404.

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use lpc_app::{App, partner_users};

use super::context::{Ctx, render};
use super::portal::PartnerUser;

/// One role of one user, formatted for the page's language.
#[derive(Debug, Clone)]
pub struct UserRow {
    pub email: String,
    pub role: String,
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
}

/// `GET /partner/{mpn}/users` (partner admins and operators, R1)
pub async fn list(pu: PartnerUser, State(app): State<App>) -> Response {
    let ctx = &pu.ctx;
    let rows = match partner_users::users_of(&app, &pu.actor, pu.partner.mpn_id).await {
        Ok(rows) => rows,
        Err(e) => return ctx.fail(e),
    };
    let users = rows
        .into_iter()
        .map(|r| UserRow {
            email: r.email.to_string(),
            role: ctx.t(&format!("role-{}", r.role.as_str())),
            // Creation instants are kept in UTC; the date is the UTC day.
            added: ctx.date(r.created_at.to_zoned(jiff::tz::TimeZone::UTC).date()),
            pending: r.invitation_pending,
        })
        .collect();
    render(
        StatusCode::OK,
        &UsersPage {
            ctx: ctx.clone(),
            mpn: pu.partner.mpn_id.to_string(),
            caption: ctx.t_args(
                "users-caption",
                &[("partner", pu.partner.name.as_str().to_owned())],
            ),
            users,
        },
    )
}
