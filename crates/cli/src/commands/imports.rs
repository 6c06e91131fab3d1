//! `lpc trainers import FILE` and `lpc exams import FILE`: whole file or nothing.

use std::path::Path;

use lpc_app::{Actor, App, exams, trainers};

use crate::failure::Failure;
use crate::output;

/// Reads the file, naming it when it cannot be read (exit 1: nothing was refused by a rule).
fn read(path: &Path) -> Result<(String, Vec<u8>), Failure> {
    let bytes = std::fs::read(path)
        .map_err(|e| Failure::other(format!("{}: cannot read it: {e}", path.display())))?;
    Ok((path.display().to_string(), bytes))
}

pub async fn trainers(app: &App, path: &Path, json: bool) -> Result<(), Failure> {
    let (name, bytes) = read(path)?;
    let done = trainers::import(app, &Actor::local(), &name, &bytes).await?;
    if json {
        return output::json(&done);
    }
    println!(
        "{}: {} rows; {} trainers added, {} updated, {} unchanged",
        done.file, done.rows, done.counts.added, done.counts.updated, done.counts.unchanged
    );
    if done.unregistered_partners > 0 {
        println!(
            "note: {} partner IDs are not registered yet; their trainers count once they register",
            done.unregistered_partners
        );
    }
    Ok(())
}

pub async fn exams(app: &App, path: &Path, json: bool) -> Result<(), Failure> {
    let (name, bytes) = read(path)?;
    let done = exams::import(app, &Actor::local(), &name, &bytes).await?;
    if json {
        return output::json(&done);
    }
    println!(
        "{}: {} rows; {} exam passes added, {} already stored",
        done.file, done.rows, done.counts.added, done.counts.unchanged
    );
    if !done.unmapped_exam_codes.is_empty() {
        println!(
            "note: no rule set maps these exam codes to a competency, so they count towards nothing: {}",
            done.unmapped_exam_codes.join(", ")
        );
    }
    Ok(())
}
