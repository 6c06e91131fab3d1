//! Loading rule sets from TOML files: the ones embedded in the binary, or a `--rules DIR`.

use lpc_domain::rules::{RuleBook, RuleSet};

use crate::error::AppError;

/// The rule sets shipped in `rules/`, compiled into the binary.
const EMBEDDED: [(&str, &str); 2] = [
    ("rules/2020-07-01.toml", include_str!("../../../rules/2020-07-01.toml")),
    ("rules/2025-07-01.toml", include_str!("../../../rules/2025-07-01.toml")),
];

/// The embedded rule book.
pub fn embedded() -> Result<RuleBook, AppError> {
    let mut sets = Vec::new();
    for (file, text) in EMBEDDED {
        let set: RuleSet = toml::from_str(text).map_err(|e| AppError::invalid(file, e))?;
        sets.push(set);
    }
    RuleBook::new(sets).map_err(|errors| {
        let all: Vec<String> = errors.iter().map(ToString::to_string).collect();
        AppError::invalid("rules", all.join("; "))
    })
}
