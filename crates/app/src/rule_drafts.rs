//! Rule sets uploaded by operators (R14): a draft is checked like `lpc rules check`, tried on
//! every partner ("what-if") against the rule set in force, then activated from a date that is
//! not in the past, or discarded.
//!
//! The rule book decisions use is the rule files' sets (embedded or `--rules DIR`) plus the
//! activated rule sets of the database ([`load_activated`], at startup and after each
//! activation). An activated rule set keeps its uploaded text verbatim; the effective date chosen
//! on activation replaces the file's own `effective_from`.
//!
//! The what-if itself is in `what_if`; this file uploads, lists, activates and discards drafts
//! and writes a rule set's settings side by side.

use std::collections::{BTreeMap, BTreeSet};

use jiff::civil::Date;
use lpc_domain::access::Action;
use lpc_domain::learning_option::LearningOption;
use lpc_domain::rules::{RuleBook, RuleSet};
use lpc_store::{AuditDraft, NewRuleSetDraft, RuleSetActivation, RuleSetState, StoredRuleSet};
use sha2::{Digest, Sha256};

use crate::rule_files::{self, RuleFileError};
use crate::{Actor, App, AppError};

mod what_if;

pub use what_if::{
    Change, OptionCount, PartnerChange, RequirementChange, WhatIf, measure_text, what_if,
    what_if_csv,
};

/// What became of an upload.
#[derive(Debug)]
pub enum Upload {
    /// Checked and stored as a draft.
    Stored(StoredRuleSet),
    /// Refused, with every error as `lpc rules check` reports it (line, column, field);
    /// nothing was stored.
    Refused(Vec<RuleFileError>),
}

/// Checks `toml_text` as `lpc rules check` does and stores it as a draft when it has no error.
/// `file_name` names the upload in the errors (`FY27.toml:12:3: tiers.gold.kpi_points: ...`).
pub async fn upload_draft(
    app: &App,
    actor: &Actor,
    file_name: &str,
    toml_text: &str,
) -> Result<Upload, AppError> {
    actor.authorize(Action::OperateProgram)?;
    let set = match rule_files::check_text(file_name, toml_text) {
        Ok(set) => set,
        Err(errors) => return Ok(Upload::Refused(errors)),
    };
    let sha256 = hex::encode(Sha256::digest(toml_text.as_bytes()));
    let now = app.clock().now();
    let draft = NewRuleSetDraft {
        name: set.name.clone(),
        toml: toml_text.to_owned(),
        sha256: sha256.clone(),
        uploaded_by: actor.audit_name(),
        uploaded_at: now,
    };
    let audit = AuditDraft::new(
        actor.audit_name(),
        "rule_set.upload",
        format!("rule_set:{}", set.name),
        now,
        serde_json::json!({ "name": set.name, "sha256": sha256 }),
    );
    Ok(Upload::Stored(
        app.store().add_rule_set_draft(&draft, &audit).await?,
    ))
}

/// Every uploaded rule set, newest first.
pub async fn list(app: &App, actor: &Actor) -> Result<Vec<StoredRuleSet>, AppError> {
    actor.authorize(Action::OperateProgram)?;
    Ok(app.store().rule_sets().await?)
}

/// One uploaded rule set and its rules (for an active one, with its effective date).
pub async fn get(app: &App, actor: &Actor, id: i64) -> Result<(StoredRuleSet, RuleSet), AppError> {
    actor.authorize(Action::OperateProgram)?;
    let stored = app
        .store()
        .rule_set(id)
        .await?
        .ok_or_else(|| AppError::NotFound(format!("rule set draft {id} does not exist")))?;
    let set = rules_of(&stored)?;
    Ok((stored, set))
}

/// The rules of a stored rule set; an active one takes effect on its activation date.
pub fn rules_of(stored: &StoredRuleSet) -> Result<RuleSet, AppError> {
    let mut set = rule_files::check_text(&format!("rule set {}", stored.id), &stored.toml)
        .map_err(|errors| rule_files::to_app_error(&errors))?;
    if let Some(date) = stored.effective_from {
        set.effective_from = date;
    }
    Ok(set)
}

/// The rule book of `app`'s rule files plus every activated rule set of its database (R14).
pub async fn book_with_activated(app: &App) -> Result<RuleBook, AppError> {
    let mut sets = app.file_rules().sets().to_vec();
    for stored in app.store().rule_sets().await? {
        if stored.state == RuleSetState::Active {
            sets.push(rules_of(&stored)?);
        }
    }
    RuleBook::new(sets).map_err(|errors| {
        let lines: Vec<String> = errors.iter().map(ToString::to_string).collect();
        AppError::invalid("rules", lines.join("\n"))
    })
}

/// Makes `app` (and every clone made from now on) decide with the activated rule sets too:
/// called once the store is open, by `lpc serve` and every command.
pub async fn load_activated(app: &mut App) -> Result<(), AppError> {
    let book = book_with_activated(app).await?;
    if book.sets().len() != app.rules().sets().len() {
        app.replace_rules(book);
    }
    Ok(())
}

/// [`load_activated`] for a builder chain: `app` deciding with the activated rule sets too.
pub async fn with_activated(mut app: App) -> Result<App, AppError> {
    load_activated(&mut app).await?;
    Ok(app)
}

/// Held while a rule set is activated and the rule book rebuilt.
static ACTIVATING: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

/// Activates draft `id` from `effective_from` (R14). Refused when the date is before today
/// (a decision already taken must keep its rule set), or when another rule set already takes
/// effect that day (the rule set in force on a date must be unambiguous).
pub async fn activate(
    app: &mut App,
    actor: &Actor,
    id: i64,
    effective_from: Date,
) -> Result<StoredRuleSet, AppError> {
    actor.authorize(Action::OperateProgram)?;
    // One activation at a time in this process, so that each rebuilt rule book includes the
    // activations before it.
    let _one_at_a_time = ACTIVATING.lock().await;
    let today = app.clock().today();
    if effective_from < today {
        return Err(AppError::invalid(
            "effective_from",
            format!(
                "{effective_from} is in the past (today is {today}): a rule set takes effect \
                 on a date that is today or later, so that no decision already made changes \
                 its rules (R14)"
            ),
        ));
    }
    let (stored, mut set) = get(app, actor, id).await?;
    if stored.state != RuleSetState::Draft {
        return Err(AppError::Conflict(format!(
            "rule set {id} is {}: only a draft can be activated",
            stored.state.as_str()
        )));
    }
    let current = app.latest_rules();
    if let Some(same) = current
        .sets()
        .iter()
        .find(|s| s.effective_from == effective_from)
    {
        return Err(AppError::invalid(
            "effective_from",
            format!(
                "rule set {} already takes effect on {effective_from}: the rule set in force \
                 on a date must be unambiguous (R14)",
                same.name
            ),
        ));
    }
    set.effective_from = effective_from;
    let now = app.clock().now();
    let audit = AuditDraft::new(
        actor.audit_name(),
        "rule_set.activate",
        format!("rule_set:{id}"),
        now,
        serde_json::json!({
            "name": set.name,
            "sha256": stored.sha256,
            "effective_from": effective_from.to_string(),
        }),
    );
    let activation = RuleSetActivation {
        id,
        effective_from,
        by: actor.audit_name(),
        at: now,
    };
    let active = app.store().activate_rule_set(&activation, &audit).await?;
    let book = book_with_activated(app).await?;
    app.replace_rules(book);
    Ok(active)
}

/// Sets draft `id` aside; it can no longer be activated.
pub async fn discard(app: &App, actor: &Actor, id: i64) -> Result<(), AppError> {
    actor.authorize(Action::OperateProgram)?;
    let audit = AuditDraft::new(
        actor.audit_name(),
        "rule_set.discard",
        format!("rule_set:{id}"),
        app.clock().now(),
        serde_json::json!({}),
    );
    Ok(app.store().discard_rule_set(id, &audit).await?)
}

/// One setting of a rule set as `lpc rules show --json` names it (`tiers.gold.kpi_points`),
/// and its value as text.
pub type Setting = (String, String);

/// Every setting of `set`, in `lpc rules show --json` order: arrays of tables keyed by their
/// `id` (or exam `code`), lists joined by commas.
pub fn settings(set: &RuleSet, on: Date) -> Result<Vec<Setting>, AppError> {
    let book = RuleBook::new(vec![set.clone()])
        .map_err(|_| AppError::Internal(format!("rule set {} is not valid", set.name)))?;
    let summary = rule_files::summary(&book, on.max(set.effective_from))?;
    let value = serde_json::to_value(&summary)
        .map_err(|e| AppError::Internal(format!("cannot show rule set: {e}")))?;
    let mut out = Vec::new();
    // The settings people compare first; `exams` is shown per competency.
    const ORDER: [&str; 9] = [
        "name",
        "effective_from",
        "guidelines_version",
        "tiers",
        "silver_to_gold_discount_percent",
        "omlp_types",
        "caps",
        "competencies",
        "waivers",
    ];
    for key in ORDER {
        if let Some(value) = value.get(key) {
            if key == "tiers" {
                // In the order of the options (R3), not alphabetical.
                for option in LearningOption::ALL {
                    if let Some(tier) = value.get(option.as_str()) {
                        flatten(&format!("tiers.{}", option.as_str()), tier, &mut out);
                    }
                }
            } else {
                flatten(key, value, &mut out);
            }
        }
    }
    Ok(out)
}

fn flatten(path: &str, value: &serde_json::Value, out: &mut Vec<Setting>) {
    use serde_json::Value;
    match value {
        Value::Object(map) => {
            for (key, value) in map {
                flatten(&format!("{path}.{key}"), value, out);
            }
        }
        // An empty list (no caps, no waivers) is no setting: its rows stay empty.
        Value::Array(items) if items.is_empty() => {}
        Value::Array(items) if items.iter().all(|i| !i.is_object()) => {
            let texts: Vec<String> = items.iter().map(scalar).collect();
            out.push((path.to_owned(), texts.join(", ")));
        }
        Value::Array(items) => {
            for (index, item) in items.iter().enumerate() {
                let key = item
                    .get("id")
                    .or_else(|| item.get("code"))
                    .and_then(Value::as_str)
                    .map_or_else(|| index.to_string(), str::to_owned);
                let Value::Object(map) = item else { continue };
                for (field, value) in map {
                    if matches!(field.as_str(), "id" | "code") {
                        continue;
                    }
                    flatten(&format!("{path}.{key}.{field}"), value, out);
                }
            }
        }
        other => out.push((path.to_owned(), scalar(other))),
    }
}

fn scalar(value: &serde_json::Value) -> String {
    match value {
        serde_json::Value::Null => "-".to_owned(),
        serde_json::Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// The settings of several rule sets side by side: one row per setting (in first-seen order),
/// one value per rule set (`None` when it has no such setting).
pub fn side_by_side(columns: &[Vec<Setting>]) -> Vec<(String, Vec<Option<String>>)> {
    let mut keys: Vec<&str> = Vec::new();
    let mut seen = BTreeSet::new();
    for column in columns {
        for (key, _) in column {
            if seen.insert(key.as_str()) {
                keys.push(key);
            }
        }
    }
    let maps: Vec<BTreeMap<&str, &str>> = columns
        .iter()
        .map(|c| c.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect())
        .collect();
    keys.into_iter()
        .map(|key| {
            let values = maps
                .iter()
                .map(|m| m.get(key).map(|v| (*v).to_owned()))
                .collect();
            (key.to_owned(), values)
        })
        .collect()
}
