//! Eligibility of a partner today: the facts come from the store, the judgement from
//! `lpc_domain::eligibility` (R3, R4, R8..R10, R14..R16).

use std::collections::{BTreeMap, BTreeSet};

use jiff::civil::Date;
use lpc_domain::MpnId;
use lpc_domain::access::Action;
use lpc_domain::eligibility::{self, Eligibility, PartnerFacts};
use lpc_domain::rules::RuleSet;
use lpc_store::ExamPass;

use crate::{Actor, App, AppError, trainers};

/// Everything the rules need to know about `partner` on the app's today.
///
/// KPI points are those of the latest published report (R17) and 0 before any publication;
/// purchases made before the partner registered count like any other (R16), so nothing here
/// looks at the registration date. Memberships are the active ones the store holds, so that
/// `held` and the R11 upgrade fee are right.
pub async fn facts(app: &App, partner: MpnId) -> Result<PartnerFacts, AppError> {
    facts_as_of(app, partner, app.clock().today()).await
}

/// [`facts`] with the MCTs valid on `day` and the exam passes of the twelve months up to it
/// (mapped by the rule set in force that day): a renewal is judged on its anniversary's
/// (`crate::renewal_assessment`). The KPI points are those of today's report.
pub async fn facts_as_of(app: &App, partner: MpnId, day: Date) -> Result<PartnerFacts, AppError> {
    let rules = app.rules_on(day)?;
    let store = app.store();
    let trainers = store.trainers_of(partner).await?;
    let window = lpc_domain::calendar::exam_window(day);
    let passes = store.exam_passes_of(partner, window.from).await?;
    let accepted: BTreeSet<String> = store
        .guideline_acceptances(partner)
        .await?
        .into_iter()
        .map(|a| a.version)
        .collect();
    let mut facts = PartnerFacts::empty(partner);
    facts.active_mcts = trainers::active_count(&trainers, day);
    facts.exam_passes = eligibility::count_exam_passes(
        rules,
        passes.iter().map(|p| (p.exam_code.as_str(), p.passed_on)),
        day,
    );
    // The report shown today, whatever `day` is: the report cache settles by the real day.
    let (points, published_on) =
        crate::publications::latest_points(app, partner, app.clock().today()).await?;
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
    // R31: the KPI points requirement tells an unverified organization its points.
    crate::claims::check(app, actor, partner).await?;
    let today = app.clock().today();
    let facts = facts(app, partner).await?;
    Ok(eligibility::evaluate(app.rules_on(today)?, &facts, today))
}

/// What eligibility needs to know of a partner, before counting exam passes under a rule set
/// (each rule set maps exams to competencies its own way). Read for every partner at once by
/// [`gather_all`]: the all-partner eligibility and the what-if of a draft rule set (R14).
#[derive(Debug, Clone)]
pub struct Gathered {
    pub name: String,
    pub facts: PartnerFacts,
    pub passes: Vec<ExamPass>,
}

impl Gathered {
    /// The partner judged under `rules` on `on`.
    pub fn evaluate(&self, rules: &RuleSet, on: Date) -> Eligibility {
        let mut facts = self.facts.clone();
        facts.exam_passes = eligibility::count_exam_passes(
            rules,
            self.passes
                .iter()
                .map(|p| (p.exam_code.as_str(), p.passed_on)),
            on,
        );
        eligibility::evaluate(rules, &facts, on)
    }
}

/// Every registered partner's facts, as [`facts`] reads them for one, read in bulk: a
/// handful of queries whatever the number of partners. Exam passes from the exam window of
/// the earlier of today and `on`.
pub async fn gather_all(app: &App, on: Date) -> Result<Vec<Gathered>, AppError> {
    let store = app.store();
    let today = app.clock().today();
    let published_on = store
        .latest_publication(today)
        .await?
        .map(|p| p.published_on);
    // Passes are counted on `on` (per rule set), so read those of both windows.
    let since = lpc_domain::calendar::exam_window(today.min(on)).from;
    let bulk = store.eligibility_bulk(since, published_on).await?;
    let memberships = store.active_memberships_due(Date::MAX).await?;
    let mut partners: BTreeMap<MpnId, Gathered> = store
        .partners()
        .await?
        .into_iter()
        .map(|p| {
            let mut facts = PartnerFacts::empty(p.mpn_id);
            facts.kpi_published_on = published_on;
            let gathered = Gathered {
                name: p.name.to_string(),
                facts,
                passes: Vec::new(),
            };
            (p.mpn_id, gathered)
        })
        .collect();
    let mut trainers: BTreeMap<MpnId, Vec<lpc_store::Trainer>> = BTreeMap::new();
    for trainer in bulk.trainers {
        trainers
            .entry(trainer.partner_id)
            .or_default()
            .push(trainer);
    }
    for (partner, list) in trainers {
        if let Some(g) = partners.get_mut(&partner) {
            g.facts.active_mcts = trainers::active_count(&list, today);
        }
    }
    for pass in bulk.exam_passes {
        if let Some(g) = partners.get_mut(&pass.partner_id) {
            g.passes.push(pass);
        }
    }
    for (partner, version) in bulk.acceptances {
        if let Some(g) = partners.get_mut(&partner) {
            g.facts.accepted_guidelines.insert(version);
        }
    }
    for (partner, points) in bulk.kpi_totals {
        if let Some(g) = partners.get_mut(&partner) {
            g.facts.kpi_points = points;
        }
    }
    for membership in &memberships {
        if let (Some(g), Some(held)) = (
            partners.get_mut(&membership.partner_id),
            membership.to_held(),
        ) {
            g.facts.memberships.push(held);
        }
    }
    Ok(partners.into_values().collect())
}

/// Partners judged at a time by [`all`]: each chunk is judged on every core, then handed out
/// in MPN ID order, so the first answers come at once and memory holds one chunk of answers.
const PARTNERS_PER_CHUNK: usize = 2_000;

/// Every registered partner's eligibility today, in MPN ID order, handed to `each` as it is
/// judged (`lpc eligibility --all`). Operators only: it reads every partner.
pub async fn all(
    app: &App,
    actor: &Actor,
    mut each: impl FnMut(&Eligibility) -> Result<(), AppError>,
) -> Result<usize, AppError> {
    actor.authorize(Action::OperateProgram)?;
    let today = app.clock().today();
    let rules = app.rules_on(today)?.clone();
    let partners = std::sync::Arc::new(gather_all(app, today).await?);
    let rules = std::sync::Arc::new(rules);
    let count = partners.len();
    let mut start = 0;
    while start < count {
        let end = (start + PARTNERS_PER_CHUNK).min(count);
        let (partners, rules) = (partners.clone(), rules.clone());
        // Judging is CPU work: off the async workers, on every core.
        let judged = tokio::task::spawn_blocking(move || {
            let chunk = &partners[start..end];
            let cores = std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get);
            let per_core = chunk.len().div_ceil(cores).max(1);
            std::thread::scope(|scope| {
                let workers: Vec<_> = chunk
                    .chunks(per_core)
                    .map(|part| {
                        let rules = &rules;
                        scope.spawn(move || {
                            part.iter()
                                .map(|p| p.evaluate(rules, today))
                                .collect::<Vec<_>>()
                        })
                    })
                    .collect();
                workers
                    .into_iter()
                    // A panic while judging fails the run rather than leaving partners out.
                    .flat_map(|w| w.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
                    .collect::<Vec<Eligibility>>()
            })
        })
        .await
        .map_err(|e| AppError::Internal(format!("eligibility of every partner: {e}")))?;
        start = end;
        for answer in &judged {
            each(answer)?;
        }
    }
    Ok(count)
}
