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

/// One refusal is a list of one: lets a row's parser return a single [`RowError`] or every
/// bad field of the row.
impl From<RowError> for Vec<RowError> {
    fn from(error: RowError) -> Self {
        vec![error]
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
pub fn read<T, E: Into<Vec<RowError>>>(
    bytes: &[u8],
    columns: &'static [&'static str],
    parse: impl FnMut(&Record<'_>) -> Result<T, E>,
) -> Result<Vec<T>, Vec<RowError>> {
    let mut rows = Vec::new();
    let mut errors = Vec::new();
    visit(bytes, columns, parse, |outcome| match outcome {
        Ok(row) => rows.push(row),
        Err((found, _)) => errors.extend(found),
    })
    .map_err(|e| vec![e])?;
    if errors.is_empty() {
        Ok(rows)
    } else {
        Err(errors)
    }
}

/// Walks every record, handing `each` the parsed row or the refusal (every bad field the
/// parser found, at least one) with the record's raw cells (to write it to a rejects file).
/// `Err` only for a header that does not fit.
pub fn visit<T, E: Into<Vec<RowError>>>(
    bytes: impl std::io::Read,
    columns: &'static [&'static str],
    mut parse: impl FnMut(&Record<'_>) -> Result<T, E>,
    mut each: impl FnMut(Result<T, (Vec<RowError>, Vec<String>)>),
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
                each(Err((vec![error], Vec::new())));
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
            each(Err((vec![error], raw())));
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
            Err(errors) => each(Err((errors.into(), raw()))),
        }
    }
    Ok(())
}

/// Parses a `YYYY-MM-DD` cell.
pub fn date(text: &str) -> Result<jiff::civil::Date, String> {
    let form = || "must be a date of the form YYYY-MM-DD".to_owned();
    let bytes = text.as_bytes();
    if bytes.len() != 10 || bytes[4] != b'-' || bytes[7] != b'-' {
        return Err(form());
    }
    let number = |range: std::ops::Range<usize>| -> Result<i16, String> {
        let part = text.get(range).ok_or_else(form)?;
        if !part.bytes().all(|b| b.is_ascii_digit()) {
            return Err(form());
        }
        part.parse::<i16>().map_err(|_| form())
    };
    let (year, month, day) = (number(0..4)?, number(5..7)?, number(8..10)?);
    // Said as a person would: jiff's "parameter 'month' with value 13 is not in the required
    // range of 1..=12" is for programmers.
    if year < 1 {
        return Err(format!("has the year {year}: a year is 0001 to 9999"));
    }
    if !(1..=12).contains(&month) {
        return Err(format!("has the month {month:02}: a month is 01 to 12"));
    }
    let first = jiff::civil::Date::new(year, month as i8, 1).map_err(|_| form())?;
    let days = first.days_in_month();
    if day < 1 || day > i16::from(days) {
        return Err(format!(
            "has the day {day:02}, but {year:04}-{month:02} has {days} days"
        ));
    }
    jiff::civil::Date::new(year, month as i8, day as i8).map_err(|_| form())
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const COLUMNS: &[&str] = &["a", "b"];

    #[test]
    fn dates_are_refused_in_words_a_person_reads() {
        assert_eq!(
            date("2026-13-01").unwrap_err(),
            "has the month 13: a month is 01 to 12"
        );
        assert_eq!(
            date("2026-02-29").unwrap_err(),
            "has the day 29, but 2026-02 has 28 days"
        );
        assert_eq!(date("2028-02-29").unwrap(), jiff::civil::date(2028, 2, 29));
        assert_eq!(
            date("2026-04-31").unwrap_err(),
            "has the day 31, but 2026-04 has 30 days"
        );
        assert_eq!(
            date("2026-4-1").unwrap_err(),
            "must be a date of the form YYYY-MM-DD"
        );
        assert_eq!(
            date("2026-+4-01").unwrap_err(),
            "must be a date of the form YYYY-MM-DD"
        );
        assert_eq!(
            date("0000-01-01").unwrap_err(),
            "has the year 0: a year is 0001 to 9999"
        );
    }

    proptest! {
        /// Every calendar day reads back as itself; the day after a month's last is refused
        /// naming the month's length (month ends, leap days).
        #[test]
        fn every_day_reads_back_and_the_day_after_a_month_end_is_refused(
            year in 1i16..=9999,
            month in 1i8..=12,
            day in 1i8..=31,
        ) {
            let first = jiff::civil::Date::new(year, month, 1).unwrap();
            let text = format!("{year:04}-{month:02}-{day:02}");
            if day <= first.days_in_month() {
                prop_assert_eq!(date(&text).unwrap(), jiff::civil::Date::new(year, month, day).unwrap());
            } else {
                let refused = date(&text).unwrap_err();
                prop_assert!(refused.ends_with(&format!("has {} days", first.days_in_month())), "{}", refused);
            }
        }
    }

    fn numbers(bytes: &str) -> Result<Vec<(i32, i32)>, Vec<RowError>> {
        read(bytes.as_bytes(), COLUMNS, |r| -> Result<_, RowError> {
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
