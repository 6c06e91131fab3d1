//! Where in a rule file an error is: byte spans to lines and columns, spans to dotted key
//! paths (for deserializer errors, which carry a span but no usable path), and dotted paths
//! to spans (for [`RuleSet::validate`](lpc_domain::rules::RuleSet::validate) errors, which
//! carry a path but no span).

use std::ops::Range;

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use super::RuleFileError;

/// 1-based line and column (in characters, as editors count) of a byte offset.
pub(super) fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(text.len());
    // A span never splits a character, but clamp to one anyway rather than panic on slicing.
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before[line_start..].chars().count() + 1;
    (line, column)
}

/// A syntax error the parser recovered from, at its position; the field is the key there if
/// the recovered document has one.
pub(super) fn syntax_error(
    file: &str,
    text: &str,
    root: &Spanned<DeValue<'_>>,
    error: &toml::de::Error,
) -> RuleFileError {
    let span = error.span();
    let field = span
        .as_ref()
        .and_then(|span| path_at(root, span.start).or_else(|| key_before(root, text, span.start)))
        .unwrap_or_else(|| "syntax".to_owned());
    at_span(
        file,
        text,
        span,
        field,
        format!("TOML syntax: {}", error.message()),
    )
}

/// A deserializer error (wrong type, unknown or missing key, bad date or amount), with the
/// key path found from its span; a missing key is named inside the table that lacks it.
pub(super) fn type_error(
    file: &str,
    text: &str,
    root: &Spanned<DeValue<'_>>,
    error: &toml::de::Error,
) -> RuleFileError {
    // An error about the document itself (a missing top-level key) carries the root's span,
    // which is empty and would otherwise point at the first key of the file.
    let span = error.span().filter(|span| *span != root.span());
    let path = span.as_ref().and_then(|span| path_at(root, span.start));
    let missing = missing_field(error.message());
    let field = match (&path, missing) {
        (Some(path), Some(key)) => format!("{path}.{key}"),
        (None, Some(key)) => key.to_owned(),
        (Some(path), None) => path.clone(),
        (None, None) => "document".to_owned(),
    };
    at_span(file, text, span, field, error.message().to_owned())
}

/// A [`RuleSet::validate`](lpc_domain::rules::RuleSet::validate) error at the line of its
/// field, else of the nearest enclosing table the file has, else without a line.
pub(super) fn rule_error(
    file: &str,
    text: &str,
    path: &str,
    message: impl Into<String>,
) -> RuleFileError {
    let span = DeTable::parse(text)
        .ok()
        .and_then(|doc| span_of_path(&DeValue::Table(doc.into_inner()), path));
    at_span(file, text, span, path.to_owned(), message.into())
}

fn at_span(
    file: &str,
    text: &str,
    span: Option<Range<usize>>,
    field: String,
    message: String,
) -> RuleFileError {
    let (line, column) = match span {
        Some(span) => {
            let (line, column) = line_column(text, span.start);
            (Some(line), Some(column))
        }
        None => (None, None),
    };
    RuleFileError {
        file: file.to_owned(),
        line,
        column,
        field,
        message,
    }
}

/// `missing field `kpi_points`` -> `kpi_points`: serde's wording, stable across versions.
fn missing_field(message: &str) -> Option<&str> {
    message
        .strip_prefix("missing field `")?
        .split('`')
        .next()
        .filter(|key| !key.is_empty())
}

/// One step of a dotted path: `tiers`, `[3]`.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Step<'a> {
    Key(&'a str),
    Index(usize),
}

/// `omlp_types[3].cap` -> `omlp_types`, `[3]`, `cap`. Rule paths never quote keys.
fn steps(path: &str) -> Vec<Step<'_>> {
    let mut steps = Vec::new();
    for part in path.split('.') {
        let mut pieces = part.split('[');
        if let Some(key) = pieces.next().filter(|key| !key.is_empty()) {
            steps.push(Step::Key(key));
        }
        for index in pieces {
            if let Ok(index) = index.trim_end_matches(']').parse() {
                steps.push(Step::Index(index));
            }
        }
    }
    steps
}

/// The span of the deepest value along `path` that the document has. A table's span is its
/// header (`[tiers.gold]`, `[[omlp_types]]`), a key's value its value, so a missing key
/// falls back to the line of its table. `None` when not even the first step exists.
fn span_of_path(root: &DeValue<'_>, path: &str) -> Option<Range<usize>> {
    let mut best = None;
    let mut current = root;
    for step in steps(path) {
        let next = match step {
            Step::Key(key) => current.get(key),
            Step::Index(index) => current.get(index),
        };
        let Some(next) = next else { break };
        best = Some(next.span());
        current = next.get_ref();
    }
    best
}

/// The dotted path of the smallest key or value whose span contains `offset`; deeper wins a
/// tie (an array of tables and its first table share the first header's span).
fn path_at(root: &Spanned<DeValue<'_>>, offset: usize) -> Option<String> {
    let mut best: Option<(usize, usize, String)> = None;
    let mut consider = |span: Range<usize>, depth: usize, path: &str| {
        let contains = span.contains(&offset) || (span.is_empty() && span.start == offset);
        if !contains || path.is_empty() {
            return;
        }
        let better = best
            .as_ref()
            .is_none_or(|(len, d, _)| span.len() < *len || (span.len() == *len && depth > *d));
        if better {
            best = Some((span.len(), depth, path.to_owned()));
        }
    };
    walk(root, "", 0, &mut consider);
    best.map(|(_, _, path)| path)
}

/// The path of the last key or value that starts on the line of `offset`, before it: the
/// key a syntax error's line is about (`exam_passes = = 4`), when the recovered document
/// kept it.
fn key_before(root: &Spanned<DeValue<'_>>, text: &str, offset: usize) -> Option<String> {
    let line = line_column(text, offset).0;
    let mut best: Option<(usize, usize, String)> = None;
    let mut consider = |span: Range<usize>, depth: usize, path: &str| {
        if path.is_empty() || span.start > offset || line_column(text, span.start).0 != line {
            return;
        }
        let better = best.as_ref().is_none_or(|(start, d, _)| {
            span.start > *start || (span.start == *start && depth > *d)
        });
        if better {
            best = Some((span.start, depth, path.to_owned()));
        }
    };
    walk(root, "", 0, &mut consider);
    best.map(|(_, _, path)| path)
}

/// Calls `visit` with the span, depth and dotted path of every key and value under `value`.
fn walk(
    value: &Spanned<DeValue<'_>>,
    path: &str,
    depth: usize,
    visit: &mut impl FnMut(Range<usize>, usize, &str),
) {
    visit(value.span(), depth, path);
    match value.get_ref() {
        DeValue::Table(table) => {
            for (key, child) in table.iter() {
                let child_path = if path.is_empty() {
                    key.get_ref().to_string()
                } else {
                    format!("{path}.{}", key.get_ref())
                };
                visit(key.span(), depth + 1, &child_path);
                walk(child, &child_path, depth + 1, visit);
            }
        }
        DeValue::Array(items) => {
            for (index, child) in items.iter().enumerate() {
                walk(child, &format!("{path}[{index}]"), depth + 1, visit);
            }
        }
        _ => {}
    }
}
