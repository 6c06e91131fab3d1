//! Importing exam passes (R8, R9): `lpc exams import FILE`.

use std::collections::BTreeSet;

use lpc_domain::access::Action;
use lpc_domain::{Email, MpnId};
use lpc_store::{AuditDraft, ExamPass, ImportCounts};
use serde::Serialize;

use crate::csv_rows::{self, RowError};
use crate::trainers::{authorize_manage, refuse_fields};
use crate::{Actor, App, AppError, import_file};

/// The columns of the exams CSV (DESIGN.md).
pub const COLUMNS: &[&str] = &["partner_id", "person_email", "exam_code", "passed_on"];

/// What an exams import did.
#[derive(Debug, Clone, Serialize)]
pub struct ExamsImported {
    pub file: String,
    pub rows: usize,
    #[serde(flatten)]
    pub counts: ImportCounts,
    /// Exam codes in the file that no rule set maps to a competency: stored, but they count
    /// towards nothing until a rule set maps them.
    pub unmapped_exam_codes: Vec<String>,
}

/// Imports an exams CSV whole or not at all (operators only); passes already stored are
/// left alone, so importing a file twice changes nothing.
pub async fn import(
    app: &App,
    actor: &Actor,
    file: &str,
    bytes: &[u8],
) -> Result<ExamsImported, AppError> {
    actor.authorize(Action::OperateProgram)?;
    import_rows(app, actor, file, bytes, None).await
}

/// Imports an exams CSV for one partner from the portal (R1: its admins, or operators): the
/// same format and checks as [`import`], and every row must name that partner.
pub async fn import_for_partner(
    app: &App,
    actor: &Actor,
    partner: MpnId,
    file: &str,
    bytes: &[u8],
) -> Result<ExamsImported, AppError> {
    authorize_manage(actor, partner)?;
    import_rows(app, actor, file, bytes, Some(partner)).await
}

async fn import_rows(
    app: &App,
    actor: &Actor,
    file: &str,
    bytes: &[u8],
    only: Option<MpnId>,
) -> Result<ExamsImported, AppError> {
    let today = app.clock().today();
    let parse = |r: &csv_rows::Record<'_>| -> Result<ExamPass, RowError> {
        let code = r.get("exam_code").to_ascii_uppercase();
        let valid = !code.is_empty()
            && code.len() <= 32
            && code.chars().all(|c| c.is_ascii_alphanumeric() || c == '-');
        if !valid {
            return Err(r.error(
                "exam_code",
                "must be 1 to 32 letters, digits or dashes (for example AZ-104)",
            ));
        }
        let passed_on = r.parse("passed_on", csv_rows::date)?;
        if passed_on > today {
            return Err(r.error("passed_on", format!("is after today ({today})")));
        }
        let partner_id = r.parse("partner_id", MpnId::parse)?;
        if let Some(p) = only.filter(|p| *p != partner_id) {
            return Err(r.error(
                "partner_id",
                format!("is another partner's MPN ID (this import is for {p})"),
            ));
        }
        Ok(ExamPass {
            partner_id,
            person_email: r.parse("person_email", Email::parse)?,
            exam_code: code,
            passed_on,
        })
    };
    let mut passes = csv_rows::read(bytes, COLUMNS, parse).map_err(|errors| AppError::Rows {
        file: file.to_owned(),
        errors,
    })?;
    let rows = passes.len();
    passes.sort();
    passes.dedup();
    let unmapped: BTreeSet<String> = passes
        .iter()
        .filter(|p| {
            app.rules()
                .sets()
                .iter()
                .all(|set| set.competencies_of_exam(&p.exam_code).is_empty())
        })
        .map(|p| p.exam_code.clone())
        .collect();
    let audit = AuditDraft::new(
        actor.audit_name(),
        "exams.import",
        format!("file:{file}"),
        app.clock().now(),
        serde_json::json!({ "sha256": import_file::digest(bytes), "rows": rows }),
    );
    let counts = app.store().import_exam_passes(&passes, &audit).await?;
    Ok(ExamsImported {
        file: file.to_owned(),
        rows,
        counts,
        unmapped_exam_codes: unmapped.into_iter().collect(),
    })
}

/// An exam pass as typed into a form: text, checked by [`add`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ExamInput {
    pub person_email: String,
    pub exam_code: String,
    pub passed_on: String,
}

/// The exam code as stored (upper case), if it is 1 to 32 letters, digits or dashes.
fn exam_code(text: &str) -> Result<String, String> {
    let code = text.trim().to_ascii_uppercase();
    if code.is_empty()
        || code.len() > 32
        || !code.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
    {
        return Err("must be 1 to 32 letters, digits or dashes (for example AZ-104)".to_owned());
    }
    Ok(code)
}

/// Checks a typed pass with the import's checks, every problem at once.
pub fn check_input(
    partner: MpnId,
    input: &ExamInput,
    today: jiff::civil::Date,
) -> Result<ExamPass, AppError> {
    let mut problems = Vec::new();
    let email = Email::parse(input.person_email.trim())
        .map_err(|e| problems.push(("person_email".to_owned(), e.to_string())))
        .ok();
    let code = exam_code(&input.exam_code)
        .map_err(|e| problems.push(("exam_code".to_owned(), e)))
        .ok();
    let passed_on = csv_rows::date(input.passed_on.trim())
        .map_err(|e| problems.push(("passed_on".to_owned(), e)))
        .ok();
    if let Some(on) = passed_on
        && on > today
    {
        problems.push(("passed_on".to_owned(), format!("is after today ({today})")));
    }
    match (email, code, passed_on) {
        (Some(person_email), Some(exam_code), Some(passed_on)) if problems.is_empty() => {
            Ok(ExamPass {
                partner_id: partner,
                person_email,
                exam_code,
                passed_on,
            })
        }
        _ => Err(refuse_fields(&problems)),
    }
}

/// A partner's exam passes, oldest first (any user of the partner).
pub async fn of_partner(
    app: &App,
    actor: &Actor,
    partner: MpnId,
) -> Result<Vec<ExamPass>, AppError> {
    actor.authorize(Action::ReadPartner(partner))?;
    Ok(app
        .store()
        .exam_passes_of(partner, jiff::civil::Date::MIN)
        .await?)
}

/// Adds one exam pass (R1: the partner's admins, or operators). The same pass twice is
/// refused (`exam_code ... already`).
pub async fn add(
    app: &App,
    actor: &Actor,
    partner: MpnId,
    input: &ExamInput,
) -> Result<ExamPass, AppError> {
    authorize_manage(actor, partner)?;
    let pass = check_input(partner, input, app.clock().today())?;
    // A pass typed by a person (issue 16): a code that no rule set in force on the day it
    // was passed, nor today, maps to a competency counts for nothing, so it is refused
    // rather than stored silently. (The MCT program's files are imported as they come.)
    let counts_for_something = [pass.passed_on, app.clock().today()]
        .into_iter()
        .filter_map(|day| app.rules_on(day).ok())
        .any(|rules| !rules.competencies_of_exam(&pass.exam_code).is_empty());
    if !counts_for_something {
        return Err(refuse_fields(&[(
            "exam_code".to_owned(),
            format!(
                "{} is not an exam of the program's rules (R8, R9): it counts toward no \
                 competency",
                pass.exam_code
            ),
        )]));
    }
    let audit = AuditDraft::new(
        actor.audit_name(),
        "exam.add",
        format!("partner:{partner}"),
        app.clock().now(),
        serde_json::json!({ "person_email": pass.person_email, "exam_code": pass.exam_code,
            "passed_on": pass.passed_on }),
    );
    let counts = app
        .store()
        .import_exam_passes(std::slice::from_ref(&pass), &audit)
        .await?;
    if counts.added == 0 {
        return Err(refuse_fields(&[(
            "exam_code".to_owned(),
            format!(
                "{} passed by {} on {} is already recorded",
                pass.exam_code, pass.person_email, pass.passed_on
            ),
        )]));
    }
    Ok(pass)
}

/// Removes one exam pass (R1: the partner's admins, or operators).
pub async fn remove(app: &App, actor: &Actor, pass: &ExamPass) -> Result<(), AppError> {
    authorize_manage(actor, pass.partner_id)?;
    let audit = AuditDraft::new(
        actor.audit_name(),
        "exam.remove",
        format!("partner:{}", pass.partner_id),
        app.clock().now(),
        serde_json::json!({ "person_email": pass.person_email, "exam_code": pass.exam_code,
            "passed_on": pass.passed_on }),
    );
    if app.store().remove_exam_pass(pass, &audit).await? {
        Ok(())
    } else {
        Err(AppError::NotFound(format!(
            "no such exam pass of partner {}",
            pass.partner_id
        )))
    }
}
