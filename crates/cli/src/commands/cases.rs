//! `lpc cases ...`: Partner Frontline Support cases (R5, R13, R21, R22, R27).
//!
//! `--as EMAIL` acts as that user (a partner's user opens and comments, a support agent
//! decides); without it the command line acts, with the operator's powers.

use std::collections::BTreeMap;

use lpc_app::cases::{self, CaseRequest, CaseView, Decided, Decision};
use lpc_app::partners::parse_mpn_id;
use lpc_app::{Actor, App, AppError, users};
use lpc_domain::Email;
use lpc_domain::points::KpiPoints;
use lpc_store::{CaseState, SupportCase};

use crate::args::CasesCommand;
use crate::failure::Failure;
use crate::output;

/// The actor: `--as EMAIL`, or the command line itself.
async fn actor(app: &App, acting: Option<&str>) -> Result<Actor, Failure> {
    match acting {
        None => Ok(Actor::local()),
        Some(text) => {
            let email = Email::parse(text).map_err(|e| AppError::invalid("as", e))?;
            Ok(users::acting_as(app, &Actor::local(), &email).await?)
        }
    }
}

/// Case fields are given with `--field KEY=VALUE`: a refusal names them as such, every one.
fn field_failure(err: AppError) -> Failure {
    match err {
        AppError::Invalid { field, message }
            if field
                .split(", ")
                .all(|f| !matches!(f, "as" | "message" | "points" | "body" | "kind" | "state")) =>
        {
            Failure::refused(format!("--field {field}: {message}"))
        }
        other => other.into(),
    }
}

pub async fn run(app: &App, command: CasesCommand) -> Result<(), Failure> {
    match command {
        CasesCommand::Open {
            mpn,
            kind,
            fields,
            acting,
            json,
        } => {
            let actor = actor(app, acting.as_deref()).await?;
            let request = CaseRequest {
                partner_id: parse_mpn_id(&mpn)?,
                kind: cases::parse_kind(&kind)?,
                fields: fields.into_iter().collect::<BTreeMap<_, _>>(),
            };
            let case = cases::open(app, &actor, request)
                .await
                .map_err(field_failure)?;
            if json {
                return output::json(&case);
            }
            output::text(&format!(
                "case {} opened: {} for partner {} ({})\n",
                case.id, case.kind, case.partner_id, case.state
            ))
        }
        CasesCommand::List {
            partner,
            state,
            acting,
            json,
        } => {
            let actor = actor(app, acting.as_deref()).await?;
            let partner = partner.as_deref().map(parse_mpn_id).transpose()?;
            let state = state.as_deref().map(cases::parse_state).transpose()?;
            let list = cases::list(app, &actor, partner, state).await?;
            if json {
                return output::json(&list);
            }
            output::text(&list_text(&list))
        }
        CasesCommand::Show { id, acting, json } => {
            let actor = actor(app, acting.as_deref()).await?;
            let view = cases::show(app, &actor, id).await?;
            if json {
                return output::json(&view);
            }
            output::text(&show_text(&view))
        }
        CasesCommand::Comment {
            id,
            body,
            acting,
            json,
        } => {
            let actor = actor(app, acting.as_deref()).await?;
            let comment = cases::comment(app, &actor, id, &body).await?;
            if json {
                return output::json(&comment);
            }
            output::text(&format!("comment {} added to case {id}\n", comment.id))
        }
        CasesCommand::Resolve {
            id,
            points,
            message,
            acting,
            json,
        } => {
            let points = points
                .as_deref()
                .map(|p| {
                    KpiPoints::parse(p).map_err(|_| {
                        AppError::invalid("points", format!("{p:?} is not a number of points"))
                    })
                })
                .transpose()?;
            let decision = Decision {
                state: CaseState::Resolved,
                message,
                points,
            };
            decide(app, acting.as_deref(), id, decision, json).await
        }
        CasesCommand::Reject {
            id,
            message,
            acting,
            json,
        } => {
            let decision = Decision {
                state: CaseState::Rejected,
                message: Some(message),
                points: None,
            };
            decide(app, acting.as_deref(), id, decision, json).await
        }
        CasesCommand::Wait {
            id,
            message,
            acting,
            json,
        } => {
            let decision = Decision {
                state: CaseState::WaitingOnPartner,
                message: Some(message),
                points: None,
            };
            decide(app, acting.as_deref(), id, decision, json).await
        }
    }
}

async fn decide(
    app: &App,
    acting: Option<&str>,
    id: i64,
    decision: Decision,
    json: bool,
) -> Result<(), Failure> {
    let actor = actor(app, acting).await?;
    let decided = cases::decide(app, &actor, id, decision).await?;
    if json {
        return output::json(&decided);
    }
    output::text(&decided_text(&decided))
}

fn decided_text(d: &Decided) -> String {
    let mut out = format!("case {} is now {}", d.case.id, d.case.state);
    if let Some(m) = &d.case.decision_message {
        out.push_str(&format!(": {m}"));
    }
    out.push('\n');
    if let Some(a) = &d.adjustment {
        out.push_str(&format!(
            "KPI adjustment {}: {} points, {} units, {} {} for invoice {} ({}-{:02}), included in the next publication (R22)\n",
            a.id,
            a.kpi,
            a.purchase_units,
            a.revenue.to_decimal(),
            a.revenue.currency.code(),
            a.invoice_number,
            a.year,
            a.month
        ));
    }
    if let Some(on) = d.marketplace_access_on {
        out.push_str(&format!(
            "Courseware Marketplace access granted from {on} (R5)\n"
        ));
    }
    out
}

fn list_text(list: &[SupportCase]) -> String {
    if list.is_empty() {
        return "no cases\n".to_owned();
    }
    let mut out = format!(
        "{:>6} {:<10} {:<22} {:<19} {}\n",
        "Case", "Partner", "Kind", "State", "Opened by"
    );
    for c in list {
        out.push_str(&format!(
            "{:>6} {:<10} {:<22} {:<19} {}\n",
            c.id, c.partner_id, c.kind, c.state, c.opened_by
        ));
    }
    out
}

fn show_text(v: &CaseView) -> String {
    let c = &v.case;
    let mut out = format!(
        "Case {}: {} for partner {}, {}\nOpened by {} at {}\n",
        c.id, c.kind, c.partner_id, c.state, c.opened_by, c.opened_at
    );
    if let Some(fields) = c.details.as_object() {
        for (k, value) in fields {
            let shown = value
                .as_str()
                .map_or_else(|| value.to_string(), str::to_owned);
            out.push_str(&format!("  {k}: {shown}\n"));
        }
    }
    if let (Some(by), Some(at)) = (&c.decided_by, c.decided_at) {
        out.push_str(&format!(
            "Decided by {by} at {at}: {}\n",
            c.decision_message.as_deref().unwrap_or("")
        ));
    }
    if let Some(e) = &v.evidence {
        out.push_str("Stored invoice lines:\n");
        if e.invoice_lines.is_empty() {
            out.push_str("  (none stored under this invoice number)\n");
        }
        for l in &e.invoice_lines {
            out.push_str(&format!(
                "  {} line {}: {} {} x {} = {} points, {} ({})\n",
                l.document_number,
                l.line_number,
                l.document_date,
                l.omlp_type,
                l.purchase_units,
                l.kpi,
                l.revenue,
                l.product_sku
            ));
        }
        match e.published_on {
            Some(on) => out.push_str(&format!("Published rows (report of {on}):\n")),
            None => out.push_str("Published rows: no report published yet\n"),
        }
        for r in &e.published_rows {
            out.push_str(&format!(
                "  {} {} line {}: {}-{:02} {} x {} = {} points, {}{}\n",
                r.document_type,
                r.document_number,
                r.line_number,
                r.year,
                r.month,
                r.omlp_type,
                r.purchase_units,
                r.kpi,
                r.revenue,
                if r.late { " (late)" } else { "" }
            ));
        }
        if let Some(p) = &e.proposed_adjustment {
            out.push_str(&format!(
                "Resolving without --points adds: {} points, {} units, {} {}\n",
                p.kpi_value, p.purchase_units, p.revenue_value, p.currency
            ));
        }
    }
    if let Some(a) = &v.adjustment {
        out.push_str(&format!(
            "Adjustment {}: {} points{}\n",
            a.id,
            a.kpi,
            a.published_on
                .map(|d| format!(", first published on {d}"))
                .unwrap_or_else(|| ", not published yet".to_owned())
        ));
    }
    if !v.comments.is_empty() {
        out.push_str("Comments:\n");
        for m in &v.comments {
            out.push_str(&format!("  [{}] {}: {}\n", m.at, m.author, m.body));
        }
    }
    out
}
