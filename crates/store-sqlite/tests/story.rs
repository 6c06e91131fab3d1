//! The shared story tests (`lpc_store::story`) against SQLite, each on a fresh database file.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests: a panic is a failed test

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use lpc_store::story::SharedStore;

async fn run<F>(name: &str, story: F)
where
    F: FnOnce(SharedStore) -> Pin<Box<dyn Future<Output = ()> + Send>>,
{
    let dir = tempfile::tempdir().unwrap();
    let url = format!(
        "sqlite://{}",
        dir.path().join(format!("{name}.db")).display()
    );
    let store = lpc_store_sqlite::open(&url).await.unwrap();
    story(Arc::new(store)).await;
}

lpc_store::story_tests!(run);
