use std::collections::BTreeMap;

use jiff::civil::date;

use super::fixtures::{defaults, fy21, fy26};
use super::*;
use crate::points::Currency;
use crate::requirement::RequirementId;

fn paths(rules: &RuleSet) -> Vec<String> {
    rules.validate().into_iter().map(|e| e.path).collect()
}

fn message_at(rules: &RuleSet, path: &str) -> String {
    rules
        .validate()
        .into_iter()
        .find(|e| e.path == path)
        .map(|e| e.message)
        .unwrap_or_else(|| panic!("no error at {path}: {:?}", rules.validate()))
}

#[test]
fn default_rule_sets_are_valid() {
    assert_eq!(fy21().validate(), vec![]);
    assert_eq!(fy26().validate(), vec![]);
}

#[test]
fn negative_thresholds_fees_and_points_are_refused_at_their_path() {
    let mut rules = fy26();
    rules.tiers.gold.kpi_points = KpiPoints::whole(-1000);
    rules.tiers.silver.mct_count = -2;
    rules.tiers.silver.exam_passes = -1;
    rules.tiers.action_pack.fee = Money::new(-47_500, Currency::USD);
    rules.omlp_types[3].points_per_unit = KpiPoints::from_thousandths(-500);
    rules.omlp_types[6].cap = Some(KpiPoints::whole(-300));
    assert_eq!(
        paths(&rules),
        [
            "tiers.action_pack.fee",
            "tiers.silver.mct_count",
            "tiers.silver.exam_passes",
            "tiers.gold.kpi_points",
            "omlp_types[3].points_per_unit",
            "omlp_types[6].cap",
        ]
    );
    assert!(message_at(&rules, "tiers.gold.kpi_points").contains("-1000"));
}

#[test]
fn unknown_references_in_caps_exams_and_waivers_are_refused() {
    let mut rules = fy21();
    rules.caps.push(SharedCap {
        description: None,
        omlp_types: vec!["labs_online".into(), "labs_offline".into()],
        points: KpiPoints::whole(100),
    });
    rules.exams[0].competencies.push("quantum".into());
    rules.waivers[0]
        .excluded_competencies
        .push("cloud_bizapps".into());
    assert_eq!(
        paths(&rules),
        [
            "exams[0].competencies[1]",
            "caps[0].omlp_types[1]",
            "waivers[0].excluded_competencies[1]",
        ]
    );
    assert!(message_at(&rules, "caps[0].omlp_types[1]").contains("\"labs_offline\""));
}

#[test]
fn r23_waiver_window_ending_before_it_starts_is_refused() {
    let mut rules = fy21();
    rules.waivers[0].from = date(2021, 6, 30);
    rules.waivers[0].to = date(2021, 1, 1);
    assert_eq!(paths(&rules), ["waivers[0].to"]);
    let message = message_at(&rules, "waivers[0].to");
    assert!(
        message.contains("2021-01-01") && message.contains("2021-06-30"),
        "{message}"
    );
}

#[test]
fn duplicate_ids_are_refused_naming_the_first() {
    let mut rules = fy26();
    rules.competencies.push(rules.competencies[2].clone());
    rules.omlp_types.push(rules.omlp_types[0].clone());
    rules.exams.push(ExamMapping {
        code: "az-104".into(),
        title: None,
        competencies: vec!["cloud_platform".into()],
    });
    rules.competencies[0].tiers.push(LearningOption::Gold);
    assert_eq!(
        paths(&rules),
        [
            "competencies[0].tiers[2]",
            "competencies[9].id",
            "exams[7].code",
            "omlp_types[7].id",
        ]
    );
    assert!(message_at(&rules, "competencies[9].id").contains("competencies[2].id"));
    assert!(message_at(&rules, "exams[7].code").contains("exams[0].code"));
}

#[test]
fn every_error_is_reported_not_just_the_first() {
    let mut rules = fy21();
    rules.name = " ".into();
    rules.guidelines_version = String::new();
    rules.silver_to_gold_discount_percent = 125;
    rules.competencies[1].tiers = vec![LearningOption::ActionPack];
    rules.competencies[4].id = "Data Analytics".into();
    rules.tiers.action_pack.exam_passes = 1;
    rules.tiers.gold.fee = Money::new(510_000, Currency::EUR);
    rules.waivers[0].waives.clear();
    rules.waivers.push(rules.waivers[0].clone());
    assert_eq!(
        paths(&rules),
        [
            "name",
            "guidelines_version",
            "silver_to_gold_discount_percent",
            "competencies[1].tiers[0]",
            "competencies[4].id",
            "tiers.action_pack.exam_passes",
            "tiers.gold.fee",
            "waivers[0].waives",
            "waivers[1].id",
            "waivers[1].waives",
        ]
    );
}

#[test]
fn empty_lists_are_refused() {
    let mut rules = fy26();
    rules.competencies.clear();
    rules.exams.clear();
    rules.omlp_types.clear();
    assert_eq!(paths(&rules), ["competencies", "omlp_types"]);
}

#[test]
fn a_type_in_two_shared_caps_is_refused() {
    let mut rules = fy26();
    for _ in 0..2 {
        rules.caps.push(SharedCap {
            description: None,
            omlp_types: vec!["labs_online".into()],
            points: KpiPoints::whole(100),
        });
    }
    assert_eq!(paths(&rules), ["caps[1].omlp_types[0]"]);
}

#[test]
fn r14_rule_book_picks_the_latest_set_on_or_before_the_date() {
    let book = RuleBook::new(vec![fy26(), fy21()]).unwrap();
    assert_eq!(book.in_force_on(date(2020, 6, 30)), None);
    let name = |d| book.in_force_on(d).map(|r| r.name.as_str());
    assert_eq!(name(date(2020, 7, 1)), Some("FY21"));
    assert_eq!(name(date(2025, 6, 30)), Some("FY21"));
    assert_eq!(name(date(2025, 7, 1)), Some("FY26"));
    assert_eq!(name(date(2099, 1, 1)), Some("FY26"));
    assert_eq!(
        book.next_after(date(2021, 1, 1)).map(|r| r.name.as_str()),
        Some("FY26")
    );
    assert_eq!(book.sets()[0].name, "FY21", "sorted by effective date");
}

#[test]
fn r14_rule_book_refuses_overlapping_effective_dates() {
    let clash = defaults("FY21b", date(2020, 7, 1));
    let errors = RuleBook::new(vec![fy21(), fy26(), clash]).unwrap_err();
    assert_eq!(
        errors,
        vec![RuleBookError::Overlapping {
            effective_from: date(2020, 7, 1),
            first: 0,
            first_name: "FY21".into(),
            second: 2,
            second_name: "FY21b".into(),
        }]
    );
    assert!(
        errors[0]
            .to_string()
            .contains("overlapping effective dates")
    );
}

#[test]
fn rule_book_reports_invalid_sets_with_their_index() {
    let mut bad = fy26();
    bad.tiers.gold.kpi_points = KpiPoints::whole(-1);
    let errors = RuleBook::new(vec![fy21(), bad]).unwrap_err();
    assert_eq!(errors.len(), 1);
    match &errors[0] {
        RuleBookError::Invalid { index, error, .. } => {
            assert_eq!(*index, 1);
            assert_eq!(error.path, "tiers.gold.kpi_points");
        }
        other => panic!("unexpected {other:?}"),
    }
    assert_eq!(
        RuleBook::new(vec![]).unwrap_err(),
        vec![RuleBookError::Empty]
    );
}

#[test]
fn r12_r20_line_points_come_from_type_and_units_only() {
    let rules = fy26();
    assert_eq!(rules.line_points("moc", 10), Some(KpiPoints::whole(10)));
    assert_eq!(
        rules.line_points("labs_online", 3),
        Some(KpiPoints::from_thousandths(1500))
    );
    // R13: a credit note's negative units reduce the points.
    assert_eq!(rules.line_points("moc", -2), Some(KpiPoints::whole(-2)));
    assert_eq!(rules.line_points("webinar", 1), None);
}

#[test]
fn r12_caps_limit_a_type_and_shared_groups_per_window() {
    let mut rules = fy26();
    let totals = BTreeMap::from([
        ("moc".to_owned(), KpiPoints::whole(800)),
        ("mta_courseware".to_owned(), KpiPoints::whole(450)),
        (
            "labs_online".to_owned(),
            KpiPoints::from_thousandths(120_500),
        ),
    ]);
    // mta_courseware is capped at 300: 800 + 300 + 120.5.
    assert_eq!(
        rules.capped_total(&totals),
        KpiPoints::from_thousandths(1_220_500)
    );
    rules.caps.push(SharedCap {
        description: None,
        omlp_types: vec!["mta_courseware".into(), "labs_online".into()],
        points: KpiPoints::whole(350),
    });
    // The group holds 300 + 120.5, capped at 350.
    assert_eq!(rules.capped_total(&totals), KpiPoints::whole(1150));
}

#[test]
fn r23_waiver_applies_to_competency_anniversaries_in_its_window_except_excluded() {
    let rules = fy21();
    let waiver = |d, c| rules.waiver_for(d, c).map(|w| w.id.as_str());
    assert_eq!(
        waiver(date(2021, 1, 1), Some("data_platform")),
        Some("extension-2021h1")
    );
    assert_eq!(
        waiver(date(2021, 6, 30), Some("security")),
        Some("extension-2021h1")
    );
    assert_eq!(waiver(date(2020, 12, 31), Some("security")), None);
    assert_eq!(waiver(date(2021, 7, 1), Some("security")), None);
    assert_eq!(
        waiver(date(2021, 3, 1), Some("cloud_business_applications")),
        None
    );
    assert_eq!(
        waiver(date(2021, 3, 1), None),
        None,
        "the Action Pack has no competency"
    );
    let policy = &rules.waivers[0];
    assert!(policy.fee_due);
    assert!(policy.waives(RequirementId::KpiPoints));
    assert!(policy.waives(RequirementId::MctCount));
    assert!(
        !policy.waives(RequirementId::FeePaid),
        "R23: the fee is still due"
    );
}

#[test]
fn r11_gold_fee_is_discounted_only_for_a_silver_upgrade() {
    let rules = fy26();
    assert_eq!(
        rules.fee(LearningOption::Gold, false).to_decimal(),
        "5100.00"
    );
    assert_eq!(
        rules.fee(LearningOption::Gold, true).to_decimal(),
        "3825.00"
    );
    assert_eq!(
        rules.fee(LearningOption::Silver, true).to_decimal(),
        "1900.00"
    );
    assert_eq!(
        rules.fee(LearningOption::ActionPack, false).to_decimal(),
        "475.00"
    );
}

#[test]
fn r8_r9_kpi_threshold_applies_per_stage() {
    let rules = fy26();
    assert_eq!(rules.tiers.silver.kpi_required_at(Stage::Enrollment), None);
    assert_eq!(
        rules.tiers.silver.kpi_required_at(Stage::Renewal),
        Some(KpiPoints::whole(250))
    );
    assert_eq!(
        rules.tiers.gold.kpi_required_at(Stage::Enrollment),
        Some(KpiPoints::whole(1000))
    );
    assert_eq!(
        rules.tiers.action_pack.kpi_required_at(Stage::Renewal),
        None
    );
}

#[test]
fn exams_map_to_competencies_case_insensitively() {
    let rules = fy26();
    assert_eq!(
        rules.competencies_of_exam("az-500"),
        ["security", "cloud_platform"]
    );
    assert!(rules.competencies_of_exam("XX-999").is_empty());
    assert_eq!(rules.exams_for("cloud_platform"), ["AZ-104", "AZ-500"]);
}

#[test]
fn r3_competency_options_list_silver_and_gold_in_file_order() {
    let mut rules = fy26();
    rules.competencies[0].tiers = vec![LearningOption::Gold];
    let options: Vec<_> = rules
        .competency_options()
        .take(3)
        .map(|(o, c)| (o, c.id.as_str()))
        .collect();
    assert_eq!(
        options,
        [
            (LearningOption::Gold, "application_development"),
            (LearningOption::Silver, "cloud_business_applications"),
            (LearningOption::Gold, "cloud_business_applications"),
        ]
    );
}
