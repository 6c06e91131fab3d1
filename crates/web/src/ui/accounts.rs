//! Accounts: sign-in (rate-limited), sign-out, the language switch and invitations, and what
//! the account pages share (where to go after signing in, the password's rules). Sign-up with
//! its address confirmation is [`super::signup`]; the password reset [`super::password_reset`].

use std::sync::Arc;

use axum::extract::{Query, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::{Extension, Form};
use lpc_app::accounts;
use lpc_app::views::User;
use lpc_app::{App, AppError, passwords, users};
use lpc_domain::{Email, MpnId, Role};
use serde::Deserialize;
use tower_sessions::Session;

use super::Ui;
use super::context::{Ctx, LANG_COOKIE, cookie};
use super::extract::PartnerUser;
use super::forms::{Choice, Field, FormPage, Hidden, Link};
use super::i18n::Lang;
use super::limiter::{self, PER_CLIENT};
use super::password_reset::reset_link;
use super::sessions::{self, SessionUser};
use super::signup::sign_up_mail;
use crate::client_addr::ClientIp;

/// Where to go after signing in: only a path of this site (never `//host` or a full URL).
pub fn safe_next(next: &str) -> &str {
    let ok = next.starts_with('/')
        && !next.starts_with("//")
        && !next.starts_with("/\\")
        && !next.chars().any(|c| c.is_control());
    if ok { next } else { "/" }
}

pub(super) fn see_other(to: &str) -> Response {
    Redirect::to(to).into_response()
}

/// Whether `user` holds a program role (operator, support agent).
pub(super) fn is_staff(user: &User) -> bool {
    user.grants.iter().any(|g| !g.role().is_partner_side())
}

/// Where a user lands after signing in without a page to return to, and on `/` (issue 16):
/// operators on the console's overview, support agents on the case queue, a partner user of
/// one organization on its overview; anyone else on the list of their organizations (`/`).
pub fn start_page(user: &User) -> String {
    let holds = |role: Role| user.grants.iter().any(|g| g.role() == role);
    if holds(Role::Operator) {
        return "/ops/overview".to_owned();
    }
    if holds(Role::SupportAgent) {
        return "/ops/cases".to_owned();
    }
    let mut partners: Vec<_> = user.grants.iter().filter_map(|g| g.partner()).collect();
    partners.dedup();
    match partners.as_slice() {
        [only] => format!("/partner/{only}"),
        _ => "/".to_owned(),
    }
}

/// Marks the session signed in as `user`, under a new session id (no fixation), with the
/// user's stored language and a fresh CSRF token.
pub(super) async fn sign_in(app: &App, session: &Session, user: &User) -> Result<(), AppError> {
    let internal = |e: tower_sessions::session::Error| AppError::Internal(e.to_string());
    session.cycle_id().await.map_err(internal)?;
    session
        .remove::<String>(sessions::CSRF)
        .await
        .map_err(internal)?;
    session
        .insert(
            sessions::USER,
            SessionUser {
                id: user.id,
                email: user.email.to_string(),
                password_mark: accounts::session_mark(user),
                staff: is_staff(user),
            },
        )
        .await
        .map_err(internal)?;
    match accounts::locale(app, user.id).await? {
        Some(lang) => session
            .insert(sessions::LANG, lang)
            .await
            .map_err(internal)?,
        None => {
            session
                .remove::<String>(sessions::LANG)
                .await
                .map_err(internal)?;
        }
    }
    Ok(())
}

pub(super) fn password_help(ctx: &Ctx) -> String {
    ctx.t_args(
        "field-password-help",
        &[("min", passwords::MIN_LENGTH.to_string())],
    )
}

pub(super) fn password_error(ctx: &Ctx) -> String {
    ctx.t_args(
        "error-password-short",
        &[("min", passwords::MIN_LENGTH.to_string())],
    )
}

// ---- sign-in ----

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct LoginForm {
    pub email: String,
    pub password: String,
    pub next: String,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct LoginQuery {
    pub next: String,
    /// Set when a signed-in session ended (the session cookie was there, the session not).
    pub expired: String,
}

pub(super) fn login_page(ctx: &Ctx, f: &LoginForm) -> FormPage {
    let mut page = FormPage::new(ctx, "login-title", "/login", "login-submit");
    page.fields = vec![
        Field::new("email", ctx.t("field-email"), "email", &f.email).autocomplete("username"),
        Field::new("password", ctx.t("field-password"), "password", "")
            .autocomplete("current-password"),
    ];
    if !f.next.is_empty() {
        page.hidden.push(Hidden {
            name: "next",
            value: safe_next(&f.next).to_owned(),
        });
    }
    page.links = vec![
        Link {
            href: "/password/forgot".into(),
            label: ctx.t("login-forgot"),
        },
        Link {
            href: "/signup".into(),
            label: ctx.t("login-no-account"),
        },
    ];
    page
}

/// `GET /login[?next=/partner/...]`
pub async fn login_form(ctx: Ctx, Query(q): Query<LoginQuery>) -> Response {
    let f = LoginForm {
        next: q.next,
        ..LoginForm::default()
    };
    let mut page = login_page(&ctx, &f);
    if !q.expired.is_empty() {
        page.notice = ctx.t("login-expired");
    }
    page.respond(StatusCode::OK)
}

/// `POST /login`: at most [`limiter::PER_ACCOUNT_AND_CLIENT`] failures per account from one client and
/// [`PER_CLIENT`] from one client per window, counted before the password is checked, then 429
/// for that client; the account itself is only slowed down ([`limiter::account_delay`]).
pub async fn login(
    ctx: Ctx,
    State(app): State<App>,
    session: Session,
    Extension(ui): Extension<Arc<Ui>>,
    ClientIp(client): ClientIp,
    Form(f): Form<LoginForm>,
) -> Response {
    let account = f.email.trim().to_lowercase();
    // Bounded: an address longer than any valid one is refused below anyway.
    let account: String = account.chars().take(320).collect();
    let reservation = match ui
        .limiter
        .reserve(&limiter::sign_in_limits(&account, client))
        .await
    {
        Ok(Some(reservation)) => reservation,
        Ok(None) => return too_many(&ctx, PER_CLIENT.window),
        Err(_) => return unavailable(&ctx),
    };
    let account_key = limiter::account_key(&account);
    let delay = match ui
        .limiter
        .attempts(&account_key, limiter::ACCOUNT_SLOW_AFTER.window)
        .await
    {
        Ok(failures) => limiter::account_delay(failures),
        // Unknown: the longest wait, which slows a guesser down and still lets the owner in.
        Err(e) => {
            tracing::warn!(error = %e, "account failures not read: the longest wait");
            limiter::MAX_DELAY
        }
    };
    if !delay.is_zero() {
        tokio::time::sleep(delay).await;
    }
    let mut page = login_page(&ctx, &f);
    let found = match Email::parse(f.email.trim()) {
        Ok(email) => users::authenticate(&app, &email, f.password.clone()).await,
        Err(_) => {
            passwords::verify_decoy(f.password.clone()).await;
            Ok(None)
        }
    };
    match found {
        Ok(Some(user)) => {
            // The owner proved themselves from this client: its failures there are forgotten.
            ui.limiter.release(reservation).await;
            ui.limiter.clear(&limiter::pair_key(&account, client)).await;
            ui.limiter.clear(&account_key).await;
            if accounts::require_confirmed(&user).is_err() {
                // R31: not before the address is confirmed; a new link goes out (the old
                // one may be lost or expired), at most as often as sign-in is allowed.
                let lang = ctx.lang;
                let address = user.email.to_string();
                let compose =
                    |mail: accounts::SignUpMail<'_>| sign_up_mail(lang, &ui, &address, mail);
                if let Err(e) = accounts::send_confirmation(&app, &user, &compose).await {
                    return ctx.fail(e);
                }
                page.error = ctx.t("login-unconfirmed");
                return page.respond(StatusCode::FORBIDDEN);
            }
            let next = match safe_next(&f.next) {
                "/" => start_page(&user),
                next => next.to_owned(),
            };
            match sign_in(&app, &session, &user).await {
                Ok(()) => see_other(&next),
                Err(e) => ctx.fail(e),
            }
        }
        Ok(None) => {
            ui.limiter
                .count(&account_key, limiter::ACCOUNT_SLOW_AFTER.window)
                .await;
            page.error = ctx.t("error-login");
            page.respond(StatusCode::UNAUTHORIZED)
        }
        Err(e) => ctx.fail(e),
    }
}

/// 503 with `Retry-After`: the attempt limits could not be read, so the attempt is refused
/// unchecked rather than let through (the limiter's module says why); the user is asked to try
/// again in a moment, and nothing was counted against them.
pub(super) fn unavailable(ctx: &Ctx) -> Response {
    let mut response = ctx.message(
        StatusCode::SERVICE_UNAVAILABLE,
        "error-internal-title",
        "error-internal",
    );
    response
        .headers_mut()
        .insert(header::RETRY_AFTER, HeaderValue::from_static("5"));
    response
}

/// 429 with `Retry-After`.
pub(super) fn too_many(ctx: &Ctx, window: std::time::Duration) -> Response {
    let mut response = ctx.message(
        StatusCode::TOO_MANY_REQUESTS,
        "error-rate-limited-title",
        "error-rate-limited",
    );
    if let Ok(v) = HeaderValue::from_str(&window.as_secs().to_string()) {
        response.headers_mut().insert(header::RETRY_AFTER, v);
    }
    response
}

/// `POST /logout`
pub async fn logout(session: Session) -> Response {
    if let Err(e) = session.flush().await {
        tracing::error!(error = %e, "could not end the session");
    }
    see_other("/")
}

// ---- language ----

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct LangForm {
    pub lang: String,
    pub back: String,
}

/// `POST /lang`: remembers the language in a cookie, and for a signed-in user in the
/// database (it then follows the user to other browsers).
pub async fn switch_lang(
    ctx: Ctx,
    State(app): State<App>,
    session: Session,
    Extension(ui): Extension<Arc<Ui>>,
    Form(f): Form<LangForm>,
) -> Response {
    let mut response = see_other(safe_next(&f.back));
    let Some(lang) = Lang::parse(&f.lang) else {
        return response;
    };
    if let Some(user) = &ctx.user {
        if let Err(e) = accounts::set_locale(&app, user.id, Some(lang.code())).await {
            return ctx.fail(e);
        }
        if let Err(e) = session.insert(sessions::LANG, lang.code()).await {
            tracing::error!(error = %e, "could not store the language in the session");
        }
    }
    let secure = if ui.config.secure_cookies {
        "; Secure"
    } else {
        ""
    };
    let value = format!(
        "{LANG_COOKIE}={}; Path=/; Max-Age=31536000; SameSite=Lax; HttpOnly{secure}",
        lang.code()
    );
    if let Ok(v) = HeaderValue::from_str(&value) {
        response.headers_mut().append(header::SET_COOKIE, v);
    }
    response
}

// ---- invitations ----

const INVITABLE: [Role; 3] = [Role::Member, Role::AccountAdmin, Role::MpnPartnerAdmin];

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct InviteForm {
    pub email: String,
    pub role: String,
}

pub(super) fn invite_page(ctx: &Ctx, mpn: MpnId, f: &InviteForm) -> FormPage {
    let mut page = FormPage::new(
        ctx,
        "invite-title",
        &format!("/partner/{mpn}/users/invite"),
        "invite-submit",
    );
    page.intro = ctx.t("invite-intro");
    let chosen = if f.role.is_empty() {
        Role::Member.as_str()
    } else {
        f.role.as_str()
    };
    let options = INVITABLE
        .iter()
        .map(|r| Choice {
            value: r.as_str().to_owned(),
            label: ctx.t(&format!("role-{}", r.as_str())),
            selected: r.as_str() == chosen,
        })
        .collect();
    page.fields = vec![
        Field::new("email", ctx.t("field-email"), "email", &f.email).autocomplete("off"),
        Field::new("role", ctx.t("field-role"), "select", chosen).options(options),
    ];
    page.links = vec![Link {
        href: format!("/partner/{mpn}"),
        label: ctx.t("nav-home"),
    }];
    page
}

/// `GET /partner/{mpn}/users/invite` (partner admins, R1)
pub async fn invite_form(pu: PartnerUser) -> Response {
    if !pu.is_admin() {
        return pu.ctx.fail(AppError::Denied("R1".into()));
    }
    if !pu.partner.is_verified() {
        // R31: an unverified organization invites nobody.
        return pu
            .ctx
            .message(StatusCode::FORBIDDEN, "unverified-title", "unverified-page");
    }
    invite_page(&pu.ctx, pu.partner.mpn_id, &InviteForm::default()).respond(StatusCode::OK)
}

/// `POST /partner/{mpn}/users/invite`: creates the user and mails a link to set a password.
pub async fn invite(
    pu: PartnerUser,
    State(app): State<App>,
    Extension(ui): Extension<Arc<Ui>>,
    Form(f): Form<InviteForm>,
) -> Response {
    let ctx = &pu.ctx;
    let mpn = pu.partner.mpn_id;
    let mut page = invite_page(ctx, mpn, &f);
    let email = Email::parse(f.email.trim());
    let role = INVITABLE.iter().find(|r| r.as_str() == f.role).copied();
    if email.is_err() {
        page.set_error("email", ctx.t("error-email"));
    }
    if role.is_none() {
        page.set_error("role", ctx.t("error-role"));
    }
    let (Ok(email), Some(role)) = (email, role) else {
        return page.respond(StatusCode::UNPROCESSABLE_ENTITY);
    };
    let lang = ctx.lang;
    let partner_name = pu.partner.name.as_str().to_owned();
    let inviter = pu.user.email.to_string();
    let role_name = lang.t(&format!("role-{}", role.as_str()));
    let compose = |token: &str| {
        let body = [
            lang.t_args(
                "mail-invite-intro",
                &[
                    ("inviter", inviter.clone()),
                    ("partner", partner_name.clone()),
                    ("mpn", mpn.to_string()),
                    ("role", role_name.clone()),
                ],
            ),
            String::new(),
            lang.t("mail-invite-link"),
            reset_link(&ui, token),
        ]
        .join("\n");
        (
            lang.t_args("mail-invite-subject", &[("partner", partner_name.clone())]),
            body,
        )
    };
    match accounts::invite(&app, &pu.actor, email.clone(), role, mpn, &compose).await {
        Ok(_) => ctx.message_text(
            StatusCode::OK,
            ctx.t("invite-sent-title"),
            ctx.t_args("invite-sent", &[("email", email.to_string())]),
        ),
        Err(e) => page.refused(e),
    }
}

/// True when the request carries a session cookie (for telling an ended session from a
/// first visit).
pub fn had_session(headers: &axum::http::HeaderMap) -> bool {
    cookie(headers, sessions::COOKIE).is_some()
}
