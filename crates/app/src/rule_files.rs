//! Loading rule sets from TOML files: the ones embedded in the binary, or a `--rules DIR`.
//!
//! An operator writes a rule file by hand once a program year, so a loader that stops at the
//! first mistake makes them run `lpc rules check` once per typo. This one reports every error
//! it can find, each as [`RuleFileError`] with file, line, column and field:
//!
//! 1. TOML syntax: every error the parser recovers from.
//! 2. Types, unknown and missing keys (the deserializer): the first error of the document,
//!    plus the first of each table of an array of tables and of each tier, since serde itself
//!    stops at the first.
//! 3. [`RuleSet::validate`] (a negative threshold, an unknown OMLP type in a cap, a waiver
//!    window that ends before it starts, ...): all of them, their dotted paths mapped back to
//!    the file's lines.
//! 4. Across the files of a directory ([`RuleBook::new`]): two rule sets with the same
//!    effective date, naming both files (R14).
//!
//! Each stage runs on the files the previous one accepted: a file that does not parse cannot
//! be validated.

mod locate;
mod summary;
#[cfg(test)]
mod tests;

use std::fmt;
use std::path::Path;

use lpc_domain::rules::{
    Competency, ExamMapping, OmlpType, RuleBook, RuleBookError, RuleSet, SharedCap, TierRules,
    Waiver,
};
use serde::Deserialize;
use serde::de::DeserializeOwned;
use toml::Spanned;
use toml::de::{DeTable, DeValue, ValueDeserializer};

use crate::error::AppError;

pub use summary::{CompetencySummary, RuleSetSummary, summary};

/// The rule sets shipped in `rules/`, compiled into the binary.
const EMBEDDED: [(&str, &str); 3] = [
    (
        "rules/2018-07-01.toml",
        include_str!("../../../rules/2018-07-01.toml"),
    ),
    (
        "rules/2020-07-01.toml",
        include_str!("../../../rules/2020-07-01.toml"),
    ),
    (
        "rules/2025-07-01.toml",
        include_str!("../../../rules/2025-07-01.toml"),
    ),
];

/// One problem of a rule file, located as precisely as the file allows, so that an operator
/// can jump to it: `rules/2025-07-01.toml:182:14: tiers.gold.kpi_points: must not be negative`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleFileError {
    /// The file (or directory, for a problem with the directory itself) as the user named it.
    pub file: String,
    /// 1-based line; `None` when the problem has no place in the file (a missing table).
    pub line: Option<usize>,
    /// 1-based column, in characters; set whenever `line` is.
    pub column: Option<usize>,
    /// The dotted path of the key (`tiers.gold.kpi_points`, `waivers[0].to`), or `path`,
    /// `file`, `syntax` for problems that are not about one key.
    pub field: String,
    pub message: String,
}

impl fmt::Display for RuleFileError {
    /// `FILE:LINE:COL: FIELD: MESSAGE`, the form editors and `grep -n` users recognize, or
    /// `FILE: FIELD: MESSAGE` without a line.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file)?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
            if let Some(column) = self.column {
                write!(f, ":{column}")?;
            }
        }
        write!(f, ": {}: {}", self.field, self.message)
    }
}

impl std::error::Error for RuleFileError {}

impl RuleFileError {
    /// A problem with a file or directory as a whole (unreadable, empty, missing).
    fn whole(file: impl Into<String>, field: &str, message: impl Into<String>) -> Self {
        Self {
            file: file.into(),
            line: None,
            column: None,
            field: field.to_owned(),
            message: message.into(),
        }
    }
}

/// The embedded rule book, as every command uses it when no `--rules DIR` is given.
///
/// Kept with this signature for the use cases and tests that only need "the default rules";
/// [`embedded_book`] gives the located errors.
pub fn embedded() -> Result<RuleBook, AppError> {
    embedded_book().map_err(|errors| to_app_error(&errors))
}

/// The embedded rule book, or every error of the embedded files (a build shipping a broken
/// `rules/` must say where, like any other rule set).
pub fn embedded_book() -> Result<RuleBook, Vec<RuleFileError>> {
    let sources = EMBEDDED
        .iter()
        .map(|(name, text)| Source {
            name: (*name).to_owned(),
            text: (*text).to_owned(),
        })
        .collect();
    load_sources("rules", sources)
}

/// The rule book of `--rules DIR` when given, else the embedded one: what every command that
/// decides anything runs on.
pub fn load(dir: Option<&Path>) -> Result<RuleBook, Vec<RuleFileError>> {
    match dir {
        Some(dir) => load_dir(dir),
        None => embedded_book(),
    }
}

/// Every `*.toml` file of `dir`, in file-name order, as one rule book.
///
/// A missing directory, a path that is not a directory, or a directory without any `.toml`
/// file is an error: running on no rules at all would refuse every decision later, far from
/// the cause.
pub fn load_dir(dir: &Path) -> Result<RuleBook, Vec<RuleFileError>> {
    let origin = dir.display().to_string();
    if !dir.is_dir() {
        let message = if dir.exists() {
            "is not a directory: --rules takes a directory of rule-set .toml files"
        } else {
            "no such directory"
        };
        return Err(vec![RuleFileError::whole(origin, "path", message)]);
    }
    let sources = read_dir(dir)?;
    load_sources(&origin, sources)
}

/// A rule file or a directory of them, as `lpc rules check PATH` accepts.
pub fn load_path(path: &Path) -> Result<RuleBook, Vec<RuleFileError>> {
    if path.is_dir() {
        return load_dir(path);
    }
    let origin = path.display().to_string();
    if !path.exists() {
        return Err(vec![RuleFileError::whole(
            origin,
            "path",
            "no such file or directory",
        )]);
    }
    let source = read_file(path).map_err(|error| vec![error])?;
    load_sources(&origin, vec![source])
}

/// One rule file's text (an upload, named `name` in errors), checked exactly as
/// `lpc rules check FILE` checks a file: the rule set, or every error with line, column and
/// field.
pub fn check_text(name: &str, text: &str) -> Result<RuleSet, Vec<RuleFileError>> {
    let source = Source {
        name: name.to_owned(),
        text: text.to_owned(),
    };
    let book = load_sources(name, vec![source])?;
    book.sets().first().cloned().ok_or_else(|| {
        vec![RuleFileError::whole(
            name,
            "path",
            "no rule set: at least one is needed (R14)",
        )]
    })
}

/// Every error of a rule file or directory; empty when it can be used.
pub fn check_path(path: &Path) -> Vec<RuleFileError> {
    load_path(path).err().unwrap_or_default()
}

/// All errors as one [`AppError::Invalid`] on field `rules`, one error per line, for callers
/// that only report an [`AppError`].
pub fn to_app_error(errors: &[RuleFileError]) -> AppError {
    let lines: Vec<String> = errors.iter().map(ToString::to_string).collect();
    AppError::invalid("rules", lines.join("\n"))
}

/// A rule file's name as reported, and its text.
struct Source {
    name: String,
    text: String,
}

fn read_dir(dir: &Path) -> Result<Vec<Source>, Vec<RuleFileError>> {
    let origin = dir.display().to_string();
    let entries = std::fs::read_dir(dir).map_err(|e| {
        vec![RuleFileError::whole(
            &origin,
            "path",
            format!("cannot read the directory: {e}"),
        )]
    })?;
    let mut paths = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|e| {
            vec![RuleFileError::whole(
                &origin,
                "path",
                format!("cannot read the directory: {e}"),
            )]
        })?;
        let path = entry.path();
        if path.is_file() && path.extension().is_some_and(|ext| ext == "toml") {
            paths.push(path);
        }
    }
    if paths.is_empty() {
        return Err(vec![RuleFileError::whole(
            origin,
            "path",
            "no rule set: the directory has no .toml file",
        )]);
    }
    // File-name order makes error lists and "overlapping" messages stable across runs.
    paths.sort();
    let mut sources = Vec::new();
    let mut errors = Vec::new();
    for path in paths {
        match read_file(&path) {
            Ok(source) => sources.push(source),
            Err(error) => errors.push(error),
        }
    }
    if errors.is_empty() {
        Ok(sources)
    } else {
        Err(errors)
    }
}

fn read_file(path: &Path) -> Result<Source, RuleFileError> {
    let name = path.display().to_string();
    match std::fs::read_to_string(path) {
        Ok(text) => Ok(Source { name, text }),
        Err(e) => Err(RuleFileError::whole(
            name,
            "file",
            format!("cannot read it: {e}"),
        )),
    }
}

/// Parses every source, then checks the sets that parsed together; reports everything found,
/// ordered by file and line.
fn load_sources(origin: &str, sources: Vec<Source>) -> Result<RuleBook, Vec<RuleFileError>> {
    // (source index, error), so that the final list can be ordered by file.
    let mut errors: Vec<(usize, RuleFileError)> = Vec::new();
    let mut indexes = Vec::new();
    let mut sets = Vec::new();
    for (index, source) in sources.iter().enumerate() {
        match parse(source) {
            Ok(set) => {
                indexes.push(index);
                sets.push(set);
            }
            Err(found) => errors.extend(found.into_iter().map(|e| (index, e))),
        }
    }
    // With no set read there is nothing to check together (and "no rule set" would be noise).
    if !sets.is_empty() {
        match RuleBook::new(sets) {
            Ok(book) if errors.is_empty() => return Ok(book),
            Ok(_) => {}
            Err(book_errors) => {
                for error in book_errors {
                    errors.push(book_error(origin, &sources, &indexes, error));
                }
            }
        }
    } else if errors.is_empty() {
        errors.push((
            0,
            RuleFileError::whole(origin, "path", "no rule set: at least one is needed (R14)"),
        ));
    }
    errors.sort_by_key(|(index, e)| (*index, e.line.unwrap_or(0), e.column.unwrap_or(0)));
    Err(errors.into_iter().map(|(_, e)| e).collect())
}

/// Reads one file into a rule set, or every syntax or type error it has (stages 1 and 2).
fn parse(source: &Source) -> Result<RuleSet, Vec<RuleFileError>> {
    let (doc, syntax) = DeTable::parse_recoverable(&source.text);
    let root = Spanned::new(doc.span(), DeValue::Table(doc.into_inner()));
    if !syntax.is_empty() {
        // What the parser recovered is a guess: its types and values would only add noise.
        let mut errors: Vec<RuleFileError> = syntax
            .iter()
            .map(|e| locate::syntax_error(&source.name, &source.text, &root, e))
            .collect();
        errors.sort_by_key(|e| (e.line.unwrap_or(0), e.column.unwrap_or(0)));
        return Err(errors);
    }
    let first = match RuleSet::deserialize(ValueDeserializer::from(root.clone())) {
        Ok(set) => return Ok(set),
        Err(first) => first,
    };
    let mut found = part_errors(root.get_ref());
    found.push(first);
    let mut errors: Vec<RuleFileError> = Vec::new();
    for error in found {
        let located = locate::type_error(&source.name, &source.text, &root, &error);
        if !errors.contains(&located) {
            errors.push(located);
        }
    }
    errors.sort_by_key(|e| (e.line.unwrap_or(0), e.column.unwrap_or(0)));
    Err(errors)
}

/// Serde stops at the first error of a document. Deserializing each table of the arrays of
/// tables, and each tier, on its own finds the first error of every one of them, so that a
/// file with a typo in two competencies reports both.
///
/// This mirrors the shape of [`RuleSet`]; a part added there and not here still has its
/// first error reported by the whole-document pass.
fn part_errors(root: &DeValue<'_>) -> Vec<toml::de::Error> {
    let mut errors = Vec::new();
    each::<Competency>(root, "competencies", &mut errors);
    each::<ExamMapping>(root, "exams", &mut errors);
    each::<OmlpType>(root, "omlp_types", &mut errors);
    each::<SharedCap>(root, "caps", &mut errors);
    each::<Waiver>(root, "waivers", &mut errors);
    if let Some(DeValue::Table(tiers)) = root.get("tiers").map(Spanned::get_ref) {
        for (_, tier) in tiers.iter() {
            if let Err(e) = TierRules::deserialize(ValueDeserializer::from(tier.clone())) {
                errors.push(e);
            }
        }
    }
    errors
}

fn each<T: DeserializeOwned>(root: &DeValue<'_>, key: &str, errors: &mut Vec<toml::de::Error>) {
    if let Some(DeValue::Array(items)) = root.get(key).map(Spanned::get_ref) {
        for item in items.iter() {
            if let Err(e) = T::deserialize(ValueDeserializer::from(item.clone())) {
                errors.push(e);
            }
        }
    }
}

/// Locates a [`RuleBook::new`] error in the file it comes from (stages 3 and 4).
fn book_error(
    origin: &str,
    sources: &[Source],
    indexes: &[usize],
    error: RuleBookError,
) -> (usize, RuleFileError) {
    let source_of = |set: usize| {
        let index = indexes.get(set).copied().unwrap_or(0);
        (index, sources.get(index))
    };
    match error {
        RuleBookError::Invalid { index, error, .. } => {
            let (index, source) = source_of(index);
            let located = match source {
                Some(source) => {
                    locate::rule_error(&source.name, &source.text, &error.path, error.message)
                }
                None => RuleFileError::whole(origin, &error.path, error.message),
            };
            (index, located)
        }
        RuleBookError::Overlapping {
            effective_from,
            first,
            first_name,
            second,
            ..
        } => {
            let first_file = source_of(first)
                .1
                .map_or_else(|| format!("rule set #{first}"), |s| s.name.clone());
            let message = format!(
                "overlapping effective dates: {first_file} ({first_name}) also takes effect on \
                 {effective_from}; the rule set in force on a date must be unambiguous (R14)"
            );
            let (index, source) = source_of(second);
            let located = match source {
                Some(source) => {
                    locate::rule_error(&source.name, &source.text, "effective_from", message)
                }
                None => RuleFileError::whole(origin, "effective_from", message),
            };
            (index, located)
        }
        RuleBookError::Empty => (
            0,
            RuleFileError::whole(origin, "path", "no rule set: at least one is needed (R14)"),
        ),
    }
}
