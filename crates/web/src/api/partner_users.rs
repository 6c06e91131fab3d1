//! The partner's users (R1): `GET /api/v1/partners/{mpn}/users`, for the partner's admins
//! and operators, the same rows as the portal's users page.

use axum::Json;
use axum::extract::{Path, State};
use lpc_app::partners::parse_mpn_id;
use lpc_app::{App, partner_users};

use crate::auth::ApiActor;
use crate::error::ApiError;
use crate::openapi::schemas::PartnerUsers;

/// `GET /api/v1/partners/{mpn}/users`.
#[utoipa::path(
    get,
    path = "/api/v1/partners/{mpn}/users",
    operation_id = "list_partner_users",
    tag = "partners",
    params(("mpn" = String, Path, description = "The partner's MPN ID (digits)", example = "1234567")),
    responses((status = 200, description = "The users holding a role on the partner, one entry per role, by e-mail, with pending invitations marked; for the partner's MPN partner admins and account admins, and operators (R1)", body = crate::openapi::schemas::PartnerUsers))
)]
pub async fn list(
    State(app): State<App>,
    ApiActor(actor): ApiActor,
    Path(mpn): Path<String>,
) -> Result<Json<PartnerUsers>, ApiError> {
    let partner = parse_mpn_id(&mpn)?;
    Ok(Json(PartnerUsers {
        partner_id: partner,
        users: partner_users::users_of(&app, &actor, partner)
            .await?
            .into_iter()
            .map(Into::into)
            .collect(),
    }))
}
