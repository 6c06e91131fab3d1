//! The what-if of a draft (R14): every partner's eligibility judged under the rule set in
//! force and under the draft on a date, and who gains or loses which option, and why.

use std::collections::{BTreeMap, BTreeSet};

use jiff::civil::Date;
use lpc_domain::MpnId;
use lpc_domain::eligibility::{Eligibility, Measure, Requirement};
use lpc_domain::learning_option::LearningOption;
use lpc_domain::requirement::RequirementId;
use lpc_domain::rules::{RuleSet, RuleSetRef};
use serde::Serialize;

use super::get;
use crate::eligibility::Gathered;
use crate::{Actor, App, AppError};

/// Whether a partner gains or loses an option under the draft.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Change {
    Gains,
    Loses,
}

/// A requirement judged differently under the draft: why a partner gains or loses an option.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RequirementChange {
    pub id: RequirementId,
    pub actual: Measure,
    /// `None` when the rule set does not require it.
    pub required_before: Option<Measure>,
    pub required_after: Option<Measure>,
    pub met_before: bool,
    pub met_after: bool,
}

/// One partner gaining or losing one option.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PartnerChange {
    pub partner_id: MpnId,
    pub partner_name: String,
    pub option: LearningOption,
    pub competency: Option<String>,
    pub change: Change,
    pub eligible_before: bool,
    pub eligible_after: bool,
    pub why: Vec<RequirementChange>,
}

/// How many partners gain and lose one option.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OptionCount {
    pub option: LearningOption,
    pub competency: Option<String>,
    pub gains: usize,
    pub losses: usize,
}

/// Every partner evaluated under the draft and under the rule set in force on `on`.
#[derive(Debug, Clone, Serialize)]
pub struct WhatIf {
    pub draft_id: i64,
    pub on: Date,
    pub before: RuleSetRef,
    pub after: RuleSetRef,
    pub partners: usize,
    /// Partners gaining (losing) at least one option of each tier.
    pub partners_gaining: BTreeMap<LearningOption, usize>,
    pub partners_losing: BTreeMap<LearningOption, usize>,
    /// Per option, only those with a gain or a loss.
    pub counts: Vec<OptionCount>,
    /// Gains and losses only, by partner, option and competency.
    pub changes: Vec<PartnerChange>,
}

/// R14: every partner evaluated on `on` under draft `id` and under the rule set in force on
/// `on`, listing who would gain or lose which option and why. The facts are today's (trainers,
/// exam passes, accepted guidelines, memberships, the latest published report's points).
pub async fn what_if(app: &App, actor: &Actor, id: i64, on: Date) -> Result<WhatIf, AppError> {
    let (_, draft) = get(app, actor, id).await?;
    let book = app.latest_rules();
    let before = book
        .in_force_on(on)
        .ok_or_else(|| AppError::invalid("on", format!("no rule set is in force on {on} (R14)")))?;
    let started = std::time::Instant::now();
    let gathered = crate::eligibility::gather_all(app, on).await?;
    let read = started.elapsed();
    let count = gathered.len();
    let (before_ref, after_ref) = (before.reference(), draft.reference());
    let before = before.clone();
    // Judging is CPU work: off the async workers, on every core.
    let mut changes = tokio::task::spawn_blocking(move || judge(&before, &draft, &gathered, on))
        .await
        .map_err(|e| AppError::Internal(format!("what-if: {e}")))?;
    tracing::info!(
        draft = id,
        partners = count,
        changes = changes.len(),
        read_ms = read.as_millis(),
        judged_ms = (started.elapsed() - read).as_millis(),
        "what-if run"
    );
    changes.sort_by(|a, b| {
        (a.partner_id, a.option, &a.competency, a.change).cmp(&(
            b.partner_id,
            b.option,
            &b.competency,
            b.change,
        ))
    });
    Ok(summarize(id, on, before_ref, after_ref, count, changes))
}

/// Every partner judged under both rule sets, split over the machine's cores.
fn judge(before: &RuleSet, after: &RuleSet, partners: &[Gathered], on: Date) -> Vec<PartnerChange> {
    let cores = std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get);
    let chunk = partners.len().div_ceil(cores).max(1);
    std::thread::scope(|scope| {
        let workers: Vec<_> = partners
            .chunks(chunk)
            .map(|part| {
                scope.spawn(move || {
                    part.iter()
                        .flat_map(|partner| {
                            let old = partner.evaluate(before, on);
                            let new = partner.evaluate(after, on);
                            compare(partner, &old, &new)
                        })
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        workers
            .into_iter()
            // A panic while judging fails the what-if rather than hiding partners.
            .flat_map(|worker| {
                worker
                    .join()
                    .unwrap_or_else(|e| std::panic::resume_unwind(e))
            })
            .collect()
    })
}

fn summarize(
    draft_id: i64,
    on: Date,
    before: RuleSetRef,
    after: RuleSetRef,
    partners: usize,
    changes: Vec<PartnerChange>,
) -> WhatIf {
    let mut per_option: BTreeMap<(LearningOption, Option<String>), (usize, usize)> =
        BTreeMap::new();
    let mut gaining: BTreeMap<LearningOption, BTreeSet<MpnId>> = BTreeMap::new();
    let mut losing: BTreeMap<LearningOption, BTreeSet<MpnId>> = BTreeMap::new();
    for change in &changes {
        let entry = per_option
            .entry((change.option, change.competency.clone()))
            .or_default();
        let by_tier = match change.change {
            Change::Gains => {
                entry.0 += 1;
                &mut gaining
            }
            Change::Loses => {
                entry.1 += 1;
                &mut losing
            }
        };
        by_tier
            .entry(change.option)
            .or_default()
            .insert(change.partner_id);
    }
    let count = |by: BTreeMap<LearningOption, BTreeSet<MpnId>>| {
        LearningOption::ALL
            .into_iter()
            .map(|option| (option, by.get(&option).map_or(0, BTreeSet::len)))
            .collect()
    };
    WhatIf {
        draft_id,
        on,
        before,
        after,
        partners,
        partners_gaining: count(gaining),
        partners_losing: count(losing),
        counts: per_option
            .into_iter()
            .map(|((option, competency), (gains, losses))| OptionCount {
                option,
                competency,
                gains,
                losses,
            })
            .collect(),
        changes,
    }
}

/// The options whose eligibility differs, with the requirements judged differently.
fn compare(partner: &Gathered, old: &Eligibility, new: &Eligibility) -> Vec<PartnerChange> {
    let mut keys: Vec<(LearningOption, Option<&str>)> = Vec::new();
    for o in old.options.iter().chain(&new.options) {
        let key = (o.option, o.competency.as_deref());
        if !keys.contains(&key) {
            keys.push(key);
        }
    }
    keys.into_iter()
        .filter_map(|(option, competency)| {
            let before = old.option(option, competency);
            let after = new.option(option, competency);
            let eligible_before = before.is_some_and(|o| o.eligible);
            let eligible_after = after.is_some_and(|o| o.eligible);
            if eligible_before == eligible_after {
                return None;
            }
            let empty: &[Requirement] = &[];
            let why = why(
                before.map_or(empty, |o| &o.requirements),
                after.map_or(empty, |o| &o.requirements),
            );
            Some(PartnerChange {
                partner_id: partner.facts.partner_id,
                partner_name: partner.name.clone(),
                option,
                competency: competency.map(str::to_owned),
                change: if eligible_after {
                    Change::Gains
                } else {
                    Change::Loses
                },
                eligible_before,
                eligible_after,
                why,
            })
        })
        .collect()
}

fn why(before: &[Requirement], after: &[Requirement]) -> Vec<RequirementChange> {
    let mut ids: Vec<RequirementId> = Vec::new();
    for r in before.iter().chain(after) {
        if !ids.contains(&r.id) {
            ids.push(r.id);
        }
    }
    ids.into_iter()
        .filter_map(|id| {
            let old = before.iter().find(|r| r.id == id);
            let new = after.iter().find(|r| r.id == id);
            let met_before = old.is_none_or(|r| r.met);
            let met_after = new.is_none_or(|r| r.met);
            let required_before = old.map(|r| r.required);
            let required_after = new.map(|r| r.required);
            if met_before == met_after && required_before == required_after {
                return None;
            }
            let actual = new.or(old).map(|r| r.actual)?;
            Some(RequirementChange {
                id,
                actual,
                required_before,
                required_after,
                met_before,
                met_after,
            })
        })
        .collect()
}

/// The what-if as CSV: one line per partner and option gained or lost, with each requirement
/// that changed (`id: actual; required before -> after`).
pub fn what_if_csv(result: &WhatIf) -> Result<String, AppError> {
    let fail = |e: &dyn std::fmt::Display| AppError::Internal(format!("cannot write CSV: {e}"));
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer
        .write_record([
            "mpn_id",
            "partner",
            "option",
            "competency",
            "change",
            "requirement",
            "actual",
            "required_before",
            "required_after",
            "met_before",
            "met_after",
        ])
        .map_err(|e| fail(&e))?;
    for change in &result.changes {
        let head = [
            change.partner_id.to_string(),
            change.partner_name.clone(),
            change.option.as_str().to_owned(),
            change.competency.clone().unwrap_or_default(),
            match change.change {
                Change::Gains => "gains".to_owned(),
                Change::Loses => "loses".to_owned(),
            },
        ];
        for why in &change.why {
            let mut record = head.to_vec();
            record.extend([
                why.id.as_str().to_owned(),
                measure_text(Some(why.actual)),
                measure_text(why.required_before),
                measure_text(why.required_after),
                why.met_before.to_string(),
                why.met_after.to_string(),
            ]);
            writer
                .write_record(crate::spreadsheet_cells::neutral_record(
                    record.iter().map(String::as_str),
                ))
                .map_err(|e| fail(&e))?;
        }
        if change.why.is_empty() {
            let mut record = head.to_vec();
            record.extend(std::iter::repeat_n(String::new(), 6));
            writer
                .write_record(crate::spreadsheet_cells::neutral_record(
                    record.iter().map(String::as_str),
                ))
                .map_err(|e| fail(&e))?;
        }
    }
    let bytes = writer.into_inner().map_err(|e| fail(&e))?;
    String::from_utf8(bytes).map_err(|e| fail(&e))
}

/// A requirement's value as people read it (`4`, `1000`, `yes`); empty when not required.
pub fn measure_text(measure: Option<Measure>) -> String {
    match measure {
        None => String::new(),
        Some(Measure::Count(n)) => n.to_string(),
        Some(Measure::Points(p)) => p.to_string(),
        Some(Measure::Flag(true)) => "yes".to_owned(),
        Some(Measure::Flag(false)) => "no".to_owned(),
    }
}
