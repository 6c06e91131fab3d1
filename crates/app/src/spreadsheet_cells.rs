//! Cells of the CSV files we write, made safe to open in a spreadsheet.
//!
//! A spreadsheet reads a cell that starts with `=`, `+`, `-` or `@` as a formula, and a tab or
//! carriage return at the start can hide one. A partner name chosen at public sign-up
//! (`=HYPERLINK(...)`) would otherwise run in the what-if an operator opens. Every CSV we write
//! (the KPI report, the what-if, import rejects and refused rows) passes its text cells through
//! [`neutral`], which puts a `'` in front of such a cell, as spreadsheets themselves do to mark
//! text. A number (`-12`, `+0.5`) stays as it is: it is data, and cannot be a formula.

use std::borrow::Cow;

/// `cell`, with a leading `'` when a spreadsheet would read it as a formula.
pub fn neutral(cell: &str) -> Cow<'_, str> {
    let risky = cell
        .chars()
        .next()
        .is_some_and(|c| matches!(c, '=' | '+' | '-' | '@' | '\t' | '\r'));
    if risky && !is_plain_number(cell) {
        Cow::Owned(format!("'{cell}"))
    } else {
        Cow::Borrowed(cell)
    }
}

/// A signed decimal number and nothing else (`-12`, `+3.50`).
fn is_plain_number(cell: &str) -> bool {
    let digits = cell.strip_prefix(['-', '+']).unwrap_or(cell);
    let mut parts = digits.splitn(2, '.');
    let whole = parts.next().unwrap_or("");
    let fraction = parts.next();
    !whole.is_empty()
        && whole.bytes().all(|b| b.is_ascii_digit())
        && fraction.is_none_or(|f| !f.is_empty() && f.bytes().all(|b| b.is_ascii_digit()))
}

/// Every cell of a record through [`neutral`], ready for `csv::Writer::write_record`.
pub fn neutral_record<'a, I>(cells: I) -> Vec<String>
where
    I: IntoIterator<Item = &'a str>,
{
    cells
        .into_iter()
        .map(|cell| neutral(cell).into_owned())
        .collect()
}

/// A CSV file of `header` and `records`, every cell through [`neutral`]: for the adapters'
/// downloads, which have no CSV writer of their own.
pub fn csv_text<R>(header: &[&str], records: R) -> Result<String, crate::AppError>
where
    R: IntoIterator<Item = Vec<String>>,
{
    let fail =
        |e: &dyn std::fmt::Display| crate::AppError::Internal(format!("cannot write CSV: {e}"));
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer.write_record(header).map_err(|e| fail(&e))?;
    for record in records {
        writer
            .write_record(neutral_record(record.iter().map(String::as_str)))
            .map_err(|e| fail(&e))?;
    }
    let bytes = writer.into_inner().map_err(|e| fail(&e))?;
    String::from_utf8(bytes).map_err(|e| fail(&e))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn formulas_become_text_and_numbers_stay_numbers() {
        assert_eq!(neutral("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(neutral("+1+cmd"), "'+1+cmd");
        assert_eq!(neutral("-2+3"), "'-2+3");
        assert_eq!(neutral("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(neutral("\t=1"), "'\t=1");
        assert_eq!(neutral("\r=1"), "'\r=1");
        assert_eq!(neutral("-12"), "-12");
        assert_eq!(neutral("+0.5"), "+0.5");
        assert_eq!(neutral("-1."), "'-1.");
        assert_eq!(neutral("Contoso Learning"), "Contoso Learning");
        assert_eq!(neutral(""), "");
    }

    proptest! {
        #[test]
        fn no_written_cell_starts_a_formula(cell in ".*") {
            let out = neutral(&cell);
            let first = out.chars().next();
            let formula = first.is_some_and(|c| matches!(c, '=' | '+' | '-' | '@' | '\t' | '\r'));
            prop_assert!(!formula || is_plain_number(&out));
            prop_assert!(out.ends_with(cell.as_str()));
        }
    }
}
