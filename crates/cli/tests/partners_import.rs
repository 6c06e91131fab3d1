//! `lpc partners import` (issue 19, R31) through the real binary, on both databases: a file
//! with a bad row is refused whole, each refusal naming its line, column and rule, and
//! nothing is stored; a row conflicting with a stored partner or with an earlier line names
//! both; `--skip-invalid --rejects` stores the valid rows and writes the others with an
//! `error` column; the same file again changes nothing and mails nobody twice; the partners
//! are verified; each new partner with a contact gets one invitation (`lpc partners invite`,
//! as `lpc serve` does every half minute), and a contact with an account none; the
//! invitation's link, followed over HTTP, makes a verified MPN partner admin who sees the
//! KPI dashboard.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests: a panic is a failed test

mod support;

use std::io::Write;
use std::process::Stdio;

use assert_cmd::assert::OutputAssertExt;
use lpc_test_support::{browser, get, link_in};
use reqwest::StatusCode;
use support::{Server, Workspace, csrf_of};

const TODAY: &str = "2026-07-15";
const HEADER: &str = "mpn_id,name,country,contact_email\n";
const INVOICES: &str = "document_type,document_number,corrects_document,partner_id,document_date,line_number,omlp_type,product_sku,purchase_units,revenue_value,currency\n\
invoice,INV-PI-1,,4500001,2026-03-10,1,moc,20764-C,10,1250.00,USD\n";

/// The valid rows: a Japanese partner, an Italian one without a contact, one whose contact
/// has an account, and one repeated (the same values: changes nothing).
const VALID: &str = "4500001,Sakura Learning,JP,Desk@Sakura.example\n\
4500002,Aurora Formazione,IT,\n\
4500003,Contoso Training,US,owner@has-account.example\n\
4500001,Sakura Learning,jp,desk@sakura.example\n";

fn lpc(ws: &Workspace, args: &[&str]) -> std::process::Command {
    ws.lpc(&[&["--today", TODAY], args].concat())
}

fn stdout(ws: &Workspace, args: &[&str]) -> String {
    let out = lpc(ws, args).assert().success().get_output().stdout.clone();
    String::from_utf8(out).unwrap()
}

fn json(ws: &Workspace, args: &[&str]) -> serde_json::Value {
    serde_json::from_str(&stdout(ws, args)).unwrap()
}

/// Refused with exit status 3; the error text.
fn refused(ws: &Workspace, args: &[&str]) -> String {
    let out = lpc(ws, args).assert().code(3).get_output().stderr.clone();
    String::from_utf8(out).unwrap()
}

fn write(ws: &Workspace, name: &str, text: &str) -> String {
    let path = ws.dir.path().join(name);
    std::fs::write(&path, text).unwrap();
    path.to_str().unwrap().to_owned()
}

/// The mail waiting in the outbox, as stored (the links' tokens still in them): (to, body).
fn unsent_mail(ws: &Workspace) -> Vec<(String, String)> {
    let db = ws.db.clone();
    std::thread::spawn(move || {
        tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap()
            .block_on(async move {
                let store: std::sync::Arc<dyn lpc_store::Store> = if db.starts_with("sqlite:") {
                    std::sync::Arc::new(lpc_store_sqlite::open(&db).await.unwrap())
                } else {
                    std::sync::Arc::new(lpc_store_postgres::open(&db).await.unwrap())
                };
                let mail = store.unsent_mail(1000).await.unwrap();
                store.close().await;
                mail.into_iter()
                    .map(|m| (m.to.to_string(), m.body))
                    .collect()
            })
    })
    .join()
    .unwrap()
}

/// `lpc user add`, the password on stdin.
fn add_user(ws: &Workspace, email: &str) {
    let mut child = lpc(ws, &["user", "add", "--email", email, "--role", "operator"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    writeln!(child.stdin.take().unwrap(), "an operator's password").unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

fn args(v: &[String]) -> Vec<&str> {
    v.iter().map(String::as_str).collect()
}

fn r31_partner_files_register_verified_partners_and_invite_their_contacts_on(ws: Workspace) {
    // What the program holds already: a partner, an account, and invoices of an MPN ID that
    // registers through the file (R16).
    stdout(
        &ws,
        &[
            "partner",
            "add",
            "--id",
            "4500009",
            "--name",
            "Stored Learning",
            "--country",
            "JP",
            "--contact-email",
            "desk@stored.example",
        ],
    );
    add_user(&ws, "owner@has-account.example");
    let invoices = write(&ws, "invoices.csv", INVOICES);
    stdout(&ws, &["invoices", "import", &invoices]);
    // No scheduler: the month's publication is made below, once the partners are registered.
    let server = Server::start_with_env(
        ws.dir.path(),
        &ws.db,
        &["--scheduler", "off"],
        &[("LPC_TODAY", TODAY)],
    );
    let import = |file: &str, extra: &[&str]| -> Vec<String> {
        [&["partners", "import", file][..], extra]
            .concat()
            .into_iter()
            .map(str::to_owned)
            .collect()
    };

    // A bad row refuses the whole file; every refusal names its line, column and rule, and
    // a conflict names both sides.
    let bad = write(
        &ws,
        "bad.csv",
        &format!(
            "{HEADER}{VALID}\
             4500004,Bad Country,XX,ops@bad.example\n\
             4500009,Stored Learning KK,JP,desk@stored.example\n\
             4500002,Aurora Formazione Srl,IT,\n"
        ),
    );
    let err = refused(&ws, &args(&import(&bad, &[])));
    assert!(err.contains("nothing was imported"), "{err}");
    for expected in [
        "line 6, column country (\"XX\"): R31:",
        "line 7, column name (\"Stored Learning KK\"): R31: MPN ID 4500009 is stored as \"Stored Learning\", JP, desk@stored.example; this line says \"Stored Learning KK\", JP, desk@stored.example",
        "line 8, column name (\"Aurora Formazione Srl\"): R31: line 3 registers MPN ID 4500002 as \"Aurora Formazione\", IT, no contact e-mail; this line says \"Aurora Formazione Srl\", IT, no contact e-mail",
    ] {
        assert!(err.contains(expected), "{expected}\n{err}");
    }
    assert!(
        refused(&ws, &["eligibility", "4500001"]).contains("not registered"),
        "nothing of the refused file is stored"
    );
    assert!(unsent_mail(&ws).is_empty(), "and nobody is mailed");

    // --skip-invalid stores the valid rows and writes the others, with an `error` column.
    let rejects = ws.dir.path().join("rejects.csv");
    let done = json(
        &ws,
        &args(&import(
            &bad,
            &[
                "--skip-invalid",
                "--rejects",
                rejects.to_str().unwrap(),
                "--json",
            ],
        )),
    );
    assert_eq!(done["rows"], 7, "{done}");
    assert_eq!(done["partners"], 3, "{done}");
    assert_eq!(done["unchanged"], 0, "{done}");
    assert_eq!(done["refused"], 3, "{done}");
    assert_eq!(done["invited"], 1, "{done}");
    assert_eq!(done["without_contact"], 1, "{done}");
    assert_eq!(done["not_invited"][0]["mpn_id"], "4500003", "{done}");
    assert_eq!(
        done["not_invited"][0]["contact_email"],
        "owner@has-account.example"
    );
    assert!(
        done["not_invited"][0]["reason"]
            .as_str()
            .unwrap()
            .contains("already has an account")
    );
    assert!(done["seconds"].as_f64().unwrap() >= 0.0);
    let written = std::fs::read_to_string(&rejects).unwrap();
    let mut lines = written.lines();
    assert_eq!(
        lines.next(),
        Some("mpn_id,name,country,contact_email,error")
    );
    let rows: Vec<&str> = lines.collect();
    assert_eq!(rows.len(), 3, "{written}");
    assert!(rows[0].starts_with("4500004,Bad Country,XX,ops@bad.example,"));
    assert!(rows[0].contains("line 6, column country"), "{written}");
    assert!(rows[1].contains("line 7, column name"), "{written}");
    assert!(rows[2].contains("line 8, column name"), "{written}");

    // The contacts are invited a batch at a time after the import (`lpc serve` every half
    // minute): one invitation per new partner with a contact, in its language, once.
    assert!(
        unsent_mail(&ws).is_empty(),
        "the import itself mails nobody"
    );
    let invite = [
        "partners",
        "invite",
        "--public-url",
        server.base.as_str(),
        "--json",
    ];
    assert_eq!(json(&ws, &invite)["invited"], 1);
    assert_eq!(json(&ws, &invite)["invited"], 0, "once");
    let mail = unsent_mail(&ws);
    assert_eq!(mail.len(), 1, "{mail:?}");
    let (to, body) = &mail[0];
    assert_eq!(to, "desk@sakura.example");
    assert!(body.contains("Sakura Learning (MPN ID 4500001)"), "{body}");
    assert!(body.contains("Learning Partner プログラム"), "{body}");

    // The same file again changes nothing, counts nothing, mails nobody.
    let valid = write(&ws, "valid.csv", &format!("{HEADER}{VALID}"));
    let again = json(&ws, &args(&import(&valid, &["--json"])));
    assert_eq!(again["partners"], 0, "{again}");
    assert_eq!(again["unchanged"], 3, "{again}");
    assert_eq!(again["invited"], 0, "{again}");
    assert_eq!(again["refused"], 0, "{again}");
    assert_eq!(json(&ws, &invite)["invited"], 0);
    assert_eq!(unsent_mail(&ws).len(), 1);
    let text = stdout(&ws, &args(&import(&valid, &[])));
    assert!(
        text.contains("0 partners registered, verified (R31) (3 already stored)"),
        "{text}"
    );

    // Verified (R31): no claim waits, and nobody is refused for an unverified organization.
    assert_eq!(
        json(&ws, &["partner", "claims", "--json"]),
        serde_json::json!([])
    );
    stdout(&ws, &["eligibility", "4500002"]);
    // The month's report, with the invoices stored before the partner registered (R16).
    stdout(&ws, &["publish"]);

    // The link, followed in a browser: a password, and the contact is the partner's MPN
    // partner admin, signed in, seeing the KPI dashboard.
    let link = link_in(&server, body, "/invitation/");
    tokio::runtime::Runtime::new().unwrap().block_on(async {
        let client = browser();
        let (status, html) = get(&client, &server.url(&link)).await;
        assert_eq!(status, StatusCode::OK, "{html}");
        assert!(html.contains("desk@sakura.example"), "{html}");
        assert!(html.contains("Sakura Learning"), "{html}");
        let short = client
            .post(server.url(&link))
            .form(&[("password", "short"), ("csrf", &csrf_of(&html))])
            .send()
            .await
            .unwrap();
        assert_eq!(short.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let done = client
            .post(server.url(&link))
            .form(&[
                ("password", "sakura's own password"),
                ("csrf", &csrf_of(&html)),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(done.status(), StatusCode::OK);
        assert_eq!(
            done.url().path(),
            "/partner/4500001",
            "signed in, on its overview"
        );
        let (status, html) = get(&client, &server.url("/partner/4500001/kpi")).await;
        assert_eq!(status, StatusCode::OK, "{html}");
        assert!(
            html.contains("INV-PI-1"),
            "the verified partner's KPIs: {html}"
        );
        assert!(!html.contains("has not verified yet"), "{html}");
        let (status, _) = get(&client, &server.url("/partner/4500001/users")).await;
        assert_eq!(status, StatusCode::OK, "an admin manages the users (R1)");

        // The link works once; the address signs in with the password chosen.
        let (status, _) = get(&browser(), &server.url(&link)).await;
        assert_eq!(status, StatusCode::GONE);
        let again = browser();
        let (_, login) = get(&again, &server.url("/login")).await;
        let signed_in = again
            .post(server.url("/login"))
            .form(&[
                ("email", "desk@sakura.example"),
                ("password", "sakura's own password"),
                ("csrf", &csrf_of(&login)),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(signed_in.url().path(), "/partner/4500001");
    });
    drop(server);
    lpc(&ws, &["audit", "verify"]).assert().success();
}

both!(
    r31_partner_files_register_verified_partners_and_invite_their_contacts,
    r31_partner_files_register_verified_partners_and_invite_their_contacts_on
);
