//! "KPI requirements are subject to change annually" (R14): the announcement the rule-set
//! what-if offers to draft, in English (the operator adds Japanese and Italian): a title
//! naming the day the draft takes effect, a text with the draft's requirements per option
//! (each changed one with today's value beside it) and the what-if's counts, starting today.
//!
//! The what-if page carries it in the hidden fields of its "Draft an announcement" form,
//! which opens the announcement form (`announcement_form`) filled with it: the what-if is not
//! run again.

use jiff::civil::Date;
use lpc_app::rule_drafts::WhatIf;
use lpc_domain::learning_option::LearningOption;
use lpc_domain::points::KpiPoints;
use lpc_domain::rules::{RuleSet, TierRules};

use crate::ui::i18n::Lang;
use crate::ui::kpi_format;

/// The announcement form's prefilled fields.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Prefill {
    pub title: String,
    pub text: String,
    /// `YYYY-MM-DD`.
    pub starts_on: String,
}

/// The language of the prefilled text: English, the version every reader falls back to.
const LANG: Lang = Lang::En;

fn count(key: &str, n: i64) -> String {
    LANG.t_args(key, &[("count", n.to_string())])
}

fn points(tier: &TierRules) -> Option<String> {
    if tier.kpi_points == KpiPoints::ZERO {
        return None;
    }
    let when = match (tier.kpi_at_enrollment, tier.kpi_at_renewal) {
        (true, true) => "ann-draft-when-both",
        (true, false) => "ann-draft-when-enrollment",
        (false, true) => "ann-draft-when-renewal",
        (false, false) => return None,
    };
    Some(LANG.t_args(
        "ann-draft-points",
        &[
            ("points", kpi_format::points(LANG, tier.kpi_points)),
            ("when", LANG.t(when)),
        ],
    ))
}

/// What `tier` requires, each item as a phrase; `None` for what it does not require.
fn items(tier: &TierRules) -> [Option<String>; 5] {
    [
        (tier.mct_count > 0).then(|| count("ann-draft-mct", tier.mct_count)),
        (tier.exam_passes > 0).then(|| count("ann-draft-exams", tier.exam_passes)),
        points(tier),
        tier.performance_commitment
            .then(|| LANG.t("ann-draft-commitment")),
        Some(LANG.t_args("ann-draft-fee", &[("fee", LANG.money(tier.fee))])),
    ]
}

/// The line of `option`: the draft's requirements, each changed one with today's beside it.
fn tier_line(option: LearningOption, before: &TierRules, after: &TierRules) -> String {
    let phrases: Vec<String> = items(after)
        .into_iter()
        .zip(items(before))
        .filter_map(|(after, before)| match (after, before) {
            (Some(a), Some(b)) if a == b => Some(a),
            (Some(a), Some(b)) => {
                Some(LANG.t_args("ann-draft-was", &[("value", a), ("before", b)]))
            }
            (Some(a), None) => Some(LANG.t_args("ann-draft-new", &[("value", a)])),
            (None, Some(b)) => Some(LANG.t_args("ann-draft-dropped", &[("before", b)])),
            (None, None) => None,
        })
        .collect();
    LANG.t_args(
        "ann-draft-tier",
        &[
            ("tier", LANG.t(&format!("option-{}", option.as_str()))),
            ("requirements", phrases.join("; ")),
        ],
    )
}

/// The announcement of `after` replacing `before` on the what-if's date, drafted `today`.
pub fn from_what_if(before: &RuleSet, after: &RuleSet, result: &WhatIf, today: Date) -> Prefill {
    let date = ("date", LANG.date(result.on));
    let mut lines = vec![
        LANG.t_args(
            "ann-draft-intro",
            &[
                date.clone(),
                ("draft", after.name.clone()),
                ("before", before.name.clone()),
            ],
        ),
        String::new(),
        LANG.t_args("ann-draft-tiers", std::slice::from_ref(&date)),
    ];
    for option in LearningOption::ALL {
        lines.push(tier_line(
            option,
            before.tiers.get(option),
            after.tiers.get(option),
        ));
    }
    lines.push(String::new());
    lines.push(
        LANG.t_args(
            "ann-draft-counts",
            &[
                date.clone(),
                (
                    "partners",
                    i64::try_from(result.partners)
                        .unwrap_or(i64::MAX)
                        .to_string(),
                ),
            ],
        ),
    );
    for option in LearningOption::ALL {
        let n = |map: &std::collections::BTreeMap<LearningOption, usize>| {
            i64::try_from(map.get(&option).copied().unwrap_or(0))
                .unwrap_or(i64::MAX)
                .to_string()
        };
        lines.push(LANG.t_args(
            "ann-draft-count",
            &[
                ("tier", LANG.t(&format!("option-{}", option.as_str()))),
                ("gaining", n(&result.partners_gaining)),
                ("losing", n(&result.partners_losing)),
            ],
        ));
    }
    lines.push(String::new());
    lines.push(LANG.t("ann-draft-outro"));
    Prefill {
        title: LANG.t_args("ann-draft-title", &[date]),
        text: lines.join("\n"),
        starts_on: today.to_string(),
    }
}
