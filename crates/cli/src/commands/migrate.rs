//! `lpc migrate`: bring the database schema up to date.

use crate::backend;
use crate::config::Config;
use crate::failure::Failure;

pub async fn run(config: &Config) -> Result<(), Failure> {
    // Opening a store applies its pending migrations; running them again is a no-op.
    let store = backend::open(&config.db).await?;
    store
        .migrate()
        .await
        .map_err(|e| Failure::other(e.to_string()))?;
    println!("{} database is up to date", store.backend());
    store.close().await;
    Ok(())
}
