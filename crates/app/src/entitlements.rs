//! May a partner buy a courseware product for external delivery, and at which price (R6)?

use jiff::civil::Date;
use lpc_domain::access::Action;
use lpc_domain::entitlement::{self, BuyerFacts, Entitlement};
use lpc_domain::{LearningOption, MpnId};
use lpc_store::Membership;
use serde::Serialize;

use crate::{Actor, App, AppError, trainers};

/// The answer for one product.
#[derive(Debug, Clone, Serialize)]
pub struct ProductEntitlement {
    pub partner_id: MpnId,
    pub product: String,
    #[serde(flatten)]
    pub entitlement: Entitlement,
}

/// Answers for `product` (a Courseware Marketplace SKU) and `partner` on the app's today.
///
/// Every OMLP product is governed by the same rule, so the SKU is echoed, not looked up.
/// The facts are the partner's active memberships and MCTs ([`buyer_facts`]).
pub async fn for_product(
    app: &App,
    actor: &Actor,
    partner: MpnId,
    product: &str,
) -> Result<ProductEntitlement, AppError> {
    actor.authorize(Action::ReadPartner(partner))?;
    let product = product.trim();
    if product.is_empty() || product.len() > 64 {
        return Err(AppError::invalid(
            "product",
            "must be a product SKU of 1 to 64 characters",
        ));
    }
    if app.store().partner(partner).await?.is_none() {
        return Err(AppError::NotFound(format!(
            "partner {partner} is not registered"
        )));
    }
    let today = app.clock().today();
    let facts = buyer_facts(app, partner, today).await?;
    Ok(ProductEntitlement {
        partner_id: partner,
        product: product.to_owned(),
        entitlement: entitlement::may_buy_for_external_delivery(&facts, today),
    })
}

/// What R5 and R6 need to know about `partner` on `today`.
///
/// Courseware Marketplace access comes from an active membership: an Action Pack once its
/// account-profile-setup case granted access (`marketplace_access_on`, R5), or any active
/// silver or gold membership (a higher learning option, R6). Lapsed, upgraded and refunded
/// memberships give nothing.
pub async fn buyer_facts(app: &App, partner: MpnId, today: Date) -> Result<BuyerFacts, AppError> {
    let store = app.store();
    let memberships = store.memberships_of(partner).await?;
    let active: Vec<&Membership> = memberships
        .iter()
        .filter(|m| m.to_held().is_some_and(|h| h.is_active_on(today)))
        .collect();
    let marketplace_access = active.iter().any(|m| match m.option {
        LearningOption::ActionPack => m.marketplace_access_on.is_some_and(|on| on <= today),
        LearningOption::Silver | LearningOption::Gold => true,
    });
    Ok(BuyerFacts {
        active_mcts: trainers::active_count(&store.trainers_of(partner).await?, today),
        memberships: active.iter().filter_map(|m| m.to_held()).collect(),
        marketplace_access,
    })
}
