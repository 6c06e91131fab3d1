//! Checks a rule set and reports every problem at once, each at its dotted field path
//! (`tiers.gold.kpi_points`, `omlp_types[3].cap`, `waivers[0].to`), so that an operator fixes
//! a file in one pass and a loader can point at the line of each field.

use std::collections::BTreeMap;
use std::fmt;

use super::RuleSet;
use super::model::{TierRules, Waiver};
use crate::learning_option::LearningOption;
use crate::points::KpiPoints;

/// One problem of a rule set: where (a dotted path into the file) and what.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{path}: {message}")]
pub struct RuleError {
    pub path: String,
    pub message: String,
}

/// Gathers errors instead of stopping at the first.
#[derive(Default)]
struct Report {
    errors: Vec<RuleError>,
}

impl Report {
    fn push(&mut self, path: impl fmt::Display, message: impl Into<String>) {
        self.errors.push(RuleError {
            path: path.to_string(),
            message: message.into(),
        });
    }

    fn non_blank(&mut self, path: impl fmt::Display, value: &str) {
        if value.trim().is_empty() {
            self.push(path, "must not be empty");
        }
    }

    /// Ids are written in files, URLs and the CLI: lower-case ASCII letters, digits and `_`.
    fn identifier(&mut self, path: impl fmt::Display, value: &str) {
        let valid = !value.is_empty()
            && value
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_');
        if !valid {
            self.push(
                path,
                format!("{value:?} must be lower-case letters, digits and _ (like cloud_platform)"),
            );
        }
    }

    fn not_negative_count(&mut self, path: impl fmt::Display, value: i64) {
        if value < 0 {
            self.push(path, format!("must not be negative (found {value})"));
        }
    }

    fn not_negative_points(&mut self, path: impl fmt::Display, value: KpiPoints) {
        if value.is_negative() {
            self.push(path, format!("must not be negative (found {value})"));
        }
    }

    /// Records `key` first seen at `path`; reports a second occurrence naming the first.
    fn unique(&mut self, seen: &mut BTreeMap<String, String>, what: &str, key: &str, path: String) {
        if key.is_empty() {
            return;
        }
        match seen.get(key) {
            Some(first) => self.push(
                &path,
                format!("duplicate {what} {key:?} (first at {first})"),
            ),
            None => {
                seen.insert(key.to_owned(), path);
            }
        }
    }
}

pub(super) fn validate(rules: &RuleSet) -> Vec<RuleError> {
    let mut report = Report::default();
    report.non_blank("name", &rules.name);
    report.non_blank("guidelines_version", &rules.guidelines_version);
    if !(0..=100).contains(&rules.silver_to_gold_discount_percent) {
        report.push(
            "silver_to_gold_discount_percent",
            format!(
                "must be a percentage from 0 to 100 (found {})",
                rules.silver_to_gold_discount_percent
            ),
        );
    }
    if !(0..=366).contains(&rules.invoice_future_days) {
        report.push(
            "invoice_future_days",
            format!(
                "must be a number of days from 0 to 366 (found {})",
                rules.invoice_future_days
            ),
        );
    }
    let competencies = competencies(rules, &mut report);
    exams(rules, &competencies, &mut report);
    tiers(rules, &mut report);
    let omlp_types = omlp_types(rules, &mut report);
    caps(rules, &omlp_types, &mut report);
    waivers(rules, &competencies, &mut report);
    report.errors
}

/// Checks competencies; returns the known ids (with their first path) for references.
fn competencies(rules: &RuleSet, report: &mut Report) -> BTreeMap<String, String> {
    let mut seen = BTreeMap::new();
    if rules.competencies.is_empty() {
        report.push("competencies", "at least one competency is needed (R3)");
    }
    for (i, competency) in rules.competencies.iter().enumerate() {
        let path = format!("competencies[{i}]");
        report.identifier(format!("{path}.id"), &competency.id);
        report.unique(
            &mut seen,
            "competency id",
            &competency.id,
            format!("{path}.id"),
        );
        report.non_blank(format!("{path}.name"), &competency.name);
        if competency.tiers.is_empty() {
            report.push(
                format!("{path}.tiers"),
                "must list the learning options offered: silver, gold or both (R3)",
            );
        }
        for (k, tier) in competency.tiers.iter().enumerate() {
            let tier_path = format!("{path}.tiers[{k}]");
            if *tier == LearningOption::ActionPack {
                report.push(
                    &tier_path,
                    "action_pack is not a competency option: use silver or gold (R3)",
                );
            } else if competency.tiers[..k].contains(tier) {
                report.push(&tier_path, format!("{tier} is listed twice"));
            }
        }
    }
    seen
}

fn exams(rules: &RuleSet, competencies: &BTreeMap<String, String>, report: &mut Report) {
    let mut seen = BTreeMap::new();
    for (i, exam) in rules.exams.iter().enumerate() {
        let path = format!("exams[{i}]");
        report.non_blank(format!("{path}.code"), &exam.code);
        let key = exam.code.trim().to_ascii_uppercase();
        report.unique(&mut seen, "exam code", &key, format!("{path}.code"));
        if exam.competencies.is_empty() {
            report.push(
                format!("{path}.competencies"),
                "must name at least one competency the exam counts for",
            );
        }
        for (k, competency) in exam.competencies.iter().enumerate() {
            if !competencies.contains_key(competency) {
                report.push(
                    format!("{path}.competencies[{k}]"),
                    format!("unknown competency {competency:?}: not in competencies"),
                );
            }
        }
    }
}

fn tiers(rules: &RuleSet, report: &mut Report) {
    let currency = rules.tiers.action_pack.fee.currency;
    for option in LearningOption::ALL {
        let tier: &TierRules = rules.tiers.get(option);
        let path = format!("tiers.{option}");
        report.not_negative_count(format!("{path}.mct_count"), tier.mct_count);
        report.not_negative_count(format!("{path}.exam_passes"), tier.exam_passes);
        if option == LearningOption::ActionPack && tier.exam_passes > 0 {
            report.push(
                format!("{path}.exam_passes"),
                "must be 0: exams count per competency and the Action Pack has none (R4)",
            );
        }
        report.not_negative_points(format!("{path}.kpi_points"), tier.kpi_points);
        if tier.fee.is_negative() {
            report.push(
                format!("{path}.fee"),
                format!("must not be negative (found {})", tier.fee),
            );
        }
        if tier.fee.currency != currency {
            report.push(
                format!("{path}.fee"),
                format!(
                    "currency {} differs from tiers.action_pack.fee ({currency}): all fees \
                     must be in one currency",
                    tier.fee.currency
                ),
            );
        }
    }
}

/// Checks OMLP types; returns the known ids for references.
fn omlp_types(rules: &RuleSet, report: &mut Report) -> BTreeMap<String, String> {
    let mut seen = BTreeMap::new();
    if rules.omlp_types.is_empty() {
        report.push("omlp_types", "at least one OMLP type is needed (R12)");
    }
    for (i, omlp) in rules.omlp_types.iter().enumerate() {
        let path = format!("omlp_types[{i}]");
        report.identifier(format!("{path}.id"), &omlp.id);
        report.unique(&mut seen, "OMLP type", &omlp.id, format!("{path}.id"));
        report.not_negative_points(format!("{path}.points_per_unit"), omlp.points_per_unit);
        if let Some(cap) = omlp.cap {
            report.not_negative_points(format!("{path}.cap"), cap);
        }
    }
    seen
}

fn caps(rules: &RuleSet, omlp_types: &BTreeMap<String, String>, report: &mut Report) {
    // A type in two shared caps would make the capped total depend on the order of caps.
    let mut capped = BTreeMap::new();
    for (i, cap) in rules.caps.iter().enumerate() {
        let path = format!("caps[{i}]");
        if cap.omlp_types.is_empty() {
            report.push(
                format!("{path}.omlp_types"),
                "must name the OMLP types the cap applies to",
            );
        }
        for (k, omlp) in cap.omlp_types.iter().enumerate() {
            let type_path = format!("{path}.omlp_types[{k}]");
            if !omlp_types.contains_key(omlp) {
                report.push(
                    &type_path,
                    format!("unknown OMLP type {omlp:?}: not in omlp_types"),
                );
            }
            match capped.get(omlp) {
                Some(first) => report.push(
                    &type_path,
                    format!("OMLP type {omlp:?} is already in a shared cap (at {first})"),
                ),
                None => {
                    capped.insert(omlp.clone(), type_path);
                }
            }
        }
        report.not_negative_points(format!("{path}.points"), cap.points);
    }
}

fn waivers(rules: &RuleSet, competencies: &BTreeMap<String, String>, report: &mut Report) {
    let mut seen = BTreeMap::new();
    for (i, waiver) in rules.waivers.iter().enumerate() {
        let path = format!("waivers[{i}]");
        report.non_blank(format!("{path}.id"), &waiver.id);
        report.unique(&mut seen, "waiver id", &waiver.id, format!("{path}.id"));
        window(waiver, &path, report);
        if waiver.waives.is_empty() {
            report.push(
                format!("{path}.waives"),
                "must say what is waived, e.g. [\"requirements\"] (R23)",
            );
        }
        for (k, competency) in waiver.excluded_competencies.iter().enumerate() {
            if !competencies.contains_key(competency) {
                report.push(
                    format!("{path}.excluded_competencies[{k}]"),
                    format!("unknown competency {competency:?}: not in competencies"),
                );
            }
        }
    }
}

fn window(waiver: &Waiver, path: &str, report: &mut Report) {
    if waiver.to < waiver.from {
        report.push(
            format!("{path}.to"),
            format!(
                "the anniversary window ends ({}) before it starts ({})",
                waiver.to, waiver.from
            ),
        );
    }
}
