//! Every failure the HTTP layer can answer with.

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use lpc_app::AppError;
use serde::Serialize;

/// A failed request. Internals are logged with the request, never sent to the client.
#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    #[error("{0}")]
    App(#[from] AppError),
    #[error("not found")]
    NotFound,
    /// The request body is not of the media type the route reads.
    #[error("the request body must be {0}")]
    UnsupportedMediaType(&'static str),
    /// The request body is larger than the route accepts (a proof of payment over 5 MiB, R29).
    #[error("{0}")]
    PayloadTooLarge(String),
    /// No bearer token, or one that belongs to nobody.
    #[error("a valid bearer token is required (Authorization: Bearer lpc_...)")]
    Unauthenticated,
}

impl ApiError {
    pub fn status_code(&self) -> StatusCode {
        match self {
            ApiError::App(AppError::Invalid { .. } | AppError::Rows { .. }) => {
                StatusCode::UNPROCESSABLE_ENTITY
            }
            ApiError::Unauthenticated => StatusCode::UNAUTHORIZED,
            ApiError::PayloadTooLarge(_) => StatusCode::PAYLOAD_TOO_LARGE,
            ApiError::UnsupportedMediaType(_) => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            ApiError::App(AppError::Denied(_)) => StatusCode::FORBIDDEN,
            ApiError::App(AppError::Conflict(_)) => StatusCode::CONFLICT,
            ApiError::App(AppError::NotFound(_)) | ApiError::NotFound => StatusCode::NOT_FOUND,
            ApiError::App(AppError::Store(_) | AppError::Internal(_)) => {
                StatusCode::INTERNAL_SERVER_ERROR
            }
        }
    }
}

/// An RFC 9457 problem document.
#[derive(Debug, Serialize)]
struct Problem {
    #[serde(rename = "type")]
    kind: &'static str,
    title: String,
    status: u16,
    #[serde(skip_serializing_if = "Option::is_none")]
    detail: Option<String>,
    /// Every refused row of a refused file, for clients to show next to the data.
    #[serde(skip_serializing_if = "Option::is_none")]
    errors: Option<Vec<lpc_app::csv_rows::RowError>>,
    /// The refused fields of a refused value (a case names every faulty field at once).
    #[serde(skip_serializing_if = "Option::is_none")]
    fields: Option<Vec<String>>,
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let status = self.status_code();
        let detail = if status.is_server_error() {
            tracing::error!(error = %self, "request failed");
            None
        } else {
            Some(self.to_string())
        };
        let errors = match &self {
            ApiError::App(AppError::Rows { errors, .. }) => Some(errors.clone()),
            _ => None,
        };
        let fields = match &self {
            ApiError::App(AppError::Invalid { field, .. }) => {
                Some(field.split(", ").map(str::to_owned).collect())
            }
            _ => None,
        };
        let unauthenticated = matches!(self, ApiError::Unauthenticated);
        let problem = Problem {
            errors,
            fields,
            kind: "about:blank",
            title: status.canonical_reason().unwrap_or("Error").to_owned(),
            status: status.as_u16(),
            detail,
        };
        let mut response = (status, Json(problem)).into_response();
        response.headers_mut().insert(
            axum::http::header::CONTENT_TYPE,
            axum::http::HeaderValue::from_static("application/problem+json"),
        );
        if unauthenticated {
            response.headers_mut().insert(
                axum::http::header::WWW_AUTHENTICATE,
                axum::http::HeaderValue::from_static("Bearer"),
            );
        }
        response
    }
}
