//! Binding, serving and stopping.

use std::future::Future;
use std::net::SocketAddr;

use lpc_app::App;
use tokio::net::TcpListener;

use crate::ui::UiConfig;

/// Serves `app` on `listener` until `shutdown` resolves, then lets requests in flight finish.
/// The UI's cookies are `Secure` unless the listener is on a loopback address
/// ([`UiConfig::for_listener`]).
pub async fn serve(
    app: App,
    listener: TcpListener,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let ui = UiConfig::for_listener(listener.local_addr()?, None, false);
    serve_with(app, listener, ui, shutdown).await
}

/// [`serve`] with the UI deployed as `ui` says (public URL for mail links, cookie security).
pub async fn serve_with(
    app: App,
    listener: TcpListener,
    ui: UiConfig,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let router = crate::router::router_with(app, ui);
    axum::serve(
        listener,
        router.into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown)
    .await
}

/// Serves `/metrics` alone on `listener` (`lpc serve --metrics-addr`), until the task ends.
pub async fn serve_metrics(listener: TcpListener) -> std::io::Result<()> {
    axum::serve(listener, crate::router::metrics_router()).await
}
