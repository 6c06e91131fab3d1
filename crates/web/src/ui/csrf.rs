//! CSRF protection: one random token per signed-in session (per visitor cookie before sign-in,
//! [`super::anonymous_csrf`]), sent back by every form in a hidden `csrf` field and checked (in
//! constant time) on every UI request that is not GET, HEAD or OPTIONS.
//!
//! Where the token is read from: the `x-csrf-token` header; else, for
//! `application/x-www-form-urlencoded` bodies (read up to [`FORM_LIMIT`]), the `csrf` field;
//! else (multipart uploads, whose bodies are streamed and never buffered here) the `csrf`
//! query parameter, which upload forms put in their `action`.

use axum::body::Body;
use axum::extract::Request;
use axum::http::request::Parts;
use axum::http::{Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::Response;
use subtle::ConstantTimeEq;
use tower_sessions::Session;

use super::anonymous_csrf::AnonymousToken;
use super::context::Ctx;
use super::sessions;

/// The largest url-encoded form body the check reads.
pub const FORM_LIMIT: usize = 1024 * 1024;

/// The token of this request's forms: the session's for a signed-in user (created on first
/// use), the visitor cookie's otherwise, so that an anonymous page stores no session.
pub async fn token(
    session: &Session,
    parts: &Parts,
    signed_in: bool,
) -> Result<String, tower_sessions::session::Error> {
    if let Some(token) = session.get::<String>(sessions::CSRF).await? {
        return Ok(token);
    }
    if !signed_in
        && let Some(token) = parts
            .extensions
            .get::<AnonymousToken>()
            .and_then(AnonymousToken::for_forms)
    {
        return Ok(token);
    }
    let mut secret = [0u8; 32];
    getrandom::fill(&mut secret).map_err(|e| {
        tower_sessions::session::Error::Store(tower_sessions::session_store::Error::Backend(
            format!("no randomness: {e}"),
        ))
    })?;
    let token = hex::encode(secret);
    session.insert(sessions::CSRF, &token).await?;
    Ok(token)
}

/// Constant-time equality of the expected and the presented token.
pub fn matches(expected: &str, presented: &str) -> bool {
    !expected.is_empty()
        && expected.len() == presented.len()
        && bool::from(expected.as_bytes().ct_eq(presented.as_bytes()))
}

fn field(pairs: &str) -> Option<String> {
    serde_urlencoded::from_str::<Vec<(String, String)>>(pairs)
        .ok()?
        .into_iter()
        .find(|(k, _)| k == "csrf")
        .map(|(_, v)| v)
}

/// The middleware: refuses a state-changing request without the session's token with a
/// friendly 403 page.
pub async fn check(session: Session, request: Request, next: Next) -> Response {
    if matches!(
        *request.method(),
        Method::GET | Method::HEAD | Method::OPTIONS
    ) {
        return next.run(request).await;
    }
    let (parts, body) = request.into_parts();
    let anonymous = parts
        .extensions
        .get::<AnonymousToken>()
        .and_then(|t| t.presented().map(str::to_owned));
    let expected = session
        .get::<String>(sessions::CSRF)
        .await
        .ok()
        .flatten()
        .or(anonymous)
        .unwrap_or_default();
    let header_token = parts
        .headers
        .get("x-csrf-token")
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let urlencoded = parts
        .headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/x-www-form-urlencoded"));
    let (presented, body) = match header_token {
        Some(token) => (Some(token), body),
        None if urlencoded => match axum::body::to_bytes(body, FORM_LIMIT).await {
            Ok(bytes) => (field(&String::from_utf8_lossy(&bytes)), Body::from(bytes)),
            Err(_) => (None, Body::empty()),
        },
        None => (parts.uri.query().and_then(field), body),
    };
    if presented.is_some_and(|p| matches(&expected, &p)) {
        return next.run(Request::from_parts(parts, body)).await;
    }
    tracing::info!(path = %parts.uri.path(), "CSRF token missing or wrong: refused");
    match Ctx::from_parts(&parts, &session).await {
        Ok(ctx) => ctx.message(StatusCode::FORBIDDEN, "error-csrf-title", "error-csrf"),
        Err(response) => response,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_match_only_exactly() {
        assert!(matches("abc123", "abc123"));
        assert!(!matches("abc123", "abc124"));
        assert!(!matches("abc123", "abc12"));
        assert!(!matches("", ""), "no session token: nothing matches");
        assert_eq!(field("a=1&csrf=xyz&b=2").as_deref(), Some("xyz"));
        assert_eq!(field("a=1").as_deref(), None);
    }
}
