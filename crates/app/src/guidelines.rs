//! Accepting the Learning Program Performance Guidelines (R8): a partner admin commits to the
//! Performance Requirements of the version in force, which silver and gold require.

use lpc_domain::MpnId;
use lpc_domain::access::Action;
use lpc_store::{AuditDraft, GuidelineAcceptance};

use crate::{Actor, App, AppError};

/// Records that the acting partner admin accepts the version in force today (R1, R8).
/// Accepting again keeps the first acceptance.
///
/// At the command line without `--as` (assisted enrollment, `lpc enroll --accept-commitment`)
/// the acceptance is recorded for the local user as `<user>@cli.invalid`: `.invalid` is a
/// reserved domain (RFC 2606), so it can never be mistaken for a person's address, and the
/// audit event names `cli:<user>`. The scheduler never commits on a partner's behalf.
pub async fn accept(
    app: &App,
    actor: &Actor,
    partner: MpnId,
) -> Result<GuidelineAcceptance, AppError> {
    actor.authorize(Action::ManageMemberships(partner))?;
    crate::claims::require_verified_for_everyone(&crate::partners::read(app, partner).await?)?;
    let email = match actor {
        Actor::User { email, .. } => email.clone(),
        Actor::Local { os_user } => assisted_email(os_user)?,
        Actor::Scheduler => {
            return Err(AppError::Denied(
                "R1, R8: the guidelines are accepted by a partner admin, not by the scheduler"
                    .into(),
            ));
        }
    };
    let version = app
        .rules_on(app.clock().today())?
        .guidelines_version
        .clone();
    let acceptance = GuidelineAcceptance {
        partner_id: partner,
        version: version.clone(),
        accepted_by: email,
        accepted_at: app
            .clock()
            .now()
            .round(jiff::Unit::Microsecond)
            .unwrap_or_else(|_| app.clock().now()),
    };
    // R32: the acceptance names the program's document of that exact version, when one is
    // published: its id and the SHA-256 of each language's file, so that an auditor can tell
    // which text was accepted.
    let document = crate::resources::guidelines(app, &version).await?;
    let audit = AuditDraft::new(
        actor.audit_name(),
        "guidelines.accept",
        format!("partner:{partner}"),
        acceptance.accepted_at,
        serde_json::json!({
            "version": version,
            "document_id": document.as_ref().map(|d| d.id),
            "document_files": document.as_ref().map(|d| d
                .versions
                .iter()
                .map(|v| serde_json::json!({
                    "lang": v.lang, "sha256": v.sha256, "link": v.link_url,
                }))
                .collect::<Vec<_>>()),
        }),
    );
    app.store().accept_guidelines(&acceptance, &audit).await?;
    let stored = app.store().guideline_acceptances(partner).await?;
    Ok(stored
        .into_iter()
        .find(|a| a.version == version)
        .unwrap_or(acceptance))
}

/// The address an assisted acceptance is recorded under: the local user's name, kept to
/// characters an address's local part takes, at the reserved `cli.invalid` domain.
fn assisted_email(os_user: &str) -> Result<lpc_domain::Email, AppError> {
    let name: String = os_user
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'))
        .take(64)
        .collect();
    let name = if name.is_empty() { "cli" } else { &name };
    lpc_domain::Email::parse(&format!("{name}@cli.invalid"))
        .map_err(|e| AppError::Internal(e.to_string()))
}
