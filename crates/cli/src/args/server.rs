//! The arguments of `lpc serve` and `lpc demo`.

use std::net::SocketAddr;

use clap::Args;

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Address to listen on [default: 127.0.0.1:8080]
    #[arg(long, env = "LPC_ADDR")]
    pub addr: Option<SocketAddr>,
    /// Seed demo data first if the database is empty, and print the demo logins
    #[arg(long)]
    pub demo: bool,
    /// The address users reach the server at, for links in mail (e.g. https://lpc.example.com)
    /// [default: http://ADDR]; an https URL also makes the session cookie Secure
    #[arg(long, env = "LPC_PUBLIC_URL")]
    pub public_url: Option<String>,
    /// Send cookies without `Secure` even off loopback (plain http on a trusted network).
    /// By default they are Secure unless the server listens on a loopback address
    #[arg(long, env = "LPC_INSECURE_COOKIES")]
    pub insecure_cookies: bool,
    /// A reverse proxy whose X-Forwarded-For names the client (repeat for several, or a
    /// comma-separated list). Without one the header is ignored: anyone can send it
    #[arg(
        long = "trusted-proxy",
        env = "LPC_TRUSTED_PROXY",
        value_delimiter = ','
    )]
    pub trusted_proxies: Vec<std::net::IpAddr>,
    /// Also serve /metrics alone on this address (for a Prometheus on another machine, keep
    /// it on a private network). On the main address /metrics answers only to this machine
    /// and to --metrics-token
    #[arg(long, env = "LPC_METRICS_ADDR")]
    pub metrics_addr: Option<SocketAddr>,
    /// A bearer token that reads /metrics on the main address from anywhere
    #[arg(long, env = "LPC_METRICS_TOKEN", hide_env_values = true)]
    pub metrics_token: Option<String>,
    /// Run the scheduled jobs and send mail on this server (`off`: only answer requests, for
    /// deployments that keep the jobs on some servers). Several servers on one database each
    /// run a job's due run once between them
    #[arg(long, env = "LPC_SCHEDULER", value_enum, default_value_t = SchedulerMode::On)]
    pub scheduler: SchedulerMode,
    /// Seconds between two ticks of the scheduler (each tick runs the jobs that are due)
    #[arg(long, env = "LPC_JOBS_EVERY", default_value_t = 3600, value_parser = clap::value_parser!(u64).range(1..=86_400))]
    pub jobs_every: u64,
    /// Seconds a server's claim on a job's run holds unless renewed: a run whose server died
    /// is taken over by another server's tick after at most this long
    #[arg(long, env = "LPC_JOB_LEASE", default_value_t = 900, value_parser = clap::value_parser!(u64).range(3..=86_400))]
    pub job_lease: u64,
}

/// Whether `lpc serve` runs the scheduler.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum SchedulerMode {
    On,
    Off,
}

#[derive(Debug, Args)]
pub struct DemoArgs {
    /// How many partners (the first nine are hand-made, one of them a sign-up waiting for
    /// the program's verification (R31); the rest generated)
    #[arg(long, default_value_t = 9)]
    pub partners: usize,
    /// Seed of the generated part
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    #[arg(long)]
    pub json: bool,
}
