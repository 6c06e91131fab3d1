//! Printing results: text for people, exactly one JSON document with `--json`.
//!
//! Writes go through [`text`], which treats a closed pipe (`lpc ... | head`) as the reader
//! having seen enough rather than as an error.

use std::io::{ErrorKind, Write};

use serde::Serialize;

use crate::failure::Failure;

/// Prints `value` as one JSON document on stdout.
pub fn json(value: &impl Serialize) -> Result<(), Failure> {
    let text = serde_json::to_string_pretty(value)
        .map_err(|e| Failure::other(format!("cannot render JSON: {e}")))?;
    self::text(&format!("{text}\n"))
}

/// Writes `text` to stdout as is.
pub fn text(text: &str) -> Result<(), Failure> {
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Err(e) if e.kind() != ErrorKind::BrokenPipe => {
            Err(Failure::other(format!("cannot write to stdout: {e}")))
        }
        _ => Ok(()),
    }
}
