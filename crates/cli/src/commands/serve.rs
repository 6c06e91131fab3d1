//! `lpc serve`: the web UI, the JSON API and the scheduler, until SIGINT or SIGTERM.

use crate::args::{SchedulerMode, ServeArgs};
use crate::config::{Config, DEFAULT_ADDR};
use crate::failure::Failure;

pub async fn run(args: ServeArgs, config: &Config) -> Result<(), Failure> {
    let mut app = super::app(config).await?;
    let scheduling = lpc_app::scheduler::Scheduling {
        job_lease: jiff::SignedDuration::from_secs(
            i64::try_from(args.job_lease).unwrap_or(i64::MAX),
        ),
        ..lpc_app::scheduler::Scheduling::default()
    };
    tracing::info!(server = %scheduling.server, "this server's name in job runs and mail claims");
    app = app.with_scheduling(scheduling);
    if app.bank_account().is_none() {
        if args.demo {
            app = app.with_bank_account(Some(lpc_app::bank_transfer::demo_account()?));
        } else {
            tracing::warn!(
                "no [bank_transfer] account in lpc.toml: bank-transfer orders tell partners \
                 to ask support for the program's bank details"
            );
        }
    }
    if args.demo {
        let summary = lpc_app::demo::seed(&app, 9, 1).await?;
        super::demo::print_summary(&summary);
    }
    let addr = match args.addr.or(config.file_addr) {
        Some(addr) => addr,
        None => DEFAULT_ADDR
            .parse()
            .map_err(|e| Failure::other(format!("{e}")))?,
    };
    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .map_err(|e| Failure::other(format!("--addr {addr}: cannot listen there: {e}")))?;
    let local = listener
        .local_addr()
        .map_err(|e| Failure::other(e.to_string()))?;
    let metrics = match args.metrics_addr {
        Some(addr) => {
            let listener = tokio::net::TcpListener::bind(addr).await.map_err(|e| {
                Failure::other(format!("--metrics-addr {addr}: cannot listen there: {e}"))
            })?;
            let bound = listener
                .local_addr()
                .map_err(|e| Failure::other(e.to_string()))?;
            println!("lpc metrics on http://{bound}/metrics");
            Some(tokio::spawn(async move {
                if let Err(e) = lpc_web::server::serve_metrics(listener).await {
                    tracing::error!(error = %e, "the metrics address stopped");
                }
            }))
        }
        None => None,
    };
    tracing::info!(addr = %local, database = app.backend(), "lpc serving");
    println!("lpc serving on http://{local}");
    let mut ui = lpc_web::UiConfig::for_listener(local, args.public_url, args.insecure_cookies);
    ui.trusted_proxies = args.trusted_proxies;
    ui.metrics_token = args.metrics_token.filter(|t| !t.trim().is_empty());

    // The scheduler's jobs run once before the server answers (catching up what was missed
    // while it was down), then at every tick; several servers on one database each claim a
    // job's due run, so one of them runs it (issue 18). Mail goes out every half minute,
    // after the invitations partner files marked are queued (R31), with this server's
    // address in their links.
    let scheduler = match args.scheduler {
        SchedulerMode::Off => {
            tracing::info!("scheduler off: this server runs no jobs and sends no mail");
            None
        }
        SchedulerMode::On => {
            let invitations = lpc_web::ui::invitation::compose_invitations(&ui.public_url);
            lpc_app::scheduler::run_due_jobs(&app).await;
            queue_invitations(&app, &invitations).await;
            Some(spawn_scheduler(app.clone(), args.jobs_every, invitations))
        }
    };
    // Rule sets activated on another server (or by `lpc rules draft activate`) are read
    // every minute: the rule book is shared by every clone of `app`, so each request after
    // that decides with them (R14; activation is refused for a past date, so a minute is
    // the most a request can lag behind).
    let rules = app.clone();
    let rule_reader = tokio::spawn(async move {
        let minute = std::time::Duration::from_secs(60);
        let mut every_minute =
            tokio::time::interval_at(tokio::time::Instant::now() + minute, minute);
        loop {
            every_minute.tick().await;
            // A fresh clone: it holds the book as this server last knew it.
            let mut current = rules.clone();
            let before = current.rules().sets().len();
            match lpc_app::rule_drafts::load_activated(&mut current).await {
                Ok(()) if current.rules().sets().len() != before => {
                    tracing::info!(
                        rule_sets = current.rules().sets().len(),
                        "activated rule sets loaded"
                    );
                }
                Ok(()) => {}
                Err(e) => {
                    tracing::warn!(error = %e, "activated rule sets not read; retried in a minute")
                }
            }
        }
    });
    tracing::info!(public_url = %ui.public_url, secure_cookies = ui.secure_cookies, "web UI");
    let served = lpc_web::serve_with(app, listener, ui, shutdown_signal()).await;
    if let Some(scheduler) = scheduler {
        scheduler.abort();
    }
    rule_reader.abort();
    if let Some(metrics) = metrics {
        metrics.abort();
    }
    served.map_err(|e| Failure::other(format!("server stopped: {e}")))?;
    tracing::info!("lpc stopped");
    Ok(())
}

/// Invitations queued per half minute: a file of 100,000 partners is queued within minutes,
/// and mail goes out at the outbox's own pace.
const INVITATIONS_PER_TURN: u32 = 10_000;

/// Queues the invitations partner files marked (R31); a failure is logged and tried again
/// at the next turn.
async fn queue_invitations(
    app: &lpc_app::App,
    invitations: &lpc_app::partners_import::ComposeInvitation,
) {
    let actor = lpc_app::Actor::Scheduler;
    match lpc_app::partners_import::invite_pending(app, &actor, invitations, INVITATIONS_PER_TURN)
        .await
    {
        Ok(0) => {}
        Ok(queued) => tracing::info!(queued, "partner invitations queued (R31)"),
        Err(e) => tracing::error!(error = %e, "partner invitations not queued; tried again"),
    }
}

/// Ticks the scheduler every `every` seconds, and sends mail every half minute in between
/// (first queueing the partner invitations waiting, `invitations` writing their text).
fn spawn_scheduler(
    app: lpc_app::App,
    every: u64,
    invitations: lpc_app::partners_import::ComposeInvitation,
) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let tick = std::time::Duration::from_secs(every);
        let mut jobs = tokio::time::interval_at(tokio::time::Instant::now() + tick, tick);
        let half_minute = std::time::Duration::from_secs(30);
        let mut mail =
            tokio::time::interval_at(tokio::time::Instant::now() + half_minute, half_minute);
        loop {
            tokio::select! {
                // A fresh clone each run: it sees rule sets activated since (App's rule book
                // is a snapshot taken when cloned).
                _ = jobs.tick() => lpc_app::scheduler::run_due_jobs(&app.clone()).await,
                _ = mail.tick() => {
                    queue_invitations(&app, &invitations).await;
                    if app.mail().smtp_url.is_some() {
                        lpc_app::scheduler::deliver_mail(&app).await;
                    }
                }
            }
        }
    })
}

/// Resolves on SIGINT (Ctrl-C) or SIGTERM (service managers, orchestrators).
async fn shutdown_signal() {
    let interrupt = async {
        if let Err(e) = tokio::signal::ctrl_c().await {
            tracing::error!(error = %e, "cannot listen for SIGINT");
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(e) => {
                tracing::error!(error = %e, "cannot listen for SIGTERM");
                std::future::pending::<()>().await;
            }
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = interrupt => tracing::info!("SIGINT received, shutting down"),
        () = terminate => tracing::info!("SIGTERM received, shutting down"),
    }
}
