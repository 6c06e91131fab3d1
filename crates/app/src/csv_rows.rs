//! Reading the interchange CSV files of DESIGN.md, with every bad row reported.
//!
//! Each importer describes its columns and how to parse one record; this module checks the
//! header, walks the records, and collects every refusal with its line, column, value and
//! reason, so that a whole file is either accepted or refused with all its faults listed.

use std::fmt;

use serde::Serialize;

/// One refused cell or row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RowError {
    /// 1-based line in the file (the header is line 1).
    pub line: u64,
    pub column: String,
    pub value: String,
    pub reason: String,
}

impl fmt::Display for RowError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "line {}, column {} ({:?}): {}",
            self.line, self.column, self.value, self.reason
        )
    }
}

/// One record with its cells looked up by column name.
#[derive(Debug)]
pub struct Record<'a> {
    pub line: u64,
    columns: &'a [&'static str],
    record: &'a csv::StringRecord,
    positions: &'a [usize],
}

impl Record<'_> {
    /// The trimmed cell of `column` (which must be one of the importer's columns).
    pub fn get(&self, column: &str) -> &str {
        self.columns
            .iter()
            .position(|c| *c == column)
            .and_then(|i| self.record.get(self.positions[i]))
            .map_or("", str::trim)
    }

    /// Parses the cell of `column`, turning a refusal into a [`RowError`] naming it.
    pub fn parse<T, E: fmt::Display>(
        &self,
        column: &str,
        parse: impl FnOnce(&str) -> Result<T, E>,
    ) -> Result<T, RowError> {
        let value = self.get(column);
        parse(value).map_err(|e| self.error(column, e.to_string()))
    }

    pub fn error(&self, column: &str, reason: impl Into<String>) -> RowError {
        RowError {
            line: self.line,
            column: column.to_owned(),
            value: echo(self.get(column)),
            reason: echo_reason(reason.into()),
        }
    }
}

/// The most characters of a refused value repeated in an error: enough to find it in the
/// file, not a 10 MB field printed back (issue 15).
pub const ECHO_CHARS: usize = 60;

/// `value` as an error repeats it: at most [`ECHO_CHARS`] characters, then how long it was.
pub fn echo(value: &str) -> String {
    let count = value.chars().count();
    if count <= ECHO_CHARS {
        return value.to_owned();
    }
    let head: String = value.chars().take(ECHO_CHARS).collect();
    format!("{head}… ({count} characters)")
}

/// A reason, which may quote the value it refuses, cut the same way (at five times the
/// length: our own sentences are longer than that, never).
fn echo_reason(reason: String) -> String {
    if reason.chars().count() <= ECHO_CHARS * 5 {
        return reason;
    }
    let head: String = reason.chars().take(ECHO_CHARS * 5).collect();
    format!("{head}…")
}

/// Characters that change how text looks without being seen: zero-width spaces and joiners,
/// bidirectional overrides and isolates, the soft hyphen, the byte order mark. `INV-\u{200b}1`
/// looks like `INV-1` and is not; an identifier with one is refused.
pub fn invisible(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{00AD}'
                | '\u{061C}'
                | '\u{180E}'
                | '\u{200B}'..='\u{200F}'
                | '\u{202A}'..='\u{202E}'
                | '\u{2060}'..='\u{2064}'
                | '\u{2066}'..='\u{2069}'
                | '\u{FEFF}'
        )
}

/// Reads `bytes` as CSV with exactly `columns` (in any order), parsing each record with
/// `parse`. Returns every parsed row, or every error when there is at least one.
pub fn read<T>(
    bytes: &[u8],
    columns: &'static [&'static str],
    parse: impl FnMut(&Record<'_>) -> Result<T, RowError>,
) -> Result<Vec<T>, Vec<RowError>> {
    let mut rows = Vec::new();
    let mut errors = Vec::new();
    visit(bytes, columns, parse, |outcome| match outcome {
        Ok(row) => rows.push(row),
        Err((error, _)) => errors.push(error),
    })
    .map_err(|e| vec![e])?;
    if errors.is_empty() {
        Ok(rows)
    } else {
        Err(errors)
    }
}

/// Walks every record, handing `each` the parsed row or the refusal with the record's raw
/// cells (to write it to a rejects file). `Err` only for a header that does not fit.
pub fn visit<T>(
    bytes: impl std::io::Read,
    columns: &'static [&'static str],
    mut parse: impl FnMut(&Record<'_>) -> Result<T, RowError>,
    mut each: impl FnMut(Result<T, (RowError, Vec<String>)>),
) -> Result<(), RowError> {
    let header_error = |reason: String| RowError {
        line: 1,
        column: "(header)".into(),
        value: String::new(),
        reason,
    };
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .flexible(true)
        .from_reader(bytes);
    let headers = match reader.headers() {
        Ok(h) => h.clone(),
        Err(e) => return Err(header_error(format!("not readable as CSV: {e}"))),
    };
    let names: Vec<&str> = headers
        .iter()
        .map(|h| h.trim().trim_start_matches('\u{feff}'))
        .collect();
    let missing: Vec<&str> = columns
        .iter()
        .copied()
        .filter(|c| !names.contains(c))
        .collect();
    let unknown: Vec<&str> = names
        .iter()
        .copied()
        .filter(|n| !columns.contains(n))
        .collect();
    if !missing.is_empty() || !unknown.is_empty() {
        return Err(header_error(format!(
            "the header must be {}; missing: [{}], unknown: [{}]",
            columns.join(","),
            missing.join(", "),
            unknown.join(", ")
        )));
    }
    let positions: Vec<usize> = columns
        .iter()
        .map(|c| names.iter().position(|n| n == c).unwrap_or_default())
        .collect();
    // One record, read into again and again: a new allocation per row was a tenth of an
    // import's parsing.
    let mut record = csv::StringRecord::new();
    loop {
        match reader.read_record(&mut record) {
            Ok(true) => {}
            Ok(false) => break,
            Err(e) => {
                let line = e.position().map_or(0, csv::Position::line);
                let error = RowError {
                    line,
                    column: "(row)".into(),
                    value: String::new(),
                    reason: format!("not valid CSV: {e}"),
                };
                each(Err((error, Vec::new())));
                continue;
            }
        }
        let line = record.position().map_or(0, csv::Position::line);
        let raw = || record.iter().map(str::to_owned).collect::<Vec<_>>();
        if record.len() != names.len() {
            let error = RowError {
                line,
                column: "(row)".into(),
                value: String::new(),
                reason: format!(
                    "has {} fields; the header has {}",
                    record.len(),
                    names.len()
                ),
            };
            each(Err((error, raw())));
            continue;
        }
        let view = Record {
            line,
            columns,
            record: &record,
            positions: &positions,
        };
        match parse(&view) {
            Ok(row) => each(Ok(row)),
            Err(error) => each(Err((error, raw()))),
        }
    }
    Ok(())
}

/// Parses a `YYYY-MM-DD` cell.
pub fn date(text: &str) -> Result<jiff::civil::Date, String> {
    if text.len() != 10 {
        return Err("must be a date of the form YYYY-MM-DD".to_owned());
    }
    text.parse()
        .map_err(|e| format!("is not a valid date: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    const COLUMNS: &[&str] = &["a", "b"];

    fn numbers(bytes: &str) -> Result<Vec<(i32, i32)>, Vec<RowError>> {
        read(bytes.as_bytes(), COLUMNS, |r| {
            Ok((
                r.parse("a", str::parse::<i32>)?,
                r.parse("b", str::parse::<i32>)?,
            ))
        })
    }

    #[test]
    fn columns_are_found_by_name_in_any_order() {
        assert_eq!(numbers("b,a\n2,1\n4,3\n"), Ok(vec![(1, 2), (3, 4)]));
    }

    #[test]
    fn every_bad_row_is_reported_with_line_column_and_value() {
        let errors = numbers("a,b\n1,2\nx,2\n3\n5,y\n").unwrap_err();
        let summary: Vec<(u64, &str, &str)> = errors
            .iter()
            .map(|e| (e.line, e.column.as_str(), e.value.as_str()))
            .collect();
        assert_eq!(summary, [(3, "a", "x"), (4, "(row)", ""), (5, "b", "y")]);
    }

    #[test]
    fn a_wrong_header_is_refused_naming_what_is_missing_and_unknown() {
        let errors = numbers("a,c\n1,2\n").unwrap_err();
        assert_eq!(errors.len(), 1);
        assert!(
            errors[0].reason.contains("missing: [b]") && errors[0].reason.contains("unknown: [c]"),
            "{}",
            errors[0]
        );
    }

    #[test]
    fn dates_must_be_real_calendar_days() {
        assert!(date("2024-02-29").is_ok());
        assert!(date("2023-02-29").is_err());
        assert!(date("2023-2-1").is_err());
    }
}
