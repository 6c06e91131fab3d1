//! Who is calling the JSON API: the user behind the bearer token.

use axum::extract::FromRequestParts;
use axum::http::header::AUTHORIZATION;
use axum::http::request::Parts;
use lpc_app::{Actor, App, tokens};

use crate::error::ApiError;

/// The authenticated caller of an API route. Permissions are decided by `app` with this
/// actor; this extractor only establishes who it is.
#[derive(Debug, Clone)]
pub struct ApiActor(pub Actor);

impl FromRequestParts<App> for ApiActor {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, app: &App) -> Result<Self, Self::Rejection> {
        let token = parts
            .headers
            .get(AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .map(str::trim)
            .ok_or(ApiError::Unauthenticated)?;
        match tokens::actor_of(app, token).await? {
            Some(actor) => Ok(Self(actor)),
            None => Err(ApiError::Unauthenticated),
        }
    }
}
