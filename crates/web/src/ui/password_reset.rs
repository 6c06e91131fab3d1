//! The password reset: `GET/POST /password/forgot` mails a single-use link (rate-limited),
//! `GET/POST /password/reset/{token}` sets the new password and signs in.

use std::sync::Arc;

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::{Extension, Form};
use lpc_app::accounts;
use lpc_app::{App, AppError, passwords};
use lpc_domain::Email;
use serde::Deserialize;

use super::Ui;
use super::accounts::*;
use super::context::Ctx;
use super::forms::{Field, FormPage};
use super::limiter;

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ForgotForm {
    pub email: String,
}

pub(super) fn forgot_page(ctx: &Ctx, f: &ForgotForm) -> FormPage {
    let mut page = FormPage::new(ctx, "forgot-title", "/password/forgot", "forgot-submit");
    page.intro = ctx.t("forgot-intro");
    page.fields =
        vec![Field::new("email", ctx.t("field-email"), "email", &f.email).autocomplete("email")];
    page
}

/// `GET /password/forgot`
pub async fn forgot_form(ctx: Ctx) -> Response {
    forgot_page(&ctx, &ForgotForm::default()).respond(StatusCode::OK)
}

/// Reset mails per address per quarter hour.
const RESETS_PER_WINDOW: u32 = 3;

pub(super) fn reset_link(ui: &Ui, token: &str) -> String {
    format!(
        "{}/password/reset/{token}",
        ui.config.public_url.trim_end_matches('/')
    )
}

/// `POST /password/forgot`: the same answer whether the address has an account or not.
pub async fn forgot(
    ctx: Ctx,
    State(app): State<App>,
    Extension(ui): Extension<Arc<Ui>>,
    Form(f): Form<ForgotForm>,
) -> Response {
    let Ok(email) = Email::parse(f.email.trim()) else {
        let mut page = forgot_page(&ctx, &f);
        page.set_error("email", ctx.t("error-email"));
        return page.respond(StatusCode::UNPROCESSABLE_ENTITY);
    };
    // At most RESETS_PER_WINDOW mails per address per window, so that the form cannot flood
    // someone's mailbox; the answer is the same either way.
    let limit = limiter::Limit {
        attempts: RESETS_PER_WINDOW,
        window: std::time::Duration::from_secs(15 * 60),
    };
    match ui
        .limiter
        .reserve(&[(format!("reset:{email}"), limit)])
        .await
    {
        Ok(Some(_)) => {}
        Ok(None) => {
            tracing::info!(%email, "password reset asked too often: no mail");
            return ctx.message(StatusCode::OK, "forgot-sent-title", "forgot-sent");
        }
        Err(_) => return unavailable(&ctx),
    }
    let lang = ctx.lang;
    let address = email.to_string();
    let compose = |token: &str| {
        let body = [
            lang.t_args("mail-reset-intro", &[("email", address.clone())]),
            String::new(),
            lang.t("mail-reset-link"),
            reset_link(&ui, token),
            String::new(),
            lang.t("mail-reset-ignore"),
        ]
        .join("\n");
        (lang.t("mail-reset-subject"), body)
    };
    match accounts::request_password_reset(&app, &email, &compose).await {
        Ok(()) => ctx.message(StatusCode::OK, "forgot-sent-title", "forgot-sent"),
        Err(e) => ctx.fail(e),
    }
}

pub(super) fn link_gone(ctx: &Ctx) -> Response {
    ctx.message(
        StatusCode::GONE,
        "error-reset-link-title",
        "error-reset-link",
    )
}

pub(super) fn reset_page(ctx: &Ctx, token: &str, email: &str) -> FormPage {
    let mut page = FormPage::new(
        ctx,
        "reset-title",
        &format!("/password/reset/{token}"),
        "reset-submit",
    );
    page.intro = ctx.t_args("reset-intro", &[("email", email.to_owned())]);
    page.fields = vec![
        Field::new("password", ctx.t("field-password"), "password", "")
            .help(password_help(ctx))
            .autocomplete("new-password"),
    ];
    page
}

/// `GET /password/reset/{token}`: the new-password form, while the link works.
pub async fn reset_form(ctx: Ctx, State(app): State<App>, Path(token): Path<String>) -> Response {
    match accounts::reset_link_user(&app, &token).await {
        Ok(Some(user)) => reset_page(&ctx, &token, user.email.as_str()).respond(StatusCode::OK),
        Ok(None) => link_gone(&ctx),
        Err(e) => ctx.fail(e),
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ResetForm {
    pub password: String,
}

/// `POST /password/reset/{token}`: sets the password, once.
pub async fn reset(
    ctx: Ctx,
    State(app): State<App>,
    Path(token): Path<String>,
    Form(f): Form<ResetForm>,
) -> Response {
    let user = match accounts::reset_link_user(&app, &token).await {
        Ok(Some(user)) => user,
        Ok(None) => return link_gone(&ctx),
        Err(e) => return ctx.fail(e),
    };
    let mut page = reset_page(&ctx, &token, user.email.as_str());
    if f.password.chars().count() < passwords::MIN_LENGTH {
        page.set_error("password", password_error(&ctx));
        return page.respond(StatusCode::UNPROCESSABLE_ENTITY);
    }
    match accounts::reset_password(&app, &token, f.password).await {
        Ok(reset) => {
            let mut text = ctx.t("reset-done");
            if reset.revoked_tokens > 0 {
                text.push(' ');
                text.push_str(&ctx.t_args(
                    "reset-done-tokens",
                    &[("count", reset.revoked_tokens.to_string())],
                ));
            }
            let mut done = super::context::MessagePage {
                ctx: ctx.clone(),
                title: ctx.t("reset-done-title"),
                text,
                link_href: "/login".into(),
                link_label: ctx.t("nav-sign-in"),
            };
            done.ctx.path = "/".into();
            super::context::render(StatusCode::OK, &done)
        }
        Err(AppError::Invalid { field, .. }) if field == "token" => link_gone(&ctx),
        Err(e) => page.refused(e),
    }
}
