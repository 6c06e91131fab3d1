//! Trainers, exams, guidelines and eligibility through the real `lpc` binary and the API
//! (issue: program rules). Every scenario runs on a pinned `--today` so dates never drift.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests: a panic is a failed test

mod support;

use std::io::Write;
use std::process::Stdio;

use assert_cmd::assert::OutputAssertExt;
use predicates::str::contains;
use serde_json::Value;
use support::{Server, Workspace};

const TODAY: &str = "2026-03-01";

fn lpc(ws: &Workspace, args: &[&str]) -> std::process::Command {
    let mut cmd = ws.lpc(&["--today", TODAY]);
    cmd.args(args);
    cmd
}

fn write(ws: &Workspace, name: &str, text: &str) -> String {
    let path = ws.dir.path().join(name);
    std::fs::write(&path, text).unwrap();
    path.display().to_string()
}

fn json(ws: &Workspace, args: &[&str]) -> Value {
    let out = lpc(ws, args).output().unwrap();
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

fn partner(ws: &Workspace, id: &str, country: &str) {
    lpc(
        ws,
        &[
            "partner",
            "add",
            "--id",
            id,
            "--name",
            &format!("Partner {id}"),
            "--country",
            country,
        ],
    )
    .assert()
    .success();
}

fn admin(ws: &Workspace, email: &str, id: &str) {
    let mut child = lpc(
        ws,
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
    .stdin(Stdio::piped())
    .stdout(Stdio::null())
    .spawn()
    .unwrap();
    writeln!(child.stdin.take().unwrap(), "a long password").unwrap();
    assert!(child.wait().unwrap().success());
}

fn option<'a>(answer: &'a Value, option: &str, competency: Option<&str>) -> &'a Value {
    answer["options"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["option"] == option && o["competency"].as_str() == competency)
        .unwrap_or_else(|| panic!("option {option} {competency:?} listed"))
}

fn requirement<'a>(option: &'a Value, id: &str) -> &'a Value {
    option["requirements"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == id)
        .unwrap()
}

const TRAINERS_HEADER: &str = "mct_id,partner_id,name,email,valid_from,valid_until\n";

#[test]
fn r4_no_mct_refuses_the_action_pack_and_one_active_mct_makes_it_eligible() {
    let ws = Workspace::new();
    partner(&ws, "4100001", "JP");
    let none = json(&ws, &["eligibility", "4100001", "--json"]);
    let lap = option(&none, "action_pack", None);
    assert_eq!(lap["eligible"], false);
    let mct = requirement(lap, "mct_count");
    assert_eq!(
        (
            mct["met"].as_bool(),
            mct["actual"].as_u64(),
            mct["required"].as_u64()
        ),
        (Some(false), Some(0), Some(1))
    );
    assert_eq!(mct["rule"], "R4");
    assert_eq!(none["recommended"], Value::Null);

    // One MCT valid today, one that expired yesterday, one that starts tomorrow.
    let file = write(
        &ws,
        "trainers.csv",
        &format!(
            "{TRAINERS_HEADER}MCT-1,4100001,Kenji Sato,kenji@sakura.example,2025-03-01,2026-03-01\n\
             MCT-2,4100001,Old Timer,old@sakura.example,2024-01-01,2026-02-28\n\
             MCT-3,4100001,New Comer,new@sakura.example,2026-03-02,2027-03-01\n"
        ),
    );
    lpc(&ws, &["trainers", "import", &file])
        .assert()
        .success()
        .stdout(contains("3 trainers added"));
    let one = json(&ws, &["eligibility", "4100001", "--json"]);
    let lap = option(&one, "action_pack", None);
    assert_eq!(lap["eligible"], true, "{lap}");
    assert_eq!(
        requirement(lap, "mct_count")["actual"],
        1,
        "only MCT-1 is valid on {TODAY}"
    );
    assert_eq!(one["recommended"]["option"], "action_pack");
    lpc(&ws, &["eligibility", "4100001"])
        .assert()
        .success()
        .stdout(contains("Recommended (R10): action_pack"));
}

#[test]
fn r10_a_partner_meeting_silver_but_not_gold_is_refused_gold_and_offered_silver() {
    let ws = Workspace::new();
    partner(&ws, "3900001", "IT");
    admin(&ws, "admin@aurora.example", "3900001");
    let trainers: String = (1..=4)
        .map(|n| format!("MCT-{n},3900001,Trainer {n},t{n}@aurora.example,2025-09-01,2026-08-31\n"))
        .collect();
    let file = write(&ws, "trainers.csv", &format!("{TRAINERS_HEADER}{trainers}"));
    lpc(&ws, &["trainers", "import", &file]).assert().success();
    let exams = write(
        &ws,
        "exams.csv",
        "partner_id,person_email,exam_code,passed_on\n\
         3900001,giulia@aurora.example,AZ-104,2025-02-15\n\
         3900001,marco@aurora.example,az-305,2025-10-15\n\
         3900001,luca@aurora.example,AZ-104,2026-02-28\n",
    );
    let imported = json(&ws, &["exams", "import", &exams, "--json"]);
    assert_eq!(imported["added"], 3);

    // Without the R8 commitment, silver is not yet eligible.
    let before = json(&ws, &["eligibility", "3900001", "--json"]);
    let silver = option(&before, "silver", Some("cloud_platform"));
    assert_eq!(silver["eligible"], false);
    assert_eq!(requirement(silver, "performance_commitment")["met"], false);
    assert_eq!(requirement(silver, "performance_commitment")["rule"], "R8");

    lpc(
        &ws,
        &[
            "guidelines",
            "accept",
            "3900001",
            "--as",
            "admin@aurora.example",
        ],
    )
    .assert()
    .success();
    let after = json(&ws, &["eligibility", "3900001", "--json"]);
    let silver = option(&after, "silver", Some("cloud_platform"));
    assert_eq!(silver["eligible"], true, "{silver}");
    // The 2025-02-15 pass is older than twelve months on 2026-03-01: two passes count (R8).
    assert_eq!(requirement(silver, "exam_passes")["actual"], 2);
    let gold = option(&after, "gold", Some("cloud_platform"));
    assert_eq!(gold["eligible"], false);
    let kpi = requirement(gold, "kpi_points");
    assert_eq!(
        (kpi["met"].as_bool(), kpi["rule"].as_str()),
        (Some(false), Some("R9"))
    );
    // Gold needs four passes: the message says how many more.
    let passes = requirement(gold, "exam_passes");
    assert_eq!(passes["met"], false);
    assert!(
        passes["message"].as_str().unwrap().contains("2 more"),
        "{passes}"
    );
    assert_eq!(after["recommended"]["option"], "silver");
    assert_eq!(after["recommended"]["competency"], "cloud_platform");
}

#[test]
fn r1_only_a_partner_admin_of_the_partner_accepts_the_guidelines() {
    let ws = Workspace::new();
    partner(&ws, "3900001", "IT");
    partner(&ws, "3900002", "IT");
    admin(&ws, "admin@other.example", "3900002");
    lpc(
        &ws,
        &[
            "guidelines",
            "accept",
            "3900001",
            "--as",
            "admin@other.example",
        ],
    )
    .assert()
    .code(3)
    .stderr(contains("R1"));
}

#[test]
fn imports_are_whole_or_nothing_report_every_bad_row_and_are_idempotent() {
    let ws = Workspace::new();
    partner(&ws, "4100001", "JP");
    let bad = write(
        &ws,
        "bad.csv",
        &format!(
            "{TRAINERS_HEADER}MCT-1,4100001,Good Row,good@x.example,2025-01-01,2026-12-31\n\
             MCT-2,41A0001,Bad Partner,bad@x.example,2025-01-01,2026-12-31\n\
             MCT-3,4100001,Bad Date,date@x.example,2025-02-30,2026-12-31\n\
             MCT-4,4100001,Backwards,back@x.example,2026-01-01,2025-01-01\n\
             MCT-5,4100001,No Mail,not-an-email,2025-01-01,2026-12-31\n\
             MCT-1,4100001,Good Row Changed,good@x.example,2025-01-01,2027-12-31\n"
        ),
    );
    let out = lpc(&ws, &["trainers", "import", &bad]).output().unwrap();
    assert_eq!(out.status.code(), Some(3));
    let stderr = String::from_utf8_lossy(&out.stderr);
    for expected in [
        "5 rows refused; nothing was imported",
        "line 3, column partner_id (\"41A0001\")",
        "line 4, column valid_from (\"2025-02-30\")",
        "line 5, column valid_until",
        "line 6, column email (\"not-an-email\")",
        "line 7, column mct_id (\"MCT-1\"): line 2 has the same MCT",
    ] {
        assert!(
            stderr.contains(expected),
            "missing {expected:?} in:\n{stderr}"
        );
    }
    let nothing = json(&ws, &["eligibility", "4100001", "--json"]);
    assert_eq!(
        requirement(option(&nothing, "action_pack", None), "mct_count")["actual"],
        0,
        "nothing was stored"
    );

    let header = write(&ws, "header.csv", "mct,partner_id\n1,2\n");
    lpc(&ws, &["trainers", "import", &header])
        .assert()
        .code(3)
        .stderr(contains("missing: [mct_id"));

    let good = write(
        &ws,
        "good.csv",
        &format!("{TRAINERS_HEADER}MCT-1,4100001,Kenji,k@x.example,2025-01-01,2026-12-31\n"),
    );
    assert_eq!(
        json(&ws, &["trainers", "import", &good, "--json"])["added"],
        1
    );
    let again = json(&ws, &["trainers", "import", &good, "--json"]);
    assert_eq!(
        (again["added"].as_u64(), again["unchanged"].as_u64()),
        (Some(0), Some(1))
    );

    let future = write(
        &ws,
        "future.csv",
        "partner_id,person_email,exam_code,passed_on\n4100001,a@x.example,AZ-104,2026-03-02\n",
    );
    lpc(&ws, &["exams", "import", &future])
        .assert()
        .code(3)
        .stderr(contains("after today (2026-03-01)"));
}

#[tokio::test]
async fn the_api_answers_eligibility_and_entitlements_to_the_partner_and_refuses_others() {
    let ws = Workspace::new();
    partner(&ws, "4100001", "JP");
    partner(&ws, "3900001", "IT");
    admin(&ws, "admin@sakura.example", "4100001");
    admin(&ws, "admin@aurora.example", "3900001");
    let token = |email: &str| {
        let out = lpc(&ws, &["token", "create", "--email", email])
            .output()
            .unwrap();
        assert!(out.status.success());
        String::from_utf8(out.stdout).unwrap().trim().to_owned()
    };
    let sakura = token("admin@sakura.example");
    let aurora = token("admin@aurora.example");
    let server = Server::start(ws.dir.path(), &ws.db, &["--today", TODAY]);
    let client = reqwest::Client::new();
    let get = |path: &str, token: Option<&str>| {
        let mut request = client.get(server.url(path));
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        request.send()
    };

    let own = get("/api/v1/partners/4100001/eligibility", Some(&sakura))
        .await
        .unwrap();
    assert_eq!(own.status(), 200);
    let answer: Value = own.json().await.unwrap();
    assert_eq!(option(&answer, "action_pack", None)["eligible"], false);

    let other = get("/api/v1/partners/4100001/eligibility", Some(&aurora))
        .await
        .unwrap();
    assert_eq!(other.status(), 403);
    let problem: Value = other.json().await.unwrap();
    assert!(
        problem["detail"].as_str().unwrap().starts_with("R1"),
        "{problem}"
    );
    assert_eq!(
        get("/api/v1/partners/4100001/eligibility", None)
            .await
            .unwrap()
            .status(),
        401
    );
    assert_eq!(
        get("/api/v1/partners/4100001/eligibility", Some("lpc_forged"))
            .await
            .unwrap()
            .status(),
        401
    );

    // R6: no learning enrollment yet, so internal training only at full price.
    let entitlement: Value = get(
        "/api/v1/partners/4100001/entitlements/20764-C",
        Some(&sakura),
    )
    .await
    .unwrap()
    .json()
    .await
    .unwrap();
    assert_eq!(entitlement["allowed"], false);
    assert_eq!(entitlement["rule"], "R6");
    assert_eq!(entitlement["product"], "20764-C");

    // R8 through the API: the admin accepts the guidelines for its own partner only.
    let accept = |mpn: &str, token: &str| {
        client
            .post(server.url(&format!("/api/v1/partners/{mpn}/guidelines-acceptance")))
            .bearer_auth(token.to_owned())
            .send()
    };
    assert_eq!(accept("4100001", &sakura).await.unwrap().status(), 200);
    assert_eq!(accept("4100001", &aurora).await.unwrap().status(), 403);
    server.stop();
}

#[test]
fn the_demo_shows_partners_at_every_tier_some_one_requirement_short() {
    let ws = Workspace::new();
    lpc(&ws, &["demo"]).assert().success();
    let recommended = |id: &str| {
        let answer = json(&ws, &["eligibility", id, "--json"]);
        let rec = &answer["recommended"];
        (
            rec["option"].as_str().map(str::to_owned),
            rec["competency"].as_str().map(str::to_owned),
        )
    };
    assert_eq!(
        recommended("4100001"),
        (Some("silver".into()), Some("cloud_platform".into()))
    );
    assert_eq!(recommended("3900002"), (Some("action_pack".into()), None));
    assert_eq!(recommended("1000001"), (None, None));
    assert_eq!(recommended("2700001"), (None, None), "its only MCT expired");
    // One requirement short: Fuji lacks one exam pass for silver.
    let fuji = json(&ws, &["eligibility", "4100002", "--json"]);
    let silver = option(&fuji, "silver", Some("cloud_platform"));
    let unmet: Vec<&str> = silver["requirements"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["met"] == false)
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    assert_eq!(unmet, ["exam_passes"]);
}

/// `lpc eligibility --all`: every registered partner, one JSON document per line in MPN ID
/// order, each exactly what `lpc eligibility MPN --json` answers; the same on both backends.
fn every_partner_is_judged_one_line_each_as_alone(ws: Workspace) {
    for (id, country) in [("4100002", "JP"), ("3900001", "IT"), ("1000001", "US")] {
        partner(&ws, id, country);
    }
    let file = write(
        &ws,
        "trainers.csv",
        &format!(
            "{TRAINERS_HEADER}MCT-1,3900001,Giulia Rossi,giulia@aurora.example,2025-09-01,2026-08-31\n"
        ),
    );
    lpc(&ws, &["trainers", "import", &file]).assert().success();
    let out = lpc(&ws, &["eligibility", "--all", "--json"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let lines: Vec<Value> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let ids: Vec<&str> = lines
        .iter()
        .map(|l| l["partner_id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["1000001", "3900001", "4100002"]);
    for line in &lines {
        let id = line["partner_id"].as_str().unwrap();
        assert_eq!(
            line,
            &json(&ws, &["eligibility", id, "--json"]),
            "partner {id}"
        );
    }
    assert_eq!(option(&lines[1], "action_pack", None)["eligible"], true);
    lpc(&ws, &["eligibility", "--all"])
        .assert()
        .success()
        .stdout(contains(
            "3900001: eligible for action_pack; recommended (R10): action_pack",
        ))
        .stdout(contains(
            "4100002: eligible for nothing yet; recommended (R10): none",
        ));
    lpc(&ws, &["eligibility"]).assert().code(2);
}

both!(
    eligibility_of_every_partner,
    every_partner_is_judged_one_line_each_as_alone
);
