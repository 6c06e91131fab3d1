//! The CSRF token of a visitor who has not signed in: kept in a cookie of its own, never in a
//! stored session.
//!
//! Every page with a form needs a token, and the sign-in and sign-up forms are seen by people
//! without a session. Keeping their token in the session table wrote a row per anonymous page
//! view (issue 15: fifty `GET /login`, fifty rows on SQLite's single writer). Here the token
//! lives in the `lpc_csrf` cookie (`__Host-lpc_csrf` when cookies are `Secure`, which no other
//! host can set) and a form is accepted when its `csrf` field equals the cookie: a page of
//! another site can send the cookie but cannot read it to copy it into the form (the
//! double-submit pattern). A session, and its own token, begin at sign-in.

use std::sync::{Arc, OnceLock};

use axum::extract::Request;
use axum::http::{HeaderValue, header};
use axum::middleware::Next;
use axum::response::Response;

use super::context::cookie;

/// The cookie's name over plain http (a developer's loopback).
const PLAIN: &str = "lpc_csrf";
/// The cookie's name when cookies are `Secure`: the prefix binds it to this host and path.
const HOST_BOUND: &str = "__Host-lpc_csrf";

/// The visitor's token for this request (an extension set by [`issue`]): the cookie's, or
/// one made the first time a page asks for it (a page without a form sets no cookie).
#[derive(Debug, Clone)]
pub struct AnonymousToken {
    presented: Option<String>,
    minted: Arc<OnceLock<Option<String>>>,
}

impl AnonymousToken {
    /// The token the request came with, for checking a form.
    pub fn presented(&self) -> Option<&str> {
        self.presented.as_deref()
    }

    /// The token for this page's forms, made (and then set as a cookie) if the visitor has
    /// none yet.
    pub fn for_forms(&self) -> Option<String> {
        self.presented
            .clone()
            .or_else(|| self.minted.get_or_init(new_token).clone())
    }
}

/// The cookie's name for a deployment with or without `Secure` cookies.
pub fn cookie_name(secure: bool) -> &'static str {
    if secure { HOST_BOUND } else { PLAIN }
}

/// A token as we make them: 64 lowercase hex digits. Anything else in the cookie is replaced.
fn well_formed(token: &str) -> bool {
    token.len() == 64 && token.bytes().all(|b| b.is_ascii_hexdigit())
}

/// The token the request's cookie carries, if it is one of ours.
pub fn presented(headers: &axum::http::HeaderMap, secure: bool) -> Option<String> {
    cookie(headers, cookie_name(secure)).filter(|t| well_formed(t))
}

fn new_token() -> Option<String> {
    let mut secret = [0u8; 32];
    getrandom::fill(&mut secret).ok()?;
    Some(hex::encode(secret))
}

/// Middleware: hands the request its visitor token (the cookie's, or one made on demand,
/// then set on the response).
pub async fn issue(secure: bool, mut request: Request, next: Next) -> Response {
    let minted = Arc::new(OnceLock::new());
    let token = AnonymousToken {
        presented: presented(request.headers(), secure),
        minted: minted.clone(),
    };
    request.extensions_mut().insert(token);
    let mut response = next.run(request).await;
    if let Some(Some(token)) = minted.get() {
        let secure_attr = if secure { "; Secure" } else { "" };
        let value = format!(
            "{}={token}; Path=/; HttpOnly; SameSite=Lax{secure_attr}",
            cookie_name(secure)
        );
        if let Ok(v) = HeaderValue::from_str(&value) {
            response.headers_mut().append(header::SET_COOKIE, v);
        }
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_our_tokens_are_taken_from_the_cookie() {
        let mut headers = axum::http::HeaderMap::new();
        let good = "ab".repeat(32);
        headers.insert(
            header::COOKIE,
            HeaderValue::from_str(&format!("lpc_csrf={good}")).unwrap(),
        );
        assert_eq!(presented(&headers, false), Some(good.clone()));
        assert_eq!(
            presented(&headers, true),
            None,
            "Secure: the __Host- cookie only"
        );
        headers.insert(header::COOKIE, HeaderValue::from_static("lpc_csrf=short"));
        assert_eq!(presented(&headers, false), None);
    }
}
