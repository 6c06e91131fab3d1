//! The operator's competitors (R25): names no landing page may mention.

use lpc_domain::access::Action;
use serde_json::json;

use super::draft;
use crate::{Actor, App, AppError};

/// The longest competitor name, in characters.
pub const COMPETITOR_MAX: usize = 100;

/// The operator's competitors (R25).
pub async fn competitors(app: &App, actor: &Actor) -> Result<Vec<String>, AppError> {
    actor.authorize(Action::OperateProgram)?;
    Ok(app.store().directory_competitors().await?)
}

/// Adds a competitor no landing page may name (R25); `false` when it is listed already.
pub async fn add_competitor(app: &App, actor: &Actor, name: &str) -> Result<bool, AppError> {
    actor.authorize(Action::OperateProgram)?;
    let name = name.trim();
    let chars = name.chars().count();
    if chars == 0 || chars > COMPETITOR_MAX || name.chars().any(char::is_control) {
        return Err(AppError::invalid(
            "name",
            format!("a competitor's name has 1 to {COMPETITOR_MAX} characters, not {chars}"),
        ));
    }
    let audit = draft(
        app,
        actor,
        "directory.competitor.add",
        format!("competitor:{name}"),
        json!({}),
    );
    Ok(app.store().add_directory_competitor(name, &audit).await?)
}

/// Removes a competitor; `false` when it was not listed.
pub async fn remove_competitor(app: &App, actor: &Actor, name: &str) -> Result<bool, AppError> {
    actor.authorize(Action::OperateProgram)?;
    let name = name.trim();
    let audit = draft(
        app,
        actor,
        "directory.competitor.remove",
        format!("competitor:{name}"),
        json!({}),
    );
    Ok(app
        .store()
        .remove_directory_competitor(name, &audit)
        .await?)
}
