//! `lpc rules check PATH` and `lpc rules show [--json]`, and the rule book every other
//! command runs on.
//!
//! Neither command opens the database: an operator checks a rule file before deploying it,
//! often on a machine that has none.

use std::path::Path;

use lpc_app::rule_files::{self, RuleFileError, RuleSetSummary};
use lpc_app::{Clock, SystemClock};
use lpc_domain::rules::{RuleBook, TierRules, WaiverScope};
use lpc_domain::{KpiPoints, LearningOption};

use crate::config::Config;
use crate::failure::Failure;
use crate::output;

/// The rule book of `--rules DIR` (or `LPC_RULES`, or `rules` in `lpc.toml`), else the
/// embedded one. An invalid rule set refuses the command (exit 3) with every error, before
/// anything else happens: no decision, and no `lpc serve`, may run on rules that do not say
/// what the operator meant.
pub fn book(config: &Config) -> Result<RuleBook, Failure> {
    rule_files::load(config.rules.as_deref()).map_err(|errors| {
        let origin = match &config.rules {
            Some(dir) => format!("--rules {}", dir.display()),
            None => "the embedded rule sets".to_owned(),
        };
        Failure::refused(format!(
            "{origin}: {}; nothing was done (check them with `lpc rules check`):\n{}",
            count(errors.len(), "error"),
            lines(&errors)
        ))
    })
}

/// `lpc rules check PATH`: every error on stderr, one per line (`FILE:LINE:COL: FIELD:
/// MESSAGE`), exit 3; or a one-line "ok" naming the rule sets and their dates.
pub fn check(path: &Path) -> Result<(), Failure> {
    match rule_files::load_path(path) {
        Ok(book) => {
            let sets: Vec<String> = book
                .sets()
                .iter()
                .map(|set| format!("{} ({})", set.effective_from, set.name))
                .collect();
            println!(
                "ok: {}, in force from {}",
                count(sets.len(), "rule set"),
                sets.join(", ")
            );
            Ok(())
        }
        Err(errors) => {
            for error in &errors {
                eprintln!("{error}");
            }
            Err(Failure::refused(format!(
                "{}: {}",
                path.display(),
                count(errors.len(), "error")
            )))
        }
    }
}

/// `lpc rules show [--json]`: the rule set in force today (R14), honouring `--today` and
/// `--rules`.
pub fn show(config: &Config, json: bool) -> Result<(), Failure> {
    let book = book(config)?;
    let today = SystemClock::new(config.time_zone.clone(), config.today).today();
    let summary = rule_files::summary(&book, today)?;
    if json {
        output::json(&summary)
    } else {
        print_text(&summary);
        Ok(())
    }
}

fn print_text(set: &RuleSetSummary<'_>) {
    println!(
        "Rule set {} in force on {}: from {}{} (R14)",
        set.name,
        set.in_force_on,
        set.effective_from,
        set.next.as_ref().map_or_else(
            || ", no later rule set".to_owned(),
            |next| format!(
                " until {} takes effect on {}",
                next.name, next.effective_from
            )
        )
    );
    println!(
        "Performance Guidelines version {}; silver-to-gold upgrade discount {}% (R11)",
        set.guidelines_version, set.silver_to_gold_discount_percent
    );

    println!();
    println!(
        "{:<12} {:>5} {:>6} {:>11}  {:<20} {:<11} {:>12}",
        "option", "MCTs", "exams", "KPI points", "KPI judged at", "commitment", "fee"
    );
    for option in LearningOption::ALL {
        let tier: &TierRules = set.tiers.get(option);
        println!(
            "{:<12} {:>5} {:>6} {:>11}  {:<20} {:<11} {:>12}",
            option.as_str(),
            tier.mct_count,
            tier.exam_passes,
            tier.kpi_points.to_string(),
            kpi_judged_at(tier),
            if tier.performance_commitment {
                "yes"
            } else {
                "no"
            },
            tier.fee.to_string()
        );
    }

    println!();
    let labels: Vec<String> = set
        .competencies
        .iter()
        .map(|c| format!("{} ({})", c.name, c.id))
        .collect();
    let width = labels
        .iter()
        .map(|l| l.chars().count())
        .max()
        .unwrap_or(0)
        .max(10);
    println!("{:<width$} {:<12} exams", "competency", "options");
    for (competency, label) in set.competencies.iter().zip(&labels) {
        let options: Vec<&str> = competency.tiers.iter().map(|t| t.as_str()).collect();
        println!(
            "{label:<width$} {:<12} {}",
            options.join(", "),
            if competency.exams.is_empty() {
                "-".to_owned()
            } else {
                competency.exams.join(", ")
            }
        );
    }

    println!();
    println!("{:<20} {:>16} {:>8}", "OMLP type", "points per unit", "cap");
    for omlp in set.omlp_types {
        println!(
            "{:<20} {:>16} {:>8}",
            omlp.id,
            omlp.points_per_unit.to_string(),
            omlp.cap
                .map_or_else(|| "-".to_owned(), |cap| cap.to_string())
        );
    }
    for cap in set.caps {
        println!(
            "shared cap: {} together at most {} points",
            cap.omlp_types.join(", "),
            cap.points
        );
    }

    if !set.waivers.is_empty() {
        println!();
    }
    for waiver in set.waivers {
        let waives: Vec<&str> = waiver
            .waives
            .iter()
            .map(|scope| scope_name(*scope))
            .collect();
        let excluded = if waiver.excluded_competencies.is_empty() {
            String::new()
        } else {
            format!(", except {}", waiver.excluded_competencies.join(", "))
        };
        println!(
            "waiver {}: anniversaries {} ..= {} waive {}{}; fee {} (R23)",
            waiver.id,
            waiver.from,
            waiver.to,
            waives.join(", "),
            excluded,
            if waiver.fee_due { "due" } else { "waived" }
        );
    }
}

/// When a tier's KPI threshold is judged (R9, R15): `-` when it never is.
fn kpi_judged_at(tier: &TierRules) -> String {
    if tier.kpi_points == KpiPoints::ZERO {
        return "-".to_owned();
    }
    let stages: Vec<&str> = [
        (tier.kpi_at_enrollment, "enrollment"),
        (tier.kpi_at_renewal, "renewal"),
    ]
    .into_iter()
    .filter_map(|(applies, stage)| applies.then_some(stage))
    .collect();
    if stages.is_empty() {
        "-".to_owned()
    } else {
        stages.join(", ")
    }
}

/// As the rule file spells it.
fn scope_name(scope: WaiverScope) -> &'static str {
    match scope {
        WaiverScope::Requirements => "requirements",
        WaiverScope::MctCount => "mct_count",
        WaiverScope::ExamPasses => "exam_passes",
        WaiverScope::KpiPoints => "kpi_points",
        WaiverScope::PerformanceCommitment => "performance_commitment",
    }
}

fn lines(errors: &[RuleFileError]) -> String {
    let lines: Vec<String> = errors.iter().map(ToString::to_string).collect();
    lines.join("\n")
}

fn count(n: usize, what: &str) -> String {
    if n == 1 {
        format!("1 {what}")
    } else {
        format!("{n} {what}s")
    }
}
