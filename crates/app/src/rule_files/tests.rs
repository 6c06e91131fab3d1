#![allow(clippy::unwrap_used, clippy::expect_used)] // tests: a panic is a failed test

use std::path::Path;

use jiff::civil::date;
use lpc_domain::KpiPoints;
use lpc_domain::learning_option::LearningOption;

use super::*;

/// A small valid rule set; tests derive broken ones from it with `replace`.
const VALID: &str = r#"name = "Test"
effective_from = 2024-07-01
guidelines_version = "T-1"
silver_to_gold_discount_percent = 25

[[competencies]]
id = "cloud_platform"
name = "Cloud Platform"
tiers = ["silver", "gold"]

[[competencies]]
id = "security"
name = "Security"
tiers = ["silver", "gold"]

[[exams]]
code = "AZ-104"
competencies = ["cloud_platform"]

[[exams]]
code = "AZ-500"
competencies = ["security", "cloud_platform"]

[tiers.action_pack]
mct_count = 1
exam_passes = 0
kpi_points = 0
kpi_at_enrollment = false
kpi_at_renewal = false
performance_commitment = false
fee = { amount = "475.00", currency = "USD" }

[tiers.silver]
mct_count = 2
exam_passes = 2
kpi_points = 250
kpi_at_enrollment = false
kpi_at_renewal = true
performance_commitment = true
fee = { amount = "1900.00", currency = "USD" }

[tiers.gold]
mct_count = 4
exam_passes = 4
kpi_points = 1000
kpi_at_enrollment = true
kpi_at_renewal = true
performance_commitment = true
fee = { amount = "5100.00", currency = "USD" }

[[omlp_types]]
id = "moc"
points_per_unit = 1

[[omlp_types]]
id = "labs_online"
points_per_unit = 0.5
cap = 300

[[waivers]]
id = "extension"
from = 2025-01-01
to = 2025-06-30
waives = ["requirements"]
fee_due = true
"#;

fn source(name: &str, text: &str) -> Source {
    Source {
        name: name.to_owned(),
        text: text.to_owned(),
    }
}

fn errors_of(text: &str) -> Vec<RuleFileError> {
    load_sources("t", vec![source("t.toml", text)]).unwrap_err()
}

/// The 1-based line and column where `needle` starts in `text`.
fn position(text: &str, needle: &str) -> (usize, usize) {
    let offset = text.find(needle).expect("needle in text");
    locate::line_column(text, offset)
}

fn at(error: &RuleFileError) -> (Option<usize>, Option<usize>, &str) {
    (error.line, error.column, error.field.as_str())
}

#[test]
fn the_embedded_files_load_and_r14_picks_the_set_in_force() {
    let book = embedded().unwrap();
    assert_eq!(book.sets().len(), 3);
    // R14: the latest effective date on or before the date; none before the first.
    assert_eq!(book.in_force_on(date(2018, 6, 30)), None);
    assert_eq!(book.in_force_on(date(2020, 6, 30)).unwrap().name, "FY19");
    assert_eq!(book.in_force_on(date(2024, 1, 1)).unwrap().name, "FY21");
    assert_eq!(book.in_force_on(date(2025, 6, 30)).unwrap().name, "FY21");
    assert_eq!(book.in_force_on(date(2025, 7, 1)).unwrap().name, "FY26");
    // The shipped values are PROGRAM.md's defaults (R4, R8, R9, R11, R23).
    let fy21 = book.in_force_on(date(2021, 1, 1)).unwrap();
    assert_eq!(fy21.tiers.action_pack.mct_count, 1);
    assert_eq!(fy21.tiers.silver.mct_count, 2);
    assert_eq!(fy21.tiers.gold.kpi_points, KpiPoints::whole(1000));
    assert!(fy21.tiers.gold.kpi_at_enrollment && !fy21.tiers.silver.kpi_at_enrollment);
    assert_eq!(fy21.silver_to_gold_discount_percent, 25);
    let r23 = fy21
        .waiver_for(date(2021, 3, 1), Some("cloud_platform"))
        .unwrap();
    assert!(r23.fee_due);
    assert!(
        fy21.waiver_for(date(2021, 3, 1), Some("cloud_business_applications"))
            .is_none()
    );
    assert!(embedded_book().is_ok());
}

#[test]
fn line_and_column_count_lines_from_one_and_characters_not_bytes() {
    let text = "a = 1\nné = \"x\"\n";
    assert_eq!(locate::line_column(text, 0), (1, 1));
    assert_eq!(locate::line_column(text, 4), (1, 5));
    assert_eq!(locate::line_column(text, 6), (2, 1));
    // "né" is three bytes: the `=` after "né " (byte 10) is the fourth character.
    assert_eq!(locate::line_column(text, 10), (2, 4));
    assert_eq!(locate::line_column(text, 999), (3, 1));
}

#[test]
fn display_is_file_line_column_field_message_or_file_field_message() {
    let mut error = RuleFileError {
        file: "rules/x.toml".to_owned(),
        line: Some(12),
        column: Some(14),
        field: "tiers.gold.kpi_points".to_owned(),
        message: "must not be negative (found -1000)".to_owned(),
    };
    assert_eq!(
        error.to_string(),
        "rules/x.toml:12:14: tiers.gold.kpi_points: must not be negative (found -1000)"
    );
    error.line = None;
    error.column = None;
    assert_eq!(
        error.to_string(),
        "rules/x.toml: tiers.gold.kpi_points: must not be negative (found -1000)"
    );
}

#[test]
fn a_valid_text_loads() {
    let book = load_sources("t", vec![source("t.toml", VALID)]).unwrap();
    assert_eq!(book.sets()[0].name, "Test");
}

#[test]
fn every_validation_error_is_reported_at_the_line_of_its_field() {
    // R8/R9 thresholds, an R12 cap naming an unknown type, an R23 window ending before it
    // starts: three errors, all reported in one pass, in line order.
    let text = VALID
        .replace("kpi_points = 1000", "kpi_points = -1000")
        .replace("to = 2025-06-30", "to = 2024-12-31")
        .replace(
            "[[waivers]]",
            "[[caps]]\nomlp_types = [\"labs_online\", \"mta\"]\npoints = 100\n\n[[waivers]]",
        );
    let errors = errors_of(&text);
    assert_eq!(errors.len(), 3, "{errors:#?}");
    let (line, column) = position(&text, "-1000");
    assert_eq!(
        at(&errors[0]),
        (Some(line), Some(column), "tiers.gold.kpi_points")
    );
    assert_eq!(errors[0].message, "must not be negative (found -1000)");
    let (line, column) = position(&text, "\"mta\"");
    assert_eq!(
        at(&errors[1]),
        (Some(line), Some(column), "caps[0].omlp_types[1]")
    );
    assert!(errors[1].message.contains("unknown OMLP type \"mta\""));
    let (line, column) = position(&text, "2024-12-31");
    assert_eq!(at(&errors[2]), (Some(line), Some(column), "waivers[0].to"));
    assert!(
        errors[2]
            .message
            .contains("ends (2024-12-31) before it starts (2025-01-01)")
    );
    assert!(errors.iter().all(|e| e.file == "t.toml"));
}

#[test]
fn a_path_the_file_lacks_falls_back_to_its_table_or_to_no_line() {
    let text = VALID.replace("tiers = [\"silver\", \"gold\"]", "tiers = []");
    let errors = errors_of(&text);
    assert_eq!(errors[0].field, "competencies[0].tiers");
    assert_eq!(errors[0].line, Some(position(&text, "tiers = []").0));
    // Walked as far as the file goes: `tiers.gold` exists, `tiers.gold.nothing` does not.
    let gold = locate::rule_error("t.toml", VALID, "tiers.gold.nothing", "m");
    assert_eq!(gold.line, Some(position(VALID, "[tiers.gold]").0));
    let nowhere = locate::rule_error("t.toml", VALID, "caps", "m");
    assert_eq!((nowhere.line, nowhere.column), (None, None));
    assert_eq!(nowhere.to_string(), "t.toml: caps: m");
}

#[test]
fn type_errors_in_several_tables_are_all_reported_with_their_keys() {
    let text = VALID
        .replace("name = \"Security\"", "nme = \"Security\"")
        .replace("mct_count = 4", "mct_count = \"four\"")
        .replace("points_per_unit = 0.5", "points_per_unit = 0.0001");
    let errors = errors_of(&text);
    assert_eq!(errors.len(), 3, "{errors:#?}");
    let (line, column) = position(&text, "nme");
    assert_eq!(
        at(&errors[0]),
        (Some(line), Some(column), "competencies[1].nme")
    );
    assert!(errors[0].message.starts_with("unknown field `nme`"));
    let (line, column) = position(&text, "\"four\"");
    assert_eq!(
        at(&errors[1]),
        (Some(line), Some(column), "tiers.gold.mct_count")
    );
    let (line, column) = position(&text, "0.0001");
    assert_eq!(
        at(&errors[2]),
        (Some(line), Some(column), "omlp_types[1].points_per_unit")
    );
}

#[test]
fn a_missing_key_is_named_in_its_table_at_the_table_header() {
    let text = VALID.replace("kpi_points = 1000\n", "");
    let errors = errors_of(&text);
    assert_eq!(errors.len(), 1, "{errors:#?}");
    let (line, column) = position(&text, "[tiers.gold]");
    assert_eq!(
        at(&errors[0]),
        (Some(line), Some(column), "tiers.gold.kpi_points")
    );
    assert_eq!(errors[0].message, "missing field `kpi_points`");

    let text = VALID.replace("guidelines_version = \"T-1\"\n", "");
    let errors = errors_of(&text);
    assert_eq!(at(&errors[0]), (None, None, "guidelines_version"));
}

#[test]
fn dates_with_a_time_and_amounts_with_too_many_decimals_are_refused_where_written() {
    let text = VALID
        .replace(
            "effective_from = 2024-07-01",
            "effective_from = 2024-07-01T00:00:00",
        )
        .replace("\"5100.00\"", "\"5100.001\"");
    let errors = errors_of(&text);
    assert_eq!(errors.len(), 2, "{errors:#?}");
    let (line, column) = position(&text, "2024-07-01T00:00:00");
    assert_eq!(at(&errors[0]), (Some(line), Some(column), "effective_from"));
    assert!(errors[0].message.contains("must be written YYYY-MM-DD"));
    let (line, column) = position(&text, "{ amount = \"5100.001\"");
    assert_eq!(at(&errors[1]), (Some(line), Some(column), "tiers.gold.fee"));
}

#[test]
fn every_syntax_error_is_reported_and_nothing_else() {
    let text = VALID
        .replace("mct_count = 4", "mct_count = = 4")
        .replace("id = \"moc\"", "id = \"moc")
        // A type error the recovered document would show: not reported, it may be noise.
        .replace("mct_count = 2", "mct_count = \"two\"");
    let errors = errors_of(&text);
    assert_eq!(errors.len(), 3, "{errors:#?}");
    assert!(
        errors
            .iter()
            .all(|e| e.message.starts_with("TOML syntax: "))
    );
    let (line, column) = position(&text, "= 4");
    assert_eq!(
        (errors[0].line, errors[0].column),
        (Some(line), Some(column))
    );
    assert_eq!(errors[2].line, Some(position(&text, "id = \"moc").0));
}

fn write(dir: &Path, name: &str, text: &str) {
    std::fs::write(dir.join(name), text).unwrap();
}

#[test]
fn a_directory_loads_every_toml_file_and_ignores_other_files() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "a.toml", VALID);
    write(
        dir.path(),
        "b.toml",
        &VALID.replace("2024-07-01", "2025-07-01"),
    );
    write(dir.path(), "README.md", "not a rule set");
    let book = load_dir(dir.path()).unwrap();
    assert_eq!(book.sets().len(), 2);
    assert!(check_path(dir.path()).is_empty());
    assert!(check_path(&dir.path().join("a.toml")).is_empty());
    assert!(load(Some(dir.path())).is_ok());
}

#[test]
fn overlapping_effective_dates_name_both_files_r14() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "a.toml", VALID);
    write(
        dir.path(),
        "b.toml",
        &VALID.replace("\"Test\"", "\"Other\""),
    );
    let errors = check_path(dir.path());
    assert_eq!(errors.len(), 1, "{errors:#?}");
    let a = dir.path().join("a.toml").display().to_string();
    let b = dir.path().join("b.toml").display().to_string();
    assert_eq!(errors[0].file, b);
    assert_eq!(errors[0].field, "effective_from");
    assert_eq!(errors[0].line, Some(2));
    assert!(
        errors[0].message.contains(&format!("{a} (Test)")),
        "{}",
        errors[0]
    );
    assert!(errors[0].message.contains("2024-07-01") && errors[0].message.contains("R14"));
}

#[test]
fn errors_of_several_files_are_all_reported_in_file_order() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "b.toml",
        &VALID.replace("mct_count = 4", "mct_count = -4"),
    );
    write(
        dir.path(),
        "a.toml",
        &VALID.replace("mct_count = 2", "mct_count = ="),
    );
    write(
        dir.path(),
        "c.toml",
        &VALID.replace("2024-07-01", "2026-07-01"),
    );
    let errors = check_path(dir.path());
    let (a, b): (Vec<_>, Vec<_>) = errors.iter().partition(|e| e.file.ends_with("a.toml"));
    assert!(!a.is_empty() && a.iter().all(|e| e.message.starts_with("TOML syntax")));
    assert_eq!(b.len(), 1, "{errors:#?}");
    assert!(b[0].file.ends_with("b.toml") && b[0].field == "tiers.gold.mct_count");
    assert_eq!(
        &errors[..a.len()],
        &a.into_iter().cloned().collect::<Vec<_>>()[..]
    );
}

#[test]
fn a_missing_or_empty_directory_or_a_file_as_rules_dir_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let errors = load_dir(dir.path()).unwrap_err();
    assert_eq!(errors[0].field, "path");
    assert!(errors[0].message.contains("no .toml file"));
    let missing = dir.path().join("missing");
    let errors = load_dir(&missing).unwrap_err();
    assert!(errors[0].message.contains("no such directory"));
    assert_eq!(check_path(&missing).len(), 1);
    write(dir.path(), "a.toml", VALID);
    let errors = load_dir(&dir.path().join("a.toml")).unwrap_err();
    assert!(errors[0].message.contains("is not a directory"));
}

#[test]
fn to_app_error_lists_every_error_on_its_own_line() {
    let errors = errors_of(
        &VALID
            .replace("mct_count = 4", "mct_count = -4")
            .replace("mct_count = 2", "mct_count = -2"),
    );
    let AppError::Invalid { field, message } = to_app_error(&errors) else {
        panic!("expected Invalid");
    };
    assert_eq!(field, "rules");
    assert_eq!(message.lines().count(), 2);
    assert!(message.lines().all(|line| line.starts_with("t.toml:")));
}

#[test]
fn the_summary_inverts_the_exam_mapping_and_names_what_comes_next() {
    let book = embedded().unwrap();
    let fy21 = summary(&book, date(2024, 1, 1)).unwrap();
    assert_eq!(fy21.effective_from, date(2020, 7, 1));
    assert_eq!(fy21.next.as_ref().unwrap().effective_from, date(2025, 7, 1));
    let security = fy21
        .competencies
        .iter()
        .find(|c| c.id == "security")
        .unwrap();
    assert_eq!(
        security.tiers,
        [LearningOption::Silver, LearningOption::Gold]
    );
    assert_eq!(security.exams, ["AZ-500", "MS-500", "SC-200"]);
    let json = serde_json::to_value(&fy21).unwrap();
    assert_eq!(json["tiers"]["gold"]["kpi_points"], 1000);
    assert_eq!(json["omlp_types"][0]["cap"], serde_json::Value::Null);
    assert_eq!(json["omlp_types"][6]["cap"], 300);
    assert!(summary(&book, date(2018, 6, 30)).is_err());
    assert!(summary(&book, date(2030, 1, 1)).unwrap().next.is_none());
}
