//! The story of rule sets uploaded by operators (R14), run on every backend through
//! [`story_tests!`](crate::story_tests).

#![allow(clippy::expect_used, clippy::unwrap_used)]

use jiff::Timestamp;
use jiff::civil::date;

use crate::audit::AuditDraft;
use crate::error::StoreError;
use crate::rule_set_rows::{NewRuleSetDraft, RuleSetActivation, RuleSetState};
use crate::story::SharedStore;

fn audit(action: &str, subject: &str) -> AuditDraft {
    AuditDraft::new(
        "story",
        action,
        subject,
        Timestamp::now(),
        serde_json::json!({ "story": true }),
    )
}

fn new_draft(name: &str) -> NewRuleSetDraft {
    NewRuleSetDraft {
        name: name.to_owned(),
        toml: format!("name = \"{name}\"\n"),
        sha256: format!("{:0>64}", name.len()),
        uploaded_by: "user:ops@lpc.example".to_owned(),
        uploaded_at: "2026-11-22T09:00:00Z".parse().unwrap(),
    }
}

/// R14: a draft is stored verbatim; activated once, from a date no other active rule set takes;
/// a discarded draft can no longer be activated; each change is audited, refusals are not.
pub async fn rule_set_drafts_are_activated_once_per_effective_date(store: SharedStore) {
    let first = store
        .add_rule_set_draft(&new_draft("FY27"), &audit("rule_set.upload", "rule_set"))
        .await
        .expect("draft stored");
    assert_eq!(first.state, RuleSetState::Draft);
    assert_eq!(first.toml, "name = \"FY27\"\n");
    assert_eq!(first.effective_from, None);
    let second = store
        .add_rule_set_draft(&new_draft("FY27b"), &audit("rule_set.upload", "rule_set"))
        .await
        .expect("second draft stored");
    let third = store
        .add_rule_set_draft(&new_draft("FY27c"), &audit("rule_set.upload", "rule_set"))
        .await
        .expect("third draft stored");
    let listed: Vec<i64> = store
        .rule_sets()
        .await
        .unwrap()
        .iter()
        .map(|r| r.id)
        .collect();
    assert_eq!(listed, vec![third.id, second.id, first.id], "newest first");

    let on = date(2027, 7, 1);
    let activation = |id| RuleSetActivation {
        id,
        effective_from: on,
        by: "user:lead@lpc.example".to_owned(),
        at: "2026-11-22T10:00:00Z".parse().unwrap(),
    };
    let active = store
        .activate_rule_set(
            &activation(first.id),
            &audit("rule_set.activate", "rule_set"),
        )
        .await
        .expect("activated");
    assert_eq!(active.state, RuleSetState::Active);
    assert_eq!(active.effective_from, Some(on));
    assert_eq!(
        active.activated_by.as_deref(),
        Some("user:lead@lpc.example")
    );
    assert!(active.activated_at.is_some());

    let again = store
        .activate_rule_set(
            &activation(first.id),
            &audit("rule_set.activate", "rule_set"),
        )
        .await;
    assert!(matches!(again, Err(StoreError::Conflict(_))), "{again:?}");
    let same_day = store
        .activate_rule_set(
            &activation(second.id),
            &audit("rule_set.activate", "rule_set"),
        )
        .await;
    assert!(
        matches!(&same_day, Err(StoreError::Conflict(m)) if m.contains("R14")),
        "{same_day:?}"
    );
    assert_eq!(
        store.rule_set(second.id).await.unwrap().unwrap().state,
        RuleSetState::Draft,
        "a refused activation changes nothing"
    );

    store
        .discard_rule_set(third.id, &audit("rule_set.discard", "rule_set"))
        .await
        .expect("discarded");
    assert_eq!(
        store.rule_set(third.id).await.unwrap().unwrap().state,
        RuleSetState::Discarded
    );
    let discarded = store
        .activate_rule_set(
            &activation(third.id),
            &audit("rule_set.activate", "rule_set"),
        )
        .await;
    assert!(
        matches!(discarded, Err(StoreError::Conflict(_))),
        "{discarded:?}"
    );
    let missing = store
        .activate_rule_set(&activation(9999), &audit("rule_set.activate", "rule_set"))
        .await;
    assert!(
        matches!(missing, Err(StoreError::NotFound(_))),
        "{missing:?}"
    );
    assert!(store.rule_set(9999).await.unwrap().is_none());

    let events = store.audit_page(0, 100).await.unwrap();
    let count = |action: &str| events.iter().filter(|e| e.action == action).count();
    assert_eq!(count("rule_set.upload"), 3);
    assert_eq!(
        count("rule_set.activate"),
        1,
        "refused activations are not audited"
    );
    assert_eq!(count("rule_set.discard"), 1);
}

/// A what-if reads every partner's trainers, exam passes since a date and accepted guidelines
/// at once, each with its partner; a date without a publication has no KPI totals.
pub async fn eligibility_is_read_in_bulk_for_every_partner(store: SharedStore) {
    use crate::rows::{ExamPass, GuidelineAcceptance, NewPartner, Trainer};
    use lpc_domain::{CountryCode, Email, MpnId, PartnerName};

    let mpn = |n: u64| MpnId::parse(&n.to_string()).unwrap();
    let email = |e: &str| Email::parse(e).unwrap();
    for n in [5100001, 5100002] {
        let partner = NewPartner {
            mpn_id: mpn(n),
            name: PartnerName::parse(&format!("Partner {n}")).unwrap(),
            country: CountryCode::parse("JP").unwrap(),
            contact_email: None,
            verification: crate::Verification::Verified,
        };
        store
            .add_partner(&partner, &audit("partner.add", "partner"))
            .await
            .unwrap();
    }
    let trainer = |n: u64, id: &str| Trainer {
        mct_id: id.to_owned(),
        partner_id: mpn(n),
        name: format!("Trainer {id}"),
        email: email(&format!("{}@bulk.example", id.to_lowercase())),
        valid_from: date(2026, 1, 1),
        valid_until: date(2027, 1, 1),
    };
    store
        .import_trainers(
            &[
                trainer(5100001, "MCT-1"),
                trainer(5100001, "MCT-2"),
                trainer(5100002, "MCT-3"),
            ],
            &audit("trainers.import", "trainers"),
        )
        .await
        .unwrap();
    let pass = |n: u64, on| ExamPass {
        partner_id: mpn(n),
        person_email: email("p@bulk.example"),
        exam_code: "AZ-104".to_owned(),
        passed_on: on,
    };
    store
        .import_exam_passes(
            &[
                pass(5100001, date(2025, 1, 1)),
                pass(5100001, date(2026, 5, 1)),
                pass(5100002, date(2026, 6, 1)),
            ],
            &audit("exams.import", "exams"),
        )
        .await
        .unwrap();
    store
        .accept_guidelines(
            &GuidelineAcceptance {
                partner_id: mpn(5100002),
                version: "FY26-1.0".to_owned(),
                accepted_by: email("admin@bulk.example"),
                accepted_at: "2026-11-22T09:00:00Z".parse().unwrap(),
            },
            &audit("guidelines.accept", "partner"),
        )
        .await
        .unwrap();

    let bulk = store
        .eligibility_bulk(date(2026, 1, 1), Some(date(2026, 11, 15)))
        .await
        .unwrap();
    let trainers: Vec<(MpnId, &str)> = bulk
        .trainers
        .iter()
        .map(|t| (t.partner_id, t.mct_id.as_str()))
        .collect();
    assert_eq!(
        trainers,
        vec![
            (mpn(5100001), "MCT-1"),
            (mpn(5100001), "MCT-2"),
            (mpn(5100002), "MCT-3")
        ]
    );
    assert_eq!(bulk.trainers[0].valid_until, date(2027, 1, 1));
    let passes: Vec<(MpnId, jiff::civil::Date)> = bulk
        .exam_passes
        .iter()
        .map(|p| (p.partner_id, p.passed_on))
        .collect();
    assert_eq!(
        passes,
        vec![
            (mpn(5100001), date(2026, 5, 1)),
            (mpn(5100002), date(2026, 6, 1))
        ],
        "passes before the date are left out"
    );
    assert_eq!(
        bulk.acceptances,
        vec![(mpn(5100002), "FY26-1.0".to_owned())]
    );
    assert!(bulk.kpi_totals.is_empty(), "no publication on that date");
    let none = store
        .eligibility_bulk(date(2026, 1, 1), None)
        .await
        .unwrap();
    assert!(none.kpi_totals.is_empty());
}
