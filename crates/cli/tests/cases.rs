//! Support cases and the mail outbox through the real `lpc` binary and the API (R5, R13, R21,
//! R22, R27): a discrepancy is opened, checked, accepted, and its adjustment published.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests: a panic is a failed test

mod support;

use std::io::Write;
use std::path::Path;
use std::process::{Output, Stdio};

use lpc_store_postgres::testing::FreshDatabase;
use serde_json::{Value, json};
use support::{Server, Workspace, lpc_in};

const HEADER: &str = "document_type,document_number,corrects_document,partner_id,document_date,line_number,omlp_type,product_sku,purchase_units,revenue_value,currency\n";

/// A database (SQLite or PostgreSQL) and a directory to run `lpc` in.
struct Db<'a> {
    dir: &'a Path,
    url: String,
}

impl Db<'_> {
    fn run(&self, today: &str, args: &[&str]) -> Output {
        lpc_in(self.dir)
            .args(["--db", &self.url, "--today", today])
            .args(args)
            .output()
            .unwrap()
    }

    fn ok(&self, today: &str, args: &[&str]) -> String {
        let out = self.run(today, args);
        assert!(
            out.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    }

    fn json(&self, today: &str, args: &[&str]) -> Value {
        serde_json::from_str(&self.ok(today, args)).unwrap()
    }

    /// Exit 3 (refused); returns stderr.
    fn refused(&self, today: &str, args: &[&str]) -> String {
        let out = self.run(today, args);
        let stderr = String::from_utf8(out.stderr).unwrap();
        assert_eq!(out.status.code(), Some(3), "{args:?}: {stderr}");
        stderr
    }

    fn user(&self, email: &str, role: &str, partner: Option<&str>) {
        let mut args = vec![
            "--db", &self.url, "user", "add", "--email", email, "--role", role,
        ];
        if let Some(p) = partner {
            args.extend(["--partner", p]);
        }
        let mut child = lpc_in(self.dir)
            .args(&args)
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .spawn()
            .unwrap();
        writeln!(child.stdin.take().unwrap(), "a long password").unwrap();
        assert!(child.wait().unwrap().success());
    }

    fn file(&self, name: &str, rows: &str) -> String {
        let path = self.dir.join(name);
        std::fs::write(&path, format!("{HEADER}{rows}")).unwrap();
        path.display().to_string()
    }

    /// Two partners, a member of the first, a support agent, INV-1001 (January 2020, 10 moc
    /// units) published on 15 February 2020.
    fn setup(&self) {
        for (id, name, country) in [
            ("1234567", "Worked Example", "JP"),
            ("7654321", "Other", "IT"),
        ] {
            self.ok(
                "2020-01-01",
                &[
                    "partner",
                    "add",
                    "--id",
                    id,
                    "--name",
                    name,
                    "--country",
                    country,
                ],
            );
        }
        self.user("member@example.jp", "member", Some("1234567"));
        self.user("admin@example.it", "mpn_partner_admin", Some("7654321"));
        self.user("agent@lpc.example", "support_agent", None);
        let invoices = self.file(
            "jan.csv",
            "invoice,INV-1001,,1234567,2020-01-20,1,moc,20764-C,10,1250.00,USD\n",
        );
        self.ok("2020-02-01", &["invoices", "import", &invoices]);
        self.ok("2020-02-15", &["publish"]);
    }
}

/// `--field` arguments of a discrepancy claiming 12 units / 12 points for INV-1001.
fn claim(skip: &[&str], evidence: &str) -> Vec<String> {
    [
        ("month", "1"),
        ("year", "2020"),
        ("omlp_type", "moc"),
        ("purchase_units", "12"),
        ("invoice_number", "INV-1001"),
        ("kpi_value", "12"),
        ("revenue_value", "1500.00"),
        ("currency", "USD"),
        ("evidence_document_type", evidence),
    ]
    .into_iter()
    .filter(|(k, _)| !skip.contains(k))
    .flat_map(|(k, v)| ["--field".to_owned(), format!("{k}={v}")])
    .collect()
}

fn open_args<'a>(fields: &'a [String], extra: &[&'a str]) -> Vec<&'a str> {
    let mut args = vec!["cases", "open", "1234567", "--kind", "kpi-discrepancy"];
    args.extend(fields.iter().map(String::as_str));
    args.extend(extra);
    args
}

/// The whole discrepancy story, on whichever database `db` names.
fn discrepancy_story(db: &Db<'_>) {
    db.setup();
    let day = "2020-02-20";

    // R22: every missing field is named, as the --field it is.
    let fields = claim(&["month", "kpi_value"], "invoice");
    let stderr = db.refused(day, &open_args(&fields, &[]));
    assert!(stderr.contains("--field month, kpi_value"), "{stderr}");
    assert!(stderr.contains("R22"), "{stderr}");
    // R13: an order confirmation is no evidence.
    let fields = claim(&[], "order_confirmation");
    let stderr = db.refused(day, &open_args(&fields, &[]));
    assert!(stderr.contains("evidence_document_type"), "{stderr}");
    assert!(stderr.contains("R13"), "{stderr}");
    // Another partner's admin cannot open it for this partner.
    let fields = claim(&[], "invoice");
    db.refused(day, &open_args(&fields, &["--as", "admin@example.it"]));

    let opened = db.json(
        day,
        &open_args(&fields, &["--as", "member@example.jp", "--json"]),
    );
    let id = opened["id"].as_i64().unwrap().to_string();
    assert_eq!(opened["state"], "open");
    assert_eq!(opened["details"]["kpi_value"], 12);
    assert_eq!(opened["details"]["revenue_value"], "1500.00");

    db.ok(
        day,
        &[
            "cases",
            "comment",
            &id,
            "--body",
            "Invoice attached.",
            "--as",
            "member@example.jp",
        ],
    );
    let shown = db.json(
        day,
        &["cases", "show", &id, "--json", "--as", "agent@lpc.example"],
    );
    assert_eq!(shown["comments"][0]["body"], "Invoice attached.");
    assert_eq!(shown["evidence"]["invoice_lines"][0]["purchase_units"], 10);
    assert_eq!(
        shown["evidence"]["published_rows"][0]["document_number"],
        "INV-1001"
    );
    assert_eq!(shown["evidence"]["proposed_adjustment"]["kpi_value"], 2);
    // The other partner's admin is told it does not exist.
    let stderr = db.refused(day, &["cases", "show", &id, "--as", "admin@example.it"]);
    assert!(stderr.contains("does not exist"), "{stderr}");

    // A partner's user does not decide; rejecting needs a message.
    db.refused(day, &["cases", "resolve", &id, "--as", "member@example.jp"]);
    let stderr = db.refused(day, &["cases", "reject", &id, "--message", " "]);
    assert!(
        stderr.contains("--message") && stderr.contains("R22"),
        "{stderr}"
    );
    let waiting = db.json(
        day,
        &[
            "cases",
            "wait",
            &id,
            "--message",
            "Please send the invoice PDF.",
            "--json",
        ],
    );
    assert_eq!(waiting["state"], "waiting_on_partner");

    let resolved = db.json(
        "2020-02-21",
        &[
            "cases",
            "resolve",
            &id,
            "--as",
            "agent@lpc.example",
            "--json",
        ],
    );
    assert_eq!(resolved["state"], "resolved");
    assert_eq!(resolved["decided_by"], "user:agent@lpc.example");
    assert_eq!(resolved["adjustment"]["kpi"], 2);
    assert_eq!(resolved["adjustment"]["published_on"], Value::Null);
    // The decision stands: a second one is refused and changes nothing.
    let stderr = db.refused(
        "2020-02-22",
        &["cases", "reject", &id, "--message", "R13: not an invoice"],
    );
    assert!(stderr.contains("already resolved"), "{stderr}");
    let listed = db.json(
        "2020-02-22",
        &["cases", "list", "--state", "resolved", "--json"],
    );
    assert_eq!(listed.as_array().unwrap().len(), 1);
    assert_eq!(listed[0]["decided_by"], "user:agent@lpc.example");

    // Until the next publication the dashboard is unchanged (R17) ...
    let before = db.json("2020-03-01", &["kpi", "report", "1234567", "--json"]);
    assert_eq!(before["totals"]["kpi_value"], 10);
    // ... which includes the adjustment (R22), under the partner's invoice number.
    let published = db.json("2020-03-15", &["publish", "--json"]);
    assert_eq!(published["lines"], 2);
    let report = db.json("2020-03-15", &["kpi", "report", "1234567", "--json"]);
    assert_eq!(report["totals"]["kpi_value"], 12);
    let rows = report["rows"].as_array().unwrap();
    let adjustment = rows
        .iter()
        .find(|r| r["document_type"] == "adjustment")
        .expect("an adjustment row");
    assert_eq!(adjustment["invoice_number"], "INV-1001");
    assert_eq!(adjustment["kpi_value"], 2);
    assert_eq!(adjustment["purchase_units"], 2);
    assert_eq!(adjustment["revenue_value"], "250.00");
    assert_eq!(adjustment["adjustment_case_id"].to_string(), id);
    let text = db.ok("2020-03-15", &["kpi", "report", "1234567"]);
    assert!(text.contains(&format!("support case {id}")), "{text}");
    let shown = db.json("2020-03-15", &["cases", "show", &id, "--json"]);
    assert_eq!(shown["adjustment"]["published_on"], "2020-03-15");

    // The member was told of each change of state, through the outbox.
    let outbox = db.json("2020-03-15", &["outbox", "list", "--json"]);
    let subjects: Vec<&str> = outbox
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["subject"].as_str().unwrap())
        .collect();
    assert_eq!(
        subjects,
        [
            format!("Support case {id} is resolved"),
            format!("Support case {id} is waiting_on_partner")
        ]
    );
    assert_eq!(outbox[0]["to"], "member@example.jp");
    assert_eq!(outbox[0]["sent_at"], Value::Null);
    let text = db.ok("2020-03-15", &["outbox", "list"]);
    assert!(
        text.contains("unsent") && text.contains("member@example.jp"),
        "{text}"
    );

    // R22: adjustment rows come from cases, never from an invoices file.
    let forged = db.file(
        "forged.csv",
        "adjustment,ADJ-1,,1234567,2020-01-20,1,moc,X,5,0.00,USD\n",
    );
    let stderr = db.refused("2020-03-16", &["invoices", "import", &forged]);
    assert!(stderr.contains("R22"), "{stderr}");
    db.ok("2020-03-16", &["audit", "verify"]);
}

#[test]
fn r22_a_discrepancy_is_opened_accepted_and_published_on_sqlite() {
    let ws = Workspace::new();
    discrepancy_story(&Db {
        dir: ws.dir.path(),
        url: ws.db.clone(),
    });
}

#[tokio::test]
async fn r22_a_discrepancy_is_opened_accepted_and_published_on_postgres() {
    let db = FreshDatabase::create("cli_cases").await.unwrap();
    let url = db.url.clone();
    // Run apart so that a failure still reaches the clean-up below.
    let outcome = tokio::task::spawn_blocking(move || {
        let dir = tempfile::tempdir().unwrap();
        discrepancy_story(&Db {
            dir: dir.path(),
            url,
        });
    })
    .await;
    db.drop_now().await.unwrap();
    if let Err(failed) = outcome {
        std::panic::resume_unwind(failed.into_panic());
    }
}

#[test]
fn r27_directory_cases_name_each_faulty_field() {
    let ws = Workspace::new();
    let db = Db {
        dir: ws.dir.path(),
        url: ws.db.clone(),
    };
    db.ok(
        "2025-08-01",
        &[
            "partner",
            "add",
            "--id",
            "1000001",
            "--name",
            "Contoso",
            "--country",
            "US",
        ],
    );
    let stderr = db.refused(
        "2025-08-01",
        &[
            "cases",
            "open",
            "1000001",
            "--kind",
            "directory-missing",
            "--field",
            "name=Contoso",
            "--field",
            "country=XX",
            "--field",
            "landing_page_url=ftp://x",
        ],
    );
    assert!(
        stderr.contains("--field country, landing_page_url"),
        "{stderr}"
    );
    assert!(stderr.contains("R27"), "{stderr}");
    let opened = db.json(
        "2025-08-01",
        &[
            "cases",
            "open",
            "1000001",
            "--kind",
            "directory-missing",
            "--field",
            "name=Contoso",
            "--field",
            "country=us",
            "--field",
            "landing_page_url=https://contoso.example/learning",
            "--json",
        ],
    );
    assert_eq!(opened["kind"], "directory_missing");
    assert_eq!(opened["details"]["country"], "US");
    // R5: no Action Pack, no account profile to set up.
    let stderr = db.refused(
        "2025-08-01",
        &[
            "cases",
            "open",
            "1000001",
            "--kind",
            "account-profile-setup",
        ],
    );
    assert!(stderr.contains("R5"), "{stderr}");
    let stderr = db.refused(
        "2025-08-01",
        &["cases", "open", "1000001", "--kind", "refund"],
    );
    assert!(stderr.contains("--kind"), "{stderr}");
}

#[tokio::test]
async fn the_api_shows_a_case_to_its_partner_and_support_only() {
    let ws = Workspace::new();
    let db = Db {
        dir: ws.dir.path(),
        url: ws.db.clone(),
    };
    db.setup();
    let token = |email: &str| {
        db.ok("2020-02-20", &["token", "create", "--email", email])
            .trim()
            .to_owned()
    };
    let (jp, it, agent) = (
        token("member@example.jp"),
        token("admin@example.it"),
        token("agent@lpc.example"),
    );
    let server = Server::start(ws.dir.path(), &ws.db, &["--today", "2020-02-20"]);
    let client = reqwest::Client::new();
    let fields = json!({
        "month": 1, "year": 2020, "omlp_type": "moc", "purchase_units": 12,
        "invoice_number": "INV-1001", "kpi_value": 12, "revenue_value": "1500.00",
        "currency": "USD", "evidence_document_type": "invoice"
    });

    // Missing fields: 422, problem+json with the field list.
    let refused = client
        .post(server.url("/api/v1/cases"))
        .bearer_auth(&jp)
        .json(&json!({ "partner_id": "1234567", "kind": "kpi_discrepancy",
                       "fields": { "month": 1, "evidence_document_type": "partner_report" } }))
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), 422);
    assert_eq!(
        refused.headers()["content-type"],
        "application/problem+json"
    );
    let problem: Value = refused.json().await.unwrap();
    let named: Vec<&str> = problem["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f.as_str().unwrap())
        .collect();
    assert_eq!(
        named,
        [
            "year",
            "omlp_type",
            "purchase_units",
            "invoice_number",
            "kpi_value",
            "revenue_value",
            "currency",
            "evidence_document_type"
        ]
    );
    assert!(problem["detail"].as_str().unwrap().contains("R13"));

    let opened = client
        .post(server.url("/api/v1/cases"))
        .bearer_auth(&jp)
        .json(&json!({ "partner_id": "1234567", "kind": "kpi_discrepancy", "fields": fields }))
        .send()
        .await
        .unwrap();
    assert_eq!(opened.status(), 201);
    let case: Value = opened.json().await.unwrap();
    let id = case["id"].as_i64().unwrap();
    let path = format!("/api/v1/cases/{id}");

    // Partner B: 404 for A's case, whatever it tries; its list is empty.
    let get = |token: &str, path: &str| {
        client
            .get(server.url(path))
            .bearer_auth(token.to_owned())
            .send()
    };
    assert_eq!(get(&it, &path).await.unwrap().status(), 404);
    assert_eq!(
        get(&it, "/api/v1/cases/999999").await.unwrap().status(),
        404
    );
    let theirs: Value = get(&it, "/api/v1/cases")
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(theirs, json!([]));
    let comment = client
        .post(server.url(&format!("{path}/comments")))
        .bearer_auth(&it)
        .json(&json!({ "body": "peek" }))
        .send()
        .await
        .unwrap();
    assert_eq!(comment.status(), 404);
    let decision = client
        .post(server.url(&format!("{path}/decision")))
        .bearer_auth(&it)
        .json(&json!({ "state": "rejected", "message": "no" }))
        .send()
        .await
        .unwrap();
    assert_eq!(decision.status(), 403, "only support decides");

    // Partner A and support see it.
    let mine: Value = get(&jp, "/api/v1/cases")
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(mine.as_array().unwrap().len(), 1);
    let shown = get(&jp, &path).await.unwrap();
    assert_eq!(shown.status(), 200);
    let all: Value = get(&agent, "/api/v1/cases")
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(all.as_array().unwrap().len(), 1);
    let comment = client
        .post(server.url(&format!("{path}/comments")))
        .bearer_auth(&jp)
        .json(&json!({ "body": "See the invoice." }))
        .send()
        .await
        .unwrap();
    assert_eq!(comment.status(), 201);

    // Rejecting without a message: 422 naming it; then a decision, and a second one is 409.
    let decide = |body: Value| {
        client
            .post(server.url(&format!("{path}/decision")))
            .bearer_auth(&agent)
            .json(&body)
            .send()
    };
    let refused = decide(json!({ "state": "rejected" })).await.unwrap();
    assert_eq!(refused.status(), 422);
    let problem: Value = refused.json().await.unwrap();
    assert_eq!(problem["fields"], json!(["message"]));
    let resolved = decide(json!({ "state": "resolved", "points": 1.5 }))
        .await
        .unwrap();
    assert_eq!(resolved.status(), 200);
    let resolved: Value = resolved.json().await.unwrap();
    assert_eq!(resolved["adjustment"]["kpi"], 1.5);
    let again = decide(json!({ "state": "rejected", "message": "R13" }))
        .await
        .unwrap();
    assert_eq!(again.status(), 409);
    assert!(server.stop().success());
}
