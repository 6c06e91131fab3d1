//! The demo program: partners in several countries with their users, so that a newcomer who
//! runs `lpc serve --demo` sees a living program: memberships at every stage and support cases
//! open and decided (`seed_memberships_and_cases`). Later features extend it with what they
//! add.

use lpc_domain::access::RoleGrant;
use lpc_domain::invoice::DocumentType;
use lpc_domain::{CountryCode, Email, MpnId, PartnerName, Role};
use lpc_store::{
    AuditDraft, ExamPass, GuidelineAcceptance, InvoiceLine, NewPartner, NewUser, Trainer,
};
use serde::Serialize;

use std::sync::Arc;

use jiff::civil::Date;
use lpc_domain::LearningOption;
use lpc_domain::points::{KpiPoints, Money};
use lpc_store::{CaseKind, CaseState, PaymentMethod};

use crate::cases::{CaseRequest, Decision};
use crate::enrollment::EnrollmentStatus;
use crate::{Actor, App, AppError, FixedClock, cases, enrollment, passwords, payments, renewals};

/// The password of every demo login, printed with the logins.
pub const DEMO_PASSWORD: &str = "lpc-demo-2026";

/// The hand-made demo partners: (MPN ID, name, country, admin login).
const PARTNERS: [(u64, &str, &str, &str); 8] = [
    (
        4_100_001,
        "Sakura Learning K.K.",
        "JP",
        "admin@sakura-learning.example",
    ),
    (
        4_100_002,
        "Fuji Cloud Academy",
        "JP",
        "admin@fuji-academy.example",
    ),
    (
        3_900_001,
        "Formazione Aurora S.r.l.",
        "IT",
        "admin@aurora-formazione.example",
    ),
    (
        3_900_002,
        "Milano Tech Training",
        "IT",
        "admin@milanotech.example",
    ),
    (
        1_000_001,
        "Contoso Learning",
        "US",
        "admin@contoso-learning.example",
    ),
    (
        2_700_001,
        "Fabrikam Schulungen GmbH",
        "DE",
        "admin@fabrikam-schulungen.example",
    ),
    (
        5_500_001,
        "Tailspin Treinamentos",
        "BR",
        "admin@tailspin.example",
    ),
    (
        9_100_001,
        "Northwind Skills India",
        "IN",
        "admin@northwind-skills.example",
    ),
];

/// A login printed for the newcomer.
#[derive(Debug, Clone, Serialize)]
pub struct DemoLogin {
    pub email: String,
    pub password: String,
    pub role: Role,
    pub partner: Option<String>,
}

/// What the demo seeding did.
#[derive(Debug, Clone, Serialize)]
pub struct DemoSummary {
    /// False when the database already held data and nothing was seeded.
    pub seeded: bool,
    pub partners: usize,
    pub logins: Vec<DemoLogin>,
    /// What to look at: the memberships at every stage and the support cases, one sentence
    /// each.
    pub stages: Vec<String>,
}

/// A small deterministic generator (SplitMix64): demo and benchmark data must come out the
/// same for the same seed on every machine and every version of every dependency.
#[derive(Debug, Clone)]
pub struct SplitMix64(u64);

impl SplitMix64 {
    pub fn new(seed: u64) -> Self {
        Self(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (n > 0); the tiny modulo bias is irrelevant for demo data.
    pub fn below(&mut self, n: u64) -> u64 {
        self.next_u64() % n.max(1)
    }
}

fn invalid_demo(e: impl ToString) -> AppError {
    AppError::Internal(format!("demo data: {}", e.to_string()))
}

/// Seeds the demo into an empty database; does nothing to a database that holds data.
///
/// `partners` beyond the eight hand-made ones are generated from `seed`.
pub async fn seed(app: &App, partners: usize, seed: u64) -> Result<DemoSummary, AppError> {
    let store = app.store();
    if !store.is_empty().await? {
        return Ok(DemoSummary {
            seeded: false,
            partners: 0,
            logins: Vec::new(),
            stages: Vec::new(),
        });
    }
    let actor = "demo".to_owned();
    let hash = passwords::hash(DEMO_PASSWORD.to_owned()).await?;
    let mut logins = Vec::new();
    let mut count = 0;

    let mut add_user =
        async |email: &str, role: Role, partner: Option<MpnId>| -> Result<(), AppError> {
            let grant = RoleGrant::new(role, partner).map_err(invalid_demo)?;
            let user = NewUser {
                email: Email::parse(email).map_err(invalid_demo)?,
                password_hash: hash.clone(),
                grants: vec![grant],
                email_confirmed: true,
            };
            let audit = AuditDraft::new(
                actor.clone(),
                "user.add",
                format!("user:{email}"),
                app.clock().now(),
                serde_json::json!({ "role": role, "partner": partner, "demo": true }),
            );
            store.add_user(&user, &audit).await?;
            logins.push(DemoLogin {
                email: email.to_owned(),
                password: DEMO_PASSWORD.to_owned(),
                role,
                partner: partner.map(|p| p.to_string()),
            });
            Ok(())
        };

    add_user("operator@lpc.example", Role::Operator, None).await?;
    add_user("support@lpc.example", Role::SupportAgent, None).await?;

    let mut rng = SplitMix64::new(seed);
    // The hand-made partners and the pending claim count among the `partners` asked for.
    let generated = partners.saturating_sub(PARTNERS.len() + 1);
    let made = PARTNERS
        .iter()
        .map(|&(id, name, country, admin)| (id, name.to_owned(), country, Some(admin)));
    let extra = (0..generated).map(|i| {
        let (country, base) = GENERATED_NAMES[rng.below(GENERATED_NAMES.len() as u64) as usize];
        (
            6_000_000 + i as u64,
            format!("{base} {}", i + 1),
            country,
            None,
        )
    });
    for (id, name, country, admin) in made.chain(extra.collect::<Vec<_>>()) {
        let mpn_id = MpnId::parse(&id.to_string()).map_err(invalid_demo)?;
        let partner = NewPartner {
            mpn_id,
            name: PartnerName::parse(&name).map_err(invalid_demo)?,
            country: CountryCode::parse(country).map_err(invalid_demo)?,
            contact_email: None,
            verification: lpc_store::Verification::Verified,
        };
        let audit = AuditDraft::new(
            actor.clone(),
            "partner.add",
            format!("partner:{mpn_id}"),
            app.clock().now(),
            serde_json::json!({ "name": partner.name, "country": partner.country, "demo": true }),
        );
        store.add_partner(&partner, &audit).await?;
        count += 1;
        if let Some(admin) = admin {
            add_user(admin, Role::MpnPartnerAdmin, Some(mpn_id)).await?;
        }
    }
    // A reader in Japan and an account admin in Italy, to show R1's difference in powers.
    add_user(
        "member@sakura-learning.example",
        Role::Member,
        MpnId::parse("4100001").ok(),
    )
    .await?;
    add_user(
        "account@aurora-formazione.example",
        Role::AccountAdmin,
        MpnId::parse("3900001").ok(),
    )
    .await?;

    // R31: a sign-up waiting for the program (its claimant can sign in and sees why the
    // KPIs are hidden), added before the invoices so that publications include it.
    let (id, name, country, claimant) = CLAIMED;
    let mpn_id = MpnId::parse(&id.to_string()).map_err(invalid_demo)?;
    let claimant_email = Email::parse(claimant).map_err(invalid_demo)?;
    store
        .add_claim(
            &NewPartner {
                mpn_id,
                name: PartnerName::parse(name).map_err(invalid_demo)?,
                country: CountryCode::parse(country).map_err(invalid_demo)?,
                contact_email: Some(claimant_email.clone()),
                verification: lpc_store::Verification::Unverified,
            },
            &NewUser {
                email: claimant_email,
                password_hash: hash.clone(),
                grants: vec![
                    RoleGrant::new(Role::MpnPartnerAdmin, Some(mpn_id)).map_err(invalid_demo)?,
                ],
                email_confirmed: true,
            },
            &AuditDraft::new(
                actor.clone(),
                "partner.claimed",
                format!("partner:{mpn_id}"),
                app.clock().now(),
                serde_json::json!({ "name": name, "country": country, "claimant": claimant,
                    "rule": "R31", "demo": true }),
            ),
        )
        .await?;
    count += 1;
    logins.push(DemoLogin {
        email: claimant.to_owned(),
        password: DEMO_PASSWORD.to_owned(),
        role: Role::MpnPartnerAdmin,
        partner: Some(mpn_id.to_string()),
    });

    seed_trainers_and_exams(app).await?;
    seed_invoices_and_publications(app).await?;
    let stages = seed_memberships_and_cases(app).await?;
    seed_directory(app).await?;
    tracing::info!(partners = count, "demo data seeded");
    Ok(DemoSummary {
        seeded: true,
        partners: count,
        logins,
        stages,
    })
}

/// What each hand-made partner has, to show every tier and a partner one requirement short:
/// (MPN ID, active MCTs, competency and exam passes in it, guidelines accepted).
const STANDING: [(u64, u32, &str, u32, bool); 8] = [
    // Meets silver cloud_platform; gold refused only for its KPI points (R9, R10).
    (4_100_001, 4, "cloud_platform", 4, true),
    // LAP eligible; silver one exam pass short (R8).
    (4_100_002, 2, "cloud_platform", 1, true),
    // Silver data_platform.
    (3_900_001, 2, "data_platform", 2, true),
    // LAP only (R4).
    (3_900_002, 1, "data_platform", 0, false),
    // No MCT: the LAP is refused (R4).
    (1_000_001, 0, "devops", 0, false),
    // Its only MCT expired: refused like no MCT.
    (2_700_001, 0, "devops", 0, false),
    // Meets silver's MCTs and exams but has not accepted the guidelines (R8).
    (5_500_001, 2, "security", 2, false),
    // Meets gold security (MCTs, exams and, from its purchases, KPI points, R9): the demo
    // upgrades its silver to gold (R11).
    (9_100_001, 4, "security", 4, true),
];

/// Trainers, exam passes and guideline acceptances for the hand-made partners, dated around
/// today so that they count now.
async fn seed_trainers_and_exams(app: &App) -> Result<(), AppError> {
    let today = app.clock().today();
    let Some(rules) = app.rules().in_force_on(today) else {
        return Ok(());
    };
    let day = |days: i64| {
        today
            .checked_add(jiff::Span::new().days(days))
            .map_err(invalid_demo)
    };
    let mut trainers = Vec::new();
    let mut passes = Vec::new();
    for (id, mcts, competency, exams, accepted) in STANDING {
        let partner = MpnId::parse(&id.to_string()).map_err(invalid_demo)?;
        for n in 0..mcts {
            trainers.push(Trainer {
                mct_id: format!("MCT-{id}-{n}"),
                partner_id: partner,
                name: format!("Trainer {} of {id}", n + 1),
                email: Email::parse(&format!("mct{n}.{id}@trainers.example"))
                    .map_err(invalid_demo)?,
                // Certified long enough ago for the memberships bought in the past year.
                valid_from: day(-400)?,
                valid_until: day(165)?,
            });
        }
        if id == 2_700_001 {
            trainers.push(Trainer {
                mct_id: format!("MCT-{id}-old"),
                partner_id: partner,
                name: "Expired Trainer".to_owned(),
                email: Email::parse("expired@trainers.example").map_err(invalid_demo)?,
                valid_from: day(-500)?,
                valid_until: day(-135)?,
            });
        }
        let codes = rules.exams_for(competency);
        for n in 0..exams {
            let Some(code) = codes.get(n as usize % codes.len().max(1)) else {
                break;
            };
            passes.push(ExamPass {
                partner_id: partner,
                person_email: Email::parse(&format!("learner{n}.{id}@people.example"))
                    .map_err(invalid_demo)?,
                exam_code: (*code).to_owned(),
                passed_on: day(-30 - 40 * i64::from(n))?,
            });
        }
        if accepted {
            let admin = PARTNERS
                .iter()
                .find(|p| p.0 == id)
                .map_or("demo@lpc.example", |p| p.3);
            let acceptance = GuidelineAcceptance {
                partner_id: partner,
                version: rules.guidelines_version.clone(),
                accepted_by: Email::parse(admin).map_err(invalid_demo)?,
                accepted_at: app.clock().now(),
            };
            let audit = AuditDraft::new(
                format!("user:{admin}"),
                "guidelines.accept",
                format!("partner:{id}"),
                app.clock().now(),
                serde_json::json!({ "version": acceptance.version, "demo": true }),
            );
            app.store().accept_guidelines(&acceptance, &audit).await?;
        }
    }
    let audit = |action: &str| {
        AuditDraft::new(
            "demo",
            action,
            "file:demo",
            app.clock().now(),
            serde_json::json!({ "demo": true }),
        )
    };
    app.store()
        .import_trainers(&trainers, &audit("trainers.import"))
        .await?;
    app.store()
        .import_exam_passes(&passes, &audit("exams.import"))
        .await?;
    Ok(())
}

/// Monthly Courseware Marketplace purchases of the hand-made partners, in MOC units: Northwind
/// buys enough for gold (R9: 1,000 points), Sakura stays short of it.
const MONTHLY_UNITS: [(u64, i64); 9] = [
    (4_100_001, 60),
    (4_100_002, 25),
    (3_900_001, 30),
    (3_900_002, 12),
    (1_000_001, 4),
    (2_700_001, 8),
    (5_500_001, 20),
    (9_100_001, 120),
    // Claimed by a sign-up the program has not verified yet (R31): the console's queue
    // shows these invoices as what is known of the MPN ID.
    (CLAIMED.0, 15),
];

/// The demo's pending claim (R31): an organization signed up for, its claimant's address
/// confirmed, waiting in the console for an operator.
const CLAIMED: (u64, &str, &str, &str) = (
    4_100_077,
    "Nihon Skills Lab",
    "JP",
    "owner@nihon-skills.example",
);

/// Twenty-four months of invoices (with a credit note now and then) for the hand-made
/// partners, and the monthly reports of those months, published (R17).
async fn seed_invoices_and_publications(app: &App) -> Result<(), AppError> {
    let today = app.clock().today();
    let this_month = lpc_domain::calendar::YearMonth::of(today);
    let usd = lpc_domain::points::Currency::parse("USD").map_err(invalid_demo)?;
    let mut lines = Vec::new();
    for back in 1..=24 {
        let month = this_month.saturating_add_months(-back);
        for (id, units) in MONTHLY_UNITS {
            let partner = MpnId::parse(&id.to_string()).map_err(invalid_demo)?;
            let number = format!("INV-{id}-{month}");
            let date = month.day(10);
            let mut push = |line_number: u32,
                            kind: DocumentType,
                            number: &str,
                            corrects: Option<&str>,
                            omlp: &str,
                            units: i64|
             -> Result<(), AppError> {
                let kpi = lpc_domain::invoice::line_points(app.rules(), date, omlp, units)
                    .map_err(invalid_demo)?;
                lines.push(InvoiceLine {
                    document_type: kind,
                    document_number: number.to_owned(),
                    line_number,
                    corrects_document: corrects.map(str::to_owned),
                    partner_id: partner,
                    document_date: date,
                    omlp_type: omlp.to_owned(),
                    product_sku: format!("{}-SKU", omlp.to_uppercase()),
                    purchase_units: units,
                    revenue: lpc_domain::points::Money::new(units * 9_900, usd),
                    kpi,
                    source_line: 0,
                });
                Ok(())
            };
            if app.rules().in_force_on(date).is_none() {
                continue;
            }
            push(1, DocumentType::Invoice, &number, None, "moc", units)?;
            push(2, DocumentType::Invoice, &number, None, "labs_online", 4)?;
            push(3, DocumentType::Invoice, &number, None, "exam_voucher", 2)?;
            if back % 7 == 0 {
                push(
                    1,
                    DocumentType::CreditNote,
                    &format!("CN-{id}-{month}"),
                    Some(&number),
                    "moc",
                    -1,
                )?;
            }
        }
    }
    let audit = AuditDraft::new(
        "demo",
        "invoices.import",
        "file:demo",
        app.clock().now(),
        serde_json::json!({ "demo": true }),
    );
    app.store().import_invoice_lines(&lines, &audit).await?;
    for back in (0..=24).rev() {
        let date = lpc_domain::calendar::publication_on_or_before(today)
            .checked_sub(jiff::Span::new().months(back))
            .map_err(invalid_demo)?;
        crate::publications::publish_on(app, &Actor::Scheduler, date).await?;
    }
    Ok(())
}

/// Listings in the public directory (R24, R26) for the hand-made partners holding an active
/// membership, asked for two months ago and approved in their processing week, so that a
/// newcomer's `/directory` is not empty. Their landing pages are example addresses, never
/// fetched.
async fn seed_directory(app: &App) -> Result<(), AppError> {
    use lpc_store::directory::{NewDirectoryRequest, RequestDecision};
    let store = app.store();
    let requested_on = app
        .clock()
        .today()
        .checked_sub(jiff::Span::new().days(60))
        .map_err(invalid_demo)?;
    let cycle = lpc_domain::calendar::directory_processing(requested_on);
    for &(id, name, country, admin) in &PARTNERS {
        let partner = mpn(id)?;
        let active = store
            .memberships_of(partner)
            .await?
            .iter()
            .any(|m| m.status == lpc_store::MembershipStatus::Active);
        if !active {
            continue;
        }
        let domain = admin.split('@').nth(1).unwrap_or("partner.example");
        let audit = |action: &str| {
            AuditDraft::new(
                "demo",
                action,
                format!("partner:{partner}"),
                app.clock().now(),
                serde_json::json!({ "demo": true }),
            )
        };
        let request = store
            .add_directory_request(
                &NewDirectoryRequest {
                    partner_id: partner,
                    display_name: name.to_owned(),
                    country: CountryCode::parse(country).map_err(invalid_demo)?,
                    landing_url: format!("https://www.{domain}/microsoft-learning"),
                    requested_at: app.clock().now(),
                    requested_on,
                    processing_from: cycle.processing_window.from,
                    processing_to: cycle.processing_window.to,
                    visible_by: cycle.visible_by,
                    checks: "{}".to_owned(),
                },
                &audit("directory.request"),
            )
            .await?;
        store
            .decide_directory_request(
                request.id,
                &RequestDecision::Approve {
                    visible_from: cycle.visible_by,
                },
                "",
                &audit("directory.approve"),
            )
            .await?;
    }
    Ok(())
}

/// The smallest valid PDF the demo uploads as Fuji's proof of bank transfer (R29).
const PROOF_PDF: &[u8] = b"%PDF-1.4\n\
1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n\
2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n\
3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 100]>>endobj\n\
trailer<</Root 1 0 R>>\n\
%%EOF\n";

/// A partner admin of a hand-made partner, acting on the web (R1).
fn admin_of(id: u64) -> Result<Actor, AppError> {
    let email = PARTNERS
        .iter()
        .find(|p| p.0 == id)
        .map(|p| p.3)
        .ok_or_else(|| invalid_demo(format!("no demo partner {id}")))?;
    user(email, Role::MpnPartnerAdmin, Some(mpn(id)?))
}

fn user(email: &str, role: Role, partner: Option<MpnId>) -> Result<Actor, AppError> {
    Ok(Actor::User {
        email: Email::parse(email).map_err(invalid_demo)?,
        grants: vec![RoleGrant::new(role, partner).map_err(invalid_demo)?],
    })
}

fn mpn(id: u64) -> Result<MpnId, AppError> {
    MpnId::parse(&id.to_string()).map_err(invalid_demo)
}

/// Memberships at every stage and support cases open and decided, all made through the use
/// cases (so the audit log tells the story), on past days where the story needs them
/// (`FixedClock`), in the order they happened:
///
/// - Fabrikam: Action Pack bought 480 days ago while its MCT was valid; its MCT expired, so
///   the renewal run 80 days ago lapsed it (R4, R28).
/// - Tailspin: Action Pack bought 350 days ago: its anniversary is 15 days ahead, due for
///   renewal (R28).
/// - Formazione Aurora: Action Pack 120 days ago with marketplace access granted by its
///   resolved account profile setup case (R5), and silver data_platform 20 days ago (R8).
/// - Northwind: silver security 60 days ago, upgraded to gold 10 days ago with the
///   silver-to-gold discount (R11).
/// - Fuji: Action Pack ordered by bank transfer 3 days ago, proof uploaded, awaiting an
///   operator (R29).
/// - Cases today: Sakura's open KPI discrepancy, Aurora's accepted one (a KPI adjustment,
///   R22), Tailspin's rejected one citing an order confirmation (R13).
///
/// Returns one sentence per stage for the newcomer.
async fn seed_memberships_and_cases(app: &App) -> Result<Vec<String>, AppError> {
    let today = app.clock().today();
    let on = |days: i64| -> Result<App, AppError> {
        let date = today
            .checked_add(jiff::Span::new().days(days))
            .map_err(invalid_demo)?;
        Ok(App::new(
            app.store().clone(),
            Arc::new(FixedClock { today: date }),
            app.rules().clone(),
        )
        .with_mail(app.mail().clone()))
    };
    let first = today
        .checked_sub(jiff::Span::new().days(480))
        .map_err(invalid_demo)?;
    if app.rules().in_force_on(first).is_none() {
        // A `--today` before the program's first rule set: no memberships to show.
        return Ok(Vec::new());
    }
    let support = user("support@lpc.example", Role::SupportAgent, None)?;
    let mut stages = Vec::new();

    // Buys `option` by card on `day` and, for the Action Pack, has support set up the account
    // profile the next day (R5).
    let buy = async |day: i64,
                     id: u64,
                     option: LearningOption,
                     competency: Option<&str>|
           -> Result<enrollment::Enrollment, AppError> {
        let then = on(day)?;
        let done = enrollment::enroll(
            &then,
            &admin_of(id)?,
            mpn(id)?,
            option,
            competency,
            option != LearningOption::ActionPack,
            PaymentMethod::Card,
        )
        .await?;
        if done.status != EnrollmentStatus::Active {
            return Err(invalid_demo(format!(
                "partner {id} could not buy {option} on day {day}: {}",
                done.reasons.join("; ")
            )));
        }
        if let Some(case) = done.marketplace_access_case {
            let decision = Decision {
                state: CaseState::Resolved,
                message: None,
                points: None,
            };
            cases::decide(&on(day + 1)?, &support, case, decision).await?;
        }
        Ok(done)
    };

    let fabrikam = buy(-480, 2_700_001, LearningOption::ActionPack, None).await?;
    let tailspin = buy(-350, 5_500_001, LearningOption::ActionPack, None).await?;
    buy(-120, 3_900_001, LearningOption::ActionPack, None).await?;
    // The daily renewal run, 80 days ago: Fabrikam's only MCT had expired (R4), so its Action
    // Pack, 30 days past its anniversary, lapsed (R28).
    renewals::run(&on(-80)?, &Actor::Scheduler).await?;
    buy(-60, 9_100_001, LearningOption::Silver, Some("security")).await?;
    buy(
        -20,
        3_900_001,
        LearningOption::Silver,
        Some("data_platform"),
    )
    .await?;
    let gold = buy(-10, 9_100_001, LearningOption::Gold, Some("security")).await?;

    let fuji_day = on(-3)?;
    let fuji = enrollment::enroll(
        &fuji_day,
        &admin_of(4_100_002)?,
        mpn(4_100_002)?,
        LearningOption::ActionPack,
        None,
        false,
        PaymentMethod::BankTransfer,
    )
    .await?;
    let order = fuji
        .order_id
        .ok_or_else(|| invalid_demo("Fuji's Action Pack order was not placed"))?;
    payments::attach_proof(
        &on(-2)?,
        &admin_of(4_100_002)?,
        order,
        "bank-transfer-fuji.pdf",
        PROOF_PDF.to_vec(),
    )
    .await?;
    // Only an operator confirms it (R29): the demo leaves that to the newcomer.

    stages.push(format!(
        "Fuji Cloud Academy (4100002): Action Pack order {order} to pay by bank transfer, proof \
         uploaded, awaiting an operator (lpc orders confirm {order}) (R29)"
    ));
    stages.push(
        "Formazione Aurora (3900001): active Action Pack with Courseware Marketplace access \
         (account profile setup case resolved, R5) and silver data_platform (R8)"
            .to_owned(),
    );
    stages.push(format!(
        "Tailspin Treinamentos (5500001): Action Pack due for renewal on {} (R28)",
        tailspin
            .anniversary_date
            .map_or_else(String::new, |d| d.to_string())
    ));
    stages.push(format!(
        "Fabrikam Schulungen (2700001): Action Pack lapsed after its anniversary of {}: its \
         only MCT expired (R4, R28)",
        fabrikam
            .anniversary_date
            .map_or_else(String::new, |d| d.to_string())
    ));
    stages.push(format!(
        "Northwind Skills India (9100001): silver security upgraded to gold with {} off \
         (R11)",
        gold.discount.map_or_else(String::new, |m| m.to_string())
    ));
    stages.extend(seed_cases(app, &support).await?);
    Ok(stages)
}

/// What the latest report shows for one invoice of `partner` (all its rows): units, points,
/// revenue. The claims of the demo's discrepancy cases are built on it.
async fn reported(
    app: &App,
    partner: MpnId,
    invoice: &str,
) -> Result<(i64, KpiPoints, Money), AppError> {
    let usd = lpc_domain::points::Currency::parse("USD").map_err(invalid_demo)?;
    let mut totals = (0, KpiPoints::ZERO, Money::new(0, usd));
    let Some(publication) = app.store().latest_publication(app.clock().today()).await? else {
        return Ok(totals);
    };
    for row in app
        .store()
        .published_rows(publication.published_on, partner)
        .await?
        .into_iter()
        .filter(|r| r.document_number == invoice)
    {
        totals.0 += row.purchase_units;
        totals.1 += row.kpi;
        totals.2 = Money::new(totals.2.minor + row.revenue.minor, usd);
    }
    Ok(totals)
}

/// A discrepancy claim: `missing` MOC units more than the report shows for the invoice.
async fn claim(
    app: &App,
    partner: MpnId,
    month: lpc_domain::calendar::YearMonth,
    invoice: &str,
    missing: i64,
) -> Result<CaseRequest, AppError> {
    let (units, kpi, revenue) = reported(app, partner, invoice).await?;
    let date: Date = month.day(10);
    let per_unit = lpc_domain::invoice::line_points(app.rules(), date, "moc", missing)
        .map_err(invalid_demo)?;
    let fields = [
        ("month", month.month().to_string()),
        ("year", month.year().to_string()),
        ("omlp_type", "moc".to_owned()),
        ("purchase_units", (units + missing).to_string()),
        ("invoice_number", invoice.to_owned()),
        ("kpi_value", (kpi + per_unit).to_string()),
        (
            "revenue_value",
            Money::new(revenue.minor + missing * 9_900, revenue.currency).to_decimal(),
        ),
        ("currency", revenue.currency.code().to_owned()),
        ("evidence_document_type", "invoice".to_owned()),
    ];
    Ok(CaseRequest {
        partner_id: partner,
        kind: CaseKind::KpiDiscrepancy,
        fields: fields.into_iter().map(|(k, v)| (k.to_owned(), v)).collect(),
    })
}

/// Today's support cases (R13, R22): one open, one accepted with its KPI adjustment, one
/// rejected because the evidence is an order confirmation.
async fn seed_cases(app: &App, support: &Actor) -> Result<Vec<String>, AppError> {
    let month = lpc_domain::calendar::YearMonth::of(app.clock().today()).saturating_add_months(-3);
    let mut stages = Vec::new();

    let sakura = mpn(4_100_001)?;
    let request = claim(app, sakura, month, &format!("INV-{sakura}-{month}"), 10).await?;
    let open = cases::open(app, &admin_of(4_100_001)?, request).await?;
    cases::comment(
        app,
        &admin_of(4_100_001)?,
        open.id,
        "Ten MOC units of this invoice are missing from our dashboard; the invoice is attached.",
    )
    .await?;
    stages.push(format!(
        "Sakura Learning (4100001): KPI discrepancy case {} open, for support to decide (R22)",
        open.id
    ));

    let aurora = mpn(3_900_001)?;
    let request = claim(app, aurora, month, &format!("INV-{aurora}-{month}"), 5).await?;
    let accepted = cases::open(app, &admin_of(3_900_001)?, request).await?;
    let decided = cases::decide(
        app,
        support,
        accepted.id,
        Decision {
            state: CaseState::Resolved,
            message: None,
            points: None,
        },
    )
    .await?;
    stages.push(format!(
        "Formazione Aurora (3900001): KPI discrepancy case {} resolved with an adjustment of {} \
         points, included in the next publication (R22)",
        accepted.id,
        decided
            .adjustment
            .map_or_else(String::new, |a| a.kpi.to_string())
    ));

    let tailspin = mpn(5_500_001)?;
    let confirmation = format!("OC-{tailspin}-{month}");
    let request = claim(app, tailspin, month, &confirmation, 20).await?;
    let refused = cases::open(app, &admin_of(5_500_001)?, request).await?;
    cases::decide(
        app,
        support,
        refused.id,
        Decision {
            state: CaseState::Rejected,
            message: Some(format!(
                "R13: {confirmation} is an order confirmation, not an invoice; only actual \
                 invoices count, and are accepted as evidence (R22)"
            )),
            points: None,
        },
    )
    .await?;
    stages.push(format!(
        "Tailspin Treinamentos (5500001): KPI discrepancy case {} rejected: its evidence is \
         an order confirmation (R13)",
        refused.id
    ));
    Ok(stages)
}

/// Countries and name stems for generated demo partners.
const GENERATED_NAMES: [(&str, &str); 10] = [
    ("JP", "Kyoto IT Gakuin"),
    ("JP", "Osaka Cloud Juku"),
    ("IT", "Roma Formazione Digitale"),
    ("IT", "Torino Academy"),
    ("US", "Lakeside Learning"),
    ("GB", "Thames Training"),
    ("FR", "Lumiere Formation"),
    ("ES", "Aula Nube"),
    ("AU", "Southern Cross Skills"),
    ("CA", "Maple Tech Learning"),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_generator_is_stable_across_runs() {
        let mut a = SplitMix64::new(1);
        let mut b = SplitMix64::new(1);
        let xs: Vec<u64> = (0..5).map(|_| a.next_u64()).collect();
        let ys: Vec<u64> = (0..5).map(|_| b.next_u64()).collect();
        assert_eq!(xs, ys);
        // Pinned: changing the generator would silently change every benchmark data set.
        assert_eq!(SplitMix64::new(0).next_u64(), 0xE220_A839_7B1D_CDAF);
    }
}
