//! Binding, serving and stopping.

use std::future::Future;

use lpc_app::App;
use tokio::net::TcpListener;

/// Serves `app` on `listener` until `shutdown` resolves, then lets requests in flight finish.
pub async fn serve(
    app: App,
    listener: TcpListener,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    axum::serve(listener, crate::router(app))
        .with_graceful_shutdown(shutdown)
        .await
}
