//! The OpenAPI description of `/api/v1`, served at `GET /api/v1/openapi.json` (no auth).
//!
//! Each handler carries its `#[utoipa::path]`; [`ApiDoc`] lists them, the response shapes are
//! the mirrors of [`schemas`], and two modifiers add what every operation shares: the bearer
//! security scheme, and the problem+json answers (401, 403, 404, 422, 500) that any route can
//! give, unless the route documents its own.

pub mod schemas;

use std::sync::OnceLock;

use axum::http::header;
use axum::response::IntoResponse;
use utoipa::openapi::content::ContentBuilder;
use utoipa::openapi::path::Operation;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::openapi::{Ref, RefOr, ResponseBuilder};
use utoipa::{Modify, OpenApi};

use crate::api;

/// The name of the bearer security scheme in the document.
pub const BEARER: &str = "bearer";

/// The media type of every error answer.
pub const PROBLEM_JSON: &str = "application/problem+json";

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Learning Partner Center API",
        description = "The JSON API of lpc: KPI reports (R17, R21), eligibility (R3..R10), \
                       enrollments and payments (R8..R11, R28..R30), invoice imports (R12, R13) \
                       and Partner Frontline Support cases (R22). Every route needs a bearer \
                       token (`Authorization: Bearer lpc_...`) that a user creates on the \
                       settings page; what the token's user may see and do is decided by its \
                       role and partner. Errors are RFC 9457 problem documents."
    ),
    paths(
        document,
        api::partners::eligibility,
        api::partners::entitlement,
        api::partners::renewal_forecast,
        api::partners::kpi_report,
        api::partners::kpi_report_csv,
        api::partners::accept_guidelines,
        api::partner_users::list,
        api::imports::invoices,
        api::cases::list,
        api::cases::open,
        api::cases::show,
        api::cases::comment,
        api::cases::decide,
        api::enrollments::enroll,
        api::enrollments::memberships,
        api::orders::list,
        api::orders::proof,
        api::orders::confirm,
        api::orders::reject,
        api::orders::refund,
        api::directory_public::search,
        api::directory_public::show,
        api::directory_requests::create,
        api::directory_requests::list,
    ),
    components(schemas(schemas::Problem, schemas::RowError)),
    modifiers(&BearerScheme, &ProblemResponses),
    security(("bearer" = [])),
    tags(
        (name = "kpi", description = "KPI reports (R17, R18, R21)"),
        (name = "partners", description = "Eligibility, entitlements, guidelines (R3..R10), the renewal forecast (R19)"),
        (name = "enrollments", description = "Enrollments and memberships (R1..R11, R28)"),
        (name = "orders", description = "Orders and payments (R29, R30)"),
        (name = "imports", description = "Invoice imports (R12, R13), for operators"),
        (name = "cases", description = "Partner Frontline Support cases (R5, R22, R27)"),
        (name = "meta", description = "This document"),
        (name = "directory", description = "The public Learning Partner directory, no token (R24, R26)"),
    )
)]
#[derive(Debug)]
pub struct ApiDoc;

/// Adds the bearer scheme that the document's `security` names.
#[derive(Debug)]
struct BearerScheme;

impl Modify for BearerScheme {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            BEARER,
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .bearer_format("lpc_...")
                    .description(Some(
                        "An API token a user creates on the settings page; it acts as that \
                         user.",
                    ))
                    .build(),
            ),
        );
    }
}

/// Adds to every operation the problem answers any route can give, unless documented.
#[derive(Debug)]
struct ProblemResponses;

impl ProblemResponses {
    const SHARED: [(&'static str, &'static str); 5] = [
        (
            "401",
            "No bearer token, or one that belongs to nobody (`WWW-Authenticate: Bearer`).",
        ),
        (
            "403",
            "The token's user may not do this (its role or partner).",
        ),
        (
            "404",
            "Not found; a case or partner of another partner is answered the same way.",
        ),
        (
            "422",
            "A value was refused: `detail` says why and cites the rule; `fields` names the \
             refused fields.",
        ),
        (
            "500",
            "Something failed on the server; the details are logged.",
        ),
    ];

    fn add(operation: &mut Operation, public: bool) {
        for (status, description) in Self::SHARED {
            if public && matches!(status, "401" | "403" | "404" | "422") {
                continue;
            }
            operation
                .responses
                .responses
                .entry(status.to_owned())
                .or_insert_with(|| RefOr::T(problem_response(description)));
        }
    }
}

/// A response of `description` with a [`schemas::Problem`] body.
pub fn problem_response(description: &str) -> utoipa::openapi::Response {
    ResponseBuilder::new()
        .description(description)
        .content(
            PROBLEM_JSON,
            ContentBuilder::new()
                .schema(Some(Ref::from_schema_name("Problem")))
                .build(),
        )
        .build()
}

impl Modify for ProblemResponses {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        for (path, item) in openapi.paths.paths.iter_mut() {
            let public = path == OPENAPI_PATH || PUBLIC_PATHS.contains(&path.as_str());
            for operation in [
                &mut item.get,
                &mut item.put,
                &mut item.post,
                &mut item.delete,
                &mut item.patch,
            ]
            .into_iter()
            .flatten()
            {
                Self::add(operation, public);
            }
        }
    }
}

/// Where the document is served.
pub const OPENAPI_PATH: &str = "/api/v1/openapi.json";

/// Other routes that need no token (they document their own 404 and 422): the public
/// directory (R24).
pub const PUBLIC_PATHS: [&str; 2] = ["/api/v1/directory", "/api/v1/directory/{mpn}"];

/// The document as built from the annotations.
pub fn openapi() -> utoipa::openapi::OpenApi {
    ApiDoc::openapi()
}

/// The document as served: pretty JSON, built once.
pub fn document_json() -> &'static str {
    static JSON: OnceLock<String> = OnceLock::new();
    JSON.get_or_init(|| {
        openapi().to_pretty_json().unwrap_or_else(|e| {
            tracing::error!(error = %e, "the OpenAPI document does not serialize");
            "{}".to_owned()
        })
    })
}

/// `GET /api/v1/openapi.json`: this API's OpenAPI document (no auth).
#[utoipa::path(
    get,
    path = "/api/v1/openapi.json",
    operation_id = "openapi_document",
    tag = "meta",
    security(()),
    responses((status = 200, description = "The OpenAPI document of /api/v1", content_type = "application/json", body = Object))
)]
pub async fn document() -> impl IntoResponse {
    (
        [(header::CONTENT_TYPE, "application/json")],
        document_json(),
    )
}
