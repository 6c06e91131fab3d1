//! The demo's memberships at every stage (R4, R5, R11, R28, R29), bought through the use cases
//! on the days the story needs, and the sentences that tell the newcomer where to look.

use std::sync::Arc;

use lpc_domain::{LearningOption, Role};
use lpc_store::{CaseState, PaymentMethod};

use super::cast::{admin_of, mpn, user};
use super::invalid_demo;
use super::support_cases::seed_cases;
use crate::cases::Decision;
use crate::enrollment::EnrollmentStatus;
use crate::{Actor, App, AppError, FixedClock, cases, enrollment, payments, renewals};

/// The smallest valid PDF the demo uploads as Fuji's proof of bank transfer (R29).
pub(super) const PROOF_PDF: &[u8] = b"%PDF-1.4\n\
1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n\
2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n\
3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 100]>>endobj\n\
trailer<</Root 1 0 R>>\n\
%%EOF\n";

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
pub(super) async fn seed_memberships_and_cases(app: &App) -> Result<Vec<String>, AppError> {
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
