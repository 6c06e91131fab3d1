//! Test rule sets with the default values of PROGRAM.md, mirroring `rules/*.toml` (the loader's
//! tests check the files themselves).

use jiff::civil::{Date, date};

use super::*;
use crate::points::Currency;

fn usd(amount: &str) -> Money {
    Money::parse_decimal(amount, Currency::USD).unwrap()
}

fn tier(
    mcts: i64,
    exams: i64,
    kpi: i64,
    at_enrollment: bool,
    at_renewal: bool,
    fee: &str,
) -> TierRules {
    TierRules {
        mct_count: mcts,
        exam_passes: exams,
        kpi_points: KpiPoints::whole(kpi),
        kpi_at_enrollment: at_enrollment,
        kpi_at_renewal: at_renewal,
        performance_commitment: mcts > 1,
        fee: usd(fee),
    }
}

const COMPETENCIES: [(&str, &str); 9] = [
    ("application_development", "Application Development"),
    ("cloud_business_applications", "Cloud Business Applications"),
    ("cloud_platform", "Cloud Platform"),
    ("cloud_productivity", "Cloud Productivity"),
    ("data_analytics", "Data Analytics"),
    ("data_platform", "Data Platform"),
    ("devops", "DevOps"),
    ("security", "Security"),
    ("windows_and_devices", "Windows and Devices"),
];

const EXAMS: [(&str, &[&str]); 7] = [
    ("AZ-104", &["cloud_platform"]),
    ("AZ-204", &["application_development"]),
    ("AZ-400", &["devops", "application_development"]),
    ("AZ-500", &["security", "cloud_platform"]),
    ("DP-300", &["data_platform"]),
    ("PL-200", &["cloud_business_applications"]),
    ("MD-101", &["windows_and_devices"]),
];

const OMLP: [(&str, i64, Option<i64>); 7] = [
    ("moc", 1000, None),
    ("dmoc", 1000, None),
    ("moc_on_demand", 1000, None),
    ("custom_moc", 1000, None),
    ("exam_voucher", 1000, None),
    ("labs_online", 500, None),
    ("mta_courseware", 500, Some(300)),
];

/// The default rule set of PROGRAM.md, taking effect on `effective_from`, without waivers.
pub(crate) fn defaults(name: &str, effective_from: Date) -> RuleSet {
    RuleSet {
        name: name.to_owned(),
        effective_from,
        guidelines_version: format!("{name}-1.0"),
        silver_to_gold_discount_percent: 25,
        invoice_future_days: super::DEFAULT_INVOICE_FUTURE_DAYS,
        competencies: COMPETENCIES
            .iter()
            .map(|(id, name)| Competency {
                id: (*id).to_owned(),
                name: (*name).to_owned(),
                tiers: vec![LearningOption::Silver, LearningOption::Gold],
            })
            .collect(),
        exams: EXAMS
            .iter()
            .map(|(code, competencies)| ExamMapping {
                code: (*code).to_owned(),
                title: None,
                competencies: competencies.iter().map(|c| (*c).to_owned()).collect(),
            })
            .collect(),
        tiers: Tiers {
            action_pack: tier(1, 0, 0, false, false, "475.00"),
            silver: tier(2, 2, 250, false, true, "1900.00"),
            gold: tier(4, 4, 1000, true, true, "5100.00"),
        },
        omlp_types: OMLP
            .iter()
            .map(|(id, thousandths, cap)| OmlpType {
                id: (*id).to_owned(),
                name: None,
                points_per_unit: KpiPoints::from_thousandths(*thousandths),
                cap: cap.map(KpiPoints::whole),
            })
            .collect(),
        caps: Vec::new(),
        waivers: Vec::new(),
    }
}

/// The rule set of `rules/2020-07-01.toml`: the defaults plus the R23 extension.
pub(crate) fn fy21() -> RuleSet {
    let mut rules = defaults("FY21", date(2020, 7, 1));
    rules.waivers.push(Waiver {
        id: "extension-2021h1".to_owned(),
        description: None,
        from: date(2021, 1, 1),
        to: date(2021, 6, 30),
        waives: vec![WaiverScope::Requirements],
        fee_due: true,
        excluded_competencies: vec!["cloud_business_applications".to_owned()],
    });
    rules
}

/// The rule set of `rules/2025-07-01.toml`.
pub(crate) fn fy26() -> RuleSet {
    defaults("FY26", date(2025, 7, 1))
}
