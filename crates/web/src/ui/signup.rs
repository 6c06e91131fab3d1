//! Signing an organization up (R31): `GET/POST /signup`, `/signup/sent`, and the address
//! confirmation `GET/POST /confirm/{token}`. A new claim, an address that has an account and a
//! registered MPN ID get the same answer, after the same work.

use std::sync::Arc;

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::{Extension, Form};
use lpc_app::accounts::{self, SignUp};
use lpc_app::views::NewPartner;
use lpc_app::{App, AppError, passwords};
use lpc_domain::{CountryCode, Email, MpnId, PartnerName};
use serde::Deserialize;

use super::Ui;
use super::accounts::*;
use super::context::Ctx;
use super::forms::{Field, FormPage, Link};
use super::i18n::Lang;
use super::limiter;
use crate::client_addr::ClientIp;

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct SignUpForm {
    pub mpn_id: String,
    pub name: String,
    pub country: String,
    pub email: String,
    pub password: String,
}

pub(super) fn signup_page(ctx: &Ctx, f: &SignUpForm) -> FormPage {
    let mut page = FormPage::new(ctx, "signup-title", "/signup", "signup-submit");
    page.intro = ctx.t("signup-intro");
    page.fields = vec![
        Field::new("mpn_id", ctx.t("field-mpn-id"), "text", &f.mpn_id)
            .help(ctx.t("field-mpn-id-help"))
            .inputmode("numeric")
            .autocomplete("off"),
        Field::new("name", ctx.t("field-partner-name"), "text", &f.name)
            .autocomplete("organization"),
        Field::new("country", ctx.t("field-country"), "text", &f.country)
            .help(ctx.t("field-country-help"))
            .maxlength(2)
            .autocomplete("country"),
        Field::new("email", ctx.t("field-email"), "email", &f.email).autocomplete("email"),
        Field::new("password", ctx.t("field-password"), "password", "")
            .help(password_help(ctx))
            .autocomplete("new-password"),
    ];
    page.links = vec![Link {
        href: "/login".into(),
        label: ctx.t("signup-have-account"),
    }];
    page
}

/// `GET /signup`
pub async fn signup_form(ctx: Ctx) -> Response {
    signup_page(&ctx, &SignUpForm::default()).respond(StatusCode::OK)
}

/// The mails a sign-up sends, in the visitor's language (see [`accounts::SignUpMail`]).
pub(super) fn sign_up_mail(
    lang: Lang,
    ui: &Ui,
    email: &str,
    mail: accounts::SignUpMail<'_>,
) -> (String, String) {
    let base = ui.config.public_url.trim_end_matches('/');
    let email = email.to_owned();
    match mail {
        accounts::SignUpMail::Confirm { token, partner } => {
            let mpn = ("mpn", partner.to_string());
            let body = [
                lang.t_args("mail-confirm-intro", &[("email", email), mpn.clone()]),
                String::new(),
                lang.t("mail-confirm-link"),
                format!("{base}/confirm/{token}"),
                String::new(),
                lang.t_args("mail-confirm-next", &[mpn]),
                String::new(),
                lang.t("mail-reset-ignore-signup"),
            ]
            .join("\n");
            (lang.t("mail-confirm-subject"), body)
        }
        accounts::SignUpMail::AccountExists => {
            let body = [
                lang.t_args("mail-signup-exists-intro", &[("email", email)]),
                String::new(),
                lang.t("mail-signup-exists-login"),
                format!("{base}/login"),
                lang.t("mail-signup-exists-forgot"),
                format!("{base}/password/forgot"),
                String::new(),
                lang.t("mail-reset-ignore-signup"),
            ]
            .join("\n");
            (lang.t("mail-signup-exists-subject"), body)
        }
        accounts::SignUpMail::MpnRegistered { partner } => {
            let mpn = ("mpn", partner.to_string());
            let body = [
                lang.t_args("mail-signup-taken-intro", &[("email", email), mpn.clone()]),
                String::new(),
                lang.t("mail-signup-taken-next"),
                String::new(),
                lang.t("mail-reset-ignore-signup"),
            ]
            .join("\n");
            (lang.t_args("mail-signup-taken-subject", &[mpn]), body)
        }
    }
}

/// `POST /signup`: claims the organization (R31) and mails a link that confirms the address.
/// The answer is the same whether or not the address or the MPN ID is known (issue 15); the
/// mail tells the address's owner what happened. Post/redirect/get: `/signup/sent`.
pub async fn signup(
    ctx: Ctx,
    State(app): State<App>,
    Extension(ui): Extension<Arc<Ui>>,
    ClientIp(client): ClientIp,
    Form(f): Form<SignUpForm>,
) -> Response {
    let mut page = signup_page(&ctx, &f);
    let mpn = MpnId::parse(f.mpn_id.trim());
    let name = PartnerName::parse(f.name.trim());
    let country = CountryCode::parse(f.country.trim());
    let email = Email::parse(f.email.trim());
    if mpn.is_err() {
        page.set_error("mpn_id", ctx.t("error-mpn-id"));
    }
    if name.is_err() {
        page.set_error("name", ctx.t("error-partner-name"));
    }
    if country.is_err() {
        page.set_error("country", ctx.t("error-country"));
    }
    if email.is_err() {
        page.set_error("email", ctx.t("error-email"));
    }
    if f.password.chars().count() < passwords::MIN_LENGTH {
        page.set_error("password", password_error(&ctx));
    }
    let (Ok(mpn_id), Ok(name), Ok(country), Ok(email)) = (mpn, name, country, email) else {
        return page.respond(StatusCode::UNPROCESSABLE_ENTITY);
    };
    if page.has_errors() {
        return page.respond(StatusCode::UNPROCESSABLE_ENTITY);
    }
    // At most SIGNUPS_PER_CLIENT organizations an hour from one client (issue 15).
    match ui.limiter.reserve(&[limiter::sign_up_limit(client)]).await {
        Ok(Some(_)) => {}
        Ok(None) => return too_many(&ctx, limiter::SIGNUPS_PER_CLIENT.window),
        Err(_) => return unavailable(&ctx),
    }
    let address = email.to_string();
    let form = SignUp {
        partner: NewPartner {
            mpn_id,
            name,
            country,
            contact_email: None,
            verification: lpc_app::views::Verification::Unverified,
        },
        email,
        password: f.password.clone(),
    };
    let lang = ctx.lang;
    let compose = |mail: accounts::SignUpMail<'_>| sign_up_mail(lang, &ui, &address, mail);
    match accounts::sign_up(&app, form, &compose).await {
        Ok(outcome) => {
            tracing::info!(?outcome, "sign-up");
            see_other("/signup/sent")
        }
        Err(e) => page.refused(e),
    }
}

/// `GET /signup/sent`: what every sign-up is answered.
pub async fn signup_sent(ctx: Ctx) -> Response {
    ctx.message(StatusCode::OK, "signup-sent-title", "signup-sent")
}

pub(super) fn confirm_page(ctx: &Ctx, token: &str, email: &str) -> FormPage {
    let mut page = FormPage::new(
        ctx,
        "confirm-title",
        &format!("/confirm/{token}"),
        "confirm-submit",
    );
    page.intro = ctx.t_args("confirm-intro", &[("email", email.to_owned())]);
    page
}

pub(super) fn confirm_link_gone(ctx: &Ctx) -> Response {
    ctx.message(StatusCode::GONE, "confirm-gone-title", "confirm-gone")
}

/// `GET /confirm/{token}`: a button that confirms the address (a page, not the link itself,
/// so that a mail scanner opening links confirms nothing).
pub async fn confirm_form(ctx: Ctx, State(app): State<App>, Path(token): Path<String>) -> Response {
    match accounts::confirmation_link_user(&app, &token).await {
        Ok(Some(user)) => confirm_page(&ctx, &token, user.email.as_str()).respond(StatusCode::OK),
        Ok(None) => confirm_link_gone(&ctx),
        Err(e) => ctx.fail(e),
    }
}

/// `POST /confirm/{token}`: confirms the address once (R31), then offers to sign in.
pub async fn confirm(ctx: Ctx, State(app): State<App>, Path(token): Path<String>) -> Response {
    match accounts::confirm_email(&app, &token).await {
        Ok(_) => {
            let mut done = super::context::MessagePage {
                ctx: ctx.clone(),
                title: ctx.t("confirm-done-title"),
                text: ctx.t("confirm-done"),
                link_href: "/login".into(),
                link_label: ctx.t("nav-sign-in"),
            };
            done.ctx.path = "/".into();
            super::context::render(StatusCode::OK, &done)
        }
        Err(AppError::Invalid { field, .. }) if field == "token" => confirm_link_gone(&ctx),
        Err(e) => ctx.fail(e),
    }
}
