//! May a partner buy a courseware product for external delivery, and at which price (R6)?

use lpc_domain::MpnId;
use lpc_domain::access::Action;
use lpc_domain::entitlement::{self, BuyerFacts, Entitlement};
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
/// Memberships and marketplace access (R5) are not stored by this version yet: until they
/// are, every partner buys at full price for internal training only.
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
    let facts = BuyerFacts {
        active_mcts: trainers::active_count(&app.store().trainers_of(partner).await?, today),
        memberships: Vec::new(),
        marketplace_access: false,
    };
    Ok(ProductEntitlement {
        partner_id: partner,
        product: product.to_owned(),
        entitlement: entitlement::may_buy_for_external_delivery(&facts, today),
    })
}
