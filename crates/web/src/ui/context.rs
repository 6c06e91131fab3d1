//! What every page needs: the language, the CSRF token, the signed-in user, the path; and the
//! friendly pages for failures.

use askama::Template;
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use lpc_app::{App, AppError};
use tower_sessions::Session;

use super::csrf;
use super::i18n::Lang;
use super::sessions::{self, SessionUser};

/// The name of the cookie that remembers a visitor's language.
pub const LANG_COOKIE: &str = "lang";

/// The page context, extracted from every UI request.
#[derive(Debug, Clone)]
pub struct Ctx {
    pub lang: Lang,
    /// The session's CSRF token, for the hidden `csrf` field of every form.
    pub csrf: String,
    pub user: Option<SessionUser>,
    pub signed_in: bool,
    /// The path and query of this request (where the language switcher comes back to).
    pub path: String,
    /// A sentence every page shows above its content: an unverified organization's pages
    /// say what is withheld and why (R31). Empty: none.
    pub banner: String,
    /// The organization's menu, on every `/partner/{mpn}` page (issue 16).
    pub partner_nav: Vec<NavItem>,
}

/// One entry of a page's menu.
#[derive(Debug, Clone)]
pub struct NavItem {
    pub href: String,
    /// The message key of its label.
    pub key: &'static str,
    /// The page shown is this entry's (`aria-current="page"`).
    pub current: bool,
}

/// The menu of an organization's pages, with the page at `path` marked. An admin also gets
/// its users; an unverified organization (R31) only what it can use.
pub fn partner_nav(mpn: &str, path: &str, admin: bool, verified: bool) -> Vec<NavItem> {
    let base = format!("/partner/{mpn}");
    let section = path
        .split('?')
        .next()
        .unwrap_or_default()
        .strip_prefix(&base)
        .map(|rest| {
            rest.trim_start_matches('/')
                .split('/')
                .next()
                .unwrap_or_default()
        })
        .unwrap_or("-");
    let entries: [(&str, &'static str, bool); 11] = [
        ("", "partner-nav-overview", true),
        ("enroll", "people-nav-enroll", verified),
        ("orders", "orders-title", verified),
        ("kpi", "nav-kpi", verified),
        ("trainers", "people-trainers-title", true),
        ("exams", "people-exams-title", true),
        ("cases", "people-cases-title", true),
        ("directory", "directory-nav", verified),
        ("resources", "partner-nav-resources", true),
        ("users", "users-overview-link", admin),
        ("settings", "partner-nav-settings", true),
    ];
    entries
        .iter()
        .filter(|(_, _, shown)| *shown)
        .map(|&(segment, key, _)| NavItem {
            href: match segment {
                "" => base.clone(),
                "settings" => "/settings/tokens".to_owned(),
                s => format!("{base}/{s}"),
            },
            key,
            current: segment == section,
        })
        .collect()
}

/// One entry of the language switcher.
#[derive(Debug, Clone)]
pub struct LangChoice {
    pub code: &'static str,
    pub name: &'static str,
    pub selected: bool,
}

impl Ctx {
    pub fn t(&self, key: &str) -> String {
        self.lang.t(key)
    }

    pub fn t_args(&self, key: &str, args: &[(&'static str, String)]) -> String {
        self.lang.t_args(key, args)
    }

    /// Who did something, as a person reads it: an address for a user, "the program" for
    /// its own jobs, "the program team" for its command line; never `user:` or `system:`.
    pub fn actor_label(&self, actor: &str) -> String {
        if let Some(email) = actor.strip_prefix("user:") {
            return email.to_owned();
        }
        if actor.starts_with("system:") {
            return self.t("actor-program");
        }
        if actor.starts_with("cli:") || actor == "demo" {
            return self.t("actor-program-team");
        }
        actor.to_owned()
    }

    /// An audit actor as the console shows it to staff: the e-mail of a user, the scheduled
    /// job or the command line by name (with the system account), never the `user:` or
    /// `system:` codes of the audit log. The audit trail's raw column keeps them.
    pub fn staff_actor_label(&self, actor: &str) -> String {
        if let Some(email) = actor.strip_prefix("user:") {
            return email.to_owned();
        }
        if let Some(job) = actor.strip_prefix("system:") {
            return self.t_args("actor-scheduled-job", &[("job", job.to_owned())]);
        }
        if let Some(account) = actor.strip_prefix("cli:") {
            return self.t_args("actor-command-line", &[("account", account.to_owned())]);
        }
        if actor == "demo" {
            return self.t("actor-program-team");
        }
        actor.to_owned()
    }

    /// The signed-in user holds a program role: the header links to the console.
    pub fn is_staff(&self) -> bool {
        self.user.as_ref().is_some_and(|u| u.staff)
    }

    pub fn lang_code(&self) -> &'static str {
        self.lang.code()
    }

    pub fn langs(&self) -> Vec<LangChoice> {
        Lang::ALL
            .iter()
            .map(|l| LangChoice {
                code: l.code(),
                name: l.native_name(),
                selected: *l == self.lang,
            })
            .collect()
    }

    /// A date in the page's language (`Nov 22, 2026`, `2026年11月22日`, `22/11/2026`).
    pub fn date(&self, date: jiff::civil::Date) -> String {
        self.lang.date(date)
    }

    /// A whole number in the page's language (`1,240`, `1.240`).
    pub fn number(&self, n: i64) -> String {
        self.lang.number(n)
    }

    /// An amount of money in the page's language (`$1,900.00`, `1.900,00 $`).
    pub fn money(&self, money: lpc_domain::points::Money) -> String {
        self.lang.money(money)
    }

    pub fn signed_in_as(&self) -> String {
        let email = self
            .user
            .as_ref()
            .map(|u| u.email.clone())
            .unwrap_or_default();
        self.t_args("nav-signed-in-as", &[("email", email)])
    }

    /// A friendly page with a title, a text and a link home, answered with `status`.
    pub fn message(&self, status: StatusCode, title_key: &str, text_key: &str) -> Response {
        self.message_text(status, self.t(title_key), self.t(text_key))
    }

    pub fn message_text(&self, status: StatusCode, title: String, text: String) -> Response {
        render(
            status,
            &MessagePage {
                ctx: self.clone(),
                title,
                text,
                link_href: "/".to_owned(),
                link_label: self.t("back-home"),
            },
        )
    }

    pub fn not_found(&self) -> Response {
        self.message(
            StatusCode::NOT_FOUND,
            "error-not-found-title",
            "error-not-found",
        )
    }

    /// The page for a failed use case: not found and denied look alike (404) so that no page
    /// reveals what exists; internals are logged, never shown.
    pub fn fail(&self, err: AppError) -> Response {
        match err {
            AppError::NotFound(_) => self.not_found(),
            ref denied if lpc_app::claims::is_withheld(denied) => {
                self.message(StatusCode::FORBIDDEN, "unverified-title", "unverified-page")
            }
            AppError::Denied(_) => self.message(
                StatusCode::FORBIDDEN,
                "error-forbidden-title",
                "error-admin-only",
            ),
            other => {
                tracing::error!(error = %other, "page failed");
                self.message(
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "error-internal-title",
                    "error-internal",
                )
            }
        }
    }

    /// Builds the context from the request (also for middleware, which has no extractor).
    pub async fn from_parts(parts: &Parts, session: &Session) -> Result<Ctx, Response> {
        let user = sessions::user(session).await;
        let stored: Option<String> = match user {
            Some(_) => {
                sessions::touch(session).await;
                session.get::<String>(sessions::LANG).await.ok().flatten()
            }
            None => None,
        };
        let lang = resolve_lang(stored.as_deref(), &parts.headers);
        let csrf = csrf::token(session, parts, user.is_some())
            .await
            .map_err(|e| {
                tracing::error!(error = %e, "session store failed");
                (StatusCode::INTERNAL_SERVER_ERROR, "session store failed").into_response()
            })?;
        let path = parts
            .uri
            .path_and_query()
            .map(|p| p.as_str().to_owned())
            .unwrap_or_else(|| "/".to_owned());
        Ok(Ctx {
            lang,
            csrf,
            signed_in: user.is_some(),
            user,
            path,
            banner: String::new(),
            partner_nav: Vec::new(),
        })
    }
}

/// The user's stored choice, then the `lang` cookie, then `Accept-Language`, then English.
pub fn resolve_lang(stored: Option<&str>, headers: &HeaderMap) -> Lang {
    stored
        .and_then(Lang::parse)
        .or_else(|| cookie(headers, LANG_COOKIE).and_then(|c| Lang::parse(&c)))
        .or_else(|| {
            headers
                .get(header::ACCEPT_LANGUAGE)
                .and_then(|v| v.to_str().ok())
                .and_then(Lang::from_accept_language)
        })
        .unwrap_or_default()
}

/// The value of the cookie `name` in the request, if any.
pub fn cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.to_owned())
}

pub(crate) async fn session_of(parts: &mut Parts, app: &App) -> Result<Session, Response> {
    Session::from_request_parts(parts, app)
        .await
        .map_err(IntoResponse::into_response)
}

impl FromRequestParts<App> for Ctx {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, app: &App) -> Result<Self, Self::Rejection> {
        let session = session_of(parts, app).await?;
        Ctx::from_parts(parts, &session).await
    }
}

/// Renders a template as an HTML response with `status`.
pub fn render<T: Template>(status: StatusCode, page: &T) -> Response {
    match page.render() {
        Ok(html) => (status, Html(html)).into_response(),
        Err(e) => {
            tracing::error!(error = %e, "template failed");
            (StatusCode::INTERNAL_SERVER_ERROR, "internal error").into_response()
        }
    }
}

/// The login page that brings the user back to `next` afterwards.
pub fn to_login(next: &str) -> Response {
    let query = serde_urlencoded::to_string([("next", next)]).unwrap_or_default();
    Redirect::to(&format!("/login?{query}")).into_response()
}

/// A generic page: a title, a text, a link.
#[derive(Debug, Template)]
#[template(path = "message.html")]
pub struct MessagePage {
    pub ctx: Ctx,
    pub title: String,
    pub text: String,
    pub link_href: String,
    pub link_label: String,
}
