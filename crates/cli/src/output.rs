//! Printing results: text for people, exactly one JSON document with `--json`.

use serde::Serialize;

use crate::failure::Failure;

/// Prints `value` as one JSON document on stdout.
pub fn json(value: &impl Serialize) -> Result<(), Failure> {
    let text = serde_json::to_string_pretty(value)
        .map_err(|e| Failure::other(format!("cannot render JSON: {e}")))?;
    println!("{text}");
    Ok(())
}
