//! Invoices, publications and KPI reports through the real `lpc` binary and the API
//! (R12..R18, R21). PROGRAM.md's worked examples run end to end on pinned dates.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests: a panic is a failed test

mod support;

use assert_cmd::assert::OutputAssertExt;
use predicates::str::contains;
use serde_json::Value;
use support::{Server, Workspace};

const HEADER: &str = "document_type,document_number,corrects_document,partner_id,document_date,line_number,omlp_type,product_sku,purchase_units,revenue_value,currency\n";

fn lpc(ws: &Workspace, today: &str, args: &[&str]) -> std::process::Command {
    let mut cmd = ws.lpc(&["--today", today]);
    cmd.args(args);
    cmd
}

fn json(ws: &Workspace, today: &str, args: &[&str]) -> Value {
    let out = lpc(ws, today, args).output().unwrap();
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

fn file(ws: &Workspace, name: &str, rows: &str) -> String {
    let path = ws.dir.path().join(name);
    std::fs::write(&path, format!("{HEADER}{rows}")).unwrap();
    path.display().to_string()
}

fn with_partner(ws: Workspace) -> Workspace {
    lpc(
        &ws,
        "2020-01-01",
        &[
            "partner",
            "add",
            "--id",
            "1234567",
            "--name",
            "Worked Example",
            "--country",
            "JP",
        ],
    )
    .assert()
    .success();
    ws
}

fn invoice_numbers(report: &Value) -> Vec<String> {
    report["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["invoice_number"].as_str().unwrap().to_owned())
        .collect()
}

both!(
    r17_r18_the_worked_example_holds_end_to_end,
    r17_r18_the_worked_example_holds_end_to_end_on
);
fn r17_r18_the_worked_example_holds_end_to_end_on(ws: Workspace) {
    let ws = with_partner(ws);
    let invoices = file(
        &ws,
        "jan.csv",
        "invoice,INV-1001,,1234567,2020-01-20,1,moc,20764-C,10,1250.00,USD\n",
    );
    let imported = json(
        &ws,
        "2020-02-01",
        &["invoices", "import", &invoices, "--json"],
    );
    assert_eq!(
        (
            imported["lines"].as_u64(),
            imported["invoices"].as_u64(),
            imported["partners"].as_u64()
        ),
        (Some(1), Some(1), Some(1))
    );

    // Before any publication the dashboard is empty (R17).
    let empty = json(&ws, "2020-01-10", &["kpi", "report", "1234567", "--json"]);
    assert_eq!(empty["published_on"], Value::Null);
    assert!(empty["rows"].as_array().unwrap().is_empty());

    // R17: the report published on 15 January 2020 covers January to December 2019.
    let january = json(&ws, "2020-02-14", &["publish", "--json"]);
    assert_eq!(january["published_on"], "2020-01-15");
    assert_eq!(
        january["period"],
        serde_json::json!({ "from": "2019-01", "to": "2019-12" })
    );
    assert_eq!(january["already_published"], false);
    // R18: on 14 February the invoice of 20 January is not visible yet.
    let before = json(&ws, "2020-02-14", &["kpi", "report", "1234567", "--json"]);
    assert_eq!(before["published_on"], "2020-01-15");
    assert!(invoice_numbers(&before).is_empty());

    // ... and from 15 February it is.
    let february = json(&ws, "2020-02-15", &["publish", "--json"]);
    assert_eq!(
        february["period"],
        serde_json::json!({ "from": "2019-02", "to": "2020-01" })
    );
    let after = json(&ws, "2020-02-15", &["kpi", "report", "1234567", "--json"]);
    assert_eq!(invoice_numbers(&after), ["INV-1001"]);
    let row = &after["rows"][0];
    assert_eq!(
        (row["year"].as_i64(), row["month"].as_i64()),
        (Some(2020), Some(1))
    );
    assert_eq!(row["omlp_type"], "moc");
    assert_eq!(row["purchase_units"], 10);
    assert_eq!(
        row["kpi_value"], 10,
        "R12: one point per MOC unit, a JSON number"
    );
    assert_eq!(row["revenue_value"], "1250.00", "a decimal string");
    assert_eq!(after["totals"]["kpi_value"], 10);

    // Between publications the dashboard shows the last one (R17).
    let later = json(&ws, "2020-03-14", &["kpi", "report", "1234567", "--json"]);
    assert_eq!(later["published_on"], "2020-02-15");

    // Publishing again changes nothing and says so, with the same digest.
    let again = json(&ws, "2020-02-20", &["publish", "--json"]);
    assert_eq!(again["already_published"], true);
    assert_eq!(again["digest"], february["digest"]);
}

both!(
    r12_r13_credit_notes_reduce_points_caps_apply_and_late_lines_are_marked,
    r12_r13_credit_notes_reduce_points_caps_apply_and_late_lines_are_marked_on
);
fn r12_r13_credit_notes_reduce_points_caps_apply_and_late_lines_are_marked_on(ws: Workspace) {
    let ws = with_partner(ws);
    let rows = "invoice,INV-1,,1234567,2019-05-10,1,moc,20764-C,10,1250.00,USD\n\
                invoice,INV-1,,1234567,2019-05-10,2,labs_online,LAB-1,3,90.00,USD\n\
                invoice,INV-2,,1234567,2019-06-10,1,mta_courseware,MTA-1,700,700.00,USD\n\
                credit_note,CN-1,INV-1,1234567,2019-06-01,1,moc,20764-C,-2,-250.00,USD\n";
    lpc(
        &ws,
        "2019-07-01",
        &["invoices", "import", &file(&ws, "a.csv", rows)],
    )
    .assert()
    .success();
    lpc(&ws, "2019-08-15", &["publish"]).assert().success();
    let report = json(&ws, "2019-08-15", &["kpi", "report", "1234567", "--json"]);
    // moc 10 - 2 = 8; labs_online 3 x 0.5 = 1.5; mta 700 x 0.5 = 350 capped at 300 (R12).
    assert_eq!(report["totals"]["by_omlp_type"]["moc"], 8);
    assert_eq!(report["totals"]["by_omlp_type"]["labs_online"], 1.5);
    assert_eq!(report["totals"]["by_omlp_type"]["mta_courseware"], 300);
    assert_eq!(report["totals"]["kpi_value"], 309.5);

    // An invoice of May imported after the August publication shows in September's, late.
    lpc(
        &ws,
        "2019-08-20",
        &[
            "invoices",
            "import",
            &file(
                &ws,
                "late.csv",
                "invoice,INV-9,,1234567,2019-05-20,1,moc,X,1,10.00,USD\n",
            ),
        ],
    )
    .assert()
    .success();
    lpc(&ws, "2019-09-15", &["publish"]).assert().success();
    let september = json(&ws, "2019-09-15", &["kpi", "report", "1234567", "--json"]);
    let late: Vec<&str> = september["rows"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["late"] == true)
        .map(|r| r["invoice_number"].as_str().unwrap())
        .collect();
    assert_eq!(late, ["INV-9"]);
    let csv = lpc(&ws, "2019-09-15", &["kpi", "report", "1234567", "--csv"])
        .output()
        .unwrap();
    let csv = String::from_utf8(csv.stdout).unwrap();
    assert!(csv.starts_with(
        "month,year,omlp_type,purchase_units,invoice_number,kpi_value,revenue_value,currency"
    ));
    assert!(csv.contains("5,2019,moc,1,INV-9,1,10.00,USD,true"), "{csv}");
}

both!(
    r16_invoices_of_an_unregistered_partner_count_once_it_registers,
    r16_invoices_of_an_unregistered_partner_count_once_it_registers_on
);
fn r16_invoices_of_an_unregistered_partner_count_once_it_registers_on(ws: Workspace) {
    let ws = with_partner(ws);
    lpc(
        &ws,
        "2019-07-01",
        &[
            "invoices",
            "import",
            &file(
                &ws,
                "a.csv",
                "invoice,INV-7,,7777777,2019-06-10,1,moc,X,5,50.00,USD\n",
            ),
        ],
    )
    .assert()
    .success();
    lpc(&ws, "2019-07-15", &["publish"]).assert().success();
    lpc(
        &ws,
        "2019-07-20",
        &[
            "partner",
            "add",
            "--id",
            "7777777",
            "--name",
            "Later",
            "--country",
            "IT",
        ],
    )
    .assert()
    .success();
    let before = json(&ws, "2019-07-20", &["kpi", "report", "7777777", "--json"]);
    assert!(
        invoice_numbers(&before).is_empty(),
        "not in the report published before it registered"
    );
    lpc(&ws, "2019-08-15", &["publish"]).assert().success();
    let after = json(&ws, "2019-08-15", &["kpi", "report", "7777777", "--json"]);
    assert_eq!(invoice_numbers(&after), ["INV-7"]);
}

both!(
    bad_files_are_refused_whole_with_line_column_value_and_rule,
    bad_files_are_refused_whole_with_line_column_value_and_rule_on
);
fn bad_files_are_refused_whole_with_line_column_value_and_rule_on(ws: Workspace) {
    let ws = with_partner(ws);
    let rows = "order_confirmation,OC-1,,1234567,2020-01-20,1,moc,X,1,1.00,USD\n\
                invoice,INV-2,,1234567,2020-02-30,1,moc,X,1,1.00,USD\n\
                invoice,INV-3,,1234567,2020-01-20,1,moc,X,ten,1.00,USD\n\
                invoice,INV-4,,1234567,2020-01-20,1,moc,X,1,1.005,USD\n\
                invoice,INV-5,,1234567,2020-01-20,1,webinar,X,1,1.00,USD\n\
                invoice,INV-6,,1234567,2020-01-20,1,moc,X,1,1.00,XYZ\n\
                credit_note,CN-1,INV-404,1234567,2020-01-20,1,moc,X,-1,-1.00,USD\n\
                invoice,INV-8,,1234567,2020-01-20,1,moc,X,1,100,JPY\n";
    let out = lpc(
        &ws,
        "2020-03-01",
        &["invoices", "import", &file(&ws, "bad.csv", rows)],
    )
    .output()
    .unwrap();
    assert_eq!(out.status.code(), Some(3));
    let stderr = String::from_utf8_lossy(&out.stderr);
    for expected in [
        "7 rows refused; nothing was imported",
        "line 2, column document_type (\"order_confirmation\"): R13",
        "line 3, column document_date (\"2020-02-30\")",
        "line 4, column purchase_units (\"ten\")",
        "line 5, column revenue_value (\"1.005\")",
        "line 6, column omlp_type (\"webinar\"): R12",
        "line 7, column currency (\"XYZ\")",
        "line 8, column corrects_document (\"INV-404\"): R13",
    ] {
        assert!(
            stderr.contains(expected),
            "missing {expected:?} in:\n{stderr}"
        );
    }
    // Nothing was stored: the JPY invoice of line 9, valid on its own, is absent too.
    lpc(&ws, "2020-03-01", &["publish"]).assert().success();
    let report = json(&ws, "2020-03-01", &["kpi", "report", "1234567", "--json"]);
    assert!(invoice_numbers(&report).is_empty());

    lpc(
        &ws,
        "2020-03-01",
        &[
            "invoices",
            "import",
            &file(&ws, "trunc.csv", "invoice,INV-1,,1234567"),
        ],
    )
    .assert()
    .code(3)
    .stderr(contains("line 2, column (row)"));
    let header = ws.dir.path().join("header.csv");
    std::fs::write(&header, "type,number\ninvoice,1\n").unwrap();
    lpc(
        &ws,
        "2020-03-01",
        &["invoices", "import", header.to_str().unwrap()],
    )
    .assert()
    .code(3)
    .stderr(contains("missing: [document_type"));
}

both!(
    conflicting_reimports_name_both_and_skip_invalid_writes_rejects,
    conflicting_reimports_name_both_and_skip_invalid_writes_rejects_on
);
fn conflicting_reimports_name_both_and_skip_invalid_writes_rejects_on(ws: Workspace) {
    let ws = with_partner(ws);
    let first = file(
        &ws,
        "a.csv",
        "invoice,INV-1,,1234567,2020-01-20,1,moc,X,10,100.00,USD\n",
    );
    lpc(&ws, "2020-03-01", &["invoices", "import", &first])
        .assert()
        .success();
    let again = json(&ws, "2020-03-01", &["invoices", "import", &first, "--json"]);
    assert_eq!(
        (again["lines"].as_u64(), again["unchanged"].as_u64()),
        (Some(0), Some(1)),
        "idempotent"
    );
    let changed = file(
        &ws,
        "b.csv",
        "invoice,INV-1,,1234567,2020-01-20,1,moc,X,11,110.00,USD\n",
    );
    lpc(&ws, "2020-03-01", &["invoices", "import", &changed])
        .assert()
        .code(3)
        .stderr(
            contains("invoice INV-1 line 1 is already stored (imported from line 2 of an earlier file) with other values")
                .and(contains("11 units")),
        );

    let mixed = file(
        &ws,
        "mixed.csv",
        "invoice,INV-2,,1234567,2020-01-21,1,moc,X,1,1.00,USD\npartner_report,PR-1,,1234567,2020-01-21,1,moc,X,1,1.00,USD\n",
    );
    let rejects = ws.dir.path().join("rejects.csv");
    let done = json(
        &ws,
        "2020-03-01",
        &[
            "invoices",
            "import",
            &mixed,
            "--skip-invalid",
            "--rejects",
            rejects.to_str().unwrap(),
            "--json",
        ],
    );
    assert_eq!(
        (done["lines"].as_u64(), done["refused"].as_u64()),
        (Some(1), Some(1))
    );
    let written = std::fs::read_to_string(&rejects).unwrap();
    assert!(
        written.starts_with(&HEADER.replace('\n', ",error\n")),
        "{written}"
    );
    assert!(
        written.contains("partner_report,PR-1") && written.contains("R13"),
        "{written}"
    );
    lpc(
        &ws,
        "2020-03-01",
        &["invoices", "import", &mixed, "--skip-invalid"],
    )
    .assert()
    .code(2);
}

use predicates::prelude::PredicateBooleanExt;

#[tokio::test]
async fn the_api_serves_the_report_and_its_csv_to_the_partner_only() {
    let ws = with_partner(Workspace::new());
    lpc(
        &ws,
        "2020-01-01",
        &[
            "partner",
            "add",
            "--id",
            "7654321",
            "--name",
            "Other",
            "--country",
            "IT",
        ],
    )
    .assert()
    .success();
    for (email, id) in [
        ("admin@example.jp", "1234567"),
        ("admin@example.it", "7654321"),
    ] {
        let mut child = lpc(
            &ws,
            "2020-01-01",
            &[
                "user",
                "add",
                "--email",
                email,
                "--role",
                "mpn_partner_admin",
                "--partner",
                id,
            ],
        )
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::null())
        .spawn()
        .unwrap();
        use std::io::Write;
        writeln!(child.stdin.take().unwrap(), "a long password").unwrap();
        assert!(child.wait().unwrap().success());
    }
    let token = |email: &str| {
        let out = lpc(&ws, "2020-01-01", &["token", "create", "--email", email])
            .output()
            .unwrap();
        String::from_utf8(out.stdout).unwrap().trim().to_owned()
    };
    let (jp, it) = (token("admin@example.jp"), token("admin@example.it"));
    {
        let mut child = lpc(
            &ws,
            "2020-01-01",
            &[
                "user",
                "add",
                "--email",
                "ops@lpc.example",
                "--role",
                "operator",
            ],
        )
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::null())
        .spawn()
        .unwrap();
        use std::io::Write;
        writeln!(child.stdin.take().unwrap(), "a long password").unwrap();
        assert!(child.wait().unwrap().success());
    }
    let ops = token("ops@lpc.example");
    lpc(
        &ws,
        "2020-02-01",
        &[
            "invoices",
            "import",
            &file(
                &ws,
                "a.csv",
                "invoice,INV-1001,,1234567,2020-01-20,1,moc,X,10,1250.00,USD\n",
            ),
        ],
    )
    .assert()
    .success();
    // The server's scheduler publishes the report of 2020-02-15 at start.
    let server = Server::start(ws.dir.path(), &ws.db, &["--today", "2020-02-20"]);
    let client = reqwest::Client::new();
    let report: Value = client
        .get(server.url("/api/v1/partners/1234567/kpi-report"))
        .bearer_auth(&jp)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(report["published_on"], "2020-02-15");
    assert_eq!(invoice_numbers(&report), ["INV-1001"]);
    let csv = client
        .get(server.url("/api/v1/partners/1234567/kpi-report.csv"))
        .bearer_auth(&jp)
        .send()
        .await
        .unwrap();
    assert_eq!(csv.headers()["content-type"], "text/csv; charset=utf-8");
    assert!(csv.text().await.unwrap().contains("INV-1001"));
    let other = client
        .get(server.url("/api/v1/partners/1234567/kpi-report"))
        .bearer_auth(&it)
        .send()
        .await
        .unwrap();
    assert_eq!(other.status(), 403);

    // Imports through the API: operators only, text/csv, the same rules as the CLI.
    let import = |token: &str, query: &str, content_type: &str, body: String| {
        client
            .post(server.url(&format!("/api/v1/imports/invoices{query}")))
            .bearer_auth(token.to_owned())
            .header("content-type", content_type.to_owned())
            .body(body)
            .send()
    };
    let good = format!("{HEADER}invoice,INV-2001,,1234567,2020-02-01,1,moc,X,3,30.00,USD\n");
    assert_eq!(
        import(&jp, "", "text/csv", good.clone())
            .await
            .unwrap()
            .status(),
        403,
        "partners do not import"
    );
    assert_eq!(
        import(&ops, "", "application/json", good.clone())
            .await
            .unwrap()
            .status(),
        415
    );
    let done: Value = import(&ops, "", "text/csv", good.clone())
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(done["lines"], 1);
    let bad = format!(
        "{HEADER}partner_report,PR-1,,1234567,2020-02-01,1,moc,X,3,30.00,USD\ninvoice,INV-2002,,1234567,2020-02-01,1,moc,X,1,1.00,USD\n"
    );
    let refused = import(&ops, "", "text/csv", bad.clone()).await.unwrap();
    assert_eq!(refused.status(), 422);
    let problem: Value = refused.json().await.unwrap();
    assert_eq!(problem["errors"][0]["line"], 2);
    assert!(
        problem["errors"][0]["reason"]
            .as_str()
            .unwrap()
            .starts_with("R13")
    );
    let skipped: Value = import(&ops, "?skip_invalid=true", "text/csv", bad)
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(
        (skipped["lines"].as_u64(), skipped["refused"].as_u64()),
        (Some(1), Some(1))
    );
    assert_eq!(skipped["rejects"][0]["cells"][1], "PR-1");
    server.stop();
}
