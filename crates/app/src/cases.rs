//! Partner Frontline Support cases (R5, R13, R21, R22, R27): opened and discussed by the
//! partner's users, decided by support agents and operators.
//!
//! - `kpi_discrepancy` (R22): the seven fields of the dashboard row (R21) and the evidence, which
//!   must be an actual invoice (R13). Accepting it adds a KPI adjustment that the next
//!   publication includes (see [`proposed_adjustment`] for how its points are computed).
//! - `account_profile_setup` (R5): the second step of activating the Action Pack, opened by the
//!   enrollment when the Action Pack is bought ([`open_account_profile_setup`]); resolving it
//!   grants Courseware Marketplace access to the membership.
//! - `directory_missing` (R27): the name, country and landing page the directory should show.
//!
//! # Layout
//! - this file: opening, listing, showing, commenting and deciding;
//! - `fields`: what each kind's fields must be; `attachments`: the files given with a case;
//! - `adjustment`: the KPI adjustment of an accepted discrepancy (R22);
//! - `account_profile`: the Action Pack's account profile setup case (R5).
//!
//! Who: a user of the partner (any role, R1: "other users may read") or the local command line
//! opens and comments; support agents and operators ([`Action::HandleCases`]) comment and
//! decide. A case another partner's user asks for is "not found", never "forbidden", so that
//! its existence does not leak.

use std::collections::BTreeMap;

use lpc_domain::access::Action;
use lpc_domain::points::KpiPoints;
use lpc_domain::{Email, MpnId};
use lpc_store::{
    AuditDraft, CaseComment, CaseKind, CaseState, CaseStateChange, InvoiceLine, KpiAdjustment,
    NewCase, PublishedRow, SupportCase,
};
use serde::Serialize;
use serde_json::json;

use crate::{Actor, App, AppError, mail};

mod account_profile;
mod adjustment;
mod attachments;
mod fields;

use account_profile::action_pack_of;
pub use account_profile::open_account_profile_setup;
pub use adjustment::{ProposedAdjustment, proposed_adjustment};
use adjustment::{counted_for, proposal, to_proposed};
use attachments::attachment_of;
pub use attachments::{GivenFile, MAX_ATTACHMENT_BYTES, attach, attachment_content};
pub use fields::Discrepancy;
use fields::{check_directory, check_discrepancy, check_in_report, refuse, unknown_fields};

/// The fields of a `kpi_discrepancy` case: R21's seven (the currency goes with the revenue)
/// and the evidence document's type (R13).
pub const DISCREPANCY_FIELDS: &[&str] = &[
    "month",
    "year",
    "omlp_type",
    "purchase_units",
    "invoice_number",
    "kpi_value",
    "revenue_value",
    "currency",
    "evidence_document_type",
];

/// The fields of a `directory_missing` case (R24, R27).
pub const DIRECTORY_FIELDS: &[&str] = &["name", "country", "landing_page_url"];

/// The fields of an `account_profile_setup` case (R5): the Action Pack membership, optional
/// (the partner's active Action Pack when not given).
pub const ACCOUNT_PROFILE_FIELDS: &[&str] = &["membership_id"];

/// Longest comment or decision message, in characters.
const MAX_TEXT: usize = 4_000;

/// A case as asked for by an adapter: the kind and its fields as text (`--field k=v`, or a
/// JSON object's members).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseRequest {
    pub partner_id: MpnId,
    pub kind: CaseKind,
    pub fields: BTreeMap<String, String>,
}

/// A kind as the CLI or the API writes it: `kpi-discrepancy` or `kpi_discrepancy`.
pub fn parse_kind(text: &str) -> Result<CaseKind, AppError> {
    CaseKind::parse(&text.replace('-', "_")).ok_or_else(|| {
        AppError::invalid(
            "kind",
            format!(
                "{text:?} is not a case kind: kpi-discrepancy (R22), account-profile-setup (R5) \
                 or directory-missing (R27)"
            ),
        )
    })
}

/// A state as the CLI or the API writes it: `waiting-on-partner` or `waiting_on_partner`.
pub fn parse_state(text: &str) -> Result<CaseState, AppError> {
    CaseState::parse(&text.replace('-', "_")).ok_or_else(|| {
        AppError::invalid(
            "state",
            format!("{text:?} is not a case state: open, waiting_on_partner, resolved or rejected"),
        )
    })
}

/// Refuses an actor who may not open or comment on the partner's cases as the partner: a
/// user of the partner (any role), the command line, or the program's own jobs.
pub(super) fn authorize_as_partner(actor: &Actor, partner: MpnId) -> Result<(), AppError> {
    match actor {
        Actor::Local { .. } | Actor::Scheduler => Ok(()),
        Actor::User { grants, .. } if grants.iter().any(|g| g.partner() == Some(partner)) => Ok(()),
        Actor::User { .. } => Err(AppError::Denied(format!(
            "R22: support cases of partner {partner} are opened by its own users (any role); \
             support agents decide them"
        ))),
    }
}

/// One case, for whoever may see it (its partner's users, support, operators); "not found"
/// otherwise, so that another partner's case does not leak its existence.
pub async fn get(app: &App, actor: &Actor, id: i64) -> Result<SupportCase, AppError> {
    let not_found = || AppError::NotFound(format!("case {id} does not exist"));
    let case = app.store().case(id).await?.ok_or_else(not_found)?;
    if actor
        .authorize(Action::ReadPartner(case.partner_id))
        .is_err()
    {
        return Err(not_found());
    }
    Ok(case)
}

/// Opens a case (R5, R22, R27) for a user of the partner or the command line.
pub async fn open(app: &App, actor: &Actor, request: CaseRequest) -> Result<SupportCase, AppError> {
    open_with_file(app, actor, request, None).await
}

/// [`open`], with a file stored in the same transaction: the invoice of a KPI discrepancy
/// (R13). Other kinds take no file.
pub async fn open_with_file(
    app: &App,
    actor: &Actor,
    request: CaseRequest,
    file: Option<GivenFile>,
) -> Result<SupportCase, AppError> {
    let partner = request.partner_id;
    if file.is_some() && request.kind != CaseKind::KpiDiscrepancy {
        return Err(AppError::invalid(
            "attachment",
            format!("a {} case takes no file", request.kind),
        ));
    }
    let attachment = file.map(|f| attachment_of(actor, f)).transpose()?;
    authorize_as_partner(actor, partner)?;
    if app.store().partner(partner).await?.is_none() {
        return Err(AppError::NotFound(format!(
            "partner {partner} is not registered"
        )));
    }
    let (details, membership_id) = match request.kind {
        CaseKind::KpiDiscrepancy => {
            // R31: a discrepancy is about KPI rows an unverified organization does not see.
            crate::claims::check(app, actor, partner).await?;
            let d = check_discrepancy(app, &request.fields)?;
            check_in_report(app, partner, &d).await?;
            (d.details(), None)
        }
        CaseKind::DirectoryMissing => (check_directory(&request.fields)?, None),
        CaseKind::AccountProfileSetup => {
            let problems = unknown_fields(
                &request.fields,
                ACCOUNT_PROFILE_FIELDS,
                CaseKind::AccountProfileSetup,
            );
            if !problems.is_empty() {
                return Err(refuse("R5: an account profile setup case", problems));
            }
            let membership = match request.fields.get("membership_id") {
                Some(text) => Some(text.trim().parse::<i64>().map_err(|_| {
                    AppError::invalid("membership_id", format!("{text:?} must be a membership id"))
                })?),
                None => None,
            };
            let id = action_pack_of(app, partner, membership).await?;
            return open_account_profile_setup(app, actor, partner, id).await;
        }
    };
    let new = NewCase {
        partner_id: partner,
        kind: request.kind,
        opened_by: actor.audit_name(),
        details: details.clone(),
        membership_id,
        attachment,
    };
    let audit = AuditDraft::new(
        actor.audit_name(),
        "case.open",
        format!("partner:{partner}"),
        app.clock().now(),
        json!({ "kind": request.kind, "details": details }),
    );
    Ok(app.store().open_case(&new, &audit).await?)
}

/// The cases the actor may see: support agents and operators all of them (optionally of one
/// partner), a partner's user those of its own partners.
pub async fn list(
    app: &App,
    actor: &Actor,
    partner: Option<MpnId>,
    state: Option<CaseState>,
) -> Result<Vec<SupportCase>, AppError> {
    if actor.authorize(Action::HandleCases).is_ok() {
        return Ok(app.store().cases(partner, state).await?);
    }
    if let Some(p) = partner {
        actor.authorize(Action::ReadPartner(p))?;
        return Ok(app.store().cases(Some(p), state).await?);
    }
    let Actor::User { grants, .. } = actor else {
        return Ok(Vec::new());
    };
    let mut partners: Vec<MpnId> = grants.iter().filter_map(|g| g.partner()).collect();
    partners.sort();
    partners.dedup();
    let mut cases = Vec::new();
    for p in partners {
        cases.extend(app.store().cases(Some(p), state).await?);
    }
    cases.sort_by_key(|c| c.id);
    Ok(cases)
}

/// What an agent compares a discrepancy with (R22): the stored lines of the invoice, the
/// rows of the report the dashboard shows for it, and the adjustment accepting it would add.
#[derive(Debug, Clone, Serialize)]
pub struct DiscrepancyEvidence {
    pub invoice_lines: Vec<InvoiceLine>,
    /// The publication the rows come from; `None` before the first.
    pub published_on: Option<jiff::civil::Date>,
    /// The invoice's rows and the adjustments for it in that publication.
    pub published_rows: Vec<PublishedRow>,
    /// Adjustments accepted for the same invoice number.
    pub adjustments: Vec<KpiAdjustment>,
    /// What accepting the case without `points` adds; `None` once decided.
    pub proposed_adjustment: Option<ProposedAdjustment>,
}

/// One case with its discussion, for `lpc cases show` and `GET /api/v1/cases/{id}`.
#[derive(Debug, Clone, Serialize)]
pub struct CaseView {
    #[serde(flatten)]
    pub case: SupportCase,
    pub comments: Vec<CaseComment>,
    /// Only for `kpi_discrepancy` cases.
    pub evidence: Option<DiscrepancyEvidence>,
    /// The adjustment the case added, once accepted.
    pub adjustment: Option<KpiAdjustment>,
    /// The files given with the case (R13: a discrepancy's invoice), without their content.
    pub attachments: Vec<lpc_store::CaseAttachment>,
}

/// A case with its comments and, for a discrepancy, the evidence (partner users of its
/// partner and support; anyone else is told it does not exist).
pub async fn show(app: &App, actor: &Actor, id: i64) -> Result<CaseView, AppError> {
    let case = get(app, actor, id).await?;
    let comments = app.store().case_comments(id).await?;
    let all_adjustments = app
        .store()
        .kpi_adjustments(Some(case.partner_id), false)
        .await?;
    let adjustment = all_adjustments.iter().find(|a| a.case_id == id).cloned();
    let evidence = if case.kind == CaseKind::KpiDiscrepancy {
        let d = Discrepancy::from_details(&case.details)?;
        let counted = counted_for(app, case.partner_id, &d.invoice_number).await?;
        let proposed = if case.state.is_final() {
            None
        } else {
            Some(to_proposed(&proposal(
                &d,
                &counted,
                None,
                app.clock().today(),
            )))
        };
        Some(DiscrepancyEvidence {
            invoice_lines: app
                .store()
                .invoice_lines_of(case.partner_id, &d.invoice_number)
                .await?,
            published_on: counted.published_on,
            published_rows: counted.rows,
            adjustments: all_adjustments
                .into_iter()
                .filter(|a| a.invoice_number == d.invoice_number)
                .collect(),
            proposed_adjustment: proposed,
        })
    } else {
        None
    };
    Ok(CaseView {
        attachments: app.store().case_attachments(id).await?,
        case,
        comments,
        evidence,
        adjustment,
    })
}

/// Adds a comment: by a user of the case's partner, the command line, or support. Decided
/// cases take no more comments (a new case can be opened).
pub async fn comment(
    app: &App,
    actor: &Actor,
    id: i64,
    body: &str,
) -> Result<CaseComment, AppError> {
    let case = get(app, actor, id).await?;
    if actor.authorize(Action::HandleCases).is_err() {
        authorize_as_partner(actor, case.partner_id)?;
    }
    let body = body.trim();
    if body.is_empty() || body.chars().count() > MAX_TEXT {
        return Err(AppError::invalid(
            "body",
            format!("a comment has 1 to {MAX_TEXT} characters"),
        ));
    }
    if case.state.is_final() {
        return Err(AppError::Conflict(format!(
            "case {id} is already {}: it takes no more comments; open a new case",
            case.state
        )));
    }
    let audit = AuditDraft::new(
        actor.audit_name(),
        "case.comment",
        format!("case:{id}"),
        app.clock().now(),
        json!({ "partner_id": case.partner_id }),
    );
    Ok(app
        .store()
        .add_case_comment(id, &actor.audit_name(), body, &audit)
        .await?)
}

/// An agent's decision on a case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decision {
    /// `waiting_on_partner`, `resolved` or `rejected`.
    pub state: CaseState,
    /// To the partner: required to reject or to wait on the partner.
    pub message: Option<String>,
    /// Resolving a discrepancy: the KPI points granted, instead of the computed default.
    pub points: Option<KpiPoints>,
}

/// What a decision did.
#[derive(Debug, Clone, Serialize)]
pub struct Decided {
    #[serde(flatten)]
    pub case: SupportCase,
    /// The adjustment an accepted discrepancy added (R22), included by the next publication.
    pub adjustment: Option<KpiAdjustment>,
    /// The day marketplace access was granted from (R5).
    pub marketplace_access_on: Option<jiff::civil::Date>,
}

/// Decides a case (support agents and operators): asks the partner for something, rejects it
/// with a reason, or resolves it, which adds the discrepancy's KPI adjustment (R22) or grants
/// the membership's marketplace access (R5). A decided case keeps its decision (`Conflict`).
pub async fn decide(
    app: &App,
    actor: &Actor,
    id: i64,
    decision: Decision,
) -> Result<Decided, AppError> {
    actor.authorize(Action::HandleCases)?;
    let case = get(app, actor, id).await?;
    if case.state.is_final() {
        return Err(AppError::Conflict(format!(
            "case {id} is already {} (by {} on {}): its decision stands; nothing was changed",
            case.state,
            case.decided_by.as_deref().unwrap_or("?"),
            case.decided_at.map(|t| t.to_string()).unwrap_or_default()
        )));
    }
    let message = decision
        .message
        .as_deref()
        .map(str::trim)
        .filter(|m| !m.is_empty())
        .map(str::to_owned);
    if message
        .as_ref()
        .is_some_and(|m| m.chars().count() > MAX_TEXT)
    {
        return Err(AppError::invalid(
            "message",
            format!("a message has at most {MAX_TEXT} characters"),
        ));
    }
    if decision.points.is_some()
        && (decision.state != CaseState::Resolved || case.kind != CaseKind::KpiDiscrepancy)
    {
        return Err(AppError::invalid(
            "points",
            "R22: points are granted only when resolving a kpi_discrepancy case",
        ));
    }
    let today = app.clock().today();
    let mut change = CaseStateChange {
        state: decision.state,
        message: message.clone(),
        decided_by: actor.audit_name(),
        adjustment: None,
        grant_access: None,
    };
    match decision.state {
        CaseState::Open => {
            return Err(AppError::invalid(
                "state",
                "a decision sets waiting_on_partner, resolved or rejected",
            ));
        }
        CaseState::Rejected if message.is_none() => {
            return Err(AppError::invalid(
                "message",
                "R22: rejecting a case needs a message telling the partner why (e.g. \"R13: an \
                 order confirmation is not an invoice\")",
            ));
        }
        CaseState::WaitingOnPartner if message.is_none() => {
            return Err(AppError::invalid(
                "message",
                "waiting on the partner needs a message saying what the partner must send",
            ));
        }
        CaseState::Rejected | CaseState::WaitingOnPartner => {}
        CaseState::Resolved => match case.kind {
            CaseKind::KpiDiscrepancy => {
                let d = Discrepancy::from_details(&case.details)?;
                let counted = counted_for(app, case.partner_id, &d.invoice_number).await?;
                let adjustment = proposal(&d, &counted, decision.points, today);
                if change.message.is_none() {
                    change.message = Some(format!(
                        "R22: accepted; an adjustment of {} KPI points for invoice {} is included \
                         in the next publication",
                        adjustment.kpi, adjustment.invoice_number
                    ));
                }
                change.adjustment = Some(adjustment);
            }
            CaseKind::AccountProfileSetup => {
                let membership = action_pack_of(app, case.partner_id, case.membership_id).await?;
                change.grant_access = Some((membership, today));
                if change.message.is_none() {
                    change.message = Some(
                        "R5: account profile set up; Courseware Marketplace access granted"
                            .to_owned(),
                    );
                }
            }
            CaseKind::DirectoryMissing => {}
        },
    }
    let audit = AuditDraft::new(
        actor.audit_name(),
        "case.decide",
        format!("case:{id}"),
        app.clock().now(),
        json!({
            "partner_id": case.partner_id,
            "kind": case.kind,
            "state": change.state,
            "message": change.message,
            "adjustment": change.adjustment.as_ref().map(|a| json!({
                "invoice_number": a.invoice_number,
                "year": a.year,
                "month": a.month,
                "omlp_type": a.omlp_type,
                "purchase_units": a.purchase_units,
                "kpi_value": a.kpi,
                "revenue_value": a.revenue.to_decimal(),
                "currency": a.revenue.currency.code(),
            })),
            "grant_access": change.grant_access.map(|(m, on)| json!({ "membership_id": m, "on": on })),
        }),
    );
    let decided = app.store().set_case_state(id, &change, &audit).await?;
    let adjustment = if change.adjustment.is_some() {
        app.store()
            .kpi_adjustments(Some(decided.partner_id), false)
            .await?
            .into_iter()
            .find(|a| a.case_id == id)
    } else {
        None
    };
    notify(app, &decided).await;
    Ok(Decided {
        case: decided,
        adjustment,
        marketplace_access_on: change.grant_access.map(|(_, on)| on),
    })
}

/// Tells the user who opened the case about the decision, through the outbox; a mail that
/// cannot be queued is logged and never undoes the decision.
async fn notify(app: &App, case: &SupportCase) {
    let Some(to) = case
        .opened_by
        .strip_prefix("user:")
        .and_then(|e| Email::parse(e).ok())
    else {
        return;
    };
    let subject = format!("Support case {} is {}", case.id, case.state);
    let body = format!(
        "Your {} case {} is now {}.\n\n{}\n",
        case.kind,
        case.id,
        case.state,
        case.decision_message.as_deref().unwrap_or("")
    );
    // One mail per change of state (waiting on the partner may happen more than once).
    let key = format!(
        "case:{}:{}:{}",
        case.id,
        case.state,
        case.decided_at.map(|t| t.to_string()).unwrap_or_default()
    );
    if let Err(e) = mail::queue(app, &key, &to, &subject, &body).await {
        tracing::warn!(case = case.id, error = %e, "could not queue the case's mail");
    }
}
