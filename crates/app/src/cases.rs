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
//! Who: a user of the partner (any role, R1: "other users may read") or the local command line
//! opens and comments; support agents and operators ([`Action::HandleCases`]) comment and
//! decide. A case another partner's user asks for is "not found", never "forbidden", so that
//! its existence does not leak.

use std::collections::BTreeMap;

use lpc_domain::access::Action;
use lpc_domain::invoice::DocumentType;
use lpc_domain::points::{Currency, KpiPoints, Money};
use lpc_domain::{CountryCode, Email, LearningOption, MpnId, PartnerName};
use lpc_store::{
    AuditDraft, CaseComment, CaseKind, CaseState, CaseStateChange, InvoiceLine, KpiAdjustment,
    MembershipStatus, NewCase, NewKpiAdjustment, PublishedRow, SupportCase,
};
use serde::Serialize;
use serde_json::{Value, json};

use crate::{Actor, App, AppError, mail};

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

/// The refusal of a case's fields: every faulty field named at once, in `field`, and each
/// reason in `message`.
fn refuse(intro: &str, problems: Vec<(String, String)>) -> AppError {
    let fields: Vec<&str> = problems.iter().map(|(f, _)| f.as_str()).collect();
    let reasons: Vec<String> = problems.iter().map(|(f, m)| format!("{f} {m}")).collect();
    AppError::Invalid {
        field: fields.join(", "),
        message: format!("{intro}: {}", reasons.join("; ")),
    }
}

/// Fields the kind does not have, as problems.
fn unknown_fields(
    fields: &BTreeMap<String, String>,
    known: &[&str],
    kind: CaseKind,
) -> Vec<(String, String)> {
    fields
        .keys()
        .filter(|k| !known.contains(&k.as_str()))
        .map(|k| {
            (
                k.clone(),
                format!(
                    "is not a field of a {kind} case (its fields: {})",
                    known.join(", ")
                ),
            )
        })
        .collect()
}

/// A `kpi_discrepancy` case's fields, checked (R13, R21, R22).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Discrepancy {
    pub month: i8,
    pub year: i16,
    pub omlp_type: String,
    pub purchase_units: i64,
    pub invoice_number: String,
    pub kpi_value: KpiPoints,
    pub revenue_value: Money,
    pub evidence_document_type: DocumentType,
}

impl Discrepancy {
    /// The case's stored details: numbers as JSON numbers, the revenue as a decimal string
    /// with its currency (like the `kpi report` rows).
    fn details(&self) -> Value {
        json!({
            "month": self.month,
            "year": self.year,
            "omlp_type": self.omlp_type,
            "purchase_units": self.purchase_units,
            "invoice_number": self.invoice_number,
            "kpi_value": self.kpi_value,
            "revenue_value": self.revenue_value.to_decimal(),
            "currency": self.revenue_value.currency.code(),
            "evidence_document_type": self.evidence_document_type,
        })
    }

    /// Reads back what [`Discrepancy::details`] stored.
    pub fn from_details(details: &Value) -> Result<Self, AppError> {
        let corrupt =
            |what: &str| AppError::Internal(format!("stored discrepancy case details: bad {what}"));
        let text = |k: &str| details[k].as_str().ok_or_else(|| corrupt(k));
        let int = |k: &str| details[k].as_i64().ok_or_else(|| corrupt(k));
        let currency = Currency::parse(text("currency")?).map_err(|_| corrupt("currency"))?;
        let kpi_value = match &details["kpi_value"] {
            Value::Number(n) => KpiPoints::parse(&n.to_string()),
            Value::String(s) => KpiPoints::parse(s),
            _ => return Err(corrupt("kpi_value")),
        }
        .map_err(|_| corrupt("kpi_value"))?;
        Ok(Self {
            month: i8::try_from(int("month")?).map_err(|_| corrupt("month"))?,
            year: i16::try_from(int("year")?).map_err(|_| corrupt("year"))?,
            omlp_type: text("omlp_type")?.to_owned(),
            purchase_units: int("purchase_units")?,
            invoice_number: text("invoice_number")?.to_owned(),
            kpi_value,
            revenue_value: Money::parse_decimal(text("revenue_value")?, currency)
                .map_err(|_| corrupt("revenue_value"))?,
            evidence_document_type: DocumentType::from_stored(text("evidence_document_type")?)
                .map_err(|_| corrupt("evidence_document_type"))?,
        })
    }
}

/// Checks a discrepancy's fields; every missing or faulty one is named in one refusal.
fn check_discrepancy(
    app: &App,
    fields: &BTreeMap<String, String>,
) -> Result<Discrepancy, AppError> {
    let mut problems = unknown_fields(fields, DISCREPANCY_FIELDS, CaseKind::KpiDiscrepancy);
    let mut get = |name: &str| match fields.get(name).map(|v| v.trim()) {
        Some(v) if !v.is_empty() => Some(v.to_owned()),
        _ => {
            problems.push((name.to_owned(), "is missing".to_owned()));
            None
        }
    };
    let (month, year, omlp_type, units, invoice, kpi, revenue, currency, evidence) = (
        get("month"),
        get("year"),
        get("omlp_type"),
        get("purchase_units"),
        get("invoice_number"),
        get("kpi_value"),
        get("revenue_value"),
        get("currency"),
        get("evidence_document_type"),
    );
    let mut bad = |field: &str, message: String| problems.push((field.to_owned(), message));
    let today = app.clock().today();
    let month = month.and_then(|m| match m.parse::<i8>() {
        Ok(n) if (1..=12).contains(&n) => Some(n),
        _ => {
            bad("month", format!("{m:?} must be a month number, 1 to 12"));
            None
        }
    });
    let year = year.and_then(|y| match y.parse::<i16>() {
        Ok(n) if (2000..=today.year()).contains(&n) => Some(n),
        _ => {
            bad(
                "year",
                format!("{y:?} must be a year from 2000 to {}", today.year()),
            );
            None
        }
    });
    if let (Some(y), Some(m)) = (year, month)
        && (y, m) > (today.year(), today.month())
    {
        bad("month", format!("{y}-{m:02} is after today's month"));
    }
    // R14: the OMLP type must be one of the rule set in force in that month (or today).
    let rules_date = match (year, month) {
        (Some(y), Some(m)) => jiff::civil::Date::new(y, m, 1).unwrap_or(today),
        _ => today,
    };
    if let Some(t) = &omlp_type {
        match app.rules().in_force_on(rules_date) {
            Some(rules) if rules.omlp_type(t).is_some() => {}
            Some(rules) => bad(
                "omlp_type",
                format!("{t:?} is not an OMLP type of rule set {} (R12)", rules.name),
            ),
            None => bad(
                "omlp_type",
                format!("no rule set is in force on {rules_date} (R14)"),
            ),
        }
    }
    let units = units.and_then(|u| match u.parse::<i64>() {
        Ok(n) => Some(n),
        Err(_) => {
            bad("purchase_units", format!("{u:?} must be a whole number"));
            None
        }
    });
    if let Some(i) = &invoice
        && i.chars().count() > 64
    {
        bad("invoice_number", "must have 1 to 64 characters".to_owned());
    }
    let kpi = kpi.and_then(|k| match KpiPoints::parse(&k) {
        Ok(p) => Some(p),
        Err(_) => {
            bad(
                "kpi_value",
                format!("{k:?} must be a decimal number of points (at most 3 decimals)"),
            );
            None
        }
    });
    let currency = currency.and_then(|c| match Currency::parse(&c) {
        Ok(c) => Some(c),
        Err(e) => {
            bad("currency", format!("{c:?}: {e}"));
            None
        }
    });
    let revenue = match (revenue, currency) {
        (Some(r), Some(c)) => match Money::parse_decimal(&r, c) {
            Ok(m) => Some(m),
            Err(e) => {
                bad("revenue_value", format!("{r:?}: {e}"));
                None
            }
        },
        _ => None,
    };
    // R13, R22: only an actual invoice is evidence.
    let evidence = evidence.and_then(|e| match e.as_str() {
        "invoice" => Some(DocumentType::Invoice),
        "order_confirmation" | "partner_report" => {
            bad(
                "evidence_document_type",
                format!(
                    "R13: only an actual invoice is accepted as evidence (R22); {} is not an \
                     invoice",
                    e.replace('_', " ")
                ),
            );
            None
        }
        other => {
            bad(
                "evidence_document_type",
                format!("{other:?} must be invoice (R13, R22)"),
            );
            None
        }
    });
    match (
        month, year, omlp_type, units, invoice, kpi, revenue, evidence,
    ) {
        (
            Some(month),
            Some(year),
            Some(omlp_type),
            Some(purchase_units),
            Some(invoice_number),
            Some(kpi_value),
            Some(revenue_value),
            Some(evidence_document_type),
        ) if problems.is_empty() => Ok(Discrepancy {
            month,
            year,
            omlp_type,
            purchase_units,
            invoice_number,
            kpi_value,
            revenue_value,
            evidence_document_type,
        }),
        _ => Err(refuse(
            "R22: a KPI discrepancy case gives the seven fields of the dashboard row (R21) and an \
             actual invoice as evidence (R13)",
            problems,
        )),
    }
}

/// R22: the month a discrepancy names must be in the report the partner sees (the latest
/// publication's period), or the agent could not compare it and an adjustment would count
/// twice once the line is published (R18).
async fn check_in_report(app: &App, partner: MpnId, d: &Discrepancy) -> Result<(), AppError> {
    let today = app.clock().today();
    let Some(publication) = app.store().latest_publication(today).await? else {
        return Err(AppError::invalid(
            "month",
            format!(
                "R17: no KPI report is published yet, so partner {partner}'s dashboard has no row \
                 to dispute"
            ),
        ));
    };
    let month = lpc_domain::calendar::YearMonth::new(d.year, d.month)
        .map_err(|e| AppError::invalid("month", e))?;
    let period = publication.period;
    if month < period.from || month > period.to {
        return Err(AppError::invalid(
            "month",
            format!(
                "R18, R22: {month} is not in the report the dashboard shows (published on {}, \
                 covering {} to {}); a month is first shown on the 15th after it",
                publication.published_on, period.from, period.to
            ),
        ));
    }
    Ok(())
}

/// Checks a directory case's fields (R24, R27).
fn check_directory(fields: &BTreeMap<String, String>) -> Result<Value, AppError> {
    let mut problems = unknown_fields(fields, DIRECTORY_FIELDS, CaseKind::DirectoryMissing);
    let mut get = |name: &str| match fields.get(name).map(|v| v.trim()) {
        Some(v) if !v.is_empty() => Some(v.to_owned()),
        _ => {
            problems.push((name.to_owned(), "is missing".to_owned()));
            None
        }
    };
    let (name, country, url) = (get("name"), get("country"), get("landing_page_url"));
    let name = name.and_then(|n| match PartnerName::parse(&n) {
        Ok(n) => Some(n),
        Err(e) => {
            problems.push(("name".into(), e.to_string()));
            None
        }
    });
    let country = country.and_then(|c| match CountryCode::parse(&c) {
        Ok(c) => Some(c),
        Err(e) => {
            problems.push(("country".into(), e.to_string()));
            None
        }
    });
    let url = url.and_then(|u| match check_url(&u) {
        Ok(()) => Some(u),
        Err(e) => {
            problems.push(("landing_page_url".into(), e));
            None
        }
    });
    match (name, country, url) {
        (Some(name), Some(country), Some(url)) if problems.is_empty() => Ok(json!({
            "name": name.to_string(),
            "country": country.as_str(),
            "landing_page_url": url,
        })),
        _ => Err(refuse(
            "R27: a directory case gives the name to show, the country and the landing page URL",
            problems,
        )),
    }
}

/// R24, R25: the landing page is a web page: `http(s)://host...`, nothing else.
fn check_url(url: &str) -> Result<(), String> {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
        .ok_or_else(|| format!("{url:?} must be an http:// or https:// URL (R24)"))?;
    let host = rest.split(['/', '?', '#']).next().unwrap_or_default();
    let host = host.rsplit('@').next().unwrap_or_default();
    if host.is_empty()
        || url.chars().count() > 2_000
        || url.chars().any(|c| c.is_whitespace() || c.is_control())
        || !host
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '.' | '-' | ':' | '[' | ']'))
    {
        return Err(format!("{url:?} is not a valid web address (R24)"));
    }
    Ok(())
}

/// Refuses an actor who may not open or comment on the partner's cases as the partner: a
/// user of the partner (any role), the command line, or the program's own jobs.
fn authorize_as_partner(actor: &Actor, partner: MpnId) -> Result<(), AppError> {
    match actor {
        Actor::Local { .. } | Actor::Scheduler => Ok(()),
        Actor::User { grants, .. } if grants.iter().any(|g| g.partner() == Some(partner)) => Ok(()),
        Actor::User { .. } => Err(AppError::Denied(format!(
            "R22: support cases of partner {partner} are opened by its own users (any role); \
             support agents decide them"
        ))),
    }
}

/// The case if the actor may see it; "not found" otherwise, so that another partner's case
/// does not leak its existence.
async fn visible_case(app: &App, actor: &Actor, id: i64) -> Result<SupportCase, AppError> {
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

/// One case, for whoever may see it (its partner's users, support, operators); "not found"
/// otherwise.
pub async fn get(app: &App, actor: &Actor, id: i64) -> Result<SupportCase, AppError> {
    visible_case(app, actor, id).await
}

/// Opens a case (R5, R22, R27) for a user of the partner or the command line.
pub async fn open(app: &App, actor: &Actor, request: CaseRequest) -> Result<SupportCase, AppError> {
    open_with_file(app, actor, request, None).await
}

/// A file a partner gives a case: its name as sent and its content.
#[derive(Debug, Clone)]
pub struct GivenFile {
    pub name: String,
    pub content: Vec<u8>,
}

/// The largest attachment: as a proof of payment (R29), 5 MiB.
pub const MAX_ATTACHMENT_BYTES: usize = crate::payments::MAX_PROOF_BYTES;

/// Checks a file given with a case as proofs of payment are checked (R29): at most 5 MiB, not
/// empty, a PDF, PNG or JPEG by its content whatever its name says.
fn attachment_of(actor: &Actor, file: GivenFile) -> Result<lpc_store::NewCaseAttachment, AppError> {
    if file.content.len() > MAX_ATTACHMENT_BYTES {
        return Err(AppError::invalid(
            "attachment",
            format!(
                "the file is {} bytes; at most {MAX_ATTACHMENT_BYTES} bytes (5 MiB) are accepted",
                file.content.len()
            ),
        ));
    }
    if file.content.is_empty() {
        return Err(AppError::invalid("attachment", "the file is empty"));
    }
    let Some(content_type) = crate::payments::sniff_proof(&file.content) else {
        return Err(AppError::invalid(
            "attachment",
            "the invoice must be a PDF, PNG or JPEG file; its content is none of these, \
             whatever its name says",
        ));
    };
    Ok(lpc_store::NewCaseAttachment {
        file_name: crate::payments::clean_file_name(&file.name),
        content_type: content_type.to_owned(),
        content: file.content,
        uploaded_by: actor.audit_name(),
    })
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

/// R5: the partner's active Action Pack membership, the one named or the only one.
async fn action_pack_of(app: &App, partner: MpnId, named: Option<i64>) -> Result<i64, AppError> {
    let memberships = app.store().memberships_of(partner).await?;
    let active = memberships
        .iter()
        .filter(|m| m.option == LearningOption::ActionPack && m.status == MembershipStatus::Active);
    let found = match named {
        Some(id) => active.clone().find(|m| m.id == id),
        None => active.clone().next(),
    };
    found.map(|m| m.id).ok_or_else(|| {
        AppError::invalid(
            "membership_id",
            match named {
                Some(id) => format!(
                    "R5: membership {id} is not an active Action Pack membership of partner \
                     {partner}"
                ),
                None => format!(
                    "R5: partner {partner} holds no active Action Pack membership: the account \
                     profile is set up after buying the Action Pack"
                ),
            },
        )
    })
}

/// R5: opens the account-profile-setup case of an Action Pack membership just bought (the
/// enrollment or the payment confirmation calls this once the membership is active; the
/// partner's users, operators, support and the command line may). Idempotent: the membership's case, if one was
/// opened already, is returned as it is.
pub async fn open_account_profile_setup(
    app: &App,
    actor: &Actor,
    partner: MpnId,
    membership_id: i64,
) -> Result<SupportCase, AppError> {
    // Opened automatically by whoever completes the purchase: the partner's admin paying by
    // card, or an operator confirming a bank transfer (R29).
    if actor.authorize(Action::HandleCases).is_err() {
        authorize_as_partner(actor, partner)?;
    }
    let existing = app.store().cases(Some(partner), None).await?;
    if let Some(case) = existing
        .into_iter()
        .find(|c| c.kind == CaseKind::AccountProfileSetup && c.membership_id == Some(membership_id))
    {
        return Ok(case);
    }
    let details = json!({ "membership_id": membership_id });
    let new = NewCase {
        partner_id: partner,
        kind: CaseKind::AccountProfileSetup,
        opened_by: actor.audit_name(),
        details: details.clone(),
        membership_id: Some(membership_id),
        attachment: None,
    };
    let audit = AuditDraft::new(
        actor.audit_name(),
        "case.open",
        format!("partner:{partner}"),
        app.clock().now(),
        json!({ "kind": CaseKind::AccountProfileSetup, "details": details }),
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

/// An adjustment as [`proposed_adjustment`] computes it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ProposedAdjustment {
    pub year: i16,
    pub month: i8,
    pub omlp_type: String,
    pub invoice_number: String,
    pub purchase_units: i64,
    pub kpi_value: KpiPoints,
    pub revenue_value: String,
    pub currency: String,
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
    let case = visible_case(app, actor, id).await?;
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

fn to_proposed(a: &NewKpiAdjustment) -> ProposedAdjustment {
    ProposedAdjustment {
        year: a.year,
        month: a.month,
        omlp_type: a.omlp_type.clone(),
        invoice_number: a.invoice_number.clone(),
        purchase_units: a.purchase_units,
        kpi_value: a.kpi,
        revenue_value: a.revenue.to_decimal(),
        currency: a.revenue.currency.code().to_owned(),
    }
}

/// What the partner's dashboard already counts for one invoice number.
struct Counted {
    published_on: Option<jiff::civil::Date>,
    /// The invoice's rows (its number) and its adjustments' rows in the latest publication.
    rows: Vec<PublishedRow>,
    /// Those rows plus the adjustments for it that no publication has included yet.
    units: i64,
    kpi: KpiPoints,
    /// Revenue per currency.
    revenue: BTreeMap<String, i64>,
}

/// Sums what counts for `invoice_number` today: in the latest publication on or before today,
/// the rows with that invoice number and the adjustment rows of cases about it; plus the
/// accepted adjustments for it that the next publication will add.
async fn counted_for(app: &App, partner: MpnId, invoice_number: &str) -> Result<Counted, AppError> {
    let adjustments = app.store().kpi_adjustments(Some(partner), false).await?;
    let of_invoice = |document: &str| {
        adjustments
            .iter()
            .any(|a| a.invoice_number == invoice_number && format!("ADJ-{}", a.case_id) == document)
    };
    let mut counted = Counted {
        published_on: None,
        rows: Vec::new(),
        units: 0,
        kpi: KpiPoints::ZERO,
        revenue: BTreeMap::new(),
    };
    if let Some(p) = app.store().latest_publication(app.clock().today()).await? {
        counted.published_on = Some(p.published_on);
        counted.rows = app
            .store()
            .published_rows(p.published_on, partner)
            .await?
            .into_iter()
            .filter(|r| match r.document_type {
                DocumentType::Adjustment => of_invoice(&r.document_number),
                DocumentType::Invoice | DocumentType::CreditNote => {
                    r.document_number == invoice_number
                }
            })
            .collect();
    }
    let pending = adjustments
        .iter()
        .filter(|a| a.published_on.is_none() && a.invoice_number == invoice_number);
    for (units, kpi, revenue) in counted
        .rows
        .iter()
        .map(|r| (r.purchase_units, r.kpi, r.revenue))
        .chain(pending.map(|a| (a.purchase_units, a.kpi, a.revenue)))
    {
        counted.units += units;
        counted.kpi += kpi;
        *counted
            .revenue
            .entry(revenue.currency.code().to_owned())
            .or_default() += revenue.minor;
    }
    Ok(counted)
}

/// R22: the adjustment accepting a discrepancy adds: the partner's claim less what the
/// dashboard already counts for that invoice number (units, points, revenue in the claim's
/// currency); `points` (the agent's grant) replaces the computed points.
fn proposal(
    d: &Discrepancy,
    counted: &Counted,
    points: Option<KpiPoints>,
    today: jiff::civil::Date,
) -> NewKpiAdjustment {
    let currency = d.revenue_value.currency;
    let counted_revenue = counted
        .revenue
        .get(currency.code())
        .copied()
        .unwrap_or_default();
    NewKpiAdjustment {
        year: d.year,
        month: d.month,
        omlp_type: d.omlp_type.clone(),
        invoice_number: d.invoice_number.clone(),
        purchase_units: d.purchase_units - counted.units,
        kpi: points.unwrap_or_else(|| {
            KpiPoints::from_thousandths(d.kpi_value.thousandths() - counted.kpi.thousandths())
        }),
        revenue: Money::new(d.revenue_value.minor - counted_revenue, currency),
        created_on: today,
    }
}

/// The adjustment accepting the discrepancy case `id` would add without `points`: see
/// [`proposal`]. Support only.
pub async fn proposed_adjustment(
    app: &App,
    actor: &Actor,
    id: i64,
) -> Result<ProposedAdjustment, AppError> {
    actor.authorize(Action::HandleCases)?;
    let case = visible_case(app, actor, id).await?;
    if case.kind != CaseKind::KpiDiscrepancy {
        return Err(AppError::invalid(
            "id",
            format!("case {id} is a {} case, not a kpi_discrepancy", case.kind),
        ));
    }
    let d = Discrepancy::from_details(&case.details)?;
    let counted = counted_for(app, case.partner_id, &d.invoice_number).await?;
    Ok(to_proposed(&proposal(
        &d,
        &counted,
        None,
        app.clock().today(),
    )))
}

/// Adds a comment: by a user of the case's partner, the command line, or support. Decided
/// cases take no more comments (a new case can be opened).
pub async fn comment(
    app: &App,
    actor: &Actor,
    id: i64,
    body: &str,
) -> Result<CaseComment, AppError> {
    let case = visible_case(app, actor, id).await?;
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

/// Adds a file to an open case (R13: the invoice the agent asked for): a user of the case's
/// partner or the command line. Decided cases take no more files.
pub async fn attach(
    app: &App,
    actor: &Actor,
    id: i64,
    file: GivenFile,
) -> Result<lpc_store::CaseAttachment, AppError> {
    let case = visible_case(app, actor, id).await?;
    authorize_as_partner(actor, case.partner_id)?;
    if case.kind != CaseKind::KpiDiscrepancy {
        return Err(AppError::invalid(
            "attachment",
            format!("a {} case takes no file", case.kind),
        ));
    }
    if case.state.is_final() {
        return Err(AppError::Conflict(format!(
            "case {id} is already {}: it takes no more files; open a new case",
            case.state
        )));
    }
    let attachment = attachment_of(actor, file)?;
    let audit = AuditDraft::new(
        actor.audit_name(),
        "case.attach",
        format!("case:{id}"),
        app.clock().now(),
        json!({
            "partner_id": case.partner_id,
            "file_name": attachment.file_name,
            "content_type": attachment.content_type,
            "size_bytes": attachment.content.len(),
        }),
    );
    Ok(app
        .store()
        .add_case_attachment(id, &attachment, &audit)
        .await?)
}

/// One attachment of case `case_id` with its content, for whoever may see the case (its
/// partner's users, support, operators). Another case's attachment is "not found".
pub async fn attachment_content(
    app: &App,
    actor: &Actor,
    case_id: i64,
    attachment_id: i64,
) -> Result<(lpc_store::CaseAttachment, Vec<u8>), AppError> {
    visible_case(app, actor, case_id).await?;
    app.store()
        .case_attachment_content(attachment_id)
        .await?
        .filter(|(meta, _)| meta.case_id == case_id)
        .ok_or_else(|| {
            AppError::NotFound(format!("case {case_id} has no attachment {attachment_id}"))
        })
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
    let case = visible_case(app, actor, id).await?;
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
