//! The demo program: partners in several countries with their users, so that a newcomer who
//! runs `lpc serve --demo` sees a living program. Later features extend it with what they add.

use lpc_domain::access::RoleGrant;
use lpc_domain::invoice::DocumentType;
use lpc_domain::{CountryCode, Email, MpnId, PartnerName, Role};
use lpc_store::{
    AuditDraft, ExamPass, GuidelineAcceptance, InvoiceLine, NewPartner, NewUser, Trainer,
};
use serde::Serialize;

use crate::{Actor, App, AppError, passwords};

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
    let generated = partners.saturating_sub(PARTNERS.len());
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

    seed_trainers_and_exams(app).await?;
    seed_invoices_and_publications(app).await?;
    tracing::info!(partners = count, "demo data seeded");
    Ok(DemoSummary {
        seeded: true,
        partners: count,
        logins,
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
    // Meets silver security with gold's MCTs and exams; KPI points short for gold (R9).
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
                valid_from: day(-200)?,
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
const MONTHLY_UNITS: [(u64, i64); 8] = [
    (4_100_001, 60),
    (4_100_002, 25),
    (3_900_001, 30),
    (3_900_002, 12),
    (1_000_001, 4),
    (2_700_001, 8),
    (5_500_001, 20),
    (9_100_001, 120),
];

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
