//! The demo's listings in the public directory (R24, R26).

use lpc_domain::CountryCode;
use lpc_store::AuditDraft;

use super::cast::{PARTNERS, mpn};
use super::invalid_demo;
use crate::{App, AppError};

/// Listings in the public directory (R24, R26) for the hand-made partners holding an active
/// membership, asked for two months ago and approved in their processing week, so that a
/// newcomer's `/directory` is not empty. Their landing pages are example addresses, never
/// fetched.
pub(super) async fn seed_directory(app: &App) -> Result<(), AppError> {
    use lpc_store::directory::{NewDirectoryRequest, RequestDecision};
    let store = app.store();
    let requested_on = app
        .clock()
        .today()
        .checked_sub(jiff::Span::new().days(60))
        .map_err(invalid_demo)?;
    let cycle = lpc_domain::calendar::directory_processing(requested_on);
    for &(id, name, country, admin) in &PARTNERS {
        let partner = mpn(id)?;
        let active = store
            .memberships_of(partner)
            .await?
            .iter()
            .any(|m| m.status == lpc_store::MembershipStatus::Active);
        if !active {
            continue;
        }
        let domain = admin.split('@').nth(1).unwrap_or("partner.example");
        let audit = |action: &str| {
            AuditDraft::new(
                "demo",
                action,
                format!("partner:{partner}"),
                app.clock().now(),
                serde_json::json!({ "demo": true }),
            )
        };
        let request = store
            .add_directory_request(
                &NewDirectoryRequest {
                    partner_id: partner,
                    display_name: name.to_owned(),
                    country: CountryCode::parse(country).map_err(invalid_demo)?,
                    landing_url: format!("https://www.{domain}/microsoft-learning"),
                    requested_at: app.clock().now(),
                    requested_on,
                    processing_from: cycle.processing_window.from,
                    processing_to: cycle.processing_window.to,
                    visible_by: cycle.visible_by,
                    checks: "{}".to_owned(),
                },
                &audit("directory.request"),
            )
            .await?;
        store
            .decide_directory_request(
                request.id,
                &RequestDecision::Approve {
                    visible_from: cycle.visible_by,
                },
                "",
                &audit("directory.approve"),
            )
            .await?;
    }
    Ok(())
}
