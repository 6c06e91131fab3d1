//! The operators' view of the whole program (issue 7): the overview's figures, the renewal
//! outcome predicted for anniversaries to come (R15, R19, R23, R28, R29), partner search and
//! a partner's file with its audit trail.
//!
//! Counting is the database's job (`Store::program_counts` and friends, one `GROUP BY`
//! each), so that the overview stays fast with a hundred thousand partners; only the page of
//! anniversaries shown is judged one by one.

use std::collections::BTreeMap;

use jiff::ToSpan;
use jiff::civil::Date;
use lpc_domain::MpnId;
use lpc_domain::access::Action;
use lpc_domain::calendar::{self, DateWindow};
use lpc_domain::eligibility::Eligibility;
use lpc_store::program_stats::{AnniversaryCounts, AuditTrailFilter, PartnerQuery, ProgramCounts};
use lpc_store::{
    AuditEvent, CaseKind, ExamPass, ImportRecord, Membership, Order, Partner, Publication,
    SupportCase, Trainer,
};
use serde::Serialize;

use crate::publications::KpiReport;
use crate::renewals::Outcome;
use crate::{Actor, App, AppError};

/// Partners a search page shows.
pub const PARTNERS_PER_PAGE: u32 = 50;
/// Anniversaries a page of the overview judges and shows.
pub const ANNIVERSARIES_PER_PAGE: u32 = 25;
/// Audit events a page of a partner's trail shows.
pub const AUDIT_EVENTS_PER_PAGE: u32 = 50;
/// The ages of open cases, in days: 0-2, 3-7, 8-30, more than 30.
pub const CASE_AGE_LIMITS: [i64; 3] = [2, 7, 30];

/// The state of the monthly publication (R17, R18).
#[derive(Debug, Clone, Serialize)]
pub struct PublicationStatus {
    /// The latest publication on or before today.
    pub last: Option<Publication>,
    /// The next 15th to publish: the latest 15th when it is not published yet (due now),
    /// else the next one.
    pub next_due: Date,
    /// Whether `next_due` is today or already past (the scheduler or an operator should run
    /// it).
    pub due_now: bool,
    /// Invoice lines of registered partners dated in months already published that no
    /// publication includes: the next publication shows them, marked late.
    pub late_lines: u64,
}

/// Undecided cases of one kind by age.
#[derive(Debug, Clone, Serialize)]
pub struct CaseAges {
    pub kind: CaseKind,
    /// Counts for 0-2, 3-7, 8-30 and more than 30 days ([`CASE_AGE_LIMITS`]).
    pub by_age: [u64; 4],
}

/// Everything the overview shows except the page of anniversaries.
#[derive(Debug, Clone, Serialize)]
pub struct Overview {
    pub today: Date,
    pub counts: ProgramCounts,
    pub anniversaries: AnniversaryCounts,
    pub publication: PublicationStatus,
    /// The latest imports of the console's history, newest first.
    pub imports: Vec<ImportRecord>,
    /// The latest `invoices.import` audit events, newest first (imports from the CLI too).
    pub import_events: Vec<AuditEvent>,
    /// Per kind (every kind, in declaration order).
    pub open_cases: Vec<CaseAges>,
}

/// The program overview (operators only).
pub async fn overview(app: &App, actor: &Actor) -> Result<Overview, AppError> {
    actor.authorize(Action::OperateProgram)?;
    let store = app.store();
    let today = app.clock().today();
    let counts = store.program_counts().await?;
    let anniversaries = store.anniversary_counts(today).await?;
    let publication = publication_status(app, today).await?;
    let imports = store.import_history(5).await?;
    let import_events = store
        .audit_trail(&AuditTrailFilter::Action("invoices.import".into()), None, 5)
        .await?;
    let mut ages: BTreeMap<usize, [u64; 4]> = BTreeMap::new();
    for day in &counts.open_cases {
        let index = CaseKind::ALL
            .iter()
            .position(|k| *k == day.kind)
            .unwrap_or_default();
        let age = i64::from((today - day.opened_on).get_days());
        let bucket = CASE_AGE_LIMITS
            .iter()
            .position(|limit| age <= *limit)
            .unwrap_or(CASE_AGE_LIMITS.len());
        ages.entry(index).or_default()[bucket] += day.cases;
    }
    let open_cases = CaseKind::ALL
        .iter()
        .enumerate()
        .map(|(i, kind)| CaseAges {
            kind: *kind,
            by_age: ages.get(&i).copied().unwrap_or_default(),
        })
        .collect();
    Ok(Overview {
        today,
        counts,
        anniversaries,
        publication,
        imports,
        import_events,
        open_cases,
    })
}

async fn publication_status(app: &App, today: Date) -> Result<PublicationStatus, AppError> {
    let store = app.store();
    let last = store.latest_publication(today).await?;
    let latest_15th = calendar::publication_on_or_before(today);
    let due_now = last.as_ref().is_none_or(|p| p.published_on < latest_15th);
    let next_due = if due_now {
        latest_15th
    } else {
        latest_15th
            .checked_add(1.month())
            .map_err(|e| AppError::Internal(e.to_string()))?
    };
    let late_lines = match (store.first_publication().await?, &last) {
        (Some(first), Some(last)) => {
            store
                .late_lines_waiting(first.period.from, last.period.to)
                .await?
        }
        _ => 0,
    };
    Ok(PublicationStatus {
        last,
        next_due,
        due_now,
        late_lines,
    })
}

/// A membership's anniversary to come and what the renewal run would decide on it.
#[derive(Debug, Clone, Serialize)]
pub struct Prediction {
    pub membership: Membership,
    pub partner_name: String,
    pub outcome: Outcome,
    /// The days on which it can be renewed (R28).
    pub renewal_window: DateWindow,
    /// Why, each sentence citing its rule.
    pub reasons: Vec<String>,
    /// The requirements not met with today's data (what the partner can still act on).
    pub unmet: Vec<lpc_domain::requirement::RequirementId>,
    /// The renewal order waiting for its bank transfer, if any (R29).
    pub pending_order: Option<i64>,
}

/// A page of anniversaries in the next `days` days (after today), soonest first, each with
/// its predicted outcome, and how many there are in all.
pub async fn upcoming_anniversaries(
    app: &App,
    actor: &Actor,
    days: i64,
    page: u64,
) -> Result<(Vec<Prediction>, u64), AppError> {
    actor.authorize(Action::OperateProgram)?;
    let today = app.clock().today();
    let counts = app.store().anniversary_counts(today).await?;
    let total = match days {
        ..=30 => counts.within_30,
        31..=60 => counts.within_60,
        _ => counts.within_90,
    };
    let days = days.clamp(1, 90);
    let memberships = app
        .store()
        .anniversaries_between(
            today.saturating_add(1.day()),
            today.saturating_add(days.days()),
            page.saturating_mul(u64::from(ANNIVERSARIES_PER_PAGE)),
            ANNIVERSARIES_PER_PAGE,
        )
        .await?;
    let mut names: BTreeMap<MpnId, String> = BTreeMap::new();
    let mut predictions = Vec::with_capacity(memberships.len());
    for membership in memberships {
        let partner = membership.partner_id;
        if let std::collections::btree_map::Entry::Vacant(entry) = names.entry(partner) {
            let name = app
                .store()
                .partner(partner)
                .await?
                .map_or_else(String::new, |p| p.name.as_str().to_owned());
            entry.insert(name);
        }
        let mut prediction = predict(app, actor, &membership).await?;
        prediction.partner_name = names.get(&partner).cloned().unwrap_or_default();
        predictions.push(prediction);
    }
    Ok((predictions, total))
}

/// What the renewal run (`crate::renewals`) would decide at the membership's anniversary if
/// nothing changed until then: the partner's renewal forecast ([`crate::renewal_forecast`]),
/// judged by the same code as the run, told the way the overview lists it.
pub async fn predict(
    app: &App,
    actor: &Actor,
    membership: &Membership,
) -> Result<Prediction, AppError> {
    let forecast = crate::renewal_forecast::of_membership(app, actor, membership).await?;
    let mut reasons: Vec<String> = forecast
        .requirements
        .iter()
        .map(|r| r.requirement.message.clone())
        .collect();
    if forecast.pending_order.is_some() {
        reasons.clear();
    }
    reasons.extend(forecast.reasons.iter().cloned());
    Ok(Prediction {
        membership: membership.clone(),
        partner_name: String::new(),
        outcome: forecast.outcome,
        renewal_window: forecast.renewal_window,
        reasons,
        unmet: forecast.unmet().map(|r| r.requirement.id).collect(),
        pending_order: forecast.pending_order,
    })
}

/// A page of partners found.
#[derive(Debug, Clone, Serialize)]
pub struct PartnerSearch {
    pub partners: Vec<Partner>,
    /// How many match in all.
    pub total: u64,
    /// From 0.
    pub page: u64,
    pub pages: u64,
}

/// Partners matching `query`, [`PARTNERS_PER_PAGE`] a page, by MPN ID (operators only).
pub async fn search_partners(
    app: &App,
    actor: &Actor,
    query: &PartnerQuery,
    page: u64,
) -> Result<PartnerSearch, AppError> {
    actor.authorize(Action::OperateProgram)?;
    let per_page = u64::from(PARTNERS_PER_PAGE);
    let (partners, total) = app
        .store()
        .search_partners(query, page.saturating_mul(per_page), PARTNERS_PER_PAGE)
        .await?;
    Ok(PartnerSearch {
        partners,
        total,
        page,
        pages: total.div_ceil(per_page).max(1),
    })
}

/// A membership as the partner's file shows it.
#[derive(Debug, Clone, Serialize)]
pub struct MembershipLine {
    pub membership: Membership,
    /// The days on which it can be renewed (R28).
    pub renewal_window: DateWindow,
    /// The day it lapses if not renewed (R28).
    pub lapses_on: Date,
}

/// Everything an operator sees about one partner.
#[derive(Debug, Clone, Serialize)]
pub struct PartnerFile {
    pub partner: Partner,
    pub memberships: Vec<MembershipLine>,
    pub orders: Vec<Order>,
    pub trainers: Vec<Trainer>,
    /// Active on the app's today (R4).
    pub active_trainers: u32,
    pub exam_passes: Vec<ExamPass>,
    pub report: KpiReport,
    pub eligibility: Eligibility,
    /// The date of the report the eligibility's KPI points come from.
    pub kpi_published_on: Option<Date>,
    pub cases: Vec<SupportCase>,
}

/// One partner's file (operators only); `NotFound` for an MPN ID not registered.
pub async fn partner_file(app: &App, actor: &Actor, mpn: MpnId) -> Result<PartnerFile, AppError> {
    actor.authorize(Action::OperateProgram)?;
    let partner = crate::partners::get(app, actor, mpn).await?;
    let today = app.clock().today();
    let memberships = app
        .store()
        .memberships_of(mpn)
        .await?
        .into_iter()
        .rev()
        .map(|m| MembershipLine {
            renewal_window: calendar::renewal_window(m.option, m.anniversary_date),
            lapses_on: calendar::lapses_on(m.anniversary_date),
            membership: m,
        })
        .collect();
    let trainers = crate::trainers::of_partner(app, actor, mpn).await?;
    let facts = crate::eligibility::facts(app, mpn).await?;
    let mut exam_passes = crate::exams::of_partner(app, actor, mpn).await?;
    exam_passes.reverse();
    Ok(PartnerFile {
        active_trainers: crate::trainers::active_count(&trainers, today),
        orders: crate::payments::orders_of(app, actor, mpn).await?,
        report: crate::publications::kpi_report(app, actor, mpn).await?,
        eligibility: crate::eligibility::of_partner(app, actor, mpn).await?,
        kpi_published_on: facts.kpi_published_on,
        cases: crate::cases::list(app, actor, Some(mpn), None).await?,
        partner,
        memberships,
        trainers,
        exam_passes,
    })
}

/// A page of the partner's audit trail: events about the partner, its users, memberships,
/// orders and cases, newest first, older than the event `before` (operators only).
pub async fn audit_trail(
    app: &App,
    actor: &Actor,
    mpn: MpnId,
    before: Option<i64>,
) -> Result<Vec<AuditEvent>, AppError> {
    actor.authorize(Action::OperateProgram)?;
    Ok(app
        .store()
        .audit_trail(
            &AuditTrailFilter::Partner(mpn),
            before,
            AUDIT_EVENTS_PER_PAGE,
        )
        .await?)
}
