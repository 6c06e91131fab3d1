//! R5: the account profile setup case of an Action Pack membership, opened when the Action
//! Pack is bought; resolving it grants Courseware Marketplace access.

use lpc_domain::access::Action;
use lpc_domain::{LearningOption, MpnId};
use lpc_store::{AuditDraft, CaseKind, MembershipStatus, NewCase, SupportCase};
use serde_json::json;

use super::authorize_as_partner;
use crate::{Actor, App, AppError};

/// R5: the partner's active Action Pack membership, the one named or the only one.
pub(super) async fn action_pack_of(
    app: &App,
    partner: MpnId,
    named: Option<i64>,
) -> Result<i64, AppError> {
    let memberships = app.store().memberships_of(partner).await?;
    let active = memberships
        .iter()
        .filter(|m| m.option == LearningOption::ActionPack && m.status == MembershipStatus::Active);
    let found = match named {
        Some(id) => active.clone().find(|m| m.id == id),
        None => active.clone().next(),
    };
    found.map(|m| m.id).ok_or_else(|| {
        AppError::invalid(
            "membership_id",
            match named {
                Some(id) => format!(
                    "R5: membership {id} is not an active Action Pack membership of partner \
                     {partner}"
                ),
                None => format!(
                    "R5: partner {partner} holds no active Action Pack membership: the account \
                     profile is set up after buying the Action Pack"
                ),
            },
        )
    })
}

/// R5: opens the account-profile-setup case of an Action Pack membership just bought (the
/// enrollment or the payment confirmation calls this once the membership is active; the
/// partner's users, operators, support and the command line may). Idempotent: the membership's case, if one was
/// opened already, is returned as it is.
pub async fn open_account_profile_setup(
    app: &App,
    actor: &Actor,
    partner: MpnId,
    membership_id: i64,
) -> Result<SupportCase, AppError> {
    // Opened automatically by whoever completes the purchase: the partner's admin paying by
    // card, or an operator confirming a bank transfer (R29).
    if actor.authorize(Action::HandleCases).is_err() {
        authorize_as_partner(actor, partner)?;
    }
    let existing = app.store().cases(Some(partner), None).await?;
    if let Some(case) = existing
        .into_iter()
        .find(|c| c.kind == CaseKind::AccountProfileSetup && c.membership_id == Some(membership_id))
    {
        return Ok(case);
    }
    let details = json!({ "membership_id": membership_id });
    let new = NewCase {
        partner_id: partner,
        kind: CaseKind::AccountProfileSetup,
        opened_by: actor.audit_name(),
        details: details.clone(),
        membership_id: Some(membership_id),
        attachment: None,
    };
    let audit = AuditDraft::new(
        actor.audit_name(),
        "case.open",
        format!("partner:{partner}"),
        app.clock().now(),
        json!({ "kind": CaseKind::AccountProfileSetup, "details": details }),
    );
    Ok(app.store().open_case(&new, &audit).await?)
}
