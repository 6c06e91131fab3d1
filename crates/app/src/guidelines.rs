//! Accepting the Learning Program Performance Guidelines (R8): a partner admin commits to the
//! Performance Requirements of the version in force, which silver and gold require.

use lpc_domain::MpnId;
use lpc_domain::access::Action;
use lpc_store::{AuditDraft, GuidelineAcceptance};

use crate::{Actor, App, AppError};

/// Records that the acting partner admin accepts the version in force today (R1, R8).
/// Accepting again keeps the first acceptance.
pub async fn accept(
    app: &App,
    actor: &Actor,
    partner: MpnId,
) -> Result<GuidelineAcceptance, AppError> {
    actor.authorize(Action::ManageMemberships(partner))?;
    let Actor::User { email, .. } = actor else {
        return Err(AppError::Denied(
            "R1: the guidelines are accepted by a partner admin, not by the program".into(),
        ));
    };
    let version = app
        .rules_on(app.clock().today())?
        .guidelines_version
        .clone();
    let acceptance = GuidelineAcceptance {
        partner_id: partner,
        version: version.clone(),
        accepted_by: email.clone(),
        accepted_at: app
            .clock()
            .now()
            .round(jiff::Unit::Microsecond)
            .unwrap_or_else(|_| app.clock().now()),
    };
    let audit = AuditDraft::new(
        actor.audit_name(),
        "guidelines.accept",
        format!("partner:{partner}"),
        acceptance.accepted_at,
        serde_json::json!({ "version": version }),
    );
    app.store().accept_guidelines(&acceptance, &audit).await?;
    let stored = app.store().guideline_acceptances(partner).await?;
    Ok(stored
        .into_iter()
        .find(|a| a.version == version)
        .unwrap_or(acceptance))
}
