//! The overview's "next tier" (issue 6): for each option a partner does not hold yet, the
//! requirements still standing between it and that option, most advanced first.

use lpc_app::views::{Membership, MembershipStatus};
use lpc_domain::LearningOption;
use lpc_domain::eligibility::{Measure, OptionEligibility};

use super::enroll_page::*;
use super::extract::PartnerUser;

/// Progress towards meeting an option, 0..=1000 per requirement, for choosing which
/// competency to show a LAP partner.
fn progress_score(o: &OptionEligibility) -> i64 {
    o.requirements
        .iter()
        .map(|r| {
            let n = |m: &Measure| match m {
                Measure::Count(n) => *n,
                Measure::Points(p) => p.thousandths(),
                Measure::Flag(f) => i64::from(*f),
            };
            let (a, q) = (n(&r.actual), n(&r.required));
            if r.met || q <= 0 {
                1000
            } else {
                a.clamp(0, q) * 1000 / q
            }
        })
        .sum()
}

/// What stands between the partner and the next tier: for each silver held, gold of its
/// competency; for a partner without silver or gold, the LAP (when not held) and the silver of
/// the recommended competency (else the one closest to being met).
/// From what the overview already loaded ([`load`]).
pub(crate) fn next_tiers(pu: &PartnerUser, loaded: &Loaded) -> Vec<NextTier> {
    let ctx = &pu.ctx;
    let mpn = pu.partner.mpn_id.to_string();
    let active: Vec<&Membership> = loaded
        .memberships
        .iter()
        .filter(|m| m.status == MembershipStatus::Active)
        .collect();
    let holds = |o: LearningOption, c: Option<&str>| {
        active
            .iter()
            .any(|m| m.option == o && m.competency.as_deref() == c)
    };
    let mut targets: Vec<(LearningOption, Option<String>)> = Vec::new();
    for m in &active {
        if m.option == LearningOption::Silver
            && !holds(LearningOption::Gold, m.competency.as_deref())
        {
            targets.push((LearningOption::Gold, m.competency.clone()));
        }
    }
    let has_competency = active.iter().any(|m| m.option.has_competency());
    if !has_competency {
        if !holds(LearningOption::ActionPack, None) {
            targets.push((LearningOption::ActionPack, None));
        }
        let recommended = loaded
            .eligibility
            .recommended
            .as_ref()
            .and_then(|r| r.competency.clone());
        let competency = recommended.or_else(|| {
            loaded
                .eligibility
                .options
                .iter()
                .filter(|o| o.option == LearningOption::Silver)
                .max_by_key(|o| (progress_score(o), std::cmp::Reverse(o.competency.clone())))
                .and_then(|o| o.competency.clone())
        });
        if let Some(c) = competency {
            targets.push((LearningOption::Silver, Some(c)));
        }
    }
    let mut out = Vec::new();
    for (option, competency) in targets {
        let Some(o) = loaded.eligibility.option(option, competency.as_deref()) else {
            continue;
        };
        let requirements = req_views(ctx, &loaded.rules, loaded.published_on, o);
        let summary = requirements
            .iter()
            .filter(|r| r.has_bar)
            .map(|r| r.short.clone())
            .collect::<Vec<_>>()
            .join("; ");
        out.push(NextTier {
            heading: option_name(ctx, &loaded.rules, option, competency.as_deref()),
            eligible: o.eligible,
            summary,
            requirements,
            href: enroll_href(&mpn, option, competency.as_deref()),
            pending_order_href: loaded
                .pending_order(option, competency.as_deref())
                .map(|o| format!("/partner/{mpn}/orders/{}", o.id))
                .unwrap_or_default(),
        });
    }
    out
}
