//! Importing exam passes (R8, R9): `lpc exams import FILE`.

use std::collections::BTreeSet;

use lpc_domain::access::Action;
use lpc_domain::{Email, MpnId};
use lpc_store::{AuditDraft, ExamPass, ImportCounts};
use serde::Serialize;

use crate::csv_rows::{self, RowError};
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
        Ok(ExamPass {
            partner_id: r.parse("partner_id", MpnId::parse)?,
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
