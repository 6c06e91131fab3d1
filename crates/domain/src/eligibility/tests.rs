use std::collections::BTreeSet;

use jiff::civil::{Date, date};

use super::*;
use crate::learning_option::LearningOption::{ActionPack, Gold, Silver};
use crate::rules::fixtures::{fy21, fy26};

const TODAY: Date = Date::constant(2020, 3, 1);

fn partner() -> PartnerFacts {
    PartnerFacts::empty(MpnId::parse("1234567").unwrap())
}

/// A partner with `mcts` MCTs, `passes` in each listed competency, `kpi` points in the report
/// of 2020-02-15, and the current guidelines accepted.
fn facts(mcts: u32, passes: &[(&str, u32)], kpi: i64) -> PartnerFacts {
    let mut facts = partner();
    facts.active_mcts = mcts;
    facts.exam_passes = passes.iter().map(|(c, n)| ((*c).to_owned(), *n)).collect();
    facts.kpi_points = KpiPoints::whole(kpi);
    facts.kpi_published_on = Some(date(2020, 2, 15));
    facts.accepted_guidelines = BTreeSet::from(["FY21-1.0".to_owned()]);
    facts
}

fn holding(
    mut facts: PartnerFacts,
    option: LearningOption,
    competency: Option<&str>,
) -> PartnerFacts {
    facts.memberships.push(HeldMembership {
        option,
        competency: competency.map(str::to_owned),
        anniversary_date: date(2020, 9, 1),
    });
    facts
}

fn requirement(option: &OptionEligibility, id: RequirementId) -> &Requirement {
    option
        .requirements
        .iter()
        .find(|r| r.id == id)
        .unwrap_or_else(|| panic!("no {id} in {option:?}"))
}

fn recommended(e: &Eligibility) -> Option<(LearningOption, Option<&str>)> {
    e.recommended
        .as_ref()
        .map(|r| (r.option, r.competency.as_deref()))
}

#[test]
fn r3_every_option_is_listed_lap_first_then_silver_and_gold_per_competency() {
    let e = evaluate(&fy21(), &partner(), TODAY);
    assert_eq!(e.options.len(), 1 + 9 * 2);
    assert_eq!(e.options[0].option, ActionPack);
    assert_eq!(e.options[0].competency, None);
    assert_eq!(
        (e.options[1].option, e.options[1].competency.as_deref()),
        (Silver, Some("application_development"))
    );
    assert_eq!(e.options[2].option, Gold);
    assert_eq!(e.rule_set.name, "FY21");
    assert_eq!(e.partner_id.get(), 1_234_567);
}

#[test]
fn r4_no_mct_refuses_the_lap_and_recommends_nothing() {
    let e = evaluate(&fy21(), &partner(), TODAY);
    let lap = e.option(ActionPack, None).unwrap();
    assert!(!lap.eligible);
    assert_eq!(lap.unmet(), [RequirementId::MctCount]);
    let mct = requirement(lap, RequirementId::MctCount);
    assert_eq!(
        (mct.actual, mct.required),
        (Measure::Count(0), Measure::Count(1))
    );
    assert_eq!(mct.rule, "R4");
    assert_eq!(mct.message, "0 of 1 active MCT; add 1 more");
    assert_eq!(e.recommended, None);
}

#[test]
fn r4_one_mct_is_all_the_lap_needs() {
    let e = evaluate(&fy21(), &facts(1, &[], 0), TODAY);
    let lap = e.option(ActionPack, None).unwrap();
    assert!(lap.eligible);
    assert_eq!(lap.requirements.len(), 1, "R4: no other learning KPI");
    assert_eq!(lap.requirements[0].message, "1 active MCT (1 required)");
    let two = evaluate(&fy21(), &facts(2, &[], 0), TODAY);
    assert_eq!(
        two.options[0].requirements[0].message,
        "2 active MCTs (1 required)"
    );
    assert_eq!(lap.fee.to_decimal(), "475.00");
    assert_eq!(recommended(&e), Some((ActionPack, None)));
    assert!(e.options.iter().skip(1).all(|o| !o.eligible));
}

#[test]
fn r8_silver_needs_mcts_exams_and_commitment_but_no_kpi_at_enrollment() {
    let e = evaluate(&fy21(), &facts(2, &[("cloud_platform", 2)], 0), TODAY);
    let silver = e.option(Silver, Some("cloud_platform")).unwrap();
    assert!(silver.eligible, "{silver:?}");
    let ids: Vec<_> = silver.requirements.iter().map(|r| r.id).collect();
    assert_eq!(
        ids,
        [
            RequirementId::MctCount,
            RequirementId::ExamPasses,
            RequirementId::PerformanceCommitment
        ]
    );
    assert!(silver.requirements.iter().all(|r| r.rule == "R8"));
    let exams = requirement(silver, RequirementId::ExamPasses);
    assert_eq!(
        exams.message,
        "2 passes of exams mapped to Cloud Platform (AZ-104, AZ-500) in the last 12 months \
         (2 required)"
    );
    // Passes count per competency: another competency's silver is not met.
    assert!(!e.option(Silver, Some("data_platform")).unwrap().eligible);
}

#[test]
fn r8_silver_kpi_appears_when_the_rule_set_applies_it_at_enrollment() {
    let mut rules = fy21();
    rules.tiers.silver.kpi_at_enrollment = true;
    let e = evaluate(&rules, &facts(2, &[("security", 2)], 100), TODAY);
    let silver = e.option(Silver, Some("security")).unwrap();
    assert_eq!(silver.unmet(), [RequirementId::KpiPoints]);
    let kpi = requirement(silver, RequirementId::KpiPoints);
    assert_eq!(kpi.rule, "R8");
    assert_eq!(
        kpi.message,
        "100 of 250 KPI points in the report published on 2020-02-15; 150 more needed"
    );
}

#[test]
fn r8_commitment_is_to_the_current_guidelines_version() {
    let mut f = facts(2, &[("security", 2)], 0);
    f.accepted_guidelines = BTreeSet::from(["FY20-1.0".to_owned()]);
    let e = evaluate(&fy21(), &f, TODAY);
    let silver = e.option(Silver, Some("security")).unwrap();
    assert_eq!(silver.unmet(), [RequirementId::PerformanceCommitment]);
    let commitment = requirement(silver, RequirementId::PerformanceCommitment);
    assert_eq!(
        (commitment.actual, commitment.required),
        (Measure::Flag(false), Measure::Flag(true))
    );
    assert!(
        commitment.message.contains("version FY21-1.0"),
        "{}",
        commitment.message
    );
}

#[test]
fn r9_r10_gold_refused_with_each_unmet_requirement_and_silver_recommended() {
    let e = evaluate(&fy21(), &facts(2, &[("security", 3)], 640), TODAY);
    let gold = e.option(Gold, Some("security")).unwrap();
    assert!(!gold.eligible);
    assert_eq!(
        gold.unmet(),
        [
            RequirementId::MctCount,
            RequirementId::ExamPasses,
            RequirementId::KpiPoints
        ]
    );
    assert!(gold.requirements.iter().all(|r| r.rule == "R9"));
    assert_eq!(
        requirement(gold, RequirementId::MctCount).message,
        "2 of 4 active MCTs; add 2 more"
    );
    assert_eq!(
        requirement(gold, RequirementId::KpiPoints).message,
        "640 of 1,000 KPI points in the report published on 2020-02-15; 360 more needed"
    );
    assert_eq!(
        requirement(gold, RequirementId::ExamPasses).message,
        "3 of 4 passes of exams mapped to Security (AZ-500) in the last 12 months; 1 more needed"
    );
    assert_eq!(recommended(&e), Some((Silver, Some("security"))));
    assert_eq!(
        e.fallback_for("security"),
        Some(Recommendation {
            option: Silver,
            competency: Some("security".into())
        })
    );
    assert_eq!(
        e.fallback_for("data_platform").map(|r| r.option),
        Some(ActionPack),
        "R10: else the LAP"
    );
}

#[test]
fn r9_gold_met_is_recommended() {
    let mut f = facts(4, &[("security", 4)], 0);
    f.kpi_points = KpiPoints::from_thousandths(1_240_500);
    let e = evaluate(&fy21(), &f, TODAY);
    let gold = e.option(Gold, Some("security")).unwrap();
    assert!(gold.eligible);
    assert_eq!(
        requirement(gold, RequirementId::KpiPoints).message,
        "1,240.5 KPI points in the report published on 2020-02-15 (1,000 required)"
    );
    assert_eq!(
        requirement(gold, RequirementId::KpiPoints).actual,
        Measure::Points(KpiPoints::from_thousandths(1_240_500))
    );
    assert_eq!(recommended(&e), Some((Gold, Some("security"))));
}

#[test]
fn r17_before_any_publication_kpi_points_are_zero() {
    let mut f = facts(4, &[("security", 4)], 0);
    f.kpi_published_on = None;
    let e = evaluate(&fy21(), &f, TODAY);
    let kpi = requirement(
        e.option(Gold, Some("security")).unwrap(),
        RequirementId::KpiPoints,
    );
    assert!(!kpi.met);
    assert_eq!(
        kpi.message,
        "No KPI report published yet: 0 of 1,000 KPI points; 1,000 more needed"
    );
}

#[test]
fn r10_tie_break_prefers_the_silver_upgrade_then_most_passes_then_id() {
    let rules = fy21();
    // Gold met in security and data_platform (4 passes each): alphabetical.
    let both = facts(4, &[("security", 4), ("data_platform", 4)], 1000);
    assert_eq!(
        recommended(&evaluate(&rules, &both, TODAY)),
        Some((Gold, Some("data_platform")))
    );
    // More passes wins.
    let more = facts(4, &[("security", 6), ("data_platform", 4)], 1000);
    assert_eq!(
        recommended(&evaluate(&rules, &more, TODAY)),
        Some((Gold, Some("security")))
    );
    // Holding silver in one (R11 upgrade) wins over passes.
    let upgrade = holding(more, Silver, Some("data_platform"));
    assert_eq!(
        recommended(&evaluate(&rules, &upgrade, TODAY)),
        Some((Gold, Some("data_platform")))
    );
}

#[test]
fn r11_gold_fee_is_discounted_for_a_silver_holder_in_that_competency() {
    let f = holding(facts(4, &[("security", 4)], 1000), Silver, Some("security"));
    let e = evaluate(&fy21(), &f, TODAY);
    assert_eq!(
        e.option(Gold, Some("security")).unwrap().fee.to_decimal(),
        "3825.00"
    );
    assert_eq!(
        e.option(Gold, Some("devops")).unwrap().fee.to_decimal(),
        "5100.00"
    );
    assert!(e.option(Silver, Some("security")).unwrap().held);
    assert!(!e.option(Silver, Some("devops")).unwrap().held);
}

#[test]
fn r28_lapsed_memberships_are_not_held() {
    // Anniversary 2020-09-01 lapses on 2020-10-02.
    let f = holding(facts(1, &[], 0), ActionPack, None);
    assert!(evaluate(&fy21(), &f, date(2020, 10, 1)).options[0].held);
    assert!(!evaluate(&fy21(), &f, date(2020, 10, 2)).options[0].held);
}

#[test]
fn r15_r16_nothing_depends_on_enrollment_history() {
    // A partner enrolled yesterday and one never enrolled get the same requirements.
    let fresh = facts(2, &[("devops", 2)], 300);
    let enrolled = holding(fresh.clone(), ActionPack, None);
    let a = evaluate(&fy21(), &fresh, TODAY);
    let b = evaluate(&fy21(), &enrolled, TODAY);
    for (x, y) in a.options.iter().zip(&b.options) {
        assert_eq!(x.requirements, y.requirements);
        assert_eq!(x.eligible, y.eligible);
    }
}

#[test]
fn r8_exam_passes_count_in_the_last_twelve_months_for_every_mapped_competency() {
    let rules = fy21();
    let today = date(2021, 3, 10);
    let passes = [
        ("AZ-500", date(2021, 3, 10)), // today: counts
        ("az-500", date(2020, 3, 11)), // first day of the window: counts
        ("AZ-500", date(2020, 3, 10)), // a year ago: no longer
        ("AZ-104", date(2021, 3, 11)), // future: not yet
        ("AZ-104", date(2020, 12, 1)),
        ("XX-999", date(2021, 1, 1)), // unmapped: nothing
    ];
    let counts = count_exam_passes(&rules, passes, today);
    assert_eq!(
        counts,
        BTreeMap::from([("cloud_platform".to_owned(), 3), ("security".to_owned(), 2)])
    );
}

fn renewal_facts(mcts: u32, passes: &[(&str, u32)], kpi: i64) -> PartnerFacts {
    facts(mcts, passes, kpi)
}

#[test]
fn r15_r19_silver_renewal_judges_kpi_on_the_window_before_the_anniversary_month() {
    let rules = fy26();
    let mut f = renewal_facts(2, &[("security", 2)], 200);
    f.accepted_guidelines.insert("FY26-1.0".to_owned());
    let r = evaluate_renewal(&rules, &f, Silver, Some("security"), date(2026, 3, 10));
    assert_eq!(r.verdict, RenewalVerdict::Unmet);
    assert_eq!(
        (r.window.from.to_string(), r.window.to.to_string()),
        ("2025-03".into(), "2026-02".into())
    );
    let kpi = r
        .requirements
        .iter()
        .find(|q| q.id == RequirementId::KpiPoints)
        .unwrap();
    assert_eq!(kpi.rule, "R19");
    assert_eq!(
        kpi.message,
        "200 of 250 KPI points from 2025-03 to 2026-02; 50 more needed"
    );
    assert_eq!(r.renewal_window.from, date(2026, 2, 8));
    assert!(r.fee_due);
    assert_eq!(r.fee.to_decimal(), "1900.00");
    // R15: the first anniversary is judged like any later one.
    let later = evaluate_renewal(&rules, &f, Silver, Some("security"), date(2030, 3, 10));
    assert_eq!(later.verdict, RenewalVerdict::Unmet);
    let met = renewal_facts(2, &[("security", 2)], 250);
    let mut met = met;
    met.accepted_guidelines.insert("FY26-1.0".to_owned());
    let ok = evaluate_renewal(&rules, &met, Silver, Some("security"), date(2026, 3, 10));
    assert_eq!(ok.verdict, RenewalVerdict::Met);
    assert_eq!(ok.waiver, None);
}

#[test]
fn r23_waiver_renews_without_requirements_but_fee_due() {
    let rules = fy21();
    let nothing = partner();
    let r = evaluate_renewal(
        &rules,
        &nothing,
        Gold,
        Some("data_platform"),
        date(2021, 3, 1),
    );
    assert_eq!(r.verdict, RenewalVerdict::Waived);
    assert_eq!(r.waiver.as_deref(), Some("extension-2021h1"));
    assert!(r.fee_due);
    assert!(r.requirements.iter().all(|q| q.met && q.rule == "R23"));
    assert!(
        r.requirements[0]
            .message
            .ends_with("; waived by policy extension-2021h1 (R23)"),
        "{}",
        r.requirements[0].message
    );
}

#[test]
fn r23_waiver_excludes_cloud_business_applications_and_the_window_edges() {
    let rules = fy21();
    let nothing = partner();
    let excluded = evaluate_renewal(
        &rules,
        &nothing,
        Silver,
        Some("cloud_business_applications"),
        date(2021, 3, 1),
    );
    assert_eq!(excluded.verdict, RenewalVerdict::Unmet);
    assert_eq!(excluded.waiver, None);
    let after = evaluate_renewal(&rules, &nothing, Silver, Some("security"), date(2021, 7, 1));
    assert_eq!(after.verdict, RenewalVerdict::Unmet);
    let lap = evaluate_renewal(&rules, &nothing, ActionPack, None, date(2021, 3, 1));
    assert_eq!(
        lap.verdict,
        RenewalVerdict::Unmet,
        "R23 is about competencies"
    );
    assert_eq!(
        lap.renewal_window.from,
        date(2021, 3, 1),
        "R28: LAP after it expires"
    );
}

#[test]
fn r23_a_waiver_not_needed_leaves_the_renewal_met_on_merit() {
    let f = renewal_facts(4, &[("security", 4)], 1000);
    let r = evaluate_renewal(&fy21(), &f, Gold, Some("security"), date(2021, 3, 1));
    assert_eq!(r.verdict, RenewalVerdict::Met);
    assert!(r.requirements.iter().all(|q| q.waived_by.is_none()));
    assert_eq!(r.waiver.as_deref(), Some("extension-2021h1"));
}

#[test]
fn payment_steps_are_requirements_of_enrollment_not_of_eligibility() {
    let rules = fy21();
    let e = evaluate(&rules, &facts(4, &[("security", 4)], 1000), TODAY);
    assert!(
        e.options
            .iter()
            .flat_map(|o| &o.requirements)
            .all(|r| r.id.is_prerequisite())
    );
    let unpaid = check::fee_paid(false, Gold, rules.fee(Gold, false));
    assert_eq!(
        unpaid.message,
        "Pay the Gold learning option fee (5100.00 USD)"
    );
    assert_eq!(unpaid.rule, "R8");
    let lap = check::action_pack_subscription(false, rules.fee(ActionPack, false));
    assert_eq!(lap.rule, "R5");
    assert!(!lap.met);
}
