//! Registering and reading partner organizations.

use lpc_domain::access::Action;
use lpc_domain::{CountryCode, MpnId, PartnerName};
use lpc_store::{AuditDraft, NewPartner, Partner, Verification};

use crate::{Actor, App, AppError};

/// A partner as typed by a person: every field still text, parsed by [`PartnerForm::parse`]
/// so that each refusal names its field.
#[derive(Debug, Clone, Default)]
pub struct PartnerForm {
    pub mpn_id: String,
    pub name: String,
    pub country: String,
    /// The contact on file (R31), optional.
    pub contact_email: String,
}

impl PartnerForm {
    pub fn parse(&self) -> Result<NewPartner, AppError> {
        Ok(NewPartner {
            mpn_id: parse_mpn_id(&self.mpn_id)?,
            name: PartnerName::parse(&self.name).map_err(|e| AppError::invalid("name", e))?,
            country: CountryCode::parse(&self.country)
                .map_err(|e| AppError::invalid("country", e))?,
            contact_email: match self.contact_email.trim() {
                "" => None,
                text => Some(
                    lpc_domain::Email::parse(text)
                        .map_err(|e| AppError::invalid("contact_email", e))?,
                ),
            },
            verification: Verification::Verified,
        })
    }
}

/// Parses an MPN ID typed by a person, naming the field when it is refused.
pub fn parse_mpn_id(text: &str) -> Result<MpnId, AppError> {
    MpnId::parse(text).map_err(|e| AppError::invalid("id", e))
}

/// Registers a partner organization (operators only).
pub async fn add(app: &App, actor: &Actor, partner: NewPartner) -> Result<Partner, AppError> {
    actor.authorize(Action::OperateProgram)?;
    let audit = AuditDraft::new(
        actor.audit_name(),
        "partner.add",
        format!("partner:{}", partner.mpn_id),
        app.clock().now(),
        serde_json::json!({
            "name": partner.name, "country": partner.country,
            "contact_email": partner.contact_email,
        }),
    );
    Ok(app.store().add_partner(&partner, &audit).await?)
}

/// A registered partner, or `NotFound` naming the MPN ID.
pub async fn get(app: &App, actor: &Actor, mpn_id: MpnId) -> Result<Partner, AppError> {
    actor.authorize(Action::ReadPartner(mpn_id))?;
    read(app, mpn_id).await
}

/// A registered partner, without a permission check (callers have made theirs). Verified
/// partners are kept in memory: verification is never taken back (R31); an unverified one
/// is read each time, as an operator may decide its claim at any moment.
pub(crate) async fn read(app: &App, mpn_id: MpnId) -> Result<Partner, AppError> {
    if let Some(seen) = app.partners_seen().get(&mpn_id) {
        return Ok(Partner::clone(&seen));
    }
    let partner = app
        .store()
        .partner(mpn_id)
        .await?
        .ok_or_else(|| AppError::NotFound(format!("partner {mpn_id} is not registered")))?;
    if partner.verification == Verification::Verified {
        app.partners_seen().put(mpn_id, partner.clone());
    }
    Ok(partner)
}
