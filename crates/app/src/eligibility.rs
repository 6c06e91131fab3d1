//! Eligibility of a partner today: the facts come from the store, the judgement from
//! `lpc_domain::eligibility` (R3, R4, R8..R10, R14..R16).

use std::collections::BTreeSet;

use lpc_domain::MpnId;
use lpc_domain::access::Action;
use lpc_domain::eligibility::{self, Eligibility, PartnerFacts};

use crate::{Actor, App, AppError, trainers};

/// Everything the rules need to know about `partner` on the app's today.
///
/// KPI points are those of the latest published report (R17) and 0 before any publication;
/// purchases made before the partner registered count like any other (R16), so nothing here
/// looks at the registration date. Memberships are the active ones the store holds, so that
/// `held` and the R11 upgrade fee are right.
pub async fn facts(app: &App, partner: MpnId) -> Result<PartnerFacts, AppError> {
    let today = app.clock().today();
    let rules = app.rules_on(today)?;
    let store = app.store();
    let trainers = store.trainers_of(partner).await?;
    let window = lpc_domain::calendar::exam_window(today);
    let passes = store.exam_passes_of(partner, window.from).await?;
    let accepted: BTreeSet<String> = store
        .guideline_acceptances(partner)
        .await?
        .into_iter()
        .map(|a| a.version)
        .collect();
    let mut facts = PartnerFacts::empty(partner);
    facts.active_mcts = trainers::active_count(&trainers, today);
    facts.exam_passes = eligibility::count_exam_passes(
        rules,
        passes.iter().map(|p| (p.exam_code.as_str(), p.passed_on)),
        today,
    );
    let (points, published_on) = crate::publications::latest_points(app, partner, today).await?;
    facts.kpi_points = points;
    facts.kpi_published_on = published_on;
    facts.accepted_guidelines = accepted;
    // Only active memberships count (`to_held`); lapsed-by-date ones are ignored by the rules.
    facts.memberships = store
        .memberships_of(partner)
        .await?
        .iter()
        .filter_map(lpc_store::Membership::to_held)
        .collect();
    Ok(facts)
}

/// Every option for a registered partner, with every requirement and the recommendation.
pub async fn of_partner(app: &App, actor: &Actor, partner: MpnId) -> Result<Eligibility, AppError> {
    actor.authorize(Action::ReadPartner(partner))?;
    if app.store().partner(partner).await?.is_none() {
        return Err(AppError::NotFound(format!(
            "partner {partner} is not registered"
        )));
    }
    let today = app.clock().today();
    let facts = facts(app, partner).await?;
    Ok(eligibility::evaluate(app.rules_on(today)?, &facts, today))
}
