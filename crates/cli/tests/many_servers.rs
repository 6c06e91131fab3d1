//! Issue 18: several `lpc serve` on one PostgreSQL. Each scheduled job's due run is made by
//! one server, each mail is delivered once, and a run whose server is killed in the middle is
//! finished by another. The servers are real processes on port 0, the mail goes to an SMTP
//! sink this test runs, and the database is a fresh PostgreSQL one, dropped afterwards.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests: a panic is a failed test

mod support;

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use assert_cmd::prelude::*;
use sqlx::{Connection, PgConnection};
use support::{Server, Workspace};
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};

/// The 15th: a publication is due (R17).
const TODAY: &str = "2026-12-15";

/// A minimal SMTP server: accepts every mail and keeps the subject of each, in arrival order.
struct SmtpSink {
    port: u16,
    subjects: Arc<Mutex<Vec<String>>>,
}

impl SmtpSink {
    async fn start() -> Self {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        let subjects = Arc::new(Mutex::new(Vec::new()));
        let kept = subjects.clone();
        tokio::spawn(async move {
            loop {
                let (socket, _) = listener.accept().await.unwrap();
                let kept = kept.clone();
                tokio::spawn(async move { session(socket, kept).await });
            }
        });
        Self { port, subjects }
    }

    fn url(&self) -> String {
        format!("smtp://127.0.0.1:{}", self.port)
    }

    fn subjects(&self) -> Vec<String> {
        self.subjects.lock().unwrap().clone()
    }
}

/// One SMTP conversation (RFC 5321's few commands a client sends), keeping each mail's
/// subject.
async fn session(socket: tokio::net::TcpStream, kept: Arc<Mutex<Vec<String>>>) {
    let (read, mut write) = socket.into_split();
    let mut lines = BufReader::new(read).lines();
    write.write_all(b"220 sink ESMTP\r\n").await.unwrap();
    while let Ok(Some(line)) = lines.next_line().await {
        let command = line.to_ascii_uppercase();
        let answer: &[u8] = if command.starts_with("EHLO") || command.starts_with("HELO") {
            b"250 sink\r\n"
        } else if command.starts_with("DATA") {
            write.write_all(b"354 end with .\r\n").await.unwrap();
            let mut subject = String::new();
            while let Ok(Some(body)) = lines.next_line().await {
                if body == "." {
                    break;
                }
                if let Some(s) = body.strip_prefix("Subject: ") {
                    subject = s.to_owned();
                }
            }
            kept.lock().unwrap().push(subject);
            b"250 queued\r\n"
        } else if command.starts_with("QUIT") {
            let _ = write.write_all(b"221 bye\r\n").await;
            return;
        } else {
            b"250 ok\r\n"
        };
        if write.write_all(answer).await.is_err() {
            return;
        }
    }
}

fn start(ws: &Workspace, smtp: &str, extra: &[&str], env: &[(&str, &str)]) -> Server {
    let mut args = vec!["--jobs-every", "1", "--job-lease", "3"];
    args.extend_from_slice(extra);
    Server::start_with_env(
        ws.dir.path(),
        &ws.db,
        &args,
        &[&[("LPC_TODAY", TODAY), ("LPC_SMTP_URL", smtp)], env].concat(),
    )
}

async fn connect(ws: &Workspace) -> PgConnection {
    PgConnection::connect(&ws.db).await.unwrap()
}

/// The publication job's runs: (server, attempts, outcome, finished).
async fn publication_runs(db: &mut PgConnection) -> Vec<(String, i64, Option<String>, bool)> {
    sqlx::query_as(
        "SELECT server, attempts, outcome, finished_at IS NOT NULL FROM job_runs
         WHERE job = 'publication'",
    )
    .fetch_all(db)
    .await
    .unwrap()
}

async fn count(db: &mut PgConnection, sql: &'static str) -> i64 {
    let (n,): (i64,) = sqlx::query_as(sql).fetch_one(db).await.unwrap();
    n
}

/// Waits until the async condition holds, at most `limit`.
macro_rules! wait_until {
    ($limit:expr, $what:expr, $done:expr) => {{
        let start = Instant::now();
        while !$done {
            assert!(
                start.elapsed() < $limit,
                "waited {:?} for {}",
                $limit,
                $what
            );
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
    }};
}

fn seed(ws: &Workspace) {
    ws.lpc(&[
        "--today",
        "2026-11-01",
        "partner",
        "add",
        "--id",
        "1234567",
        "--name",
        "Worked Example",
        "--country",
        "JP",
    ])
    .assert()
    .success();
    let csv = ws.dir.path().join("nov.csv");
    std::fs::write(
        &csv,
        "document_type,document_number,corrects_document,partner_id,document_date,line_number,\
         omlp_type,product_sku,purchase_units,revenue_value,currency\n\
         invoice,INV-1,,1234567,2026-11-02,1,moc,20764-C,10,1250.00,USD\n",
    )
    .unwrap();
    ws.lpc(&[
        "--today",
        "2026-11-03",
        "invoices",
        "import",
        csv.to_str().unwrap(),
    ])
    .assert()
    .success();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn three_servers_send_each_mail_once_and_publish_once() {
    let ws = Workspace::postgres();
    seed(&ws);
    let mut db = connect(&ws).await;
    for i in 0..50 {
        sqlx::query(
            "INSERT INTO outbox (dedup_key, to_email, subject, body, created_at)
             VALUES ($1, 'admin@example.com', $2, 'Hello', now())",
        )
        .bind(format!("test:{i}"))
        .bind(format!("Mail {i}"))
        .execute(&mut db)
        .await
        .unwrap();
    }
    let sink = SmtpSink::start().await;
    // Three servers start at once: each runs the due jobs of the 15th before it answers, and
    // then every second.
    let servers: Vec<Server> = std::thread::scope(|scope| {
        let started: Vec<_> = (0..3)
            .map(|_| scope.spawn(|| start(&ws, &sink.url(), &[], &[])))
            .collect();
        started.into_iter().map(|s| s.join().unwrap()).collect()
    });
    wait_until!(
        Duration::from_secs(60),
        "50 mails",
        sink.subjects().len() >= 50
    );
    wait_until!(
        Duration::from_secs(30),
        "the publication",
        publication_runs(&mut db).await.iter().any(|r| r.3)
    );
    // A few more ticks of every server: nothing is sent or published twice.
    tokio::time::sleep(Duration::from_secs(3)).await;
    let mut received = BTreeMap::<String, usize>::new();
    for subject in sink.subjects() {
        *received.entry(subject).or_default() += 1;
    }
    assert_eq!(received.len(), 50, "every mail arrived");
    assert!(
        received.values().all(|&n| n == 1),
        "each mail exactly once: {received:?}"
    );
    assert_eq!(
        count(&mut db, "SELECT count(*) FROM publications").await,
        1,
        "one publication"
    );
    assert_eq!(
        count(
            &mut db,
            "SELECT count(*) FROM audit_events WHERE action = 'publication.publish'"
        )
        .await,
        1,
        "published once, audited once"
    );
    let runs = publication_runs(&mut db).await;
    assert_eq!(runs.len(), 1);
    assert_eq!((runs[0].1, runs[0].2.as_deref()), (1, Some("ok")));
    let servers_seen = count(
        &mut db,
        "SELECT count(DISTINCT claimed_by) FROM outbox WHERE sent_at IS NOT NULL",
    )
    .await;
    assert!(servers_seen >= 1);
    drop(servers);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_job_whose_server_is_killed_is_finished_by_another() {
    let ws = Workspace::postgres();
    seed(&ws);
    let sink = SmtpSink::start().await;
    let mut db = connect(&ws).await;
    // Server A claims the publication and is killed while it holds it.
    let mut a = start(
        &ws,
        &sink.url(),
        &[],
        &[(lpc_app::scheduler::HOLD_JOB_FOR_TESTS, "publication:120")],
    );
    wait_until!(
        Duration::from_secs(30),
        "A to claim the publication",
        publication_runs(&mut db).await.iter().any(|r| !r.3)
    );
    a.child.kill().unwrap(); // SIGKILL: no chance to release anything
    a.child.wait().unwrap();
    assert_eq!(count(&mut db, "SELECT count(*) FROM publications").await, 0);

    // Server B finds the run held, then takes it over once A's lease has run out.
    let _b = start(&ws, &sink.url(), &[], &[]);
    wait_until!(
        Duration::from_secs(60),
        "B to finish the publication",
        publication_runs(&mut db).await.iter().any(|r| r.3)
    );
    let runs = publication_runs(&mut db).await;
    assert_eq!(runs.len(), 1);
    assert_eq!(
        (runs[0].1, runs[0].2.as_deref()),
        (2, Some("ok")),
        "{runs:?}"
    );
    assert_eq!(count(&mut db, "SELECT count(*) FROM publications").await, 1);
}

#[test]
fn a_server_with_the_scheduler_off_runs_no_job() {
    let ws = Workspace::postgres();
    let server = Server::start_with_env(
        ws.dir.path(),
        &ws.db,
        &["--scheduler", "off"],
        &[("LPC_TODAY", TODAY)],
    );
    let runs = tokio::runtime::Runtime::new().unwrap().block_on(async {
        let mut db = connect(&ws).await;
        // It answers requests...
        let status = reqwest::get(server.url("/healthz")).await.unwrap().status();
        assert!(status.is_success());
        count(&mut db, "SELECT count(*) FROM job_runs").await
    });
    assert_eq!(runs, 0, "no job ran");
    ws.lpc(&["serve", "--scheduler", "sometimes"])
        .assert()
        .failure()
        .stderr(predicates::str::contains("--scheduler"));
}
