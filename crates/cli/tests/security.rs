//! Issue 15, tried as an attacker would, through the real server and CLI: public inputs that
//! must not grow memory, `/metrics` kept to this machine, sign-in limits that hold under
//! parallel guesses without locking the owner out, CSV cells that cannot run as formulas,
//! order numbers that reveal nothing, and invoice files that cannot smuggle in what a person
//! would not see.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests: a panic is a failed test

mod support;

use assert_cmd::assert::OutputAssertExt;
use support::{Server, Workspace, csrf_of};

const DEMO_ADMIN: &str = "admin@sakura-learning.example";
const DEMO_PASSWORD: &str = "lpc-demo-2026";
const HEADER: &str = "document_type,document_number,corrects_document,partner_id,document_date,line_number,omlp_type,product_sku,purchase_units,revenue_value,currency\n";

fn browser() -> reqwest::Client {
    reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::limited(5))
        .build()
        .unwrap()
}

/// Signs `email` in; the answer's status.
async fn sign_in(
    server: &Server,
    client: &reqwest::Client,
    email: &str,
    password: &str,
    forwarded_for: Option<&str>,
) -> u16 {
    let page = client.get(server.url("/login")).send().await.unwrap();
    let csrf = csrf_of(&page.text().await.unwrap());
    let mut post = client.post(server.url("/login")).form(&[
        ("email", email),
        ("password", password),
        ("csrf", &csrf),
    ]);
    if let Some(ip) = forwarded_for {
        post = post.header("x-forwarded-for", ip);
    }
    post.send().await.unwrap().status().as_u16()
}

/// The server process's resident memory, in bytes.
fn rss(server: &Server) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{}/status", server.child.id())).unwrap();
    let kib: u64 = status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.split_whitespace().next())
        .and_then(|v| v.parse().ok())
        .unwrap();
    kib * 1024
}

#[tokio::test]
async fn long_query_values_and_made_up_methods_do_not_grow_the_server() {
    let ws = Workspace::new();
    let server = Server::start(ws.dir.path(), &ws.db, &["--demo"]);
    let client = browser();
    assert_eq!(
        sign_in(&server, &client, DEMO_ADMIN, DEMO_PASSWORD, None).await,
        200
    );
    let home = client.get(server.url("/")).send().await.unwrap();
    let html = home.text().await.unwrap();
    let start = html.find("/partner/").expect("a link to the partner") + "/partner/".len();
    let mpn: String = html[start..]
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    let dashboard = server.url(&format!("/partner/{mpn}/kpi"));
    // Warm up: the dashboard's caches, the metrics' series, the allocator.
    for _ in 0..20 {
        client
            .get(format!("{dashboard}?omlp_type=moc"))
            .send()
            .await
            .unwrap();
    }
    let before = rss(&server);

    // 400 dashboards filtered on a different 60 KB OMLP type each (issue 15: +80 MB).
    let long = "x".repeat(60_000);
    for i in 0..400 {
        let r = client
            .get(format!("{dashboard}?omlp_type={i}{long}"))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200, "an unknown type is no filter");
    }
    // 10,000 requests with made-up methods (issue 15: 60,000 grew the server by 150 MB).
    let raw = reqwest::Client::new();
    for i in 0..10_000u32 {
        let method = reqwest::Method::from_bytes(format!("M{i:05}X").as_bytes()).unwrap();
        raw.request(method, server.url("/healthz"))
            .send()
            .await
            .unwrap();
    }
    let after = rss(&server);
    let grown = after.saturating_sub(before);
    assert!(
        grown < 40 << 20,
        "the server grew by {} MiB (from {} to {} MiB)",
        grown >> 20,
        before >> 20,
        after >> 20
    );
    let metrics = raw
        .get(server.url("/metrics"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(!metrics.contains("M00001X"), "a made-up method is no label");
    assert!(metrics.contains("method=\"other\""), "it counts as other");
    assert!(
        metrics.len() < 1 << 20,
        "/metrics is {} bytes",
        metrics.len()
    );
}

#[tokio::test]
async fn metrics_answer_this_machine_the_token_and_their_own_address_only() {
    let ws = Workspace::new();
    let server = Server::start(
        ws.dir.path(),
        &ws.db,
        &[
            "--metrics-token",
            "scrape-me",
            "--metrics-addr",
            "127.0.0.1:0",
        ],
    );
    let client = reqwest::Client::new();
    // The status of `/metrics` asked for from `forwarded_for` (through a proxy) with `token`.
    let status = |forwarded_for: Option<&str>, token: Option<&str>| {
        let mut request = client.get(server.url("/metrics"));
        if let Some(ip) = forwarded_for {
            request = request.header("x-forwarded-for", ip);
        }
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        async move { request.send().await.unwrap().status().as_u16() }
    };
    assert_eq!(status(None, None).await, 200, "from this machine");
    let visitor = Some("203.0.113.9");
    assert_eq!(
        status(visitor, None).await,
        404,
        "through a proxy: a visitor"
    );
    assert_eq!(status(visitor, Some("scrape-me")).await, 200);
    assert_eq!(status(visitor, Some("guess")).await, 404);
    let own = server
        .stdout_head
        .iter()
        .find_map(|l| l.strip_prefix("lpc metrics on "))
        .expect("the metrics address printed")
        .to_owned();
    let page = client.get(&own).send().await.unwrap();
    assert_eq!(page.status(), 200);
    assert!(
        page.text()
            .await
            .unwrap()
            .contains("lpc_http_requests_total")
    );
}

#[tokio::test]
async fn parallel_guesses_get_five_checks_and_the_owner_still_signs_in() {
    let ws = Workspace::new();
    let server = Server::start(
        ws.dir.path(),
        &ws.db,
        &["--demo", "--trusted-proxy", "127.0.0.1"],
    );
    // 100 guesses at once from one client behind the proxy.
    let mut guesses = Vec::new();
    for _ in 0..100 {
        let server_url = server.url("");
        guesses.push(tokio::spawn(async move {
            let client = browser();
            let page = client
                .get(format!("{server_url}/login"))
                .send()
                .await
                .unwrap();
            let csrf = csrf_of(&page.text().await.unwrap());
            client
                .post(format!("{server_url}/login"))
                .header("x-forwarded-for", "203.0.113.66")
                .form(&[
                    ("email", DEMO_ADMIN),
                    ("password", "wrong-guess"),
                    ("csrf", &csrf),
                ])
                .send()
                .await
                .unwrap()
                .status()
                .as_u16()
        }));
    }
    let mut checked = 0;
    let mut limited = 0;
    for g in guesses {
        match g.await.unwrap() {
            401 => checked += 1,
            429 => limited += 1,
            other => panic!("a guess answered {other}"),
        }
    }
    assert_eq!(checked, 5, "five password checks, counted before checking");
    assert_eq!(limited, 95);
    // The owner, from their own address, is not locked out.
    let owner = browser();
    assert_eq!(
        sign_in(
            &server,
            &owner,
            DEMO_ADMIN,
            DEMO_PASSWORD,
            Some("198.51.100.7")
        )
        .await,
        200
    );
    // Without --trusted-proxy the header would name anyone: here the proxy is trusted, so a
    // new client address is a new client, and the guesser's address stays limited.
    let guesser = browser();
    assert_eq!(
        sign_in(
            &server,
            &guesser,
            DEMO_ADMIN,
            DEMO_PASSWORD,
            Some("203.0.113.66")
        )
        .await,
        429
    );
}

#[tokio::test]
async fn every_page_carries_a_content_security_policy_and_https_gets_hsts() {
    let ws = Workspace::new();
    let server = Server::start(
        ws.dir.path(),
        &ws.db,
        &["--public-url", "https://lpc.example.com"],
    );
    let page = reqwest::get(server.url("/login")).await.unwrap();
    let policy = page.headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(policy.contains("script-src 'self'"), "{policy}");
    assert!(policy.contains("frame-ancestors 'none'"), "{policy}");
    assert!(!policy.contains("script-src 'self' 'unsafe-inline'"));
    assert!(
        page.headers()["strict-transport-security"]
            .to_str()
            .unwrap()
            .starts_with("max-age=")
    );
    let script = reqwest::get(server.url("/assets/console.js"))
        .await
        .unwrap();
    assert_eq!(script.status(), 200);

    let plain = Workspace::new();
    let local = Server::start(plain.dir.path(), &plain.db, &[]);
    let page = reqwest::get(local.url("/login")).await.unwrap();
    assert!(
        page.headers().get("strict-transport-security").is_none(),
        "no HSTS over plain http"
    );
}

fn partner(ws: &Workspace, id: &str, name: &str) {
    ws.lpc(&[
        "--today",
        "2020-01-01",
        "partner",
        "add",
        "--id",
        id,
        "--name",
        name,
        "--country",
        "JP",
    ])
    .assert()
    .success();
}

#[test]
fn csv_cells_never_start_a_formula() {
    let ws = Workspace::new();
    partner(&ws, "1234567", "Formula Training");
    let path = ws.dir.path().join("jan.csv");
    std::fs::write(
        &path,
        format!(
            "{HEADER}invoice,=HYPERLINK(A1)&cmd|calc,,1234567,2020-01-20,1,moc,@SUM(A1),10,1250.00,USD\n\
             invoice,+cmd|calc,,1234567,2020-13-40,1,moc,SKU,10,1250.00,USD\n"
        ),
    )
    .unwrap();
    let rejects = ws.dir.path().join("rejects.csv");
    ws.lpc(&[
        "--today",
        "2020-02-01",
        "invoices",
        "import",
        path.to_str().unwrap(),
        "--skip-invalid",
        "--rejects",
        rejects.to_str().unwrap(),
    ])
    .assert()
    .success();
    let refused = std::fs::read_to_string(&rejects).unwrap();
    assert!(refused.contains("'+cmd|calc"), "{refused}");
    ws.lpc(&["--today", "2020-02-15", "publish"])
        .assert()
        .success();
    let out = ws
        .lpc(&["--today", "2020-02-15", "kpi", "report", "1234567", "--csv"])
        .output()
        .unwrap();
    let report = String::from_utf8(out.stdout).unwrap();
    assert!(report.contains("'=HYPERLINK("), "{report}");
    for line in report.lines().chain(refused.lines()) {
        for cell in line.split(',') {
            let cell = cell.trim_start_matches('"');
            let first = cell.chars().next();
            let numeric = cell.parse::<f64>().is_ok();
            assert!(
                numeric || !matches!(first, Some('=' | '+' | '-' | '@')),
                "a cell starts a formula: {cell:?} in {line}"
            );
        }
    }
}

#[test]
fn an_import_refuses_far_dates_invisible_characters_and_stray_quotes_and_echoes_little() {
    let ws = Workspace::new();
    partner(&ws, "1234567", "Careful Training");
    let huge = "9".repeat(10 << 20);
    let cases = [
        (
            "invoice,INV-1,,1234567,9999-12-31,1,moc,SKU,10,1250.00,USD\n".to_owned(),
            "document_date",
            "invoice_future_days",
        ),
        (
            "invoice,INV-\u{200b}1,,1234567,2020-01-20,1,moc,SKU,10,1250.00,USD\n".to_owned(),
            "document_number",
            "U+200B",
        ),
        (
            "invoice,INV-2,,1234567,2020-01-20,1,moc,SKU\u{202e}1,10,1250.00,USD\n".to_owned(),
            "product_sku",
            "U+202E",
        ),
        (
            "invoice,INV\"3,,1234567,2020-01-20,1,moc,SKU,10,1250.00,USD\n".to_owned(),
            "document_number",
            "quote",
        ),
        (
            format!("invoice,INV-4,,1234567,2020-01-20,1,moc,SKU,{huge},1250.00,USD\n"),
            "purchase_units",
            "(10485760 characters)",
        ),
    ];
    for (i, (row, column, words)) in cases.iter().enumerate() {
        let path = ws.dir.path().join(format!("bad-{i}.csv"));
        std::fs::write(&path, format!("{HEADER}{row}")).unwrap();
        let out = ws
            .lpc(&[
                "--today",
                "2020-02-01",
                "invoices",
                "import",
                path.to_str().unwrap(),
            ])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(3), "refused: {row:.80}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            stderr.contains("line 2") && stderr.contains(column) && stderr.contains(words),
            "{stderr:.2000}"
        );
        assert!(stderr.len() < 4096, "stderr is {} bytes", stderr.len());
    }
    // Nothing of them was stored.
    let batches = ws.lpc(&["invoices", "batches", "--json"]).output().unwrap();
    let batches: serde_json::Value = serde_json::from_slice(&batches.stdout).unwrap();
    assert_eq!(batches["lines"], 0);
    // A date within the rule set's month is accepted.
    let path = ws.dir.path().join("soon.csv");
    std::fs::write(
        &path,
        format!("{HEADER}invoice,INV-5,,1234567,2020-02-20,1,moc,SKU,10,1250.00,USD\n"),
    )
    .unwrap();
    ws.lpc(&[
        "--today",
        "2020-02-01",
        "invoices",
        "import",
        path.to_str().unwrap(),
    ])
    .assert()
    .success();
}

#[test]
fn another_partners_order_is_not_found_like_a_missing_one() {
    let ws = Workspace::new();
    ws.lpc(&["--today", "2026-11-22", "demo"])
        .assert()
        .success();
    let orders = ws
        .lpc(&[
            "--today",
            "2026-11-22",
            "orders",
            "list",
            "4100002",
            "--json",
        ])
        .output()
        .unwrap();
    let orders: serde_json::Value = serde_json::from_slice(&orders.stdout).unwrap_or_default();
    let Some(id) = orders["orders"]
        .as_array()
        .and_then(|o| o.first())
        .and_then(|o| o["id"].as_i64())
    else {
        panic!("the demo's Fuji (4100002) has an order: {orders}");
    };
    let pdf = ws.dir.path().join("proof.pdf");
    std::fs::write(&pdf, b"%PDF-1.4 proof").unwrap();
    let attempt = |order: i64| {
        let out = ws
            .lpc(&[
                "--today",
                "2026-11-22",
                "orders",
                "proof",
                &order.to_string(),
                pdf.to_str().unwrap(),
                "--as",
                DEMO_ADMIN,
            ])
            .output()
            .unwrap();
        (
            out.status.code(),
            String::from_utf8_lossy(&out.stderr).replace(&order.to_string(), "N"),
        )
    };
    let theirs = attempt(id);
    let missing = attempt(987_654);
    assert_eq!(
        theirs, missing,
        "another partner's order answers as a missing one"
    );
    assert!(theirs.1.contains("no order"), "{theirs:?}");
}

#[tokio::test]
async fn reset_links_cannot_be_read_back_from_the_outbox() {
    let ws = Workspace::new();
    let server = Server::start(ws.dir.path(), &ws.db, &["--demo"]);
    let client = browser();
    let page = client
        .get(server.url("/password/forgot"))
        .send()
        .await
        .unwrap();
    let csrf = csrf_of(&page.text().await.unwrap());
    let asked = client
        .post(server.url("/password/forgot"))
        .form(&[("email", DEMO_ADMIN), ("csrf", &csrf)])
        .send()
        .await
        .unwrap();
    assert_eq!(asked.status(), 200);
    let out = ws.lpc(&["outbox", "list", "--json"]).output().unwrap();
    assert!(out.status.success());
    let listed = String::from_utf8(out.stdout).unwrap();
    assert!(listed.contains("/password/reset/[removed]"), "{listed}");
    let token_like = listed
        .split("/password/reset/")
        .skip(1)
        .any(|rest| rest.chars().take_while(char::is_ascii_hexdigit).count() >= 32);
    assert!(!token_like, "a reset token is readable: {listed}");
}

#[tokio::test]
async fn sign_up_is_limited_per_client() {
    let ws = Workspace::new();
    let server = Server::start(ws.dir.path(), &ws.db, &["--trusted-proxy", "127.0.0.1"]);
    let mut answers = Vec::new();
    for i in 0..6 {
        let client = browser();
        let page = client.get(server.url("/signup")).send().await.unwrap();
        let csrf = csrf_of(&page.text().await.unwrap());
        let mpn = format!("77000{i:02}");
        let email = format!("owner{i}@signup.example");
        let r = client
            .post(server.url("/signup"))
            .header("x-forwarded-for", "203.0.113.5")
            .form(&[
                ("mpn_id", mpn.as_str()),
                ("name", "Signup Training"),
                ("country", "JP"),
                ("email", email.as_str()),
                ("password", "a long enough password"),
                ("csrf", &csrf),
            ])
            .send()
            .await
            .unwrap();
        answers.push(r.status().as_u16());
    }
    assert_eq!(
        answers,
        [200, 200, 200, 200, 200, 429],
        "five an hour per client"
    );
}

/// Runs one SQL statement on the workspace's SQLite database, standing in for time passing
/// or for the mailbox a test does not have.
async fn sql_text(ws: &Workspace, query: &str) -> Vec<String> {
    let pool = sqlx::SqlitePool::connect(&ws.db).await.unwrap();
    let rows: Vec<(String,)> = sqlx::query_as(sqlx::AssertSqlSafe(query.to_owned()))
        .fetch_all(&pool)
        .await
        .unwrap();
    pool.close().await;
    rows.into_iter().map(|(text,)| text).collect()
}

#[tokio::test]
async fn tokens_expire_record_their_use_and_end_with_a_password_reset() {
    let ws = Workspace::new();
    let server = Server::start(ws.dir.path(), &ws.db, &["--demo"]);
    let create = |days: &str| {
        let out = ws
            .lpc(&["token", "create", "--email", DEMO_ADMIN, "--days", days])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap().trim().to_owned()
    };
    let api = reqwest::Client::new();
    let cases = |token: String| {
        let request = api.get(server.url("/api/v1/cases")).bearer_auth(token);
        async move { request.send().await.unwrap().status().as_u16() }
    };
    ws.lpc(&["token", "create", "--email", DEMO_ADMIN, "--days", "366"])
        .assert()
        .code(3);

    let first = create("30");
    assert_eq!(cases(first.clone()).await, 200);
    // Its owner sees when it stops working and that it was used.
    let browser = browser();
    assert_eq!(
        sign_in(&server, &browser, DEMO_ADMIN, DEMO_PASSWORD, None).await,
        200
    );
    let page = browser
        .get(server.url("/settings/tokens"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        page.contains("Works until") && page.contains("Last used"),
        "{page}"
    );
    assert!(!page.contains(">Never<"), "used just now: {page}");

    // Once its day has passed, it authenticates nobody.
    sql_text(
        &ws,
        "UPDATE api_tokens SET expires_at = '2026-01-01T00:00:00Z' RETURNING label",
    )
    .await;
    assert_eq!(cases(first).await, 401);
    let page = browser
        .get(server.url("/settings/tokens"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains("Expired on"), "{page}");

    // A password reset revokes the tokens, and says so.
    let second = create("90");
    assert_eq!(cases(second.clone()).await, 200);
    let forgot = browser
        .get(server.url("/password/forgot"))
        .send()
        .await
        .unwrap();
    let csrf = csrf_of(&forgot.text().await.unwrap());
    browser
        .post(server.url("/password/forgot"))
        .form(&[("email", DEMO_ADMIN), ("csrf", &csrf)])
        .send()
        .await
        .unwrap();
    // The unsent mail, read where the mailbox would get it.
    let bodies = sql_text(
        &ws,
        "SELECT body FROM outbox WHERE body LIKE '%/password/reset/%'",
    )
    .await;
    let link = bodies
        .iter()
        .find_map(|b| b.lines().find(|l| l.contains("/password/reset/")))
        .expect("a reset link in the mail")
        .trim()
        .to_owned();
    let path = &link[link.find("/password/reset/").unwrap()..];
    let form = browser.get(server.url(path)).send().await.unwrap();
    let csrf = csrf_of(&form.text().await.unwrap());
    let done = browser
        .post(server.url(path))
        .form(&[("password", "a brand new password 2026"), ("csrf", &csrf)])
        .send()
        .await
        .unwrap();
    assert_eq!(done.status(), 200);
    let text = done.text().await.unwrap();
    assert!(text.contains("API tokens were revoked"), "{text}");
    assert_eq!(cases(second).await, 401);
}

#[tokio::test]
async fn anonymous_pages_store_no_session_and_sign_in_still_works() {
    let ws = Workspace::new();
    let server = Server::start(ws.dir.path(), &ws.db, &["--demo"]);
    let sessions = || async {
        sql_text(&ws, "SELECT CAST(count(*) AS TEXT) FROM web_sessions")
            .await
            .remove(0)
    };
    let before = sessions().await;
    for _ in 0..50 {
        let page = reqwest::get(server.url("/login")).await.unwrap();
        assert_eq!(page.status(), 200);
        assert!(
            page.headers()
                .get_all("set-cookie")
                .iter()
                .any(|c| c.to_str().unwrap().starts_with("lpc_csrf=")),
            "the visitor's token is a cookie"
        );
    }
    assert_eq!(
        sessions().await,
        before,
        "fifty anonymous views: no session row"
    );
    // The form's token is the cookie's: signing in works, and only then a session is stored.
    let client = browser();
    assert_eq!(
        sign_in(&server, &client, DEMO_ADMIN, DEMO_PASSWORD, None).await,
        200
    );
    assert_ne!(sessions().await, before);
    // A form posted without the visitor's cookie is refused.
    let stranger = reqwest::Client::new();
    let page = stranger.get(server.url("/login")).send().await.unwrap();
    let csrf = csrf_of(&page.text().await.unwrap());
    let refused = stranger
        .post(server.url("/login"))
        .form(&[
            ("email", DEMO_ADMIN),
            ("password", DEMO_PASSWORD),
            ("csrf", &csrf),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), 403, "no cookie, no match");
}
