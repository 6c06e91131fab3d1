//! Runs a test on a fresh PostgreSQL database, dropped afterwards even when the test fails.

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use lpc_store::story::SharedStore;
use lpc_store_postgres::PgStore;
use lpc_store_postgres::testing::{FreshDatabase, server_url};

/// Runs `story` on a fresh database (the harness of `lpc_store::story_tests!`).
#[allow(dead_code)]
pub async fn run<F>(name: &str, story: F)
where
    F: FnOnce(SharedStore) -> Pin<Box<dyn Future<Output = ()> + Send>>,
{
    with_store(name, |store| story(store)).await;
}

/// Like [`run`], for tests that need the concrete store (to reach under the trait).
pub async fn with_store<F, Fut>(name: &str, test: F)
where
    F: FnOnce(Arc<PgStore>) -> Fut,
    Fut: Future<Output = ()> + Send + 'static,
{
    let db = FreshDatabase::create(name)
        .await
        .unwrap_or_else(|e| panic!("PostgreSQL must be reachable at {}: {e}", server_url()));
    let outcome = match lpc_store_postgres::open(&db.url).await {
        Ok(store) => {
            let store = Arc::new(store);
            let pool = store.pool().clone();
            // A panic inside the spawned task comes back as an error instead of unwinding
            // past the clean-up below.
            let result = tokio::spawn(test(store)).await;
            pool.close().await;
            result.map_err(|e| e.into_panic())
        }
        Err(e) => Err(Box::new(format!("opening the fresh database failed: {e}")) as _),
    };
    db.drop_now().await.expect("test database dropped");
    if let Err(panic) = outcome {
        std::panic::resume_unwind(panic);
    }
}
