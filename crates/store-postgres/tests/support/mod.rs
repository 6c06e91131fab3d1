//! A fresh PostgreSQL database per test, dropped afterwards even when the test fails.

#![allow(dead_code)]

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};

use lpc_store::story::SharedStore;
use lpc_store_postgres::PgStore;
use sqlx::{Connection, Executor, PgConnection};

/// The server the tests create their databases on (its maintenance database).
pub fn server_url() -> String {
    std::env::var("LPC_TEST_POSTGRES_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".to_owned())
}

/// A database that exists for one test.
pub struct FreshDatabase {
    pub name: String,
    pub url: String,
}

impl FreshDatabase {
    pub async fn create(label: &str) -> Self {
        static COUNTER: AtomicU32 = AtomicU32::new(0);
        let n = COUNTER.fetch_add(1, Ordering::Relaxed);
        let name = format!("lpc_test_{}_{}_{n}", std::process::id(), &label[..label.len().min(30)]);
        let mut admin = PgConnection::connect(&server_url())
            .await
            .unwrap_or_else(|e| panic!("PostgreSQL must be reachable at {}: {e}", server_url()));
        admin.execute(sqlx::AssertSqlSafe(format!("CREATE DATABASE \"{name}\""))).await.unwrap();
        let base = server_url();
        let root = base.rsplit_once('/').map_or(base.as_str(), |(root, _)| root);
        Self { url: format!("{root}/{name}"), name }
    }

    pub async fn drop_now(self) {
        let mut admin = PgConnection::connect(&server_url()).await.unwrap();
        admin
            .execute(sqlx::AssertSqlSafe(format!("DROP DATABASE IF EXISTS \"{}\" WITH (FORCE)", self.name)))
            .await
            .unwrap();
    }
}

/// Runs `story` on a fresh database; the database is dropped before a failure is re-raised.
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
    let db = FreshDatabase::create(name).await;
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
    db.drop_now().await;
    if let Err(panic) = outcome {
        std::panic::resume_unwind(panic);
    }
}
