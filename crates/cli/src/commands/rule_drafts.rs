//! `lpc rules draft upload|what-if|activate`: rule sets kept in the database (R14), as the
//! operator console's rule set pages handle them.

use lpc_app::rule_drafts::{self, Change, Upload, WhatIf};
use lpc_app::{Actor, App};

use crate::args::RuleDraftCommand;
use crate::failure::Failure;
use crate::output;

pub async fn run(command: RuleDraftCommand, app: &App) -> Result<(), Failure> {
    let actor = Actor::local();
    match command {
        RuleDraftCommand::Upload { file } => {
            let text = std::fs::read_to_string(&file).map_err(|e| {
                Failure::refused(format!("{}: file: cannot read it: {e}", file.display()))
            })?;
            let name = file.display().to_string();
            match rule_drafts::upload_draft(app, &actor, &name, &text).await? {
                Upload::Stored(stored) => output::text(&format!(
                    "draft {} stored: {} (sha256 {}); try it with `lpc rules draft what-if {}`\n",
                    stored.id, stored.name, stored.sha256, stored.id
                )),
                Upload::Refused(errors) => {
                    for error in &errors {
                        eprintln!("{error}");
                    }
                    let count = match errors.len() {
                        1 => "1 error".to_owned(),
                        n => format!("{n} errors"),
                    };
                    Err(Failure::refused(format!(
                        "{name}: {count}; nothing was stored"
                    )))
                }
            }
        }
        RuleDraftCommand::WhatIf { id, on, json } => {
            let today = app.clock().today();
            let on = match on {
                Some(on) => on,
                None => {
                    let (_, set) = rule_drafts::get(app, &actor, id).await?;
                    set.effective_from.max(today)
                }
            };
            let result = rule_drafts::what_if(app, &actor, id, on).await?;
            if json {
                output::json(&result)
            } else {
                output::text(&text(&result))
            }
        }
        RuleDraftCommand::Activate { id, effective_from } => {
            let mut app = app.clone();
            let active = rule_drafts::activate(&mut app, &actor, id, effective_from).await?;
            output::text(&format!(
                "rule set {} ({}) is in force from {} (R14)\n",
                active.id, active.name, effective_from
            ))
        }
    }
}

fn text(result: &WhatIf) -> String {
    let mut out = format!(
        "What-if on {}: draft {} ({}) vs {} in force from {} (R14); {} partners judged\n",
        result.on,
        result.draft_id,
        result.after.name,
        result.before.name,
        result.before.effective_from,
        result.partners
    );
    for (option, gaining) in &result.partners_gaining {
        let losing = result.partners_losing.get(option).copied().unwrap_or(0);
        out.push_str(&format!(
            "{:<12} {gaining} partners gain, {losing} lose\n",
            option.as_str()
        ));
    }
    for change in &result.changes {
        let why: Vec<String> = change
            .why
            .iter()
            .map(|w| {
                format!(
                    "{} {} (required {} -> {})",
                    w.id,
                    rule_drafts::measure_text(Some(w.actual)),
                    or_dash(rule_drafts::measure_text(w.required_before)),
                    or_dash(rule_drafts::measure_text(w.required_after)),
                )
            })
            .collect();
        out.push_str(&format!(
            "{} {} {} {}{}: {}\n",
            change.partner_id,
            change.partner_name,
            match change.change {
                Change::Gains => "gains",
                Change::Loses => "loses",
            },
            change.option.as_str(),
            change
                .competency
                .as_deref()
                .map_or_else(String::new, |c| format!(" {c}")),
            why.join("; ")
        ));
    }
    out
}

fn or_dash(text: String) -> String {
    if text.is_empty() {
        "-".to_owned()
    } else {
        text
    }
}
