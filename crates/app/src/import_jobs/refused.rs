//! The rows an import refused, as the console lists them and downloads them: line, field,
//! value, the rule the reason cites, and the reason.

use serde::Serialize;

use crate::AppError;
use crate::csv_rows::RowError;

/// One refused row: where, which field, what was there, which rule, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RefusedRow {
    /// 1-based line of the file (the header is line 1); 0 for a note about the file.
    pub line: u64,
    pub field: String,
    pub value: String,
    /// The program rule the reason cites (`R13`), or `format` for the file format itself.
    pub rule: String,
    pub reason: String,
}

impl RefusedRow {
    pub(super) fn of(e: &RowError) -> Self {
        RefusedRow {
            line: e.line,
            field: e.column.clone(),
            value: e.value.clone(),
            rule: rule_of(&e.reason),
            reason: e.reason.clone(),
        }
    }
}

/// The first rule id (`R` and digits, as a word) a reason cites, else `format`.
pub fn rule_of(reason: &str) -> String {
    let bytes = reason.as_bytes();
    for (i, b) in bytes.iter().enumerate() {
        if *b != b'R' || (i > 0 && bytes[i - 1].is_ascii_alphanumeric()) {
            continue;
        }
        let digits = bytes[i + 1..]
            .iter()
            .take_while(|c| c.is_ascii_digit())
            .count();
        let end = i + 1 + digits;
        if digits > 0 && bytes.get(end).is_none_or(|c| !c.is_ascii_alphanumeric()) {
            return reason[i..end].to_owned();
        }
    }
    "format".to_owned()
}

/// The refused rows as CSV: `line,field,value,rule,reason`, one row each.
pub fn refused_csv(rows: &[RefusedRow]) -> Result<String, AppError> {
    let fail = |e: &dyn std::fmt::Display| AppError::Internal(format!("cannot write CSV: {e}"));
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer
        .write_record(["line", "field", "value", "rule", "reason"])
        .map_err(|e| fail(&e))?;
    for r in rows {
        let line = r.line.to_string();
        writer
            .write_record(crate::spreadsheet_cells::neutral_record([
                line.as_str(),
                &r.field,
                &r.value,
                &r.rule,
                &r.reason,
            ]))
            .map_err(|e| fail(&e))?;
    }
    let bytes = writer.into_inner().map_err(|e| fail(&e))?;
    String::from_utf8(bytes).map_err(|e| fail(&e))
}
