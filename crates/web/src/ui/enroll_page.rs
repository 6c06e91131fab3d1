//! Enrolling in the browser (R1..R5, R8..R11, R28, R29): the options with their eligibility,
//! the checkout of one option (fee, R11 discount, guidelines acceptance, card or bank
//! transfer), the result, the order page with the proof upload, the Action Pack's activation
//! checklist (R5), and, for the overview, "what stands between the partner and the next tier".
//!
//! Routes (see [`super::routes`]):
//! - `GET /partner/{mpn}/enroll`: every option, every requirement, the recommendation (R10).
//! - `GET|POST /partner/{mpn}/enroll/{option}[?competency=C]`: the checkout, in
//!   [`super::enroll_checkout`].
//! - `GET /partner/{mpn}/orders/{id}` and `POST /partner/{mpn}/orders/{id}/proof` (multipart,
//!   CSRF token in the query, at most 5 MiB refused before it is read whole).
//!
//! Only the partner's own users see these pages; only its partner admins and account admins
//! may enroll or pay (R1), the others read them with an explanation. Program staff are not
//! partner users here: 404.

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use lpc_app::views::{CaseKind, CaseState, Membership, MembershipStatus};
use lpc_app::{Actor, App, AppError};
use lpc_domain::LearningOption;
use lpc_domain::eligibility::{Eligibility, Measure, OptionEligibility, Requirement};
use lpc_domain::requirement::RequirementId;
use lpc_domain::rules::RuleSet;

use super::context::{Ctx, render};
use super::extract::PartnerUser;
use super::i18n::Lang;

// ---------------------------------------------------------------------------------------------
// Views shared by the pages.

/// One requirement as a page shows it.
#[derive(Debug, Clone)]
pub struct ReqView {
    pub id: &'static str,
    pub rule: &'static str,
    pub met: bool,
    /// "3 of 4 MCTs", in the page's language.
    pub short: String,
    /// What it is about in more words (the exams counted, the report's date); may be empty.
    pub detail: String,
    /// Where the detail leads, when it names a document: the Performance Guidelines version
    /// to read before accepting it (R8). Empty: no link.
    pub detail_href: String,
    /// "Program rule R9": the rule id, kept in the "Why?" detail rather than the sentence.
    pub why: String,
    /// A `<progress>` bar: `value` of `max` (counts, or KPI thousandths); none for yes/no.
    pub has_bar: bool,
    pub value: i64,
    pub max: i64,
}

/// One option on the enroll page.
#[derive(Debug, Clone)]
pub struct OptionView {
    pub code: &'static str,
    pub name: String,
    pub eligible: bool,
    pub held: bool,
    pub recommended: bool,
    pub fee: String,
    pub upgrade: bool,
    pub requirements: Vec<ReqView>,
    pub href: String,
    /// The order awaiting payment for this option: its page, in place of the enroll call.
    pub pending_order_href: String,
}

/// A competency's silver and gold options.
#[derive(Debug, Clone)]
pub struct CompetencyGroup {
    pub id: String,
    pub name: String,
    pub options: Vec<OptionView>,
    /// Shown unfolded: an option held, met or recommended.
    pub open: bool,
}

impl CompetencyGroup {
    /// The best state of the group's options, for its folded summary.
    pub fn state_key(&self) -> &'static str {
        if self.options.iter().any(|o| o.held) {
            "badge-held"
        } else if self.options.iter().any(|o| o.eligible) {
            "badge-eligible"
        } else {
            "badge-not-eligible"
        }
    }
}

/// One step of the Action Pack's activation (R5).
#[derive(Debug, Clone)]
pub struct CheckStep {
    pub label: String,
    pub done: bool,
    pub state: String,
    pub link: String,
    pub link_label: String,
}

/// The next tier up from what the partner holds, for the overview.
#[derive(Debug, Clone)]
pub struct NextTier {
    pub heading: String,
    pub eligible: bool,
    /// "1,240 of 2,000 KPI points; 3 of 4 MCTs".
    pub summary: String,
    pub requirements: Vec<ReqView>,
    pub href: String,
    /// The unpaid order of this option, if any: its page replaces the enroll call.
    pub pending_order_href: String,
}

/// A line of the price: the fee, the R11 discount, the amount due.
#[derive(Debug, Clone)]
pub struct PriceLine {
    pub label: String,
    pub amount: String,
    pub total: bool,
}

// ---------------------------------------------------------------------------------------------
// Formatting.

pub(crate) fn option_name(
    ctx: &Ctx,
    rules: &RuleSet,
    option: LearningOption,
    competency: Option<&str>,
) -> String {
    let label = ctx.t(&format!("option-{}", option.as_str()));
    match competency {
        Some(c) => format!("{label} — {}", competency_name(ctx, rules, c)),
        None => label,
    }
}

/// A competency's name in the page's language (the rule set's when none is translated).
fn competency_name(ctx: &Ctx, rules: &RuleSet, id: &str) -> String {
    super::directory_public::competency_label(ctx, Some(rules), id)
}

/// KPI points (thousandths) in the page's language: `1,240`, `1.240,5`.
fn points(lang: Lang, thousandths: i64) -> String {
    let whole = lang.number(thousandths / 1000);
    let frac = (thousandths % 1000).unsigned_abs();
    if frac == 0 {
        return whole;
    }
    let decimal = if lang == Lang::It { ',' } else { '.' };
    let digits = format!("{frac:03}");
    format!("{whole}{decimal}{}", digits.trim_end_matches('0'))
}

pub(super) fn enroll_href(mpn: &str, option: LearningOption, competency: Option<&str>) -> String {
    match competency {
        Some(c) => {
            let q = serde_urlencoded::to_string([("competency", c)]).unwrap_or_default();
            format!("/partner/{mpn}/enroll/{}?{q}", option.as_str())
        }
        None => format!("/partner/{mpn}/enroll/{}", option.as_str()),
    }
}

/// A requirement in the page's language, from its measures (the domain's own sentence is
/// English). The console's partner file uses it too.
pub(crate) fn req_view(
    ctx: &Ctx,
    rules: &RuleSet,
    competency: Option<&str>,
    published_on: Option<jiff::civil::Date>,
    r: &Requirement,
) -> ReqView {
    let lang = ctx.lang;
    let count = |m: &Measure| match m {
        Measure::Count(n) => *n,
        Measure::Points(p) => p.thousandths(),
        Measure::Flag(f) => i64::from(*f),
    };
    let (actual, required) = (count(&r.actual), count(&r.required));
    let args = |a: String, b: String| vec![("actual", a), ("required", b)];
    let (short, mut detail, has_bar) = match r.id {
        RequirementId::MctCount => (
            ctx.t_args(
                "req-mct-short",
                &args(lang.number(actual), lang.number(required)),
            ),
            ctx.t("req-mct-detail"),
            true,
        ),
        RequirementId::ExamPasses => {
            let exams = competency
                .map(|c| rules.exams_for(c).join(", "))
                .unwrap_or_default();
            let name = competency
                .map(|c| competency_name(ctx, rules, c))
                .unwrap_or_default();
            (
                ctx.t_args(
                    "req-exams-short",
                    &args(lang.number(actual), lang.number(required)),
                ),
                ctx.t_args(
                    "req-exams-detail",
                    &[("competency", name), ("exams", exams)],
                ),
                true,
            )
        }
        RequirementId::KpiPoints => (
            ctx.t_args(
                "req-kpi-short",
                &args(points(lang, actual), points(lang, required)),
            ),
            match published_on {
                Some(d) => ctx.t_args("req-kpi-report", &[("date", lang.date(d))]),
                None => ctx.t("req-kpi-no-report"),
            },
            true,
        ),
        RequirementId::PerformanceCommitment => (
            ctx.t(if r.met {
                "req-commitment-met"
            } else {
                "req-commitment-unmet"
            }),
            ctx.t_args(
                "req-commitment-detail",
                &[("version", rules.guidelines_version.clone())],
            ),
            false,
        ),
        RequirementId::ActionPackSubscription => (ctx.t("req-subscription"), String::new(), false),
        RequirementId::FeePaid => (ctx.t("req-fee-paid"), String::new(), false),
    };
    if let Some(waiver) = &r.waived_by {
        detail = format!(
            "{detail} {}",
            ctx.t_args("req-waived", &[("waiver", waiver.clone())])
        );
    }
    ReqView {
        detail_href: if r.id == RequirementId::PerformanceCommitment {
            super::guidelines_page::href(&rules.guidelines_version)
        } else {
            String::new()
        },
        id: r.id.as_str(),
        rule: r.rule,
        met: r.met,
        short,
        detail,
        why: ctx.t_args("req-why-rule", &[("rule", r.rule.to_owned())]),
        has_bar,
        value: actual.clamp(0, required.max(0)),
        max: required.max(1),
    }
}

pub(super) fn req_views(
    ctx: &Ctx,
    rules: &RuleSet,
    published_on: Option<jiff::civil::Date>,
    o: &OptionEligibility,
) -> Vec<ReqView> {
    o.requirements
        .iter()
        .map(|r| req_view(ctx, rules, o.competency.as_deref(), published_on, r))
        .collect()
}

// ---------------------------------------------------------------------------------------------
// What the pages load.

/// Everything the enroll pages need about the partner today.
pub(crate) struct Loaded {
    pub(super) rules: RuleSet,
    pub(super) eligibility: Eligibility,
    pub(super) published_on: Option<jiff::civil::Date>,
    pub(super) memberships: Vec<Membership>,
    /// The partner's orders awaiting payment (issue 16: an option with one is not offered
    /// again; the page links to the order instead).
    pub(super) pending_orders: Vec<lpc_app::views::Order>,
}

impl Loaded {
    /// The order awaiting payment for this option, if any.
    pub(super) fn pending_order(
        &self,
        option: LearningOption,
        competency: Option<&str>,
    ) -> Option<&lpc_app::views::Order> {
        self.pending_orders
            .iter()
            .find(|o| o.option == option && o.competency.as_deref() == competency)
    }
}

pub(crate) async fn load(app: &App, pu: &PartnerUser) -> Result<Loaded, AppError> {
    let mpn = pu.partner.mpn_id;
    let eligibility = lpc_app::eligibility::of_partner(app, &pu.actor, mpn).await?;
    let facts = lpc_app::eligibility::facts(app, mpn).await?;
    let memberships = lpc_app::enrollment::memberships_of(app, &pu.actor, mpn).await?;
    let rules = app.rules_on(app.clock().today())?.clone();
    let pending_orders = lpc_app::payments::orders_of(app, &pu.actor, mpn)
        .await?
        .into_iter()
        .filter(|o| o.status == lpc_app::views::OrderStatus::PendingPayment)
        .collect();
    Ok(Loaded {
        rules,
        eligibility,
        published_on: facts.kpi_published_on,
        memberships,
        pending_orders,
    })
}

/// Whether the signed-in user belongs to the partner (program staff do not: they use the CLI
/// and the API, not the partner's pages).
pub(crate) fn is_partner_user(pu: &PartnerUser) -> bool {
    pu.user
        .grants
        .iter()
        .any(|g| g.partner() == Some(pu.partner.mpn_id))
}

/// R5: the Action Pack's activation steps for `membership` (the active LAP), `None` without
/// one.
pub(super) async fn lap_checklist(
    app: &App,
    actor: &Actor,
    ctx: &Ctx,
    mpn: &str,
    membership: Option<&Membership>,
    pending: bool,
) -> Result<Vec<CheckStep>, AppError> {
    let Some(partner) = membership.map(|m| m.partner_id) else {
        if !pending {
            return Ok(Vec::new());
        }
        // Bought by bank transfer, not confirmed yet: nothing done.
        return Ok(vec![
            step(ctx, "lap-step-buy", false, ctx.t("lap-step-buy-pending")),
            step(ctx, "lap-step-case", false, ctx.t("lap-step-case-none")),
            step(ctx, "lap-step-access", false, ctx.t("lap-step-access-no")),
        ]);
    };
    let membership = membership.ok_or_else(|| AppError::Internal("no membership".into()))?;
    let cases = lpc_app::cases::list(app, actor, Some(partner), None).await?;
    let case = cases
        .iter()
        .filter(|c| {
            c.kind == CaseKind::AccountProfileSetup && c.membership_id == Some(membership.id)
        })
        .max_by_key(|c| c.id);
    let mut steps = vec![step(
        ctx,
        "lap-step-buy",
        true,
        ctx.t_args(
            "lap-step-buy-done",
            &[("date", ctx.date(membership.started_on))],
        ),
    )];
    let mut case_step = match case {
        Some(c) if c.state == CaseState::Resolved => step(
            ctx,
            "lap-step-case",
            true,
            ctx.t_args("lap-step-case-resolved", &[("id", c.id.to_string())]),
        ),
        Some(c) => step(
            ctx,
            "lap-step-case",
            false,
            ctx.t_args(
                "lap-step-case-open",
                &[
                    ("id", c.id.to_string()),
                    (
                        "state",
                        ctx.t(&format!("enroll-case-state-{}", c.state.as_str())),
                    ),
                ],
            ),
        ),
        None => step(ctx, "lap-step-case", false, ctx.t("lap-step-case-none")),
    };
    if let Some(c) = case {
        case_step.link = format!("/partner/{mpn}/cases/{}", c.id);
        case_step.link_label = ctx.t_args("lap-step-case-link", &[("id", c.id.to_string())]);
    }
    steps.push(case_step);
    steps.push(match membership.marketplace_access_on {
        Some(d) => step(
            ctx,
            "lap-step-access",
            true,
            ctx.t_args("lap-step-access-yes", &[("date", ctx.date(d))]),
        ),
        None => step(ctx, "lap-step-access", false, ctx.t("lap-step-access-no")),
    });
    Ok(steps)
}

fn step(ctx: &Ctx, label_key: &str, done: bool, state: String) -> CheckStep {
    CheckStep {
        label: ctx.t(label_key),
        done,
        state,
        link: String::new(),
        link_label: String::new(),
    }
}

pub(super) fn active_lap(memberships: &[Membership]) -> Option<&Membership> {
    memberships
        .iter()
        .find(|m| m.option == LearningOption::ActionPack && m.status == MembershipStatus::Active)
}

// ---------------------------------------------------------------------------------------------
// GET /partner/{mpn}/enroll

#[derive(Debug, Template)]
#[template(path = "enroll.html")]
pub struct EnrollPage {
    pub ctx: Ctx,
    pub title: String,
    pub mpn: String,
    pub can_enroll: bool,
    pub recommended: String,
    pub rule_set: String,
    pub lap: Option<OptionView>,
    pub groups: Vec<CompetencyGroup>,
    pub checklist: Vec<CheckStep>,
}

fn option_view(ctx: &Ctx, loaded: &Loaded, mpn: &str, o: &OptionEligibility) -> OptionView {
    let pending = loaded.pending_order(o.option, o.competency.as_deref());
    let recommended = loaded
        .eligibility
        .recommended
        .as_ref()
        .is_some_and(|r| r.option == o.option && r.competency == o.competency)
        // R10 offers the highest option met; one the partner already holds, or has ordered
        // and not paid yet, is not an offer.
        && !o.held
        && pending.is_none();
    let upgrade = o.option == LearningOption::Gold
        && loaded.memberships.iter().any(|m| {
            m.status == MembershipStatus::Active
                && m.option == LearningOption::Silver
                && m.competency == o.competency
        });
    OptionView {
        code: o.option.as_str(),
        name: ctx.t(&format!("option-{}", o.option.as_str())),
        eligible: o.eligible,
        held: o.held,
        recommended,
        fee: ctx.money(o.fee),
        upgrade,
        requirements: req_views(ctx, &loaded.rules, loaded.published_on, o),
        href: enroll_href(mpn, o.option, o.competency.as_deref()),
        pending_order_href: pending
            .map(|order| format!("/partner/{mpn}/orders/{}", order.id))
            .unwrap_or_default(),
    }
}

/// `GET /partner/{mpn}/enroll`.
pub async fn options(pu: PartnerUser, State(app): State<App>) -> Response {
    let ctx = &pu.ctx;
    if !is_partner_user(&pu) {
        return ctx.not_found();
    }
    let loaded = match load(&app, &pu).await {
        Ok(l) => l,
        Err(e) => return ctx.fail(e),
    };
    let mpn = pu.partner.mpn_id.to_string();
    let lap = loaded
        .eligibility
        .option(LearningOption::ActionPack, None)
        .map(|o| option_view(ctx, &loaded, &mpn, o));
    let mut groups: Vec<CompetencyGroup> = Vec::new();
    for o in loaded
        .eligibility
        .options
        .iter()
        .filter(|o| o.option.has_competency())
    {
        let Some(c) = o.competency.clone() else {
            continue;
        };
        let view = option_view(ctx, &loaded, &mpn, o);
        match groups.iter_mut().find(|g| g.id == c) {
            Some(g) => g.options.push(view),
            None => groups.push(CompetencyGroup {
                name: competency_name(ctx, &loaded.rules, &c),
                id: c,
                options: vec![view],
                open: false,
            }),
        }
    }
    for g in &mut groups {
        g.open = g
            .options
            .iter()
            .any(|o| o.held || o.eligible || o.recommended);
    }
    let held = |r: &lpc_domain::eligibility::Recommendation| {
        loaded
            .eligibility
            .option(r.option, r.competency.as_deref())
            .is_some_and(|o| o.held)
    };
    let recommended = match &loaded.eligibility.recommended {
        Some(r) if held(r) => ctx.t_args(
            "enroll-recommended-held",
            &[(
                "option",
                option_name(ctx, &loaded.rules, r.option, r.competency.as_deref()),
            )],
        ),
        Some(r) => ctx.t_args(
            "enroll-recommended",
            &[(
                "option",
                option_name(ctx, &loaded.rules, r.option, r.competency.as_deref()),
            )],
        ),
        None => ctx.t("enroll-recommended-none"),
    };
    let checklist = match lap_checklist(
        &app,
        &pu.actor,
        ctx,
        &mpn,
        active_lap(&loaded.memberships),
        false,
    )
    .await
    {
        Ok(c) => c,
        Err(e) => return ctx.fail(e),
    };
    let page = EnrollPage {
        ctx: ctx.clone(),
        title: ctx.t("enroll-title"),
        mpn,
        can_enroll: pu.is_admin(),
        recommended,
        rule_set: ctx.t_args(
            "enroll-rule-set",
            &[
                ("name", loaded.eligibility.rule_set.name.clone()),
                ("date", ctx.date(loaded.eligibility.rule_set.effective_from)),
            ],
        ),
        lap,
        groups,
        checklist,
    };
    render(StatusCode::OK, &page)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn every_language_has_every_enroll_message() {
        let keys = |text: &str| -> Vec<String> {
            text.lines()
                .filter(|l| !l.starts_with('#'))
                .filter_map(|l| l.split_once(" = ").map(|(k, _)| k.to_owned()))
                .collect()
        };
        let en = keys(include_str!("../../../../locales/en/enroll.ftl"));
        for (code, text) in [
            ("ja", include_str!("../../../../locales/ja/enroll.ftl")),
            ("it", include_str!("../../../../locales/it/enroll.ftl")),
        ] {
            let theirs = keys(text);
            for key in &en {
                assert!(theirs.contains(key), "{key} is missing in {code}");
            }
        }
    }

    #[test]
    fn points_follow_the_locale() {
        assert_eq!(points(Lang::En, 1_240_000), "1,240");
        assert_eq!(points(Lang::It, 1_240_500), "1.240,5");
    }
}
