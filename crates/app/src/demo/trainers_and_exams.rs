//! The demo's trainers, exam passes and guideline acceptances (R4, R8-R10): what each
//! hand-made partner has, to show every tier and a partner one requirement short.

use lpc_domain::{Email, MpnId};
use lpc_store::{AuditDraft, ExamPass, GuidelineAcceptance, Trainer};

use super::cast::PARTNERS;
use super::invalid_demo;
use crate::{App, AppError};

/// What each hand-made partner has, to show every tier and a partner one requirement short:
/// (MPN ID, active MCTs, competency and exam passes in it, guidelines accepted).
pub(super) const STANDING: [(u64, u32, &str, u32, bool); 8] = [
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
pub(super) async fn seed_trainers_and_exams(app: &App) -> Result<(), AppError> {
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
